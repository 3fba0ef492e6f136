"""The offline question plan: counts, the mix of kinds, ties to the documents, reproducibility."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from ai_interviewer.core.jobdesc import parse_job_description
from ai_interviewer.core.models import JobDescription, Question, ResumeProfile
from ai_interviewer.core.planner import DEFAULT_SEED, kind_sequence, plan_questions, speakable
from ai_interviewer.core.profile import parse_resume

ROOT = Path(__file__).resolve().parents[2]

RESUME = """\
Casey Morgan
Senior Software Engineer | casey.morgan@example.com

Summary
Backend engineer with 9 years of experience in Python and distributed systems.

Experience
Senior Software Engineer, Lumen Freight — 2020–Present
• Cut p95 latency of the tracking API by 45% by redesigning PostgreSQL indexes
• Led the migration of 30 services to Kubernetes on AWS with zero downtime
• Mentored 4 engineers and ran the on-call rotation
Software Engineer, Copperleaf Health — 2016–2020
• Introduced CI/CD with GitHub Actions, cutting release time from 2 days to 40 minutes
• Reduced AWS costs by 30% by right-sizing databases

Skills
Python, Go, SQL, Kubernetes, Docker, AWS, PostgreSQL, Redis, CI/CD
"""

BRACKETS_OR_MARKDOWN = re.compile(r"[\[\]{}()<>*#`_|]")


@pytest.fixture(scope="module")
def profile() -> ResumeProfile:
    return parse_resume(RESUME, current_year=2026)


@pytest.fixture(scope="module")
def jd() -> JobDescription:
    return parse_job_description((ROOT / "examples" / "job_description.txt").read_text("utf-8"))


def _check_plan(questions: list[Question], count: int) -> None:
    assert len(questions) == count
    assert [q.id for q in questions] == [f"q{n:02d}" for n in range(1, count + 1)]
    texts = [q.text.lower() for q in questions]
    assert len(set(texts)) == count, "no question is asked twice"
    for q in questions:
        assert q.text and q.text[0].isupper() and q.text.endswith(("?", "."))
        assert not BRACKETS_OR_MARKDOWN.search(q.text), q.text
        assert "  " not in q.text and "{" not in q.text
        assert q.probes.strip()
        assert all(t == t.lower() and t.strip() for t in q.expected_terms)
        assert len(q.expected_terms) == len(set(q.expected_terms))


@pytest.mark.parametrize("count", range(1, 16))
def test_every_count_gives_that_many_distinct_questions(
    profile: ResumeProfile, jd: JobDescription, count: int
) -> None:
    questions = plan_questions(profile, jd, count=count)
    _check_plan(questions, count)


@pytest.mark.parametrize("count", range(1, 16))
def test_every_question_is_tied_to_the_documents(
    profile: ResumeProfile, jd: JobDescription, count: int
) -> None:
    ids = {r.id for r in jd.requirements}
    for q in plan_questions(profile, jd, count=count, seed=count):
        assert q.requirement_id is not None or q.resume_item is not None, q
        if q.requirement_id is not None:
            assert q.requirement_id in ids
            assert f"Requirement {q.requirement_id}" in q.probes
        assert q.expected_terms


def test_five_questions_mix(profile: ResumeProfile, jd: JobDescription) -> None:
    questions = plan_questions(profile, jd, count=5)
    assert Counter(q.kind for q in questions) == {
        "resume": 1,
        "requirement": 2,
        "behavioral": 1,
        "situational": 1,
    }


def test_first_question_is_a_warm_up_about_the_background(
    profile: ResumeProfile, jd: JobDescription
) -> None:
    for seed in range(6):
        first = plan_questions(profile, jd, count=3, seed=seed)[0]
        assert first.kind == "resume"
        assert any(word in first.text.lower() for word in ("background", "career", "yourself"))
        assert "Senior Backend Engineer" in first.text
        assert first.probes.startswith("Warm-up")
        assert first.resume_item == "Senior Software Engineer at Lumen Freight (2020–present)"


def test_fifteen_questions_use_every_kind(profile: ResumeProfile, jd: JobDescription) -> None:
    kinds = Counter(q.kind for q in plan_questions(profile, jd, count=15))
    assert kinds == {"resume": 4, "requirement": 5, "behavioral": 3, "situational": 3}


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (1, ["resume"]),
        (2, ["resume", "requirement"]),
        (5, ["resume", "requirement", "behavioral", "requirement", "situational"]),
    ],
)
def test_kind_sequence(count: int, expected: list[str]) -> None:
    assert kind_sequence(count) == expected


def test_resume_questions_cite_a_role_and_an_achievement(
    profile: ResumeProfile, jd: JobDescription
) -> None:
    later = [q for q in plan_questions(profile, jd, count=15)[1:] if q.kind == "resume"]
    assert later
    for q in later:
        assert q.resume_item in profile.highlights
        assert q.probes.startswith("Resume: ")
    assert any("Lumen Freight" in q.text or "Copperleaf Health" in q.text for q in later)


def test_requirement_questions_name_the_requirement(
    profile: ResumeProfile, jd: JobDescription
) -> None:
    by_id = {r.id: r for r in jd.requirements}
    for q in plan_questions(profile, jd, count=15):
        if q.kind != "requirement":
            continue
        requirement = by_id[q.requirement_id or ""]
        assert set(requirement.terms) <= set(q.expected_terms) | set(requirement.terms[12:])
        assert q.probes.startswith(f"Requirement {requirement.id}: ")


def test_requirement_questions_cover_different_requirements(
    profile: ResumeProfile, jd: JobDescription
) -> None:
    ids = [q.requirement_id for q in plan_questions(profile, jd, 15) if q.kind == "requirement"]
    assert len(ids) == len(set(ids))


def test_same_seed_same_plan(profile: ResumeProfile, jd: JobDescription) -> None:
    for seed in (None, 0, 7, 123456):
        assert plan_questions(profile, jd, 8, seed) == plan_questions(profile, jd, 8, seed)


def test_no_seed_is_the_default_seed(profile: ResumeProfile, jd: JobDescription) -> None:
    assert plan_questions(profile, jd, 6) == plan_questions(profile, jd, 6, DEFAULT_SEED)


def test_different_seeds_give_different_plans(profile: ResumeProfile, jd: JobDescription) -> None:
    plans = {tuple(q.text for q in plan_questions(profile, jd, 5, seed)) for seed in range(8)}
    assert len(plans) >= 6


def test_empty_documents_still_give_good_generic_questions() -> None:
    for count in range(1, 16):
        questions = plan_questions(ResumeProfile(), JobDescription(), count=count)
        _check_plan(questions, count)
        assert questions[0].text.startswith(("To start", "Let's begin", "Thanks", "Before"))
        assert "this role" in questions[0].text


def test_resume_only() -> None:
    profile = parse_resume(RESUME)
    questions = plan_questions(profile, JobDescription(), count=10)
    _check_plan(questions, 10)
    assert all(q.requirement_id is None for q in questions)
    assert sum(1 for q in questions if q.resume_item) >= 4


def test_job_description_only(jd: JobDescription) -> None:
    questions = plan_questions(ResumeProfile(), jd, count=10)
    _check_plan(questions, 10)
    assert sum(1 for q in questions if q.requirement_id) >= 6
    assert not any("your resume" in q.text.lower() for q in questions)


def test_prose_job_description_with_a_thin_resume() -> None:
    jd = parse_job_description(
        "We are looking for a Data Analyst. You will build dashboards in Tableau. "
        "Experience with SQL is required."
    )
    profile = parse_resume("Casey Morgan\nSkills: Excel, SQL\n")
    questions = plan_questions(profile, jd, count=7, seed=3)
    _check_plan(questions, 7)
    assert any(q.requirement_id for q in questions)


@pytest.mark.parametrize(("count", "expected"), [(0, 1), (-3, 1), (40, 15)])
def test_count_is_clamped(
    profile: ResumeProfile, jd: JobDescription, count: int, expected: int
) -> None:
    assert len(plan_questions(profile, jd, count)) == expected


@pytest.mark.parametrize(
    ("raw", "spoken"),
    [
        ("Tell me about **Kubernetes** (EKS, S3).", "Tell me about Kubernetes, EKS, S3."),
        ("Use [Python] & `Go`?", "Use Python and Go?"),
        ("one part reads: design APIs.", "One part reads: design APIs."),
    ],
)
def test_speakable(raw: str, spoken: str) -> None:
    assert speakable(raw) == spoken


def test_a_manifest_question_is_grounded_in_the_requirement_it_asks_about() -> None:
    """A question written elsewhere gets the requirement whose terms it names, and its terms."""
    from ai_interviewer.core.models import JobDescription, Question, Requirement
    from ai_interviewer.core.planner import ground_question

    jd = JobDescription(
        requirements=[
            Requirement(
                id="R1", text="Kubernetes and AWS in production", terms=["kubernetes", "aws"]
            ),
            Requirement(
                id="R2", text="PostgreSQL query tuning", terms=["postgresql", "query tuning"]
            ),
        ]
    )
    question = Question(
        id="q01",
        text="How do you make PostgreSQL fast?",
        kind="requirement",
        probes="Question from the manifest",
    )
    grounded = ground_question(question, jd)
    assert grounded.requirement_id == "R2"
    assert "query tuning" in grounded.expected_terms
    assert grounded.probes.startswith("Requirement R2")
    unrelated = question.model_copy(update={"text": "What are you proud of?"})
    assert ground_question(unrelated, jd) == unrelated
