"""Plans for jobs outside software: the field's own questions, no conditions of the job asked
about, no software words, and a warm-up that names the role, the unit and the employer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import fields as dataclass_fields
from functools import cache
from pathlib import Path

import pytest
from job_samples import NURSE, RETAIL, SALES, SAMPLES, TEACHER, JobSample

from ai_interviewer.core import question_bank
from ai_interviewer.core.jobdesc import parse_job_description
from ai_interviewer.core.models import JobDescription, Question, Requirement, ResumeProfile
from ai_interviewer.core.planner import bank_for, ground_question, plan_field, plan_questions
from ai_interviewer.core.profile import parse_resume
from ai_interviewer.core.question_bank import BANKS, NEUTRAL, SOFTWARE, QuestionBank
from ai_interviewer.core.requirements import is_evidenced_by_answers

ROOT = Path(__file__).resolve().parents[2]

SOFTWARE_WORDS = re.compile(
    r"\b(?:production|deploy\w*|services?|systems?|code|bugs?|incidents?|stakeholders?"
    r"|technolog\w*|tools?|stack|on-call|outages?|debugging)\b",
    re.IGNORECASE,
)
WARM_UPS = {
    "nurse": "this Registered Nurse role in the Emergency Department at Providence Portland "
    "Medical Center",
    "teacher": "this Year 2 Class Teacher role in Key Stage 1 at Oakfield Primary School",
    "retail": "this Store Manager role in Store 412 at Harbor Outfitters",
    "sales": "this Account Executive role in the Mid-Market team at Brightwell Payroll",
}
PLANS = [
    pytest.param(sample, count, with_resume, seed, id=f"{sample.name}-{count}-{tag}-{seed}")
    for sample in SAMPLES
    for count in (5, 10)
    for with_resume, tag in ((True, "resume"), (False, "no-resume"))
    for seed in (None, 1, 2)
]


@cache
def _jd(ad: str) -> JobDescription:
    return parse_job_description(ad)


@cache
def _resume(text: str) -> ResumeProfile:
    return parse_resume(text, current_year=2026)


def _plan(sample: JobSample, count: int, with_resume: bool, seed: int | None) -> list[Question]:
    profile = _resume(sample.resume) if with_resume else ResumeProfile()
    return plan_questions(profile, _jd(sample.ad), count=count, seed=seed)


@pytest.mark.parametrize(("sample", "count", "with_resume", "seed"), PLANS)
def test_no_question_is_built_from_a_condition_of_the_job(
    sample: JobSample, count: int, with_resume: bool, seed: int | None
) -> None:
    jd = _jd(sample.ad)
    conditions = {r.id: r for r in jd.requirements if not is_evidenced_by_answers(r)}
    assert conditions
    questions = _plan(sample, count, with_resume, seed)
    assert len(questions) == count
    for q in questions:
        assert q.requirement_id not in conditions, (q.text, q.probes)
        for condition in conditions.values():
            opening = " ".join(condition.text.split()[:4]).lower()
            assert opening not in q.text.lower(), q.text
            assert condition.text not in q.probes


@pytest.mark.parametrize(("sample", "count", "with_resume", "seed"), PLANS)
def test_no_software_words_in_questions_or_probes(
    sample: JobSample, count: int, with_resume: bool, seed: int | None
) -> None:
    for q in _plan(sample, count, with_resume, seed):
        assert not SOFTWARE_WORDS.search(q.text), q.text
        assert not SOFTWARE_WORDS.search(q.probes), q.probes
        assert not any(SOFTWARE_WORDS.search(t) for t in q.expected_terms), q.expected_terms


@pytest.mark.parametrize(("sample", "count", "with_resume", "seed"), PLANS)
def test_the_plan_keeps_its_mix_and_its_ties(
    sample: JobSample, count: int, with_resume: bool, seed: int | None
) -> None:
    questions = _plan(sample, count, with_resume, seed)
    assert len({q.text.lower() for q in questions}) == count
    kinds = [q.kind for q in questions]
    assert kinds.count("requirement") >= 2 and "behavioral" in kinds and "situational" in kinds
    for q in questions:
        assert q.requirement_id is not None or q.resume_item is not None or q.probes, q
        assert q.text[0].isupper() and q.text.endswith(("?", "."))
        assert "{" not in q.text and "  " not in q.text
        if q.kind == "requirement":
            assert not q.text.startswith("This role needs solid experience with"), q.text


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_the_warm_up_names_the_role_the_unit_and_the_employer(sample: JobSample) -> None:
    for with_resume in (True, False):
        for seed in range(4):
            first = _plan(sample, 3, with_resume, seed)[0]
            assert WARM_UPS[sample.name] in first.text
            assert first.probes.startswith(f"Warm-up: background and fit for {sample.title}")


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_behavioral_and_situational_questions_come_from_the_fields_bank(
    sample: JobSample,
) -> None:
    bank = BANKS[sample.field]
    themes = {t.name for t in bank.themes}
    scenarios = {s.name for s in bank.scenarios}
    for with_resume in (True, False):
        for q in _plan(sample, 10, with_resume, None):
            if q.kind == "behavioral":
                assert q.probes.split(";")[0].removeprefix("Behavioral: ") in themes
            if q.kind == "situational":
                name = q.probes.split(";")[0].removeprefix("Situational: ")
                assert name.removesuffix(f" as {sample.title}") in scenarios


def test_a_duty_is_asked_about_in_its_own_words() -> None:
    texts = [q.text for seed in range(12) for q in _plan(NURSE, 10, False, seed)]
    triage = [t for t in texts if "triage patients on arrival" in t]
    assert triage
    assert all(
        t.startswith(("Part of this role is to triage", "In this role you would triage"))
        for t in triage
    )


def test_a_need_is_asked_about_in_its_own_words() -> None:
    texts = [q.text for seed in range(12) for q in _plan(SALES, 10, False, seed)]
    quota = [t for t in texts if "track record of meeting or beating quota" in t]
    assert quota
    assert all("calls for a track record" in t or "weight on a track record" in t for t in quota)


@pytest.mark.parametrize(
    ("sample", "words"),
    [
        (NURSE, ("patient", "shift", "family", "care", "nurse")),
        (TEACHER, ("pupil", "child", "parent", "lesson", "class")),
        (RETAIL, ("customer", "store", "stock", "team", "target")),
        (SALES, ("deal", "quota", "account", "prospect", "customer")),
    ],
)
def test_situational_questions_speak_the_fields_language(
    sample: JobSample, words: tuple[str, ...]
) -> None:
    situational = [
        q.text.lower()
        for seed in range(4)
        for q in _plan(sample, 10, False, seed)
        if q.kind == "situational"
    ]
    assert situational
    assert all(any(w in text for w in words) for text in situational), situational


# --- the banks -----------------------------------------------------------------------------------


def _strings(bank: QuestionBank) -> Iterator[str]:
    for spec in dataclass_fields(bank):
        value = getattr(bank, spec.name)
        if isinstance(value, str):
            yield value
        elif isinstance(value, tuple):
            for item in value:
                if isinstance(item, str):
                    yield item
                else:  # a theme or a scenario
                    yield item.name
                    yield from item.templates if hasattr(item, "templates") else ()
                    yield from (item.generic,) if hasattr(item, "generic") else ()
                    yield from item.words


NON_SOFTWARE_BANKS = [
    pytest.param(bank, id=name)
    for name, bank in {**BANKS, "neutral": NEUTRAL}.items()
    if bank is not SOFTWARE
]


@pytest.mark.parametrize("bank", NON_SOFTWARE_BANKS)
def test_no_software_word_in_any_bank_but_softwares(bank: QuestionBank) -> None:
    strings = list(_strings(bank))
    assert len(strings) > 40
    for text in strings:
        assert not SOFTWARE_WORDS.search(text), text
    assert bank.technical is None


@pytest.mark.parametrize("bank", NON_SOFTWARE_BANKS)
def test_each_bank_has_enough_to_fill_a_long_plan(bank: QuestionBank) -> None:
    assert len(bank.themes) >= 6
    assert len(bank.scenarios) >= 5
    assert len({t.name for t in bank.themes}) == len(bank.themes)
    assert len({s.name for s in bank.scenarios}) == len(bank.scenarios)
    assert all(s.with_focus is None for s in bank.scenarios)


def test_the_bank_module_holds_only_data() -> None:
    source = Path(question_bank.__file__).read_text("utf-8")
    assert not re.search(r"^\s*def ", source, re.MULTILINE)
    assert "import re" not in source


def test_the_fields_with_their_own_bank() -> None:
    assert {"software", "healthcare", "education", "retail", "sales"} <= set(BANKS)
    for name in ("trades", "hospitality", "public_service", "finance", "logistics", None):
        assert bank_for(name) is NEUTRAL


# --- which bank a plan uses ----------------------------------------------------------------------


def test_the_field_comes_from_the_job_then_the_resume() -> None:
    nurse_resume = parse_resume(NURSE.resume, current_year=2026)
    assert plan_field(ResumeProfile(), parse_job_description(NURSE.ad)) == "healthcare"
    assert plan_field(nurse_resume, JobDescription()) == "healthcare"
    assert plan_field(ResumeProfile(), JobDescription()) is None


def test_an_unclear_job_gets_neutral_questions() -> None:
    jd = parse_job_description(
        "Office Coordinator\n\nWhat you'll do\n- Keep the office running smoothly\n"
        "- Plan team events and book travel\n\nRequirements\n- Excellent organisation skills\n"
        "- Must be available to work Saturdays\n"
    )
    assert jd.field is None
    questions = plan_questions(ResumeProfile(), jd, count=10)
    themes = {t.name for t in NEUTRAL.themes} | {s.name for s in NEUTRAL.scenarios}
    for q in questions:
        assert not SOFTWARE_WORDS.search(q.text), q.text
        if q.kind in ("behavioral", "situational"):
            name = q.probes.split(";")[0].split(": ", 1)[1].removesuffix(" as Office Coordinator")
            assert name in themes
        assert "Saturdays" not in q.text


def test_software_plans_keep_their_technical_questions() -> None:
    jd = parse_job_description((ROOT / "examples" / "job_description.txt").read_text("utf-8"))
    assert jd.field == "software"
    questions = plan_questions(ResumeProfile(), jd, count=15)
    scenarios = {s.name for s in SOFTWARE.scenarios}
    themes = {t.name for t in SOFTWARE.themes}
    for q in questions:
        if q.kind == "situational":
            assert q.probes.split(";")[0].split(": ", 1)[1].split(" as ")[0] in scenarios
        if q.kind == "behavioral":
            assert q.probes.split(";")[0].removeprefix("Behavioral: ") in themes
    requirement_texts = " ".join(q.text for q in questions if q.kind == "requirement")
    assert any(name in requirement_texts for name in ("Kubernetes", "PostgreSQL", "Python"))


def test_a_manifest_question_is_not_grounded_in_a_condition() -> None:
    jd = JobDescription(
        requirements=[
            Requirement(
                id="R1", text="Current RN license", terms=["license"], category="credential"
            ),
            Requirement(id="R2", text="Triage patients", terms=["triage"], category="duty"),
        ]
    )
    question = Question(
        id="q01", text="How do you keep your license current?", kind="resume", probes="Manifest"
    )
    assert ground_question(question, jd) == question
    triage = question.model_copy(update={"text": "How do you triage a busy waiting room?"})
    assert ground_question(triage, jd).requirement_id == "R2"
