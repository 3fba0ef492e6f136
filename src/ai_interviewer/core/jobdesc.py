"""Reading a job description into a `JobDescription`: title, unit, company, field, requirements
and key terms. Pure.

The title, unit and company come from labels ("Job title:", "Department:", "Employer:",
"School:", ...), from the title line ("Registered Nurse — Emergency Department, Providence
Portland Medical Center", "Frontend Developer at Fabrikam") or from prose ("Contoso is hiring a
QA Engineer", "join our Mid-Market team"). A part of the title line is the unit when it names
one (department, ward, unit, team, year group, key stage, store number), the employer otherwise.

Requirements come from the bullet lines under requirement-like headings ("Requirements",
"What you'll need", "Responsibilities", "Nice to have", ...); a job description written as prose
gives its requirements from the sentences that sound like one ("experience with", "you will").
Each is classified (`core.requirements`): the ones an answer can evidence come first as R1..Rn,
capped at MAX_REQUIREMENTS; the conditions of the job (licences, shifts, checks, ...) follow,
and the key terms come from the first kind only. The field of work comes from `core.fields`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ai_interviewer.core.doctext import (
    Line,
    heading_text,
    looks_like_heading,
    names_a_unit,
    split_lines,
    word_set,
)
from ai_interviewer.core.fields import detect_field
from ai_interviewer.core.models import JobDescription, Requirement
from ai_interviewer.core.requirements import (
    EVIDENCED_CATEGORIES,
    classify_requirement,
    condition_cue,
    is_evidenced_by_answers,
)
from ai_interviewer.core.text import STOPWORDS, sentences, stem, tokens
from ai_interviewer.core.vocabulary import find_terms, strip_terms

MAX_REQUIREMENTS = 12
MAX_CONDITIONS = 8
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
    (
        "must",
        (
            "about you",
            "who you are",
            "what you bring",
            "you bring",
            "you have",
            "the person",
            "person specification",
            "who we re looking for",
            "who were looking for",
            "essential criteria",
        ),
    ),
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
    r"^(?:job title|title|position|role|job|vacancy|post)\s*[:\-–—]\s*(.+)$", re.IGNORECASE
)
_COMPANY_LABEL = re.compile(
    r"^(?:company|employer|organi[sz]ation|hiring organi[sz]ation|hospital|school|academy|trust"
    r"|practice|business)\s*:\s*(.+)$",
    re.IGNORECASE,
)
_UNIT_LABEL = re.compile(
    r"^(?:department|dept|unit|ward|team|year group|key stage|division|branch|store|clinic"
    r"|service line|area)\s*:\s*(.+)$",
    re.IGNORECASE,
)
_LOCATION_LABEL = re.compile(r"^(?:location|site|work location|based at)\s*:\s*(.+)$", re.I)
_TITLE_NOUNS = (
    r"Engineer|Developer|Manager|Scientist|Analyst|Designer|Architect|Lead|Director|Specialist"
    r"|Consultant|Administrator|Coordinator|Nurse|Teacher|Executive|Representative|Assistant"
    r"|Associate|Technician|Electrician|Plumber|Supervisor|Officer|Clerk|Cashier|Chef|Cook"
    r"|Driver|Agent|Advisor|Adviser|Worker|Carer|Therapist|Pharmacist|Accountant|Bookkeeper"
    r"|Practitioner|Midwife|Paramedic|Tutor|Lecturer|Instructor|Receptionist|Operative|Mechanic"
    r"|Buyer|Planner|Recruiter|Caseworker"
)
_TITLE_IN_PROSE = re.compile(
    r"\b(?:looking for|hiring|seeking|join us as)\s+(?:an?|our|the)\s+"
    rf"((?:[A-Z][\w/+\-]*\s+){{0,5}}(?:{_TITLE_NOUNS}))\b"
)
_COMPANY_IN_PROSE = (
    re.compile(r"\b([A-Z][\w&]*(?:\s+[A-Z][\w&]*){0,3})\s+is\s+(?:hiring|looking|seeking)\b"),
    re.compile(r"\b(?:[Jj]oin|at)\s+([A-Z][\w&]*(?:\s+[A-Z][\w&]*){0,3})\b"),
)
_UNIT_IN_PROSE = re.compile(
    r"\b(?:join|in|on|for|within)\s+(?:our|the|its)\s+((?:[A-Z][\w&'’-]*)(?:\s+(?:[A-Z]"
    r"[\w&'’-]*|\d+)){0,3}\s+(?:[Tt]eam|[Dd]epartment|[Uu]nit|[Ww]ard|[Dd]ivision))\b"
)
# What names an employer, to tell it from a unit or a place when a title line has several parts.
_EMPLOYER_WORDS = re.compile(
    r"\b(?:hospital|medical cent(?:er|re)|health(?:care)?|clinic|school|academy|college"
    r"|university|trust|council|inc|llc|ltd|limited|plc|group|company|corp(?:oration)?"
    r"|foundation|partners|bank)\b",
    re.IGNORECASE,
)
# A US state or a country after a city: "Portland, OR", "Leeds, UK".
_PLACE_PART = re.compile(r"^(?:[A-Z]{2}|UK|USA|US|United States|United Kingdom|Canada)$")
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
    heading = find_title_parts(lines)
    requirements = find_requirements(lines, kinds)
    return JobDescription(
        title=heading.title,
        company=find_company(lines, kinds, heading.company),
        unit=find_unit(lines, heading.unit),
        field=detect_field(heading.title, text),
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


@dataclass(frozen=True)
class TitleParts:
    """What a title line names: 'Registered Nurse — Emergency Department, Providence Portland
    Medical Center' -> title, unit and company."""

    title: str | None = None
    unit: str | None = None
    company: str | None = None


def _is_noise(part: str) -> bool:
    """A part of a title line that names neither a unit nor an employer: 'Remote', 'Night Shift',
    'Part-time', '$65,000'."""
    if part.lower().strip("()") in _LOCATION_WORDS or not re.search(r"[A-Za-z]", part):
        return True
    cue = condition_cue(part)
    return part[:1] in "$£€" or (cue is not None and cue.category in ("schedule", "location"))


def _without_places(parts: list[str]) -> list[str]:
    """Parts less a place ('Portland, OR': a city before a state or country code) and noise."""
    kept: list[str] = []
    for part in parts:
        if _is_noise(part):
            continue
        if _PLACE_PART.match(part):
            if kept and not names_a_unit(kept[-1]) and not _EMPLOYER_WORDS.search(kept[-1]):
                kept.pop()  # the city before it
            continue
        kept.append(part)
    return kept


def _names_unit_or_employer(part: str) -> bool:
    return names_a_unit(part) or _EMPLOYER_WORDS.search(part) is not None


def _title_and_named_parts(piece: str) -> tuple[str, list[str]]:
    """The title in the first piece of a title line, and the units or employers it names as well:
    'Registered Nurse, ICU, Mercy Hospital' -> 'Registered Nurse', ['ICU', 'Mercy Hospital'];
    'Registered Nurse (ICU)' -> 'Registered Nurse', ['ICU']; 'Account Executive, Mid-Market'
    stays whole."""
    named: list[str] = []
    inner = re.search(r"\(([^)]*)\)", piece)
    if inner and names_a_unit(inner.group(1)):
        named.append(_clean_title(inner.group(1)))
        piece = piece.replace(inner.group(0), " ")
    first, *more = [_clean_title(p) for p in piece.split(", ")]
    more = _without_places([p for p in more if p])
    named += [p for p in more if _names_unit_or_employer(p)]
    title = ", ".join([first, *(p for p in more if not _names_unit_or_employer(p))])
    return title, named


def split_title_line(line: str) -> TitleParts:
    """A title line's title, unit and company: the first part is the title; of the rest, a part
    that names a unit is the unit, and a part that names an employer (or else the first part left)
    is the company. 'Frontend Developer at Fabrikam', 'Store Manager — Store 412, Harbor
    Outfitters', 'Registered Nurse (ICU) | Mercy Hospital | Remote'."""
    pieces = [p for p in re.split(r"\s+(?:at|@|[-–—|])\s+|\s*[|–—]\s*", line) if p.strip()]
    if not pieces:
        return TitleParts(title=_clean_title(line) or None)
    title, named = _title_and_named_parts(pieces[0])
    rest = [_clean_title(p) for piece in pieces[1:] for p in piece.split(", ")]
    parts = named + _without_places([p for p in rest if p])
    unit = next((p for p in parts if names_a_unit(p)), None)
    others = [p for p in parts if p != unit]
    company = next((p for p in others if _EMPLOYER_WORDS.search(p)), others[0] if others else None)
    return TitleParts(title=title or None, unit=unit, company=company)


def find_title_parts(lines: Sequence[Line]) -> TitleParts:
    """The job's title and, when the title line names them, its unit and company: from a label
    ('Job title: ...'), the first lines, or prose ('... is hiring a Registered Nurse')."""
    for line in lines[:15]:
        label = _TITLE_LABEL.match(line.text)
        if label:
            return split_title_line(label.group(1))
    for line in lines[:3]:
        key = heading_text(line.text.rstrip(":"))
        if key in _GENERIC_FIRST_LINES or line.bullet or heading_kind(line) is not None:
            continue
        if len(line.text.split()) <= 12 and not line.text.endswith("."):
            return split_title_line(line.text)
        break
    for line in lines[:20]:
        match = _TITLE_IN_PROSE.search(line.text)
        if match:
            return TitleParts(title=match.group(1).strip())
    return TitleParts()


def _location_parts(lines: Sequence[Line]) -> list[str]:
    """The parts of a 'Location:' line: 'Emergency Department, Providence Hospital, Portland'."""
    for line in lines[:20]:
        label = _LOCATION_LABEL.match(line.text)
        if label:
            parts = [_clean_title(p) for p in re.split(r",\s+|\s+[-–—|]\s+", label.group(1))]
            return _without_places([p for p in parts if p])
    return []


def find_unit(lines: Sequence[Line], from_title: str | None) -> str | None:
    """The department, ward, team, year group or store: from a label ('Department: ...'), the
    title line, a 'Location:' line, or prose ('join our Mid-Market team')."""
    for line in lines[:20]:
        label = _UNIT_LABEL.match(line.text)
        if label:
            return _clean_title(label.group(1)) or None
    if from_title:
        return from_title
    unit = next((p for p in _location_parts(lines) if names_a_unit(p)), None)
    if unit:
        return unit
    for line in lines[:30]:
        match = _UNIT_IN_PROSE.search(line.text)
        if match:
            return match.group(1).strip()
    return None


def _plausible_company(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip(" .,:;")
    if not name or name.lower() in _NOT_COMPANY or name.split()[0].lower() in _NOT_COMPANY:
        return None
    if names_a_unit(name):
        return None
    return name if 1 <= len(name.split()) <= 5 else None


def find_company(lines: Sequence[Line], kinds: Sequence[str], from_title: str | None) -> str | None:
    """The employer: from a label ('Employer:', 'Hospital:', 'School:'), the title line, a
    'Location:' line that names one, an 'About <name>' heading, or prose ('<name> is hiring')."""
    for line in lines[:20]:
        label = _COMPANY_LABEL.match(line.text)
        if label:
            return label.group(1).strip()
    if _plausible_company(from_title):
        return from_title
    employer = next((p for p in _location_parts(lines) if _EMPLOYER_WORDS.search(p)), None)
    if _plausible_company(employer):
        return employer
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
    """R1..Rn: what an answer can evidence (must-haves, then duties, then other bullets, then
    nice-to-haves; specific first), then the conditions of the job in the same order."""
    items = _dedupe(_section_items(lines, kinds)) or _dedupe(_prose_items(lines, kinds))
    ranked = sorted(items, key=lambda i: (_GROUP_RANK[i.group], -_specificity(i), i.index))
    classified = [(item, classify_requirement(item.text, item.group)) for item in ranked]
    evidenced = [(i, c) for i, c in classified if c in EVIDENCED_CATEGORIES][:MAX_REQUIREMENTS]
    conditions = [(i, c) for i, c in classified if c not in EVIDENCED_CATEGORIES]
    return [
        Requirement(
            id=f"R{n}",
            text=item.text.rstrip(" .;,"),
            terms=requirement_terms(item.text),
            nice_to_have=item.group == "nice",
            category=category,
        )
        for n, (item, category) in enumerate(evidenced + conditions[:MAX_CONDITIONS], start=1)
    ]


# --- key terms -----------------------------------------------------------------------------------


def key_terms(text: str, requirements: Sequence[Requirement]) -> list[str]:
    """The JD's key terms, most important first: what the requirements an answer can evidence
    name, then other skills. The conditions of the job (licences, shifts, ...) give none."""
    score: dict[str, float] = {}
    known = set(find_terms(text))
    evidenced = [r for r in requirements if is_evidenced_by_answers(r)]
    for position, requirement in enumerate(evidenced):
        weight = (1.0 if requirement.nice_to_have else 3.0) - position * 0.05
        for rank, term in enumerate(requirement.terms):
            factor = 2.0 if term in known else 0.5
            score[term] = score.get(term, 0.0) + weight * factor - rank * 0.1
    for order, term in enumerate(find_terms(text)):
        score[term] = score.get(term, 0.0) + 1.0 - order * 0.001
    return sorted(score, key=lambda t: -score[t])[:MAX_TERMS]
