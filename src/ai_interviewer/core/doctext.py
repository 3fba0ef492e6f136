"""Cleaning the text of a document (often extracted from a PDF) into lines the readers can use,
and the few word tests both readers need (is this line a heading, does this name a unit).

Shared by the resume reader (`profile`) and the job description reader (`jobdesc`). Pure.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# \x7f and private-use code points are how some PDF fonts' bullets come out of text extraction
_BULLET_CHARS = "•▪◦●○■□◆◇➢➤►▶‣⁃∙·*+\x7f\x95\uf0b7\uf0a7\uf076\uf0d8\uf0fc✓✔-–—"
_BULLET = re.compile(rf"^\s*(?:[{re.escape(_BULLET_CHARS)}]+\s*|\(?\d{{1,2}}[.)]\s+)(?=\S)")
_LONE_BULLET = re.compile(rf"^\s*[{re.escape(_BULLET_CHARS)}]\s*$")
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff\x00-\x08\x0b\x0e-\x1f]")
_HYPHEN_BREAK = re.compile(r"([A-Za-z])-\n[ \t]*([a-z])")
_SPACES = re.compile(r"[ \t\u00a0]+")
_COLUMN_GAP = re.compile(r"\t+|\s{3,}")
_SENTENCE_END = (".", "!", "?")


def word_set(text: str, separator: str | None = None) -> frozenset[str]:
    """The words (or `separator`-split phrases) of a text block, whitespace tidied."""
    return frozenset(" ".join(part.split()) for part in text.split(separator) if part.strip())


_JOINING_WORDS = word_set(
    "a an and or of the to in for with on at by from as using via into including across that "
    "which while per than our your their its"
)


@dataclass(frozen=True)
class Line:
    """One logical line of a document: its text, whether it was a bullet, and where it came from."""

    text: str  # whitespace collapsed, bullet marker removed
    bullet: bool
    index: int  # position among the document's logical lines
    columns: tuple[str, ...] = ()  # the raw line split at wide gaps or tabs, when there were any


def normalize(text: str) -> str:
    """Unicode clean-up: ligatures, odd spaces, soft hyphens, Windows line ends, broken words."""
    text = unicodedata.normalize("NFKC", text)
    text = _INVISIBLE.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    return _HYPHEN_BREAK.sub(r"\1\2", text)


def collapse(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def strip_bullet(raw: str) -> tuple[str, bool]:
    """Remove a leading bullet marker; says whether there was one."""
    match = _BULLET.match(raw)
    if match is None:
        return raw.strip(), False
    rest = raw[match.end() :]
    # "-2019" or "—Present" are not bullets; a hyphen needs a space after it to be one
    marker = raw[: match.end()].strip()
    if marker in ("-", "+") and raw.lstrip()[1:2] not in (" ", "\t"):
        return raw.strip(), False
    return rest.strip(), True


def _should_join(previous: Line, following: str) -> bool:
    """A wrapped line continues the one before when the sentence clearly runs on."""
    text = previous.text
    if not text or not following or text.endswith((*_SENTENCE_END, ":")):
        return False
    if not previous.bullet and len(text.split()) <= 3:
        return False  # a heading or a name, not a sentence
    if following[0].islower() or following[0] in "(&%":
        return True
    last_word = text.rsplit(" ", 1)[-1].lower()
    return text.endswith((",", ";", "&", "-", "/")) or last_word in _JOINING_WORDS


def split_lines(text: str, join_wrapped: bool = True) -> list[Line]:
    """The document's logical lines: bullets found, wrapped bullet lines joined back together."""
    lines: list[Line] = []
    pending_bullet = False
    for raw in normalize(text).split("\n"):
        if not raw.strip():
            continue
        if _LONE_BULLET.match(raw):
            pending_bullet = True
            continue
        body, bullet = strip_bullet(raw)
        bullet = bullet or pending_bullet
        pending_bullet = False
        columns = tuple(collapse(c) for c in _COLUMN_GAP.split(body.strip()) if c.strip())
        body = collapse(body)
        if not body:
            continue
        prev = lines[-1] if lines else None
        if join_wrapped and prev is not None and not bullet and _should_join(prev, body):
            lines[-1] = Line(prev.text + " " + body, prev.bullet, prev.index, prev.columns)
            continue
        lines.append(Line(body, bullet, len(lines), columns if len(columns) > 1 else ()))
    return lines


# What names a unit of an employer: "Emergency Department", "Ward 7B", "Year 2", "Store 412".
_UNIT_WORDS = re.compile(
    r"\b(?:department|dept|ward|unit|team|division|branch|year \d{1,2}|year (?:one|two|three"
    r"|four|five|six)|reception class|key stage \d|store #? ?\d+)\b"
    r"|\b(?-i:ICU|NICU|PICU|ED|A&E|KS\d)(?!\w)",
    re.IGNORECASE,
)


def names_a_unit(text: str) -> bool:
    """True for a department, ward, team, year group or store, as opposed to an employer."""
    return _UNIT_WORDS.search(text) is not None


def heading_text(line: str) -> str:
    """A line reduced to lowercase letters and spaces, for comparing against known headings."""
    text = line.lower().replace("’", "'").replace("&", " and ")
    text = re.sub(r"[^a-z' ]+", " ", text)
    return " ".join(text.replace("'", "").split())


def looks_like_heading(line: Line, max_words: int = 6) -> bool:
    """Short, not a bullet, no sentence punctuation: could be a section heading."""
    if line.bullet:
        return False
    words = line.text.rstrip(":").split()
    if not words or len(words) > max_words:
        return False
    return not line.text.endswith((".", ",", ";")) and not any(c.isdigit() for c in line.text)
