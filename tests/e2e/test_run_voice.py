"""A spoken interview end to end: questions out of the virtual speaker, answers played into the
virtual microphone and recorded by the real sounddevice path, transcribed by local Whisper."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from cli_helpers import EXAMPLES, WAIT_S, RunningInterview, not_private, run_cli, sessions
from virtual_audio import VirtualAudio, envelope_similarity

pytestmark = [pytest.mark.audio, pytest.mark.slow]

ANSWERS = [
    "At my last job the checkout database was slow. I added two indexes and a cache, and "
    "the latency fell by forty percent.",
    "I led the move of our services to Kubernetes and mentored two engineers through it.",
]


@pytest.fixture
def interview_env(virtual_audio: VirtualAudio, isolated_environment: Path) -> dict[str, str]:
    env = virtual_audio.subprocess_env()
    env.pop("SDL_AUDIODRIVER", None)
    return env


@pytest.fixture
def start_interview(interview_env: dict[str, str]) -> Iterator[Callable[..., RunningInterview]]:
    started: list[RunningInterview] = []

    def start(*extra: str) -> RunningInterview:
        args = [
            str(EXAMPLES / "resume.pdf"),
            "--jd",
            str(EXAMPLES / "job_description.txt"),
            "--silence-seconds",
            "1.2",
            "--max-answer-seconds",
            "40",
            *extra,
        ]
        running = RunningInterview(args, interview_env)
        started.append(running)
        return running

    yield start
    for running in started:
        running.kill()


def _seconds_on_disk(path: Path) -> float:
    try:
        return float(soundfile.info(str(path)).duration)
    except (OSError, RuntimeError):  # not created yet
        return 0.0


def _loudness(path: Path) -> float:
    data, _ = soundfile.read(str(path), dtype="float32", always_2d=True)
    return float(np.sqrt(np.mean(data**2))) if len(data) else 0.0


@pytest.mark.usefixtures("shell_umask")
def test_spoken_interview_records_transcribes_and_scores(
    virtual_audio: VirtualAudio,
    speech_wav: Callable[..., Path],
    start_interview: Callable[..., RunningInterview],
    isolated_environment: Path,
    tmp_path: Path,
) -> None:
    """Two answers spoken into the microphone come back as scored turns, transcribed by local
    Whisper while they were spoken, with the recordings in the session matching what was
    played and the questions audible on the speaker; every file written is 0600, every folder
    0700."""
    answers = [speech_wav(text) for text in ANSWERS]
    speaker_capture = tmp_path / "speaker.wav"
    capture = virtual_audio.record_speaker(speaker_capture)
    running = start_interview("--questions", "2", "--tts", "system")
    for answer in answers:
        running.wait_for_line("Recording: speak now")
        virtual_audio.play_into_mic(answer, wait=True)
        running.wait_for_line("Recorded ")
    assert running.finish() == 0, "".join(running.stderr)
    virtual_audio.finish(capture)

    [folder] = sessions(isolated_environment)
    session = json.loads((folder / "session.json").read_text())
    assert session["status"] == "complete"
    assert session["providers"]["answers"] == "microphone"
    turns = session["turns"]
    assert [t["status"] for t in turns] == ["scored", "scored"]
    first, second = (t["transcript"]["text"].lower() for t in turns)
    assert "index" in first and "latency" in first
    assert "engineers" in second
    assert turns[0]["transcript"]["words"], "word timings kept"
    assert all(t["transcript"]["source"].endswith("(live)") for t in turns), "transcribed live"
    assert turns[0]["evaluation"]["delivery"]["timed"] is True

    for turn, played in zip(turns, answers, strict=True):
        recorded = folder / turn["answer_audio"]
        ref, ref_rate = soundfile.read(str(played), dtype="float32")
        got, got_rate = soundfile.read(str(recorded), dtype="float32")
        assert envelope_similarity(ref, ref_rate, got, got_rate) > 0.8
        assert turn["question_audio"].endswith("-question-1.wav")
        assert (folder / turn["question_audio"]).is_file()
    assert _loudness(speaker_capture) > 0.005, "the questions were played on the speaker"
    assert "offline estimate" in running.stdout
    assert not_private(isolated_environment) == [], "recordings, voice, reports, history: private"


def test_killed_run_keeps_finished_turns_and_the_current_recording(
    virtual_audio: VirtualAudio,
    speech_wav: Callable[..., Path],
    start_interview: Callable[..., RunningInterview],
    isolated_environment: Path,
) -> None:
    """SIGKILL in the middle of the second answer: the first turn is in session.json, scored,
    and the second answer's WAV is on disk and readable, holding what was said so far."""
    first = speech_wav(ANSWERS[0])
    long_answer = speech_wav(" ".join([ANSWERS[1]] * 4))
    running = start_interview("--questions", "3", "--tts", "none")
    running.wait_for_line("Recording: speak now")
    virtual_audio.play_into_mic(first, wait=True)
    running.wait_for_line("Recorded ")
    running.wait_for_line("Recording: speak now")
    player = virtual_audio.play_into_mic(long_answer)
    [folder] = sessions(isolated_environment)
    partial = folder / "audio" / "q02-answer.wav"
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:  # until two seconds of the answer are on disk
        if _seconds_on_disk(partial) > 2.0:
            break
        time.sleep(0.05)
    os.kill(running.process.pid, signal.SIGKILL)
    running.finish()
    virtual_audio.finish(player)

    session = json.loads((folder / "session.json").read_text())
    assert session["status"] == "in_progress"
    assert session["turns"][0]["status"] == "scored"
    assert session["turns"][0]["evaluation"]["overall"] > 0
    info = soundfile.info(str(partial))
    assert info.duration > 1.5
    data, _ = soundfile.read(str(partial), dtype="float32")
    assert len(data) == info.frames
    assert float(np.abs(data).max()) > 0.05, "speech, not silence"

    # ... and `resume` carries the session on: q02 asked again, its partial answer kept
    resumed = run_cli("resume", "--text", "--llm", "offline", stdin=f"{ANSWERS[1]}\n{ANSWERS[0]}\n")
    assert resumed.code == 0, resumed.stderr
    session = json.loads((folder / "session.json").read_text())
    assert session["status"] == "complete"
    assert [t["question"]["id"] for t in session["turns"]] == ["q01", "q02", "q03"]
    assert [t["status"] for t in session["turns"]] == ["scored"] * 3
    assert session["providers"]["answers"] == "keyboard", "the providers it resumed with"
    kept = folder / "audio" / "q02-answer-cut-1.wav"
    assert soundfile.info(str(kept)).duration == info.duration
