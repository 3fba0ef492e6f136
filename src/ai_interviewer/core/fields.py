"""The field of work a job is in (healthcare, education, retail, sales, software, ...). Pure.

Each field has cue words (the table below, "|" between cues). A cue in the job's title counts
TITLE_WEIGHT, a cue in the rest of its text counts once however often it occurs, and every
distinct technical term the vocabulary finds in the text adds TECH_TERM_WEIGHT to software (up
to MAX_TECH_SCORE). The field with the highest score wins when it reaches MIN_SCORE and beats the
runner-up by MIN_LEAD; otherwise the field is unclear (None). `field_evidence` shows which cues
gave each field its score.

Cues are matched as whole words, case-insensitively; a cue that starts with "!" keeps its case
("RN", "SEN"). Where cues overlap, the longest is taken first: "service engineer" (trades) before
"engineer" (software), "customer service" before "service".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ai_interviewer.core.doctext import word_set
from ai_interviewer.core.vocabulary import find_terms, is_technical

FIELDS: tuple[str, ...] = (
    "healthcare",
    "education",
    "retail",
    "sales",
    "trades",
    "hospitality",
    "public_service",
    "software",
    "finance",
    "logistics",
    "customer_service",
)
TITLE_WEIGHT = 5.0
TEXT_WEIGHT = 1.0
TECH_TERM_WEIGHT = 0.5
MAX_TECH_SCORE = 4.0
MIN_SCORE = 3.0
MIN_LEAD = 1.0

FIELD_CUES: dict[str, str] = {
    "healthcare": """
    nurse|nurses|nursing|!RN|!LPN|!CNA|patient|patients|clinical|clinician|hospital|ward
    |medical center|medical centre|health care|healthcare|physician|doctor|midwife|paramedic
    |pharmacist|pharmacy|therapist|care assistant|healthcare assistant|carer|caregiver|triage
    |medication|medications|emergency department|intensive care|!ICU|!NHS|acute care|dental
    |surgery|bedside|pharmacy technician
    """,
    "education": """
    teacher|teaching|teaching assistant|pupils|pupil|students|classroom|school|primary school
    |secondary school|curriculum|lesson|lessons|key stage|year group|early years|!EYFS|!SEN|!SEND
    |!SENCO|phonics|!QTS|!PGCE|tutor|lecturer|headteacher|safeguarding|learners|parents|education
    |school principal
    """,
    "retail": """
    retail|store|stores|shop|store manager|assistant store manager|sales associate|sales floor
    |shop floor|merchandising|visual merchandising|stock|replenishment|till|tills|cashier
    |footfall|shrink|loss prevention|planogram|planograms|retail associate|store team|key holder
    |keyholder
    """,
    "sales": """
    account executive|sales representative|sales rep|sales manager|business development
    |business development representative|!SDR|!BDR|account manager|quota|pipeline|prospects
    |prospecting|!CRM|Salesforce|closing|deals|territory|!B2B|revenue|commission|cold calling
    |discovery calls|negotiation|new business|sales cycle|!OTE
    """,
    "trades": """
    electrician|plumber|carpenter|joiner|welder|mechanic|technician|apprentice|journeyman|!HVAC
    |wiring|construction|building site|maintenance engineer|service engineer
    |field service engineer|installer|tradesperson|power tools|blueprints|building regulations
    """,
    "hospitality": """
    chef|sous chef|cook|kitchen|restaurant|hotel|bartender|bar staff|waiter|waitress|server
    |front of house|guests|guest|hospitality|barista|housekeeping|food safety|covers|menu
    """,
    "public_service": """
    council|government|public sector|civil service|civil servant|police|firefighter|social worker
    |caseworker|case worker|constituents|municipal|federal|local authority|public service
    |residents|policy officer|probation
    """,
    "software": """
    software|software engineer|software developer|developer|engineer|programmer|backend|frontend
    |full stack|devops|site reliability|data engineer|data scientist|data analyst
    |machine learning|codebase|engineering team|product engineer|platform engineer|!SRE
    |!QA engineer
    """,
    "finance": """
    accountant|accounting|accounts payable|accounts receivable|bookkeeper|bookkeeping|audit
    |auditor|ledger|reconciliation|reconciliations|financial|finance|!CPA|!ACCA|!CIMA|tax|payroll
    |treasury|financial analyst|month-end|month end
    """,
    "logistics": """
    warehouse|forklift|logistics|supply chain|dispatch|dispatcher|fleet|delivery driver|driver
    |shipping|picking|packing|freight|distribution|inventory|courier|depot|!HGV|!CDL
    """,
    "customer_service": """
    customer service|customer support|call centre|call center|contact centre|contact center
    |customer service representative|support agent|complaints|customer care|customer queries
    |customer enquiries|inbound calls|helpdesk
    """,
}


@dataclass(frozen=True)
class _Cue:
    field: str
    word: str
    pattern: re.Pattern[str]


@lru_cache(maxsize=1)
def _cues() -> tuple[_Cue, ...]:
    """Every cue, longest first, so a longer cue takes its words before a shorter one can."""
    cues: list[_Cue] = []
    for field, words in FIELD_CUES.items():
        for word in word_set(words, "|"):
            exact = word.startswith("!")
            body = re.escape(word.lstrip("!")).replace(r"\ ", r"[\s-]+")
            flags = 0 if exact else re.IGNORECASE
            pattern = re.compile(rf"(?<![\w-]){body}(?![\w-])", flags)
            cues.append(_Cue(field, word.lstrip("!"), pattern))
    cues.sort(key=lambda c: (-len(c.word), c.field, c.word))
    return tuple(cues)


def _cue_hits(text: str) -> list[tuple[str, str]]:
    """(field, cue words) for each distinct cue in the text; longer cues take their words first."""
    taken = [False] * len(text)
    hits: dict[tuple[str, str], None] = {}
    for cue in _cues():
        for match in cue.pattern.finditer(text):
            if any(taken[match.start() : match.end()]):
                continue
            for i in range(match.start(), match.end()):
                taken[i] = True
            hits.setdefault((cue.field, match.group().lower()), None)
    return list(hits)


def field_evidence(title: str | None, text: str) -> dict[str, list[str]]:
    """For each field with any cue, the cues found: 'title: nurse', 'text: patients', ..."""
    evidence: dict[str, list[str]] = {}
    for field, words in _cue_hits(title or ""):
        evidence.setdefault(field, []).append(f"title: {words}")
    for field, words in _cue_hits(text):
        evidence.setdefault(field, []).append(f"text: {words}")
    technical = _technical_terms(text)
    if technical:
        evidence.setdefault("software", []).extend(f"term: {t}" for t in technical)
    return evidence


def _technical_terms(text: str) -> list[str]:
    return [t for t in find_terms(text) if is_technical(t)]


def field_scores(title: str | None, text: str) -> dict[str, float]:
    """Each field's score: title cues, text cues, and (for software) technical terms."""
    scores: dict[str, float] = {}
    for field, items in field_evidence(title, text).items():
        scores[field] = _score(items)
    return scores


def _score(items: Iterable[str]) -> float:
    score, tech = 0.0, 0.0
    for item in items:
        if item.startswith("title: "):
            score += TITLE_WEIGHT
        elif item.startswith("text: "):
            score += TEXT_WEIGHT
        else:
            tech += TECH_TERM_WEIGHT
    return score + min(tech, MAX_TECH_SCORE)


def detect_field(title: str | None, text: str) -> str | None:
    """The job's field, or None when no field has enough cues or two are too close to call."""
    scores = sorted(field_scores(title, text).items(), key=lambda kv: (-kv[1], kv[0]))
    if not scores or scores[0][1] < MIN_SCORE:
        return None
    if len(scores) > 1 and scores[0][1] - scores[1][1] < MIN_LEAD:
        return None
    return scores[0][0]
