"""Quantities in an answer, and what kind of thing each one counts. Pure.

A quantity is a number with what it counts: digits or words ("12 patients", "eleven percent",
"one fall instead of five", "$40,000", "85 over 50", "three weeks", "a 72-year-old"). Spelled-out
numbers count only with a unit after them ("one day", "one of them" are not quantities). Each is
one of:

* ``amount``: an amount of something: people, time, money, events, a percentage;
* ``tenure``: how long someone has worked ("15 years of experience", "for twelve years in the
  trade"): it says nothing about what came of the work;
* ``rating``: a self-rating or an effort claim ("10 out of 10", "I give 110%");
* ``date``: a year ("in 2019").

Whether an amount measures an outcome is decided by the clause it sits in (see `answer`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from ai_interviewer.core.lexicon import lemma, lemmas

QuantityKind = Literal["amount", "tenure", "rating", "date"]

_UNIT_WORD = (
    r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
    r"|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|hundred|thousand|million|billion|dozen|half"
)
_SPELLED = rf"(?:an?\s+)?(?:{_UNIT_WORD})(?:[\s-]+(?:and\s+)?(?:{_UNIT_WORD}))*"
_DIGITS = r"\d+(?:[.,:]\d+)*"
_SCALE = r"(?:\s?(?:k|m|bn|million|billion|thousand|grand)\b)?"
_PERCENT = r"(?:\s?%|\s(?:percent|per cent)\b)"
_CHANGE_WORDS = r"twice|doubled|tripled|quadrupled|halved|in half"
QUANTITY = re.compile(
    rf"[$€£¥₹]\s?{_DIGITS}{_SCALE}"
    rf"|(?<![\w.]){_DIGITS}{_SCALE}(?:{_PERCENT}|(?:\s?(?:x|am|pm|a\.m\.|p\.m\.)\b))?"
    rf"|\b{_SPELLED}{_SCALE}(?:{_PERCENT})?(?![\w-])"
    rf"|\b(?:{_CHANGE_WORDS})\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"^(?:19[5-9]\d|20[0-3]\d)$")
_NEXT_WORDS = re.compile(r"[\s-]*([A-Za-z][A-Za-z'’\-]*)(?:\s+([A-Za-z][A-Za-z'’\-]*))?")
_NOT_UNITS = frozenset(
    """
    of who that which than thing things time times way ways point another other more less or and
    to in on at the a an by for with if is was were are be it this out we i he she they you my
    our his her their your its them us me him and but so then had have has did do as from up
    because when while after before since until if though although unless where which whose
    over under into onto about around just only also still even again per each every all
    """.split()  # noqa: SIM905
)
_TENURE_CONTEXT = re.compile(
    r"\b(?:experience|experienced|career|been (?:a|an|in|with|working|doing)|in the (?:trade|"
    r"industry|field|profession|business|sector)|worked (?:as|in|for)|working (?:as|in)|"
    r"i've been|i have been|served|serving)\b",
    re.IGNORECASE,
)
_RATING_CONTEXT = re.compile(
    r"\b(?:rate|rated|rating)\b|\b(?:score|scored|give|gave|put) (?:myself|me|it)\b"
    r"|\b(?:give|gave) (?:my all|everything)\b|\b(?:effort|commitment|dedication|would say)\b",
    re.IGNORECASE,
)
_GIVING = re.compile(r"\bgiv(?:e|es|ing)\s*$|\bgave\s*$", re.IGNORECASE)
_IDIOM_UNITS = frozenset({"day", "night", "morning", "afternoon", "evening", "time", "week"})
_OUT_OF = re.compile(r"\s*(?:out of|/)\s*(?:10|ten|5|five|100)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    """A number in the answer with what it counts."""

    text: str  # verbatim, with its unit when the unit is a word after it ("12 patients")
    start: int
    end: int
    unit: str | None  # the lemma of what is counted ("patient", "percent", "year"), if any
    kind: QuantityKind


def _is_spelled(text: str) -> bool:
    return not any(ch.isdigit() for ch in text)


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    """The noun a number counts ('12 [new] patients') and where it ends; (None, end) if none."""
    match = _NEXT_WORDS.match(text, end)
    if match is None:
        return None, end
    first, second = match.group(1), match.group(2)
    if first.lower() in _NOT_UNITS:
        return None, end
    found = lemmas(first)
    if second and "ADJ" in found and "NOUN" in lemmas(second):  # "3 extra shifts"
        return lemma(second), match.end(2)
    if "NOUN" in found or not found:
        return lemma(first), match.end(1)
    if "ADJ" in found and second and second.lower() not in _NOT_UNITS:
        return lemma(second), match.end(2)
    return None, end


def _kind(text: str, number: str, unit: str | None, start: int, end: int) -> QuantityKind:
    if _YEAR.match(number.replace(",", "")) and unit is None:
        return "date"
    before = text[max(0, start - 40) : start]
    if _OUT_OF.match(text[end : end + 20]) or "/10" in number:
        return "rating" if _RATING_CONTEXT.search(before) else "amount"
    if ("%" in number or "percent" in number.lower()) and (
        _RATING_CONTEXT.search(before) or _GIVING.search(before)
    ):
        return "rating"
    if unit in ("year", "yr", "month", "decade"):
        window = text[max(0, start - 60) : min(len(text), end + 40)]
        if _TENURE_CONTEXT.search(window):
            return "tenure"
    return "amount"


def _not_a_count(spelled: str, unit: str | None) -> bool:
    """A spelled-out number that counts nothing: 'one of them', 'one day'; 'twice' counts."""
    if re.match(_CHANGE_WORDS, spelled, re.IGNORECASE):
        return False
    return unit is None or (spelled.lower() in ("one", "a", "an") and unit in _IDIOM_UNITS)


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity of the text, left to right (spelled numbers only with a unit)."""
    found: list[Quantity] = []
    taken_to = 0
    for match in QUANTITY.finditer(text):
        number = match.group(0).strip()
        start, end = match.start(), match.end()
        if start < taken_to:  # the "10" of "10 out of 10"
            continue
        has_own_unit = bool(re.search(r"%|percent|per cent|[$€£¥₹]", number, re.IGNORECASE))
        unit, unit_end = (None, end) if has_own_unit else _unit_after(text, end)
        if has_own_unit:
            unit = "percent" if re.search(r"%|percent|per cent", number, re.I) else "money"
        if _is_spelled(number) and _not_a_count(number, unit):
            continue
        kind = _kind(text, number, unit, start, end)
        shown_end = unit_end if unit not in (None, "percent", "money") else end
        out_of = _OUT_OF.match(text, end)
        if out_of is not None:
            shown_end = taken_to = out_of.end()
        found.append(Quantity(text[start:shown_end], start, shown_end, unit, kind))
    return found
