"""The field of work a job is in: found from cue words, the title counting most."""

from __future__ import annotations

from pathlib import Path

import pytest
from job_samples import SAMPLES, JobSample

from ai_interviewer.core.fields import FIELDS, detect_field, field_evidence, field_scores

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "job_description.txt"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_the_sample_ads_have_their_field(sample: JobSample) -> None:
    assert detect_field(sample.title, sample.ad) == sample.field


def test_the_software_example_is_software() -> None:
    assert detect_field("Senior Backend Engineer", EXAMPLE.read_text("utf-8")) == "software"


@pytest.mark.parametrize(
    ("title", "field"),
    [
        ("Journeyman Electrician", "trades"),
        ("Field Service Engineer", "trades"),
        ("Line Cook", "hospitality"),
        ("Warehouse Operative", "logistics"),
        ("Staff Accountant", "finance"),
        ("Customer Service Representative", "customer_service"),
        ("Caseworker, Adult Social Care", "public_service"),
        ("Pharmacy Technician", "healthcare"),
        ("Teaching Assistant", "education"),
        ("Sales Associate", "retail"),
        ("Account Executive", "sales"),
        ("Data Analyst", "software"),
        ("Software Engineer", "software"),
    ],
)
def test_the_title_alone_decides(title: str, field: str) -> None:
    assert detect_field(title, title) == field


@pytest.mark.parametrize("title", [None, "Office Assistant", "Coordinator"])
def test_unclear_when_no_field_has_cues(title: str | None) -> None:
    assert detect_field(title, "We are a friendly team. Apply today.") is None


def test_unclear_when_two_fields_tie() -> None:
    assert detect_field(None, "Patients and pupils") is None


def test_the_title_outweighs_the_text() -> None:
    text = "Account Executive\nSell payroll software to companies with a codebase of customers."
    assert detect_field("Account Executive", text) == "sales"


def test_evidence_explains_the_score() -> None:
    evidence = field_evidence("Registered Nurse", "Triage patients in the emergency department")
    assert evidence["healthcare"] == [
        "title: nurse",
        "text: emergency department",
        "text: patients",
        "text: triage",
    ]
    assert field_scores("Registered Nurse", "Triage patients")["healthcare"] == 5.0 + 2.0


def test_every_field_has_cues_and_the_list_is_the_contract() -> None:
    assert set(FIELDS) == {
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
    }
