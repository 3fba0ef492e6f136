"""The batch runner on one event loop: recordings transcribed through the providers' async
interface, at most as many at once as asked; several answers naming one file share one
transcription; an answer whose recording holds no words is 'no speech heard', not a score."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import soundfile

from ai_interviewer.batch.cache import ScoreCache
from ai_interviewer.batch.manifest import AnswerItem, make_question
from ai_interviewer.batch.runner import (
    BatchJob,
    BatchResult,
    Documents,
    OfflineScorer,
    async_transcription,
    run_batch,
)
from ai_interviewer.core.models import JobDescription, ResumeProfile, Transcript

DOCUMENTS = Documents(ResumeProfile(name="Sample"), JobDescription(title="Engineer"), "docs")
SPOKEN = "I profiled the slow query, added an index, and the page loaded in a third of the time."


class CountingTranscriber:
    """Holds every file until `hold_until` are in flight at once (then lets them all go), so
    the most at once is what the gate lets through; `heard` is what each file is said to
    hold."""

    name = "counting"

    def __init__(self, heard: str = SPOKEN, hold_until: int = 1) -> None:
        self.heard = heard
        self.hold_until = hold_until
        self.running = 0
        self.most = 0
        self.calls: list[Path] = []
        self._full: asyncio.Event | None = None

    def transcribe(self, path: Path) -> Transcript:
        raise AssertionError("the batch uses atranscribe")

    async def atranscribe(self, path: Path) -> Transcript:
        self._full = self._full or asyncio.Event()
        self.calls.append(path)
        self.running += 1
        self.most = max(self.most, self.running)
        if self.running >= self.hold_until:
            self._full.set()
        await self._full.wait()
        await asyncio.sleep(0)  # the others held reach here too before any ends
        self.running -= 1
        return Transcript(text=self.heard, words=[], duration=3.0, source=self.name)


def _recordings(folder: Path, count: int) -> list[AnswerItem]:
    items = []
    for n in range(count):
        path = folder / f"a{n}.wav"
        t = np.arange(16_000) / 16_000
        soundfile.write(str(path), 0.3 * np.sin(2 * np.pi * (300 + n) * t), 16_000)
        items.append(AnswerItem(path, make_question(n + 1, "Tell me about a slow query.")))
    return items


def _run(items: list[AnswerItem], transcriber: CountingTranscriber, at_once: int, tmp: Path):
    job = BatchJob(
        cache=ScoreCache(tmp / "cache"),
        scorer=OfflineScorer(),
        documents=lambda item: DOCUMENTS,
        transcription=async_transcription(transcriber, "counting", at_once),
        concurrency=8,
    )
    results: list[BatchResult] = []
    asyncio.run(run_batch(items, job, results.append))
    return results


def test_transcriptions_at_once_are_bounded_by_the_gate(tmp_path: Path) -> None:
    items = _recordings(tmp_path, 6)
    one, many = CountingTranscriber(hold_until=1), CountingTranscriber(hold_until=4)
    assert all(r.ok for r in _run(items, one, 1, tmp_path / "one"))
    assert all(r.ok for r in _run(items, many, 4, tmp_path / "many"))
    assert (one.most, many.most) == (1, 4)


def test_rows_naming_one_file_share_one_transcription(tmp_path: Path) -> None:
    [item] = _recordings(tmp_path, 1)
    again = AnswerItem(item.file, make_question(2, "And what did you learn?"))
    transcriber = CountingTranscriber()
    results = _run([item, again], transcriber, 4, tmp_path)
    assert [r.ok for r in results] == [True, True]
    assert len(transcriber.calls) == 1


def test_a_recording_with_no_words_heard_is_not_scored(tmp_path: Path) -> None:
    items = _recordings(tmp_path, 2)
    results = _run(items, CountingTranscriber(heard="  "), 2, tmp_path)
    assert [r.ok for r in results] == [False, False]
    assert all(r.error and r.error.startswith("no speech heard") for r in results)
    assert all(r.evaluation is None for r in results)
