"""Recording the candidate's answer from the microphone with sounddevice (PortAudio).

The WAV is written incrementally: after every block the RIFF and data sizes in the header are
patched and the file is flushed, so if the process dies mid-answer (even SIGKILL) the file on disk
is a valid WAV holding everything recorded so far.

Stops on whichever comes first:
- silence: `policy.silence_seconds` of quiet after speech has started (energy VAD below);
- enter: Enter pressed on the terminal (only when stdin is a TTY; checked with a non-blocking
  poll between blocks, so nothing is left reading stdin after the recording ends);
- max_seconds: `policy.max_seconds` of audio recorded (counted in samples, not wall time);
- interrupted: `stop()` from another thread (the interview was stopped while the recorder runs
  in its worker thread): the file is closed and the partial `Recording` returned; or Ctrl-C in
  the recording thread itself: the file is closed, then `RecordingInterrupted` (a
  KeyboardInterrupt that carries the partial `Recording`) is raised.

Energy VAD, per 50 ms block, RMS as a fraction of full scale (0..1):
- the noise floor is the 10th percentile of the last 5 s of block RMS values (from the first
  block on), capped at 0.05: steady room noise becomes the floor within a block or two, while
  the pauses between words keep it low during speech;
- a block is speech when its RMS is above max(0.01, 3 x floor): 0.01 is about -40 dBFS,
  3 x is about +9.5 dB over the floor;
- speech has started after 3 speech blocks in a row (150 ms), so a click or a cough's edge
  does not count;
- silence counts from the end of the last speech block; nothing stops on silence before speech.
"""

from __future__ import annotations

import contextlib
import math
import os
import queue
import struct
import sys
import threading
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import IO, TYPE_CHECKING, Any

from ai_interviewer.errors import AudioDeviceError
from ai_interviewer.providers.base import (
    AudioCallback,
    LevelCallback,
    Recording,
    StopPolicy,
    StopReason,
)
from ai_interviewer.storage.private import make_private_dir, open_private

if TYPE_CHECKING:
    import numpy as np

FALLBACK_SAMPLE_RATE = 16000
BLOCK_SECONDS = 0.05
FIRST_AUDIO_TIMEOUT_S = 5.0  # no block at all for this long: the device is not delivering
QUEUE_POLL_S = 0.1

NOISE_WINDOW_SECONDS = 5.0
NOISE_PERCENTILE = 0.10
MAX_NOISE_FLOOR = 0.05
MIN_SPEECH_RMS = 0.01
SPEECH_OVER_FLOOR = 3.0
SPEECH_START_BLOCKS = 3

PORTAUDIO_HINT = (
    "install the PortAudio library: `sudo apt install libportaudio2` on Debian/Ubuntu, "
    "`brew install portaudio` on macOS"
)
DEVICES_HINT = "run `ai-interview devices` to list microphones, then pass --input-device"


class RecordingInterrupted(KeyboardInterrupt):
    """Ctrl-C during a recording: the file is closed and valid; `recording` describes it."""

    def __init__(self, recording: Recording) -> None:
        super().__init__("recording interrupted")
        self.recording = recording


@dataclass(frozen=True)
class DeviceInfo:
    index: int
    name: str
    inputs: int
    outputs: int
    default_samplerate: float
    is_default_input: bool
    is_default_output: bool


# --- sounddevice access ----------------------------------------------------------------------


def import_sounddevice() -> ModuleType:
    """`import sounddevice`, turning a missing PortAudio into an AudioDeviceError."""
    try:
        import sounddevice
    except OSError as exc:  # "PortAudio library not found"
        raise AudioDeviceError(f"Cannot use the microphone: {exc}", PORTAUDIO_HINT) from exc
    return sounddevice


def list_devices() -> list[DeviceInfo]:
    """Every audio device PortAudio sees (empty when there is none)."""
    sd = import_sounddevice()
    try:
        raw_devices = list(sd.query_devices())
    except sd.PortAudioError as exc:
        raise AudioDeviceError(f"Cannot list audio devices: {exc}", PORTAUDIO_HINT) from exc
    default_input, default_output = _default_indices(sd)
    return [
        DeviceInfo(
            index=index,
            name=str(device["name"]),
            inputs=int(device["max_input_channels"]),
            outputs=int(device["max_output_channels"]),
            default_samplerate=float(device["default_samplerate"]),
            is_default_input=index == default_input,
            is_default_output=index == default_output,
        )
        for index, device in enumerate(raw_devices)
    ]


def _default_indices(sd: ModuleType) -> tuple[int, int]:
    try:
        default_input, default_output = sd.default.device
    except (TypeError, ValueError):
        return -1, -1
    return _as_index(default_input), _as_index(default_output)


def _as_index(value: object) -> int:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return -1


def input_devices(devices: list[DeviceInfo]) -> list[DeviceInfo]:
    return [device for device in devices if device.inputs > 0]


def describe_inputs(devices: list[DeviceInfo]) -> str:
    inputs = input_devices(devices)
    if not inputs:
        return "no input devices found"
    return "inputs: " + ", ".join(f"{d.index}: {d.name}" for d in inputs)


def resolve_input_device(device: int | str | None, devices: list[DeviceInfo]) -> DeviceInfo:
    """The input device to record from: the default, an index, or a (part of a) name."""
    inputs = input_devices(devices)
    if not inputs:
        raise AudioDeviceError(
            "No microphone found (no audio input device)",
            "connect a microphone and check that the sound server runs, "
            "or type your answers with --text",
        )
    if device is None:
        return _default_input(inputs)
    if isinstance(device, int) or (isinstance(device, str) and device.strip().isdigit()):
        return _input_by_index(int(device), inputs)
    return _input_by_name(device, inputs)


def _default_input(inputs: list[DeviceInfo]) -> DeviceInfo:
    for candidate in inputs:
        if candidate.is_default_input:
            return candidate
    return inputs[0]


def _input_by_index(index: int, inputs: list[DeviceInfo]) -> DeviceInfo:
    for candidate in inputs:
        if candidate.index == index:
            return candidate
    raise AudioDeviceError(
        f"No input device with index {index}; {describe_inputs(inputs)}", DEVICES_HINT
    )


def _input_by_name(name: str, inputs: list[DeviceInfo]) -> DeviceInfo:
    wanted = name.strip().lower()
    exact = [d for d in inputs if d.name.lower() == wanted]
    partial = [d for d in inputs if wanted in d.name.lower()]
    matches = exact or partial
    if not matches:
        raise AudioDeviceError(
            f"No input device named {name!r}; {describe_inputs(inputs)}", DEVICES_HINT
        )
    return matches[0]


# --- the WAV file --------------------------------------------------------------------------


class IncrementalWavWriter:
    """16-bit PCM mono WAV whose header is valid after every `write` (crash-safe on disk)."""

    HEADER_BYTES = 44

    def __init__(self, path: Path, sample_rate: int, channels: int = 1) -> None:
        self.path = path
        self.sample_rate = sample_rate
        self.channels = channels
        self.frames = 0
        self._data_bytes = 0
        self._file: IO[bytes] = os.fdopen(open_private(path), "wb")  # closed in close()
        self._file.write(self._header())
        self._file.flush()

    def write(self, pcm: bytes) -> None:
        if not pcm:
            return
        self._file.write(pcm)
        self._data_bytes += len(pcm)
        self.frames = self._data_bytes // (2 * self.channels)
        self._patch_sizes()
        self._file.flush()

    def close(self) -> None:
        if not self._file.closed:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()

    @property
    def duration(self) -> float:
        return self.frames / self.sample_rate

    def _patch_sizes(self) -> None:
        self._file.seek(4)
        self._file.write(struct.pack("<I", 36 + self._data_bytes))
        self._file.seek(40)
        self._file.write(struct.pack("<I", self._data_bytes))
        self._file.seek(0, os.SEEK_END)

    def _header(self) -> bytes:
        block_align = 2 * self.channels
        return b"".join(
            (
                b"RIFF",
                struct.pack("<I", 36),
                b"WAVE",
                b"fmt ",
                struct.pack(
                    "<IHHIIHH",
                    16,  # fmt chunk size
                    1,  # PCM
                    self.channels,
                    self.sample_rate,
                    self.sample_rate * block_align,
                    block_align,
                    16,  # bits per sample
                ),
                b"data",
                struct.pack("<I", 0),
            )
        )


# --- voice activity --------------------------------------------------------------------------


def block_rms(block: np.ndarray) -> float:
    """RMS of an int16 block as a fraction of full scale, 0..1."""
    import numpy as np

    if block.size == 0:
        return 0.0
    samples = block.astype(np.float32) / 32768.0
    return min(1.0, math.sqrt(float(np.mean(samples * samples))))


class EnergyVad:
    """Speech / silence from block energy over an adaptive noise floor (see module docstring)."""

    def __init__(self, block_seconds: float) -> None:
        self.block_seconds = block_seconds
        self.speech_started = False
        self.last_speech_end = 0.0
        self._recent: deque[float] = deque(
            maxlen=max(1, round(NOISE_WINDOW_SECONDS / block_seconds))
        )
        self._speech_run = 0

    @property
    def noise_floor(self) -> float:
        if not self._recent:
            return 0.0
        ordered = sorted(self._recent)
        return min(MAX_NOISE_FLOOR, ordered[int(len(ordered) * NOISE_PERCENTILE)])

    def threshold(self) -> float:
        return max(MIN_SPEECH_RMS, SPEECH_OVER_FLOOR * self.noise_floor)

    def update(self, rms: float, block_end: float) -> None:
        """Feed one block's RMS and the time at its end (seconds from the start)."""
        self._recent.append(rms)
        if rms <= self.threshold():
            self._speech_run = 0
            return
        self._speech_run += 1
        if self._speech_run >= SPEECH_START_BLOCKS:
            self.speech_started = True
        if self.speech_started:
            self.last_speech_end = block_end

    def silence_after_speech(self, now: float) -> float:
        """Seconds of quiet since the last speech block; 0 before speech has started."""
        return now - self.last_speech_end if self.speech_started else 0.0


# --- Enter on the terminal ---------------------------------------------------------------------


class EnterKey:
    """Non-blocking check for a line typed on a TTY stdin; never reads once checks stop."""

    def __init__(self, enabled: bool) -> None:
        self._fd: int | None = None
        if enabled:
            with contextlib.suppress(AttributeError, ValueError, OSError):
                if sys.stdin is not None and sys.stdin.isatty():
                    self._fd = sys.stdin.fileno()
                    _discard_typed_ahead(self._fd)

    @property
    def active(self) -> bool:
        return self._fd is not None

    def pressed(self) -> bool:
        if self._fd is None:
            return False
        if os.name == "nt":  # pragma: no cover - Windows console
            return _windows_enter_pressed()
        import select

        readable, _, _ = select.select([self._fd], [], [], 0)
        if not readable:
            return False
        os.read(self._fd, 4096)  # consume the line (canonical mode: at most one line)
        return True


def _discard_typed_ahead(fd: int) -> None:
    """Forget keys pressed before the recording began, so an early Enter does not end it."""
    if os.name == "nt":  # pragma: no cover - Windows console
        return
    import termios

    with contextlib.suppress(termios.error, OSError):
        termios.tcflush(fd, termios.TCIFLUSH)


def _windows_enter_pressed() -> bool:  # pragma: no cover - Windows console
    import msvcrt

    while msvcrt.kbhit():  # type: ignore[attr-defined]
        if msvcrt.getwch() in ("\r", "\n"):  # type: ignore[attr-defined]
            return True
    return False


# --- the recorder ------------------------------------------------------------------------------


class _Blocks:
    """The audio callback's side: copies each block into a queue (no work in the audio thread).

    A SimpleQueue, whose put never blocks and takes no Python-level lock: with queue.Queue, a
    Ctrl-C landing inside the main thread's get() can leave the queue's mutex held, the audio
    callback then blocks on put(), and stopping the stream waits for that callback forever.
    """

    def __init__(self) -> None:
        self.queue: queue.SimpleQueue[np.ndarray] = queue.SimpleQueue()
        self.overflows = 0

    def callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        if status and getattr(status, "input_overflow", False):
            self.overflows += 1
        self.queue.put(indata[:, 0].copy())


@dataclass
class _Progress:
    stopped_by: StopReason | None = None


class SoundDeviceRecorder:
    """Records mono 16-bit PCM from an input device into an incrementally written WAV."""

    name = "sounddevice"

    def __init__(self, device: int | str | None = None, sample_rate: int | None = None) -> None:
        self.device = device
        self.sample_rate = sample_rate
        self._stop = threading.Event()

    def stop(self) -> None:
        """End the recording in progress, as "interrupted" (safe from any thread)."""
        self._stop.set()

    def record(
        self,
        path: Path,
        policy: StopPolicy,
        on_level: LevelCallback | None = None,
        on_audio: AudioCallback | None = None,
    ) -> Recording:
        sd = import_sounddevice()
        device = resolve_input_device(self.device, list_devices())
        rate = self._choose_rate(device)
        path = Path(path)
        make_private_dir(path.parent)
        writer = IncrementalWavWriter(path, rate)
        vad = EnergyVad(BLOCK_SECONDS)
        progress = _Progress()
        try:
            with self._open_stream(sd, device, rate) as blocks:
                self._record_loop(blocks, writer, vad, policy, (on_level, on_audio), progress)
        except KeyboardInterrupt as interrupt:
            writer.close()
            recording = self._result(writer, "interrupted", vad)
            raise RecordingInterrupted(recording) from interrupt
        except AudioDeviceError:
            writer.close()
            if writer.frames == 0:
                path.unlink(missing_ok=True)  # no empty answer file left behind
            raise
        finally:
            writer.close()
            self._stop.clear()  # a stop asked for before this recording began still ends it
        assert progress.stopped_by is not None
        return self._result(writer, progress.stopped_by, vad)

    # --- helpers ------------------------------------------------------------------------------

    def _choose_rate(self, device: DeviceInfo) -> int:
        if self.sample_rate:
            return int(self.sample_rate)
        rate = int(device.default_samplerate or 0)
        return rate if rate > 0 else FALLBACK_SAMPLE_RATE

    @contextlib.contextmanager
    def _open_stream(self, sd: ModuleType, device: DeviceInfo, rate: int) -> Iterator[_Blocks]:
        blocks = _Blocks()
        stream = None
        try:
            stream = sd.InputStream(
                samplerate=rate,
                channels=1,
                dtype="int16",
                device=device.index,
                blocksize=max(1, int(rate * BLOCK_SECONDS)),
                callback=blocks.callback,
            )
            stream.start()
        except (sd.PortAudioError, ValueError) as exc:
            if stream is not None:
                with contextlib.suppress(Exception):
                    stream.close()
            raise AudioDeviceError(
                f"Cannot open the microphone {device.name!r}: {exc}",
                "is another program using it? " + DEVICES_HINT,
            ) from exc
        try:
            yield blocks
        finally:
            with contextlib.suppress(Exception):
                stream.stop()
            with contextlib.suppress(Exception):
                stream.close()

    def _record_loop(
        self,
        blocks: _Blocks,
        writer: IncrementalWavWriter,
        vad: EnergyVad,
        policy: StopPolicy,
        callbacks: tuple[LevelCallback | None, AudioCallback | None],
        progress: _Progress,
    ) -> None:
        on_level, on_audio = callbacks
        enter = EnterKey(policy.enter_stops)
        max_frames = int(policy.max_seconds * writer.sample_rate)
        last_audio = time.monotonic()
        while progress.stopped_by is None:
            if self._stop.is_set():
                progress.stopped_by = "interrupted"
                break
            if enter.pressed():
                progress.stopped_by = "enter"
                break
            try:
                block = blocks.queue.get(timeout=QUEUE_POLL_S)
            except queue.Empty:
                _check_audio_flows(last_audio)
                continue
            last_audio = time.monotonic()
            block = block[: max(0, max_frames - writer.frames)]
            pcm = block.tobytes()
            writer.write(pcm)  # on disk first; only then anywhere else
            if on_audio is not None:
                on_audio(pcm, writer.sample_rate)
            rms = block_rms(block)
            vad.update(rms, writer.duration)
            if on_level is not None:
                on_level(rms, writer.duration)
            progress.stopped_by = _stop_reason(writer, vad, policy, max_frames)

    @staticmethod
    def _result(writer: IncrementalWavWriter, stopped_by: StopReason, vad: EnergyVad) -> Recording:
        return Recording(
            path=writer.path,
            duration=writer.duration,
            sample_rate=writer.sample_rate,
            stopped_by=stopped_by,
            speech_detected=vad.speech_started,
        )


def _stop_reason(
    writer: IncrementalWavWriter, vad: EnergyVad, policy: StopPolicy, max_frames: int
) -> StopReason | None:
    if writer.frames >= max_frames:
        return "max_seconds"
    if vad.silence_after_speech(writer.duration) >= policy.silence_seconds:
        return "silence"
    return None


def _check_audio_flows(last_audio: float) -> None:
    if time.monotonic() - last_audio > FIRST_AUDIO_TIMEOUT_S:
        raise AudioDeviceError(
            f"The microphone delivered no audio for {FIRST_AUDIO_TIMEOUT_S:.0f} s",
            "check that it is not muted or used by another program; " + DEVICES_HINT,
        )
