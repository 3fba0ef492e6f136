"""Delivery metrics measured from a transcript: pace, fillers, pauses, hedges, "I" versus "we".

Pure, no I/O. Timed figures (WPM, pauses, duration) come only from word timestamps; a typed
answer has none, so it is `timed=False` with `wpm=None`, and fillers are counted from its text.
Pace, pauses and length run from the first word to the last: thinking before speaking is not
speaking, and is reported on its own as the time to the first word (`first_word_s`).

Fillers, kept conservative so that real words are not counted:

* always: um, umm, uh, uhh, uhm, er, erm, ah, hmm, hm, mm, mhm;
* "you know" and "i mean" only when set off: followed by punctuation, the end, or another filler,
  or opening a clause (after a comma or at the start) and not followed by an object ("you know
  the system", "I mean that we ..." are not fillers);
* "kind of" / "sort of" only as hedging ("it was kind of slow"), not after a determiner
  ("a kind of cache", "what sort of tests");
* "like" only when clearly a filler: between commas ("it was, like, slow"), opening a clause
  with a comma ("Like, we ..."), or next to another filler ("like, um").

Hedges are the phrases in `HEDGES`; "kind of"/"sort of" count as both a filler and a hedge.
"I" counts i/i'm/i've/i'd/i'll, "we" counts we/we're/we've/we'd/we'll.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import pairwise

from ai_interviewer.core.models import DeliveryMetrics, Transcript, Word


def _phrases(text: str) -> tuple[str, ...]:
    """A comma-separated list of words and phrases as a tuple."""
    return tuple(p.strip() for p in text.split(",") if p.strip())


LONG_PAUSE_S = 2.0
PACE_BAND: tuple[float, float] = (130.0, 160.0)
FILLERS_GOOD_UNDER = 2.0
FILLERS_HIGH_OVER = 5.0

SIMPLE_FILLERS: frozenset[str] = frozenset(
    _phrases("um, umm, uh, uhh, uhm, er, erm, ah, hmm, hm, mm, mhm")
)
HEDGES: tuple[str, ...] = _phrases(
    "i think, i guess, i suppose, i believe, i feel like, maybe, probably, perhaps, possibly, "
    "not sure, i don't know, kind of, sort of, somewhat, more or less, if i remember"
)
I_FORMS: frozenset[str] = frozenset({"i", "i'm", "i've", "i'd", "i'll"})
WE_FORMS: frozenset[str] = frozenset({"we", "we're", "we've", "we'd", "we'll"})

# After "you know" / "i mean", these make the phrase a verb with an object, not a filler.
_OBJECT_WORDS: frozenset[str] = frozenset(
    _phrases(
        "that, what, how, why, when, where, who, which, if, whether, the, a, an, this, these, "
        "those, it, him, her, them, me, us, about, your, my, our, his, their, some, any, is, was"
    )
)
# Before "kind of" / "sort of", these make it a noun ("a kind of cache"), not a hedge.
_DETERMINERS: frozenset[str] = frozenset(
    _phrases(
        "a, an, the, this, that, these, those, what, which, some, any, every, each, one, no, "
        "same, other, another, different, all, many, two, three, several, whatever"
    )
)
# Before "you know" / "i mean", these make it a real question or clause ("what I mean").
_ASKING_WORDS: frozenset[str] = frozenset({"what", "do", "did", "if", "as", "whether"})
_TOKEN = re.compile(r"[a-z0-9]+(?:['.\-+#][a-z0-9]+)*|[,.;:!?]")
_PUNCT = frozenset(",.;:!?")


def normalise_word(text: str) -> str:
    """A Whisper-style word (" So", "Um,", "It's") as a bare lowercase word; '' for punctuation."""
    lowered = text.strip().lower().replace("’", "'").replace("‘", "'")
    return lowered.strip(" \t\n\"'“”()[]{},.;:!?…-—–")


def stream(text: str) -> list[str]:
    """Lowercase words and punctuation marks of a text, in order (punctuation kept for fillers)."""
    cleaned = text.lower().replace("’", "'").replace("‘", "'").replace("…", ".")
    return _TOKEN.findall(cleaned)


def _words_only(items: Sequence[str]) -> list[str]:
    return [t for t in items if t not in _PUNCT]


def _at(items: Sequence[str], i: int) -> str:
    """The item at i, or '' outside the sequence."""
    return items[i] if 0 <= i < len(items) else ""


def _opens_clause(items: Sequence[str], i: int) -> bool:
    return i == 0 or items[i - 1] in _PUNCT


def _closed_after(items: Sequence[str], j: int) -> bool:
    nxt = _at(items, j)
    return nxt == "" or nxt in _PUNCT or nxt in SIMPLE_FILLERS


def _is_set_off_phrase(items: Sequence[str], i: int, length: int) -> bool:
    """'you know' / 'i mean' at i used as a filler (see the module notes)."""
    after = i + length
    if _at(items, i - 1) in _ASKING_WORDS:
        return False
    if _closed_after(items, after):
        return True
    return _opens_clause(items, i) and _at(items, after) not in _OBJECT_WORDS


def _is_filler_like(items: Sequence[str], i: int) -> bool:
    before, after = _at(items, i - 1), _at(items, i + 1)
    after_word = _at(items, i + 2) if after == "," else after
    if before == "," and after == ",":
        return True
    if i == 0 and after == ",":
        return True
    if before in (".", "!", "?", ";") and after == ",":
        return True
    return before in SIMPLE_FILLERS or after_word in SIMPLE_FILLERS


def _is_filler_phrase(items: Sequence[str], i: int, pair: str) -> bool:
    if pair in ("you know", "i mean"):
        return _is_set_off_phrase(items, i, 2)
    return pair in ("kind of", "sort of") and _at(items, i - 1) not in _DETERMINERS


def count_fillers(text: str) -> Counter[str]:
    """Filler words and phrases of a text, by filler (see the module notes for the rules)."""
    return _count_fillers_in(stream(text))


def _count_fillers_in(items: Sequence[str]) -> Counter[str]:
    found: Counter[str] = Counter()
    for i, item in enumerate(items):
        pair = f"{item} {_at(items, i + 1)}"
        if item in SIMPLE_FILLERS:
            found[item] += 1
        elif _is_filler_phrase(items, i, pair):
            found[pair] += 1
        elif item == "like" and _is_filler_like(items, i):
            found["like"] += 1
    return found


def _by_first_word(phrases: Iterable[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Phrases as word tuples under their first word: one pass over the words finds them all."""
    found: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        parts = tuple(phrase.split())
        found.setdefault(parts[0], []).append(parts)
    return {first: tuple(parts) for first, parts in found.items()}


# 'kind of' / 'sort of' are counted as count_fillers finds them ('a kind of' is no hedge)
_HEDGES_BY_FIRST = _by_first_word(h for h in HEDGES if h not in ("kind of", "sort of"))


def _count_hedge_phrases(words: Sequence[str]) -> int:
    """Occurrences of the hedges in `_HEDGES_BY_FIRST`, each counted wherever it starts."""
    total = 0
    for i, word in enumerate(words):
        for parts in _HEDGES_BY_FIRST.get(word, ()):
            if tuple(words[i : i + len(parts)]) == parts:
                total += 1
    return total


def count_hedges(text: str) -> int:
    """How many hedging phrases from `HEDGES` the text uses ('kind of' only as a hedge)."""
    items = stream(text)
    return _hedges(_words_only(items), _count_fillers_in(items))


def _hedges(words: Sequence[str], fillers: Counter[str]) -> int:
    return _count_hedge_phrases(words) + fillers["kind of"] + fillers["sort of"]


def has_filler_or_hedge(text: str) -> bool:
    """Whether the text has a filler or a hedge at all (see count_fillers, count_hedges)."""
    items = stream(text)
    return bool(_count_fillers_in(items)) or _count_hedge_phrases(_words_only(items)) > 0


def _timed_words(words: Sequence[Word]) -> list[Word]:
    spoken = [w for w in words if normalise_word(w.text)]
    return sorted(spoken, key=lambda w: (w.start, w.end))


def _gaps(words: Sequence[Word]) -> list[float]:
    return [max(0.0, b.start - a.end) for a, b in pairwise(words)]


def answer_text(transcript: Transcript) -> str:
    """The answer's text: the transcript text, or its words joined when the text is empty."""
    if transcript.text.strip():
        return transcript.text
    return " ".join(w.text.strip() for w in transcript.words if w.text.strip())


def measure_delivery(transcript: Transcript) -> DeliveryMetrics:
    """Measure pace, pauses, fillers, hedges and pronouns of one answer."""
    text = answer_text(transcript)
    items = stream(text)
    words = _words_only(items)
    fillers = _count_fillers_in(items)
    timed = _timed_words(transcript.words)
    word_count = len(timed) if timed else len(words)
    metrics = DeliveryMetrics(
        word_count=word_count,
        fillers=sum(fillers.values()),
        filler_words=dict(sorted(fillers.items())),
        fillers_per_100=round(100.0 * sum(fillers.values()) / word_count, 2) if word_count else 0.0,
        hedges=_hedges(words, fillers),
        i_count=sum(1 for w in words if w in I_FORMS),
        we_count=sum(1 for w in words if w in WE_FORMS),
    )
    if not timed:
        return metrics
    duration = max(0.0, timed[-1].end - timed[0].start)
    gaps = _gaps(timed)
    metrics.timed = True
    metrics.duration_s = round(duration, 2)
    metrics.first_word_s = round(max(0.0, timed[0].start), 2)
    metrics.wpm = round(word_count * 60.0 / duration, 1) if duration > 0 else None
    metrics.pauses_over_2s = sum(1 for g in gaps if g > LONG_PAUSE_S)
    metrics.longest_pause_s = round(max(gaps, default=0.0), 2)
    return metrics


def pace_verdict(wpm: float | None) -> str:
    """A word for the speaking rate: 130-160 WPM is the comfortable band."""
    if wpm is None:
        return "not measured"
    low, high = PACE_BAND
    if wpm < low - 20:
        return "slow"
    if wpm < low:
        return "a little slow"
    if wpm <= high:
        return "comfortable"
    if wpm <= high + 20:
        return "a little fast"
    return "fast"


def filler_verdict(per_100: float) -> str:
    """A word for fillers per 100 words: under 2 is good, over 5 is high."""
    if per_100 < FILLERS_GOOD_UNDER:
        return "good"
    if per_100 <= FILLERS_HIGH_OVER:
        return "moderate"
    return "high"
