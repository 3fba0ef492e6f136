"""pygame playback, checked by what SDL's disk driver writes; no-device and the NullPlayer.

pygame's mixer is process-wide state, so every pygame case runs in its own subprocess with
SDL_AUDIODRIVER=disk: what is played is written to SDL_DISKAUDIOFILE as raw s16le 44.1 kHz stereo.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ai_interviewer.errors import UsageError
from ai_interviewer.providers.playback import NullPlayer, open_player
from virtual_audio import VirtualAudio, envelope_similarity

DISK_RATE = 44100

PLAY_SCRIPT = """
import json, sys, time
from pathlib import Path
from ai_interviewer.providers.playback import open_player
player, reason = open_player(sys.argv[1])
began = time.perf_counter()
player.play(Path(sys.argv[2]))
print(json.dumps({"name": player.name, "reason": reason, "seconds": time.perf_counter() - began}))
"""

STOP_SCRIPT = """
import json, sys, threading, time
from pathlib import Path
import pygame
from ai_interviewer.providers.playback import open_player
player, _ = open_player("pygame")
worker = threading.Thread(target=player.play, args=(Path(sys.argv[1]),))
worker.start()
deadline = time.monotonic() + 10
while not pygame.mixer.music.get_busy() and time.monotonic() < deadline:
    time.sleep(0.005)
asked = time.perf_counter()
player.stop()
worker.join(5)
print(json.dumps({"alive": worker.is_alive(), "stop_seconds": time.perf_counter() - asked}))
"""


def run_python(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def disk_env(disk_file: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PULSE_")}
    env.update(SDL_AUDIODRIVER="disk", SDL_DISKAUDIOFILE=str(disk_file))
    return env


def no_device_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PULSE_")}
    env.update(SDL_AUDIODRIVER="alsa", AUDIODEV="hw:99,0")  # a card no machine has
    return env


@pytest.fixture
def spoken(speech_wav: Callable[..., Path]) -> Path:
    return speech_wav("Welcome to the interview. Please introduce yourself briefly.")


def test_pygame_plays_the_whole_file_to_the_output(tmp_path: Path, spoken: Path) -> None:
    disk_file = tmp_path / "out.raw"

    result = run_python(PLAY_SCRIPT, "pygame", str(spoken), env=disk_env(disk_file))

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    source, source_rate = soundfile.read(spoken, dtype="int16")
    source_seconds = len(source) / source_rate
    assert report["name"] == "pygame" and report["reason"] is None
    assert report["seconds"] >= source_seconds * 0.95  # blocking until the end

    played = np.frombuffer(disk_file.read_bytes(), dtype="<i2").reshape(-1, 2)[:, 0]
    assert np.abs(played).max() > 3000
    assert source_seconds - 0.1 <= len(played) / DISK_RATE <= source_seconds + 1.5
    assert envelope_similarity(source, source_rate, played, DISK_RATE) > 0.9


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg makes the MP3")
def test_pygame_plays_mp3(tmp_path: Path, speech_wav: Callable[..., Path]) -> None:
    mp3 = tmp_path / "q.mp3"
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-i", str(speech_wav("Hello.")), str(mp3)],
        check=True,
        timeout=60,
    )
    disk_file = tmp_path / "out.raw"

    result = run_python(PLAY_SCRIPT, "pygame", str(mp3), env=disk_env(disk_file))

    assert result.returncode == 0, result.stderr
    played = np.frombuffer(disk_file.read_bytes(), dtype="<i2")
    assert np.abs(played).max() > 3000


def test_stop_returns_promptly(tmp_path: Path, speech_wav: Callable[..., Path]) -> None:
    long_wav = speech_wav(" ".join(["This sentence keeps the player busy for a while."] * 6))

    result = run_python(STOP_SCRIPT, str(long_wav), env=disk_env(tmp_path / "out.raw"))

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["alive"] is False
    assert report["stop_seconds"] < 2.0  # the clip itself lasts about 20 s


def test_no_output_device_is_an_audio_device_error_without_alsa_noise(spoken: Path) -> None:
    result = run_python(
        "from ai_interviewer.providers.playback import open_player\n"
        "from ai_interviewer.errors import AudioDeviceError\n"
        "try:\n    open_player('pygame')\n"
        "except AudioDeviceError as e:\n    print(e.message); print(e.hint)\n",
        env=no_device_env(),
    )

    assert result.returncode == 0, result.stderr
    message, hint = result.stdout.splitlines()
    assert message.startswith("No audio output device")
    assert "--tts none" in hint
    assert "ALSA lib" not in result.stderr


def test_auto_falls_back_to_the_null_player_with_a_reason(spoken: Path) -> None:
    began = time.perf_counter()
    result = run_python(PLAY_SCRIPT, "auto", str(spoken), env=no_device_env())

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["name"] == "none"
    assert report["reason"].startswith("No audio output device")
    assert report["seconds"] < 1.0  # plays nothing (the clip lasts seconds)
    assert time.perf_counter() - began < 30


def test_null_player_plays_nothing(tmp_path: Path) -> None:
    player, reason = open_player("none")

    assert isinstance(player, NullPlayer) and reason is None
    assert player.name == "none"
    player.play(tmp_path / "does-not-matter.wav")
    player.stop()


def test_unknown_player_kind_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        open_player("speakers")


@pytest.mark.audio
def test_pygame_through_the_sound_server_reaches_the_speaker(
    virtual_audio: VirtualAudio, spoken: Path, tmp_path: Path
) -> None:
    captured = tmp_path / "speaker.wav"
    recorder = virtual_audio.record_speaker(captured)
    try:
        result = run_python(PLAY_SCRIPT, "auto", str(spoken), env=virtual_audio.subprocess_env())
    finally:
        virtual_audio.finish(recorder)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["name"] == "pygame"
    source, source_rate = soundfile.read(spoken, dtype="int16")
    heard, rate = soundfile.read(captured, dtype="int16")
    assert envelope_similarity(source, source_rate, heard, rate) > 0.9
