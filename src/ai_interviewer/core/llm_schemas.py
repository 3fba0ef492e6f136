"""What the language model must answer, as pydantic models. Pure, no I/O.

Each model's JSON schema is sent with the request (`wire_schema`): a server that constrains
decoding to it (llama.cpp, Ollama, OpenAI's structured outputs) can only produce a parsable
answer, and a model in plain JSON mode reads it in its prompt. So the schemas are compact: every
text has a `maxLength`, every list a `maxItems`, every object lists all its keys as required, and
`max_tokens_for` sizes the answer's token budget from those limits.

Validation is a little kinder than the wire schema: a text longer than its limit is cut, not
rejected, and unknown keys are ignored. Ranges stay strict (a score of 11 asks for a repair; the
client clamps it after that). Checks that need the context of the call (quotes against the
answer, requirement ids) live in `llm_checks`.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, create_model, field_validator

from ai_interviewer.core.criteria import CRITERIA
from ai_interviewer.core.models import Competency, QuestionKind, Readiness

Seniority = Literal["junior", "mid-level", "senior", "staff+"]
MAX_SKILLS = 15
MAX_HIGHLIGHTS = 6
MAX_EXPECTED_TERMS = 8
MAX_COMPETENCIES = 3
MAX_STRONGER_ANSWER_WORDS = 180
MIN_POINTS = 2
MAX_POINTS = 4
MAX_GAPS = 4

# Text limits, in characters: what a good answer needs, and what bounds a looping one.
TERM_CHARS = 40
LINE_CHARS = 100
QUOTE_CHARS = 100
SENTENCE_CHARS = 200
QUESTION_CHARS = 300
PASSAGE_CHARS = 1_300  # 180 words

# The token budget: a text of n characters is at most n / CHARS_PER_TOKEN tokens (English runs
# near 4; a small model's odd words nearer 3), plus the JSON around it.
CHARS_PER_TOKEN = 3.0
TOKENS_PER_KEY = 5  # indentation, quotes, the key, the colon
BUDGET_MARGIN = 1.2
MIN_BUDGET = 16


def _cut(limit: int) -> AfterValidator:
    return AfterValidator(lambda text: text.strip()[:limit].strip())


def _limit(limit: int) -> dict[str, Any]:
    return {"maxLength": limit}


Term = Annotated[str, _cut(TERM_CHARS), Field(json_schema_extra=_limit(TERM_CHARS))]
Line = Annotated[str, _cut(LINE_CHARS), Field(json_schema_extra=_limit(LINE_CHARS))]
Sentence = Annotated[str, _cut(SENTENCE_CHARS), Field(json_schema_extra=_limit(SENTENCE_CHARS))]


class _LLMModel(BaseModel):
    model_config = ConfigDict(extra="ignore")


def _stripped(items: list[str]) -> list[str]:
    """The non-blank items, stripped."""
    return [s.strip() for s in items if s.strip()]


# --- resume analysis ---------------------------------------------------------------------------


class ResumeAnalysis(_LLMModel):
    name: str | None = Field(None, description="as written, or null", max_length=80)
    headline: Line | None = Field(None, description="one-line summary")
    seniority: Seniority
    key_skills: list[Term] = Field(
        default_factory=list, max_length=MAX_SKILLS, description="most relevant to the job"
    )
    highlights: list[Line] = Field(
        default_factory=list, max_length=MAX_HIGHLIGHTS, description="achievements to ask about"
    )

    @field_validator("key_skills", "highlights")
    @classmethod
    def _no_blanks(cls, items: list[str]) -> list[str]:
        return _stripped(items)


# --- question plan -----------------------------------------------------------------------------


class PlannedQuestion(_LLMModel):
    text: str = Field(
        min_length=1, description="as spoken, 1-2 sentences", json_schema_extra=_limit(300)
    )
    kind: QuestionKind
    probes: Line = Field(description="the requirement or resume item it probes")
    requirement_id: str | None = Field(None, description="a given id, or null", max_length=12)
    expected_terms: list[Term] = Field(
        default_factory=list, max_length=MAX_EXPECTED_TERMS, description="lowercase"
    )

    @field_validator("expected_terms")
    @classmethod
    def _lowercase_terms(cls, terms: list[str]) -> list[str]:
        return [" ".join(t.lower().split()) for t in terms if t.strip()]

    @field_validator("requirement_id")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None


class QuestionPlan(_LLMModel):
    questions: list[PlannedQuestion] = Field(min_length=1)


@lru_cache(maxsize=16)
def plan_schema(count: int, requirement_ids: tuple[str, ...] = ()) -> type[QuestionPlan]:
    """A plan of exactly `count` questions, each naming one of `requirement_ids` or null: both
    are in the schema, so a server that constrains decoding can give neither more questions nor
    an unknown id, and the token budget fits the count."""

    def one_of_the_ids(schema: dict[str, Any]) -> None:
        schema.pop("anyOf", None)
        schema["anyOf"] = [{"type": "string", "enum": list(requirement_ids)}, {"type": "null"}]

    question: type[PlannedQuestion] = PlannedQuestion
    if requirement_ids:
        question = create_model(
            "PlannedQuestionOfThisJob",
            __base__=PlannedQuestion,
            requirement_id=(
                str | None,
                Field(None, description="a given id, or null", json_schema_extra=one_of_the_ids),
            ),
        )
    return create_model(
        f"QuestionPlan{count}",
        __base__=QuestionPlan,
        questions=(list[question], Field(min_length=count, max_length=count)),
    )


# --- evaluation of one answer ------------------------------------------------------------------


class LLMCriterion(_LLMModel):
    # one criterion's judgement: the answer's words it rests on, why, and the score (no
    # docstring: it would go into the schema sent with every request)
    quote: Annotated[str, _cut(QUOTE_CHARS)] = Field(
        "", description="the answer's exact words", json_schema_extra=_limit(QUOTE_CHARS)
    )
    reason: Line
    score: int = Field(ge=0, le=10)


class LLMCompetency(_LLMModel):
    competency: Competency
    score: int = Field(ge=0, le=10)


def _one_key_per_criterion(schema: dict[str, Any]) -> None:
    """`criteria` on the wire: an object with each criterion as a required key, once."""
    item = schema.pop("additionalProperties")
    schema["properties"] = {name: item for name in CRITERIA}
    schema["required"] = list(CRITERIA)
    schema["additionalProperties"] = False


class LLMEvaluation(_LLMModel):
    criteria: dict[str, LLMCriterion] = Field(json_schema_extra=_one_key_per_criterion)
    competencies: list[LLMCompetency] = Field(
        default_factory=list,
        max_length=MAX_COMPETENCIES,
        description="only those the answer shows",
    )
    tip: Sentence = Field(min_length=1, description="the one improvement worth most")

    @field_validator("criteria")
    @classmethod
    def _every_criterion(cls, given: dict[str, LLMCriterion]) -> dict[str, LLMCriterion]:
        """Each criterion once, in the fixed order; an unknown key is dropped."""
        missing = [name for name in CRITERIA if name not in given]
        if missing:
            raise ValueError(f"missing criteria: {', '.join(missing)}")
        return {name: given[name] for name in CRITERIA}


# --- the next step after an answer -------------------------------------------------------------


class NextStep(_LLMModel):
    action: Literal["follow_up", "next"]
    follow_up: str | None = Field(
        None, description="the question, if follow_up", json_schema_extra=_limit(SENTENCE_CHARS)
    )
    reason: Line


# --- the closing assessment --------------------------------------------------------------------


class LLMFinalAssessment(_LLMModel):
    strengths: list[Line] = Field(min_length=MIN_POINTS, max_length=MAX_POINTS)
    improvements: list[Line] = Field(min_length=MIN_POINTS, max_length=MAX_POINTS)
    weakest_question_id: str = Field(description="id of the weakest answer", max_length=12)
    stronger_answer: str = Field(
        description=f"the weakest answer rewritten, first person, <= {MAX_STRONGER_ANSWER_WORDS} "
        "words",
        json_schema_extra=_limit(PASSAGE_CHARS),
    )
    readiness: Readiness
    readiness_summary: Sentence
    gaps: list[Line] = Field(
        default_factory=list, max_length=MAX_GAPS, description="resume vs job vs answers"
    )

    @field_validator("strengths", "improvements", "gaps")
    @classmethod
    def _no_blanks(cls, items: list[str]) -> list[str]:
        return _stripped(items)

    @field_validator("stronger_answer")
    @classmethod
    def _at_most_180_words(cls, text: str) -> str:
        """Cut to its first 180 words: a rewrite running long is not worth losing the rest."""
        words = text.split()
        if len(words) > MAX_STRONGER_ANSWER_WORDS:
            return " ".join(words[:MAX_STRONGER_ANSWER_WORDS]) + " …"
        return text.strip()


@lru_cache(maxsize=16)
def final_schema(question_ids: tuple[str, ...]) -> type[LLMFinalAssessment]:
    """The closing assessment whose weakest question is one of `question_ids`: in the schema,
    so a server that constrains decoding cannot name another."""
    if not question_ids:
        return LLMFinalAssessment

    def one_of_the_ids(schema: dict[str, Any]) -> None:
        schema.pop("maxLength", None)
        schema["enum"] = list(question_ids)

    return create_model(
        "LLMFinalAssessmentOfThisInterview",
        __base__=LLMFinalAssessment,
        weakest_question_id=(
            str,
            Field(description="id of the weakest answer", json_schema_extra=one_of_the_ids),
        ),
    )


# --- the schema on the wire --------------------------------------------------------------------

_DROPPED_KEYS = frozenset({"title", "default"})  # cost tokens, say nothing the model needs


def _compact(node: Any, in_properties: bool = False) -> Any:
    """The schema without titles and defaults; every object's keys required, no others."""
    if isinstance(node, list):
        return [_compact(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {
        key: _compact(value, in_properties=key == "properties" and not in_properties)
        for key, value in node.items()
        if in_properties or key not in _DROPPED_KEYS
    }
    if not in_properties and isinstance(out.get("properties"), dict):
        out["required"] = list(out["properties"])
        out["additionalProperties"] = False
    return out


def wire_schema(schema: type[BaseModel]) -> dict[str, Any]:
    """The JSON schema sent with a request: compact, with every key required."""
    wire: dict[str, Any] = _compact(schema.model_json_schema())
    return wire


@lru_cache(maxsize=256)
def schema_json(schema: type[BaseModel]) -> str:
    """The wire schema as compact JSON, for a prompt (made once per schema)."""
    return json.dumps(wire_schema(schema), separators=(",", ":"), ensure_ascii=False)


JSON_ONLY = "Answer with JSON only."


def answer_instruction(schema: type[BaseModel], schema_enforced: bool) -> str:
    """What ends a request's last message: the compact schema and "Answer with JSON only", or
    only the latter when the server decodes to the schema sent with the request (writing it out
    again would only cost a small model prompt tokens)."""
    if schema_enforced:
        return JSON_ONLY
    return (
        f"Reply with one JSON object matching this JSON schema:\n{schema_json(schema)}\n{JSON_ONLY}"
    )


@lru_cache(maxsize=256)
def max_tokens_for(schema: type[BaseModel]) -> int:
    """The most tokens a full answer to `schema` can take: every text at its limit, every
    list at its longest, plus the JSON around them, with a margin. Sent as `max_tokens`.
    Worked out once per schema (pydantic takes milliseconds to build one)."""
    wire = wire_schema(schema)
    tokens = _tokens(wire, wire.get("$defs", {}))
    return max(MIN_BUDGET, math.ceil(tokens * BUDGET_MARGIN))


def _tokens(node: dict[str, Any], defs: dict[str, Any]) -> float:
    if "$ref" in node:
        return _tokens(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
    options = node.get("anyOf") or node.get("oneOf")
    if options:
        return max(_tokens(option, defs) for option in options)
    if "enum" in node:
        return 2 + max(len(str(value)) for value in node["enum"]) / CHARS_PER_TOKEN
    kind = node.get("type")
    if kind == "object":
        properties = node.get("properties", {})
        return 2 + sum(
            TOKENS_PER_KEY + len(key) / CHARS_PER_TOKEN + _tokens(value, defs)
            for key, value in properties.items()
        )
    if kind == "array":
        return 2 + node.get("maxItems", MAX_POINTS) * (1 + _tokens(node.get("items", {}), defs))
    if kind == "string":
        return 2 + node.get("maxLength", SENTENCE_CHARS) / CHARS_PER_TOKEN
    return 3  # a number, a boolean, null
