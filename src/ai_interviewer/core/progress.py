"""Progress across sessions: what is measured per session, and its trend. Pure, no I/O.

A session's measures are its overall, each criterion's mean (unanswered questions counted as 0,
as in the report) and its delivery: pace, fillers and hedges per 100 words, long pauses per
answer. Counts are divided by words or answers so that a short session and a long one compare.
A trend is the measure's values from the oldest session to the newest, with a sparkline, the
change from the first to the latest, and whether that change is for the better.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ai_interviewer.core.criteria import CRITERIA_DEFS
from ai_interviewer.core.delivery import FILLERS_GOOD_UNDER, PACE_BAND

Better = Literal["higher", "lower", "in band"]
Verdict = Literal["better", "worse", "same", ""]


@dataclass(frozen=True)
class Measure:
    name: str
    label: str
    better: Better
    aim: str = ""  # what to aim for, where there is a band or a limit


MEASURES: tuple[Measure, ...] = (
    Measure("overall", "Overall (/100)", "higher"),
    *(Measure(c.name, f"{c.label} (/10)", "higher") for c in CRITERIA_DEFS),
    Measure("wpm", "Speaking rate (WPM)", "in band", f"{PACE_BAND[0]:g}-{PACE_BAND[1]:g}"),
    Measure("fillers_per_100", "Fillers per 100 words", "lower", f"under {FILLERS_GOOD_UNDER:g}"),
    Measure("hedges_per_100", "Hedges per 100 words", "lower"),
    Measure("pauses_per_answer", "Pauses over 2 s per answer", "lower"),
)

SPARK_BLOCKS = "▁▂▃▄▅▆▇█"
NO_VALUE = " "


def session_measures(
    overall: float,
    criteria_means: Mapping[str, float],
    delivery: Mapping[str, float | None],
    answered: int,
) -> dict[str, float | None]:
    """One session's measures from its report's figures (or the same computed from its turns).

    `delivery` is the report's delivery summary; a measure with nothing to measure (typed answers
    have no pace; no words, no rates) is None."""
    words = delivery.get("words") or 0.0
    fillers_per_100 = delivery.get("fillers_per_100")
    hedges = delivery.get("hedges")
    pauses = delivery.get("pauses_over_2s")
    measures: dict[str, float | None] = {"overall": float(overall)}
    for criterion in CRITERIA_DEFS:
        measures[criterion.name] = float(criteria_means.get(criterion.name, 0.0))
    measures["wpm"] = delivery.get("wpm")
    measures["fillers_per_100"] = fillers_per_100 if words else None
    measures["hedges_per_100"] = (
        round(100.0 * hedges / words, 2) if words and hedges is not None else None
    )
    timed = delivery.get("wpm") is not None  # pauses are only measured with word timings
    measures["pauses_per_answer"] = (
        round(pauses / answered, 2) if timed and answered and pauses is not None else None
    )
    return measures


def sparkline(values: Sequence[float | None]) -> str:
    """One block per value, from lowest to highest of the series; a gap where there is none."""
    present = [v for v in values if v is not None]
    if not present:
        return NO_VALUE * len(values)
    low, high = min(present), max(present)
    top = len(SPARK_BLOCKS) - 1
    blocks = []
    for value in values:
        if value is None:
            blocks.append(NO_VALUE)
        elif high == low:
            blocks.append(SPARK_BLOCKS[top // 2])
        else:
            blocks.append(SPARK_BLOCKS[round((value - low) / (high - low) * top)])
    return "".join(blocks)


@dataclass(frozen=True)
class Trend:
    """One measure across sessions, oldest first."""

    measure: Measure
    values: tuple[float | None, ...]

    @property
    def measured(self) -> list[float]:
        return [v for v in self.values if v is not None]

    @property
    def first(self) -> float | None:
        return self.measured[0] if self.measured else None

    @property
    def latest(self) -> float | None:
        return self.measured[-1] if self.measured else None

    @property
    def change(self) -> float | None:
        """Latest minus first; None until two sessions measured it."""
        if len(self.measured) < 2 or self.first is None or self.latest is None:
            return None
        return round(self.latest - self.first, 2)

    @property
    def verdict(self) -> Verdict:
        if self.change is None or self.first is None or self.latest is None:
            return ""
        before = distance_from_good(self.measure, self.first)
        after = distance_from_good(self.measure, self.latest)
        if after == before:
            return "same"
        return "better" if after < before else "worse"

    @property
    def sparkline(self) -> str:
        return sparkline(self.values)


def distance_from_good(measure: Measure, value: float) -> float:
    """How far a value is from good: smaller is better, whichever way the measure points."""
    if measure.better == "higher":
        return -value
    if measure.better == "lower":
        return value
    low, high = PACE_BAND
    return max(low - value, 0.0, value - high)


def trends(sessions: Sequence[Mapping[str, float | None]]) -> list[Trend]:
    """Every measure's trend over `sessions` (each a session's measures, oldest first)."""
    return [Trend(m, tuple(s.get(m.name) for s in sessions)) for m in MEASURES]


@dataclass(frozen=True)
class ProgressPoint:
    """One session of a role, as the report's progress across sessions shows it."""

    session_id: str
    created: str  # ISO 8601, when the session began
    measures: Mapping[str, float | None]
    current: bool = False  # the session the report is of
