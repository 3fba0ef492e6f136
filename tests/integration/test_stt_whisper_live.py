"""Local Whisper while the candidate speaks, fed the blocks a recorder would feed it.

The speech is made by the system voice, after a stretch of silence (thinking time). These tests
check what the live path promises: silence is never decoded into words, closed stretches are
decoded together rather than one sentence at a time, and the transcript is the one the saved
file gives.
"""

from __future__ import annotations

import asyncio
import math
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ai_interviewer.providers import stt_whisper_live
from ai_interviewer.providers.stt_whisper import WhisperTranscriber
from ai_interviewer.providers.stt_whisper_live import MAX_DECODE_S, WhisperLiveSession

pytestmark = pytest.mark.slow

SILENCE_S = 3.0
SENTENCES = (
    "I led a team of five engineers on the new search feature.",
    "We shipped it in three months, and customer complaints dropped by half.",
    "Then I trained two new people to run the release on their own.",
)
BLOCK_S = 0.05


@pytest.fixture(scope="module")
def whisper() -> WhisperTranscriber:
    transcriber = WhisperTranscriber()
    transcriber.preload()
    return transcriber


@pytest.fixture
def answer(speech_wav: Callable[..., Path], tmp_path: Path) -> tuple[np.ndarray, int]:
    """Silence, then the sentences with a short pause between them, as int16 samples."""
    parts: list[np.ndarray] = []
    rate = 0
    for sentence in SENTENCES:
        samples, rate = soundfile.read(str(speech_wav(sentence)), dtype="int16")
        parts += [samples, np.zeros(int(0.6 * rate), dtype=np.int16)]
    silence = np.zeros(int(SILENCE_S * rate), dtype=np.int16)
    return np.concatenate([silence, *parts]), rate


def feed_all(session: WhisperLiveSession, samples: np.ndarray, rate: int) -> None:
    block = int(rate * BLOCK_S)
    for i in range(0, samples.size, block):
        session.feed(samples[i : i + block].tobytes(), rate)


def keywords(text: str) -> set[str]:
    return {
        w for w in ("team", "five", "search", "three", "months", "customer", "two") if w in text
    }


def test_an_answer_fed_faster_than_it_decodes_is_decoded_in_few_passes(
    whisper: WhisperTranscriber, answer: tuple[np.ndarray, int], tmp_path: Path
) -> None:
    samples, rate = answer
    session = WhisperLiveSession(whisper)
    asyncio.run(session.start())
    feed_all(session, samples, rate)
    transcript = session.finish_now()

    speech_s = samples.size / rate - SILENCE_S
    assert session.decodes <= math.ceil(speech_s / MAX_DECODE_S) + 1  # not one per sentence
    assert session.fed_seconds == pytest.approx(samples.size / rate)
    assert transcript.source.endswith("(live)")
    assert transcript.words and transcript.words[0].start >= SILENCE_S - 0.5  # nothing from silence
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts)
    path = tmp_path / "answer.wav"
    soundfile.write(str(path), samples, rate)
    from_file = whisper.transcribe(path)
    assert keywords(transcript.text.lower()) >= keywords(from_file.text.lower()) - {"two"}
    assert len(keywords(transcript.text.lower())) >= 5


def test_silence_alone_is_never_decoded(whisper: WhisperTranscriber) -> None:
    rate = 48000
    session = WhisperLiveSession(whisper)
    asyncio.run(session.start())
    quiet = (np.random.default_rng(1).normal(0, 20, int(6 * rate))).astype(np.int16)
    feed_all(session, quiet, rate)
    transcript = session.finish_now()
    assert transcript.words == [] and transcript.text == ""
    assert session.decodes == 0


def test_captions_show_words_before_the_answer_ends(
    whisper: WhisperTranscriber, answer: tuple[np.ndarray, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fed up to the middle of the last sentence, with no end in sight: the captions already
    hold words of the first sentences, before `finish` (however long a caption takes here)."""
    monkeypatch.setattr(stt_whisper_live, "CAPTION_MAX_S", float("inf"))
    samples, rate = answer
    captions: list[str] = []
    shown = threading.Event()

    def show(text: str) -> None:
        captions.append(text)
        if keywords(text.lower()):
            shown.set()

    session = WhisperLiveSession(whisper, on_partial=show)
    asyncio.run(session.start())
    feed_all(session, samples[: samples.size - int(1.5 * rate)], rate)
    assert shown.wait(timeout=300), f"no caption with words: {captions}"
    session.abort()
