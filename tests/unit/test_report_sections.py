"""One list of report sections: the terminal, Markdown and HTML show the same sections, in the
same order, whatever the report holds."""

from __future__ import annotations

import io
import typing
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from report_samples import answered_report, empty_report, llm_report, retried_report
from rich.console import Console

from ai_interviewer.core.models import Report
from ai_interviewer.core.progress import ProgressPoint
from ai_interviewer.report import html, markdown, terminal
from ai_interviewer.report.sections import SECTIONS, ReportSource, SectionId, visible_sections

TWO_SESSIONS = (
    ProgressPoint("s1", "2026-11-02T09:30:00+00:00", {"overall": 40.0}),
    ProgressPoint("s2", "2026-11-09T09:30:00+00:00", {"overall": 64.0}, current=True),
)


class Headings(HTMLParser):
    """The text of every h1 and h2, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("h1", "h2"):
            self.inside = True
            self.found.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2"):
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.found[-1] += data


def html_headings(source: ReportSource) -> list[str]:
    parser = Headings()
    parser.feed(html.render_html(source.report, source.progress))
    return parser.found


def markdown_headings(source: ReportSource) -> list[str]:
    page = markdown.render_markdown(source.report, source.progress)
    return [
        line.lstrip("#").strip() for line in page.splitlines() if line.startswith(("# ", "## "))
    ]


def terminal_headings(source: ReportSource) -> list[str]:
    """The panel's title, then each line that starts a section: flush left after a blank line
    (a section's body is indented under it)."""
    console = Console(file=io.StringIO(), width=100, color_system=None, markup=False)
    console.print(terminal.report_view(source.report, source.progress))
    output = console.file.getvalue()  # type: ignore[attr-defined]
    lines = [line.rstrip() for line in output.splitlines()]
    found = [lines[0].strip("╔═ ")]
    for before, line in pairwise(lines):
        if not before and line and not line.startswith(" "):
            found.append(line)
    return found


def expected_titles(source: ReportSource) -> list[str]:
    return [section.title(source.report) for section in visible_sections(source)]


SHAPES = {
    "answered": ReportSource(answered_report()),
    "nothing-answered": ReportSource(empty_report()),
    "model-assessment": ReportSource(llm_report()),
    "retries": ReportSource(retried_report()),
    "progress": ReportSource(answered_report(), TWO_SESSIONS),
}


@pytest.mark.parametrize("source", SHAPES.values(), ids=SHAPES.keys())
@pytest.mark.parametrize(
    "headings", [html_headings, markdown_headings, terminal_headings], ids=["html", "md", "term"]
)
def test_each_renderer_shows_the_visible_sections_in_order(
    source: ReportSource, headings: typing.Callable[[ReportSource], list[str]]
) -> None:
    """Every heading a renderer writes is, in order, the title of the next visible section (the
    renderer may add the scores' label after it)."""
    expected = expected_titles(source)
    shown = headings(source)
    assert len(shown) == len(expected), shown
    for title, heading in zip(expected, shown, strict=True):
        assert heading.startswith(title), (title, heading)


def test_sections_shown_depend_on_what_the_report_holds() -> None:
    """Nothing answered shows no strengths; a model's assessment adds readiness, gaps, the stronger
    answer and usage; progress needs two sessions; the order is always the list's."""
    ids = {name: [s.id for s in visible_sections(source)] for name, source in SHAPES.items()}
    assert ids["answered"] == [
        "header", "scores", "competencies", "strengths", "improvements", "requirements",
        "delivery", "answers",
    ]  # fmt: skip
    assert "strengths" not in ids["nothing-answered"]
    assert [i for i in ids["model-assessment"] if i not in ids["answered"]] == [
        "readiness", "gaps", "stronger_answer", "usage",
    ]  # fmt: skip
    assert ids["progress"][:3] == ["header", "scores", "progress"]
    one_session = ReportSource(answered_report(), TWO_SESSIONS[:1])
    assert "progress" not in [s.id for s in visible_sections(one_session)]
    order = [s.id for s in SECTIONS]
    for shown in ids.values():
        assert shown == sorted(shown, key=order.index)


@pytest.mark.parametrize("renderer", [html, markdown, terminal], ids=["html", "md", "term"])
def test_every_section_has_a_rendering_in_each_format(renderer: typing.Any) -> None:
    """A section added to the list without a rendering in a format fails here, not at run time."""
    every = set(typing.get_args(SectionId))
    assert {s.id for s in SECTIONS} == every
    assert set(renderer.RENDERINGS) == every


def test_a_report_with_no_turns_is_only_its_header() -> None:
    """An interview stopped before its first question: the header and nothing else."""
    report = Report(overall=0, answered=0, asked=0)
    assert [s.id for s in visible_sections(ReportSource(report))] == ["header"]
    assert markdown_headings(ReportSource(report)) == [
        "Interview report: " + "Candidate (no name found in the resume)"
    ]
