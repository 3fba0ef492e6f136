"""The data the interview is made of. Pure pydantic models, no I/O.

Every module of the project speaks in these types: documents produce a `ResumeProfile` and a
`JobDescription`, the planner a list of `Question`, speech-to-text a `Transcript`, the scorer an
`Evaluation`, the session a list of `Turn`, and the report a `Report`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator

COMPETENCIES: tuple[str, ...] = (
    "technical_expertise",
    "problem_solving",
    "communication",
    "leadership_ownership",
    "collaboration",
    "adaptability_learning",
)
COMPETENCY_LABELS: dict[str, str] = {
    "technical_expertise": "Technical expertise",
    "problem_solving": "Problem solving",
    "communication": "Communication",
    "leadership_ownership": "Leadership and ownership",
    "collaboration": "Collaboration",
    "adaptability_learning": "Adaptability and learning",
}

Competency = Literal[
    "technical_expertise",
    "problem_solving",
    "communication",
    "leadership_ownership",
    "collaboration",
    "adaptability_learning",
]
QuestionKind = Literal["resume", "requirement", "behavioral", "situational"]
# What a job requirement is: something an answer can show (experience, skill, duty), or a
# condition of the job that an interview answer cannot (a licence, a degree, a shift pattern).
RequirementCategory = Literal[
    "experience",
    "skill",
    "duty",
    "credential",
    "education",
    "schedule",
    "location",
    "legal",
    "physical",
    "other",
]

OFFLINE_LABEL = "offline estimate"


# --- documents -------------------------------------------------------------------------------


class Role(BaseModel):
    """One position held, as read from the resume."""

    title: str
    organization: str | None = None
    start_year: int | None = None
    end_year: int | None = None  # None with a start year means "present"


class ResumeProfile(BaseModel):
    """What the offline reader extracts from a resume's text."""

    name: str | None = None
    email: str | None = None
    headline: str | None = None
    seniority: str | None = None  # "junior", "mid-level", "senior", "staff+" (from the model)
    skills: list[str] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    years_experience: float | None = None
    highlights: list[str] = Field(default_factory=list)  # achievement lines worth asking about
    text: str = ""


class Requirement(BaseModel):
    """One requirement of the job, with the key terms that evidence it."""

    id: str  # "R1", "R2", ...
    text: str
    terms: list[str] = Field(default_factory=list)  # lowercase key terms / phrases
    nice_to_have: bool = False  # listed under "Nice to have", "Bonus", "Preferred"
    category: RequirementCategory = "experience"


class JobDescription(BaseModel):
    title: str | None = None
    company: str | None = None
    unit: str | None = None  # the part of it the job is in: "Emergency Department", "Year 2"
    field: str | None = None  # the field of work: "healthcare", "software", ...; None if unclear
    requirements: list[Requirement] = Field(default_factory=list)
    terms: list[str] = Field(default_factory=list)  # the JD's key terms overall, lowercase
    text: str = ""


# --- interview -------------------------------------------------------------------------------


class Question(BaseModel):
    id: str  # "q01", "q02", ...; a follow-up adds "f": "q02f"
    text: str
    kind: QuestionKind
    follow_up_of: str | None = None  # the id of the question this one follows up
    probes: str  # human words: what this question probes ("Requirement R2: Kubernetes ...")
    requirement_id: str | None = None
    resume_item: str | None = None
    expected_terms: list[str] = Field(default_factory=list)  # lowercase terms a good answer uses


class Word(BaseModel):
    text: str
    start: float  # seconds from the start of the recording
    end: float
    confidence: float = 1.0


class Transcript(BaseModel):
    text: str
    words: list[Word] = Field(default_factory=list)
    duration: float | None = None  # length of the audio in seconds; None for typed answers
    source: str = "text"  # "whisper:tiny.en", "speechmatics", "text"
    language: str = "en"


# --- scoring ---------------------------------------------------------------------------------


class DeliveryMetrics(BaseModel):
    """Measured from the transcript's word timestamps; never guessed."""

    word_count: int = 0
    duration_s: float | None = None  # first word start to last word end; None without timings
    first_word_s: float | None = None  # from the start of the recording to the first word
    wpm: float | None = None
    fillers: int = 0
    filler_words: dict[str, int] = Field(default_factory=dict)
    fillers_per_100: float = 0.0
    pauses_over_2s: int = 0
    longest_pause_s: float = 0.0
    hedges: int = 0
    i_count: int = 0
    we_count: int = 0
    timed: bool = False  # True when the figures come from word timestamps


class StarComponent(BaseModel):
    present: bool = False
    quote: str | None = None  # the words of the answer that show it


class StarAnalysis(BaseModel):
    situation: StarComponent = Field(default_factory=StarComponent)
    task: StarComponent = Field(default_factory=StarComponent)
    action: StarComponent = Field(default_factory=StarComponent)
    result: StarComponent = Field(default_factory=StarComponent)
    quantified: bool = False  # the result carries a number
    numbers: list[str] = Field(default_factory=list)

    @property
    def found(self) -> list[str]:
        parts = ("situation", "task", "action", "result")
        return [p for p in parts if getattr(self, p).present]


def known_criterion(name: str) -> str:
    """The name, when it is one of the criteria (`criteria.CRITERIA_DEFS`); else a ValueError."""
    from ai_interviewer.core.criteria import CRITERIA  # the criteria need these models

    if name not in CRITERIA:
        raise ValueError(f"unknown criterion {name!r}: one of {', '.join(CRITERIA)}")
    return name


class CriterionScore(BaseModel):
    criterion: str  # one of `criteria.CRITERIA`
    score: int = Field(ge=0, le=10)
    reason: str
    evidence: str | None = None  # a quote from the transcript

    @field_validator("criterion")
    @classmethod
    def _known(cls, name: str) -> str:
        return known_criterion(name)


class CompetencyScore(BaseModel):
    competency: Competency
    score: int = Field(ge=0, le=10)
    reason: str


class Evaluation(BaseModel):
    question_id: str
    criteria: list[CriterionScore]
    overall: int = Field(ge=0, le=100)
    tip: str  # the one thing that would most improve this answer
    tip_for: str | None = None  # the criterion the tip improves (the one losing most points)
    delivery: DeliveryMetrics
    star: StarAnalysis
    intent: str | None = None  # what the question asked for: example, hypothetical, ...
    requirements_evidenced: list[str] = Field(default_factory=list)  # requirement ids
    matched_terms: list[str] = Field(default_factory=list)  # JD terms the answer used
    competency_signals: dict[str, int] = Field(default_factory=dict)  # competency -> 0..10
    scorer: str = "offline"  # "offline" or "llm:<model>"
    label: str = OFFLINE_LABEL
    fallback_reason: str | None = None  # why the offline scorer stood in for the model

    def score_of(self, criterion: str) -> int:
        for c in self.criteria:
            if c.criterion == criterion:
                return c.score
        raise KeyError(criterion)


class LLMCall(BaseModel):
    """One call to the language model: what it was for, what it cost, how it went."""

    purpose: str  # "analysis", "plan", "evaluate", "next", "final", "preflight"
    model: str
    question_id: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None  # None when LiteLLM knows no price for the model
    seconds: float = 0.0  # from the first request sent to the answer, waits between tries too
    queued_s: float = 0.0  # waiting for a free place among the model's concurrent calls
    first_token_s: float | None = None  # from sending the (last) request to its first token
    tokens_per_s: float | None = None  # answer tokens per second once they flowed
    attempts: int = 1
    repaired: bool = False  # the first answer failed validation and a repair was asked for
    ok: bool = True
    error: str | None = None
    notes: list[str] = Field(default_factory=list)  # what was mended: a clamp, a dropped quote
    started: float | None = None  # seconds since the session started, for overlap checks


class CostSummary(BaseModel):
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    by_purpose: dict[str, float] = Field(default_factory=dict)  # purpose -> cost in USD


Readiness = Literal["ready", "nearly ready", "not yet ready"]


class FinalAssessment(BaseModel):
    """The model's closing view of the interview, beyond the per-answer scores."""

    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)
    weakest_question_id: str | None = None
    stronger_answer: str | None = None  # a rewrite of the weakest answer, in the candidate's voice
    readiness: Readiness | None = None
    readiness_summary: str | None = None  # readiness for this role and seniority
    gaps: list[str] = Field(default_factory=list)  # between resume, JD and what was shown


TurnStatus = Literal["asked", "recorded", "transcribed", "scored", "skipped", "failed"]
# Why a skipped turn got no answer when the candidate did not choose to skip it: `resume` asks
# such a question again.
INTERRUPTED = "interrupted"  # stopped by a signal before the answer was complete
ENDED_HERE = "ended by the candidate"  # /quit, or the end of typed input, at this question
CUT_OFF = (INTERRUPTED, ENDED_HERE)


class Turn(BaseModel):
    question: Question
    attempt: int = 1  # 2, 3, ...: the question asked again later (`retry`), kept beside the first
    status: TurnStatus = "asked"
    question_audio: str | None = None  # path relative to the session folder (first part)
    question_audio_parts: list[str] = Field(default_factory=list)  # one file per sentence
    answer_audio: str | None = None
    transcript: Transcript | None = None
    evaluation: Evaluation | None = None
    timings: dict[str, float] = Field(default_factory=dict)  # seconds, by mark name
    error: str | None = None
    llm_calls: list[LLMCall] = Field(default_factory=list)


class CoverageRow(BaseModel):
    requirement_id: str
    text: str
    evidenced_by: list[str] = Field(default_factory=list)  # question ids


class Report(BaseModel):
    candidate: str | None = None
    role: str | None = None
    company: str | None = None
    created: str | None = None  # when the interview took place (ISO 8601, local time)
    overall: int = Field(ge=0, le=100)
    label: str = OFFLINE_LABEL
    answered: int
    asked: int
    counted_as_zero: dict[str, str] = Field(default_factory=dict)  # question id -> why (skipped..)
    criteria_means: dict[str, float] = Field(default_factory=dict)  # unanswered count as 0
    competencies: list[CompetencyScore] = Field(default_factory=list)
    strengths: list[str] = Field(default_factory=list)
    improvements: list[str] = Field(default_factory=list)
    coverage: list[CoverageRow] = Field(default_factory=list)
    turns: list[Turn] = Field(default_factory=list)
    delivery_summary: dict[str, float | None] = Field(default_factory=dict)
    scorer: str = "offline"  # "offline" or "llm:<model>"
    assessment: FinalAssessment | None = None  # from the model; None offline
    cost: CostSummary | None = None  # None offline
