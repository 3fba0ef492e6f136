"""Reading a resume's text into a `ResumeProfile`: name, contact, skills, roles, highlights. Pure.

The text usually comes from a PDF, so the reader expects mess: extra spaces, hyphenated line
breaks, bullets of every shape, dates written a dozen ways. Every field is best effort; a field
that cannot be found stays empty rather than guessed.

The name is a "Name:" label's value, else the first of the top lines (those before the first
body section) that is a person's name: in any script, with particles ("van", "de la", "bin",
"al-"), apostrophes, hyphens, initials, and a form in another script beside it in parentheses.
Headings, "Curriculum Vitae", job titles, contact lines and lines naming an organisation or a
place are passed over; what follows a separator ("Aoife Ní Bhriain | RN") and trailing
post-nominals ("PhD", "Jr.") are cut off. The name is kept as written, except that one written
in capitals is re-cased ("JOSÉ MÜLLER-ŁUKASZ" -> "José Müller-Łukasz").
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
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
    strip_terms,
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
_DEGREE_WORDS = re.compile(
    r"\b(university|college|school|institute|academy|bachelor|master|b\.?\s?sc?|m\.?\s?sc?"
    r"|b\.?a\.?|m\.?b\.?a|ph\.?d|degree|diploma|gpa)\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
_NOT_IN_TITLES = frozenset({"with", "who", "that", "years", "decade", "i", "my", "passionate"})
_LABEL = re.compile(r"^(title|headline|email|e-mail)\s*:\s*(.+)$", re.IGNORECASE)

# names (see `find_name`)
_NAME_LINES = 8  # the name is among the first lines, before the first body section
_BODY_SECTIONS = frozenset({"experience", "skills", "education", "projects", "achievements"})
_MAX_NAME_WORDS = 6  # "Juan Carlos de la Cruz Pérez"
_NAME_LABEL = re.compile(
    r"^(?:full\s+name|name|nombre|nom|имя|姓名|氏名)\s*:\s*(.+)$", re.IGNORECASE
)
_DOCUMENT_TITLE = re.compile(
    r"^(?:curriculum\s+vitae|r[eé]sum[eé]|cv|bio-?data|резюме|(?:个人)?简历|(?:個人)?簡歷|履歴書"
    r"|履历|이력서)\b(?:\s+(?:of|for)\b)?\s*[:\-–—]?\s*",
    re.IGNORECASE,
)
_NAME_SEPARATOR = re.compile(r"\s*(?:\||•|·|,|;|\t|\s[-–—]+\s)\s*")
_ASIDE = re.compile(r"\s*\(([^()]*)\)\s*")  # "李明 (Li Ming)", "Robert (Bob) Smith"
_HYPHEN = re.compile(r"([-‐])")
_APOSTROPHES = "'’ʼ"
_ELIDED_PARTICLE = re.compile(r"^[dl]['’ʼ](?=\w)")  # "d'Artagnan"
_INITIALS = re.compile(r"^(?:[^\W\d_]\.){1,3}$|^[^\W\d_]$")  # "M.", "J.R.", "M"
_NOT_NAME_CHARS = frozenset("@/\\:+#&=%$!?_*<>[]{}")
# particles written in lowercase inside a name: "van", "de la", "bin", "al-Hassan", "wa"
_LOWER_PARTICLES = word_set(
    """van von der den de del della dei degli di da das dos do du des la le lo las los ter ten
    te zu zur zum y bin binti bint ibn ben bat al el ul wa af av op"""
)
# also taken in lowercase, but capitalised when a name is re-cased, as Irish and Gaelic write them
_PARTICLES = _LOWER_PARTICLES | {"ní", "nic", "ó", "ui", "mac", "e", "i"}
_HONORIFICS = frozenset({"dr", "mr", "mrs", "ms", "mx", "miss", "prof"})
_POST_NOMINALS = word_set(
    """jr sr ii iii iv esq phd dphil edd pharmd dnp msc bsc meng beng mba mpa mph msn bsn rn lpn
    lvn aprn cna crna fnp llb llm cpa cfa cma acca aca pmp cissp cisa cism sphr phr peng frcs
    mrcp facs lcsw lmft dpt ccna hons"""
)
# degrees that are also surnames ("Yo-Yo Ma", "Linh Do"): cut only when spelled as a degree,
# with dots or in capitals after a name that is not
_SHORT_POST_NOMINALS = word_set("ma ba bs ms md do pe pt ca rd np jd dds dmd dvm od")
# words that make a line about the document, its contact details or a job, not a person
_NOT_NAME_WORDS = word_set(
    """resume cv curriculum vitae biodata profile summary objective portfolio contact references
    referees confidential personal details information address phone telephone mobile email
    website linkedin github statement letter registered certified licensed experienced aspiring
    professional freelance chartered qualified"""
)
_ORGANISATION_WORDS = word_set(
    """university universidad universite universitat college school academy institute institut
    hospital clinic medical health healthcare center centre inc llc ltd limited corp corporation
    company gmbh plc group labs laboratory laboratories technologies technology solutions systems
    services consulting foundation association society agency department ministry council bank
    primary secondary elementary studio studios hotel restaurant pharmacy street road avenue
    boulevard drive suite apt county city province district heights springs beach harbor harbour
    island islands kingdom republic united"""
)
_PLACE_FIRST_WORDS = word_set("new san los las santa fort port saint mount el")
_UNSPACED_SCRIPTS = ("CJK UNIFIED IDEOGRAPH", "HIRAGANA", "KATAKANA", "HANGUL SYLLABLE")
_MAC_NOT_PREFIX = word_set(
    "machado machiavelli macario mackintosh macaulay maciejewski mackiewicz macedonio"
)

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
    name = find_name(split_lines(text, join_wrapped=False))  # a name never wraps
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


def find_name(lines: Sequence[Line]) -> str | None:
    """The person's name: a "Name:" label's value, else the first top line that is a name."""
    top = _top_lines(lines)
    for line in top:
        label = _NAME_LABEL.match(line.text)
        if label:
            labelled = _name_part(label.group(1))
            return _tidy_name(labelled) if labelled else None
    for line in top:
        name = _name_on_line(line)
        if name is not None:
            return name
    return None


def _top_lines(lines: Sequence[Line]) -> list[Line]:
    """The first few lines, up to the first body section (experience, skills, ...)."""
    top: list[Line] = []
    for line in lines[:_NAME_LINES]:
        if section_of_heading(line) in _BODY_SECTIONS:
            break
        top.append(line)
    return top


def _name_on_line(line: Line) -> str | None:
    if line.bullet:
        return None
    text = line.columns[0] if line.columns else line.text
    part = _name_part(text)
    return _tidy_name(part) if part and looks_like_name(part) else None


def _name_part(text: str) -> str | None:
    """Where a line would hold a name: after "Résumé of", before "| RN" or ", MSc", no "Dr."."""
    for chunk in _NAME_SEPARATOR.split(text):
        rest = _DOCUMENT_TITLE.sub("", chunk.strip(), count=1).strip()
        if rest:
            return _without_post_nominals(_without_honorific(rest))
    return None


def _without_honorific(text: str) -> str:
    words = text.split()
    if len(words) > 1 and _folded(words[0]) in _HONORIFICS:
        return " ".join(words[1:])
    return text


def _without_post_nominals(text: str) -> str:
    words = text.split()
    in_capitals = text.isupper()
    while len(words) > 1 and _is_post_nominal(words[-1], in_capitals):
        words.pop()
    return " ".join(words)


def _is_post_nominal(word: str, name_in_capitals: bool) -> bool:
    key = _folded(word.replace(".", "").strip("()"))
    if key in _POST_NOMINALS:
        return True
    spelled_as_degree = "." in word or (word.isupper() and not name_in_capitals)
    return key in _SHORT_POST_NOMINALS and spelled_as_degree


def looks_like_name(text: str) -> bool:
    """A person's name as written, in any script: 'Jordan Avery', 'ANA M. REYES', 'María de la
    Cruz', 'Leila al-Hassan', '王小明', '李明 (Li Ming)'. Not a heading, a job title, contact
    details, an organisation or a place; no digits."""
    if any(ch.isdigit() or ch in _NOT_NAME_CHARS for ch in text):
        return False
    asides = _ASIDE.findall(text)
    words = _ASIDE.sub(" ", text).split()
    if not _is_name_words(words) or not all(_is_name_aside(aside) for aside in asides):
        return False
    return not _names_something_else(text, words)


def _is_name_words(words: Sequence[str]) -> bool:
    """Words in the shape of a name: a given name or initial first, no particle last."""
    if len(words) == 1:
        return _is_unspaced_name(words[0])
    if not 2 <= len(words) <= _MAX_NAME_WORDS or _is_particle(words[-1]):
        return False
    if not (_is_name_word(words[0]) or _is_initials(words[0])):
        return False
    known = [w for w in words if _is_name_word(w) or _is_initials(w) or _is_particle(w)]
    return len(known) == len(words) and any(_is_name_word(w) for w in words)


def _is_name_aside(text: str) -> bool:
    """What may stand in parentheses in a name: its form in another script, or a nickname."""
    words = text.split()
    if len(words) == 1 and _is_unspaced_name(words[0]):
        return True
    return 1 <= len(words) <= _MAX_NAME_WORDS and all(
        _is_name_word(w) or _is_particle(w) or _is_initials(w) for w in words
    )


def _is_unspaced_name(word: str) -> bool:
    """A name in a script written without spaces: '王小明', '山田太郎', '김민수'."""
    return 2 <= len(word) <= 5 and all(
        unicodedata.name(ch, "").startswith(_UNSPACED_SCRIPTS) for ch in word
    )


def _is_name_word(word: str) -> bool:
    """'Müller-Łukasz', "O'Brien", 'al-Hassan', 'Дмитрий', 'محمد': letters, capitalised or in a
    script without capitals; the parts of a hyphenated word but the last may be particles."""
    pieces = _HYPHEN.split(word)[::2]
    if not all(_is_name_piece(p) or _is_particle(p) for p in pieces[:-1]):
        return False
    return _is_name_piece(pieces[-1])


def _is_name_piece(piece: str) -> bool:
    piece = _ELIDED_PARTICLE.sub("", piece)
    if not piece or not piece[0].isalpha() or piece[0].islower() or piece[-1] in _APOSTROPHES:
        return False
    return all(ch.isalpha() or ch in _APOSTROPHES or _is_mark(ch) for ch in piece)


def _is_mark(ch: str) -> bool:
    """A combining mark: a Devanagari vowel sign, an accent left decomposed."""
    return unicodedata.category(ch).startswith("M")


def _is_initials(word: str) -> bool:
    return bool(_INITIALS.match(word)) and word[0].isupper()


def _is_particle(word: str) -> bool:
    return word in _PARTICLES


def _names_something_else(text: str, words: Sequence[str]) -> bool:
    """A heading, the document's title, a job, an organisation, a place or a list of skills."""
    if _folded(text) in _SECTION_OF or _DOCUMENT_TITLE.match(text):
        return True
    keys = [_folded(piece) for word in words for piece in _HYPHEN.split(word)[::2]]
    if any(key in _NOT_NAME_WORDS or key in _ORGANISATION_WORDS for key in keys):
        return True
    if any(key in _TITLE_WORDS or key.rstrip("s") in _TITLE_WORDS for key in keys):
        return True
    if _folded(words[0]) in _PLACE_FIRST_WORDS:
        return True
    left_after_terms = strip_terms(text).replace(",", " ").split()
    return 2 * len(left_after_terms) < len(words)


def _folded(text: str) -> str:
    """Lowercase words without accents or apostrophes, to look up in word lists: 'Résumé' ->
    'resume', "O'Brien" -> 'obrien'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not _is_mark(ch) and ch not in _APOSTROPHES)
    return " ".join(re.sub(r"[\W\d_]+", " ", plain).split())


def _tidy_name(name: str) -> str:
    """The name as written; one written in capitals re-cased the way names are written."""
    if not name.isupper():
        return name
    words = name.split(" ")
    last = len(words) - 1
    return " ".join(_recased_word(word, at == 0, at == last) for at, word in enumerate(words))


def _recased_word(word: str, first: bool, last: bool) -> str:
    """'MÜLLER-ŁUKASZ' -> 'Müller-Łukasz'. A particle is lowercase after the first word and
    before the surname: 'VAN' -> 'van', 'AL-HASSAN' -> 'al-Hassan'; 'AL PACINO' keeps 'Al'."""
    if _is_initials(word):
        return word
    parts = _HYPHEN.split(word)  # the pieces at even places, the hyphens between them
    for at in range(0, len(parts), 2):
        before_surname = not last or at < len(parts) - 1
        particle = not first and before_surname and parts[at].lower() in _LOWER_PARTICLES
        parts[at] = parts[at].lower() if particle else _recased_piece(parts[at])
    return "".join(parts)


def _recased_piece(piece: str) -> str:
    """Capitalised, keeping the capital after Mc, Mac and O': 'MCDONALD' -> 'McDonald',
    'MACLEOD' -> 'MacLeod', "O'BRIEN" -> "O'Brien", but "THIONG'O" -> "Thiong'o"."""
    if len(piece) > 2 and piece[1] in _APOSTROPHES:
        return piece[:2] + piece[2:].capitalize()
    if piece.lower().startswith("mc") and len(piece) > 3:
        return "Mc" + piece[2:].capitalize()
    if _is_mac_prefixed(piece.lower()):
        return "Mac" + piece[3:].capitalize()
    return piece.capitalize()


def _is_mac_prefixed(lower: str) -> bool:
    """'macleod', 'macdonald', 'macarthur'; not 'mack', 'macias', 'machado'."""
    if not lower.startswith("mac") or len(lower) < 7 or lower[3] == "h":
        return False
    return _folded(lower) not in _MAC_NOT_PREFIX


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
