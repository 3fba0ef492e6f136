"""STAR detection: each part with its quote, numbers, and run-on transcripts."""

from __future__ import annotations

import pytest

from ai_interviewer.core.star import clauses, detect_star, find_numbers, is_measure, trim_quote

FULL = (
    "At my last job our checkout service was timing out during sales. "
    "I was responsible for fixing it before the holiday peak. "
    "I profiled the database calls, added a Redis cache and rewrote the slowest query. "
    "As a result p95 latency dropped from 800 ms to 200 ms and timeouts fell by 40%."
)
RUN_ON = (
    "so at my last job we had a problem with deploys taking forever and i needed to fix that so i "
    "set up a pipeline with parallel test jobs and in the end deploys went from forty minutes to "
    "eight minutes which saved the team three hours a week"
)


@pytest.mark.parametrize(
    ("part", "quote"),
    [
        ("situation", "At my last job our checkout service was timing out during sales."),
        ("task", "I was responsible for fixing it before the holiday peak."),
        (
            "action",
            "I profiled the database calls, added a Redis cache and rewrote the slowest query.",
        ),
        (
            "result",
            "As a result p95 latency dropped from 800 ms to 200 ms and timeouts fell by 40%.",
        ),
    ],
)
def test_each_part_is_found_with_its_sentence(part: str, quote: str) -> None:
    """A punctuated STAR answer gives each part its own sentence as the quote."""
    component = getattr(detect_star(FULL), part)
    assert component.present and component.quote == quote


def test_quantified_result() -> None:
    """A result with numbers is quantified and the numbers are listed."""
    star = detect_star(FULL)
    assert star.quantified
    assert star.numbers == ["800 ms", "200 ms", "40%"]


@pytest.mark.parametrize("part", ["situation", "task", "action", "result"])
def test_run_on_transcript_finds_every_part(part: str) -> None:
    """An unpunctuated transcript is split at clause cues and every part is found."""
    assert getattr(detect_star(RUN_ON), part).present


@pytest.mark.parametrize("part", ["situation", "task", "action", "result"])
def test_quotes_are_verbatim_slices(part: str) -> None:
    """Quotes are taken verbatim from the answer, also from run-on text."""
    quote = getattr(detect_star(RUN_ON), part).quote
    assert quote is not None and quote in RUN_ON


def test_run_on_result_prefers_a_clause_with_numbers() -> None:
    """The result quote is the clause that carries the numbers."""
    assert "forty minutes" in (detect_star(RUN_ON).result.quote or "")


def test_vague_answer_has_no_star_parts() -> None:
    """A general statement with no example has no STAR parts."""
    star = detect_star("I think teamwork is important and I always try my best.")
    assert star.found == [] and not star.quantified


def test_result_without_number_is_not_quantified() -> None:
    """A result in words only is present but not quantified."""
    star = detect_star("I added a cache to the service. As a result the pages got much faster.")
    assert star.result.present and not star.quantified


def test_hypothetical_actions_count() -> None:
    """Situational answers ('I would ...') have actions."""
    assert detect_star(
        "First I would roll back the deploy and tell the stakeholders."
    ).action.present


def test_empty_text() -> None:
    """Empty text gives an empty analysis, not an error."""
    star = detect_star("")
    assert star.found == [] and star.numbers == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cut costs by 40% and $2.5k a month", ["40%", "$2.5k"]),
        ("it went from forty percent to twice as fast", ["forty percent", "twice"]),
        ("it took three weeks and 2 days", ["three weeks", "2 days"]),
        ("latency fell to 180 ms", ["180 ms"]),
        ("in 2019 we moved to k8s and python3", []),
        ("we halved the build time", ["halved"]),
    ],
)
def test_find_numbers(text: str, expected: list[str]) -> None:
    """Digits, money, percentages, spelled-out amounts and multiples; no years or names."""
    assert find_numbers(text) == expected


@pytest.mark.parametrize(
    ("number", "measure"), [("40%", True), ("3 weeks", True), ("twice", True), ("3", False)]
)
def test_is_measure(number: str, measure: bool) -> None:
    """An amount with a unit is a measure; a bare figure is not."""
    assert is_measure(number) is measure


def test_long_sentence_is_split_into_clauses() -> None:
    """A long unpunctuated sentence is cut at clause cues, each clause a verbatim slice."""
    parts = clauses(RUN_ON)
    assert len(parts) >= 4
    assert all(p in RUN_ON for p in parts)


def test_clauses_never_cross_line_breaks() -> None:
    """A line break is always a clause boundary."""
    assert clauses("we fixed it\nthe build passed") == ["we fixed it", "the build passed"]


def test_trim_quote_keeps_a_verbatim_prefix() -> None:
    """A long quote is cut on a word boundary and stays a slice of the original."""
    text = " ".join(f"w{i}," for i in range(50))
    trimmed = trim_quote(text, 10)
    assert text.startswith(trimmed) and len(trimmed.split()) == 10 and not trimmed.endswith(",")
