"""The microphone meter: a bar in decibels, the elapsed time, what ends the answer."""

from __future__ import annotations

import pytest

from ai_interviewer.cli.run_view import METER_WIDTH, level_bar


@pytest.mark.parametrize(
    ("rms", "filled"),
    [
        (0.0, 0),
        (0.001, 0),
        (0.01, METER_WIDTH // 3),
        (0.1, METER_WIDTH * 2 // 3),
        (1.0, METER_WIDTH),
    ],
)
def test_meter_fills_on_a_decibel_scale(rms: float, filled: int) -> None:
    bar = level_bar(rms, 0.0, "Enter ends").plain
    assert bar.count("█") == filled


def test_meter_shows_minutes_and_seconds_and_the_hint() -> None:
    assert level_bar(0.0, 75.4, "Enter ends").plain.startswith("● REC 1:15 ")
    assert level_bar(0.0, 0.0, "Enter ends").plain.endswith("Enter ends")
