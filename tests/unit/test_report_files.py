"""The report files: Markdown, self-contained HTML, JSON, and how they are written to disk."""

from __future__ import annotations

import json
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path

import pytest
from report_samples import answered_report, empty_report, llm_report, retried_report

from ai_interviewer.core.criteria import CRITERION_LABELS
from ai_interviewer.core.models import (
    CostSummary,
    Report,
    Transcript,
)
from ai_interviewer.core.progress import ProgressPoint
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
    assert "| q03 | 0 | 0 | 0 | 0 | 0 | 0 | 0 *skipped* |" in markdown
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
    assert "- result measured (forty minutes, 90%)" in markdown
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
    assert "| q04 | 0 | 0 | 0 | 0 | 0 | 0 | 0 *skipped* |" in markdown
    assert "*mean*" not in markdown


def report_with_model_text(text: str) -> Report:
    """The model report with `text` as the stronger answer, a gap and a fallback reason."""
    report = llm_report()
    assert report.assessment is not None
    report.assessment.stronger_answer = text
    report.assessment.gaps = [text]
    evaluation = report.turns[3].evaluation
    assert evaluation is not None
    evaluation.fallback_reason = text
    return report


def test_markdown_header_names_the_model_and_the_answers_scored_offline() -> None:
    markdown = render_markdown(llm_report())
    assert (
        "- **Overall:** 66/100 (scored by mistral/mistral-large-latest)\n"
        "- **Scores:** scored by mistral/mistral-large-latest (1 of 4 answers scored offline)\n"
        "- **Answered:** 4 of 4 questions answered\n"
    ) in markdown
    assert "## Scores by question (scored by mistral/mistral-large-latest)" in markdown


def test_markdown_marks_follow_ups_and_the_answer_scored_offline() -> None:
    markdown = render_markdown(llm_report())
    assert "| ↳ q02f | 8 | 6 | 8 | 7 | 8 | 8 | **74** |" in markdown
    assert "| q04 | 6 | 3 | 4 | 2 | 6 | 4 | **41**\\* |" in markdown
    assert "Criteria are scored 0-10, overall 0-100. \\* offline estimate." in markdown
    assert (
        "### q02f. What did the canary stage measure before it let a deploy through?\n\n"
        "*Follow-up to q02*\n\n*Probes:"
    ) in markdown
    assert (
        "**Score:** 41/100 (offline estimate)  \n*Scored offline: the model timed out after 30 s*\n"
    ) in markdown
    assert markdown.count("Scored offline:") == 1


def test_markdown_shows_the_final_assessment() -> None:
    markdown = render_markdown(llm_report())
    assert (
        "## Readiness for Senior Backend Engineer: nearly ready\n\n"
        "Strong on backend delivery and Kubernetes; on-call experience is not yet shown.\n"
    ) in markdown
    assert "- Explains deployment safety in concrete steps: canary, error rate, rollback." in (
        markdown
    )
    assert "Quantified the billing close result" not in markdown
    assert "## Gaps\n\n- No on-call or incident response shown (R4).\n" in markdown
    assert (
        "## A stronger answer to q04\n\n"
        "*The error rate doubles right after your deploy. What do you do?*\n\n"
        "> Last March a deploy of our billing API doubled the error rate"
    ) in markdown


def test_markdown_shows_model_usage_by_purpose() -> None:
    markdown = render_markdown(llm_report())
    assert (
        "## Model usage\n\n9 calls, 8,100 prompt tokens, 2,160 completion tokens, $0.0189\n\n"
        "| Purpose | Cost (USD) |\n| :--- | ---: |\n| analysis | $0.0021 |\n"
    ) in markdown
    assert "| final | $0.0042 |" in markdown


def test_markdown_model_usage_without_a_price_says_cost_unknown() -> None:
    report = llm_report()
    report.cost = CostSummary(calls=2, prompt_tokens=100, completion_tokens=20)
    markdown = render_markdown(report)
    assert "## Model usage\n\n2 calls, 100 prompt tokens, 20 completion tokens, cost unknown\n" in (
        markdown
    )
    assert "| Purpose |" not in markdown


def test_markdown_escapes_model_text_in_the_stronger_answer_gaps_and_fallback() -> None:
    text = f"{SCRIPT} *now* [a link](javascript:x)\n# not a heading\n- nor | a list"
    markdown = render_markdown(report_with_model_text(text))
    assert "<script>" not in markdown
    assert (
        "> \\<script\\>alert('pwned')\\</script\\> \\*now\\* \\[a link\\](javascript:x)\n"
        "> \\# not a heading\n> \\- nor \\| a list"
    ) in markdown
    assert "- \\<script\\>alert('pwned')\\</script\\> \\*now\\*" in markdown
    assert "\n\\# not a heading\n\\- nor \\| a list" in markdown
    assert "\n# not a heading" not in markdown
    assert "*Scored offline: \\<script\\>alert('pwned')\\</script\\> \\*now\\*" in markdown


def test_markdown_tables_of_the_model_report_stay_intact() -> None:
    report = report_with_model_text("a | b | c")
    report.turns[2].question.text = "Which | metric?"
    assert report.cost is not None
    report.cost.by_purpose["odd | purpose"] = 0.001
    markdown = render_markdown(report)
    tables = markdown_tables(markdown)
    assert len(tables) == 5 + 4  # scores, competencies, coverage, delivery, usage; 4 turns
    for table in tables:
        columns = {unescaped_pipes(line) for line in table}
        assert len(columns) == 1, table
    assert "| odd \\| purpose | $0.0010 |" in markdown


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


def test_html_references_only_the_sessions_own_recordings() -> None:
    """With the recording still in the session folder, the answer gets a player pointing at it by
    its relative path; nothing else is referenced."""
    page = render_html(answered_report(), recordings=frozenset({"audio/q01-answer.wav"}))
    assert re.findall(r'src="([^"]*)"', page) == ["audio/q01-answer.wav"]
    assert '<audio controls preload="none" src="audio/q01-answer.wav"></audio>' in page
    for reference in ("http://", "https://", "//", "href=", "url(", "@import"):
        assert reference not in page.lower()


def test_html_has_no_player_for_a_recording_that_is_gone() -> None:
    """A turn that names a recording no longer in the folder, or a typed answer, has no player."""
    assert "<audio" not in render_html(answered_report(), recordings=frozenset())


def test_header_says_when_and_for_which_company() -> None:
    """The date and time of the interview and the company are in the HTML and Markdown headers."""
    report = answered_report()
    report.company = "Northwind Analytics"
    report.created = "2026-11-02T09:30:00+01:00"
    page = render_html(report)
    assert '<p class="muted">Senior Backend Engineer · Northwind Analytics</p>' in page
    assert '<p class="muted">Monday 2 November 2026, 09:30</p>' in page
    markdown = render_markdown(report)
    assert (
        "- **Company:** Northwind Analytics\n- **Date:** Monday 2 November 2026, 09:30\n"
        "- **Overall:** 64/100 (offline estimate)\n"
    ) in markdown


PROGRESS = [
    ProgressPoint("s1", "2026-11-02T09:30:00+00:00", {"overall": 40.0, "relevance": 4.0}),
    ProgressPoint("s2", "2026-11-09T09:30:00+00:00", {"overall": 52.0, "relevance": 5.0}),
    ProgressPoint("s3", "2026-11-16T09:30:00+00:00", {"overall": 64.0, "relevance": 7.7}, True),
]


def test_html_progress_chart_shows_each_session_and_marks_this_one() -> None:
    """Three sessions of the role: a line chart of their overall in inline SVG, this session's
    point marked, and each measure's first and latest value."""
    page = render_html(answered_report(), PROGRESS)
    assert 'aria-label="Overall per session, 0 to 100"' in page
    assert page.count('<circle class="dot"') == 2
    assert page.count('<circle class="dot current"') == 1
    assert ">2 Nov 2026</text>" in page and ">16 Nov 2026</text>" in page
    assert "3 sessions as Senior Backend Engineer, 2 Nov 2026 to 16 Nov 2026" in page
    assert (
        '<tr><td>Relevance (/10)</td><td class="num">4</td><td class="num">7.7</td>'
        "<td>+3.7 better</td></tr>"
    ) in page


def test_progress_is_hidden_with_one_session() -> None:
    """One session is no trend: no progress section in any file."""
    assert "Progress across sessions" not in render_html(answered_report(), PROGRESS[2:])
    assert "Progress across sessions" not in render_markdown(answered_report(), PROGRESS[2:])


def test_markdown_progress_is_a_table_of_trends() -> None:
    markdown = render_markdown(answered_report(), PROGRESS)
    assert "## Progress across sessions\n\n3 sessions as Senior Backend Engineer" in markdown
    assert "| Overall (/100) | ▁▅█ | 40 | 64 | +24 better |" in markdown


def test_retries_are_shown_beside_the_first_attempt_and_not_counted() -> None:
    """q04 asked again: the scores table keeps one row per question (the first attempt), and
    under q04 both attempts stand side by side with what improved and what did not."""
    page = render_html(retried_report())
    assert page.count("<tr><th>q04</th>") == 2  # the heat map and the questions' legend
    assert "Retries are practice: the scores count each question&#x27;s first attempt." in page
    assert (
        '<th class="num">Attempt 1 (counted)</th><th class="num">Attempt 2 (retry)</th>'
    ) in page
    assert '<tr><th>Overall</th><td class="num">41/100</td><td class="num">66/100</td></tr>' in page
    assert "<p><strong>Attempt 2 against attempt 1</strong></p>" in page
    assert "<p>Improved: Overall 41 → 66/100, Relevance 6 → 8/10," in page
    assert "Did not improve: Clarity 6 → 5/10 (worse), Depth stayed at 4/10.</p>" in page
    assert page.count('<section class="attempt">') == 2
    markdown = render_markdown(retried_report())
    assert "| q04 | 6 | 3 | 4 | 2 | 6 | 4 | **41** |" in markdown
    assert markdown.count("| q04 |") == 1
    assert "| Overall | 41/100 | 66/100 |" in markdown
    assert "#### Attempt 1 (counted)" in markdown and "#### Attempt 2 (retry)" in markdown


def test_markdown_links_the_recording_when_it_is_there() -> None:
    markdown = render_markdown(answered_report(), recordings=frozenset({"audio/q01-answer.wav"}))
    assert "**Recording:** [audio/q01-answer.wav](audio/q01-answer.wav)" in markdown
    assert "**Recording:**" not in render_markdown(answered_report())


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


def test_html_model_report_is_still_one_self_contained_document() -> None:
    page = render_html(llm_report())
    checker = TagBalance()
    checker.feed(page)
    assert checker.errors == [] and checker.stack == []
    lowered = page.lower()
    for reference in ("http://", "https://", "//", "src=", "href=", "url(", "@import", "<script"):
        assert reference not in lowered


def test_html_shows_the_model_and_the_answers_scored_offline() -> None:
    page = render_html(llm_report())
    assert (
        '<span class="label">scored by mistral/mistral-large-latest</span></div></header>' in page
    )
    assert '<p class="muted">1 of 4 answers scored offline</p>' in page
    assert (
        "<footer>Made by ai-interviewer on this computer. Scores: scored by "
        "mistral/mistral-large-latest (1 of 4 answers scored offline).</footer>"
    ) in page
    assert '<td class="num"><strong>41</strong>*</td>' in page
    assert "Criteria 0-10, overall 0-100. * offline estimate." in page


def test_html_marks_follow_ups_and_the_answer_scored_offline() -> None:
    page = render_html(llm_report())
    assert "<tr><th>↳ q02f</th><td>What did the canary stage measure" in page
    assert '</h3><div><span class="overall s-high">74/100</span>' in page
    assert '<p class="muted">Follow-up to q02</p>' in page
    assert '<p class="muted">Scored offline: the model timed out after 30 s</p>' in page


def test_html_shows_the_final_assessment_and_model_usage() -> None:
    page = render_html(llm_report())
    assert (
        "<h2>Readiness for Senior Backend Engineer: nearly ready</h2>"
        "<p>Strong on backend delivery and Kubernetes; on-call experience is not yet shown.</p>"
    ) in page
    assert "<li>Name who you worked with and what you decided together.</li>" in page
    assert "Slow down to 130-160 words a minute" not in page
    assert "<h2>Gaps</h2><ul><li>No on-call or incident response shown (R4).</li>" in page
    assert (
        "<h2>A stronger answer to q04</h2><p><strong>The error rate doubles right after your "
        "deploy. What do you do?</strong></p><blockquote>Last March a deploy"
    ) in page
    assert (
        "<h2>Model usage</h2><p>9 calls, 8,100 prompt tokens, 2,160 completion tokens, $0.0189</p>"
    ) in page
    assert '<tr><td>evaluate</td><td class="num">$0.0063</td></tr>' in page


def test_html_escapes_model_text_in_the_stronger_answer_gaps_and_fallback() -> None:
    page = render_html(report_with_model_text(SCRIPT + ' "quoted" & more'))
    escaped = "&lt;script&gt;alert(&#x27;pwned&#x27;)&lt;/script&gt; &quot;quoted&quot; &amp; more"
    assert f"<blockquote>{escaped}</blockquote>" in page
    assert f"<li>{escaped}</li>" in page
    assert f"Scored offline: {escaped}</p>" in page
    assert "<script" not in page.lower()


# --- JSON ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "report",
    [answered_report(), empty_report(), llm_report()],
    ids=["answered", "empty", "llm"],
)
def test_json_round_trips_into_a_report(report: Report) -> None:
    assert Report.model_validate_json(render_json(report)) == report


def test_json_of_the_model_report_carries_the_new_fields() -> None:
    data = json.loads(render_json(llm_report()))
    assert data["scorer"] == "llm:mistral/mistral-large-latest"
    assert data["assessment"]["readiness"] == "nearly ready"
    assert data["assessment"]["weakest_question_id"] == "q04"
    assert data["cost"]["cost_usd"] == 0.0189
    assert data["cost"]["by_purpose"]["evaluate"] == 0.0063
    follow_up, fallback = data["turns"][2], data["turns"][3]
    assert follow_up["question"]["follow_up_of"] == "q02"
    assert follow_up["llm_calls"][0]["purpose"] == "evaluate"
    assert follow_up["evaluation"]["label"] == "scored by mistral/mistral-large-latest"
    assert fallback["evaluation"]["scorer"] == "offline"
    assert fallback["evaluation"]["fallback_reason"] == "the model timed out after 30 s"
    assert fallback["llm_calls"][0]["ok"] is False


def test_json_of_an_offline_report_has_empty_model_fields() -> None:
    data = json.loads(render_json(answered_report()))
    assert data["scorer"] == "offline"
    assert data["assessment"] is None and data["cost"] is None
    assert all(turn["llm_calls"] == [] for turn in data["turns"])


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


def test_write_reports_plays_only_recordings_in_the_session_folder(tmp_path: Path) -> None:
    """Of the recordings the turns name, the HTML plays the ones in the folder: not one that is
    gone, nor a path that leads out of the folder."""
    (tmp_path / "audio").mkdir()
    (tmp_path / "audio" / "q01-answer.wav").write_bytes(b"RIFF")
    (tmp_path / "outside.wav").write_bytes(b"RIFF")
    report = retried_report()  # q04's retry names audio/q04-answer-2.wav, not written
    report.turns[1].answer_audio = "../outside.wav"
    write_reports(report, tmp_path / ".." / tmp_path.name)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert re.findall(r'<audio[^>]*src="([^"]*)"', page) == ["audio/q01-answer.wav"]


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


def test_an_atomic_write_is_fsynced_unless_it_need_not_outlive_a_power_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A session file is fsynced (file and folder); a cache entry (`durable=False`) is not,
    and is still whole, in place, with its mode."""
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real_fsync(fd))

    write_text_atomic(tmp_path / "session.json", "{}")
    assert len(synced) == 2
    synced.clear()
    write_bytes_atomic(tmp_path / "entry.json", b'{"a": 1}', durable=False)
    assert synced == []
    assert (tmp_path / "entry.json").read_bytes() == b'{"a": 1}'
    assert mode_of(tmp_path / "entry.json") == 0o600
    assert sorted(os.listdir(tmp_path)) == ["entry.json", "session.json"]


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
