"""The resume reader: name, contact, headline, skills, roles, years, highlights, from messy text."""

from __future__ import annotations

import pytest

from ai_interviewer.core.models import ResumeProfile, Role
from ai_interviewer.core.profile import (
    describe_role,
    highlight_roles,
    looks_like_name,
    parse_resume,
)

RESUME = """\
JORDAN  AVERY
Senior Software Engineer | jordan.avery@example.com | +1 555 010 0199
Seattle, WA

Summary
Backend engineer with 8+ years building distri-
buted systems in Python and Go.

Experience
Senior Backend Engineer, Acme Corp — 2019–Present
• Cut p95 API latency by 40% by moving hot paths to Redis caching and
  async workers
• Led a team of 5 engineers through the migration to Kubernetes on AWS
▪ Helped with various team activities and planning meetings
Acme Labs | Software Engineer | Jan 2016 - Mar 2019
- Built a PostgreSQL-backed billing service processing $2M/month
* Introduced CI/CD with GitHub Actions, cutting release time from 2 days to 2 hours
Data Analyst
Initech, Remote     06/2014 – 12/2015
- Automated weekly reports with SQL and pandas, saving 10 hours a week

Education
B.Sc. Computer Science, State University, 2010–2014

Skills
Languages: Python, Go, SQL
Cloud: AWS (EC2, S3), Kubernetes, Docker, Terraform
Practices: CI/CD, code review, incident response, machine learning
"""


@pytest.fixture(scope="module")
def profile() -> ResumeProfile:
    return parse_resume(RESUME, current_year=2026)


def test_name_is_the_first_line_that_looks_like_a_person(profile: ResumeProfile) -> None:
    assert profile.name == "Jordan Avery"


def test_email_and_headline(profile: ResumeProfile) -> None:
    assert profile.email == "jordan.avery@example.com"
    assert profile.headline == "Senior Software Engineer"


def test_roles_with_years(profile: ResumeProfile) -> None:
    assert profile.roles == [
        Role(title="Senior Backend Engineer", organization="Acme Corp", start_year=2019),
        Role(title="Software Engineer", organization="Acme Labs", start_year=2016, end_year=2019),
        Role(title="Data Analyst", organization="Initech", start_year=2014, end_year=2015),
    ]


def test_education_is_not_a_role(profile: ResumeProfile) -> None:
    assert all("University" not in (r.organization or "") for r in profile.roles)
    assert all("Computer Science" not in r.title for r in profile.roles)


def test_stated_years_win_over_the_span(profile: ResumeProfile) -> None:
    assert profile.years_experience == 8.0


def test_years_from_the_roles_span_without_a_statement() -> None:
    text = RESUME.replace("with 8+ years building", "building")
    assert parse_resume(text, current_year=2026).years_experience == 12.0


def test_skills_section_first_then_known_skills_in_the_text(profile: ResumeProfile) -> None:
    assert profile.skills[:3] == ["Python", "Go", "SQL"]
    for skill in ("Kubernetes", "CI/CD", "machine learning", "EC2", "Redis", "PostgreSQL"):
        assert skill in profile.skills
    # joined back across the hyphenated line break of the PDF text
    assert "distributed systems" in profile.skills
    assert len({s.lower() for s in profile.skills}) == len(profile.skills)


def test_highlights_prefer_lines_with_numbers(profile: ResumeProfile) -> None:
    assert profile.highlights
    assert all(any(ch.isdigit() for ch in h) for h in profile.highlights[:5])
    assert (
        "Cut p95 API latency by 40% by moving hot paths to Redis caching and async workers"
        in profile.highlights
    )
    assert profile.highlights.index(
        "Helped with various team activities and planning meetings"
    ) > profile.highlights.index(
        "Led a team of 5 engineers through the migration to Kubernetes on AWS"
    )


def test_highlights_have_no_bullet_marks(profile: ResumeProfile) -> None:
    assert all(h[0].isalnum() for h in profile.highlights)


def test_full_text_is_kept(profile: ResumeProfile) -> None:
    assert profile.text == RESUME


@pytest.mark.parametrize(
    ("line", "title", "organization", "start", "end"),
    [
        (
            "Senior Backend Engineer, Acme Corp — 2019–Present",
            "Senior Backend Engineer",
            "Acme Corp",
            2019,
            None,
        ),
        ("Acme Corp | Engineer | Jan 2018 - Mar 2021", "Engineer", "Acme Corp", 2018, 2021),
        ("Data Analyst at Initech (06/2014 – 12/2015)", "Data Analyst", "Initech", 2014, 2015),
        ("Product Manager — Globex — 2015 - current", "Product Manager", "Globex", 2015, None),
        ("Software Developer, Hooli, Sept 2012 to Now", "Software Developer", "Hooli", 2012, None),
        (
            "Platform Engineer | Vandelay Industries | 2020—2023",
            "Platform Engineer",
            "Vandelay Industries",
            2020,
            2023,
        ),
        (
            "Staff Engineer @ Umbrella Labs, March 2021 – Current",
            "Staff Engineer",
            "Umbrella Labs",
            2021,
            None,
        ),
        ("Initrode    QA Tester    2009 - 2011", "QA Tester", "Initrode", 2009, 2011),
        (
            "Staff Nurse, Medical-Surgical Unit, St. Vincent Hospital — 2021–Present",
            "Staff Nurse",
            "St. Vincent Hospital",
            2021,
            None,
        ),
        (
            "Class Teacher, Year 1, St. Mary's Primary, 2019 - 2023",
            "Class Teacher",
            "St. Mary's Primary",
            2019,
            2023,
        ),
    ],
)
def test_role_line_shapes(
    line: str, title: str, organization: str, start: int, end: int | None
) -> None:
    text = f"Casey Morgan\nExperience\n{line}\n• Shipped 3 releases of the product a quarter\n"
    roles = parse_resume(text, current_year=2026).roles
    assert roles == [Role(title=title, organization=organization, start_year=start, end_year=end)]


def test_title_and_organization_on_the_line_before_the_dates() -> None:
    text = (
        "Casey Morgan\nWork Experience\nLead Designer — Northwind Studio\n2017 – 2022\n"
        "• Redesigned the checkout flow, lifting conversion by 12%\n"
    )
    assert parse_resume(text).roles == [
        Role(title="Lead Designer", organization="Northwind Studio", start_year=2017, end_year=2022)
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Resume\nCasey Morgan\ncasey@example.com\n", "Casey Morgan"),
        ("Curriculum Vitae\n\nRILEY  J. SANTOS\n", "Riley J. Santos"),
        ("Sam Rivera | sam.rivera@example.com | 555 0100\nProduct Designer\n", "Sam Rivera"),
        ("Name: Alex Kim\nData Engineer\n", "Alex Kim"),
        ("Senior Software Engineer\nExperience\n", None),
        ("I build reliable systems and enjoy it.\n", None),
        ("Professional Summary\nPython developer.\n", None),
    ],
)
def test_name_detection(text: str, name: str | None) -> None:
    assert parse_resume(text).name == name


NAME_HEADERS = [
    # ordinary English names
    ("Jordan Avery\nSenior Software Engineer\n", "Jordan Avery"),
    ("Grace Hopper\ngrace@example.com\n", "Grace Hopper"),
    ("Mary-Kate Olsen\n", "Mary-Kate Olsen"),
    ("Ruby Chen\nPython developer\n", "Ruby Chen"),
    ("Ana M. Reyes\n", "Ana M. Reyes"),
    ("J.R. Martin\n", "J.R. Martin"),
    ("Conor O'Brien\n", "Conor O'Brien"),
    ("Gina D’Angelo\n", "Gina D’Angelo"),
    ("Robert (Bob) Smith\n", "Robert (Bob) Smith"),
    # Latin script with diacritics, particles and lowercase parts
    ("José Müller-Łukasz\njose@example.com\n", "José Müller-Łukasz"),
    ("Aoife Ní Bhriain\n", "Aoife Ní Bhriain"),
    ("Ludwig van Beethoven\n", "Ludwig van Beethoven"),
    ("María de la Cruz\n(555) 010-0100\n", "María de la Cruz"),
    ("Juan Carlos de la Cruz Pérez\njuan@example.com\n", "Juan Carlos de la Cruz Pérez"),
    ("Ahmad bin Yusuf\n", "Ahmad bin Yusuf"),
    ("Leila al-Hassan\n", "Leila al-Hassan"),
    ("Ngũgĩ wa Thiong'o\n", "Ngũgĩ wa Thiong'o"),
    ("Vincent d'Artagnan\n", "Vincent d'Artagnan"),
    ("Jose\u0301 Mu\u0308ller\n", "José Müller"),  # accents as combining marks
    # other scripts
    ("王小明\n", "王小明"),
    ("山田 太郎\n", "山田 太郎"),
    ("김민수\n", "김민수"),
    ("Дмитрий Иванов\n", "Дмитрий Иванов"),
    ("Σωκράτης Παπαδόπουλος\n", "Σωκράτης Παπαδόπουλος"),
    ("محمد علي\n", "محمد علي"),
    ("דוד כהן\n", "דוד כהן"),
    ("राहुल शर्मा\n", "राहुल शर्मा"),
    ("李明 (Li Ming)\n", "李明 (Li Ming)"),
    ("个人简历\n王小明\n", "王小明"),
    # written in capitals: re-cased as names are written
    ("JOSÉ MÜLLER-ŁUKASZ\n", "José Müller-Łukasz"),
    ("SEÁN O'BRIEN\n", "Seán O'Brien"),
    ("AOIFE NÍ BHRIAIN\n", "Aoife Ní Bhriain"),
    ("LUDWIG VAN BEETHOVEN\n", "Ludwig van Beethoven"),
    ("MARÍA DE LA CRUZ\n", "María de la Cruz"),
    ("LEILA AL-HASSAN\n", "Leila al-Hassan"),
    ("NGŨGĨ WA THIONG'O\n", "Ngũgĩ wa Thiong'o"),
    ("RONALD MCDONALD\n", "Ronald McDonald"),
    ("ANGUS MACLEOD\n", "Angus MacLeod"),
    ("ANA MACHADO\n", "Ana Machado"),
    ("AL PACINO\n", "Al Pacino"),
    ("LINH DO\n", "Linh Do"),
    ("ΣΩΚΡΆΤΗΣ ΠΑΠΑΔΌΠΟΥΛΟΣ\n", "Σωκράτης Παπαδόπουλος"),
    ("JANE DOE        jane@example.com\n", "Jane Doe"),
    # the name part of a line that carries more
    ("Aoife Ní Bhriain | RN, BSN | Portland, OR\n", "Aoife Ní Bhriain"),
    ("José Müller-Łukasz, MSc\nData Engineer\n", "José Müller-Łukasz"),
    ("Jane Doe - Software Engineer\n", "Jane Doe"),
    ("Dr. Jane Doe\n", "Jane Doe"),
    ("Jane Doe PhD\n", "Jane Doe"),
    ("Jane Doe (PhD)\n", "Jane Doe"),
    ("Jane Smith MD\n", "Jane Smith"),
    ("Pat Lee, P.E.\n", "Pat Lee"),
    ("John Smith, Jr.\n", "John Smith"),
    ("John Smith III\n", "John Smith"),
    ("Yo-Yo Ma\n", "Yo-Yo Ma"),
    ("Résumé of Aoife Ní Bhriain\n", "Aoife Ní Bhriain"),
    ("Resume | Jane Doe\n", "Jane Doe"),
    # the name line, not the first capitalised line
    ("CURRICULUM VITAE\nJosé Müller-Łukasz\n", "José Müller-Łukasz"),
    ("Résumé of\nAoife Ní Bhriain\n", "Aoife Ní Bhriain"),
    ("Registered Nurse\nAoife Ní Bhriain\n", "Aoife Ní Bhriain"),
    (
        "jane@example.com | (555) 010-0100\nlinkedin.com/in/jane\nPersonal Details\nJane Doe\n",
        "Jane Doe",
    ),
    ("Software Engineer\nName: José Müller-Łukasz, MSc\n", "José Müller-Łukasz"),
    ("姓名：王小明\n", "王小明"),
    # no name at all
    ("Providence Portland Medical Center\nRegistered Nurse\n", None),
    ("St. Mary's Primary School\nTeaching Assistant\n", None),
    ("CURRICULUM VITAE\nResume\n", None),
    ("Résumé of\n", None),
    ("jane@example.com | (555) 010-0100\nlinkedin.com/in/jane\n", None),
    ("123 Main Street, Springfield\n", None),
    ("San Francisco, CA\n", None),
    ("Project Management\nData Science\n", None),
    ("Contact Information\nPortfolio\n", None),
    ("Experience\nGlobex Corporation\n", None),
    ("Experience\nJane Doe\n", None),
    ("简历\n", None),
]


@pytest.mark.parametrize(("text", "name"), NAME_HEADERS)
def test_names_as_written(text: str, name: str | None) -> None:
    assert parse_resume(text).name == name


@pytest.mark.parametrize(
    ("text", "is_name"),
    [
        ("Jordan Avery", True),
        ("ANA M. REYES", True),
        ("María de la Cruz", True),
        ("王小明", True),
        ("Senior Software Engineer", False),
        ("Curriculum Vitae", False),
        ("jordan avery", False),
        ("Jordan", False),
        ("de la Cruz", False),
        ("Jordan Avery 2024", False),
    ],
)
def test_looks_like_name(text: str, is_name: bool) -> None:
    assert looks_like_name(text) is is_name


def test_messy_pdf_text() -> None:
    text = (
        "Casey\u00a0Morgan\n\n\nPro\ufb01le\nData   engineer who loves ef\ufb01cient  pipelines.\n"
        "Experience\nData Engineer,   Contoso Ltd   –   2018 – now\n"
        "\u25aa   Rebuilt the nightly ETL in Air-\nflow, cutting runtime by 65% and saving "
        "$40k a year\n\u2022\nMoved 12 dashboards to Tableau\n"
    )
    profile = parse_resume(text, current_year=2026)
    assert profile.name == "Casey Morgan"
    assert profile.roles == [
        Role(title="Data Engineer", organization="Contoso Ltd", start_year=2018, end_year=None)
    ]
    assert profile.highlights[0] == (
        "Rebuilt the nightly ETL in Airflow, cutting runtime by 65% and saving $40k a year"
    )
    assert "Moved 12 dashboards to Tableau" in profile.highlights
    assert {"ETL", "Airflow", "Tableau"} <= set(profile.skills)


def test_ambiguous_words_are_not_skills_in_plain_english() -> None:
    text = "Casey Morgan\nSummary\nReady to go the extra mile; rest assured I will spark change.\n"
    skills = {s.lower() for s in parse_resume(text).skills}
    assert not skills & {"go", "rest", "spark"}


def test_ambiguous_words_are_skills_when_written_as_names() -> None:
    text = "Casey Morgan\nSkills\nGo, Rust, REST APIs, Spark\n"
    assert parse_resume(text).skills[:4] == ["Go", "Rust", "REST", "Spark"]


def test_multi_word_and_punctuated_skills_in_prose() -> None:
    text = "Casey Morgan\nLed project management and CI/CD for machine learning work in C++ and C#."
    skills = parse_resume(text).skills
    for skill in ("project management", "CI/CD", "machine learning", "C++", "C#"):
        assert skill in skills


@pytest.mark.parametrize("text", ["", "   \n\n  ", "Résumé", "• • •\n- \n*"])
def test_nearly_empty_text_gives_an_empty_profile(text: str) -> None:
    profile = parse_resume(text)
    assert profile.name is None
    assert profile.roles == []
    assert profile.highlights == []
    assert profile.years_experience is None


def test_highlight_roles_maps_each_highlight_to_its_role(profile: ResumeProfile) -> None:
    roles = highlight_roles(profile)
    assert roles["Built a PostgreSQL-backed billing service processing $2M/month"].organization == (
        "Acme Labs"
    )
    assert roles[
        "Led a team of 5 engineers through the migration to Kubernetes on AWS"
    ].organization == ("Acme Corp")


@pytest.mark.parametrize(
    ("role", "text"),
    [
        (
            Role(title="Engineer", organization="Acme", start_year=2019),
            "Engineer at Acme (2019–present)",
        ),
        (Role(title="Engineer", start_year=2015, end_year=2018), "Engineer (2015–2018)"),
        (Role(title="Engineer", start_year=2018, end_year=2018), "Engineer (2018)"),
        (Role(title="Engineer", organization="Acme"), "Engineer at Acme"),
    ],
)
def test_describe_role(role: Role, text: str) -> None:
    assert describe_role(role) == text


def test_columns_layout_without_section_headings() -> None:
    text = (
        "Taylor Brooks\n"
        "taylor.brooks@example.com · (555) 010-0100 · Austin, TX\n\n"
        "Marketing manager with a decade of B2B experience.\n\n"
        "Globex Corporation                                   Austin, TX\n"
        "Marketing Manager                                    2019 - Present\n"
        "Grew qualified pipeline 3x in 18 months through content strategy and SEO.\n"
        "Managed a $1.2M annual budget across 4 channels.\n\n"
        "Initech                                              Dallas, TX\n"
        "Digital Marketing Specialist                         2015 - 2019\n"
        "Launched the first A/B testing program, lifting sign-ups by 22%.\n"
    )
    profile = parse_resume(text, current_year=2026)
    assert profile.headline is None, "a summary sentence is not a headline"
    assert profile.roles == [
        Role(title="Marketing Manager", organization="Globex Corporation", start_year=2019),
        Role(
            title="Digital Marketing Specialist",
            organization="Initech",
            start_year=2015,
            end_year=2019,
        ),
    ]
    assert len(profile.highlights) == 3
    assert profile.years_experience == 11.0
    assert {"content strategy", "A/B testing"} <= set(profile.skills)
