"""What a job requirement is, and how to say it in a question. Pure.

A requirement is either something an interview answer can show -- experience, a skill, a duty of
the job -- or a condition of the job that no answer can: a licence or certification, a degree, a
shift pattern, a place of work, a legal check, a physical demand. `classify_requirement` tells
them apart with the cue tables below; `is_evidenced_by_answers` says which is which, so the
planner asks only about the first kind and coverage can leave the second out.

How a line is classified, in order:

1. The earliest condition cue in the line decides its condition category ("Current Oregon RN
   license" -> credential, "Able to work 12-hour shifts" -> schedule).
2. A schedule or location cue gives way when the line also shows something an answer can evidence
   anywhere: an experience cue, a technical skill, or a leading duty verb ("Comfortable taking
   part in an on-call rotation and leading incident response" is about incident response). A
   stronger condition cue (credential, education, legal, physical, other) gives way only to an
   experience or knowledge cue before it ("3 years of experience as a licensed RN") or to a
   leading duty verb that is not about holding the thing ("Coordinate staff certifications", but
   not "Maintain current BLS certification").
3. Otherwise the line is experience ("experience", "years", "track record"), a duty (a line of a
   duties section, or one that starts with a duty verb), a skill ("skills", "knowledge of",
   "ability to", or a short list of skills), or experience by default.

`spoken_requirement` turns an evidenced line into words an interviewer can say: "Triage patients
on arrival" -> "triage patients on arrival" (a duty, said after "to"), "Responsible for managing
stock" -> "managing stock" (a duty as doing), "Experience with Epic" -> "experience with Epic" (a
need), or the line itself when it is none of these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ai_interviewer.core.doctext import word_set
from ai_interviewer.core.models import Requirement, RequirementCategory
from ai_interviewer.core.vocabulary import display_name, find_terms, is_known, is_technical

EVIDENCED_CATEGORIES: frozenset[str] = frozenset({"experience", "skill", "duty"})

# --- cue tables ----------------------------------------------------------------------------------
# Each cue is a regular expression matched case-insensitively on word boundaries; a cue that starts
# with "!" is matched with its exact case (acronyms that are also words: "BA", "PALS", "DBS").

CONDITION_CUES: dict[RequirementCategory, tuple[str, ...]] = {
    "legal": (
        r"right to work",
        r"(?:authori[sz]ed|eligib\w*|entitled|permitted) to work",
        r"work (?:authori[sz]ation|permit|visa)",
        r"visas?",
        r"(?:visa )?sponsorship",
        r"citizen(?:ship)?",
        r"security clearance",
        r"background (?:check|screening|investigation)s?",
        r"criminal (?:record|background|history)(?: check)?",
        r"!DBS",
        r"!PVG",
        r"enhanced (?:dbs|disclosure)",
        r"fingerprint(?:ing|s)?(?: clearance)?",
        r"drug (?:screen|test)(?:ing|s)?",
        r"pre-?employment (?:check|screening|test)s?",
        r"(?:valid |full |current )?driv(?:er['’]?s?|ing) licen[cs]e",
        r"clean (?:driving |motor vehicle )?record",
        r"motor vehicle record",
        r"(?:must be|be at least|aged?) (?:over |at least )?1[6-9]\b",
        r"1[6-9] ?\+? ?(?:years? (?:of age|old|or (?:older|over))|or (?:older|over))",
        r"over (?:the age of )?1[6-9](?= ?(?:years|$|[.,;)]))",
        r"(?:proof of |up[- ]to[- ]date |current |full )(?:vaccinat|immuni[sz]at)\w*",
        r"(?:vaccinat|immuni[sz]at)\w* (?:status|record|history|required)",
        r"!TB (?:test|screening)",
        r"satisfactory references",
    ),
    "credential": (
        r"licen[cs](?:e|ed|es|ure)",
        r"certif(?:ied|ication|ications|icate|icates)",
        r"accredit(?:ed|ation)",
        r"chartered",
        r"registration (?:with|as|on)",
        r"(?:current|active|valid|professional|live) registration",
        r"registered (?:with|on)",
        r"!(?:NMC|HCPC|GMC|GPhC|GTC|SIA|CSCS)\b",
        r"!(?:BLS|ACLS|PALS|TNCC|NRP|ENPC|CDL|CPA|ACCA|CIMA|CFA|CMA|PMP)\b",
        r"!OSHA[- ]?(?:10|30)",
        r"!QTS",
        r"qualified teacher status",
        r"first aid (?:certificate|certification|qualification|trained|at work)",
        r"(?:current|valid|paediatric|pediatric) first aid",
        r"food (?:handler|hygiene|safety)['’]?s? (?:card|certificate|permit|level|training)",
        r"!ServSafe",
        r"journeyman",
        r"master electrician",
    ),
    "education": (
        r"bachelor['’]?s?",
        r"master['’]?s? (?:degree|in)",
        r"degree(?= (?:in|or|required|preferred|level|qualified|educated|from)\b)",
        r"(?:university|college|bachelor['’]?s?|master['’]?s?|associate['’]?s?|relevant|honours"
        r"|undergraduate|postgraduate|\d-year|four-year) degree",
        r"diploma",
        r"!(?:BSN|ADN|MSN|BSc|BEd|MEd|MBA|PhD|PGCE|GED)\b",
        r"!(?:BA|BS|BSc|MA|MS|MSc)(?= (?:in|or|degree)\b| ?\()",
        r"(?:\d|two|three) a[- ]levels?",
        r"a[- ]levels? (?:or equivalent|at grade)",
        r"!GCSEs? (?:or equivalent|at grade|grade|in (?:maths|math|english))",
        r"grade [4-9A-C] (?:or above|or higher)",
        r"high school (?:diploma|education|graduate)",
        r"graduate of",
        r"qualification in",
        r"!(?:NVQ|BTEC|HND)\b",
    ),
    "physical": (
        r"lift(?:ing)?(?: and carry(?:ing)?)?(?: up to)? \d+",
        r"\d+ ?(?:lbs?|pounds|kg|kilos)\b",
        r"heavy lifting",
        r"lift(?:ing)? and carry(?:ing)?",
        r"stand(?:ing)? for (?:long|extended|prolonged) periods",
        r"on (?:your|their) feet",
        r"physically (?:demanding|fit|able|active)",
        r"physical (?:demands|requirements|stamina)",
        r"bend(?:ing)?, (?:kneel|stoop|twist)\w*",
        r"kneel(?:ing)?",
        r"climb(?:ing)? ladders",
        r"push(?:ing)? and pull(?:ing)?",
        r"manual handling",
        r"work(?:ing)? at heights",
    ),
    "schedule": (
        r"\d+ ?-? ?hour shifts?",
        r"(?:twelve|eight|ten)[- ]hour shifts?",
        r"shifts?",
        r"nights?",
        r"weekends?",
        r"evenings?",
        r"(?:saturday|sunday)s?",
        r"(?:bank |public )?holidays",
        r"on[- ]call",
        r"rotas?",
        r"rotation",
        r"rotating",
        r"overtime",
        r"hours (?:per|a|each) week",
        r"\d+(?:\.\d+)? hours",
        r"full[- ]time",
        r"part[- ]time",
        r"flexible (?:hours|schedule|working)",
        r"availability",
        r"available to work",
        r"term[- ]time",
        r"days (?:per|a) week",
        r"early starts?",
        r"late finish(?:es)?",
        r"start date",
    ),
    "location": (
        r"on[- ]?site",
        r"in[- ]person",
        r"in the office",
        r"office[- ]based",
        r"commut\w*",
        r"relocat\w*",
        r"travel(?:l?ing)?",
        r"remote(?:ly)?",
        r"hybrid",
        r"based (?:in|at|out of)",
        r"within \d+ (?:miles|km|kilometres|kilometers|minutes)",
        r"(?:live|reside) (?:in|within|near)",
        r"own (?:car|vehicle|transport)",
        r"reliable transport(?:ation)?",
    ),
    "other": (
        r"salary",
        r"(?:competitive |total )?compensation (?:package|plan)",
        r"pay (?:rate|range|band|scale)",
        r"per (?:hour|annum)",
        r"!OTE",
        r"(?:competitive|excellent|full|generous|employee) benefits",
        r"benefits (?:package|include)",
        r"(?:workplace )?pension (?:scheme|plan|contribution)s?",
        r"401 ?\(?k\)?",
        r"paid time off",
        r"!PTO",
        r"equal opportunit\w*",
    ),
}
# These give way to any sign of something an answer can evidence (rule 2 above).
WEAK_CONDITIONS: frozenset[str] = frozenset({"schedule", "location"})

EXPERIENCE_CUES: tuple[str, ...] = (
    r"\d+ ?\+? ?(?:years?|yrs)",
    r"experience[ds]?",
    r"track record",
    r"proven",
    r"background in",
    r"history of",
    r"worked (?:in|with|as|on)",
)
SKILL_CUES: tuple[str, ...] = (
    r"skills?",
    r"skilled",
    r"proficien\w*",
    r"knowledge",
    r"understanding",
    r"familiar\w*",
    r"ability to",
    r"able to",
    r"fluen\w*",
    r"expertise",
    r"competen\w*",
    r"confident",
    r"comfortable",
)
# Cues that, before a stronger condition cue, make the line about what the person knows or did
# ("Knowledge of building regulations and certification schemes").
EARLIER_EVIDENCE_CUES: tuple[str, ...] = (
    *EXPERIENCE_CUES,
    r"knowledge",
    r"understanding",
    r"familiar\w*",
    r"awareness",
)
# Terms that name a condition, not a skill, though the vocabulary knows them.
CONDITION_TERMS: frozenset[str] = frozenset({"on-call"})

# Verbs that open a duty ("Triage patients on arrival", "Lead the Saturday team"). A line that
# starts with one is a duty, and is spoken as "to <the line>".
DUTY_VERBS: frozenset[str] = word_set(
    """
    achieve act adapt address administer advise advocate allocate analyse analyze answer apply
    book chase clean control convert count cover explain greet hand hit increase log
    arrange assess assist attend audit build buy calculate call care carry catch chair champion
    check close coach collaborate collect communicate complete conduct contribute cook coordinate
    counsel create cultivate deal decide define deliver demonstrate deploy design develop
    diagnose differentiate direct discharge dispense document drive educate empower encourage
    engage ensure escalate establish estimate evaluate examine exceed execute expand facilitate
    find follow forecast foster generate give grow guide handle help hire identify implement
    improve influence inform inspect inspire install instruct interpret interview investigate
    keep lead liaise listen look maintain manage mark measure meet mentor merchandise model
    monitor motivate negotiate nurture observe obtain open operate order organise organize
    own oversee partner perform plan precept prepare present prioritise prioritize process
    produce promote prospect protect provide qualify raise reassess recognise recognize
    recommend reconcile record recruit reduce refer renew repair replenish report represent
    research resolve respond retain review run safeguard schedule secure sell serve set share
    shape source spot staff stock structure supervise support take teach test track train
    translate treat triage troubleshoot tutor uphold upsell use visit welcome win write
    """
)
# Duty verbs that, before a credential or a check, are about holding it, not a duty: "Maintain
# current BLS certification", "Complete an enhanced DBS check". Other duty verbs before one make
# a duty: "Coordinate staff certifications and training records".
HOLDING_VERBS: frozenset[str] = word_set(
    "maintain keep hold obtain complete achieve secure renew pass have possess gain provide"
)
# Openings that make a duty though their verb, "work", also opens conditions ("Work nights").
DUTY_OPENINGS: tuple[str, ...] = (
    "work closely",
    "work alongside",
    "work with",
    "work together",
    "work as part of",
)
# The head words of a phrase that names something a person has ("experience with Epic",
# "strong communication skills"), spoken as "This role calls for <the phrase>".
NEED_HEADS: frozenset[str] = word_set(
    """
    experience knowledge understanding skills skill ability abilities expertise proficiency
    fluency familiarity background record grasp communicator passion commitment confidence
    interest eye approach attitude judgement judgment awareness resilience empathy patience
    communication leadership organisation organization teamwork attention manner rapport
    """
)
# Adjectives before a singular head that take "a": "a proven track record", "a strong
# understanding of phonics", "a confident communicator".
NEED_ADJECTIVES: frozenset[str] = word_set(
    """
    strong excellent good solid proven sound working deep clear great outstanding exceptional
    genuine real demonstrable demonstrated natural confident calm thorough keen
    """
)
SINGULAR_HEADS: frozenset[str] = word_set(
    """
    record understanding knowledge grasp communicator passion commitment interest eye approach
    attitude background ability awareness sense
    """
)
# What an ad puts before the requirement itself. After a doing lead-in a duty verb follows ("You
# will lead ...", "Ability to plan ..."); after a having lead-in, what the person has ("You have
# led ...", "3+ years of experience ...").
DOING_LEAD_INS: tuple[str, ...] = (
    r"(?:you|candidates?|applicants?) (?:will|would|must|should|can|shall)(?: also)? ",
    r"you['’]ll(?: also)? ",
    r"(?:must|should) be able to ",
    r"be able to ",
    r"(?:the |an |proven |demonstrated |demonstrable )*(?:ability|able) to ",
    r"(?:be )?responsible for ",
)
HAVING_LEAD_INS: tuple[str, ...] = (
    r"we (?:are|['’]re) looking for (?:someone (?:with|who has) )?",
    r"(?:you|candidates?) (?:have|bring|possess|hold|['’]ve got) ",
    r"(?:must|should) (?:have|possess|hold|demonstrate) ",
    r"\d+ ?\+? ?(?:years?|yrs)['’]?(?: of)? ",
)


# --- classification ------------------------------------------------------------------------------


def _compile(cue: str) -> re.Pattern[str]:
    if cue.startswith("!"):
        return re.compile(rf"(?<![\w-]){cue[1:]}(?![\w-])")
    return re.compile(rf"(?<![\w-]){cue}(?![\w])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _condition_patterns() -> tuple[tuple[RequirementCategory, re.Pattern[str]], ...]:
    return tuple(
        (category, _compile(cue)) for category, cues in CONDITION_CUES.items() for cue in cues
    )


@lru_cache(maxsize=4)
def _patterns(cues: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(_compile(cue) for cue in cues)


@lru_cache(maxsize=1)
def _lead_in_patterns() -> tuple[tuple[re.Pattern[str], bool], ...]:
    """Every lead-in, and whether it is a having one."""
    doing = [(re.compile(lead, re.IGNORECASE), False) for lead in DOING_LEAD_INS]
    having = [(re.compile(lead, re.IGNORECASE), True) for lead in HAVING_LEAD_INS]
    return tuple(doing + having)


def _first_match(text: str, cues: tuple[str, ...]) -> int | None:
    starts = [m.start() for p in _patterns(cues) if (m := p.search(text)) is not None]
    return min(starts) if starts else None


@dataclass(frozen=True)
class ConditionCue:
    """The condition cue that decides a line: its category, the words matched and where."""

    category: RequirementCategory
    words: str
    start: int


def condition_cue(text: str) -> ConditionCue | None:
    """The earliest condition cue in the text. When two cues start at the same place the longer
    wins ("driving licence" is legal, not a credential)."""
    best: ConditionCue | None = None
    for category, pattern in _condition_patterns():
        match = pattern.search(text)
        if match is None:
            continue
        found = ConditionCue(category, match.group(), match.start())
        if best is None or (found.start, -len(found.words)) < (best.start, -len(best.words)):
            best = found
    return best


def _without_lead_ins(text: str) -> tuple[str, bool]:
    """The text less what an ad puts before the requirement, and whether that was a having
    lead-in ("You have", "3+ years of"), after which no duty verb is expected."""
    rest, having = text.strip(), False
    for _ in range(3):
        before = rest
        for pattern, is_having in _lead_in_patterns():
            match = pattern.match(rest)
            if match is not None:
                rest = rest[match.end() :].lstrip(" ,:-")
                having = having or is_having
        if rest == before:
            break
    return rest, having


def _first_word(text: str) -> str:
    match = re.match(r"[A-Za-z][A-Za-z'’-]*", text)
    return match.group().lower() if match else ""


def starts_with_duty_verb(text: str, holding: bool = True) -> bool:
    """'Triage patients on arrival', 'You will lead the team', 'Work closely with ...': the line
    opens with a duty verb (with holding=False, not one of the HOLDING_VERBS)."""
    rest, having = _without_lead_ins(text)
    if having:
        return False
    first = _first_word(rest)
    if not holding and first in HOLDING_VERBS:
        return False
    opening = " ".join(rest.lower().split())
    return first in DUTY_VERBS or is_duty_gerund(first) or opening.startswith(DUTY_OPENINGS)


def is_duty_gerund(word: str) -> bool:
    """'managing', 'planning', 'triaging': the -ing form of a duty verb."""
    if not word.endswith("ing") or len(word) < 6:
        return False
    base = word[:-3]
    undoubled = base[:-1] if len(base) > 2 and base[-1] == base[-2] else base
    return bool({base, base + "e", undoubled} & DUTY_VERBS)


def _shows_skill_terms(text: str) -> bool:
    return any(is_technical(t) and t not in CONDITION_TERMS for t in find_terms(text))


def _evidence_anywhere(text: str) -> bool:
    return (
        _first_match(text, EXPERIENCE_CUES) is not None
        or _shows_skill_terms(text)
        or starts_with_duty_verb(text)
    )


def _evidenced_category(text: str, section: str) -> RequirementCategory:
    if _first_match(text, EXPERIENCE_CUES) is not None:
        return "experience"
    if section == "duty":
        return "duty"
    if _first_match(text, SKILL_CUES) is not None:
        return "skill"
    if starts_with_duty_verb(text):
        return "duty"
    return "skill" if len(text.split()) <= 4 else "experience"


def classify_requirement(text: str, section: str = "must") -> RequirementCategory:
    """The category of one requirement line; `section` is the kind of section it was listed in
    ("must", "duty", "nice", "misc"), which tells a duty from an experience."""
    cue = condition_cue(text)
    if cue is None:
        return _evidenced_category(text, section)
    if cue.category in WEAK_CONDITIONS:
        if _evidence_anywhere(text):
            return _evidenced_category(text, section)
        return cue.category
    evidence_at = _first_match(text, EARLIER_EVIDENCE_CUES)
    if evidence_at is not None and evidence_at < cue.start:
        return _evidenced_category(text, section)
    if starts_with_duty_verb(text, holding=False):
        return _evidenced_category(text, section)
    return cue.category


def is_evidenced_by_answers(requirement: Requirement) -> bool:
    """True when an interview answer can show this requirement (experience, a skill, a duty);
    False for conditions of the job (credentials, education, schedule, location, legal,
    physical, other), which a plan does not ask about and coverage need not count."""
    return requirement.category in EVIDENCED_CATEGORIES


# --- in spoken words -----------------------------------------------------------------------------

Shape = Literal["duty", "doing", "need", "line"]
MAX_SPOKEN_WORDS = 22


@dataclass(frozen=True)
class SpokenRequirement:
    """A requirement in words that fit a sentence: a duty ("triage patients on arrival", spoken
    after "to"), a duty as doing ("managing a team of 12", spoken after "involves"), a need
    ("experience with Epic", spoken after "calls for"), or the line itself when it is none of
    these ("Spanish speaker", spoken after a colon)."""

    shape: Shape
    words: str


def _spoken_length(text: str) -> str:
    """At most MAX_SPOKEN_WORDS words, cut at a clause boundary when one is near; no examples."""
    text = re.split(r"\s*(?:\(?\b(?:e\.g\.|i\.e\.|etc\b)|;)", text)[0]
    text = text.strip(" .,:;-–—")
    words = text.split()
    if len(words) <= MAX_SPOKEN_WORDS:
        return text
    cut = " ".join(words[:MAX_SPOKEN_WORDS])
    clause = cut.rsplit(",", 1)[0]
    return (clause if len(clause.split()) >= 8 else cut).strip(" ,")


def _lower_first_word(text: str) -> str:
    word = text.split(" ", 1)[0]
    keep = (
        (
            len(word) > 1 and not word[1:].islower()  # "BLS", "iPad", "McKesson"
        )
        or (is_known(word) and display_name(word.lower())[:1].isupper())
    )
    return text if keep else text[:1].lower() + text[1:]


def _needs_article(words: list[str]) -> bool:
    if not words or words[0] not in NEED_ADJECTIVES:
        return False
    head = next((w for w in words[1:4] if w not in NEED_ADJECTIVES), "")
    if head == "track":
        return True
    return head in SINGULAR_HEADS


def spoken_requirement(requirement: Requirement) -> SpokenRequirement:
    """The requirement as words for a question: its duty, its need, or the line itself."""
    rest, having = _without_lead_ins(requirement.text)
    core = _spoken_length(rest)
    first = _first_word(core)
    if core and not having and first in DUTY_VERBS:
        return SpokenRequirement("duty", _lower_first_word(core))
    if core and not having and is_duty_gerund(first):
        return SpokenRequirement("doing", _lower_first_word(core))
    words = [w.strip(",.").lower() for w in core.split()]
    if any(w in NEED_HEADS for w in words[:6]):
        phrase = _lower_first_word(core)
        return SpokenRequirement("need", "a " + phrase if _needs_article(words) else phrase)
    return SpokenRequirement("line", _spoken_length(requirement.text))
