"""The system's own offline voice: espeak-ng on Linux, SAPI5 on Windows, NSSS on macOS.

`SystemSpeaker.synthesize` writes a WAV of the text. Two backends, tried in order:
- pyttsx3, run in a child process (it drives the platform's engine; on Linux that is espeak-ng,
  but pyttsx3 2.99's espeak driver writes nothing for texts over ~200 characters and has crashed
  the interpreter, hence the separate process);
- the `espeak-ng` (or `espeak`) program with `-w`.
On Linux the espeak-ng program goes first (the same engine, without pyttsx3's quirks); elsewhere
pyttsx3 goes first. The audio goes to a temporary file next to the target and is renamed into
place only once it is checked to hold sound, so a failure never leaves a 0-byte or partial file.

Voices: pass a voice id ("gmw/en-us"), a voice name ("English (America)") or a language code
("en-us"); `list_system_voices()` lists them. Without one, American English is preferred when
it exists, else the engine's default. An unknown voice is an error, not a silent default.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ai_interviewer.blocking import in_thread
from ai_interviewer.errors import ProviderError
from ai_interviewer.storage.private import make_private_dir

DEFAULT_RATE_WPM = 165
PREFERRED_VOICES = ("gmw/en-us", "en-us")
ESPEAK_PROGRAMS = ("espeak-ng", "espeak")
INSTALL_HINT = (
    "install espeak-ng (`sudo apt install espeak-ng` on Debian/Ubuntu), "
    "or choose another voice provider with --tts"
)
VOICES_HINT = "run `ai-interview voices` to list the system voices"

VoiceEntry = tuple[str, str, list[str]]  # (id, name, languages)

_PYTTSX3_LOCK = threading.Lock()  # pyttsx3 keeps one engine per process; one job at a time


class _BackendFailed(Exception):
    """One synthesis backend could not produce audio; the next one is tried."""


@dataclass(frozen=True)
class _Job:
    text: str
    voice: str | None
    rate: int
    target: Path


# --- voices ----------------------------------------------------------------------------------


def list_system_voices() -> list[VoiceEntry]:
    """The system voices as (id, name, languages); empty when no engine is available."""
    if sys.platform.startswith("linux") and _espeak_program() is not None:
        return _espeak_voices()
    try:
        return _pyttsx3_voices()
    except Exception:
        return _espeak_voices()


def _pyttsx3_voices() -> list[VoiceEntry]:
    engine = _pyttsx3_engine()
    with _PYTTSX3_LOCK:
        voices = engine.getProperty("voices")
    return [(str(v.id), str(v.name), [str(lang) for lang in (v.languages or [])]) for v in voices]


def _espeak_voices() -> list[VoiceEntry]:
    program = _espeak_program()
    if program is None:
        return []
    result = subprocess.run(
        [program, "--voices"], capture_output=True, text=True, timeout=30, check=False
    )
    return parse_espeak_voice_list(result.stdout)


def parse_espeak_voice_list(listing: str) -> list[VoiceEntry]:
    """Parse `espeak-ng --voices` (Pty Language Age/Gender VoiceName File Other...)."""
    voices: list[VoiceEntry] = []
    for line in listing.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 5:
            language, name, file_id = fields[1], fields[3], fields[4]
            voices.append((file_id.lower(), name.replace("_", " "), [language]))
    return voices


def resolve_voice(wanted: str | None, voices: list[VoiceEntry]) -> str | None:
    """The voice id for an id, a name or a language; None means the engine's default."""
    if wanted is None:
        ids = {voice_id for voice_id, _, _ in voices}
        return next((v for v in PREFERRED_VOICES if v in ids), None)
    key = wanted.strip().lower()
    for voice_id, name, _languages in voices:
        if key in (voice_id.lower(), name.lower()):
            return voice_id
    for voice_id, _, languages in voices:
        if key in (lang.lower() for lang in languages):
            return voice_id
    raise ProviderError(f"Unknown system voice {wanted!r}", VOICES_HINT)


# --- the speaker -------------------------------------------------------------------------------


class SystemSpeaker:
    """Speaks with the operating system's voice into a WAV file."""

    name = "system"
    extension = "wav"

    def __init__(
        self, voice: str | None = None, rate: int = DEFAULT_RATE_WPM, backend: str = "auto"
    ) -> None:
        if backend not in ("auto", "pyttsx3", "espeak"):
            raise ValueError(f"unknown backend {backend!r}")
        self.voice = voice
        self.rate = rate
        self.backend = backend

    async def synthesize(self, text: str, path: Path) -> Path:
        """`speak_to_file` in a worker thread (the system voice is a child process)."""
        return await in_thread(self.speak_to_file, text, path)

    def speak_to_file(self, text: str, path: Path) -> Path:
        """The WAV of `text` at `path`, blocking."""
        if not text.strip():
            raise ProviderError("Nothing to say: the text is empty")
        path = Path(path)
        make_private_dir(path.parent)
        voice_id = resolve_voice(self.voice, list_system_voices())
        failures: list[str] = []
        for label, backend in self._backends():
            with _temporary_wav(path) as scratch:
                try:
                    backend(_Job(text, voice_id, self.rate, scratch))
                    check_wav_has_sound(scratch)
                except _BackendFailed as exc:
                    failures.append(f"{label}: {exc}")
                    continue
                os.replace(scratch, path)
                return path
        raise ProviderError(
            "The system voice could not speak: " + "; ".join(failures), INSTALL_HINT
        )

    def check(self) -> None:
        """Speak a word into a scratch file: ProviderError (with a hint) when the voice fails."""
        with tempfile.TemporaryDirectory(prefix="ai-interviewer-voice-") as scratch:
            self.speak_to_file("OK", Path(scratch) / "check.wav")

    def _backends(self) -> list[tuple[str, Callable[[_Job], None]]]:
        pyttsx3 = ("pyttsx3", _synthesize_pyttsx3)
        espeak = ("espeak-ng", _synthesize_espeak)
        if self.backend == "pyttsx3":
            return [pyttsx3]
        if self.backend == "espeak":
            return [espeak]
        if sys.platform.startswith("linux"):
            return [espeak, pyttsx3]  # the same engine without pyttsx3's quirks
        return [pyttsx3, espeak]


@contextlib.contextmanager
def _temporary_wav(target: Path) -> Iterator[Path]:
    handle, name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".wav", dir=target.parent)
    os.close(handle)
    scratch = Path(name)
    try:
        yield scratch
    finally:
        scratch.unlink(missing_ok=True)


def check_wav_has_sound(path: Path) -> None:
    """Raise _BackendFailed unless `path` is a readable audio file with non-silent samples."""
    import numpy as np
    import soundfile

    if not path.is_file() or path.stat().st_size == 0:
        raise _BackendFailed("no audio was written")
    try:
        samples, _ = soundfile.read(str(path), dtype="int16", always_2d=True)
    except (RuntimeError, OSError, ValueError) as exc:  # LibsndfileError is a RuntimeError
        raise _BackendFailed(f"no readable audio written ({exc})") from exc
    if samples.size == 0 or int(np.abs(samples).max()) == 0:
        raise _BackendFailed("the audio written is empty or silent")


# --- pyttsx3 -------------------------------------------------------------------------------------
#
# pyttsx3 runs in a child process: its espeak driver (pyttsx3 2.99 on Linux) writes no file at
# all for texts over about 200 characters and has crashed the interpreter (SIGSEGV) on repeated
# use, so it must not share a process with the interview.

_ENGINE: list[Any] = []  # a strong reference: pyttsx3 keeps engines in a WeakValueDictionary


def _pyttsx3_engine() -> Any:
    if _ENGINE:
        return _ENGINE[0]
    try:
        import pyttsx3
    except ImportError as exc:
        raise _BackendFailed(f"pyttsx3 is not installed ({exc})") from exc
    try:
        with _PYTTSX3_LOCK:
            _ENGINE.append(pyttsx3.init())
    except Exception as exc:  # the driver raises whatever its platform library raises
        raise _BackendFailed(f"pyttsx3 could not start ({exc})") from exc
    return _ENGINE[0]


def _synthesis_timeout(text: str) -> float:
    return 20.0 + 0.1 * len(text)


def _synthesize_pyttsx3(job: _Job) -> None:
    request = json.dumps(
        {"text": job.text, "voice": job.voice, "rate": job.rate, "target": str(job.target)}
    )
    try:
        result = subprocess.run(
            [sys.executable, "-m", __name__],
            input=request,
            capture_output=True,
            text=True,
            timeout=_synthesis_timeout(job.text),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _BackendFailed(f"pyttsx3 failed ({exc})") from exc
    if result.returncode != 0:
        lines = result.stderr.strip().splitlines()
        detail = lines[-1] if lines else f"exit code {result.returncode}"
        raise _BackendFailed(f"pyttsx3 failed ({detail})")


def _pyttsx3_child() -> None:
    """Child process side: read the job as JSON on stdin, write the file, exit 0 or 1."""
    job = json.loads(sys.stdin.read())
    engine = _pyttsx3_engine()
    errors: list[BaseException] = []
    engine.connect("error", lambda exception=None, **_: errors.append(exception))
    with contextlib.redirect_stdout(io.StringIO()):  # "Audio saved to ..." from the driver
        if job["voice"] is not None:
            engine.setProperty("voice", job["voice"])
        engine.setProperty("rate", job["rate"])
        engine.save_to_file(job["text"], job["target"])
        engine.runAndWait()
    if errors:
        print(f"error: {errors[0]}", file=sys.stderr)
        raise SystemExit(1)


# --- espeak-ng program ----------------------------------------------------------------------


def _espeak_program() -> str | None:
    for program in ESPEAK_PROGRAMS:
        found = shutil.which(program)
        if found:
            return found
    return None


def _synthesize_espeak(job: _Job) -> None:
    program = _espeak_program()
    if program is None:
        raise _BackendFailed("espeak-ng is not installed")
    command = [program, "-s", str(job.rate), "-w", str(job.target), "--stdin"]
    if job.voice is not None:
        command[1:1] = ["-v", job.voice]
    try:
        result = subprocess.run(
            command,
            input=job.text,
            capture_output=True,
            text=True,
            timeout=_synthesis_timeout(job.text),
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _BackendFailed(f"{Path(program).name} failed ({exc})") from exc
    if result.returncode != 0:
        detail = result.stderr.strip() or f"exit code {result.returncode}"
        raise _BackendFailed(f"{Path(program).name} failed ({detail})")


if __name__ == "__main__":
    _pyttsx3_child()
