"""The final report as one self-contained HTML file: inline CSS, inline SVG charts, no scripts.

Nothing is fetched from anywhere (no fonts, no images, no URLs), so the file opens the same
offline, in a mail attachment or printed. The one reference it makes is to the session's own
answer recordings, by a path relative to the session folder (`audio/q01-answer.wav`), so that
each answer can be played where the report lies; a recording that is gone gets no player. Every
piece of user or model text goes through `html.escape`: a transcript that says `<script>` shows
those characters and runs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from html import escape
from itertools import pairwise
from urllib.parse import quote

from ai_interviewer.core.attempts import QuestionAttempts, by_question, compare
from ai_interviewer.core.criteria import CRITERIA
from ai_interviewer.core.models import (
    COMPETENCY_LABELS,
    CompetencyScore,
    CostSummary,
    CoverageRow,
    Evaluation,
    FinalAssessment,
    Question,
    Report,
    Transcript,
    Turn,
)
from ai_interviewer.core.progress import ProgressPoint
from ai_interviewer.core.summary import first_attempts
from ai_interviewer.core.text import clip
from ai_interviewer.report import phrasing
from ai_interviewer.report.sections import ReportSource, SectionId, visible_sections

CSS = """
:root {
  --ink: #1d2430; --muted: #5b6575; --paper: #ffffff; --panel: #f5f7fa; --line: #dde2ea;
  --accent: #2f5fb3; --good: #2e8b57; --mid: #c98a12; --weak: #c0392b; --track: #e7ebf1;
  --h1: #fbe3e0; --h2: #fcefd9; --h3: #fdf7d8; --h4: #e3f3e6; --h5: #c9ead2;
}
@media (prefers-color-scheme: dark) {
  :root {
    --ink: #e6e9ef; --muted: #a3acba; --paper: #161a21; --panel: #1f2430; --line: #323949;
    --accent: #7aa2f7; --good: #4fbf7f; --mid: #e0a93b; --weak: #e0685a; --track: #2b3140;
    --h1: #4a2623; --h2: #4a3a1f; --h3: #45431f; --h4: #1f3f2b; --h5: #1d5234;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0; background: var(--paper); color: var(--ink);
  font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif;
}
main { max-width: 920px; margin: 0 auto; padding: 32px 24px 48px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; }
h2 {
  font-size: 1.2rem; margin: 36px 0 12px; padding-bottom: 6px;
  border-bottom: 2px solid var(--line);
}
h3 { font-size: 1.05rem; margin: 0 0 6px; }
p { margin: 0 0 10px; }
.muted { color: var(--muted); }
.label {
  display: inline-block; font-size: .78rem; padding: 1px 8px; border-radius: 999px;
  background: var(--panel); border: 1px solid var(--line); color: var(--muted);
  vertical-align: middle; white-space: nowrap;
}
.summary {
  display: flex; gap: 24px; align-items: center; justify-content: space-between;
  flex-wrap: wrap;
}
.score-card {
  text-align: center; background: var(--panel); border: 1px solid var(--line);
  border-radius: 12px; padding: 12px 22px; min-width: 170px;
}
.score-card .big { font-size: 2.6rem; font-weight: 700; line-height: 1.1; }
.score-card .of { font-size: 1rem; color: var(--muted); font-weight: 400; }
.notice {
  background: var(--panel); border-left: 4px solid var(--mid); padding: 10px 14px;
  border-radius: 6px;
}
.chart { width: 100%; height: auto; display: block; }
.chart text { fill: var(--ink); font-size: 13px; font-family: inherit; }
.chart .value { font-weight: 600; }
.chart .track { fill: var(--track); }
.chart .axis { stroke: var(--line); }
.s-high { fill: var(--good); color: var(--good); }
.s-mid { fill: var(--mid); color: var(--mid); }
.s-low { fill: var(--weak); color: var(--weak); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: .92rem; }
th, td {
  padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left;
  vertical-align: top;
}
th { font-weight: 600; color: var(--muted); font-size: .82rem; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.heat td.cell { text-align: center; font-weight: 600; font-variant-numeric: tabular-nums; }
.h1 { background: var(--h1); } .h2 { background: var(--h2); } .h3 { background: var(--h3); }
.h4 { background: var(--h4); } .h5 { background: var(--h5); }
.skipped { color: var(--muted); font-style: italic; }
.columns { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
.columns ul { margin: 0; padding-left: 20px; }
.pill {
  display: inline-block; padding: 0 8px; border-radius: 999px; font-size: .82rem;
  white-space: nowrap;
}
.pill.yes { background: var(--h5); } .pill.no { background: var(--h1); }
article.turn {
  border: 1px solid var(--line); border-radius: 12px; padding: 16px 18px; margin: 16px 0;
  break-inside: avoid-page;
}
.turn header { display: flex; justify-content: space-between; gap: 12px; align-items: baseline; }
.turn .overall { font-size: 1.3rem; font-weight: 700; white-space: nowrap; }
blockquote {
  margin: 10px 0; padding: 8px 14px; background: var(--panel); border-left: 4px solid var(--accent);
  border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere;
}
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
.facts dt { font-weight: 600; } .facts dd { margin: 0; }
.star span { display: inline-block; margin-right: 10px; }
.tip {
  margin-top: 12px; padding: 10px 14px; border-radius: 8px; font-weight: 600;
  background: var(--h4); border: 1px solid var(--good);
}
.evidence { color: var(--muted); font-style: italic; }
audio { display: block; width: 100%; max-width: 420px; margin: 6px 0 2px; }
.chart .trend { fill: none; stroke: var(--accent); stroke-width: 2.5; }
.chart .dot { fill: var(--accent); }
.chart .dot.current { fill: var(--good); stroke: var(--ink); stroke-width: 1.5; }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.chart .tick { fill: var(--muted); font-size: 12px; }
.attempt-grid {
  display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 16px;
  margin-top: 12px;
}
.attempt { border-top: 2px solid var(--line); padding-top: 8px; min-width: 0; }
.attempt h4 { margin: 0 0 4px; font-size: .95rem; }
.changes { margin: 8px 0; padding: 8px 14px; background: var(--panel); border-radius: 8px; }
.changes p { margin: 2px 0; }
footer { margin-top: 40px; color: var(--muted); font-size: .82rem; }
@media (max-width: 640px) { .columns { grid-template-columns: 1fr; } }
@media print {
  body { font-size: 11pt; background: #fff; color: #000; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid-page; }
  audio { display: none; }
}
"""

CHART_WIDTH = 640
CHART_LABEL_WIDTH = 250
CHART_BAR_WIDTH = 290
CHART_ROW_HEIGHT = 28
CHART_BAR_HEIGHT = 16
CHART_QUESTION_CHARS = 30


# --- small pieces ----------------------------------------------------------------------------


def e(text: object) -> str:
    """Escape anything for HTML text or a quoted attribute."""
    return escape(str(text), quote=True)


def score_class(score: float, maximum: float = 10) -> str:
    share = score / maximum if maximum else 0
    if share >= 0.7:
        return "s-high"
    if share >= 0.5:
        return "s-mid"
    return "s-low"


def heat_class(score: int) -> str:
    """Five bands of 0-10 for the heat-map cells: h1 (0-2) to h5 (9-10)."""
    return f"h{min(5, 1 + max(0, score - 1) // 2)}"


def label_badge(label: str) -> str:
    return f'<span class="label">{e(label)}</span>' if label else ""


def bullet_list(items: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{e(item)}</li>" for item in items) + "</ul>"


def section(title: str, body: str, label: str = "", section_id: str = "") -> str:
    badge = f" {label_badge(label)}" if label else ""
    anchor = f' id="{e(section_id)}"' if section_id else ""
    return f"<section{anchor}><h2>{e(title)}{badge}</h2>{body}</section>"


# --- charts ----------------------------------------------------------------------------------


def bar_chart(title: str, rows: Sequence[tuple[str, float | None, str]], maximum: float) -> str:
    """A horizontal bar chart as inline SVG: (label, value or None, text beside it) per row."""
    height = CHART_ROW_HEIGHT * len(rows) + 8
    parts = [
        f'<svg class="chart" viewBox="0 0 {CHART_WIDTH} {height}" role="img" '
        f'aria-label="{e(title)}"><title>{e(title)}</title>'
    ]
    for index, (label, value, shown) in enumerate(rows):
        top = 4 + index * CHART_ROW_HEIGHT
        middle = top + CHART_ROW_HEIGHT / 2
        bar_top = middle - CHART_BAR_HEIGHT / 2
        parts.append(
            f'<text x="0" y="{middle:.1f}" dominant-baseline="middle">{e(label)}</text>'
            f'<rect class="track" x="{CHART_LABEL_WIDTH}" y="{bar_top:.1f}" '
            f'width="{CHART_BAR_WIDTH}" height="{CHART_BAR_HEIGHT}" rx="3"/>'
        )
        if value is not None:
            width = CHART_BAR_WIDTH * max(0.0, min(value, maximum)) / maximum
            parts.append(
                f'<rect class="{score_class(value, maximum)}" x="{CHART_LABEL_WIDTH}" '
                f'y="{bar_top:.1f}" width="{width:.1f}" height="{CHART_BAR_HEIGHT}" rx="3"/>'
            )
        value_x = CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 10
        parts.append(
            f'<text class="value" x="{value_x}" y="{middle:.1f}" '
            f'dominant-baseline="middle">{e(shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def competency_chart(competencies: Sequence[CompetencyScore]) -> str:
    rows = [
        (
            COMPETENCY_LABELS.get(item.competency, item.competency),
            float(item.score),
            f"{item.score}/10",
        )
        for item in competencies
    ]
    return bar_chart("Competencies, 0 to 10", rows, 10)


def question_chart_label(turn: Turn) -> str:
    """'q01 Tell me about the billing…': short enough for the chart's label column."""
    return f"{turn.question.id} {clip(turn.question.text, CHART_QUESTION_CHARS)}"


def question_chart(turns: Sequence[Turn]) -> str:
    rows: list[tuple[str, float | None, str]] = []
    for turn in turns:
        evaluation = turn.evaluation
        label = question_chart_label(turn)
        if evaluation is None:
            rows.append((label, None, phrasing.turn_status(turn)))
        else:
            rows.append((label, float(evaluation.overall), f"{evaluation.overall}/100"))
    return bar_chart("Overall score per question, 0 to 100", rows, 100)


PROGRESS_HEIGHT = 230
PROGRESS_LEFT = 80  # room for the scale and half the first date
PROGRESS_RIGHT = 48  # room for half the last date
PROGRESS_TOP = 22  # room for the value over the top point
PROGRESS_BOTTOM = 34  # room for the dates
PROGRESS_DATES = 8  # at most this many dates under the chart
PROGRESS_SCALE = (0, 25, 50, 75, 100)


def progress_chart(progress: Sequence[ProgressPoint]) -> str:
    """Each session's overall, oldest to newest, as a line chart in inline SVG; the session the
    report is of is the marked point."""
    title = "Overall per session, 0 to 100"
    width = CHART_WIDTH - PROGRESS_LEFT - PROGRESS_RIGHT
    height = PROGRESS_HEIGHT - PROGRESS_TOP - PROGRESS_BOTTOM
    count = len(progress)

    def x(index: int) -> float:
        return PROGRESS_LEFT + (width * index / (count - 1) if count > 1 else width / 2)

    def y(value: float) -> float:
        return PROGRESS_TOP + height * (1 - max(0.0, min(value, 100.0)) / 100)

    parts = [
        f'<svg class="chart progress" viewBox="0 0 {CHART_WIDTH} {PROGRESS_HEIGHT}" role="img" '
        f'aria-label="{e(title)}"><title>{e(title)}</title>'
    ]
    for mark in PROGRESS_SCALE:
        parts.append(
            f'<line class="grid" x1="{PROGRESS_LEFT}" x2="{PROGRESS_LEFT + width}" '
            f'y1="{y(mark):.1f}" y2="{y(mark):.1f}"/>'
            f'<text class="tick" x="{PROGRESS_LEFT - 36}" y="{y(mark):.1f}" text-anchor="end" '
            f'dominant-baseline="middle">{mark}</text>'
        )
    points = [
        (index, point, overall)
        for index, point in enumerate(progress)
        if (overall := point.measures.get("overall")) is not None
    ]
    line = " ".join(f"{x(index):.1f},{y(value):.1f}" for index, _, value in points)
    parts.append(f'<polyline class="trend" points="{line}"/>')
    step = max(1, -(-count // PROGRESS_DATES))
    labels = phrasing.session_labels(progress)
    for index, point, value in points:
        css = "dot current" if point.current else "dot"
        shown = phrasing.trend_number(value)
        parts.append(
            f'<circle class="{css}" cx="{x(index):.1f}" cy="{y(value):.1f}" '
            f'r="{7 if point.current else 5}"><title>{e(labels[index])}: '
            f"{e(shown)}</title></circle>"
            f'<text class="value" x="{x(index):.1f}" y="{y(value) - 12:.1f}" '
            f'text-anchor="middle">{e(shown)}</text>'
        )
    for index, point in enumerate(progress):
        if index % step == 0 or index == count - 1 or point.current:
            parts.append(
                f'<text class="tick" x="{x(index):.1f}" y="{PROGRESS_HEIGHT - 10}" '
                f'text-anchor="middle">{e(labels[index])}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def progress_table(progress: Sequence[ProgressPoint]) -> str:
    rows = "".join(
        f'<tr><td>{e(label)}</td><td class="num">{e(first)}</td><td class="num">{e(latest)}</td>'
        f"<td>{e(change)}</td></tr>"
        for label, _spark, first, latest, change in phrasing.progress_rows(progress)
    )
    return (
        '<table><thead><tr><th>Measure</th><th class="num">First</th><th class="num">Latest</th>'
        f"<th>Change</th></tr></thead><tbody>{rows}</tbody></table>"
    )


# --- summary sections ------------------------------------------------------------------------


def header_block(report: Report) -> str:
    """Who, for which role at which company, when; the overall; and, with nothing answered, a
    notice that there is nothing to score."""
    who = e(phrasing.report_title(report.candidate, None))
    details = [
        f'<p class="muted">{e(line)}</p>'
        for line in (phrasing.role_and_company(report), phrasing.interview_time(report.created))
        if line
    ]
    if report.answered:
        score = (
            f'<div class="big {score_class(report.overall, 100)}">{report.overall}'
            f'<span class="of">/100</span></div>{label_badge(phrasing.report_label(report))}'
        )
    else:
        score = '<div class="big muted">–</div><span class="label">no answers to score</span>'
    answered = phrasing.answered_line(report)
    share = phrasing.offline_share(report)
    offline = f'<p class="muted">{e(share)}</p>' if share else ""
    notice = "" if report.answered else f'<p class="notice">{e(phrasing.NOTHING_ANSWERED)}</p>'
    return (
        '<header class="summary">'
        f"<div><h1>Interview report: {who}</h1>{''.join(details)}<p>{e(answered)}</p>{offline}"
        f'</div><div class="score-card">{score}</div>'
        f"</header>{notice}"
    )


def question_id_cell(question: Question) -> str:
    """'<th>q02</th>', or '<th>↳ q02f</th>' for a follow-up."""
    return f"<th>{e(phrasing.question_row_id(question))}</th>"


def label_differs(turn: Turn, report: Report) -> bool:
    evaluation = turn.evaluation
    return evaluation is not None and evaluation.label != phrasing.report_label(report)


def heat_row(turn: Turn, report: Report) -> str:
    cells = [question_id_cell(turn.question)]
    evaluation = turn.evaluation
    if evaluation is None:
        cells.extend('<td class="cell skipped">0</td>' for _ in CRITERIA)
        cells.append(f'<td class="num skipped">0 {e(phrasing.turn_status(turn))}</td>')
        return "<tr>" + "".join(cells) + "</tr>"
    for criterion in CRITERIA:
        score = evaluation.score_of(criterion)
        cells.append(f'<td class="cell {heat_class(score)}">{score}</td>')
    marker = "*" if label_differs(turn, report) else ""
    cells.append(f'<td class="num"><strong>{evaluation.overall}</strong>{marker}</td>')
    return "<tr>" + "".join(cells) + "</tr>"


def heat_note(report: Report) -> str:
    """The line under the heat map; names any other label a starred score carries, and says
    that retries are not counted when there are some."""
    note = "Criteria 0-10, overall 0-100."
    asked = first_attempts(report.turns)
    others = sorted(
        {t.evaluation.label for t in asked if t.evaluation and label_differs(t, report)}
    )
    if others:
        note += f" * {', '.join(others)}."
    if len(asked) < len(report.turns):
        note += " " + phrasing.RETRIES_NOTE
    return f'<p class="muted">{e(note)}</p>'


def means_row(report: Report) -> str:
    cells = ["<th>mean</th>"]
    for criterion in CRITERIA:
        mean = report.criteria_means.get(criterion)
        if mean is None:
            cells.append('<td class="cell">–</td>')
        else:
            cells.append(f'<td class="cell {heat_class(round(mean))}">{mean:.1f}</td>')
    cells.append(f'<td class="num"><strong>{report.overall}</strong></td>')
    return "<tr>" + "".join(cells) + "</tr>"


def heat_map(report: Report) -> str:
    """Questions by criteria, each cell shaded by its score."""
    head = "".join(f"<th>{e(phrasing.criterion_label(c))}</th>" for c in CRITERIA)
    rows = "".join(heat_row(turn, report) for turn in first_attempts(report.turns))
    if report.answered:
        rows += means_row(report)
    return (
        '<table class="heat"><thead><tr><th>Question</th>'
        f'{head}<th class="num">Overall</th></tr></thead><tbody>{rows}</tbody></table>'
        f"{heat_note(report)}"
    )


def questions_legend(turns: Sequence[Turn]) -> str:
    rows = "".join(
        f"<tr>{question_id_cell(turn.question)}<td>{e(turn.question.text)}</td></tr>"
        for turn in turns
    )
    return f"<table><tbody>{rows}</tbody></table>"


def competency_table(competencies: Sequence[CompetencyScore]) -> str:
    rows = "".join(
        f"<tr><td>{e(COMPETENCY_LABELS.get(item.competency, item.competency))}</td>"
        f'<td class="num">{item.score}/10</td><td>{e(item.reason)}</td></tr>'
        for item in competencies
    )
    return (
        '<table><thead><tr><th>Competency</th><th class="num">Score</th><th>Why</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>"
    )


def readiness_body(assessment: FinalAssessment) -> str:
    summary = assessment.readiness_summary
    return f"<p>{e(summary)}</p>" if summary else ""


def stronger_answer_body(assessment: FinalAssessment, question: Question | None) -> str:
    """The question it answers, then the model's rewrite as a quote."""
    asked = f"<p><strong>{e(question.text)}</strong></p>" if question is not None else ""
    return asked + f"<blockquote>{e(assessment.stronger_answer or '')}</blockquote>"


def usage_body(cost: CostSummary) -> str:
    """'9 calls, ... tokens, $0.0123', then a table of cost by purpose."""
    rows = "".join(
        f'<tr><td>{e(purpose)}</td><td class="num">{e(shown)}</td></tr>'
        for purpose, shown in phrasing.cost_by_purpose(cost)
    )
    table = (
        '<table><thead><tr><th>Purpose</th><th class="num">Cost (USD)</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        if rows
        else ""
    )
    return f"<p>{e(phrasing.usage_line(cost))}</p>{table}"


def coverage_table(rows: Sequence[CoverageRow]) -> str:
    body = "".join(
        f"<tr><th>{e(row.requirement_id)}</th><td>{e(row.text)}</td>"
        f'<td><span class="pill {"yes" if row.evidenced_by else "no"}">'
        f"{e(phrasing.evidence_text(row.evidenced_by))}</span></td></tr>"
        for row in rows
    )
    return (
        "<table><thead><tr><th>Id</th><th>Requirement</th><th>Evidence</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def delivery_summary_table(summary: dict[str, float | None]) -> str:
    body = "".join(
        f"<tr><td>{e(phrasing.delivery_summary_label(key))}</td>"
        f'<td class="num">{e(phrasing.format_summary_value(value))}</td>'
        f'<td class="muted">{e(phrasing.summary_verdict(key, value))}</td></tr>'
        for key, value in summary.items()
    )
    return f"<table><tbody>{body}</tbody></table>"


# --- one question ----------------------------------------------------------------------------


def answer_block(transcript: Transcript | None, player: str = "") -> str:
    """'Answer (whisper, 42 s)', the recording's player when there is one, then the words."""
    if transcript is None:
        return '<p class="skipped">No answer.</p>' + player
    if transcript.duration is None:
        source = "typed answer"
    else:
        source = f"{transcript.source}, {phrasing.format_seconds(transcript.duration)}"
    return (
        f'<p class="muted">Answer ({e(source)})</p>{player}'
        f"<blockquote>{e(transcript.text)}</blockquote>"
    )


def criteria_table(evaluation: Evaluation) -> str:
    rows = "".join(
        f"<tr><td>{e(phrasing.criterion_label(item.criterion))}</td>"
        f'<td class="num {heat_class(item.score)}">{item.score}/10</td>'
        f"<td>{e(item.reason)}"
        + (f'<div class="evidence">“{e(item.evidence)}”</div>' if item.evidence else "")
        + "</td></tr>"
        for item in evaluation.criteria
    )
    return (
        '<table><thead><tr><th>Criterion</th><th class="num">Score</th>'
        f"<th>Reason and evidence</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def delivery_facts(evaluation: Evaluation) -> str:
    items = "".join(
        f"<dt>{e(name)}</dt><dd>{e(value)}</dd>"
        for name, value in phrasing.delivery_lines(evaluation.delivery)
    )
    return f'<dl class="facts">{items}</dl>'


def star_line(evaluation: Evaluation) -> str:
    star = evaluation.star
    marks = []
    for letter, part, found in phrasing.star_marks(star):
        quote = getattr(star, part).quote
        title = f' title="{e(quote)}"' if found and quote else ""
        css = "s-high" if found else "s-low"
        mark = "✓" if found else "✗"
        marks.append(f'<span class="{css}"{title}><strong>{letter}</strong> {mark} {part}</span>')
    return (
        f'<p class="star"><strong>STAR</strong> · {"".join(marks)}'
        f'<span class="muted">{e(phrasing.quantified_line(star))}</span></p>'
    )


def requirements_line(evaluation: Evaluation) -> str:
    ids = ", ".join(evaluation.requirements_evidenced) or "none"
    terms = (
        f' <span class="muted">(terms: {e(", ".join(evaluation.matched_terms))})</span>'
        if evaluation.matched_terms
        else ""
    )
    return f"<p><strong>JD requirements evidenced:</strong> {e(ids)}{terms}</p>"


def recording_player(turn: Turn, recordings: frozenset[str]) -> str:
    """A player for the answer's recording, by its path relative to the session folder; nothing
    when the run kept no recording or it is gone."""
    path = turn.answer_audio
    if not path or path not in recordings:
        return ""
    return f'<audio controls preload="none" src="{e(quote(path))}"></audio>'


def attempt_body(turn: Turn, recordings: frozenset[str]) -> str:
    """One answer and its feedback: the recording, the transcript, every criterion, delivery,
    STAR, requirements and the tip; or why it has no score."""
    parts = []
    fallback = phrasing.fallback_line(turn)
    if fallback:
        parts.append(f'<p class="muted">{e(fallback)}</p>')
    evaluation = turn.evaluation
    if evaluation is None:
        parts.append(f'<p class="skipped">{e(phrasing.unscored_explanation(turn))}</p>')
        player = recording_player(turn, recordings)
        if turn.transcript is not None:
            parts.append(answer_block(turn.transcript, player))
        else:
            parts.append(player)
        return "".join(parts)
    parts.extend(
        [
            answer_block(turn.transcript, recording_player(turn, recordings)),
            criteria_table(evaluation),
            delivery_facts(evaluation),
            star_line(evaluation) if phrasing.shows_star(evaluation) else "",
            requirements_line(evaluation),
            f'<div class="tip">Tip: {e(evaluation.tip)}</div>',
        ]
    )
    return "".join(parts)


def attempts_table(attempts: Sequence[Turn]) -> str:
    """The attempts side by side: overall, criteria and delivery, one column each."""
    head = "".join(f'<th class="num">{e(phrasing.attempt_label(t))}</th>' for t in attempts)
    rows = []
    for name, cells, scores in phrasing.attempt_rows(attempts):
        tds = "".join(
            f'<td class="num {heat_class(score)}">{e(cell)}</td>'
            if score is not None
            else f'<td class="num">{e(cell)}</td>'
            for cell, score in zip(cells, scores, strict=True)
        )
        rows.append(f"<tr><th>{e(name)}</th>{tds}</tr>")
    return (
        f'<table class="attempts"><thead><tr><th></th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def changes_block(attempts: Sequence[Turn]) -> str:
    """What improved from each attempt to the next, and what did not."""
    blocks = []
    for before, after in pairwise(attempts):
        if before.evaluation is None or after.evaluation is None:
            continue
        lines = phrasing.comparison_lines(compare(before.evaluation, after.evaluation))
        heading = f"<p><strong>{e(phrasing.comparison_heading(before, after))}</strong></p>"
        blocks.append(
            f'<div class="changes">{heading}{"".join(f"<p>{e(line)}</p>" for line in lines)}</div>'
        )
    return "".join(blocks)


def question_article(group: QuestionAttempts, recordings: frozenset[str]) -> str:
    """One question: its first attempt's score, then its answer and feedback; a question asked
    again has its attempts side by side, what changed, and each attempt in full."""
    question, first = group.question, group.first
    evaluation = first.evaluation
    if evaluation is None:
        score = f'<span class="skipped">{e(phrasing.turn_status(first))}</span>'
    else:
        score = (
            f'<span class="overall {score_class(evaluation.overall, 100)}">'
            f"{evaluation.overall}/100</span> {label_badge(evaluation.label)}"
        )
    parts = [f"<header><h3>{e(question.id)}. {e(question.text)}</h3><div>{score}</div></header>"]
    follow_up = phrasing.follow_up_line(question)
    if follow_up:
        parts.append(f'<p class="muted">{e(follow_up)}</p>')
    parts.append(f'<p class="muted">{e(phrasing.question_context(question))}</p>')
    if not group.retried:
        parts.append(attempt_body(first, recordings))
    else:
        columns = "".join(
            f'<section class="attempt"><h4>{e(phrasing.attempt_label(turn))}</h4>'
            f"{attempt_body(turn, recordings)}</section>"
            for turn in group.attempts
        )
        parts.extend(
            [
                attempts_table(group.attempts),
                changes_block(group.attempts),
                f'<div class="attempt-grid">{columns}</div>',
            ]
        )
    return f'<article class="turn" id="{e(question.id)}">{"".join(parts)}</article>'


# --- the whole report ------------------------------------------------------------------------

LABELLED: frozenset[SectionId] = frozenset({"scores", "competencies"})  # scores with a label


def _scores(source: ReportSource) -> str:
    asked = first_attempts(source.report.turns)
    return question_chart(asked) + heat_map(source.report) + questions_legend(asked)


def _progress(source: ReportSource) -> str:
    span = phrasing.progress_span(source.progress, source.report.role)
    return (
        progress_chart(source.progress)
        + f'<p class="muted">{e(span)}</p>'
        + progress_table(source.progress)
    )


def _competencies(source: ReportSource) -> str:
    competencies = source.report.competencies
    return competency_chart(competencies) + competency_table(competencies)


def _readiness(source: ReportSource) -> str:
    assert source.report.assessment is not None
    return readiness_body(source.report.assessment)


def _gaps(source: ReportSource) -> str:
    assert source.report.assessment is not None
    return bullet_list(source.report.assessment.gaps)


def _stronger_answer(source: ReportSource) -> str:
    assert source.report.assessment is not None
    return stronger_answer_body(source.report.assessment, phrasing.weakest_question(source.report))


def _usage(source: ReportSource) -> str:
    assert source.report.cost is not None
    return usage_body(source.report.cost)


def _answers(source: ReportSource) -> str:
    return "".join(
        question_article(group, source.recordings) for group in by_question(source.report.turns)
    )


RENDERINGS: dict[SectionId, Callable[[ReportSource], str]] = {
    "header": lambda s: header_block(s.report),
    "readiness": _readiness,
    "scores": _scores,
    "progress": _progress,
    "competencies": _competencies,
    "strengths": lambda s: bullet_list(phrasing.shown_strengths(s.report)),
    "improvements": lambda s: bullet_list(phrasing.shown_improvements(s.report)),
    "gaps": _gaps,
    "stronger_answer": _stronger_answer,
    "requirements": lambda s: coverage_table(s.report.coverage),
    "delivery": lambda s: delivery_summary_table(s.report.delivery_summary),
    "usage": _usage,
    "answers": _answers,
}


def body_sections(source: ReportSource) -> list[str]:
    """The visible sections, in the order of `sections.SECTIONS`; the header has its own h1."""
    label = phrasing.report_label(source.report)
    parts = []
    for shown in visible_sections(source):
        body = RENDERINGS[shown.id](source)
        if shown.id == "header":
            parts.append(body)
            continue
        badge = label if shown.id in LABELLED else ""
        parts.append(section(shown.title(source.report), body, badge, shown.id))
    return parts


def render_html(
    report: Report,
    progress: Sequence[ProgressPoint] = (),
    recordings: frozenset[str] = frozenset(),
) -> str:
    """The whole report as one HTML document that references nothing but the session's own
    recordings (`recordings`: the answer files still in the session folder)."""
    source = ReportSource(report, progress, recordings)
    title = f"Interview report: {phrasing.report_title(report.candidate, report.role)}"
    scores = phrasing.scorer_summary(report)
    footer = (
        f"<footer>Made by ai-interviewer on this computer. Scores: {e(scores)}.</footer>"
        if scores
        else "<footer>Made by ai-interviewer on this computer.</footer>"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{e(title)}</title><style>{CSS}</style></head>"
        f"<body><main>{''.join(body_sections(source))}{footer}</main></body></html>\n"
    )
