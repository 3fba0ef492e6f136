"""The real sounddevice recorder, recording speech played into a virtual microphone.

The `virtual_audio` fixture runs a private PulseAudio server whose default input `vmic` hears
whatever is played into the `micfeed` sink. Subprocess cases (SIGKILL, Ctrl-C, Enter on a TTY)
get the server through `virtual_audio.subprocess_env()`.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ai_interviewer.errors import AudioDeviceError
from ai_interviewer.providers.base import Recording, StopPolicy
from ai_interviewer.providers.recorder import (
    DeviceInfo,
    EnergyVad,
    IncrementalWavWriter,
    SoundDeviceRecorder,
    list_devices,
    resolve_input_device,
)
from ai_interviewer.providers.tts_system import SystemSpeaker
from virtual_audio import VirtualAudio, envelope_similarity

ANSWER = (
    "In my last role I led a team of five engineers. "
    "We rebuilt the billing system and cut support tickets by half."
)
SHORT_ANSWER = "We cut support tickets by half."

# A child that records until told otherwise, printing "recording" once audio flows.
RECORD_CHILD = """
import faulthandler, json, signal, sys
faulthandler.register(signal.SIGUSR1, all_threads=True)  # the test asks for stacks on a hang
signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started from a background job
from pathlib import Path
from ai_interviewer.providers.base import StopPolicy
from ai_interviewer.providers.recorder import RecordingInterrupted, SoundDeviceRecorder

def on_level(rms, seconds):
    if not getattr(on_level, "told", False):
        print("recording", flush=True)
        on_level.told = True

policy = StopPolicy(silence_seconds=60, max_seconds=60, enter_stops=True)
try:
    recording = SoundDeviceRecorder().record(Path(sys.argv[1]), policy, on_level)
except RecordingInterrupted as interrupted:
    print(json.dumps({"stopped_by": interrupted.recording.stopped_by,
                      "duration": interrupted.recording.duration}), flush=True)
    sys.exit(130)
print(json.dumps({"stopped_by": recording.stopped_by, "duration": recording.duration}), flush=True)
print("after: " + input(), flush=True)
"""

pytestmark = pytest.mark.audio


# --- helpers ---------------------------------------------------------------------------------


def record_in_thread(
    path: Path, policy: StopPolicy, recorder: SoundDeviceRecorder | None = None
) -> tuple[threading.Thread, threading.Event, dict[str, object]]:
    """Start recording in a thread; the event is set once the first block has arrived."""
    flowing = threading.Event()
    outcome: dict[str, object] = {"levels": []}

    def on_level(rms: float, seconds: float) -> None:
        outcome["levels"].append((rms, seconds))  # type: ignore[attr-defined]
        flowing.set()

    def run() -> None:
        try:
            outcome["recording"] = (recorder or SoundDeviceRecorder()).record(
                path, policy, on_level
            )
        except BaseException as exc:  # handed to the test thread
            outcome["error"] = exc
            flowing.set()

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    return worker, flowing, outcome


def finished_recording(worker: threading.Thread, outcome: dict[str, object]) -> Recording:
    worker.join(60)
    assert not worker.is_alive(), "the recorder did not stop"
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    recording = outcome["recording"]
    assert isinstance(recording, Recording)
    return recording


def read_line(child: subprocess.Popen[str], timeout: float = 20.0) -> str:
    """One line from a child's stdout; on a timeout, fail showing the child's thread stacks."""
    assert child.stdout is not None and child.stderr is not None
    readable, _, _ = select.select([child.stdout], [], [], timeout)
    if not readable:
        child.send_signal(signal.SIGUSR1)  # faulthandler dumps every thread's stack
        time.sleep(0.5)
        child.kill()
        _, errors = child.communicate(timeout=10)
        raise AssertionError(f"no output from the child within {timeout} s:\n{errors}")
    return child.stdout.readline().strip()


def wait_for_file_seconds(path: Path, seconds: float, rate: int, timeout: float = 30.0) -> None:
    """Poll the growing WAV until it holds `seconds` of mono 16-bit audio at `rate`."""
    wanted = 44 + int(seconds * rate) * 2
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.exists() and path.stat().st_size >= wanted:
            return
        time.sleep(0.02)
    raise AssertionError(f"{path} did not reach {seconds} s of audio")


def start_child(
    audio: VirtualAudio, path: Path, stdin: int | None = subprocess.DEVNULL
) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", RECORD_CHILD, str(path)],
        env=audio.subprocess_env(),
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return child


def last_sound_seconds(samples: np.ndarray, rate: int) -> float:
    """Where the sound in a file ends (speech files carry trailing silence)."""
    loud = np.flatnonzero(np.abs(samples) > 0.01 * 32768)
    return float(loud[-1] + 1) / rate if loud.size else 0.0


def default_input_rate() -> int:
    device = resolve_input_device(None, list_devices())
    return int(device.default_samplerate)


# --- recording speech ------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordedAnswer:
    speech: Path
    recording: Recording
    levels: list[tuple[float, float]]


@pytest.fixture(scope="module")
def recorded_answer(
    virtual_audio: VirtualAudio, tmp_path_factory: pytest.TempPathFactory
) -> RecordedAnswer:
    """ANSWER spoken into the microphone once, recorded until 1 s of silence."""
    folder = tmp_path_factory.mktemp("answer")
    speech = SystemSpeaker(rate=150).speak_to_file(ANSWER, folder / "speech.wav")
    worker, flowing, outcome = record_in_thread(
        folder / "answer.wav", StopPolicy(silence_seconds=1.0)
    )
    assert flowing.wait(10)
    virtual_audio.play_into_mic(speech, wait=True)
    recording = finished_recording(worker, outcome)
    return RecordedAnswer(speech, recording, outcome["levels"])  # type: ignore[arg-type]


def test_records_the_spoken_answer_and_stops_on_silence(recorded_answer: RecordedAnswer) -> None:
    speech_samples, speech_rate = soundfile.read(recorded_answer.speech, dtype="int16")
    speech_end = last_sound_seconds(speech_samples, speech_rate)
    recording = recorded_answer.recording

    assert recording.stopped_by == "silence"
    assert recording.speech_detected
    assert recording.path.name == "answer.wav"
    assert speech_end + 0.95 <= recording.duration <= speech_end + 2.5  # 1 s of silence after
    recorded, rate = soundfile.read(recording.path, dtype="int16")
    assert rate == recording.sample_rate
    assert len(recorded) / rate == pytest.approx(recording.duration, abs=0.01)
    assert envelope_similarity(speech_samples, speech_rate, recorded, rate) > 0.9


def test_level_callback_per_block(recorded_answer: RecordedAnswer) -> None:
    levels = recorded_answer.levels
    seconds = [t for _, t in levels]

    assert seconds == sorted(seconds)
    assert seconds[-1] == pytest.approx(recorded_answer.recording.duration)
    assert seconds[0] == pytest.approx(0.05, abs=0.01)  # one call per 50 ms block
    assert all(0.0 <= rms <= 1.0 for rms, _ in levels)
    assert max(rms for rms, _ in levels) > 0.05


@pytest.mark.slow
def test_recorded_answer_transcribes(recorded_answer: RecordedAnswer) -> None:
    from ai_interviewer.providers.stt_whisper import WhisperTranscriber

    transcript = WhisperTranscriber().transcribe(recorded_answer.recording.path)

    heard = transcript.text.lower()
    assert sum(word in heard for word in ("team", "five", "engineers", "system", "half")) >= 3


def test_stops_at_max_seconds_when_nobody_speaks(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    path = tmp_path / "quiet.wav"

    worker, _, outcome = record_in_thread(path, StopPolicy(silence_seconds=0.3, max_seconds=1.0))
    recording = finished_recording(worker, outcome)

    assert recording.stopped_by == "max_seconds"
    assert recording.duration == pytest.approx(1.0)
    assert not recording.speech_detected
    assert soundfile.info(path).duration == pytest.approx(1.0)


def test_max_seconds_cuts_a_long_answer(
    virtual_audio: VirtualAudio, speech_wav: Callable[..., Path], tmp_path: Path
) -> None:
    speech = speech_wav(ANSWER)
    worker, flowing, outcome = record_in_thread(
        tmp_path / "cut.wav", StopPolicy(silence_seconds=5.0, max_seconds=2.0)
    )
    assert flowing.wait(10)
    player = virtual_audio.play_into_mic(speech)
    recording = finished_recording(worker, outcome)
    virtual_audio.finish(player)

    assert recording.stopped_by == "max_seconds"
    assert recording.speech_detected
    assert recording.duration == pytest.approx(2.0)


def test_a_device_chosen_by_name(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    recorder = SoundDeviceRecorder(device="pulse", sample_rate=16000)
    worker, _, outcome = record_in_thread(
        tmp_path / "named.wav", StopPolicy(max_seconds=0.5), recorder
    )
    recording = finished_recording(worker, outcome)

    assert recording.sample_rate == 16000
    assert soundfile.info(recording.path).samplerate == 16000


def test_unknown_device_name_lists_the_inputs(virtual_audio: VirtualAudio, tmp_path: Path) -> None:
    path = tmp_path / "never.wav"

    with pytest.raises(AudioDeviceError) as failure:
        SoundDeviceRecorder(device="studio microphone 9000").record(path, StopPolicy())

    assert "studio microphone 9000" in failure.value.message
    assert "default" in failure.value.message  # the inputs that do exist
    assert failure.value.hint and "devices" in failure.value.hint
    assert not path.exists()


def test_a_device_that_will_not_open_is_an_audio_device_error(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    path = tmp_path / "never.wav"

    with pytest.raises(AudioDeviceError) as failure:
        SoundDeviceRecorder(sample_rate=7_654_321).record(path, StopPolicy(max_seconds=1))

    assert "Cannot open the microphone" in failure.value.message
    assert not path.exists()


def test_list_devices_marks_the_default_input(virtual_audio: VirtualAudio) -> None:
    devices = list_devices()

    defaults = [d for d in devices if d.is_default_input]
    assert len(defaults) == 1 and defaults[0].inputs > 0
    assert all(d.default_samplerate > 0 for d in devices)


# --- surviving the unexpected ------------------------------------------------------------------


def test_sigkill_mid_answer_leaves_a_readable_wav(
    virtual_audio: VirtualAudio, speech_wav: Callable[..., Path], tmp_path: Path
) -> None:
    speech = speech_wav(SHORT_ANSWER)
    speech_samples, speech_rate = soundfile.read(speech, dtype="int16")
    path = tmp_path / "killed.wav"
    child = start_child(virtual_audio, path)
    try:
        assert read_line(child) == "recording"
        virtual_audio.play_into_mic(speech, wait=True)
        seconds_needed = len(speech_samples) / speech_rate + 0.3
        wait_for_file_seconds(path, seconds_needed, default_input_rate())
        child.send_signal(signal.SIGKILL)
        assert child.wait(10) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    recorded, rate = soundfile.read(path, dtype="int16")  # the header matches the data
    assert len(recorded) * 2 + 44 == path.stat().st_size
    assert len(recorded) / rate >= seconds_needed
    assert envelope_similarity(speech_samples, speech_rate, recorded, rate) > 0.9


def test_ctrl_c_closes_the_file_and_reports_interrupted(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    path = tmp_path / "interrupted.wav"
    child = start_child(virtual_audio, path)
    try:
        assert read_line(child) == "recording"
        wait_for_file_seconds(path, 0.5, default_input_rate())
        child.send_signal(signal.SIGINT)
        report = json.loads(read_line(child))
        assert child.wait(10) == 130
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()

    assert report["stopped_by"] == "interrupted"
    assert report["duration"] >= 0.5
    assert soundfile.info(path).duration == pytest.approx(report["duration"], abs=0.01)


def test_enter_on_a_terminal_stops_and_later_input_is_not_stolen(
    virtual_audio: VirtualAudio, tmp_path: Path
) -> None:
    controller, terminal = os.openpty()
    child = start_child(virtual_audio, tmp_path / "enter.wav", stdin=terminal)
    os.close(terminal)
    try:
        assert read_line(child) == "recording"
        os.write(controller, b"\n")
        report = json.loads(read_line(child))
        os.write(controller, b"typed afterwards\n")
        assert read_line(child) == "after: typed afterwards"
        assert child.wait(10) == 0
    finally:
        os.close(controller)
        if child.poll() is None:
            child.kill()
            child.wait()

    assert report["stopped_by"] == "enter"


# --- pieces without a device -----------------------------------------------------------------


def device(index: int, name: str, inputs: int = 2, default: bool = False) -> DeviceInfo:
    return DeviceInfo(index, name, inputs, 2, 48000.0, default, default)


class TestResolveInputDevice:
    devices = [  # noqa: RUF012
        device(0, "HDA Intel: Speakers", inputs=0),
        device(1, "USB Headset Microphone"),
        device(2, "default", default=True),
    ]

    def test_default(self) -> None:
        assert resolve_input_device(None, self.devices).index == 2

    def test_by_index_and_digits(self) -> None:
        assert resolve_input_device(1, self.devices).index == 1
        assert resolve_input_device("1", self.devices).index == 1

    def test_by_part_of_the_name(self) -> None:
        assert resolve_input_device("usb headset", self.devices).index == 1

    def test_output_only_device_is_not_an_input(self) -> None:
        with pytest.raises(AudioDeviceError) as failure:
            resolve_input_device(0, self.devices)
        assert "1: USB Headset Microphone" in failure.value.message

    def test_no_inputs_at_all(self) -> None:
        with pytest.raises(AudioDeviceError) as failure:
            resolve_input_device(None, self.devices[:1])
        assert "No microphone" in failure.value.message


def test_missing_portaudio_is_an_audio_device_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    from ai_interviewer.providers import recorder

    real_import = builtins.__import__

    def without_portaudio(name: str, *args: object, **kwargs: object) -> object:
        if name == "sounddevice":
            raise OSError("PortAudio library not found")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.delitem(sys.modules, "sounddevice", raising=False)
    monkeypatch.setattr(builtins, "__import__", without_portaudio)

    with pytest.raises(AudioDeviceError) as failure:
        recorder.list_devices()
    assert "PortAudio library not found" in failure.value.message
    assert failure.value.hint and "libportaudio2" in failure.value.hint


def test_wav_writer_is_valid_after_every_block(tmp_path: Path) -> None:
    path = tmp_path / "growing.wav"
    writer = IncrementalWavWriter(path, 16000)
    block = (np.sin(np.arange(800) / 5) * 10000).astype("<i2")
    try:
        for blocks in range(1, 4):
            writer.write(block.tobytes())
            data, rate = soundfile.read(path, dtype="int16")  # while still open
            assert rate == 16000 and len(data) == 800 * blocks
    finally:
        writer.close()
    assert writer.duration == pytest.approx(0.15)


def test_vad_waits_for_speech_then_counts_silence() -> None:
    vad = EnergyVad(0.05)
    timeline = [0.002] * 20 + [0.2] * 30 + [0.002] * 40  # quiet, 1.5 s of speech, quiet
    silences = []
    for block, rms in enumerate(timeline, start=1):
        now = block * 0.05
        vad.update(rms, now)
        silences.append(vad.silence_after_speech(now))

    assert vad.speech_started
    assert max(silences[:20]) == 0.0  # no silence counted before speech
    assert silences[-1] == pytest.approx(2.0)


def test_vad_ignores_a_click_and_adapts_to_steady_noise() -> None:
    vad = EnergyVad(0.05)
    vad.update(0.3, 0.05)  # one loud block: a click, not speech
    for block in range(2, 200):
        vad.update(0.02, block * 0.05)  # a noisy room, 10 s

    assert not vad.speech_started
    assert vad.threshold() == pytest.approx(0.06)  # 3 x the room's noise
    for block in range(200, 210):
        vad.update(0.2, block * 0.05)  # then someone speaks over it
    assert vad.speech_started


def test_vad_keeps_detecting_speech_with_pauses_between_words() -> None:
    vad = EnergyVad(0.05)
    word, gap = [0.15] * 6, [0.004] * 2  # 300 ms words, 100 ms gaps, for 20 s
    timeline = [0.004] * 10 + (word + gap) * 50
    for block, rms in enumerate(timeline, start=1):
        vad.update(rms, block * 0.05)
        assert vad.silence_after_speech(block * 0.05) <= 0.1 + 1e-9
