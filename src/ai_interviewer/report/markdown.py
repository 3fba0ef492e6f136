"""The final report as Markdown: the summary, then every question with its answer and feedback.

The sections and their order are `sections.SECTIONS`, as in the terminal and HTML. User and model
text is escaped where Markdown would read it as syntax: a `|` in a transcript stays inside its
table cell, `<script>` stays text, `*stars*` and `[links](x)` stay literal. An answer's recording
is linked by its path relative to the session folder, where report.md lies.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
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
from ai_interviewer.report import phrasing
from ai_interviewer.report.sections import ReportSource, SectionId, visible_sections

_INLINE_SIGNIFICANT = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LIST_NUMBER = re.compile(r"^([ \t]*\d+)([.)])(?=\s|$)", re.MULTILINE)
_LINE_MARK = re.compile(r"^([ \t]*)([-+#=])", re.MULTILINE)


# --- escaping --------------------------------------------------------------------------------


def escape_line_starts(text: str) -> str:
    """Escape what Markdown reads as a block when it starts a line: '# ', '- ', '1. '."""
    return _LINE_MARK.sub(r"\1\\\2", _LIST_NUMBER.sub(r"\1\\\2", text))


def escape_inline(text: str) -> str:
    """Escape the characters Markdown would read as syntax, for text that follows other text.

    Lines after the first start a Markdown line of their own, so their block markers are escaped
    too; the first line continues whatever precedes it ('- ', '| ', '**Tip:** ').
    """
    escaped = _ENTITY.sub(r"\\&", _INLINE_SIGNIFICANT.sub(r"\\\1", text))
    first, newline, rest = escaped.partition("\n")
    return first + newline + escape_line_starts(rest)


def escape_cell(text: str | None) -> str:
    """Text for one table cell: escaped, on one line, never empty."""
    if not text:
        return "–"
    return escape_inline(" ".join(text.split()))


def blockquote(text: str) -> str:
    """Escaped text as a Markdown quote, one '> ' per line, paragraphs kept."""
    lines = escape_line_starts(escape_inline(text.strip())).splitlines() or [""]
    return "\n".join(f"> {line}".rstrip() for line in lines)


# --- building blocks -------------------------------------------------------------------------


def table(header: Sequence[str], rows: Iterable[Sequence[str]], align: Sequence[str]) -> str:
    """A GitHub-flavoured table; cells must already be escaped."""
    separators = {"left": ":---", "right": "---:", "center": ":---:"}
    lines = [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(separators[a] for a in align) + " |",
    ]
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return "\n".join(lines)


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {escape_inline(item)}" for item in items)


def score_text(score: int, maximum: int, label: str) -> str:
    return escape_inline(phrasing.score_with_label(score, maximum, label))


# --- summary sections ------------------------------------------------------------------------


def header_section(report: Report) -> str:
    title = escape_inline(phrasing.report_title(report.candidate, report.role))
    if report.answered:
        overall = score_text(report.overall, 100, phrasing.report_label(report))
    else:
        overall = "no answers to score"
    lines = [f"# Interview report: {title}", ""]
    if report.company:
        lines.append(f"- **Company:** {escape_inline(report.company)}")
    when = phrasing.interview_time(report.created)
    if when:
        lines.append(f"- **Date:** {escape_inline(when)}")
    lines.append(f"- **Overall:** {overall}")
    if phrasing.offline_share(report):
        lines.append(f"- **Scores:** {escape_inline(phrasing.scorer_summary(report))}")
    lines.append(f"- **Answered:** {escape_inline(phrasing.answered_line(report))}")
    if not report.answered:
        lines.extend(["", f"*{phrasing.NOTHING_ANSWERED}*"])
    return "\n".join(lines)


def question_id_cell(question: Question) -> str:
    """'q02', or '↳ q02f' for a follow-up."""
    return escape_cell(phrasing.question_row_id(question))


def label_differs(turn: Turn, report: Report) -> bool:
    evaluation = turn.evaluation
    return evaluation is not None and evaluation.label != phrasing.report_label(report)


def scores_row(turn: Turn, report: Report) -> list[str]:
    evaluation = turn.evaluation
    row_id = question_id_cell(turn.question)
    if evaluation is None:
        return [row_id, *("0" for _ in CRITERIA), f"0 *{phrasing.turn_status(turn)}*"]
    scores = [str(evaluation.score_of(criterion)) for criterion in CRITERIA]
    marker = "\\*" if label_differs(turn, report) else ""
    return [row_id, *scores, f"**{evaluation.overall}**{marker}"]


def scores_note(report: Report) -> str:
    """The line under the scores table; names any other label a starred score carries, and says
    that retries are not counted when there are some."""
    note = "Criteria are scored 0-10, overall 0-100."
    asked = first_attempts(report.turns)
    others = sorted(
        {t.evaluation.label for t in asked if t.evaluation and label_differs(t, report)}
    )
    if others:
        note += f" \\* {escape_inline(', '.join(others))}."
    if len(asked) < len(report.turns):
        note += f" {escape_inline(phrasing.RETRIES_NOTE)}"
    return note


def means_row(report: Report) -> list[str]:
    means = [
        "–" if report.criteria_means.get(c) is None else f"{report.criteria_means[c]:.1f}"
        for c in CRITERIA
    ]
    return ["*mean*", *means, f"**{report.overall}**"]


def scores_body(report: Report) -> str:
    header = ["Question", *(phrasing.criterion_label(c) for c in CRITERIA), "Overall"]
    rows = [scores_row(turn, report) for turn in first_attempts(report.turns)]
    if report.answered:
        rows.append(means_row(report))
    align = ["left", *("right" for _ in CRITERIA), "right"]
    return f"{table(header, rows, align)}\n\n{scores_note(report)}"


def progress_body(progress: Sequence[ProgressPoint], role: str | None) -> str:
    rows = [
        [escape_cell(label), spark, first, latest, escape_cell(change)]
        for label, spark, first, latest, change in phrasing.progress_rows(progress)
    ]
    body = table(
        ["Measure", "Trend", "First", "Latest", "Change"],
        rows,
        ["left", "left", "right", "right", "left"],
    )
    span = escape_inline(phrasing.progress_span(progress, role))
    return f"{span}; the trend runs oldest to newest, low to high.\n\n{body}"


def competencies_body(competencies: Sequence[CompetencyScore]) -> str:
    rows = [
        [
            escape_cell(COMPETENCY_LABELS.get(item.competency, item.competency)),
            f"{item.score}/10",
            escape_cell(item.reason),
        ]
        for item in competencies
    ]
    return table(["Competency", "Score", "Why"], rows, ["left", "right", "left"])


def coverage_body(rows: Sequence[CoverageRow]) -> str:
    cells = [
        [
            row.requirement_id,
            escape_cell(row.text),
            escape_cell(phrasing.evidence_text(row.evidenced_by)),
        ]
        for row in rows
    ]
    return table(["Id", "Requirement", "Evidence"], cells, ["left", "left", "left"])


def delivery_summary_body(summary: dict[str, float | None]) -> str:
    rows = [
        [
            escape_cell(phrasing.delivery_summary_label(key)),
            phrasing.format_summary_value(value),
            escape_cell(phrasing.summary_verdict(key, value)),
        ]
        for key, value in summary.items()
    ]
    return table(["Measure", "Value", "Verdict"], rows, ["left", "right", "left"])


def readiness_body(assessment: FinalAssessment) -> str:
    return escape_line_starts(escape_inline(assessment.readiness_summary or ""))


def stronger_answer_body(assessment: FinalAssessment, question: Question | None) -> str:
    """The question in italics, then the model's rewrite as a quote."""
    blocks = []
    if question is not None:
        blocks.append(f"*{escape_inline(' '.join(question.text.split()))}*")
    blocks.append(blockquote(assessment.stronger_answer or ""))
    return "\n\n".join(blocks)


def usage_body(cost: CostSummary) -> str:
    """'9 calls, ... tokens, $0.0123', then a table of cost by purpose."""
    blocks = [escape_inline(phrasing.usage_line(cost))]
    rows = [[escape_cell(purpose), shown] for purpose, shown in phrasing.cost_by_purpose(cost)]
    if rows:
        blocks.append(table(["Purpose", "Cost (USD)"], rows, ["left", "right"]))
    return "\n\n".join(blocks)


# --- one question ----------------------------------------------------------------------------


def answer_block(transcript: Transcript | None) -> str:
    if transcript is None:
        return "*No answer.*"
    if transcript.duration is None:
        source = "typed"
    else:
        source = f"{transcript.source}, {phrasing.format_seconds(transcript.duration)}"
    return f"**Answer** ({escape_inline(source)}):\n\n{blockquote(transcript.text)}"


def criteria_block(evaluation: Evaluation) -> str:
    rows = [
        [
            escape_cell(phrasing.criterion_label(item.criterion)),
            f"{item.score}/10",
            escape_cell(item.reason),
            escape_cell(f"“{item.evidence}”" if item.evidence else None),
        ]
        for item in evaluation.criteria
    ]
    return table(
        ["Criterion", "Score", "Reason", "Evidence"], rows, ["left", "right", "left", "left"]
    )


def delivery_block(evaluation: Evaluation) -> str:
    lines = [
        f"- **{name}:** {escape_inline(value)}"
        for name, value in phrasing.delivery_lines(evaluation.delivery)
    ]
    return "**Delivery** (measured)\n\n" + "\n".join(lines)


def star_block(evaluation: Evaluation) -> str:
    star = evaluation.star
    lines = []
    for letter, part, found in phrasing.star_marks(star):
        quote = getattr(star, part).quote
        mark = "✓" if found else "✗"
        detail = f": “{escape_inline(quote)}”" if found and quote else ""
        lines.append(f"- {mark} **{letter}** {part}{detail}")
    lines.append(f"- {escape_inline(phrasing.quantified_line(star))}")
    return "**STAR**\n\n" + "\n".join(lines)


def requirements_block(evaluation: Evaluation) -> str:
    ids = ", ".join(evaluation.requirements_evidenced) or "none"
    text = f"**JD requirements evidenced:** {escape_inline(ids)}"
    if evaluation.matched_terms:
        text += f" (terms: {escape_inline(', '.join(evaluation.matched_terms))})"
    return text


def score_block(turn: Turn, evaluation: Evaluation) -> str:
    """'**Score:** 82/100 (label)', and on the next line why it was scored offline, if it was."""
    score = f"**Score:** {score_text(evaluation.overall, 100, evaluation.label)}"
    fallback = phrasing.fallback_line(turn)
    if fallback:
        score += f"  \n*{escape_inline(' '.join(fallback.split()))}*"
    return score


def feedback_blocks(turn: Turn, evaluation: Evaluation) -> list[str]:
    return [
        score_block(turn, evaluation),
        criteria_block(evaluation),
        delivery_block(evaluation),
        *([star_block(evaluation)] if phrasing.shows_star(evaluation) else []),
        requirements_block(evaluation),
        f"> **Tip:** {escape_inline(' '.join(evaluation.tip.split()))}",
    ]


def recording_link(turn: Turn, recordings: frozenset[str]) -> str | None:
    """A link to the answer's recording, relative to the session folder; None when the run kept
    none or it is gone."""
    path = turn.answer_audio
    if not path or path not in recordings:
        return None
    return f"**Recording:** [{escape_inline(path)}]({quote(path)})"


def attempt_blocks(turn: Turn, recordings: frozenset[str]) -> list[str]:
    """One answer and its feedback, or why it has no score."""
    link = recording_link(turn, recordings)
    blocks = [link] if link else []
    if turn.evaluation is None:
        blocks.insert(0, f"*{escape_inline(phrasing.unscored_explanation(turn))}*")
        if turn.transcript is not None:
            blocks.append(answer_block(turn.transcript))
        return blocks
    blocks.append(answer_block(turn.transcript))
    blocks.extend(feedback_blocks(turn, turn.evaluation))
    return blocks


def attempts_block(attempts: Sequence[Turn]) -> str:
    """The attempts side by side: overall, criteria and delivery, one column each."""
    header = ["", *(phrasing.attempt_label(turn) for turn in attempts)]
    rows = [
        [escape_cell(name), *map(escape_cell, cells)]
        for name, cells, _ in phrasing.attempt_rows(attempts)
    ]
    return table(header, rows, ["left", *("right" for _ in attempts)])


def changes_blocks(attempts: Sequence[Turn]) -> list[str]:
    """What improved from each attempt to the next, and what did not."""
    blocks = []
    for before, after in pairwise(attempts):
        if before.evaluation is None or after.evaluation is None:
            continue
        lines = phrasing.comparison_lines(compare(before.evaluation, after.evaluation))
        heading = f"**{escape_inline(phrasing.comparison_heading(before, after))}**"
        blocks.append("  \n".join([heading, *map(escape_inline, lines)]))
    return blocks


def question_section(group: QuestionAttempts, recordings: frozenset[str]) -> str:
    """One question and its answer; a question asked again has its attempts side by side, what
    changed, then each attempt in full."""
    question = group.question
    blocks = [f"### {question.id}. {escape_inline(question.text)}"]
    follow_up = phrasing.follow_up_line(question)
    if follow_up:
        blocks.append(f"*{escape_inline(follow_up)}*")
    blocks.append(f"*{escape_inline(phrasing.question_context(question))}*")
    if not group.retried:
        blocks.extend(attempt_blocks(group.first, recordings))
        return "\n\n".join(blocks)
    blocks.append(attempts_block(group.attempts))
    blocks.extend(changes_blocks(group.attempts))
    for turn in group.attempts:
        blocks.append(f"#### {escape_inline(phrasing.attempt_label(turn))}")
        blocks.extend(attempt_blocks(turn, recordings))
    return "\n\n".join(blocks)


# --- the whole report ------------------------------------------------------------------------

LABELLED: frozenset[SectionId] = frozenset({"scores", "competencies"})  # scores with a label


def _assessment(source: ReportSource) -> FinalAssessment:
    assert source.report.assessment is not None
    return source.report.assessment


def _usage(source: ReportSource) -> str:
    assert source.report.cost is not None
    return usage_body(source.report.cost)


def _answers(source: ReportSource) -> str:
    return "\n\n".join(
        question_section(group, source.recordings) for group in by_question(source.report.turns)
    )


RENDERINGS: dict[SectionId, Callable[[ReportSource], str]] = {
    "header": lambda s: header_section(s.report),
    "readiness": lambda s: readiness_body(_assessment(s)),
    "scores": lambda s: scores_body(s.report),
    "progress": lambda s: progress_body(s.progress, s.report.role),
    "competencies": lambda s: competencies_body(s.report.competencies),
    "strengths": lambda s: bullets(phrasing.shown_strengths(s.report)),
    "improvements": lambda s: bullets(phrasing.shown_improvements(s.report)),
    "gaps": lambda s: bullets(_assessment(s).gaps),
    "stronger_answer": lambda s: stronger_answer_body(
        _assessment(s), phrasing.weakest_question(s.report)
    ),
    "requirements": lambda s: coverage_body(s.report.coverage),
    "delivery": lambda s: delivery_summary_body(s.report.delivery_summary),
    "usage": _usage,
    "answers": _answers,
}


def render_markdown(
    report: Report,
    progress: Sequence[ProgressPoint] = (),
    recordings: frozenset[str] = frozenset(),
) -> str:
    """The full report as one Markdown document, ending with a newline."""
    source = ReportSource(report, progress, recordings)
    label = phrasing.report_label(report)
    blocks = []
    for shown in visible_sections(source):
        body = RENDERINGS[shown.id](source)
        if shown.id == "header":
            blocks.append(body)
            continue
        title = shown.title(report) + (f" ({label})" if shown.id in LABELLED else "")
        heading = f"## {escape_inline(title)}"
        blocks.append(f"{heading}\n\n{body}" if body else heading)
    return "\n\n".join(blocks) + "\n"
