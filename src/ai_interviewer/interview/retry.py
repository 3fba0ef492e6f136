"""Which question `ai-interview retry` asks again, and as which attempt.

A question is named as the report names it: `2` or `q02` for the second planned question,
`q02f` for its follow-up; or `weakest`: the one whose latest attempt scored lowest."""

from __future__ import annotations

from ai_interviewer.core.models import Question
from ai_interviewer.core.summary import counted_overall, first_attempts
from ai_interviewer.errors import UsageError
from ai_interviewer.storage.session import SessionRecord

WEAKEST = "weakest"


def question_to_retry(record: SessionRecord, name: str) -> Question:
    """The asked question with this number or id; a usage error that lists the ones there
    are, or says nothing was asked yet."""
    asked = [turn.question for turn in first_attempts(record.turns)]
    if not asked:
        raise UsageError(
            f"session {record.id} has no question asked yet",
            f"continue it with ai-interview resume {record.id}",
        )
    wanted = name.strip().lower()
    if wanted == WEAKEST:
        return weakest(record)
    if wanted.isdigit():
        wanted = f"q{int(wanted):02d}"
    for question in asked:
        if question.id.lower() == wanted:
            return question
    ids = ", ".join(q.id for q in asked)
    raise UsageError(
        f"session {record.id} asked no question {name!r}; it asked {ids}",
        "give --question a number (2), an id (q02, q02f for its follow-up) or weakest",
    )


def weakest(record: SessionRecord) -> Question:
    """The asked question whose latest attempt scored lowest (unanswered counts 0); the first
    asked of those that tie."""
    latest: dict[str, int] = {}
    for turn in record.turns:  # in order: a later attempt replaces an earlier one
        latest[turn.question.id] = counted_overall(turn)
    asked = [turn.question for turn in first_attempts(record.turns)]
    return min(asked, key=lambda question: latest[question.id])


def next_attempt(record: SessionRecord, question: Question) -> int:
    """The attempt number the question's next answer will have."""
    return 1 + max((t.attempt for t in record.turns if t.question.id == question.id), default=0)
