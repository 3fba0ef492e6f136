"""The report's sections: which ones it has, in what order, and when each is shown.

One list for the terminal, Markdown and HTML. Each renderer walks `visible_sections(source)` and
maps a section's id to its own rendering, so whether a section appears, and where, is decided
here once. A new section is one entry in `SECTIONS` and one rendering per format (a renderer
that misses one fails its test).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ai_interviewer.core.models import Report
from ai_interviewer.core.progress import ProgressPoint
from ai_interviewer.report import phrasing

SectionId = Literal[
    "header",
    "readiness",
    "scores",
    "progress",
    "competencies",
    "strengths",
    "improvements",
    "gaps",
    "stronger_answer",
    "requirements",
    "delivery",
    "usage",
    "answers",
]

MIN_PROGRESS_SESSIONS = 2  # one session is no trend


@dataclass(frozen=True)
class ReportSource:
    """What a report is rendered from: the report, the sessions of its role so far (oldest first,
    for the progress across sessions), and the answer recordings still in its session folder
    (paths relative to it, as `Turn.answer_audio` gives them)."""

    report: Report
    progress: Sequence[ProgressPoint] = ()
    recordings: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Section:
    id: SectionId
    title: Callable[[Report], str]
    visible: Callable[[ReportSource], bool]


def _always(source: ReportSource) -> bool:
    return True


def _titled(text: str) -> Callable[[Report], str]:
    return lambda report: text


def _readiness_title(report: Report) -> str:
    assert report.assessment is not None
    return phrasing.readiness_heading(report.assessment, report.role)


def _stronger_answer_title(report: Report) -> str:
    assert report.assessment is not None
    return phrasing.stronger_answer_heading(report.assessment)


def _has_gaps(source: ReportSource) -> bool:
    assessment = source.report.assessment
    return assessment is not None and bool(assessment.gaps)


def _has_stronger_answer(source: ReportSource) -> bool:
    assessment = source.report.assessment
    return assessment is not None and bool(assessment.stronger_answer)


SECTIONS: tuple[Section, ...] = (
    Section("header", _titled("Interview report"), _always),
    Section(
        "readiness",
        _readiness_title,
        lambda s: phrasing.has_readiness(s.report.assessment),
    ),
    Section("scores", _titled("Scores by question"), lambda s: bool(s.report.turns)),
    Section(
        "progress",
        _titled("Progress across sessions"),
        lambda s: len(s.progress) >= MIN_PROGRESS_SESSIONS,
    ),
    Section("competencies", _titled("Competencies"), lambda s: bool(s.report.competencies)),
    Section("strengths", _titled("Strengths"), lambda s: bool(phrasing.shown_strengths(s.report))),
    Section(
        "improvements",
        _titled("To improve"),
        lambda s: bool(phrasing.shown_improvements(s.report)),
    ),
    Section("gaps", _titled("Gaps"), _has_gaps),
    Section("stronger_answer", _stronger_answer_title, _has_stronger_answer),
    Section("requirements", _titled("Job requirements"), lambda s: bool(s.report.coverage)),
    Section("delivery", _titled("Delivery"), lambda s: bool(s.report.delivery_summary)),
    Section("usage", _titled("Model usage"), lambda s: s.report.cost is not None),
    Section("answers", _titled("Questions and answers"), lambda s: bool(s.report.turns)),
)


def visible_sections(source: ReportSource) -> list[Section]:
    """The sections this report shows, in order."""
    return [section for section in SECTIONS if section.visible(source)]
