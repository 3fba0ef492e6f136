"""Continuing a cut-off session: what is kept, what is asked again, what is scored from disk."""

from __future__ import annotations

import contextlib
from datetime import datetime, timezone
from pathlib import Path

import pytest

from ai_interviewer.core.models import JobDescription, Question, ResumeProfile, Transcript, Turn
from ai_interviewer.errors import UsageError
from ai_interviewer.interview.answers import TypedAnswers
from ai_interviewer.interview.engine import Interview
from ai_interviewer.storage.reopen import find_session, reopen
from ai_interviewer.storage.session import SessionRecord, SessionStore

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
GOOD = (
    "At Lumen Freight I owned the tracking API; I added two PostgreSQL indexes and a cache, "
    "and p95 latency fell 45 percent."
)


def _question(n: int) -> Question:
    return Question(
        id=f"q{n:02d}", text=f"Question {n} about PostgreSQL?", kind="requirement", probes="-"
    )


def _store(
    tmp_path: Path,
    turns: list[Turn],
    status: str = "in_progress",
    name: str = "Jordan Avery",
    when: datetime = NOW,
) -> SessionStore:
    store = SessionStore.create(tmp_path / "sessions", name, when)
    record = SessionRecord(
        id=store.id,
        created=when.isoformat(),
        updated=when.isoformat(),
        status=status,  # type: ignore[arg-type]
        profile=ResumeProfile(name=name),
        job=JobDescription(),
        questions=[_question(n) for n in (1, 2, 3, 4)],
        turns=turns,
    )
    store.save(record, when)
    return store


def test_a_cut_off_answer_is_asked_again_and_its_partial_recording_kept(tmp_path: Path) -> None:
    turns = [
        Turn(question=_question(1), status="scored"),
        Turn(question=_question(2), status="asked"),
    ]
    store = _store(tmp_path, turns)
    (store.audio_dir / "q02-answer.wav").write_bytes(b"RIFF partial")
    record, notes = reopen(store)
    assert [t.question.id for t in record.turns] == ["q01"]
    assert (store.audio_dir / "q02-answer-cut-1.wav").read_bytes() == b"RIFF partial"
    assert not (store.audio_dir / "q02-answer.wav").exists()
    assert "asked again" in notes[0]


def test_an_interrupted_skip_is_asked_again_but_a_chosen_skip_is_not(tmp_path: Path) -> None:
    turns = [
        Turn(question=_question(1), status="skipped"),
        Turn(question=_question(2), status="skipped", error="interrupted"),
    ]
    record, _ = reopen(_store(tmp_path, turns))
    assert [t.question.id for t in record.turns] == ["q01"]


def test_a_complete_session_is_not_reopened(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is complete"):
        reopen(_store(tmp_path, [], status="complete"))


def test_the_latest_unfinished_session_is_found(tmp_path: Path) -> None:
    older = _store(tmp_path, [], name="a", when=NOW.replace(hour=9))
    _store(tmp_path, [], status="complete", name="b", when=NOW.replace(hour=11))
    assert find_session(tmp_path / "sessions", None).folder == older.folder
    with pytest.raises(UsageError, match="no session"):
        find_session(tmp_path / "sessions", "20990101-000000-nobody")


class FromDisk:
    name = "disk"

    def __init__(self) -> None:
        self.paths: list[str] = []

    def transcribe(self, path: Path) -> Transcript:
        self.paths.append(path.name)
        return Transcript(text=GOOD, source="disk")

    async def atranscribe(self, path: Path) -> Transcript:
        return self.transcribe(path)


class Quiet:
    def __getattr__(self, name: str) -> object:
        return lambda *args, **kwargs: None

    def working(self, what: str) -> contextlib.AbstractContextManager[None]:
        return contextlib.nullcontext()


def test_a_saved_answer_is_scored_from_disk_and_the_rest_asked(tmp_path: Path) -> None:
    """q01 scored, q02 recorded (saved, not scored), q03 and q04 still to ask."""
    turns = [
        Turn(question=_question(1), status="scored"),
        Turn(question=_question(2), status="recorded", answer_audio="audio/q02-answer.wav"),
    ]
    store = _store(tmp_path, turns)
    (store.audio_dir / "q02-answer.wav").write_bytes(b"RIFF")
    record, _ = reopen(store)
    transcriber = FromDisk()
    asked: list[str] = []
    answers = iter([GOOD, GOOD])

    def read_line(prompt: str) -> str | None:
        asked.append(prompt)
        return next(answers, None)

    interview = Interview(
        store=store,
        record=record,
        answers=TypedAnswers(read_line),
        view=Quiet(),
        transcriber=transcriber,
        now=lambda: NOW,
    )  # type: ignore[arg-type]
    report = interview.run()
    saved = store.load()
    assert transcriber.paths == ["q02-answer.wav"]
    assert [t.question.id for t in saved.turns] == ["q01", "q02", "q03", "q04"]
    assert [t.status for t in saved.turns] == ["scored"] * 4
    assert len(asked) == 2 and saved.status == "complete"
    assert report.asked == 4
