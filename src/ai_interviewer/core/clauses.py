"""Cutting an answer into clauses, and quoting it verbatim. Pure.

An answer is cut into sentences, and a long or unpunctuated sentence (spoken answers often are one)
further at clause cues ("so", "then", "as a result", "which", "because", ...); clauses shorter
than a few words join their neighbour. Every clause is a verbatim slice of the answer, so a quote
taken from one is always found in the transcript.
"""

from __future__ import annotations

import re

MAX_QUOTE_WORDS = 35
SPLIT_SENTENCES_OVER_WORDS = 18
MIN_CLAUSE_WORDS = 4

Span = tuple[int, int]

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")
_CLAUSE_CUE = re.compile(
    r"(?:,\s*|\s)(?:and\s+)?(?=(?:so that|so|and then|then|but|as a result|which|after that|"
    r"afterwards|in the end|finally|eventually|because|until|my goal|our goal|i had to|we had to|"
    r"the result|the outcome|overall|first|next|and i|and we|by the end|since then|"
    r"from then on|after|when i|once)\b)",
    re.IGNORECASE,
)


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in " \t\r\n,;:-":
        start += 1
    while end > start and text[end - 1] in " \t\r\n,;:-":
        end -= 1
    return start, end


def _split(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[Span]:
    """Spans of text[start:end] between matches of pattern, stripped of surrounding spaces."""
    spans: list[Span] = []
    cursor = start
    for match in pattern.finditer(text, start, end):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, end))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[0] < s[1]]


def _word_count(text: str) -> int:
    return len(text.split())


def _merge_short(text: str, spans: list[Span]) -> list[Span]:
    merged: list[Span] = []
    for span in spans:
        if merged and _word_count(text[span[0] : span[1]]) < MIN_CLAUSE_WORDS:
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    if len(merged) > 1 and _word_count(text[merged[0][0] : merged[0][1]]) < MIN_CLAUSE_WORDS:
        merged[1] = (merged[0][0], merged[1][1])
        merged.pop(0)
    return merged


def clause_spans(text: str) -> list[Span]:
    """(start, end) of each clause of the text: sentences, long ones cut at clause cues."""
    spans: list[Span] = []
    for start, end in _split(text, 0, len(text), _SENTENCE_BREAK):
        if _word_count(text[start:end]) > SPLIT_SENTENCES_OVER_WORDS:
            spans.extend(_merge_short(text, _split(text, start, end, _CLAUSE_CUE)))
        else:
            spans.append((start, end))
    return spans


def clauses(text: str) -> list[str]:
    """The clauses of a text (each a verbatim slice of it)."""
    return [text[a:b] for a, b in clause_spans(text)]


def quote_around(
    text: str, start: int, end: int, anchor: int, max_words: int = MAX_QUOTE_WORDS
) -> str:
    """A verbatim slice of text[start:end] of at most `max_words` words that holds the character
    at `anchor` (the word a quote is there to show), trailing commas dropped."""
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) <= max_words:
        return trim_quote(text[start:end], max_words)
    at = next((i for i, w in enumerate(words) if start + w.end() > anchor), 0)
    first = max(0, min(at - max_words // 3, len(words) - max_words))
    piece = text[start + words[first].start() : start + words[first + max_words - 1].end()]
    return piece.strip(" ,;:-")


def trim_quote(quote: str, max_words: int = MAX_QUOTE_WORDS) -> str:
    """The quote cut after `max_words` words, still a verbatim slice; trailing commas dropped."""
    matches = list(re.finditer(r"\S+", quote))
    if len(matches) > max_words:
        quote = quote[: matches[max_words - 1].end()]
    return quote.rstrip(" ,;:-")
