"""The job description reader: title, unit, company, field, requirements R1..Rn (with their
categories and key terms), overall terms."""

from __future__ import annotations

from pathlib import Path

import pytest
from job_samples import NURSE, SAMPLES, JobSample

from ai_interviewer.core.jobdesc import parse_job_description, requirement_terms
from ai_interviewer.core.models import JobDescription
from ai_interviewer.core.requirements import is_evidenced_by_answers
from ai_interviewer.core.text import STOPWORDS

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "job_description.txt"


@pytest.fixture(scope="module")
def example() -> JobDescription:
    return parse_job_description(EXAMPLE.read_text(encoding="utf-8"))


def test_example_title_and_company(example: JobDescription) -> None:
    assert example.title == "Senior Backend Engineer"
    assert example.company == "Northwind Analytics"


def test_example_requirements_are_numbered_and_capped(example: JobDescription) -> None:
    assert 7 <= len(example.requirements) <= 12
    assert [r.id for r in example.requirements] == [
        f"R{n}" for n in range(1, len(example.requirements) + 1)
    ]


def test_example_must_haves_come_before_duties_and_nice_to_haves(example: JobDescription) -> None:
    texts = [r.text for r in example.requirements]
    must = texts.index("5+ years of experience building backend services in Python")
    duty = texts.index("Design, build and operate the backend services behind our forecasting API")
    assert must < duty
    nice = [r for r in example.requirements if r.nice_to_have]
    assert nice and all(texts.index(r.text) > duty for r in nice)


def test_example_has_no_benefits_or_headings(example: JobDescription) -> None:
    texts = " ".join(r.text for r in example.requirements).lower()
    assert "salary" not in texts
    assert "learning budget" not in texts
    assert "requirements" not in texts


def test_example_requirement_terms(example: JobDescription) -> None:
    by_text = {r.text: r.terms for r in example.requirements}
    k8s = by_text["Hands-on experience with Kubernetes and AWS (EKS, S3, RDS) in production"]
    assert k8s[:2] == ["kubernetes", "aws"]
    oncall = next(t for text, t in by_text.items() if text.startswith("Comfortable taking part"))
    assert {"on-call", "incident response", "postmortems"} <= set(oncall)
    for terms in by_text.values():
        assert terms, "every requirement has key terms"
        assert all(t == t.lower() and t not in STOPWORDS for t in terms)


def test_example_overall_terms(example: JobDescription) -> None:
    terms = example.terms
    assert len(terms) == len(set(terms)) <= 40
    for term in ("python", "kubernetes", "postgresql", "ci/cd", "distributed systems", "mentoring"):
        assert term in terms
    assert terms.index("kubernetes") < terms.index("documents")


def test_most_specific_first_and_capped_at_twelve() -> None:
    bullets = [f"- Nice attitude number {n} towards colleagues" for n in range(16)]
    bullets.insert(9, "- Deep experience with Kafka, Kubernetes and Terraform")
    text = "Platform Engineer\n\nRequirements\n" + "\n".join(bullets)
    jd = parse_job_description(text)
    assert len(jd.requirements) == 12
    assert jd.requirements[0].text == "Deep experience with Kafka, Kubernetes and Terraform"
    assert jd.requirements[0].terms[:3] == ["kafka", "kubernetes", "terraform"]


@pytest.mark.parametrize(
    "heading",
    ["What you'll need", "What you’ll need:", "QUALIFICATIONS", "Must-have skills", "About you"],
)
def test_requirement_like_headings(heading: str) -> None:
    text = f"Data Engineer\n\n{heading}\n• Airflow and dbt in production\n• Strong SQL\n"
    jd = parse_job_description(text)
    assert [r.text for r in jd.requirements] == ["Airflow and dbt in production", "Strong SQL"]
    assert not any(r.nice_to_have for r in jd.requirements)


@pytest.mark.parametrize("heading", ["Nice to have", "Bonus points", "Preferred qualifications:"])
def test_nice_to_haves_are_marked(heading: str) -> None:
    text = f"Data Engineer\nRequirements\n- Python\n{heading}\n- Experience with Snowflake\n"
    jd = parse_job_description(text)
    assert [(r.text, r.nice_to_have) for r in jd.requirements] == [
        ("Python", False),
        ("Experience with Snowflake", True),
    ]


def test_labels_for_title_and_company() -> None:
    text = "Job Title: Staff Data Scientist\nCompany: Contoso Health\n\nRequirements\n- NLP\n"
    jd = parse_job_description(text)
    assert (jd.title, jd.company) == ("Staff Data Scientist", "Contoso Health")


@pytest.mark.parametrize(
    ("first_line", "title", "company"),
    [
        ("Frontend Developer at Fabrikam", "Frontend Developer", "Fabrikam"),
        ("Frontend Developer | Fabrikam | Remote", "Frontend Developer", "Fabrikam"),
        ("Frontend Developer (Remote)", "Frontend Developer", None),
    ],
)
def test_title_line_shapes(first_line: str, title: str, company: str | None) -> None:
    jd = parse_job_description(f"{first_line}\n\nRequirements\n- React and TypeScript\n")
    assert (jd.title, jd.company) == (title, company)


def test_company_from_prose() -> None:
    text = (
        "Job description\nQA Engineer\n\nContoso Robotics is hiring a QA Engineer to join a "
        "small team.\n\nRequirements\n- Test automation with Python\n"
    )
    jd = parse_job_description(text)
    assert (jd.title, jd.company) == ("QA Engineer", "Contoso Robotics")


def test_prose_job_description_without_bullets() -> None:
    text = (
        "We are looking for a Machine Learning Engineer to join our search team. You will build "
        "ranking models with PyTorch and ship them to production. Experience with Kubernetes is "
        "required. We offer great coffee. Knowledge of A/B testing is a plus."
    )
    jd = parse_job_description(text)
    assert jd.title == "Machine Learning Engineer"
    texts = [r.text for r in jd.requirements]
    assert "Experience with Kubernetes is required" in texts
    assert not any("coffee" in t for t in texts)
    assert {"pytorch", "kubernetes", "a/b testing"} <= set(jd.terms)


def test_lines_under_a_heading_without_bullets_are_requirements() -> None:
    text = "Support Lead\n\nRequirements:\nCustomer service experience\nZendesk or similar tools\n"
    jd = parse_job_description(text)
    assert [r.text for r in jd.requirements] == [
        "Customer service experience",
        "Zendesk or similar tools",
    ]


def test_wrapped_bullets_are_joined() -> None:
    text = "SRE\nRequirements\n- Experience running Prometheus and\n  Grafana at scale\n- Linux\n"
    jd = parse_job_description(text)
    assert jd.requirements[0].text == "Experience running Prometheus and Grafana at scale"


def test_duplicate_bullets_are_dropped() -> None:
    text = "Engineer\nRequirements\n- Python\n- python\nResponsibilities\n- Python\n"
    assert [r.text for r in parse_job_description(text).requirements] == ["Python"]


@pytest.mark.parametrize("text", ["", "  \n ", "Engineer", "Benefits\n- Free lunch\n"])
def test_nearly_empty_job_description(text: str) -> None:
    jd = parse_job_description(text)
    assert jd.requirements == []
    assert jd.text == text


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Experience with machine learning and CI/CD", ["machine learning", "ci/cd"]),
        ("Strong knowledge of Postgres and Redis", ["postgresql", "redis"]),
        ("Ability to write clear design documents", ["documents", "clear"]),
    ],
)
def test_requirement_terms(text: str, terms: list[str]) -> None:
    found = requirement_terms(text)
    assert set(terms) <= set(found)
    assert all(t not in STOPWORDS and t == t.lower() for t in found)


def test_pasted_posting_with_an_about_the_job_heading() -> None:
    text = (
        "About the job\n"
        "Contoso is hiring a Staff Platform Engineer to lead our infrastructure team.\n\n"
        "Responsibilities:\nLead the design of our multi-region Kubernetes platform.\n\n"
        "Minimum Qualifications:\n• 8+ years in software engineering\n"
        "• Expert in Terraform and Go\n\n"
        "Preferred Qualifications:\n• Experience with service meshes\n\n"
        "Benefits\n• Health insurance\n"
    )
    jd = parse_job_description(text)
    assert (jd.title, jd.company) == ("Staff Platform Engineer", "Contoso")
    assert [(r.text, r.nice_to_have) for r in jd.requirements] == [
        ("Expert in Terraform and Go", False),
        ("8+ years in software engineering", False),
        ("Lead the design of our multi-region Kubernetes platform", False),
        ("Experience with service meshes", True),
    ]
    assert jd.requirements[0].terms == ["terraform", "go"]


# --- jobs outside software: unit apart from employer, field, conditions -------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_sample_title_unit_company_and_field(sample: JobSample) -> None:
    jd = parse_job_description(sample.ad)
    assert (jd.title, jd.unit, jd.company, jd.field) == (
        sample.title,
        sample.unit,
        sample.company,
        sample.field,
    )


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda s: s.name)
def test_sample_conditions_are_classified_and_come_last(sample: JobSample) -> None:
    jd = parse_job_description(sample.ad)
    conditions = [r for r in jd.requirements if not is_evidenced_by_answers(r)]
    assert {r.text for r in conditions} == set(sample.conditions)
    first_condition = jd.requirements.index(conditions[0])
    assert all(not is_evidenced_by_answers(r) for r in jd.requirements[first_condition:])
    assert len([r for r in jd.requirements if is_evidenced_by_answers(r)]) >= 5


def test_conditions_give_no_key_terms() -> None:
    jd = parse_job_description(NURSE.ad)
    for term in ("license", "oregon", "lbs", "drug", "nights", "certification"):
        assert term not in jd.terms
    assert "triage" in jd.terms


def test_conditions_do_not_crowd_out_what_can_be_asked() -> None:
    bullets = [f"- Experience with task number {n} in a busy ward" for n in range(14)]
    conditions = ["- Current RN license", "- Able to work nights", "- Right to work in the UK"]
    jd = parse_job_description("Staff Nurse\n\nRequirements\n" + "\n".join(conditions + bullets))
    evidenced = [r for r in jd.requirements if is_evidenced_by_answers(r)]
    assert len(evidenced) == 12
    assert [r.category for r in jd.requirements[12:]] == ["credential", "schedule", "legal"]


@pytest.mark.parametrize(
    ("text", "title", "unit", "company"),
    [
        (
            "Registered Nurse — Emergency Department, Providence Portland Medical Center",
            "Registered Nurse",
            "Emergency Department",
            "Providence Portland Medical Center",
        ),
        (
            "Registered Nurse, Intensive Care Unit — Mercy Hospital",
            "Registered Nurse",
            "Intensive Care Unit",
            "Mercy Hospital",
        ),
        (
            "Registered Nurse (ICU) | Mercy Hospital | Remote",
            "Registered Nurse",
            "ICU",
            "Mercy Hospital",
        ),
        (
            "Store Manager — Store 412, Harbor Outfitters",
            "Store Manager",
            "Store 412",
            "Harbor Outfitters",
        ),
        (
            "Registered Nurse — Emergency Department",
            "Registered Nurse",
            "Emergency Department",
            None,
        ),
        (
            "Class Teacher - Year 2 - Oakfield Primary School",
            "Class Teacher",
            "Year 2",
            "Oakfield Primary School",
        ),
        (
            "Store Manager at Harbor Outfitters — Sacramento, CA",
            "Store Manager",
            None,
            "Harbor Outfitters",
        ),
        ("Registered Nurse - ICU - Night Shift", "Registered Nurse", "ICU", None),
        ("Warehouse Operative – Nights – Amazon", "Warehouse Operative", None, "Amazon"),
        (
            "Registered Nurse, ICU, Mercy Hospital, Springfield, IL",
            "Registered Nurse",
            "ICU",
            "Mercy Hospital",
        ),
        (
            "Account Executive, Mid-Market at Brightwell Payroll",
            "Account Executive, Mid-Market",
            None,
            "Brightwell Payroll",
        ),
    ],
)
def test_title_line_with_a_unit(
    text: str, title: str, unit: str | None, company: str | None
) -> None:
    jd = parse_job_description(f"{text}\n\nRequirements\n- Experience leading a team\n")
    assert (jd.title, jd.unit, jd.company) == (title, unit, company)


def test_labels_for_title_unit_and_employer() -> None:
    text = (
        "Job title: Registered Nurse\nDepartment: Emergency Department\n"
        "Hospital: Providence Portland Medical Center\nLocation: Portland, OR\n\n"
        "Requirements\n- Triage experience\n"
    )
    jd = parse_job_description(text)
    assert (jd.title, jd.unit, jd.company) == (
        "Registered Nurse",
        "Emergency Department",
        "Providence Portland Medical Center",
    )
    assert jd.field == "healthcare"


@pytest.mark.parametrize(
    ("label", "value"),
    [("Employer", "Leeds City Council"), ("School", "Oakfield Primary School")],
)
def test_employer_labels(label: str, value: str) -> None:
    jd = parse_job_description(f"Job title: Caseworker\n{label}: {value}\n")
    assert jd.company == value


def test_location_label_names_the_unit_and_the_employer() -> None:
    text = (
        "Job title: Staff Nurse\n"
        "Location: Ward 7B, St. James's University Hospital, Leeds\n\n"
        "Requirements\n- Experience on a surgical ward\n"
    )
    jd = parse_job_description(text)
    assert (jd.title, jd.unit, jd.company) == (
        "Staff Nurse",
        "Ward 7B",
        "St. James's University Hospital",
    )


def test_employer_and_unit_from_prose() -> None:
    text = (
        "Job description\n\nProvidence Portland Medical Center is hiring a Registered Nurse for "
        "its Emergency Department.\n\nRequirements\n- Triage experience\n"
    )
    jd = parse_job_description(text)
    assert (jd.title, jd.unit, jd.company) == (
        "Registered Nurse",
        "Emergency Department",
        "Providence Portland Medical Center",
    )
