"""Checks on the model's answers and their conversion into the project's models."""

from __future__ import annotations

import math

import pytest

from ai_interviewer.core.criteria import CRITERIA
from ai_interviewer.core.llm_checks import (
    apply_analysis,
    cost_summary,
    final_validator,
    follow_up_question,
    locate_quote,
    next_step_validator,
    offline_fallback,
    plan_validator,
    quote_in_answer,
    quote_notes,
    to_assessment,
    to_evaluation,
    to_questions,
)
from ai_interviewer.core.llm_schemas import (
    LLMCompetency,
    LLMCriterion,
    LLMEvaluation,
    LLMFinalAssessment,
    NextStep,
    PlannedQuestion,
    QuestionPlan,
    ResumeAnalysis,
)
from ai_interviewer.core.models import (
    OFFLINE_LABEL,
    JobDescription,
    LLMCall,
    Question,
    Requirement,
    ResumeProfile,
    Transcript,
    Word,
)
from ai_interviewer.core.scorer import WEIGHTS, evaluate_offline

ANSWER = (
    "Last year our checkout API was timing out at peak. I profiled the slow PostgreSQL queries, "
    "added two indexes and a Redis cache, and we cut p95 latency from 900 ms to 120 ms."
)
JD = JobDescription(
    title="Backend Engineer",
    requirements=[
        Requirement(id="R1", text="PostgreSQL tuning", terms=["postgresql"]),
        Requirement(id="R2", text="Kubernetes", terms=["kubernetes"]),
    ],
    terms=["postgresql", "redis", "kubernetes"],
)
PROFILE = ResumeProfile(name="Sample Candidate", skills=["Python", "PostgreSQL"])
QUESTION = Question(
    id="q02",
    text="Tell me about a time you made a slow service fast.",
    kind="requirement",
    probes="Requirement R1: PostgreSQL tuning",
    requirement_id="R1",
    expected_terms=["postgresql", "latency"],
)


def _evaluation(quotes: dict[str, str] | None = None, **scores: int) -> LLMEvaluation:
    """Six criteria scored 6 (or as given), each with a quote (the default one, or as given)."""
    quotes = quotes or {}
    return LLMEvaluation(
        criteria={
            name: LLMCriterion(
                score=scores.get(name, 6),
                reason=f"{name} reason",
                quote=quotes.get(name, "added two indexes and a Redis cache"),
            )
            for name in CRITERIA
        },
        competencies=[LLMCompetency(competency="problem_solving", score=8)],
        tip="Say what the cache cost.",
    )


# --- quotes ------------------------------------------------------------------------------------


def test_verbatim_quote_passes() -> None:
    """A quote copied exactly from the answer is accepted."""
    assert quote_in_answer("we cut p95 latency from 900 ms to 120 ms", ANSWER)


def test_case_punctuation_and_whitespace_differences_pass() -> None:
    """Case, punctuation and spacing are folded before comparing."""
    assert quote_in_answer("I  PROFILED the slow postgresql queries", ANSWER)
    assert quote_in_answer("checkout API was timing out at peak.", ANSWER)


def test_curly_apostrophes_and_quotes_pass() -> None:
    """Curly quotes in the quote match straight ones in the answer."""
    answer = 'I said "it\'s done" and we shipped.'
    assert quote_in_answer("“it’s done”", answer)


def test_a_few_words_that_occur_pass() -> None:
    """A short quote is fine as long as it occurs."""
    assert quote_in_answer("Redis cache", ANSWER)


def test_partial_word_does_not_count() -> None:
    """Quotes match whole words: 'ache' is not in 'cache'."""
    assert not quote_in_answer("ache", ANSWER)


def test_paraphrase_is_rejected() -> None:
    """A paraphrase of the answer is not a quote."""
    assert not quote_in_answer("we reduced latency by about 87 percent", ANSWER)


def test_invented_quote_is_rejected() -> None:
    """Words the candidate never said are not a quote."""
    assert not quote_in_answer("I rewrote the service in Rust", ANSWER)


def test_ellipsis_quote_passes_when_parts_occur_in_order() -> None:
    """Parts joined with an ellipsis each occur, in order."""
    assert quote_in_answer("I profiled the slow PostgreSQL queries … cut p95 latency", ANSWER)
    assert quote_in_answer("our checkout API...added two indexes", ANSWER)


def test_ellipsis_quote_out_of_order_is_rejected() -> None:
    """Parts that occur but in the wrong order do not count."""
    assert not quote_in_answer("cut p95 latency … I profiled", ANSWER)


def test_locate_quote_returns_the_answers_own_words() -> None:
    """The located quote is the answer's exact text, whatever the model's casing."""
    assert locate_quote("P95 LATENCY from 900 ms", ANSWER) == "p95 latency from 900 ms"


def test_quotes_found_in_the_answer_need_no_note() -> None:
    assert quote_notes(_evaluation({"clarity": "WE CUT p95 latency"}), ANSWER) == []


def test_an_invented_quote_is_noted_for_dropping() -> None:
    """A quote that is not in the answer is named, to be dropped, not a reason to refuse."""
    notes = quote_notes(_evaluation({"impact": "we tripled revenue"}), ANSWER)
    assert notes == ['the quote for impact ("we tripled revenue") is not in the answer: dropped']


def test_any_quote_of_an_empty_answer_is_noted() -> None:
    notes = quote_notes(_evaluation({"relevance": "I did it"}), "   ")
    assert len(notes) == len(CRITERIA)


def test_empty_quotes_are_not_noted() -> None:
    assert quote_notes(_evaluation(dict.fromkeys(CRITERIA, "")), ANSWER) == []


def test_cost_summary_adds_up_calls_and_known_prices() -> None:
    calls = [
        LLMCall(purpose="evaluate", model="m", prompt_tokens=100, completion_tokens=10),
        LLMCall(
            purpose="evaluate", model="m", prompt_tokens=50, completion_tokens=5, cost_usd=0.01
        ),
        LLMCall(purpose="final", model="m", cost_usd=0.02),
    ]
    summary = cost_summary(calls)
    assert (summary.calls, summary.prompt_tokens, summary.completion_tokens) == (3, 150, 15)
    assert summary.cost_usd == pytest.approx(0.03)
    assert summary.by_purpose == {"evaluate": 0.01, "final": 0.02}


# --- plan and next step ------------------------------------------------------------------------


def _plan(*requirement_ids: str | None) -> QuestionPlan:
    return QuestionPlan(
        questions=[
            PlannedQuestion(
                text=f"Question number {n}?", kind="behavioral", probes="p", requirement_id=rid
            )
            for n, rid in enumerate(requirement_ids)
        ]
    )


def test_plan_with_known_ids_passes() -> None:
    """Known requirement ids, or none, and the asked count pass."""
    plan_validator(["R1", "R2"], 3)(_plan("R1", None, "R2"))


def test_plan_with_unknown_requirement_id_is_rejected() -> None:
    """A requirement id the job does not have is rejected, naming the allowed ones."""
    with pytest.raises(ValueError, match="'R9', which is not one of: R1, R2"):
        plan_validator(["R1", "R2"], 2)(_plan("R1", "R9"))


def test_plan_with_wrong_count_is_rejected() -> None:
    """The plan has as many questions as were asked for."""
    with pytest.raises(ValueError, match="2 questions, 3 were asked for"):
        plan_validator(["R1"], 3)(_plan("R1", None))


def test_requirement_question_without_requirement_is_rejected() -> None:
    """A question of kind requirement names the requirement it is about."""
    plan = QuestionPlan(questions=[PlannedQuestion(text="Q?", kind="requirement", probes="p")])
    with pytest.raises(ValueError, match="names no requirement"):
        plan_validator(["R1"], 1)(plan)


def test_follow_up_needs_its_question() -> None:
    """action follow_up without a follow-up question is rejected."""
    with pytest.raises(ValueError, match="holds no question"):
        next_step_validator()(NextStep(action="follow_up", follow_up=" ", reason="r"))


def test_follow_up_must_be_a_question() -> None:
    """The follow-up text ends with a question mark."""
    with pytest.raises(ValueError, match="ending with '\\?'"):
        next_step_validator()(NextStep(action="follow_up", follow_up="Tell me more.", reason="r"))


def test_next_needs_no_follow_up() -> None:
    """Moving on needs no follow-up text."""
    next_step_validator()(NextStep(action="next", reason="Covered."))


# --- conversions -------------------------------------------------------------------------------


def _timed_transcript() -> Transcript:
    words = [Word(text=w, start=0.4 * n, end=0.4 * n + 0.3) for n, w in enumerate(ANSWER.split())]
    return Transcript(text=ANSWER, words=words, duration=words[-1].end + 0.5, source="whisper:test")


def test_to_evaluation_keeps_measured_facts() -> None:
    """Delivery, STAR, requirements evidenced and matched terms stay the offline measurements."""
    offline = evaluate_offline(QUESTION, _timed_transcript(), PROFILE, JD)
    result = to_evaluation(_evaluation(), offline, "model-x")
    assert result.delivery == offline.delivery and result.delivery.timed
    assert result.star == offline.star
    assert result.requirements_evidenced == offline.requirements_evidenced == ["R1"]
    assert result.matched_terms == offline.matched_terms


def test_to_evaluation_overall_uses_offline_weights() -> None:
    """Overall is the offline scorer's weighted mean of the model's criteria, times ten."""
    offline = evaluate_offline(QUESTION, _timed_transcript(), PROFILE, JD)
    scores = {"relevance": 9, "structure": 4, "specificity": 8, "impact": 10, "clarity": 3}
    result = to_evaluation(_evaluation(None, **scores), offline, "model-x")
    weighted = sum(WEIGHTS[c] * scores.get(c, 6) for c in CRITERIA)
    assert result.overall == math.floor(10 * weighted + 0.5) == 72


def test_to_evaluation_takes_the_models_judgement() -> None:
    """Criteria (with the quote as evidence), competencies and tip come from the model."""
    offline = evaluate_offline(QUESTION, _timed_transcript(), PROFILE, JD)
    result = to_evaluation(_evaluation(impact=9), offline, "model-x")
    assert [c.criterion for c in result.criteria] == list(CRITERIA)
    assert result.score_of("impact") == 9
    assert result.criteria[0].evidence == "added two indexes and a Redis cache"
    assert result.competency_signals == {"problem_solving": 8}
    assert result.tip == "Say what the cache cost."
    assert (result.scorer, result.label) == ("llm:model-x", "scored by model-x")
    assert result.fallback_reason is None


def test_to_evaluation_with_answer_uses_its_exact_words() -> None:
    """Given the answer, evidence is the candidate's own casing and punctuation."""
    offline = evaluate_offline(QUESTION, _timed_transcript(), PROFILE, JD)
    llm = _evaluation({"relevance": "OUR CHECKOUT API WAS TIMING OUT"})
    result = to_evaluation(llm, offline, "model-x", answer=ANSWER)
    assert result.criteria[0].evidence == "our checkout API was timing out"


def test_to_evaluation_drops_a_quote_that_is_not_in_the_answer() -> None:
    """The model's score stands; the invented quote is not shown as evidence."""
    offline = evaluate_offline(QUESTION, _timed_transcript(), PROFILE, JD)
    llm = _evaluation({"impact": "we tripled revenue"}, impact=8)
    result = to_evaluation(llm, offline, "model-x", answer=ANSWER)
    impact = next(c for c in result.criteria if c.criterion == "impact")
    assert (impact.score, impact.evidence) == (8, None)


def test_offline_fallback_keeps_the_offline_label_and_says_why() -> None:
    """The stand-in evaluation is labelled offline estimate, with the reason."""
    offline = evaluate_offline(QUESTION, _timed_transcript(), PROFILE, JD)
    result = offline_fallback(offline, "the model timed out")
    assert result.label == OFFLINE_LABEL and result.scorer == "offline"
    assert result.fallback_reason == "the model timed out"
    assert result.criteria == offline.criteria


def test_to_questions_numbers_from_start_index() -> None:
    """Planned questions become q01, q02 (or from start_index), speakable, terms lowercase."""
    plan = QuestionPlan(
        questions=[
            PlannedQuestion(
                text="How do you **tune** PostgreSQL (e.g. indexes)?",
                kind="requirement",
                probes="Requirement R1: PostgreSQL tuning",
                requirement_id="R1",
                expected_terms=["Indexes", "EXPLAIN"],
            ),
            PlannedQuestion(text="Tell me about a conflict.", kind="behavioral", probes="p"),
        ]
    )
    questions = to_questions(plan)
    assert [q.id for q in questions] == ["q01", "q02"]
    assert questions[0].text == "How do you tune PostgreSQL, e.g. indexes?"
    assert questions[0].expected_terms == ["indexes", "explain"]
    assert questions[0].requirement_id == "R1"
    assert [q.id for q in to_questions(plan, start_index=4)] == ["q04", "q05"]


def test_follow_up_question_links_to_its_parent() -> None:
    """A follow-up is id parent + 'f', follows up the parent, same kind, requirement, terms."""
    follow = follow_up_question(QUESTION, "What did the cache cost you?")
    assert follow.id == "q02f" and follow.follow_up_of == "q02"
    assert follow.kind == QUESTION.kind and follow.requirement_id == "R1"
    assert follow.expected_terms == QUESTION.expected_terms
    assert follow.text == "What did the cache cost you?"


def test_apply_analysis_merges_and_keeps_offline_values() -> None:
    """The model's values win; offline ones stay where the model gives none; skills merge."""
    profile = ResumeProfile(
        name="Sample Candidate",
        headline="Engineer",
        skills=["Python", "PostgreSQL"],
        highlights=["Cut p95 latency 80%"],
        text="resume text",
    )
    analysis = ResumeAnalysis(
        name=None,
        headline="Backend engineer, 7 years",
        seniority="senior",
        key_skills=["postgresql", "Kubernetes"],
        highlights=["Led a database migration"],
    )
    merged = apply_analysis(profile, analysis)
    assert merged.name == "Sample Candidate"
    assert merged.headline == "Backend engineer, 7 years"
    assert merged.seniority == "senior"
    assert merged.skills == ["postgresql", "Kubernetes", "Python"]
    assert merged.highlights == ["Cut p95 latency 80%", "Led a database migration"]
    assert merged.text == "resume text"


def _final(weakest: str) -> LLMFinalAssessment:
    return LLMFinalAssessment(
        strengths=["a", "b"],
        improvements=["c", "d"],
        weakest_question_id=weakest,
        stronger_answer="I led it.",
        readiness="ready",
        readiness_summary="Ready for a senior backend role.",
    )


def test_to_assessment_drops_an_unknown_weakest_id() -> None:
    """A weakest question id that is not a real one is dropped."""
    assert to_assessment(_final("q09"), ["q01", "q02"]).weakest_question_id is None


def test_to_assessment_matches_the_id_the_model_meant() -> None:
    """'Q2' names q02."""
    assessment = to_assessment(_final("Q2"), ["q01", "q02", "q02f"])
    assert assessment.weakest_question_id == "q02"
    assert assessment.readiness == "ready" and assessment.stronger_answer == "I led it."


def test_final_validator_rejects_an_unknown_weakest_id() -> None:
    """The repair check names the real ids."""
    with pytest.raises(ValueError, match="not one of: q01, q02"):
        final_validator(["q01", "q02"])(_final("q7"))
