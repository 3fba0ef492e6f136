"""Small text helpers shared by the pure core: tokens, stopwords, sentences, key terms."""

from __future__ import annotations

import re

_TOKEN = re.compile(r"[a-z0-9][a-z0-9+#.\-]*[a-z0-9+#]|[a-z0-9]", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")

STOPWORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing done down during each either
    etc even ever every few for from further get gets got had has have having he her here hers
    him his how however i if in into is it its itself just let like made make many may me might
    more most much must my no nor not now of off on once one only or other our ours out over
    own per quite rather really same say said see she should since so some such than that the
    their them then there these they thing things this those through to too under until up upon
    us use used using very via was way we well were what when where which while who whom why
    will with within without would yet you your yours able across along already always among
    another around etc. including include includes new work working strong good great ability
    experience experienced years year plus preferred required requirements responsibilities
    role team
    """.split()  # noqa: SIM905 - a word list reads best as text
)


def tokens(text: str) -> list[str]:
    """Lowercase word tokens; keeps things like 'c++', 'node.js', 'ci/cd' parts, '99.9'."""
    return [t.lower() for t in _TOKEN.findall(text)]


def content_tokens(text: str) -> list[str]:
    """Tokens that carry meaning: no stopwords, no one-letter words."""
    return [t for t in tokens(text) if t not in STOPWORDS and len(t) > 1]


def sentences(text: str) -> list[str]:
    """Split prose into sentences; a transcript with no punctuation is one sentence."""
    parts = [p.strip() for p in _SENTENCE_END.split(text.strip())]
    return [p for p in parts if p]


def stem(word: str) -> str:
    """A very light stemmer: enough to match 'deployed' with 'deploy', 'services' with 'service'."""
    w = word.lower()
    for suffix in ("ations", "ation", "ings", "ing", "ied", "ies", "ed", "es", "s"):
        if len(w) > len(suffix) + 3 and w.endswith(suffix):
            return w[: -len(suffix)]
    return w


def clip(text: str, limit: int = 160) -> str:
    """Shorten text for display, on a word boundary, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"
