"""An answer's input: its transcript given as text or read from a .txt file, or its recording,
checked (readable, not over the length cap) and fingerprinted without reading it whole.

Transcripts are UTF-8 text (a byte-order mark is fine); an empty one is an answer with nothing
in it, scored as such. A transcript has no word timings, so its pace and pauses are not
measured; fillers and hedges are counted from its words. Errors here do not repeat the file's
name: whoever shows them names the answer.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ai_interviewer.batch.manifest import AUDIO_SUFFIXES, AnswerItem
from ai_interviewer.core.models import Transcript
from ai_interviewer.errors import InterviewError

# A recording longer than this is refused, not transcribed: an interview answer runs one to
# five minutes, and a far longer file is almost always the wrong one (a whole session, a
# lecture); transcribing it would hold the decoded audio and the recogniser's work in memory
# (a 5-minute file took 1.26 GB) and cost minutes or money for a score that means nothing.
DEFAULT_MAX_AUDIO_MINUTES = 10.0
HASH_CHUNK = 1024 * 1024
# libsndfile reads every WAV and FLAC: one it cannot read is damaged, and is not sent on. An MP3
# or OGG it cannot read may still be one the recogniser (FFmpeg) can: that one decides.
ALWAYS_READABLE = (".wav", ".flac")
# Shorter than this holds no answer, and a recogniser given so little invents words for it.
MIN_ANSWER_S = 0.5
# A recording whose loudest sample stays under this (-60 dBFS) is silence: nobody spoke.
SILENCE_PEAK = 0.001
NO_SPEECH = "no speech heard"


def text_transcript(text: str) -> Transcript:
    """A transcript given as text: no word timings, no duration."""
    return Transcript(text=text.strip(), words=[], duration=None, source="text")


def read_transcript(path: Path) -> Transcript:
    """The transcript in a UTF-8 text file (a byte-order mark is fine)."""
    return text_transcript(read_text_answer(path))


def read_text_answer(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InterviewError("file not found") from None
    except OSError as error:
        raise InterviewError(f"cannot read it: {error.strerror or error}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InterviewError("not UTF-8 text", "save it as UTF-8") from None


def check_recording(path: Path, max_minutes: float) -> float | None:
    """The recording's length in seconds (None when its header does not say), after checking
    that it is there, not empty, and not over `max_minutes`. Only the header is read."""
    if not path.is_file():
        raise InterviewError("file not found")
    if path.suffix.lower() not in AUDIO_SUFFIXES:
        raise InterviewError("not a recording (WAV, FLAC, MP3, OGG) nor a transcript (.txt)")
    if path.stat().st_size == 0:
        raise InterviewError(f"{NO_SPEECH}: the file is empty", "record the answer again")
    if path.suffix.lower() in ALWAYS_READABLE and _frames(path) == 0:
        raise InterviewError(f"{NO_SPEECH}: the recording holds no samples")
    seconds = recording_seconds(path)
    if seconds is None and path.suffix.lower() in ALWAYS_READABLE:
        raise InterviewError(
            "cannot read the audio: the file is damaged or not what its name says",
            "export it again as WAV or FLAC",
        )
    if seconds is not None and seconds > max_minutes * 60:
        raise InterviewError(
            f"the recording is {_minutes(seconds)} long, "
            f"over the cap of {_minutes(max_minutes * 60)}",
            "cut it to the answer, or raise --max-audio-minutes",
        )
    if seconds is not None and seconds < MIN_ANSWER_S:
        raise InterviewError(
            f"{NO_SPEECH}: the recording is {seconds:.2f} s long, too short for an answer"
        )
    if path.suffix.lower() in ALWAYS_READABLE and is_silent(path):
        raise InterviewError(f"{NO_SPEECH}: the recording is silent", "check the microphone")
    return seconds


def _frames(path: Path) -> int | None:
    """The number of samples the header says the file holds (None: it cannot be read)."""
    import soundfile

    try:
        return int(soundfile.info(str(path)).frames)
    except Exception:
        return None


def is_silent(path: Path, block: int = 65_536) -> bool:
    """Whether no sample reaches `SILENCE_PEAK`, read a block at a time (memory stays flat);
    False when the file cannot be read here (the recogniser decides)."""
    import numpy as np
    import soundfile

    try:
        for samples in soundfile.blocks(str(path), blocksize=block, dtype="float32"):
            if samples.size and float(np.max(np.abs(samples))) >= SILENCE_PEAK:
                return False
    except Exception:
        return False
    return True


def no_speech_in(transcript: Transcript) -> bool:
    """A recording's transcript with no words: the recogniser heard nobody speak."""
    return not transcript.text.strip()


def recording_seconds(path: Path) -> float | None:
    """The length libsndfile reads from the header; None when it cannot tell (the recogniser
    then has the last word on whether the file is audio)."""
    import soundfile

    try:
        info = soundfile.info(str(path))
    except Exception:
        return None
    return float(info.duration) if info.duration and info.duration > 0 else None


def _minutes(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def file_digest(path: Path) -> str:
    """SHA-256 of a file, read a megabyte at a time (memory stays flat whatever its size)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(HASH_CHUNK):
                digest.update(chunk)
    except FileNotFoundError:
        raise InterviewError("file not found") from None
    except OSError as error:
        raise InterviewError(f"cannot read it: {error.strerror or error}") from None
    return digest.hexdigest()


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def given_transcript(item: AnswerItem) -> Transcript | None:
    """The answer's transcript when it is text (a manifest cell or a .txt file); None for a
    recording."""
    if item.text is not None:
        return text_transcript(item.text)
    if item.file is None:
        raise InterviewError("file not found")
    if item.is_transcript:
        return read_transcript(item.file)
    return None
