"""Sessions saved in a data folder, for the history, progress and purge tests.

`save_session(home, ...)` writes a session folder the way an interview does (session.json through
`SessionStore.save`, which also indexes it), with scored, skipped or unanswered turns and, for a
session that ended, the report built from them.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from ai_interviewer.core.criteria import CRITERIA
from ai_interviewer.core.models import (
    CriterionScore,
    DeliveryMetrics,
    Evaluation,
    JobDescription,
    Question,
    ResumeProfile,
    StarAnalysis,
    Transcript,
    Turn,
)
from ai_interviewer.core.summary import build_report
from ai_interviewer.storage.session import SessionRecord, SessionStatus, SessionStore

START = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)


def question(number: int) -> Question:
    return Question(
        id=f"q{number:02d}",
        text=f"Tell me about a time you fixed slow system number {number}.",
        kind="behavioral",
        probes="a story",
    )


def scored_turn(number: int, score: int, answer: str = "", wpm: float | None = None) -> Turn:
    """A scored answer: every criterion `score`/10, overall `score`*10, 100 words."""
    text = answer or f"At Northwind I fixed the slow system number {number}; it got faster."
    delivery = DeliveryMetrics(
        word_count=100,
        wpm=wpm,
        timed=wpm is not None,
        duration_s=60.0 if wpm else None,
        fillers=4,
        fillers_per_100=4.0,
        hedges=2,
        pauses_over_2s=1 if wpm else 0,
    )
    evaluation = Evaluation(
        question_id=f"q{number:02d}",
        criteria=[CriterionScore(criterion=c, score=score, reason="-") for c in CRITERIA],
        overall=score * 10,
        tip="Say what came of it.",
        delivery=delivery,
        star=StarAnalysis(),
    )
    return Turn(
        question=question(number),
        status="scored",
        transcript=Transcript(text=text),
        evaluation=evaluation,
    )


def asked_turn(number: int) -> Turn:
    """A question asked and not answered yet (the interview was cut off)."""
    return Turn(question=question(number), status="asked")


def save_session(
    home: Path,
    turns: list[Turn],
    *,
    status: SessionStatus = "complete",
    when: datetime = START,
    role: str = "Senior Backend Engineer",
    company: str | None = "Northwind Analytics",
    questions: int | None = None,
) -> SessionStore:
    """A session folder in `home`'s sessions, saved (and so indexed) as an interview saves it."""
    store = SessionStore.create(home / "sessions", "Jordan Avery", when)
    profile = ResumeProfile(name="Jordan Avery")
    job = JobDescription(title=role, company=company)
    record = SessionRecord(
        id=store.id,
        created=when.isoformat(timespec="seconds"),
        updated=when.isoformat(timespec="seconds"),
        status=status,
        profile=profile,
        job=job,
        questions=[question(n) for n in range(1, (questions or len(turns)) + 1)],
        turns=turns,
    )
    if status in ("complete", "ended_early"):
        record.report = build_report(turns, profile, job)
    store.save(record, when)
    return store


def three_sessions(home: Path) -> list[SessionStore]:
    """Three finished sessions a week apart, each better than the last, then one cut off."""
    stores = [
        save_session(home, [scored_turn(1, s, wpm=wpm), scored_turn(2, s, wpm=wpm)], when=day)
        for s, wpm, day in (
            (4, 190.0, START),
            (6, 170.0, START + timedelta(days=7)),
            (8, 150.0, START + timedelta(days=14)),
        )
    ]
    stores.append(
        save_session(
            home,
            [scored_turn(1, 9), asked_turn(2)],
            status="in_progress",
            when=START + timedelta(days=15),
            questions=4,
        )
    )
    return stores
