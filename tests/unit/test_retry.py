"""`retry`: which question is asked again, and the engine asking it as the next attempt, kept
beside the first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from ai_interviewer.core.models import JobDescription, Question, ResumeProfile, Transcript, Word
from ai_interviewer.errors import UsageError
from ai_interviewer.interview.answers import Answer, TypedAnswers
from ai_interviewer.interview.engine import Interview
from ai_interviewer.interview.retry import next_attempt, question_to_retry
from ai_interviewer.storage.session import SessionRecord, SessionStore

NOW = datetime(2026, 11, 25, 9, 0, 0, tzinfo=timezone.utc)
GOOD = (
    "At my last job our checkout API was timing out during sales. I was responsible for fixing it. "
    "I profiled the PostgreSQL queries, added two indexes and a Redis cache, and as a result p95 "
    "latency dropped from 900 ms to 120 ms and conversion rose 4 percent."
)
WEAK = "I did some database work."


class QuietView:
    """An InterviewView that keeps the questions it was asked to show."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def notice(self, message: str) -> None: ...

    def question(self, question: Question, index: int, total: int) -> None:
        self.asked.append(question.id)

    def answering(self, question: Question) -> None: ...
    def answered(self, answer: Answer) -> None: ...
    def transcript(self, transcript: Transcript) -> None: ...
    def feedback(self, turn: object) -> None: ...

    def working(self, what: str) -> _Nothing:
        return _Nothing()


class _Nothing:
    def __enter__(self) -> None: ...
    def __exit__(self, *exc: object) -> None: ...


def _lines(*lines: str | None) -> TypedAnswers:
    queue: Iterator[str | None] = iter(lines)
    return TypedAnswers(lambda prompt: next(queue, None))


def _questions(n: int) -> list[Question]:
    return [
        Question(
            id=f"q{i:02d}",
            text=f"Question {i} about PostgreSQL?",
            kind="requirement",
            probes="Requirement R1",
            expected_terms=["postgresql"],
        )
        for i in range(1, n + 1)
    ]


def _interview(store: SessionStore, record: SessionRecord, answers: object) -> Interview:
    return Interview(
        store=store,
        record=record,
        answers=answers,  # type: ignore[arg-type]
        view=QuietView(),  # type: ignore[arg-type]
        now=lambda: NOW,
    )


def _session(tmp_path: Path, *answers: str | None) -> SessionStore:
    """An interview of three questions answered with these lines (None: the input ends)."""
    store = SessionStore.create(tmp_path / "sessions", "Jordan Avery", NOW)
    record = SessionRecord(
        id=store.id,
        created=NOW.isoformat(),
        updated=NOW.isoformat(),
        profile=ResumeProfile(name="Jordan Avery", skills=["postgresql"]),
        job=JobDescription(title="Backend Engineer"),
        questions=_questions(3),
    )
    interview = _interview(store, record, _lines(*answers))
    interview.follow_ups_per_question = 0
    interview.run()
    return store


def _retry(store: SessionStore, name: str, answers: object) -> Interview:
    record = store.load()
    interview = _interview(store, record, answers)
    interview.retry(question_to_retry(record, name))
    return interview


def test_a_question_is_named_by_number_id_or_as_the_weakest(tmp_path: Path) -> None:
    record = _session(tmp_path, GOOD, WEAK, GOOD).load()
    assert question_to_retry(record, "2").id == "q02"
    assert question_to_retry(record, "Q03").id == "q03"
    assert question_to_retry(record, "weakest").id == "q02"
    with pytest.raises(UsageError) as error:
        question_to_retry(record, "4")
    assert "asked q01, q02, q03" in error.value.message


def test_only_asked_questions_can_be_retried(tmp_path: Path) -> None:
    """An interview the input ended after one answer: the question cut off counts 0 (the
    weakest), the one never asked cannot be retried."""
    record = _session(tmp_path, GOOD).load()
    assert [t.question.id for t in record.turns] == ["q01", "q02"]
    assert question_to_retry(record, "weakest").id == "q02"
    with pytest.raises(UsageError):
        question_to_retry(record, "3")


def test_a_retry_is_the_next_attempt_beside_the_first_and_the_scores_stay(
    tmp_path: Path,
) -> None:
    """The weak answer to q02 answered again: attempt 2 after the three first attempts, only q02
    asked, no follow-up added; the session's overall is still its first attempts', its status
    stays complete, and the report keeps both attempts."""
    store = _session(tmp_path, GOOD, WEAK, GOOD)
    before = store.load()
    assert before.report is not None

    interview = _retry(store, "weakest", _lines(GOOD))

    after = store.load()
    assert interview.view.asked == ["q02"]  # type: ignore[attr-defined]
    assert [(t.question.id, t.attempt, t.status) for t in after.turns] == [
        ("q01", 1, "scored"),
        ("q02", 1, "scored"),
        ("q03", 1, "scored"),
        ("q02", 2, "scored"),
    ]
    assert [q.id for q in after.questions] == ["q01", "q02", "q03"]
    assert after.status == "complete"
    assert after.report is not None
    assert after.report.overall == before.report.overall
    assert [t.attempt for t in after.report.turns] == [1, 1, 1, 2]
    first, retried = after.turns[1].evaluation, after.turns[3].evaluation
    assert first is not None and retried is not None and retried.overall > first.overall
    assert next_attempt(after, after.questions[1]) == 3
    assert question_to_retry(after, "weakest").id != "q02"  # its latest attempt is strong now


class RecordedFileAnswers:
    """Writes a (fake) recording where the engine says, as the microphone would."""

    name = "file"
    needs_transcription = True

    def __init__(self) -> None:
        self.stems: list[Path] = []

    async def answer(self, question: Question, audio_stem: Path) -> Answer | None:
        self.stems.append(audio_stem)
        path = audio_stem.with_suffix(".wav")
        path.write_bytes(b"RIFF" + question.id.encode())
        return Answer(audio=path, duration=1.0, stopped_by="silence")


class WordsTranscriber:
    name = "words"

    async def atranscribe(self, path: Path) -> Transcript:
        words = [Word(text=w, start=i * 0.4, end=i * 0.4 + 0.3) for i, w in enumerate(GOOD.split())]
        return Transcript(text=GOOD, words=words, duration=len(words) * 0.4, source="words")


def _spoken(tmp_path: Path) -> SessionStore:
    """A session of one question answered by a (fake) recording."""
    store = SessionStore.create(tmp_path / "sessions", "Jordan Avery", NOW)
    record = SessionRecord(
        id=store.id,
        created=NOW.isoformat(),
        updated=NOW.isoformat(),
        profile=ResumeProfile(name="Jordan Avery"),
        job=JobDescription(title="Backend Engineer"),
        questions=_questions(1),
    )
    first = Interview(
        store=store,
        record=record,
        answers=RecordedFileAnswers(),
        view=QuietView(),  # type: ignore[arg-type]
        transcriber=WordsTranscriber(),  # type: ignore[arg-type]
        now=lambda: NOW,
    )
    first.run()
    return store


def _spoken_retry(store: SessionStore, keep_recordings: bool = True) -> None:
    record = store.load()
    again = Interview(
        store=store,
        record=record,
        answers=RecordedFileAnswers(),
        view=QuietView(),  # type: ignore[arg-type]
        transcriber=WordsTranscriber(),  # type: ignore[arg-type]
        now=lambda: NOW,
        keep_recordings=keep_recordings,
    )
    again.retry(question_to_retry(record, "1"))


def test_a_spoken_retry_keeps_the_first_recording(tmp_path: Path) -> None:
    store = _spoken(tmp_path)

    _spoken_retry(store)

    turns = store.load().turns
    assert [t.answer_audio for t in turns] == ["audio/q01-answer.wav", "audio/q01-answer-2.wav"]
    assert all((store.folder / str(t.answer_audio)).read_bytes() == b"RIFFq01" for t in turns)


def test_no_audio_keeps_no_recording_of_the_retry_once_transcribed(tmp_path: Path) -> None:
    """--no-audio: the new attempt is transcribed and scored, its recording deleted and not
    referred to; the first attempt's, made without it, stays."""
    store = _spoken(tmp_path)

    _spoken_retry(store, keep_recordings=False)

    first, retried = store.load().turns
    assert retried.status == "scored" and retried.transcript is not None
    assert retried.answer_audio is None
    assert not (store.audio_dir / "q01-answer-2.wav").exists()
    assert first.answer_audio == "audio/q01-answer.wav"
    assert (store.folder / first.answer_audio).is_file()


@pytest.mark.parametrize("answer", [None, "/quit", "/skip"])
def test_a_retry_left_unanswered_is_not_kept(tmp_path: Path, answer: str | None) -> None:
    """The input ends, or the candidate quits or skips: no attempt 2, and an interview that had
    ended early is still marked so."""
    store = _session(tmp_path, GOOD, "/quit")
    assert store.load().status == "ended_early"

    _retry(store, "1", _lines(answer))

    after = store.load()
    assert [(t.question.id, t.attempt) for t in after.turns] == [("q01", 1), ("q02", 1)]
    assert after.status == "ended_early"
