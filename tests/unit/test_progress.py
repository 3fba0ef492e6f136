"""Progress across sessions: each session's measures, sparklines, and whether a change is for the
better."""

from __future__ import annotations

import pytest

from ai_interviewer.core.criteria import CRITERIA
from ai_interviewer.core.progress import MEASURES, session_measures, sparkline, trends


def test_a_sparkline_runs_from_the_lowest_value_to_the_highest() -> None:
    """One block per session, scaled to the series; a gap where a session did not measure it."""
    assert sparkline([40, 60, 80]) == "▁▅█"
    assert sparkline([3.0, None, 3.0]) == "▄ ▄"
    assert sparkline([None, None]) == "  "
    assert sparkline([]) == ""


@pytest.mark.parametrize(
    ("name", "values", "change", "verdict"),
    [
        ("overall", [40, 60, 80], 40, "better"),
        ("structure", [8, 6], -2, "worse"),
        ("fillers_per_100", [6.0, 2.5], -3.5, "better"),
        ("wpm", [190, 150], -40, "better"),  # into the 130-160 band
        ("wpm", [140, 155], 15, "same"),  # inside the band both times
        ("wpm", [150, 120], -30, "worse"),  # out of it, too slow
        ("overall", [55], None, ""),  # one session: no change yet
        ("wpm", [None, 150, None], None, ""),  # measured once
    ],
)
def test_a_change_is_better_when_it_moves_towards_good(
    name: str, values: list[float | None], change: float | None, verdict: str
) -> None:
    """Scores are better higher, fillers lower, pace inside its band; first and latest are the
    first and latest sessions that measured it."""
    [trend] = [t for t in trends([{name: v} for v in values]) if t.measure.name == name]

    assert trend.change == change
    assert trend.verdict == verdict


def test_every_criterion_has_a_trend_in_order() -> None:
    """The overall, then each criterion as criteria.py lists them, then the delivery measures."""
    found = trends([])
    names = [t.measure.name for t in found]

    assert names == [m.name for m in MEASURES]
    assert names[1 : 1 + len(CRITERIA)] == list(CRITERIA)
    assert found[CRITERIA.index("structure") + 1].measure.label == "Structure (/10)"


def test_session_measures_compare_short_and_long_sessions() -> None:
    """Hedges are per 100 words and long pauses per answer, so a longer session does not look
    worse for having more of them; untimed answers have no pace and no pauses."""
    delivery = {"wpm": 150.0, "fillers_per_100": 2.5, "pauses_over_2s": 6.0, "hedges": 3.0}
    measures = session_measures(62, {"structure": 5.5}, {**delivery, "words": 600.0}, 3)

    assert measures["overall"] == 62
    assert measures["structure"] == 5.5
    assert measures["relevance"] == 0.0
    assert measures["hedges_per_100"] == 0.5
    assert measures["pauses_per_answer"] == 2.0

    typed = session_measures(62, {}, {"wpm": None, "words": 300.0, "fillers_per_100": 1.0}, 3)
    assert typed["wpm"] is None and typed["pauses_per_answer"] is None
    assert typed["fillers_per_100"] == 1.0

    silent = session_measures(0, {}, {"words": 0.0, "fillers_per_100": 0.0}, 0)
    assert silent["fillers_per_100"] is None and silent["hedges_per_100"] is None
