"""A built-in vocabulary of technology and professional skills, shared by the resume and JD readers.

Each entry is written as ``"Display|alias|alias"``. The display form is how the term is shown and
spoken ("PostgreSQL"); its lowercase is the term's key ("postgresql"), which is what requirement
terms and expected terms use. An alias or display form that starts with ``!`` is matched with its
exact case: that is how ambiguous words ("Go", "R", "REST", "Spark") are told from plain English.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ai_interviewer.core.doctext import word_set

_TECH_ENTRIES: tuple[str, ...] = (
    # languages
    "Python",
    "Java",
    "JavaScript|js|ecmascript",
    "TypeScript",
    "!Go|golang",
    "!Rust",
    "!C",
    "C++|cpp",
    "C#|csharp",
    "Ruby",
    "!Ruby on Rails|rails|!Rails",
    "PHP",
    "Kotlin",
    "!Swift",
    "Scala",
    "!R",
    "MATLAB",
    "Perl",
    "Elixir",
    "Erlang",
    "Haskell",
    "Clojure",
    "Bash|shell scripting|shell",
    "PowerShell",
    "SQL",
    "NoSQL",
    "HTML",
    "CSS",
    "Objective-C",
    "Dart",
    "Lua",
    "Solidity",
    "GraphQL",
    # web and backend frameworks
    "React|react.js|reactjs",
    "React Native",
    "!Angular",
    "Vue|vue.js|vuejs",
    "Svelte",
    "Next.js|nextjs",
    "Node.js|nodejs|!Node",
    "!Express|express.js",
    "Django",
    "!Flask",
    "FastAPI",
    "Spring Boot",
    "!Spring",
    ".NET|dotnet|asp.net",
    "Laravel",
    "gRPC",
    "!REST|rest api|rest apis|restful|!RESTful",
    "API design",
    "APIs|api|apis",
    "WebSockets|websocket",
    "microservices|micro-services|microservice",
    "distributed systems|distributed system",
    "event-driven architecture|event driven",
    "system design",
    "software engineering|software development",
    "backend|back-end|back end",
    "frontend|front-end|front end",
    "full stack|full-stack|fullstack",
    "mobile development",
    "iOS",
    "Android",
    # data stores and data engineering
    "PostgreSQL|postgres|psql",
    "MySQL",
    "SQLite",
    "!Oracle",
    "SQL Server|mssql",
    "MongoDB|mongo",
    "Redis",
    "Cassandra",
    "DynamoDB",
    "Elasticsearch|elastic search|opensearch",
    "Kafka|apache kafka",
    "RabbitMQ",
    "!Spark|apache spark|pyspark",
    "Hadoop",
    "Airflow|apache airflow",
    "dbt",
    "!Snowflake",
    "BigQuery",
    "Redshift",
    "Databricks",
    "ETL|elt",
    "data pipelines|data pipeline",
    "data modeling|data modelling",
    "data engineering",
    "data warehousing|data warehouse",
    "data analysis|data analytics",
    "data visualization|data visualisation",
    "data science",
    "statistics|statistical analysis",
    "pandas",
    "NumPy",
    "Tableau",
    "Power BI|powerbi",
    "Looker",
    "!Excel|microsoft excel",
    # machine learning
    "machine learning|!ML",
    "deep learning",
    "PyTorch",
    "TensorFlow",
    "Keras",
    "scikit-learn|sklearn",
    "NLP|natural language processing",
    "computer vision",
    "LLMs|llm|large language models|large language model",
    "generative AI|genai",
    "MLOps",
    "recommendation systems|recommender systems",
    "A/B testing|ab testing|a/b tests|experimentation",
    # cloud and operations
    "AWS|amazon web services",
    "GCP|google cloud|google cloud platform",
    "Azure|microsoft azure",
    "Kubernetes|k8s",
    "Docker",
    "containers|containerization",
    "Terraform",
    "Ansible",
    "!Helm",
    "!Chef",
    "!Puppet",
    "serverless",
    "!Lambda|aws lambda",
    "EC2",
    "EKS",
    "ECS",
    "RDS",
    "CloudFormation",
    "S3",
    "Linux",
    "Unix",
    "Git",
    "GitHub Actions",
    "GitLab",
    "Jenkins",
    "CI/CD|ci cd|continuous integration|continuous delivery|continuous deployment",
    "DevOps",
    "SRE|site reliability engineering|site reliability",
    "infrastructure as code|iac",
    "observability",
    "monitoring",
    "Prometheus",
    "Grafana",
    "Datadog",
    "OpenTelemetry",
    "incident response|incident management",
    "on-call|on call|oncall",
    "postmortems|postmortem|post-mortems|post-mortem",
    "performance tuning|performance optimization|performance optimisation",
    "scalability",
    "high availability",
    "caching",
    "networking",
    "security",
    "application security|appsec",
    "OAuth",
    "cloud infrastructure",
    # engineering practice
    "testing|automated testing",
    "unit testing|unit tests",
    "test automation",
    "TDD|test-driven development|test driven development",
    "code review|code reviews|review code|reviewing code",
    "technical writing|documentation",
    "debugging",
    "refactoring",
    "software architecture|architecture",
    "object-oriented programming|oop|object oriented",
    "functional programming",
    "algorithms",
    "data structures",
    "concurrency",
    "embedded systems",
)
_PRACTICE_ENTRIES: tuple[str, ...] = (
    # ways of working and professional skills
    "Agile|agile methodologies",
    "Scrum",
    "Kanban",
    "Jira",
    "project management",
    "program management",
    "product management",
    "product strategy",
    "roadmapping|roadmap|roadmaps",
    "stakeholder management|stakeholders|stakeholder",
    "cross-functional collaboration|cross-functional|cross functional",
    "collaboration",
    "communication|communication skills",
    "leadership",
    "team leadership|team lead|tech lead|technical leadership",
    "people management",
    "mentoring|mentorship|mentor|mentored",
    "coaching",
    "hiring|recruiting|interviewing",
    "public speaking|presentations",
    "negotiation",
    "problem solving|problem-solving",
    "critical thinking",
    "time management",
    "prioritization|prioritisation",
    "strategic planning|strategy",
    "budgeting|budget management",
    "forecasting",
    "financial modeling|financial modelling",
    "risk management",
    "change management",
    "process improvement|continuous improvement",
    "!Lean",
    "Six Sigma",
    "customer success",
    "customer service",
    "account management",
    "sales",
    "marketing",
    "digital marketing",
    "SEO|search engine optimization",
    "content strategy",
    "copywriting",
    "user research|ux research",
    "UX design|ux|user experience",
    "UI design|ui",
    "Figma",
    "accessibility",
    "compliance",
    "GDPR",
    "supply chain",
    "vendor management",
)


@dataclass(frozen=True)
class Term:
    """One vocabulary term: its lowercase key, how it is shown, and what it is matched by."""

    key: str
    display: str
    aliases: tuple[str, ...]
    technical: bool = True  # a technology or engineering practice, not a professional skill


def _parse_entry(entry: str, technical: bool) -> Term:
    parts = entry.split("|")
    display = parts[0].lstrip("!")
    return Term(key=display.lower(), display=display, aliases=tuple(parts), technical=technical)


TERMS: tuple[Term, ...] = tuple(_parse_entry(e, True) for e in _TECH_ENTRIES) + tuple(
    _parse_entry(e, False) for e in _PRACTICE_ENTRIES
)
_BY_KEY: dict[str, Term] = {t.key: t for t in TERMS}


def _alias_pattern(alias: str) -> str:
    exact = alias.startswith("!")
    body = alias.lstrip("!")
    words = [re.escape(w) for w in re.split(r"[\s\-]+", body) if w]
    joined = r"[\s\-]+".join(words)
    if exact:
        return rf"(?<![A-Za-z0-9_+#.\-]){joined}(?![A-Za-z0-9_+#&'/\-])(?!\.[A-Za-z0-9])"
    return rf"(?i:(?<![A-Za-z0-9_+#]){joined}(?![A-Za-z0-9_+#]))"


_WORD_START = re.compile(r"(?<![A-Za-z0-9_+#])[A-Za-z0-9.]")
_Index = dict[str, tuple[tuple[re.Pattern[str], str], ...]]


@lru_cache(maxsize=1)
def _index() -> _Index:
    """Alias patterns by their first letter, longest first, so 'react native' beats 'react'.

    Matching tries only the aliases that start with the letter at each word start: one big
    alternation of all of them is about fifty times slower.
    """
    pairs = [(alias, term.key) for term in TERMS for alias in term.aliases]
    pairs.sort(key=lambda p: len(p[0].lstrip("!")), reverse=True)
    index: dict[str, list[tuple[re.Pattern[str], str]]] = {}
    for alias, key in pairs:
        first = alias.lstrip("!")[0].lower()
        index.setdefault(first, []).append((re.compile(_alias_pattern(alias)), key))
    return {first: tuple(entries) for first, entries in index.items()}


def _matches(text: str) -> list[tuple[int, int, str]]:
    """(start, end, key) of every vocabulary term in the text, left to right, not overlapping."""
    index = _index()
    found: list[tuple[int, int, str]] = []
    resume_at = 0
    for start in _WORD_START.finditer(text):
        pos = start.start()
        if pos < resume_at:
            continue
        for pattern, key in index.get(text[pos].lower(), ()):
            match = pattern.match(text, pos)
            if match is not None:
                found.append((pos, match.end(), key))
                resume_at = match.end()
                break
    return found


def count_terms(text: str) -> Counter[str]:
    """How often each vocabulary term (by key) occurs in the text."""
    return Counter(key for _, _, key in _matches(text))


def find_terms(text: str) -> list[str]:
    """Vocabulary term keys found in the text, in order of first appearance."""
    return list(dict.fromkeys(key for _, _, key in _matches(text)))


def display_name(term: str) -> str:
    """How a term is shown and spoken: 'postgresql' -> 'PostgreSQL'; unknown terms unchanged."""
    known = _BY_KEY.get(term.lower())
    return known.display if known else term


def canonical(term: str) -> str | None:
    """The key of the vocabulary term a phrase names ('Postgres' -> 'postgresql'), if any."""
    stripped = term.strip()
    found = _matches(stripped)
    if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(stripped):
        return found[0][2]
    return None


def is_known(term: str) -> bool:
    return term.lower() in _BY_KEY


def is_technical(term: str) -> bool:
    """True for a known technology, technical area or engineering practice."""
    known = _BY_KEY.get(term.lower())
    return known is not None and known.technical


def is_tool(term: str) -> bool:
    """True for a named thing one builds on ('postgresql'), not an area or a practice."""
    key = term.lower()
    return is_technical(key) and key not in _AREAS and key not in _PRACTICES


def is_broad(term: str) -> bool:
    """True for terms too general to make a question about on their own ('backend', 'testing')."""
    return term.lower() in _BROAD


_AREAS: frozenset[str] = word_set(
    """
    software engineering|distributed systems|microservices|event-driven architecture
    |system design|api design|backend
    |frontend|full stack|mobile development|data pipelines|data modeling|data engineering
    |data warehousing|data analysis|data visualization|data science|statistics|machine learning
    |deep learning|nlp|computer vision|llms|generative ai|mlops|recommendation systems
    |a/b testing|etl|serverless|containers|cloud infrastructure|networking|security
    |application security|scalability|high availability|caching|performance tuning
    |embedded systems|concurrency|algorithms|data structures|functional programming
    |object-oriented programming|software architecture|apis|websockets
    """,
    "|",
)
_PRACTICES: frozenset[str] = word_set(
    """
    ci/cd|devops|sre|infrastructure as code|observability|monitoring|incident response|on-call
    |postmortems|testing|unit testing|test automation|tdd|code review|technical writing
    |debugging|refactoring
    """,
    "|",
)
_BROAD: frozenset[str] = frozenset(
    {
        "software engineering",
        "backend",
        "frontend",
        "full stack",
        "apis",
        "software architecture",
        "testing",
        "security",
        "monitoring",
        "mobile development",
        "data analysis",
        "collaboration",
        "communication",
        "leadership",
        "strategic planning",
    }
)


def strip_terms(text: str) -> str:
    """The text with every vocabulary term cut out (replaced by a comma), to see what is left."""
    parts: list[str] = []
    last = 0
    for start, end, _ in _matches(text):
        parts.append(text[last:start])
        parts.append(" , ")
        last = end
    parts.append(text[last:])
    return "".join(parts)


def speech_hints(
    skills: Iterable[str], jd_terms: Iterable[str], names: Iterable[str], limit: int = 24
) -> list[str]:
    """Words a speech recogniser should expect in this interview, spelled as they are written:
    the resume's skills, the job's known technical terms, and the names of its organizations.
    Without them a small model hears 'Kubernetes' as 'Cuba, it saw' and 'PostgreSQL' as
    'post-air SQL'."""
    hints: list[str] = []
    seen: set[str] = set()
    jd_known = [display_name(t) for t in jd_terms if is_known(t)]
    for term in [*skills, *jd_known, *names]:
        key = term.strip().lower()
        if key and key not in seen:
            seen.add(key)
            hints.append(term.strip())
    return hints[:limit]
