"""Reading a resume's text into a `ResumeProfile`: name, contact, skills, roles, highlights. Pure.

The text usually comes from a PDF, so the reader expects mess: extra spaces, hyphenated line
breaks, bullets of every shape, dates written a dozen ways. Every field is best effort; a field
that cannot be found stays empty rather than guessed.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ai_interviewer.core.doctext import (
    Line,
    heading_text,
    looks_like_heading,
    names_a_unit,
    normalize,
    split_lines,
    word_set,
)
from ai_interviewer.core.models import ResumeProfile, Role
from ai_interviewer.core.vocabulary import (
    canonical,
    count_terms,
    display_name,
    find_terms,
    is_technical,
)

# --- vocabulary of the reader --------------------------------------------------------------------

_SECTION_NAMES: dict[str, tuple[str, ...]] = {
    "experience": (
        "experience",
        "work experience",
        "professional experience",
        "relevant experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "career",
        "professional background",
        "positions",
    ),
    "skills": (
        "skills",
        "technical skills",
        "core skills",
        "key skills",
        "skills and tools",
        "skills and technologies",
        "tools and technologies",
        "technologies",
        "tech stack",
        "core competencies",
        "competencies",
        "areas of expertise",
        "expertise",
        "toolbox",
    ),
    "education": (
        "education",
        "education and training",
        "academic background",
        "certifications",
        "certificates",
        "licenses and certifications",
        "courses",
        "training",
    ),
    "summary": (
        "summary",
        "professional summary",
        "career summary",
        "profile",
        "professional profile",
        "about",
        "about me",
        "objective",
        "career objective",
        "overview",
    ),
    "projects": ("projects", "selected projects", "key projects", "side projects", "open source"),
    "achievements": (
        "achievements",
        "key achievements",
        "accomplishments",
        "awards",
        "honors",
        "honours",
        "awards and honors",
    ),
    "other": (
        "interests",
        "hobbies",
        "languages",
        "spoken languages",
        "references",
        "publications",
        "volunteering",
        "volunteer experience",
        "contact",
        "contact information",
        "personal details",
    ),
}
_SECTION_OF: dict[str, str] = {
    name: section for section, names in _SECTION_NAMES.items() for name in names
}

_TITLE_WORDS: frozenset[str] = word_set(
    """
    engineer developer programmer manager lead director scientist analyst designer architect
    consultant specialist administrator intern head vp president officer cto ceo cfo coo cio
    founder cofounder co-founder coordinator associate assistant researcher technician owner
    sre devops accountant teacher nurse writer editor marketer strategist recruiter
    representative executive supervisor principal fellow professor instructor advisor adviser
    partner producer product owner tester qa administrator auditor economist statistician
    physician pharmacist paralegal attorney lawyer counsel planner buyer agent controller
    clerk officer operator mechanic electrician chef superintendent trainer coach evangelist
    """
)
_NOT_NAMES: frozenset[str] = frozenset(
    {"resume", "résumé", "curriculum vitae", "cv", "cover letter", "contact", "references"}
)
_DEGREE_WORDS = re.compile(
    r"\b(university|college|school|institute|academy|bachelor|master|b\.?\s?sc?|m\.?\s?sc?"
    r"|b\.?a\.?|m\.?b\.?a|ph\.?d|degree|diploma|gpa)\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_NAME_WORD = re.compile(r"^(?:[A-Z][a-zA-Z'’\-]+|[A-Z]\.?|[A-Z][A-Z'’\-]+)$")
_NOT_IN_TITLES = frozenset({"with", "who", "that", "years", "decade", "i", "my", "passionate"})
_LABEL = re.compile(r"^(name|title|headline|email|e-mail)\s*:\s*(.+)$", re.IGNORECASE)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|spring|summer|fall|autumn"
    r"|winter|q[1-4])\.?"
)
_DATE = rf"(?:{_MONTH}\s*|\d{{1,2}}\s*[/.]\s*)?((?:19|20)\d{{2}})"
_OPEN_END = r"(present|current|currently|now|today|ongoing|date)"
_RANGE = re.compile(
    rf"\(?\s*{_DATE}\s*(?:[-–—‒―]+|\bto\b|\buntil\b|\btill\b)\s*(?:{_DATE}|{_OPEN_END})\b\s*\)?",
    re.IGNORECASE,
)
_SINCE = re.compile(rf"\(?\s*\bsince\s+{_DATE}\s*\)?", re.IGNORECASE)
_PART_SPLIT = re.compile(r"\s*(?:\||•|·|,|;|\(|\)|\s[-–—]+\s|[–—]+|\s@\s|\bat\b)\s*")
_US_STATE = re.compile(r"^[A-Z]{2}$")
_LOCATION_WORDS = frozenset({"remote", "hybrid", "on-site", "onsite", "in office", "home based"})
_YEARS_CLAIM = re.compile(
    r"(?:over|more than|nearly|almost)?\s*(\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs\.?)\b",
    re.IGNORECASE,
)
_ACTION_VERB = re.compile(
    r"^(?:[A-Z][a-z]+ed|Led|Built|Ran|Grew|Drove|Won|Wrote|Made|Cut|Set|Took|Brought|Shipped|Rebuilt"
    r"|Mentored|Owned|Spearheaded|Founded|Saved|Sold|Taught|Managed|Launched|Designed)\b"
)
_NUMBER = re.compile(r"\d")
_METRIC = re.compile(r"\d\s*(?:%|x\b|k\b|m\b|ms\b|\+)|[$€£]\s*\d", re.IGNORECASE)

MAX_SKILLS = 40
MAX_HIGHLIGHTS = 8


# --- the parse -----------------------------------------------------------------------------------


@dataclass
class _Parsed:
    lines: list[Line]
    sections: list[str]  # the section each line is in ("top" before the first heading)
    roles: list[tuple[int, Role]] = field(default_factory=list)


def parse_resume(text: str, current_year: int | None = None) -> ResumeProfile:
    """Read a resume's text. `current_year` dates "Present" (defaults to this year)."""
    year = current_year or _dt.date.today().year
    parsed = _parse(text)
    roles = [role for _, role in parsed.roles]
    name = find_name(parsed.lines)
    return ResumeProfile(
        name=name,
        email=find_email(text),
        headline=find_headline(parsed, name),
        skills=find_skills(parsed, text),
        roles=roles,
        years_experience=find_years_experience(parsed, roles, year),
        highlights=[h for _, h in find_highlights(parsed)],
        text=text,
    )


def highlight_roles(profile: ResumeProfile) -> dict[str, Role]:
    """Which role each highlight was listed under, read again from the profile's text."""
    parsed = _parse(profile.text)
    result: dict[str, Role] = {}
    for index, highlight in find_highlights(parsed):
        earlier = [role for at, role in parsed.roles if at <= index]
        if earlier:
            result[highlight] = earlier[-1]
    return result


def describe_role(role: Role) -> str:
    """'Senior Engineer at Acme (2019-present)' (with an en dash), for people to read."""
    text = role.title + (f" at {role.organization}" if role.organization else "")
    if role.start_year is not None:
        end = str(role.end_year) if role.end_year is not None else "present"
        text += f" ({role.start_year}–{end})" if end != str(role.start_year) else f" ({end})"
    return text


def _parse(text: str) -> _Parsed:
    lines = split_lines(text)
    parsed = _Parsed(lines=lines, sections=_assign_sections(lines))
    parsed.roles = find_roles(parsed)
    return parsed


def section_of_heading(line: Line) -> str | None:
    """The section a heading line opens ("Work Experience" -> "experience"), if it is one."""
    if line.bullet:
        return None
    head = line.text.split(":", 1)[0] if ":" in line.text else line.text
    key = heading_text(head)
    section = _SECTION_OF.get(key)
    if section is None:
        return None
    inline_content = ":" in line.text and line.text.split(":", 1)[1].strip()
    if not inline_content and not looks_like_heading(line, max_words=5):
        return None
    return section


def _assign_sections(lines: Sequence[Line]) -> list[str]:
    current = "top"
    sections: list[str] = []
    for line in lines:
        opened = section_of_heading(line)
        inline_label = opened is not None and ":" in line.text and _heading_content(line)
        if opened is not None and not (current == "skills" and inline_label):
            current = opened
        sections.append(current)
    return sections


def _section_lines(parsed: _Parsed, *names: str) -> list[Line]:
    return [ln for ln, sec in zip(parsed.lines, parsed.sections, strict=True) if sec in names]


def _heading_content(line: Line) -> str:
    """The text of a line without its heading ('Skills: Python, Go' -> 'Python, Go')."""
    if section_of_heading(line) is None:
        return line.text
    return line.text.split(":", 1)[1].strip() if ":" in line.text else ""


# --- name, email, headline -----------------------------------------------------------------------


def find_email(text: str) -> str | None:
    match = _EMAIL.search(text)
    return match.group(0).rstrip(".") if match else None


def _chunks(text: str) -> list[str]:
    return [c.strip() for c in re.split(r"\s*(?:\||•|·|,|\s[-–—]\s)\s*", text) if c.strip()]


def _has_title_word(text: str) -> bool:
    words = re.findall(r"[a-z][a-z\-]*", text.lower())
    return any(w in _TITLE_WORDS or w.rstrip("s") in _TITLE_WORDS for w in words)


def looks_like_name(text: str) -> bool:
    """Two to four capitalised words, no digits or title words: 'Jordan Avery', 'ANA M. REYES'."""
    words = text.split()
    if not 2 <= len(words) <= 4 or any(ch.isdigit() or ch == "@" for ch in text):
        return False
    if heading_text(text) in _NOT_NAMES or heading_text(text) in _SECTION_OF:
        return False
    if _has_title_word(text) or 2 * len(find_terms(text)) > len(words):
        return False
    return all(_NAME_WORD.match(w) for w in words)


def _tidy_name(text: str) -> str:
    return text.title() if text.isupper() else text


def find_name(lines: Sequence[Line]) -> str | None:
    for line in lines[:8]:
        label = _LABEL.match(line.text)
        if label and label.group(1).lower() == "name":
            return _tidy_name(label.group(2).strip())
    for line in lines[:6]:
        if heading_text(line.text) in _NOT_NAMES:
            continue
        chunks = _chunks(line.text)
        if chunks and looks_like_name(chunks[0]):
            return _tidy_name(chunks[0])
    return None


def find_headline(parsed: _Parsed, name: str | None) -> str | None:
    top = [ln for ln, sec in zip(parsed.lines, parsed.sections, strict=True) if sec == "top"]
    for line in top[:10]:
        label = _LABEL.match(line.text)
        if label and label.group(1).lower() in ("title", "headline"):
            return label.group(2).strip()
    for line in top[:10]:
        if _RANGE.search(line.text) or line.bullet:
            continue
        for chunk in _chunks(line.text):
            if chunk != name and "@" not in chunk and _looks_like_title(chunk):
                return chunk.rstrip(".")
    return None


def _looks_like_title(text: str) -> bool:
    """'Senior Software Engineer', 'Head of Data': short, capitalised, names a job."""
    words = text.rstrip(".").split()
    if not 1 <= len(words) <= 8 or not _has_title_word(text):
        return False
    if any(w.lower() in _NOT_IN_TITLES for w in words):
        return False
    capitalised = [w for w in words if w[0].isupper() or not w[0].isalpha()]
    return 2 * len(capitalised) >= len(words)


# --- skills --------------------------------------------------------------------------------------


def _skill_items(line_text: str) -> list[str]:
    text = line_text
    label = re.match(r"^([A-Za-z][\w &/\-]{0,30}):\s*(.+)$", text)
    if label and len(label.group(1).split()) <= 3:
        text = label.group(2)
    text = text.replace("(", ",").replace(")", ",")
    items = re.split(r"\s*(?:,|;|\||•|·|▪|\s{2,})\s*", text)
    return [i.strip(" .") for i in items if i.strip(" .")]


def _acceptable_skill(item: str) -> bool:
    return 1 <= len(item) <= 40 and len(item.split()) <= 4 and not item.replace(" ", "").isdigit()


def find_skills(parsed: _Parsed, text: str) -> list[str]:
    """Skills section items first, then known skills found anywhere, most mentioned first."""
    skills: dict[str, str] = {}
    for line in _section_lines(parsed, "skills"):
        for item in _skill_items(_heading_content(line)):
            if not _acceptable_skill(item):
                continue
            key = canonical(item)
            shown = display_name(key) if key else item
            skills.setdefault(shown.lower(), shown)
    clean = normalize(text)
    counts = count_terms(clean)
    order = {term: i for i, term in enumerate(find_terms(clean))}
    for term in sorted(counts, key=lambda t: (-counts[t], order.get(t, 0))):
        if _incidental(term, counts[term]):
            continue
        skills.setdefault(term, display_name(term))
    return list(skills.values())[:MAX_SKILLS]


def _incidental(term: str, count: int) -> bool:
    """A one-word professional skill mentioned once ('the sales team') is not a claimed skill."""
    return not is_technical(term) and " " not in term and count < 2


# --- roles ---------------------------------------------------------------------------------------


def _year_of(value: str | None) -> int | None:
    return int(value) if value else None


def _role_parts(text: str) -> list[str]:
    parts = [p.strip(" ()[]|,.:;") for p in _PART_SPLIT.split(text)]
    return [p for p in parts if p and not _is_location(p)]


def _is_location(part: str) -> bool:
    return bool(_US_STATE.match(part)) or part.lower() in _LOCATION_WORDS


def _without_dates(line: Line) -> str:
    text = " | ".join(line.columns) if line.columns else line.text
    text = _RANGE.sub(" | ", text)
    return _SINCE.sub(" | ", text)


def _is_context_line(line: Line, section: str) -> bool:
    """Could hold a role's title or organisation: short, not a bullet, heading or date line."""
    return (
        not line.bullet
        and section_of_heading(line) is None
        and not _RANGE.search(line.text)
        and len(line.text.split()) <= 10
        and not (section == "top" and line.index < 3)  # the name and contact lines
        and "@" not in line.text
        and not line.text.endswith(".")
    )


def _neighbour_parts(parsed: _Parsed, index: int, step: int) -> list[str]:
    other = index + step
    if not 0 <= other < len(parsed.lines):
        return []
    line = parsed.lines[other]
    if not _is_context_line(line, parsed.sections[other]):
        return []
    return _role_parts(_without_dates(line))


def _title_and_org(parts: list[str]) -> tuple[str | None, str | None]:
    """The title, and the organisation: the employer rather than the unit ('Staff Nurse,
    Medical-Surgical Unit, St. Vincent Hospital' -> St. Vincent Hospital) when both are named."""
    title = next((p for p in parts if _has_title_word(p)), None)
    orgs = [p for p in parts if p != title and not _DEGREE_WORDS.search(p)]
    org = next((p for p in orgs if not names_a_unit(p)), orgs[0] if orgs else None)
    return title, org


def _role_from_line(parsed: _Parsed, index: int) -> Role | None:
    line = parsed.lines[index]
    match = _RANGE.search(line.text)
    since = _SINCE.search(line.text) if match is None else None
    if match is None and since is None:
        return None
    if match is not None:
        start, end = _year_of(match.group(1)), _year_of(match.group(2))
    else:
        assert since is not None
        start, end = _year_of(since.group(1)), None
    title, org = _title_and_org(_role_parts(_without_dates(line)))
    for step in (-1, 1):
        if title is not None and org is not None:
            break
        near_title, near_org = _title_and_org(_neighbour_parts(parsed, index, step))
        if title is None and near_title is not None:
            title, org = near_title, org or near_org
        elif org is None and near_org is not None and near_title is None:
            org = near_org
    if title is None and org is None:
        return None
    return Role(
        title=title or org or "",
        organization=org if title else None,
        start_year=start,
        end_year=end,
    )


def find_roles(parsed: _Parsed) -> list[tuple[int, Role]]:
    """Positions held, each with the index of the line it was read from."""
    has_experience = "experience" in parsed.sections
    roles: list[tuple[int, Role]] = []
    seen: set[tuple[str, str | None, int | None]] = set()
    for index, (line, section) in enumerate(zip(parsed.lines, parsed.sections, strict=True)):
        if line.bullet or section in ("education", "skills", "other", "summary"):
            continue
        if has_experience and section not in ("experience", "projects", "achievements"):
            continue
        if _DEGREE_WORDS.search(line.text):
            continue
        role = _role_from_line(parsed, index)
        if role is None:
            continue
        key = (role.title.lower(), (role.organization or "").lower() or None, role.start_year)
        if key not in seen:
            seen.add(key)
            roles.append((index, role))
    return roles


def find_years_experience(
    parsed: _Parsed, roles: Iterable[Role], current_year: int
) -> float | None:
    """A stated '8+ years' near the top wins; else the span of the roles."""
    claims: list[float] = []
    for line, section in zip(parsed.lines, parsed.sections, strict=True):
        if section not in ("top", "summary"):
            continue
        for match in _YEARS_CLAIM.finditer(line.text):
            value = float(match.group(1))
            if 0 < value <= 50:
                claims.append(value)
    if claims:
        return max(claims)
    starts = [r.start_year for r in roles if r.start_year is not None]
    if not starts:
        return None
    ends = [r.end_year if r.end_year is not None else current_year for r in roles if r.start_year]
    span = max(ends) - min(starts)
    return float(max(span, 0)) if span <= 60 else None


# --- highlights ----------------------------------------------------------------------------------


def _highlight_score(text: str) -> int:
    score = 0
    if _NUMBER.search(text):
        score += 3
    if _METRIC.search(text):
        score += 2
    if _ACTION_VERB.match(text):
        score += 1
    if 40 <= len(text) <= 240:
        score += 1
    return score


def find_highlights(parsed: _Parsed) -> list[tuple[int, str]]:
    """Achievement lines worth asking about, best first (numbers and results count most)."""
    role_lines = {index for index, _ in parsed.roles}
    has_sections = any(sec != "top" for sec in parsed.sections)
    wanted = ("experience", "projects", "achievements")
    candidates: list[tuple[int, int, str]] = []
    for index, (line, section) in enumerate(zip(parsed.lines, parsed.sections, strict=True)):
        if index in role_lines or len(line.text) < 25 or len(line.text.split()) < 5:
            continue
        if has_sections and section not in wanted:
            continue
        if not (line.bullet or section in wanted or _ACTION_VERB.match(line.text)):
            continue
        if section_of_heading(line) is not None:
            continue
        candidates.append((_highlight_score(line.text), index, line.text.rstrip(" ;")))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    return [(index, text) for _, index, text in candidates[:MAX_HIGHLIGHTS]]
