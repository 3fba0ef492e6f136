"""A question asked more than once: its attempts side by side, and what changed between two of
them, in words. Pure, no I/O.

A retry keeps its question's id with `Turn.attempt` 2, 3, ...; the interview's scores count the
first attempt only (`summary.first_attempts`), the retries are practice. `by_question` groups the
turns under their question; `compare` says, criterion by criterion and delivery measure by
measure, what got better from one attempt to the next and what did not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from ai_interviewer.core.criteria import CRITERIA_DEFS
from ai_interviewer.core.models import DeliveryMetrics, Evaluation, Question, Turn
from ai_interviewer.core.progress import MEASURES, Measure, distance_from_good

Verdict = Literal["better", "worse", "same"]


@dataclass(frozen=True)
class QuestionAttempts:
    """One question and every time it was answered, first attempt first."""

    question: Question
    attempts: tuple[Turn, ...]

    @property
    def first(self) -> Turn:
        return self.attempts[0]

    @property
    def retried(self) -> bool:
        return len(self.attempts) > 1


def by_question(turns: Sequence[Turn]) -> list[QuestionAttempts]:
    """The turns grouped under their question, in the order the questions were first asked;
    each question's attempts in attempt order."""
    grouped: dict[str, list[Turn]] = {}
    for turn in turns:
        grouped.setdefault(turn.question.id, []).append(turn)
    return [
        QuestionAttempts(group[0].question, tuple(sorted(group, key=lambda t: t.attempt)))
        for group in grouped.values()
    ]


@dataclass(frozen=True)
class Change:
    """One measure from one attempt to the next."""

    name: str  # "Impact", "Pace"
    before: str  # as shown: "4", "172"
    after: str
    unit: str  # "/10", " WPM"
    verdict: Verdict

    @property
    def words(self) -> str:
        """'Impact 4 → 7/10', or 'Depth stayed at 5/10' when the value did not move."""
        if self.before == self.after:
            return f"{self.name} stayed at {self.after}{self.unit}"
        return f"{self.name} {self.before} → {self.after}{self.unit}"


@dataclass(frozen=True)
class Comparison:
    """Every measure two evaluations share, from the earlier attempt to the later one."""

    changes: tuple[Change, ...]

    @property
    def improved(self) -> list[str]:
        return [c.words for c in self.changes if c.verdict == "better"]

    @property
    def worse(self) -> list[str]:
        return [c.words for c in self.changes if c.verdict == "worse"]

    @property
    def unchanged(self) -> list[str]:
        return [c.words for c in self.changes if c.verdict == "same"]


Reading = Callable[[DeliveryMetrics], float | None]  # a measure's value for one answer


@dataclass(frozen=True)
class DeliveryMeasure:
    """A delivery measure of one answer, judged as `measure` is judged across sessions."""

    name: str
    unit: str
    measure: Measure
    value: Reading
    shown: Callable[[float], str]


def _measure(name: str) -> Measure:
    return next(m for m in MEASURES if m.name == name)


def _timed(value: Reading) -> Reading:
    """Measured only from word timings: nothing for a typed answer."""
    return lambda d: value(d) if d.timed else None


def _per_100_words(count: Callable[[DeliveryMetrics], int]) -> Reading:
    return lambda d: round(100.0 * count(d) / d.word_count, 1) if d.word_count else None


DELIVERY_MEASURES: tuple[DeliveryMeasure, ...] = (
    DeliveryMeasure("Pace", " WPM", _measure("wpm"), _timed(lambda d: d.wpm), "{:.0f}".format),
    DeliveryMeasure(
        "Fillers",
        " per 100 words",
        _measure("fillers_per_100"),
        lambda d: d.fillers_per_100 if d.word_count else None,
        "{:.1f}".format,
    ),
    DeliveryMeasure(
        "Hedges",
        " per 100 words",
        _measure("hedges_per_100"),
        _per_100_words(lambda d: d.hedges),
        "{:.1f}".format,
    ),
    DeliveryMeasure(
        "Pauses over 2 s",
        "",
        _measure("pauses_per_answer"),
        _timed(lambda d: float(d.pauses_over_2s)),
        "{:.0f}".format,
    ),
)


def _verdict(measure: Measure, before: float, after: float) -> Verdict:
    distance_before = distance_from_good(measure, before)
    distance_after = distance_from_good(measure, after)
    if distance_after == distance_before:
        return "same"
    return "better" if distance_after < distance_before else "worse"


def _score_change(name: str, before: int, after: int, maximum: int) -> Change:
    verdict: Verdict = "same" if after == before else "better" if after > before else "worse"
    return Change(name, str(before), str(after), f"/{maximum}", verdict)


def _delivery_change(
    item: DeliveryMeasure, before: DeliveryMetrics, after: DeliveryMetrics
) -> Change | None:
    old, new = item.value(before), item.value(after)
    if old is None or new is None:
        return None
    shown_old, shown_new = item.shown(old), item.shown(new)
    verdict: Verdict = "same" if shown_old == shown_new else _verdict(item.measure, old, new)
    return Change(item.name, shown_old, shown_new, item.unit, verdict)


def compare(before: Evaluation, after: Evaluation) -> Comparison:
    """The overall, each criterion and each delivery measure both attempts have (pace and pauses
    need word timings in both), from `before` to `after`."""
    changes = [_score_change("Overall", before.overall, after.overall, 100)]
    for criterion in CRITERIA_DEFS:
        try:
            old, new = before.score_of(criterion.name), after.score_of(criterion.name)
        except KeyError:
            continue
        changes.append(_score_change(criterion.label, old, new, 10))
    for item in DELIVERY_MEASURES:
        change = _delivery_change(item, before.delivery, after.delivery)
        if change is not None:
            changes.append(change)
    return Comparison(tuple(changes))
