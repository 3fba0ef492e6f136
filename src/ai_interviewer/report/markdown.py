"""The final report as Markdown: the summary, then every question with its answer and feedback.

User and model text is escaped where Markdown would read it as syntax: a `|` in a transcript
stays inside its table cell, `<script>` stays text, `*stars*` and `[links](x)` stay literal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ai_interviewer.core.models import (
    COMPETENCY_LABELS,
    CRITERIA,
    CompetencyScore,
    CoverageRow,
    Evaluation,
    Report,
    Transcript,
    Turn,
)
from ai_interviewer.report import phrasing

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
        overall = score_text(report.overall, 100, report.label)
    else:
        overall = "no answers to score"
    return "\n".join(
        [
            f"# Interview report: {title}",
            "",
            f"- **Overall:** {overall}",
            f"- **Answered:** {report.answered} of {report.asked} questions",
        ]
    )


def scores_row(turn: Turn) -> list[str]:
    evaluation = turn.evaluation
    if evaluation is None:
        return [turn.question.id, *("–" for _ in CRITERIA), f"*{phrasing.turn_status(turn)}*"]
    scores = [str(evaluation.score_of(criterion)) for criterion in CRITERIA]
    return [turn.question.id, *scores, f"**{evaluation.overall}**"]


def means_row(report: Report) -> list[str]:
    means = [
        "–" if report.criteria_means.get(c) is None else f"{report.criteria_means[c]:.1f}"
        for c in CRITERIA
    ]
    return ["*mean*", *means, f"**{report.overall}**"]


def scores_section(report: Report) -> str:
    header = ["Question", *(phrasing.criterion_label(c) for c in CRITERIA), "Overall"]
    rows = [scores_row(turn) for turn in report.turns]
    if report.answered:
        rows.append(means_row(report))
    align = ["left", *("right" for _ in CRITERIA), "right"]
    return "\n\n".join(
        [
            f"## Scores by question ({escape_inline(report.label)})",
            table(header, rows, align),
            "Criteria are scored 0-10, overall 0-100.",
        ]
    )


def competencies_section(competencies: Sequence[CompetencyScore], label: str) -> str:
    rows = [
        [
            escape_cell(COMPETENCY_LABELS.get(item.competency, item.competency)),
            f"{item.score}/10",
            escape_cell(item.reason),
        ]
        for item in competencies
    ]
    body = table(["Competency", "Score", "Why"], rows, ["left", "right", "left"])
    return f"## Competencies ({escape_inline(label)})\n\n{body}"


def coverage_section(rows: Sequence[CoverageRow]) -> str:
    cells = [
        [
            row.requirement_id,
            escape_cell(row.text),
            escape_cell(phrasing.evidence_text(row.evidenced_by)),
        ]
        for row in rows
    ]
    body = table(["Id", "Requirement", "Evidence"], cells, ["left", "left", "left"])
    return f"## Job requirement coverage\n\n{body}"


def delivery_summary_section(summary: dict[str, float | None]) -> str:
    rows = [
        [
            escape_cell(phrasing.delivery_summary_label(key)),
            phrasing.format_summary_value(value),
            escape_cell(phrasing.summary_verdict(key, value)),
        ]
        for key, value in summary.items()
    ]
    body = table(["Measure", "Value", "Verdict"], rows, ["left", "right", "left"])
    return f"## Delivery summary\n\n{body}"


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


def feedback_blocks(evaluation: Evaluation) -> list[str]:
    return [
        f"**Score:** {score_text(evaluation.overall, 100, evaluation.label)}",
        criteria_block(evaluation),
        delivery_block(evaluation),
        star_block(evaluation),
        requirements_block(evaluation),
        f"> **Tip:** {escape_inline(' '.join(evaluation.tip.split()))}",
    ]


def turn_section(turn: Turn) -> str:
    question = turn.question
    blocks = [
        f"### {question.id}. {escape_inline(question.text)}",
        f"*{escape_inline(phrasing.question_context(question))}*",
    ]
    if turn.evaluation is None:
        blocks.append(f"*{escape_inline(phrasing.unscored_explanation(turn))}*")
        if turn.transcript is not None:
            blocks.append(answer_block(turn.transcript))
        return "\n\n".join(blocks)
    blocks.append(answer_block(turn.transcript))
    blocks.extend(feedback_blocks(turn.evaluation))
    return "\n\n".join(blocks)


# --- the whole report ------------------------------------------------------------------------


def render_markdown(report: Report) -> str:
    """The full report as one Markdown document, ending with a newline."""
    sections = [header_section(report)]
    if not report.answered:
        sections.append("*No questions were answered, so there is nothing to score.*")
    sections.append(scores_section(report))
    if report.competencies:
        sections.append(competencies_section(report.competencies, report.label))
    if report.strengths:
        sections.append(f"## Strengths\n\n{bullets(report.strengths)}")
    if report.improvements:
        sections.append(f"## To improve\n\n{bullets(report.improvements)}")
    if report.coverage:
        sections.append(coverage_section(report.coverage))
    if report.delivery_summary:
        sections.append(delivery_summary_section(report.delivery_summary))
    if report.turns:
        sections.append("## Questions and answers")
        sections.extend(turn_section(turn) for turn in report.turns)
    return "\n\n".join(sections) + "\n"
