"""The final report as Markdown: the summary, then every question with its answer and feedback.

User and model text is escaped where Markdown would read it as syntax: a `|` in a transcript
stays inside its table cell, `<script>` stays text, `*stars*` and `[links](x)` stay literal.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

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
        overall = score_text(report.overall, 100, phrasing.report_label(report))
    else:
        overall = "no answers to score"
    lines = [f"# Interview report: {title}", "", f"- **Overall:** {overall}"]
    if phrasing.offline_share(report):
        lines.append(f"- **Scores:** {escape_inline(phrasing.scorer_summary(report))}")
    lines.append(f"- **Answered:** {escape_inline(phrasing.answered_line(report))}")
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
    """The line under the scores table; names any other label a starred score carries."""
    note = "Criteria are scored 0-10, overall 0-100."
    others = sorted(
        {t.evaluation.label for t in report.turns if t.evaluation and label_differs(t, report)}
    )
    if others:
        note += f" \\* {escape_inline(', '.join(others))}."
    return note


def means_row(report: Report) -> list[str]:
    means = [
        "–" if report.criteria_means.get(c) is None else f"{report.criteria_means[c]:.1f}"
        for c in CRITERIA
    ]
    return ["*mean*", *means, f"**{report.overall}**"]


def scores_section(report: Report) -> str:
    header = ["Question", *(phrasing.criterion_label(c) for c in CRITERIA), "Overall"]
    rows = [scores_row(turn, report) for turn in report.turns]
    if report.answered:
        rows.append(means_row(report))
    align = ["left", *("right" for _ in CRITERIA), "right"]
    return "\n\n".join(
        [
            f"## Scores by question ({escape_inline(phrasing.report_label(report))})",
            table(header, rows, align),
            scores_note(report),
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


def readiness_section(assessment: FinalAssessment, role: str | None) -> str:
    heading = escape_inline(phrasing.readiness_heading(assessment, role))
    if not assessment.readiness_summary:
        return f"## {heading}"
    return f"## {heading}\n\n{escape_line_starts(escape_inline(assessment.readiness_summary))}"


def stronger_answer_section(assessment: FinalAssessment, question: Question | None) -> str:
    """The question in italics, then the model's rewrite as a quote."""
    blocks = [f"## {escape_inline(phrasing.stronger_answer_heading(assessment))}"]
    if question is not None:
        blocks.append(f"*{escape_inline(' '.join(question.text.split()))}*")
    blocks.append(blockquote(assessment.stronger_answer or ""))
    return "\n\n".join(blocks)


def assessment_sections(report: Report) -> list[str]:
    """Gaps and the stronger answer, from the model's final assessment."""
    assessment = report.assessment
    if assessment is None:
        return []
    sections = []
    if assessment.gaps:
        sections.append(f"## Gaps\n\n{bullets(assessment.gaps)}")
    if assessment.stronger_answer:
        question = phrasing.weakest_question(report)
        sections.append(stronger_answer_section(assessment, question))
    return sections


def usage_section(cost: CostSummary) -> str:
    """'9 calls, ... tokens, $0.0123', then a table of cost by purpose."""
    blocks = ["## Model usage", escape_inline(phrasing.usage_line(cost))]
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


def turn_section(turn: Turn) -> str:
    question = turn.question
    blocks = [
        f"### {question.id}. {escape_inline(question.text)}",
        f"*{escape_inline(phrasing.question_context(question))}*",
    ]
    follow_up = phrasing.follow_up_line(question)
    if follow_up:
        blocks.insert(1, f"*{escape_inline(follow_up)}*")
    if turn.evaluation is None:
        blocks.append(f"*{escape_inline(phrasing.unscored_explanation(turn))}*")
        if turn.transcript is not None:
            blocks.append(answer_block(turn.transcript))
        return "\n\n".join(blocks)
    blocks.append(answer_block(turn.transcript))
    blocks.extend(feedback_blocks(turn, turn.evaluation))
    return "\n\n".join(blocks)


# --- the whole report ------------------------------------------------------------------------


def render_markdown(report: Report) -> str:
    """The full report as one Markdown document, ending with a newline."""
    sections = [header_section(report)]
    if not report.answered:
        sections.append("*No questions were answered, so there is nothing to score.*")
    if report.assessment is not None and phrasing.has_readiness(report.assessment):
        sections.append(readiness_section(report.assessment, report.role))
    sections.append(scores_section(report))
    if report.competencies:
        label = phrasing.report_label(report)
        sections.append(competencies_section(report.competencies, label))
    strengths = phrasing.shown_strengths(report)
    if strengths:
        sections.append(f"## Strengths\n\n{bullets(strengths)}")
    improvements = phrasing.shown_improvements(report)
    if improvements:
        sections.append(f"## To improve\n\n{bullets(improvements)}")
    sections.extend(assessment_sections(report))
    if report.coverage:
        sections.append(coverage_section(report.coverage))
    if report.delivery_summary:
        sections.append(delivery_summary_section(report.delivery_summary))
    if report.cost is not None:
        sections.append(usage_section(report.cost))
    if report.turns:
        sections.append("## Questions and answers")
        sections.extend(turn_section(turn) for turn in report.turns)
    return "\n\n".join(sections) + "\n"
