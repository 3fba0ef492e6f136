"""Delivery metrics: pace, pauses, fillers, hedges, pronouns, and the verdicts the UI shows."""

from __future__ import annotations

import pytest

from ai_interviewer.core.delivery import (
    count_fillers,
    count_hedges,
    filler_verdict,
    measure_delivery,
    normalise_word,
    pace_verdict,
)
from ai_interviewer.core.models import Transcript, Word


def timed(pieces: list[tuple[str, float, float]]) -> Transcript:
    """A Whisper-like transcript from (word, start, end) triples."""
    words = [Word(text=t, start=s, end=e) for t, s, e in pieces]
    return Transcript(text="".join(t for t, _, _ in pieces), words=words, source="whisper:tiny.en")


def even(text: str, seconds_per_word: float) -> Transcript:
    """Words spoken back to back at a fixed rate, each with a leading space."""
    pieces = [
        (f" {w}", i * seconds_per_word, (i + 1) * seconds_per_word)
        for i, w in enumerate(text.split())
    ]
    return timed(pieces)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" So", "so"),
        ("Um,", "um"),
        (" it’s", "it's"),
        (" latency.", "latency"),
        (" ...", ""),
        ("—", ""),
    ],
)
def test_normalise_word(raw: str, expected: str) -> None:
    """Whisper words lose leading spaces, case and punctuation."""
    assert normalise_word(raw) == expected


def test_wpm_from_first_start_to_last_end() -> None:
    """60 words over 24 seconds is 150 words per minute."""
    metrics = measure_delivery(even(" ".join(["word"] * 60), 0.4))
    assert metrics.timed is True
    assert metrics.duration_s == pytest.approx(24.0)
    assert metrics.wpm == pytest.approx(150.0)


def test_pauses_over_two_seconds_are_counted() -> None:
    """Gaps over 2 s count as long pauses; the longest gap is reported."""
    t = timed(
        [
            (" We", 0.0, 0.2),
            (" shipped", 0.3, 0.6),
            (" it", 3.0, 3.2),
            (" early.", 3.3, 3.6),
            (" Then", 7.1, 7.4),
        ]
    )
    metrics = measure_delivery(t)
    assert metrics.pauses_over_2s == 2
    assert metrics.longest_pause_s == pytest.approx(3.5)


def test_gap_of_exactly_two_seconds_is_not_long() -> None:
    """A pause must be over 2.0 s to count."""
    t = timed([(" One", 0.0, 1.0), (" two", 3.0, 3.5)])
    assert measure_delivery(t).pauses_over_2s == 0


def test_punctuation_only_words_are_not_counted() -> None:
    """Whisper punctuation tokens do not count as words."""
    t = timed([(" Yes", 0.0, 0.3), (" ,", 0.3, 0.3), (" done", 0.4, 0.8)])
    assert measure_delivery(t).word_count == 2


def test_typed_answer_is_untimed() -> None:
    """A typed answer has no pace, no duration and no pauses, but fillers are still counted."""
    metrics = measure_delivery(Transcript(text="Um, I fixed the build, uh, quickly."))
    assert (metrics.timed, metrics.wpm, metrics.duration_s, metrics.pauses_over_2s) == (
        False,
        None,
        None,
        0,
    )
    assert metrics.fillers == 2
    assert metrics.word_count == 7


def test_words_are_used_when_text_is_empty() -> None:
    """A transcript with words but no text is measured from its words."""
    t = Transcript(
        text="", words=[Word(text=" Um,", start=0, end=0.2), Word(text=" yes.", start=0.3, end=0.5)]
    )
    metrics = measure_delivery(t)
    assert (metrics.word_count, metrics.fillers) == (2, 1)


def test_fillers_per_100_words() -> None:
    """Two fillers in twenty words is ten per hundred."""
    text = "Um, " + " ".join(["word"] * 18) + " uh."
    assert measure_delivery(Transcript(text=text)).fillers_per_100 == pytest.approx(10.0)


def test_empty_transcript() -> None:
    """Nothing said gives zeros, not an error."""
    metrics = measure_delivery(Transcript(text=""))
    assert (metrics.word_count, metrics.fillers, metrics.fillers_per_100, metrics.wpm) == (
        0,
        0,
        0.0,
        None,
    )


@pytest.mark.parametrize(
    ("text", "filler", "count"),
    [
        ("Um, so, uh, we shipped it. Hmm.", "um", 1),
        ("Um, so, uh, we shipped it. Hmm.", "uh", 1),
        ("Um, so, uh, we shipped it. Hmm.", "hmm", 1),
        ("It was, like, really slow.", "like", 1),
        ("Like, we had no tests.", "like", 1),
        ("It was like, um, broken.", "like", 1),
        ("I like Python and it looks like a queue.", "like", 0),
        ("You know, the build was red.", "you know", 1),
        ("It was hard, you know.", "you know", 1),
        ("You know the system we built?", "you know", 0),
        ("I mean, it worked.", "i mean", 1),
        ("That is what I mean.", "i mean", 0),
        ("It was kind of slow.", "kind of", 1),
        ("We used a kind of cache.", "kind of", 0),
        ("What sort of tests do you write?", "sort of", 0),
        ("It sort of worked.", "sort of", 1),
    ],
)
def test_filler_rules(text: str, filler: str, count: int) -> None:
    """Fillers are counted conservatively: set-off phrases, 'like' only when clearly a filler."""
    assert count_fillers(text)[filler] == count


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("I think it was maybe Tuesday.", 2),
        ("I'm not sure, probably the cache.", 2),
        ("It was kind of slow.", 1),
        ("We used a kind of cache.", 0),
        ("I fixed the cache and latency dropped.", 0),
    ],
)
def test_hedges(text: str, count: int) -> None:
    """Hedging phrases are counted, 'kind of' only as a hedge."""
    assert count_hedges(text) == count


def test_i_and_we_counts() -> None:
    """'I' forms and 'we' forms are counted separately."""
    metrics = measure_delivery(
        Transcript(text="I led it and I'm proud; we shipped, we've grown, my team too.")
    )
    assert (metrics.i_count, metrics.we_count) == (2, 2)


@pytest.mark.parametrize(
    ("wpm", "verdict"),
    [
        (None, "not measured"),
        (95.0, "slow"),
        (120.0, "a little slow"),
        (130.0, "comfortable"),
        (160.0, "comfortable"),
        (170.0, "a little fast"),
        (200.0, "fast"),
    ],
)
def test_pace_verdict(wpm: float | None, verdict: str) -> None:
    """130-160 WPM is the comfortable band."""
    assert pace_verdict(wpm) == verdict


@pytest.mark.parametrize(
    ("per_100", "verdict"),
    [(0.0, "good"), (1.9, "good"), (2.0, "moderate"), (5.0, "moderate"), (5.1, "high")],
)
def test_filler_verdict(per_100: float, verdict: str) -> None:
    """Under 2 per 100 words is good, over 5 is high."""
    assert filler_verdict(per_100) == verdict
