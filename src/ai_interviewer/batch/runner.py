"""Scoring a batch of answers: several at once, each from the cache when it was done before.

`run_batch` keeps at most `concurrency` answers in flight: a fixed set of workers takes the next
answer from the list when it is done with one, so memory holds what is in flight and not the
batch (a recording is read for its fingerprint a megabyte at a time, and its audio only by the
recogniser, one answer at a time per worker). Each answer goes:

    cached score?  -> done, no call made
    transcript     -> given as text, cached, or transcribed (rows naming one file share one)
    score          -> the offline rubric, or the model (its own limits: calls at once, rpm, 429s)
    cache, emit    -> the result is handed to `emit` as soon as it is ready

A failure is that answer's result (its error one line), never the batch's, except a model that
cannot be used at all (a bad key, no credit), which stops the run: the results already emitted
are kept, and a rerun carries on from them.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from ai_interviewer.batch.cache import ScoreCache, key_of, scoring_version
from ai_interviewer.batch.inputs import (
    NO_SPEECH,
    check_recording,
    file_digest,
    given_transcript,
    no_speech_in,
    text_digest,
)
from ai_interviewer.batch.manifest import AnswerItem
from ai_interviewer.core.models import (
    Evaluation,
    JobDescription,
    LLMCall,
    Question,
    ResumeProfile,
    Transcript,
)
from ai_interviewer.errors import InterviewError

log = logging.getLogger("ai_interviewer")


@dataclass(frozen=True)
class BatchResult:
    item: AnswerItem
    transcript: Transcript | None = None
    evaluation: Evaluation | None = None
    error: str | None = None
    llm_calls: tuple[LLMCall, ...] = ()  # the model's calls for this answer, when it scored
    cached: bool = False  # taken from an earlier run: no call was made for it
    key: str = ""  # what it is cached under

    @property
    def ok(self) -> bool:
        return self.evaluation is not None

    @property
    def failure(self) -> str | None:
        """The failure as one line naming the answer ("a.txt: file not found"); None if ok."""
        return None if self.error is None else f"{self.item.name}: {self.error}"


class Scorer(Protocol):
    """Scores one answer: the offline rubric, or a model. `ready` is awaited before the first
    answer that is not cached (a model's preflight: a rerun of a finished batch calls nothing);
    `aclose` when the batch ends, in its loop (a model's connections closed)."""

    @property
    def name(self) -> str: ...

    async def ready(self) -> None: ...

    async def score(
        self,
        question: Question,
        transcript: Transcript,
        profile: ResumeProfile,
        job: JobDescription,
    ) -> tuple[Evaluation, tuple[LLMCall, ...]]: ...

    async def aclose(self) -> None: ...


class OfflineScorer:
    name = "offline"

    async def ready(self) -> None:
        return None

    async def aclose(self) -> None:
        return None

    async def score(
        self,
        question: Question,
        transcript: Transcript,
        profile: ResumeProfile,
        job: JobDescription,
    ) -> tuple[Evaluation, tuple[LLMCall, ...]]:
        from ai_interviewer.core.scorer import evaluate_offline

        return evaluate_offline(question, transcript, profile, job), ()


def answers_at_once(calls_at_once: int, model: bool) -> int:
    """How many answers a batch works on at once. With a model: as many as its client lets into
    LiteLLM (`requests_at_once`: its calls at once and half as many again), so that an answer's
    own work (the rubric its prompt quotes, its request built, its reply read, checked and
    written out) is done while every call's place is taken, not in one of them (the model still
    gets at most `calls_at_once` calls). Without one, the same number."""
    from ai_interviewer.providers.llm_places import requests_at_once

    return requests_at_once(calls_at_once) if model else calls_at_once


BATCH_ATTEMPTS = 8  # a batch can wait out a rate limit: more tries than an interview's 3
BATCH_PATIENCE_S = 600.0  # and longer for one answer (an interview keeps a person waiting)


def for_a_batch(client: Any) -> Any:
    """A model's client set for a batch: whole answers (a tenth of a streamed one's CPU), and
    more tries and patience than an interview has."""
    client.streamed = False
    client.pooled = True
    client.max_attempts = BATCH_ATTEMPTS
    client.max_total_s = BATCH_PATIENCE_S
    return client


class ModelScorer:
    """The model scores, the offline rubric standing in (marked as such) when a call fails."""

    def __init__(self, client: Any, name: str | None = None) -> None:
        self.client = client
        self.name = name or f"llm:{client.model}"
        self.notices: list[str] = []
        self._checked: asyncio.Future[Any] | None = None
        self._warned = False

    async def ready(self) -> None:
        """One preflight call, before the first answer the model scores: a bad key, an unknown
        model or no credit stops the batch there; a busy service only says so."""
        from ai_interviewer.providers.llm import LLMError

        if self._checked is None:
            self._checked = asyncio.ensure_future(self.client.preflight())
        try:
            await asyncio.shield(self._checked)
        except LLMError as error:
            if error.fatal:
                raise
            if not self._warned:
                self._warned = True
                self.notices.append(f"the model's first call failed ({error.message}); going on")

    async def score(
        self,
        question: Question,
        transcript: Transcript,
        profile: ResumeProfile,
        job: JobDescription,
    ) -> tuple[Evaluation, tuple[LLMCall, ...]]:
        from ai_interviewer.interview.interviewer import ModelInterviewer

        assessment = await ModelInterviewer(self.client, profile, job).assess(
            question, transcript, [], 0
        )
        self.client.calls.clear()  # each result keeps its own calls: memory stays flat
        return assessment.evaluation, tuple(assessment.calls)

    async def aclose(self) -> None:
        await self.client.aclose()


@dataclass(frozen=True)
class Transcription:
    """How recordings become transcripts: `identity` names the recogniser (and what it was told
    to expect) in cache keys; `transcribe` does one file."""

    identity: str
    transcribe: Callable[[Path], Awaitable[Transcript]]
    notices: list[str] = field(default_factory=list)  # a service that failed, and who took over


@dataclass(frozen=True)
class Documents:
    """A resume and a job, and a key that says which (for the cache)."""

    profile: ResumeProfile
    job: JobDescription
    key: str


@dataclass
class BatchJob:
    cache: ScoreCache
    scorer: Scorer
    documents: Callable[[AnswerItem], Documents]
    transcription: Transcription | None = None  # None: no recordings to transcribe
    max_audio_minutes: float = 10.0
    concurrency: int = 4
    _pending: dict[str, asyncio.Future[Transcript]] = field(default_factory=dict)


async def run_batch(
    items: Iterable[AnswerItem], job: BatchJob, emit: Callable[[BatchResult], None]
) -> None:
    """Score every item, `job.concurrency` at a time, handing each result to `emit` as soon as
    it is ready (in the order they finish). A fatal model error cancels the rest and is raised."""
    queue: Iterator[AnswerItem] = iter(items)

    async def worker() -> None:
        for item in queue:
            emit(await score_answer(item, job))

    workers = [asyncio.ensure_future(worker()) for _ in range(max(1, job.concurrency))]
    try:
        await asyncio.gather(*workers)
    finally:
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        await job.scorer.aclose()


async def score_answer(item: AnswerItem, job: BatchJob) -> BatchResult:
    """One answer's result; its failure is the result's error, not a raise (but for a model
    that cannot be used at all)."""
    from ai_interviewer.providers.llm import LLMError

    try:
        return await _score(item, job)
    except LLMError as error:
        if error.fatal:
            raise
        return BatchResult(item, error=error.one_line())
    except InterviewError as error:
        return BatchResult(item, error=error.one_line())


async def _score(item: AnswerItem, job: BatchJob) -> BatchResult:
    documents = job.documents(item)
    given = given_transcript(item)
    if given is not None:
        answer = f"text:{text_digest(given.text)}"
        audio = None
    else:
        assert item.file is not None and job.transcription is not None
        await asyncio.to_thread(check_recording, item.file, job.max_audio_minutes)
        audio = await asyncio.to_thread(file_digest, item.file)
        answer = f"audio:{audio}:{job.transcription.identity}"
    key = result_key(answer, item.question, documents.key, job.scorer.name)
    entry = job.cache.result(key)
    if entry is not None:
        cached = result_from_entry(item, entry, key)
        if cached is not None:
            return cached
    await job.scorer.ready()
    if given is not None:
        transcript = given
    else:
        transcript = await _transcript(item, audio or "", job)
        if no_speech_in(transcript):  # scored, it would be a 0 that says nothing of the answer
            raise InterviewError(NO_SPEECH, "check the recording: the recogniser heard no words")
    evaluation, calls = await job.scorer.score(
        item.question, transcript, documents.profile, documents.job
    )
    result = BatchResult(item, transcript, evaluation, llm_calls=calls, key=key)
    if evaluation.fallback_reason is None:  # a stand-in score is asked of the model again
        await asyncio.to_thread(job.cache.keep_result, key, cache_entry(result))
    return result


def result_key(answer: str, question: Question, documents: str, scorer: str) -> str:
    """What a score depends on: the answer, the question, the documents, the scorer, the
    rubric."""
    asked = (question.id, question.text, question.kind, question.requirement_id or "")
    return key_of(answer, *asked, documents, scorer, scoring_version())


async def _transcript(item: AnswerItem, audio: str, job: BatchJob) -> Transcript:
    """The recording's transcript: cached, being made for another row, or made now."""
    assert item.file is not None and job.transcription is not None
    key = key_of(audio, job.transcription.identity)
    cached = job.cache.transcript(key)
    if cached is not None:
        return cached
    pending = job._pending.get(key)
    if pending is not None:
        return await asyncio.shield(pending)
    future = asyncio.ensure_future(_transcribe_and_keep(item.file, key, job))
    job._pending[key] = future
    future.add_done_callback(lambda _: job._pending.pop(key, None))  # once it is in the cache
    return await asyncio.shield(future)


async def _transcribe_and_keep(file: Path, key: str, job: BatchJob) -> Transcript:
    assert job.transcription is not None
    transcript = await job.transcription.transcribe(file)
    await asyncio.to_thread(job.cache.keep_transcript, key, transcript)
    return transcript


def cache_entry(result: BatchResult) -> dict[str, Any]:
    assert result.transcript is not None and result.evaluation is not None
    return {
        "transcript": result.transcript.model_dump(mode="json"),
        "evaluation": result.evaluation.model_dump(mode="json"),
        "llm_calls": [call.model_dump(mode="json") for call in result.llm_calls],
    }


def result_from_entry(item: AnswerItem, entry: dict[str, Any], key: str) -> BatchResult | None:
    """A cached result, or None when the entry is not one (it is then made again)."""
    try:
        return BatchResult(
            item,
            Transcript.model_validate(entry["transcript"]),
            Evaluation.model_validate(entry["evaluation"]),
            llm_calls=tuple(LLMCall.model_validate(c) for c in entry.get("llm_calls", [])),
            cached=True,
            key=key,
        )
    except (KeyError, TypeError, ValueError):
        return None


def async_transcription(transcriber: Any, identity: str, at_once: int) -> Transcription:
    """A transcriber's `atranscribe`, at most `at_once` files at a time (local Whisper: one a
    core; a speech service: as many as the batch has in flight)."""
    gates: dict[asyncio.AbstractEventLoop, asyncio.Semaphore] = {}

    async def transcribe(path: Path) -> Transcript:
        loop = asyncio.get_running_loop()
        gate = gates.setdefault(loop, asyncio.Semaphore(max(1, at_once)))
        async with gate:
            transcript: Transcript = await transcriber.atranscribe(path)
        return transcript

    notices = getattr(transcriber, "notices", None)
    return Transcription(identity, transcribe, notices if isinstance(notices, list) else [])


def with_question(item: AnswerItem, question: Question) -> AnswerItem:
    return replace(item, question=question)
