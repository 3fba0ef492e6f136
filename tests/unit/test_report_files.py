"""The report files: Markdown, self-contained HTML, JSON, and how they are written to disk."""

from __future__ import annotations

import json
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_samples import answered_report, empty_report

from ai_interviewer.core.models import CRITERION_LABELS, Report, Transcript
from ai_interviewer.report.html import render_html
from ai_interviewer.report.json_report import render_json, write_reports
from ai_interviewer.report.markdown import blockquote, escape_cell, render_markdown
from ai_interviewer.storage.atomic import write_bytes_atomic, write_text_atomic

SCRIPT = "<script>alert('pwned')</script>"


def report_with_answer_text(text: str) -> Report:
    report = answered_report()
    transcript = report.turns[0].transcript
    assert transcript is not None
    report.turns[0].transcript = Transcript(
        text=text, words=transcript.words, duration=transcript.duration, source=transcript.source
    )
    return report


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


def markdown_tables(markdown: str) -> list[list[str]]:
    tables: list[list[str]] = []
    current: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- Markdown --------------------------------------------------------------------------------


def test_markdown_header_shows_overall_with_label_and_answered() -> None:
    markdown = render_markdown(answered_report())
    assert markdown.startswith("# Interview report: Jordan Avery · Senior Backend Engineer\n")
    assert "- **Overall:** 64/100 (offline estimate)" in markdown
    assert "- **Answered:** 3 of 4 questions" in markdown


def test_markdown_scores_table_has_every_question_and_the_skipped_one() -> None:
    markdown = render_markdown(answered_report())
    assert "| q01 | 9 | 9 | 8 | 9 | 7 | 7 | **82** |" in markdown
    assert "| q03 | – | – | – | – | – | – | *skipped* |" in markdown
    assert "| *mean* | 7.7 | 5.7 | 6.3 | 5.7 | 7.0 | 6.0 | **64** |" in markdown


def test_markdown_has_each_question_transcript_and_feedback() -> None:
    markdown = render_markdown(answered_report())
    assert "### q01. Tell me about the billing close you sped up at Northwind Freight." in markdown
    assert "> At Northwind Freight our \\[legacy\\] billing service" in markdown
    assert "**Score:** 82/100 (offline estimate)" in markdown
    assert (
        "| Relevance | 9/10 | Answers the question that was asked. "
        "| “The close dropped to forty minutes” |"
    ) in markdown
    assert "- **Pace:** 142 WPM, comfortable (130-160)" in markdown
    assert "- **Pace:** typed answer: no timing" in markdown
    assert "- ✓ **A** action: “I split the batch job into per-region workers”" in markdown
    assert "- result quantified (forty minutes, 90%)" in markdown
    assert "> **Tip:** Say in one sentence why per-region workers were the right split." in markdown
    assert "*Skipped: no answer, no score.*" in markdown


def test_markdown_has_competencies_coverage_and_delivery() -> None:
    markdown = render_markdown(answered_report())
    assert "## Competencies (offline estimate)" in markdown
    assert "| Collaboration | 3/10 | Skipped the question on it. |" in markdown
    assert "| R4 | On-call and incident response | not shown |" in markdown
    assert "| R1 | 5+ years of Python services | evidenced by q01 |" in markdown
    assert "| Speaking rate (WPM) | 156.5 | comfortable (130-160) |" in markdown


def test_markdown_tables_survive_pipes_in_user_text() -> None:
    report = answered_report()  # q02's transcript and evidence contain "deploy | rollback"
    report.competencies[0].reason = "Knows a | b | c well"
    report.coverage[0].text = "Python | Go"
    markdown = render_markdown(report)
    assert "a bad deploy \\| rollback" in markdown
    for table in markdown_tables(markdown):
        columns = {unescaped_pipes(line) for line in table}
        assert len(columns) == 1, table


def test_markdown_does_not_pass_html_or_links_through() -> None:
    markdown = render_markdown(report_with_answer_text(f"{SCRIPT} and [a link](javascript:x)"))
    assert "<script>" not in markdown
    assert "\\<script\\>" in markdown
    assert "\\[a link\\](javascript:x)" in markdown


def test_markdown_quote_keeps_lines_that_look_like_headings_as_text() -> None:
    assert blockquote("# not a heading\n- not a list\n2. nor this") == (
        "> \\# not a heading\n> \\- not a list\n> 2\\. nor this"
    )


def test_markdown_cell_is_one_line_and_never_empty() -> None:
    assert escape_cell("two\nlines | here") == "two lines \\| here"
    assert escape_cell("") == "–"


def test_markdown_report_with_no_answers() -> None:
    markdown = render_markdown(empty_report())
    assert "- **Overall:** no answers to score" in markdown
    assert "*No questions were answered, so there is nothing to score.*" in markdown
    assert "| q04 | – | – | – | – | – | – | *skipped* |" in markdown
    assert "*mean*" not in markdown


# --- HTML ------------------------------------------------------------------------------------


class TagBalance(HTMLParser):
    """Checks that every opened element is closed, in order."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link", "rect", "line", "circle"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()


def test_html_escapes_a_script_in_a_transcript() -> None:
    page = render_html(report_with_answer_text(SCRIPT))
    assert "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt;" in page
    assert "<script" not in page.lower()


def test_html_escapes_quotes_inside_attributes() -> None:
    report = answered_report()
    evaluation = report.turns[0].evaluation
    assert evaluation is not None
    evaluation.star.action.quote = 'said "x" onmouseover="alert(1)"'
    page = render_html(report)
    assert 'title="said &quot;x&quot; onmouseover=&quot;alert(1)&quot;"' in page


def test_html_references_nothing_outside_the_file() -> None:
    page = render_html(answered_report()).lower()
    for reference in ("http://", "https://", "//", "src=", "href=", "url(", "@import"):
        assert reference not in page


def test_html_has_svg_charts_of_competencies_and_questions() -> None:
    page = render_html(answered_report())
    assert page.count("<svg ") == 2
    assert 'aria-label="Competencies, 0 to 10"' in page
    assert 'aria-label="Overall score per question, 0 to 100"' in page
    assert ">Adaptability and learning</text>" in page
    assert ">skipped</text>" in page


def test_html_is_one_well_formed_document() -> None:
    page = render_html(answered_report())
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">')
    checker = TagBalance()
    checker.feed(page)
    assert checker.errors == []
    assert checker.stack == []


def test_html_shows_the_label_beside_scores() -> None:
    page = render_html(answered_report())
    assert '<span class="label">offline estimate</span>' in page
    assert '82/100</span> <span class="label">offline estimate</span>' in page


def test_html_shows_every_criterion_and_the_tip() -> None:
    page = render_html(answered_report())
    for label in CRITERION_LABELS.values():
        assert f"<th>{label}</th>" in page
    assert '<div class="tip">Tip: Say in one sentence why per-region' in page


def test_html_report_with_no_answers() -> None:
    page = render_html(empty_report())
    assert "No questions were answered, so there is nothing to score." in page
    assert "no answers to score" in page
    checker = TagBalance()
    checker.feed(page)
    assert checker.errors == [] and checker.stack == []


# --- JSON ------------------------------------------------------------------------------------


@pytest.mark.parametrize("report", [answered_report(), empty_report()], ids=["answered", "empty"])
def test_json_round_trips_into_a_report(report: Report) -> None:
    assert Report.model_validate_json(render_json(report)) == report


def test_json_is_pretty_with_sorted_keys_and_stable() -> None:
    report = answered_report()
    text = render_json(report)
    assert text == render_json(report)
    assert text.startswith('{\n  "answered": 3,\n  "asked": 4,\n')
    assert text.endswith("}\n")
    assert list(json.loads(text)) == sorted(json.loads(text))


# --- writing to disk -------------------------------------------------------------------------


def test_write_reports_writes_three_private_files(tmp_path: Path) -> None:
    folder = tmp_path / "session"
    paths = write_reports(answered_report(), folder)
    assert [p.name for p in paths] == ["report.md", "report.html", "report.json"]
    assert sorted(os.listdir(folder)) == ["report.html", "report.json", "report.md"]
    assert all(mode_of(p) == 0o600 for p in paths)
    assert Report.model_validate_json(paths[2].read_text(encoding="utf-8")) == answered_report()


def test_write_reports_replaces_earlier_reports(tmp_path: Path) -> None:
    write_reports(answered_report(), tmp_path)
    write_reports(empty_report(), tmp_path)
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == render_markdown(empty_report())
    assert sorted(os.listdir(tmp_path)) == ["report.html", "report.json", "report.md"]


def test_atomic_write_replaces_an_existing_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "session.json"
    target.write_text("x" * 10_000, encoding="utf-8")
    target.chmod(0o644)
    write_text_atomic(target, "short")
    assert target.read_text(encoding="utf-8") == "short"
    assert mode_of(target) == 0o600
    assert os.listdir(tmp_path) == ["session.json"]


def test_atomic_write_keeps_text_exactly(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    write_text_atomic(target, "line one\r\nrésumé ✓\n")
    assert target.read_bytes() == "line one\r\nrésumé ✓\n".encode()


def test_atomic_write_takes_a_mode(tmp_path: Path) -> None:
    target = tmp_path / "audio.wav"
    write_bytes_atomic(target, b"RIFF", mode=0o640)
    assert target.read_bytes() == b"RIFF"
    assert mode_of(target) == 0o640


def test_failed_atomic_write_keeps_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "session.json"
    target.write_text("old", encoding="utf-8")

    def refuse(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["session.json"]
