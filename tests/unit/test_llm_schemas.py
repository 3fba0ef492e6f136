"""What the model must answer: strict ranges, known names, list limits, unknown keys ignored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from ai_interviewer.core.criteria import CRITERIA
from ai_interviewer.core.llm_schemas import (
    LLMCriterion,
    LLMEvaluation,
    LLMFinalAssessment,
    NextStep,
    PlannedQuestion,
    QuestionPlan,
    ResumeAnalysis,
    final_schema,
    max_tokens_for,
    plan_schema,
    schema_json,
    wire_schema,
)


def _criterion(**changes: Any) -> dict[str, Any]:
    return {"score": 7, "reason": "A result.", "quote": "cut it", **changes}


def _evaluation(**criteria: dict[str, Any]) -> dict[str, Any]:
    return {
        "criteria": {name: criteria.get(name, _criterion()) for name in CRITERIA},
        "tip": "Add a number.",
    }


def _final(**changes: Any) -> dict[str, Any]:
    return {
        "strengths": ["Clear structure in q01.", "Numbers in q02."],
        "improvements": ["Name the tools in q03.", "Fewer fillers."],
        "weakest_question_id": "q03",
        "stronger_answer": "I led the migration and cut the query time by half.",
        "readiness": "nearly ready",
        "readiness_summary": "Nearly ready for a senior backend role.",
        "gaps": ["No Kubernetes shown."],
        **changes,
    }


def test_score_above_ten_is_rejected() -> None:
    """A criterion score of 11 is out of range."""
    with pytest.raises(ValidationError):
        LLMCriterion.model_validate(_criterion(score=11))


def test_negative_score_is_rejected() -> None:
    """A criterion score of -1 is out of range."""
    with pytest.raises(ValidationError):
        LLMCriterion.model_validate(_criterion(score=-1))


def test_fractional_score_is_rejected() -> None:
    """Scores are whole numbers: 7.5 is not silently rounded."""
    with pytest.raises(ValidationError):
        LLMCriterion.model_validate(_criterion(score=7.5))


def test_a_missing_criterion_is_rejected_by_name() -> None:
    data = _evaluation()
    del data["criteria"]["depth"]
    with pytest.raises(ValidationError, match="missing criteria: depth"):
        LLMEvaluation.model_validate(data)


def test_an_unknown_criterion_is_dropped_and_the_order_fixed() -> None:
    data = _evaluation()
    data["criteria"] = {"charisma": _criterion(), **dict(reversed(data["criteria"].items()))}
    assert list(LLMEvaluation.model_validate(data).criteria) == list(CRITERIA)


def test_competency_score_out_of_range_is_rejected() -> None:
    """A competency score of 12 inside an evaluation is out of range."""
    data = {**_evaluation(), "competencies": [{"competency": "communication", "score": 12}]}
    with pytest.raises(ValidationError):
        LLMEvaluation.model_validate(data)


def test_a_text_over_its_limit_is_cut_not_refused() -> None:
    """A constrained server cannot exceed a maxLength; a free model that does loses the rest."""
    reason = "word " * 100
    criterion = LLMCriterion.model_validate(_criterion(reason=reason))
    assert len(criterion.reason) <= 100 and criterion.reason.startswith("word word")


def test_unknown_keys_are_ignored() -> None:
    """Extra keys the model adds do not fail validation and are dropped."""
    step = NextStep.model_validate({"action": "next", "reason": "Covered.", "confidence": 0.9})
    assert step.action == "next"
    assert not hasattr(step, "confidence")


def test_next_step_action_is_follow_up_or_next() -> None:
    """Any other action is rejected."""
    with pytest.raises(ValidationError):
        NextStep.model_validate({"action": "end_interview", "reason": "r"})


def test_seniority_must_be_a_known_level() -> None:
    """Seniority is one of junior, mid-level, senior, staff+."""
    with pytest.raises(ValidationError):
        ResumeAnalysis.model_validate({"seniority": "principal wizard"})


def test_more_than_fifteen_key_skills_are_rejected() -> None:
    """The resume analysis names at most 15 key skills."""
    skills = [f"skill {n}" for n in range(16)]
    with pytest.raises(ValidationError):
        ResumeAnalysis.model_validate({"seniority": "senior", "key_skills": skills})


def test_expected_terms_are_lowercased() -> None:
    """A planned question's expected terms come out lowercase with tidy spacing."""
    q = PlannedQuestion.model_validate(
        {"text": "Q?", "kind": "requirement", "probes": "R1", "expected_terms": ["Query  Plan"]}
    )
    assert q.expected_terms == ["query plan"]


def test_more_than_eight_expected_terms_are_rejected() -> None:
    """A planned question has at most eight expected terms."""
    data = {"text": "Q?", "kind": "resume", "probes": "p", "expected_terms": list("abcdefghi")}
    with pytest.raises(ValidationError):
        PlannedQuestion.model_validate(data)


def test_empty_plan_is_rejected() -> None:
    """A plan needs at least one question."""
    with pytest.raises(ValidationError):
        QuestionPlan.model_validate({"questions": []})


def test_final_assessment_needs_two_to_four_strengths() -> None:
    """One strength, or five, is outside the 2-4 range."""
    with pytest.raises(ValidationError):
        LLMFinalAssessment.model_validate(_final(strengths=["Only one."]))
    with pytest.raises(ValidationError):
        LLMFinalAssessment.model_validate(_final(strengths=["a", "b", "c", "d", "e"]))


def test_stronger_answer_over_180_words_is_cut() -> None:
    """The rewritten answer keeps its first 180 words, marked as cut."""
    final = LLMFinalAssessment.model_validate(_final(stronger_answer="word " * 200))
    assert final.stronger_answer == " ".join(["word"] * 180) + " …"


def test_the_final_schema_offers_only_the_interviews_question_ids() -> None:
    schema = wire_schema(final_schema(("q01", "q02")))
    assert schema["properties"]["weakest_question_id"]["enum"] == ["q01", "q02"]
    assert final_schema(()) is LLMFinalAssessment


def test_readiness_is_one_of_three() -> None:
    """Readiness is ready, nearly ready or not yet ready."""
    with pytest.raises(ValidationError):
        LLMFinalAssessment.model_validate(_final(readiness="maybe"))


def test_schema_json_is_compact_and_untitled() -> None:
    """The prompt's schema is compact JSON without generated titles, and still a schema."""
    text = schema_json(LLMEvaluation)
    assert ", " not in text and ": " not in text.replace('": ', "")  # compact separators
    schema = json.loads(text)
    assert "title" not in schema
    assert schema["required"] == ["criteria", "competencies", "tip"]


def test_the_wire_schema_has_each_criterion_as_a_required_key() -> None:
    """A server that decodes to the schema must give every criterion, once, and nothing else;
    every object's keys are required, every text and list bounded."""
    schema = wire_schema(LLMEvaluation)
    criteria = schema["properties"]["criteria"]
    assert list(criteria["properties"]) == list(CRITERIA) == criteria["required"]
    assert criteria["additionalProperties"] is False
    item = schema["$defs"]["LLMCriterion"]
    assert item["required"] == ["quote", "reason", "score"]
    assert item["properties"]["reason"]["maxLength"] == 100
    assert schema["properties"]["competencies"]["maxItems"] == 3


def test_a_plan_schema_fixes_the_number_of_questions() -> None:
    questions = wire_schema(plan_schema(4))["properties"]["questions"]
    assert (questions["minItems"], questions["maxItems"]) == (4, 4)
    with pytest.raises(ValidationError):
        plan_schema(4).model_validate(
            {"questions": [{"text": "Q?", "kind": "resume", "probes": "p"}] * 3}
        )


def test_the_token_budget_follows_the_schema() -> None:
    """Longer lists and texts get more tokens; a next step needs far fewer than an evaluation."""
    assert max_tokens_for(NextStep) < max_tokens_for(LLMEvaluation)
    assert max_tokens_for(plan_schema(3)) < max_tokens_for(plan_schema(6))
    assert 100 < max_tokens_for(NextStep) < 400
