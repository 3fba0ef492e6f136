"""JD coverage: which requirements and terms an answer evidences, and the report's rows."""

from __future__ import annotations

import pytest

from ai_interviewer.core.coverage import answer_coverage, coverage_rows, matched_terms, term_key
from ai_interviewer.core.models import (
    DeliveryMetrics,
    Evaluation,
    JobDescription,
    Question,
    Requirement,
    StarAnalysis,
    Turn,
)

REQUIREMENTS = [
    Requirement(id="R1", text="Deploy services on Kubernetes", terms=["kubernetes", "deploy"]),
    Requirement(id="R2", text="CI/CD pipelines", terms=["ci/cd", "continuous integration"]),
    Requirement(id="R3", text="Incident response", terms=["incident response", "on-call"]),
    Requirement(id="R4", text="Mentoring junior engineers", terms=[]),
]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("I deployed our services to Kubernetes.", ["R1"]),
        ("We deploy twice a day.", ["R1"]),
        ("I set up CI/CD with continuous integration on every branch.", ["R2"]),
        ("I led the incident response for the outage.", ["R3"]),
        ("I was on-call for the payments team.", ["R3"]),
        ("I was mentoring two junior engineers.", ["R4"]),
        ("I enjoy hiking.", []),
    ],
)
def test_answer_coverage(answer: str, expected: list[str]) -> None:
    """Requirement terms match with stemming; the right requirement ids come back."""
    assert answer_coverage(answer, REQUIREMENTS) == expected


def test_multi_word_term_matches_only_as_a_phrase() -> None:
    """'incident response' needs both words next to each other."""
    assert answer_coverage("Our response to the incident was slow.", REQUIREMENTS) == []


def test_requirement_without_terms_needs_two_words() -> None:
    """With no terms, one generic word of the requirement's text is not enough."""
    assert answer_coverage("I talked to a junior colleague.", REQUIREMENTS) == []


@pytest.mark.parametrize(
    ("a", "b"), [("deployed", "deploy"), ("services", "service"), ("disagreed", "disagree")]
)
def test_term_key_joins_word_forms(a: str, b: str) -> None:
    """Inflected forms share one comparison key."""
    assert term_key(a) == term_key(b)


def test_matched_terms_in_given_order_without_repeats() -> None:
    """JD terms the answer uses, in the JD's order, once each."""
    terms = ["python", "redis", "kubernetes", "python", "query optimization"]
    text = "I used Redis from Python, and Redis again, and did query optimizations."
    assert matched_terms(text, terms) == ["python", "redis", "query optimization"]


def _turn(qid: str, evidenced: list[str] | None) -> Turn:
    question = Question(id=qid, text="Tell me about it.", kind="behavioral", probes="test")
    evaluation = None
    if evidenced is not None:
        evaluation = Evaluation(
            question_id=qid,
            criteria=[],
            overall=50,
            tip="tip",
            delivery=DeliveryMetrics(),
            star=StarAnalysis(),
            requirements_evidenced=evidenced,
        )
    return Turn(
        question=question, evaluation=evaluation, status="scored" if evaluation else "skipped"
    )


def test_coverage_rows_list_the_questions_per_requirement() -> None:
    """Each requirement gets a row with the question ids that evidenced it, none when none did."""
    jd = JobDescription(requirements=REQUIREMENTS)
    rows = coverage_rows(jd, [_turn("q01", ["R1", "R3"]), _turn("q02", ["R1"]), _turn("q03", None)])
    assert [(r.requirement_id, r.evidenced_by) for r in rows] == [
        ("R1", ["q01", "q02"]),
        ("R2", []),
        ("R3", ["q01"]),
        ("R4", []),
    ]


def test_coverage_rows_without_requirements() -> None:
    """A JD with no requirements gives no rows."""
    assert coverage_rows(JobDescription(), [_turn("q01", ["R1"])]) == []
