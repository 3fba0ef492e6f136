"""Reading a job description into a `JobDescription`: title, company, requirements, key terms. Pure.

Requirements come from the bullet lines under requirement-like headings ("Requirements",
"What you'll need", "Responsibilities", "Nice to have", ...); a job description written as prose
gives its requirements from the sentences that sound like one ("experience with", "you will").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ai_interviewer.core.doctext import (
    Line,
    heading_text,
    looks_like_heading,
    split_lines,
    word_set,
)
from ai_interviewer.core.models import JobDescription, Requirement
from ai_interviewer.core.text import STOPWORDS, sentences, stem, tokens
from ai_interviewer.core.vocabulary import find_terms, strip_terms

MAX_REQUIREMENTS = 12
MAX_TERMS = 40
MAX_REQUIREMENT_TERMS = 8

# The kinds of section a heading opens, checked in this order (first match wins).
_HEADING_CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "nice",
        (
            "nice to have",
            "nice to haves",
            "bonus",
            "plus",
            "pluses",
            "preferred",
            "ideally",
            "good to have",
            "extra credit",
            "desirable",
            "would be great",
        ),
    ),
    ("must", ("about you", "who you are", "what you bring", "you bring", "you have")),
    (
        "misc",
        (
            "about the job",
            "about the role",
            "about this role",
            "the opportunity",
            "job summary",
            "position summary",
            "role summary",
            "overview",
        ),
    ),
    (
        "other",
        (
            "about us",
            "about the company",
            "about the team",
            "who we are",
            "benefits",
            "perks",
            "what we offer",
            "we offer",
            "compensation",
            "salary",
            "how to apply",
            "equal opportunity",
            "location",
            "why join",
            "why us",
            "our values",
            "culture",
            "interview process",
            "hiring process",
        ),
    ),
    (
        "duty",
        (
            "responsibilit",
            "what you ll do",
            "what youll do",
            "what you will do",
            "you will",
            "you ll",
            "duties",
            "the role",
            "your role",
            "day to day",
            "in this role",
            "key tasks",
            "your impact",
            "what the job involves",
        ),
    ),
    (
        "must",
        (
            "requirement",
            "qualification",
            "what you need",
            "what you ll need",
            "what youll need",
            "you need",
            "must have",
            "must haves",
            "skills",
            "looking for",
            "your experience",
            "your background",
            "experience",
            "required",
            "minimum",
            "competencies",
            "tech stack",
            "our stack",
            "stack",
        ),
    ),
    ("other", ("about",)),
)
_STRONG_WORDS = frozenset({"requirement", "qualification", "responsibilit", "duties", "benefits"})
_GROUP_RANK = {"must": 0, "duty": 1, "misc": 2, "nice": 3}
_REQUIREMENT_CUE = re.compile(
    r"\b(experience (?:with|in|of|building|running)|proficien\w*|knowledge of|familiar\w*"
    r"|you (?:have|bring|will|can|are)|you['’]ll|must|required|requires?|should|ability to"
    r"|able to|degree in|background in|comfortable|expertise|skilled|responsible for"
    r"|will be)\b",
    re.IGNORECASE,
)
_FILLER = word_set(
    """
    proficiency proficient knowledge familiarity familiar understanding solid deep excellent
    hands-on hands demonstrated proven track record comfortable bonus nice ideally least skills
    skill strong ability expertise background similar related relevant equivalent field etc e.g
    i.e like including other across based level high ensure help you'll youll want need needs
    someone candidate ideal preferably minimum must should will have least large small
    environment environments plus knowing know building build previous prior professional
    exposure passion passionate love excited eager willingness willing desire fast-paced
    behind take taking part set care move moving write writing help helping own owning operate
    improve improved improving process processes day days week work works lead leading run
    running design designing create creating drive driving support supporting make making
    various multiple new existing best modern closely well-versed things world expert experts
    """
)
_TITLE_LABEL = re.compile(
    r"^(?:job title|title|position|role|job)\s*[:\-–—]\s*(.+)$", re.IGNORECASE
)
_COMPANY_LABEL = re.compile(r"^(?:company|employer|organi[sz]ation)\s*:\s*(.+)$", re.IGNORECASE)
_TITLE_IN_PROSE = re.compile(
    r"\b(?:looking for|hiring|seeking|join us as)\s+(?:an?|our|the)\s+"
    r"((?:[A-Z][\w/+\-]*\s+){0,5}(?:Engineer|Developer|Manager|Scientist|Analyst|Designer"
    r"|Architect|Lead|Director|Specialist|Consultant|Administrator|Coordinator))\b"
)
_COMPANY_IN_PROSE = (
    re.compile(r"\b([A-Z][\w&]*(?:\s+[A-Z][\w&]*){0,3})\s+is\s+(?:hiring|looking|seeking)\b"),
    re.compile(r"\b(?:[Jj]oin|at)\s+([A-Z][\w&]*(?:\s+[A-Z][\w&]*){0,3})\b"),
)
_NOT_COMPANY = frozenset({"us", "our", "the", "we", "a", "an", "you", "this", "our team"})
_GENERIC_FIRST_LINES = frozenset({"job description", "job posting", "job advert", "vacancy"})
_WORK_MODE = re.compile(r"\((?:remote|hybrid|on-?site|m/f/d|f/m/d|all genders)[^)]*\)", re.I)
_LOCATION_WORDS = frozenset({"remote", "hybrid", "on-site", "onsite", "full-time", "part-time"})


@dataclass(frozen=True)
class _Item:
    text: str
    group: str  # "must", "duty", "misc" or "nice"
    index: int


def parse_job_description(text: str) -> JobDescription:
    lines = split_lines(text)
    kinds = _assign_sections(lines)
    title, company_from_title = find_title(lines)
    requirements = find_requirements(lines, kinds)
    return JobDescription(
        title=title,
        company=find_company(lines, kinds, company_from_title),
        requirements=requirements,
        terms=key_terms(text, requirements),
        text=text,
    )


# --- sections ------------------------------------------------------------------------------------


def heading_kind(line: Line) -> str | None:
    """The kind of section a heading opens (must, duty, nice, other, misc); None if no heading."""
    if line.bullet:
        return None
    text = line.text
    words = text.rstrip(":").split()
    if not words or len(words) > 8:
        return None
    if not (text.endswith(":") or looks_like_heading(line, max_words=8)):
        return None
    key = heading_text(text.rstrip(":"))
    # a one-word cue ("experience", "skills") makes a heading of a short line or a line with a
    # colon, not of "Customer service experience"
    short = text.endswith(":") or len(key.split()) <= 2
    for kind, cues in _HEADING_CUES:
        if any(_has_phrase(key, cue) and (short or not _is_weak(cue)) for cue in cues):
            return kind
    return "misc" if text.endswith(":") else None


def _is_weak(cue: str) -> bool:
    return " " not in cue and cue not in _STRONG_WORDS


def _has_phrase(text: str, phrase: str) -> bool:
    if phrase.endswith(("responsibilit", "qualification", "requirement")):
        return phrase in text
    return re.search(rf"\b{re.escape(phrase)}\b", text) is not None


def _assign_sections(lines: Sequence[Line]) -> list[str]:
    current = "intro"
    kinds: list[str] = []
    for line in lines:
        kind = heading_kind(line)
        if kind is not None:
            current = kind
            kinds.append("heading")
        else:
            kinds.append(current)
    return kinds


# --- title and company ---------------------------------------------------------------------------


def _clean_title(text: str) -> str:
    text = _WORK_MODE.sub("", text)
    return " ".join(text.strip(" -–—|:,.").split())


def _split_title_company(line: str) -> tuple[str, str | None]:
    parts = [p.strip() for p in re.split(r"\s+(?:at|@|[-–—|])\s+|\s*[|–—]\s*", line) if p.strip()]
    parts = [p for p in parts if p.lower().strip("()") not in _LOCATION_WORDS]
    if not parts:
        return _clean_title(line), None
    title = _clean_title(parts[0])
    company = _clean_title(parts[1]) if len(parts) > 1 else None
    return title, company or None


def find_title(lines: Sequence[Line]) -> tuple[str | None, str | None]:
    """The job's title and, when the title line names it ('X at Y'), the company."""
    for line in lines[:15]:
        label = _TITLE_LABEL.match(line.text)
        if label:
            return _split_title_company(label.group(1))
    for line in lines[:3]:
        key = heading_text(line.text.rstrip(":"))
        if key in _GENERIC_FIRST_LINES or line.bullet or heading_kind(line) is not None:
            continue
        if len(line.text.split()) <= 12 and not line.text.endswith("."):
            return _split_title_company(line.text)
        break
    for line in lines[:20]:
        match = _TITLE_IN_PROSE.search(line.text)
        if match:
            return match.group(1).strip(), None
    return None, None


def _plausible_company(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip(" .,:;")
    if name.lower() in _NOT_COMPANY or name.split()[0].lower() in _NOT_COMPANY:
        return None
    return name if 1 <= len(name.split()) <= 5 else None


def find_company(lines: Sequence[Line], kinds: Sequence[str], from_title: str | None) -> str | None:
    for line in lines[:20]:
        label = _COMPANY_LABEL.match(line.text)
        if label:
            return label.group(1).strip()
    if _plausible_company(from_title):
        return from_title
    for line, kind in zip(lines, kinds, strict=True):
        if kind == "heading" and line.text.lower().startswith("about "):
            name = _plausible_company(line.text[6:].rstrip(":"))
            if name and heading_text(name) not in ("the role", "the team", "the job", "you"):
                return name
    for pattern in _COMPANY_IN_PROSE:
        for line in lines[:30]:
            match = pattern.search(line.text)
            name = _plausible_company(match.group(1)) if match else None
            if name:
                return name
    return None


# --- requirements --------------------------------------------------------------------------------


def _section_items(lines: Sequence[Line], kinds: Sequence[str]) -> list[_Item]:
    """Bullet lines of requirement-like sections; all lines of such a section with no bullets."""
    bulleted = {k for line, k in zip(lines, kinds, strict=True) if line.bullet}
    items: list[_Item] = []
    for line, kind in zip(lines, kinds, strict=True):
        group = "misc" if kind == "intro" else kind
        if group not in _GROUP_RANK:
            continue
        if line.bullet or (kind not in ("intro", "misc") and kind not in bulleted):
            items.extend(_Item(s, group, line.index) for s in _item_sentences(line.text))
    return items


def _item_sentences(text: str) -> list[str]:
    """A long non-bullet line may hold several requirements; a bullet is one."""
    if len(text.split()) <= 40:
        return [text]
    return [s for s in sentences(text) if _REQUIREMENT_CUE.search(s)]


def _prose_items(lines: Sequence[Line], kinds: Sequence[str]) -> list[_Item]:
    items: list[_Item] = []
    for line, kind in zip(lines, kinds, strict=True):
        if kind in ("other", "heading"):
            continue
        for sentence in sentences(line.text):
            if _REQUIREMENT_CUE.search(sentence) and 4 <= len(sentence.split()) <= 60:
                items.append(_Item(sentence, "must", line.index))
    return items


def requirement_terms(text: str) -> list[str]:
    """A requirement's key terms: known skills first (multi-word kept), then other content words."""
    found = find_terms(text)
    stems = {stem(t) for term in found for t in tokens(term)}
    rest: list[str] = []
    for token in tokens(strip_terms(text)):
        if (
            len(token) < 3
            or token in STOPWORDS
            or token in _FILLER
            or any(c.isdigit() for c in token)
            or stem(token) in stems
        ):
            continue
        stems.add(stem(token))
        rest.append(token.strip(".-"))
    return (found + rest)[:MAX_REQUIREMENT_TERMS]


def _specificity(item: _Item) -> float:
    known = len(find_terms(item.text))
    return 2.0 * known + 0.5 * min(len(requirement_terms(item.text)) - known, 4)


def _dedupe(items: Sequence[_Item]) -> list[_Item]:
    seen: set[str] = set()
    unique: list[_Item] = []
    for item in items:
        key = " ".join(tokens(item.text))
        if key and key not in seen and len(item.text) >= 3:
            seen.add(key)
            unique.append(item)
    return unique


def find_requirements(lines: Sequence[Line], kinds: Sequence[str]) -> list[Requirement]:
    """R1..Rn: must-haves, then duties, then other bullets, then nice-to-haves; specific first."""
    items = _dedupe(_section_items(lines, kinds)) or _dedupe(_prose_items(lines, kinds))
    ranked = sorted(items, key=lambda i: (_GROUP_RANK[i.group], -_specificity(i), i.index))
    return [
        Requirement(
            id=f"R{n}",
            text=item.text.rstrip(" .;,"),
            terms=requirement_terms(item.text),
            nice_to_have=item.group == "nice",
        )
        for n, item in enumerate(ranked[:MAX_REQUIREMENTS], start=1)
    ]


# --- key terms -----------------------------------------------------------------------------------


def key_terms(text: str, requirements: Sequence[Requirement]) -> list[str]:
    """The JD's key terms, most important first: what the requirements name, then other skills."""
    score: dict[str, float] = {}
    known = set(find_terms(text))
    for position, requirement in enumerate(requirements):
        weight = (1.0 if requirement.nice_to_have else 3.0) - position * 0.05
        for rank, term in enumerate(requirement.terms):
            factor = 2.0 if term in known else 0.5
            score[term] = score.get(term, 0.0) + weight * factor - rank * 0.1
    for order, term in enumerate(find_terms(text)):
        score[term] = score.get(term, 0.0) + 1.0 - order * 0.001
    return sorted(score, key=lambda t: -score[t])[:MAX_TERMS]
