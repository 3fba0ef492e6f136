"""What a requirement is (experience, skill, duty, or a condition of the job) and how it is said."""

from __future__ import annotations

import pytest

from ai_interviewer.core.models import Requirement
from ai_interviewer.core.requirements import (
    classify_requirement,
    condition_cue,
    is_evidenced_by_answers,
    spoken_requirement,
)

# (line of an ad, section it was listed in, category)
CATEGORY_TABLE: list[tuple[str, str, str]] = [
    # healthcare
    ("Current Oregon RN license, or a multistate license", "must", "credential"),
    ("BLS and ACLS certification from the American Heart Association", "must", "credential"),
    ("Active NMC registration", "must", "credential"),
    ("Bachelor of Science in Nursing (BSN) preferred; ADN accepted", "must", "education"),
    ("2+ years of acute care nursing experience", "must", "experience"),
    ("3 years of experience as a licensed RN in an ICU", "must", "experience"),
    ("Able to work 12-hour shifts, nights, weekends and holidays", "must", "schedule"),
    ("Able to lift 50 lbs and stand for long periods", "must", "physical"),
    ("Must pass a background check and drug screen", "must", "legal"),
    ("Proof of up-to-date immunizations, including hepatitis B", "must", "legal"),
    ("Triage patients on arrival and reassess them as their condition changes", "duty", "duty"),
    ("Lead night shifts as the nurse in charge", "duty", "duty"),
    ("Calm, clear communication with patients and families", "must", "experience"),
    # education
    ("Qualified Teacher Status (QTS)", "must", "credential"),
    ("PGCE or equivalent teaching qualification", "must", "education"),
    ("Degree in Education or a related subject", "must", "education"),
    ("Enhanced DBS check (we will apply on your behalf)", "must", "legal"),
    ("Right to work in the UK", "must", "legal"),
    ("Valid state teaching certificate for grades K-6", "must", "credential"),
    ("Teach phonics daily and help every child become a confident reader", "duty", "duty"),
    ("Attend parents' evenings and school events", "duty", "duty"),
    ("Experience teaching in Key Stage 1, including phonics", "must", "experience"),
    ("A good understanding of how young children learn to read", "must", "skill"),
    ("Term-time only, 32.5 hours per week", "must", "schedule"),
    # retail
    ("3+ years of experience managing a retail store", "must", "experience"),
    ("Flexible availability including evenings, weekends and holidays", "must", "schedule"),
    ("Able to stand for long periods and lift up to 25 kg", "must", "physical"),
    ("Must be 18 or over", "must", "legal"),
    ("18 years or older", "must", "legal"),
    ("High school diploma or equivalent", "must", "education"),
    ("Food handler's card within 30 days of hire", "must", "credential"),
    ("Open and close the store, including weekends", "duty", "duty"),
    ("Manage the weekly staff rota", "duty", "duty"),
    ("Confident with sales reports and weekly trading figures", "must", "skill"),
    # sales
    ("3+ years of B2B closing experience", "must", "experience"),
    ("A track record of meeting or beating quota", "must", "experience"),
    ("Strong negotiation and presentation skills", "must", "skill"),
    ("Willing to travel up to 30% across the territory", "must", "location"),
    ("Valid driver's license and clean driving record", "must", "legal"),
    ("Bachelor's degree preferred", "must", "education"),
    ("Authorized to work in the United States without sponsorship", "must", "legal"),
    ("Build pipeline through outbound prospecting, referrals and events", "duty", "duty"),
    ("Hybrid: three days a week in our Chicago office", "must", "location"),
    ("Base salary plus uncapped commission, $150,000 OTE", "must", "other"),
    # trades, logistics, hospitality, finance
    ("Journeyman electrician licence", "must", "credential"),
    ("Forklift certification", "must", "credential"),
    ("CPA or ACCA qualified", "must", "credential"),
    ("Must be willing to relocate to Denver", "must", "location"),
    ("Overtime as required during peak season", "must", "schedule"),
    ("Diagnose and repair faults in commercial HVAC units", "duty", "duty"),
    ("Able to commute to our Leeds site", "must", "location"),
    ("Manual handling of stock up to 20 kg", "must", "physical"),
    ("Experience running a busy kitchen of 80 covers", "must", "experience"),
    # software (conditions that carry a skill stay askable)
    (
        "Comfortable taking part in an on-call rotation and leading incident response",
        "must",
        "skill",
    ),
    ("Hands-on experience with Kubernetes and AWS", "must", "experience"),
    ("Design, build and operate the backend services behind our API", "duty", "duty"),
    ("Strong PostgreSQL skills", "must", "skill"),
    ("Remote within US time zones", "must", "location"),
    ("AWS Certified Solutions Architect", "nice", "credential"),
    ("Python", "must", "skill"),
    # duties and knowledge that name a condition without being one
    ("Coordinate staff certifications and training records", "duty", "duty"),
    ("Maintain current BLS certification", "duty", "credential"),
    ("Knowledge of building regulations and certification schemes", "must", "skill"),
    ("Work closely with the night team at handover", "duty", "duty"),
    ("Work every other weekend", "duty", "schedule"),
    ("Administer vaccinations and keep immunisation records up to date", "duty", "duty"),
    ("Provide first aid to pupils and staff", "duty", "duty"),
    ("Explain product benefits to customers", "duty", "duty"),
    ("Manage a $2m budget", "duty", "duty"),
    ("A high degree of accuracy", "must", "experience"),
    ("Competitive salary and benefits", "must", "other"),
    ("Must hold a full UK driving licence", "must", "legal"),
    ("Complete an enhanced DBS check before starting", "must", "legal"),
]


def test_the_earliest_cue_decides_and_says_why() -> None:
    cue = condition_cue("Valid driver's license and clean driving record")
    assert cue is not None
    assert (cue.category, cue.words, cue.start) == ("legal", "Valid driver's license", 0)
    assert condition_cue("Triage patients on arrival") is None


def test_the_table_covers_enough_lines() -> None:
    assert len(CATEGORY_TABLE) >= 40


@pytest.mark.parametrize(("text", "section", "category"), CATEGORY_TABLE)
def test_requirement_categories(text: str, section: str, category: str) -> None:
    assert classify_requirement(text, section) == category


@pytest.mark.parametrize(
    ("category", "evidenced"),
    [
        ("experience", True),
        ("skill", True),
        ("duty", True),
        ("credential", False),
        ("education", False),
        ("schedule", False),
        ("location", False),
        ("legal", False),
        ("physical", False),
        ("other", False),
    ],
)
def test_only_experience_skills_and_duties_are_evidenced_by_answers(
    category: str, evidenced: bool
) -> None:
    requirement = Requirement.model_validate({"id": "R1", "text": "x", "category": category})
    assert is_evidenced_by_answers(requirement) is evidenced


def test_a_requirement_saved_before_categories_loads_as_experience() -> None:
    requirement = Requirement.model_validate({"id": "R1", "text": "Python", "terms": ["python"]})
    assert requirement.category == "experience"
    assert is_evidenced_by_answers(requirement)


@pytest.mark.parametrize(
    ("text", "shape", "words"),
    [
        (
            "Triage patients on arrival and reassess them as their condition changes",
            "duty",
            "triage patients on arrival and reassess them as their condition changes",
        ),
        ("You will lead the Saturday team", "duty", "lead the Saturday team"),
        ("Ability to build rapport with families", "duty", "build rapport with families"),
        ("Responsible for managing stock and ordering", "doing", "managing stock and ordering"),
        (
            "2+ years of acute care nursing experience, ideally in an emergency department",
            "need",
            "acute care nursing experience, ideally in an emergency department",
        ),
        ("Experience with Epic", "need", "experience with Epic"),
        (
            "Strong understanding of phonics and early reading",
            "need",
            "a strong understanding of phonics and early reading",
        ),
        (
            "Proven track record of hitting sales targets",
            "need",
            "a proven track record of hitting sales targets",
        ),
        ("Strong negotiation skills", "need", "strong negotiation skills"),
        ("Spanish speaker", "line", "Spanish speaker"),
        ("You have led a team of ten", "line", "You have led a team of ten"),
    ],
)
def test_spoken_requirement(text: str, shape: str, words: str) -> None:
    spoken = spoken_requirement(Requirement(id="R1", text=text))
    assert (spoken.shape, spoken.words) == (shape, words)


def test_a_long_requirement_is_cut_at_a_clause_for_speech() -> None:
    text = (
        "Plan and teach engaging, well-sequenced lessons across the whole Year 2 curriculum, "
        "working closely with the phase leader and the teaching assistants in the class, and "
        "adapt them for every learner"
    )
    words = spoken_requirement(Requirement(id="R1", text=text)).words
    assert len(words.split()) <= 22
    assert words.startswith("plan and teach engaging")
    assert not words.endswith(",")
