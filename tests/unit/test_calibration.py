"""The calibration set, typed: the offline rubric orders strong answers above weak ones across
professions, with a margin, and no gaming answer scores above the ceiling. `make bench` reports
the same set spoken (through the offline voice and Whisper) and the held-out set."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import calibration  # noqa: E402

MIN_ORDERED = 0.97
MIN_MEDIAN_MARGIN = 15


@pytest.fixture(scope="module")
def scored() -> list[calibration.Scored]:
    return [calibration.score_profession(p) for p in calibration.load_professions()]


def test_the_set_covers_eight_professions_and_eighty_pairs(
    scored: list[calibration.Scored],
) -> None:
    """At least 8 professions and 80 pairs, every pair saying why it is ordered so."""
    assert len(scored) >= 8
    pairs = [pair for s in scored for pair, _, _ in s.pairs]
    assert len(pairs) >= 80
    assert all(pair.why.strip() for pair in pairs)


def test_strong_answers_beat_weak_ones(scored: list[calibration.Scored]) -> None:
    """At least 97% of pairs ordered strong above weak, with a median margin of 15 points."""
    margins = [m for s in scored for m in s.margins]
    wrong = calibration.failures(scored)
    assert sum(1 for m in margins if m > 0) >= MIN_ORDERED * len(margins), wrong
    assert statistics.median(margins) >= MIN_MEDIAN_MARGIN


def test_no_gaming_answer_scores_above_the_ceiling(scored: list[calibration.Scored]) -> None:
    """Content-free answers built from the question, the job ad and STAR cue phrases stay at
    or under 40, in every profession."""
    over = [
        (g.id, score) for s in scored for g, score in s.gaming if score > calibration.GAMING_CEILING
    ]
    assert not over
