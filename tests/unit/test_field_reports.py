"""A nurse, a teacher and a salesperson get their own field's interview and a report without a
word of software: the questions planned from their job ad, and the report's tips, strengths,
improvements and competency reasons after answering them (strong and weak answers alike)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from ai_interviewer.core.jobdesc import parse_job_description
from ai_interviewer.core.models import Question, Transcript, Turn
from ai_interviewer.core.planner import plan_questions
from ai_interviewer.core.profile import parse_resume
from ai_interviewer.core.scorer import evaluate_offline
from ai_interviewer.core.summary import build_report

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import calibration  # noqa: E402

FIELDS = {
    "registered nurse": "healthcare",
    "primary teacher": "education",
    "account executive": "sales",
}
SOFTWARE_WORDS = (
    "software", "system", "systems", "tool", "tools", "technology", "technical", "debugging",
    "debug", "root cause", "trade-off", "trade-offs", "code", "deploy", "deployment", "production",
    "incident", "stakeholder", "stakeholders", "api", "bug", "bugs", "outage", "on-call", "stack",
    "sprint", "latency", "database", "server", "pipeline", "postmortem",
)  # fmt: skip
_FORBIDDEN = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in SOFTWARE_WORDS) + r")\b", re.I)


def _profession(name: str) -> calibration.Profession:
    return next(p for p in calibration.load_professions() if p.name == name)


@pytest.mark.parametrize("name", list(FIELDS))
def test_report_speaks_the_fields_words(name: str) -> None:
    """After every answer of the field's set, no tip, strength, improvement or competency reason
    uses a software word."""
    p = _profession(name)
    jd, resume = parse_job_description(p.job_description), parse_resume(p.resume)
    turns = []
    for n, pair in enumerate(p.pairs, start=1):
        for side in ("strong", "weak"):
            q = Question(id=f"q{len(turns) + 1:02d}", text=pair.question, kind=pair.kind,  # type: ignore[arg-type]
                         probes=f"pair {n}")  # fmt: skip
            t = Transcript(text=getattr(pair, side))
            turns.append(Turn(question=q, status="scored", transcript=t,
                              evaluation=evaluate_offline(q, t, resume, jd)))  # fmt: skip
    report = build_report(turns, resume, jd)
    said = [t.evaluation.tip for t in turns if t.evaluation]
    said += report.strengths + report.improvements + [c.reason for c in report.competencies]
    found = {m.group(0).lower() for text in said for m in _FORBIDDEN.finditer(text)}
    assert not found, found


@pytest.mark.parametrize("name", list(FIELDS))
def test_questions_speak_the_fields_words(name: str) -> None:
    """Ten questions planned from the field's job ad read as that field's interviewer would
    ask them: no software word in a question or what it probes (unless the ad itself uses it:
    a school's ad may 'deploy' a teaching assistant)."""
    p = _profession(name)
    own = {m.group(0).lower() for m in _FORBIDDEN.finditer(p.job_description)}
    jd = parse_job_description(p.job_description)
    assert jd.field == FIELDS[name]
    questions = plan_questions(parse_resume(p.resume), jd, count=10)
    found = {
        m.group(0).lower()
        for q in questions
        for text in (q.text, q.probes)
        for m in _FORBIDDEN.finditer(text)
    }
    assert not found - own, found - own
