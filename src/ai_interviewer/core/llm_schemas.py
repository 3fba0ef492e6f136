"""What the language model must answer, as pydantic models. Pure, no I/O.

Each model's JSON schema goes into its prompt, so descriptions are short. Ranges are strict (a
score of 11 or a sixth strength is rejected, which asks the model for a repair); unknown keys are
ignored. Checks that need the context of the call (quotes against the answer, requirement ids)
live in `llm_checks`.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ai_interviewer.core.criteria import CRITERIA
from ai_interviewer.core.models import Competency, QuestionKind, Readiness, known_criterion

Seniority = Literal["junior", "mid-level", "senior", "staff+"]
MAX_SKILLS = 15
MAX_HIGHLIGHTS = 6
MAX_EXPECTED_TERMS = 8
MAX_STRONGER_ANSWER_WORDS = 180
MIN_POINTS = 2
MAX_POINTS = 4
MAX_GAPS = 6


class _LLMModel(BaseModel):
    model_config = ConfigDict(extra="ignore")


def _stripped(items: list[str]) -> list[str]:
    """The non-blank items, stripped."""
    return [s.strip() for s in items if s.strip()]


# --- resume analysis ---------------------------------------------------------------------------


class ResumeAnalysis(_LLMModel):
    name: str | None = Field(None, description="candidate's name as written, or null")
    headline: str | None = Field(None, description="one-line professional summary")
    seniority: Seniority = Field(description="level the resume shows (years, scope)")
    key_skills: list[str] = Field(
        default_factory=list, max_length=MAX_SKILLS, description="most relevant skills"
    )
    highlights: list[str] = Field(
        default_factory=list,
        max_length=MAX_HIGHLIGHTS,
        description="achievements worth asking about, one line each",
    )

    @field_validator("key_skills", "highlights")
    @classmethod
    def _no_blanks(cls, items: list[str]) -> list[str]:
        return _stripped(items)


# --- question plan -----------------------------------------------------------------------------


class PlannedQuestion(_LLMModel):
    text: str = Field(min_length=1, description="the question as spoken, 1-2 sentences")
    kind: QuestionKind
    probes: str = Field(description="what it probes, naming the requirement or resume item")
    requirement_id: str | None = Field(None, description="one of the given requirement ids")
    expected_terms: list[str] = Field(
        default_factory=list,
        max_length=MAX_EXPECTED_TERMS,
        description="lowercase terms a good answer uses",
    )

    @field_validator("expected_terms")
    @classmethod
    def _lowercase_terms(cls, terms: list[str]) -> list[str]:
        return [" ".join(t.lower().split()) for t in terms if t.strip()]


class QuestionPlan(_LLMModel):
    questions: list[PlannedQuestion] = Field(min_length=1)


# --- evaluation of one answer ------------------------------------------------------------------


class LLMCriterion(_LLMModel):
    criterion: str = Field(json_schema_extra={"enum": list(CRITERIA)})
    score: int = Field(ge=0, le=10)
    reason: str = Field(description="one line")
    quote: str = Field(
        "", description="copied verbatim from the answer; empty only if the answer is empty"
    )

    @field_validator("criterion")
    @classmethod
    def _known(cls, name: str) -> str:
        return known_criterion(name)


class LLMCompetency(_LLMModel):
    competency: Competency
    score: int = Field(ge=0, le=10)
    reason: str = Field(description="one line")


class LLMEvaluation(_LLMModel):
    criteria: list[LLMCriterion] = Field(description="each criterion exactly once")
    competencies: list[LLMCompetency] = Field(
        default_factory=list,
        max_length=6,
        description="only those the answer gives evidence of",
    )
    tip: str = Field(min_length=1, description="the one most valuable improvement")


# --- the next step after an answer -------------------------------------------------------------


class NextStep(_LLMModel):
    action: Literal["follow_up", "next"]
    follow_up: str | None = Field(None, description="the follow-up question, if follow_up")
    reason: str = Field(description="one line")


# --- the closing assessment --------------------------------------------------------------------


class LLMFinalAssessment(_LLMModel):
    strengths: list[str] = Field(min_length=MIN_POINTS, max_length=MAX_POINTS)
    improvements: list[str] = Field(min_length=MIN_POINTS, max_length=MAX_POINTS)
    weakest_question_id: str = Field(description="id of the weakest answer")
    stronger_answer: str = Field(
        description=f"the weakest answer rewritten, first person, <= {MAX_STRONGER_ANSWER_WORDS} "
        "words"
    )
    readiness: Readiness
    readiness_summary: str = Field(description="readiness for this role and seniority")
    gaps: list[str] = Field(
        default_factory=list,
        max_length=MAX_GAPS,
        description="gaps between resume, job description and what was shown",
    )

    @field_validator("strengths", "improvements", "gaps")
    @classmethod
    def _no_blanks(cls, items: list[str]) -> list[str]:
        return _stripped(items)

    @field_validator("stronger_answer")
    @classmethod
    def _at_most_180_words(cls, text: str) -> str:
        words = len(text.split())
        if words > MAX_STRONGER_ANSWER_WORDS:
            raise ValueError(
                f"stronger_answer has {words} words; at most {MAX_STRONGER_ANSWER_WORDS}"
            )
        return text.strip()


# --- the schema as prompt text -----------------------------------------------------------------


def _without_titles(node: Any) -> Any:
    """The schema without the generated 'title' strings (they cost tokens and say nothing)."""
    if isinstance(node, dict):
        return {
            k: _without_titles(v)
            for k, v in node.items()
            if not (k == "title" and isinstance(v, str))
        }
    if isinstance(node, list):
        return [_without_titles(v) for v in node]
    return node


def schema_json(schema: type[BaseModel]) -> str:
    """The model's JSON schema as compact JSON, for a prompt."""
    return json.dumps(
        _without_titles(schema.model_json_schema()), separators=(",", ":"), ensure_ascii=False
    )
