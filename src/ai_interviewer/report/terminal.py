"""Rich renderables for the terminal: a question, an answer, its feedback, the final report.

Nothing here prints: each function returns a renderable the caller passes to `Terminal.show`.
The final report's sections and their order are `sections.SECTIONS`, as in Markdown and HTML.
User and model text is always wrapped in `rich.text.Text`, never parsed as markup, so transcripts
with [brackets] appear as they were said. Every score is shown with its label ("offline
estimate"). Layouts fit 80 columns, and without colour (NO_COLOR) they read as plain text: bars
are block characters and STAR marks are ticks, not colours.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ai_interviewer.core.attempts import by_question, compare
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
    StarAnalysis,
    Transcript,
    Turn,
)
from ai_interviewer.core.progress import ProgressPoint
from ai_interviewer.core.summary import first_attempts
from ai_interviewer.report import phrasing
from ai_interviewer.report.sections import ReportSource, SectionId, visible_sections

BAR_WIDTH = 10
BAR_FULL = "█"
BAR_EMPTY = "░"
TICK = "✓"
CROSS = "✗"


# --- small pieces ----------------------------------------------------------------------------


def score_style(score: float, maximum: float = 10) -> str:
    """Green for strong, yellow for middling, red for weak; invisible without colour."""
    share = score / maximum if maximum else 0
    if share >= 0.7:
        return "green"
    if share >= 0.5:
        return "yellow"
    return "red"


def score_bar(score: float, maximum: float = 10, width: int = BAR_WIDTH) -> Text:
    """A bar of `width` cells, filled in proportion to the score."""
    filled = round(width * max(0.0, min(score, maximum)) / maximum) if maximum else 0
    bar = Text(BAR_FULL * filled, style=score_style(score, maximum))
    bar.append(BAR_EMPTY * (width - filled), style="dim")
    return bar


def labelled_score(score: int, maximum: int, label: str) -> Text:
    """'72/100 (offline estimate)', the number bold and coloured, the label beside it."""
    text = Text(f"{score}/{maximum}", style=f"bold {score_style(score, maximum)}")
    if label:
        text.append(f" ({label})", style="dim")
    return text


def section_heading(title: str) -> Text:
    return Text(title, style="bold underline")


def bullet_list(items: Iterable[str]) -> Table:
    """Bulleted lines whose wrapped continuation hangs under the text, not the bullet."""
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0))
    table.add_column("bullet", no_wrap=True)
    table.add_column("item", overflow="fold")
    for item in items:
        table.add_row(Text("•"), Text(item))
    return table


# --- question and answer ---------------------------------------------------------------------


def question_title(question: Question, index: int, total: int) -> Text:
    """'Question 2 of 5', or 'Question 3 of 6 · Follow-up to q02' for a follow-up."""
    title = Text(f"Question {index} of {total}")
    follow_up = phrasing.follow_up_line(question)
    if follow_up:
        title.append(f" · {follow_up}")
    return title


def question_panel(question: Question, index: int, total: int) -> RenderableType:
    """The question being asked: 'Question 2 of 5', its text, and a dim line on what it probes."""
    body = Text(question.text, style="bold")
    body.append("\n")
    body.append(phrasing.question_context(question), style="dim")
    return Panel(
        body,
        title=question_title(question, index, total),
        title_align="left",
        box=box.ROUNDED,
        border_style="cyan",
        padding=(0, 1),
    )


def transcript_subtitle(transcript: Transcript) -> str:
    if transcript.duration is None:
        return f"typed · {len(transcript.text.split())} words"
    return f"{transcript.source} · {phrasing.format_seconds(transcript.duration)}"


def transcript_panel(transcript: Transcript) -> RenderableType:
    """What the candidate said (or typed), exactly as transcribed."""
    return Panel(
        Text(transcript.text or "(no words)"),
        title=Text("Your answer"),
        title_align="left",
        subtitle=Text(transcript_subtitle(transcript)),
        subtitle_align="right",
        box=box.ROUNDED,
        border_style="blue",
        padding=(0, 1),
    )


# --- feedback on one answer ------------------------------------------------------------------


def criteria_table(evaluation: Evaluation) -> Table:
    """The six criteria, each with its score, a bar and the one-line reason."""
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0), expand=False)
    table.add_column("criterion", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("bar", no_wrap=True)
    table.add_column("reason", overflow="fold")
    for item in evaluation.criteria:
        table.add_row(
            Text(phrasing.criterion_label(item.criterion)),
            Text(f"{item.score}/10", style=score_style(item.score)),
            score_bar(item.score),
            Text(item.reason, style="dim"),
        )
    return table


def delivery_table(evaluation: Evaluation) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0))
    table.add_column("measure", no_wrap=True, style="bold")
    table.add_column("value", overflow="fold")
    for name, value in phrasing.delivery_lines(evaluation.delivery):
        table.add_row(Text(name), Text(value))
    return table


def star_line(star: StarAnalysis) -> Text:
    """'S ✓  T ✓  A ✓  R ✗   result quantified (40%)'."""
    text = Text()
    for letter, _part, found in phrasing.star_marks(star):
        text.append(f"{letter} ")
        text.append(TICK if found else CROSS, style="green" if found else "red")
        text.append("  ")
    text.append(" " + phrasing.quantified_line(star), style="dim")
    return text


def requirements_line(evaluation: Evaluation) -> Text:
    text = Text("JD requirements evidenced: ", style="bold")
    if evaluation.requirements_evidenced:
        text.append(", ".join(evaluation.requirements_evidenced))
    else:
        text.append("none", style="dim")
    if evaluation.matched_terms:
        text.append(f"  (terms: {', '.join(evaluation.matched_terms)})", style="dim")
    return text


def tip_panel(tip: str) -> Panel:
    return Panel(
        Text(tip, style="bold"),
        title=Text("Tip", style="bold"),
        title_align="left",
        box=box.HEAVY,
        border_style="magenta",
        padding=(0, 1),
    )


def criteria_grid(evaluation: Evaluation, per_row: int = 3) -> Table:
    """The criteria in rows of three: short label, score and bar."""
    grid = Table.grid(padding=(0, 2))
    for _ in range(per_row):
        grid.add_column(no_wrap=True)
    cells = []
    for item in evaluation.criteria:
        cell = Text(f"{phrasing.criterion_short_label(item.criterion):<8}")
        cell.append(f"{item.score:>2} ", style=score_style(item.score))
        cell.append_text(score_bar(item.score))
        cells.append(cell)
    for start in range(0, len(cells), per_row):
        grid.add_row(*cells[start : start + per_row])
    return grid


def compact_feedback(turn: Turn) -> RenderableType:
    """Feedback in a dozen rows, so the question above stays on screen: the score, the criteria
    with bars, the lowest one and why, delivery in one line, STAR (for a story), and the tip.
    The full breakdown is in the report (and shown with --details)."""
    evaluation = turn.evaluation
    if evaluation is None:
        return feedback_panel(turn)
    title = Text(f"{turn.question.id} · ")
    title.append_text(labelled_score(evaluation.overall, 100, evaluation.label))
    lowest = min(evaluation.criteria, key=lambda c: c.score)
    weakest = Text("Lowest: ", style="bold")
    weakest.append(f"{phrasing.criterion_label(lowest.criterion)} {lowest.score}/10: ")
    weakest.append(lowest.reason.split(";")[0], style="dim")
    delivery = Text("Delivery ", style="bold")
    delivery.append(phrasing.delivery_summary_line(evaluation.delivery))
    rows: list[RenderableType] = [criteria_grid(evaluation), weakest, delivery]
    fallback = phrasing.fallback_line(turn)
    if fallback:
        rows.insert(0, Text(fallback, style="dim"))
    if phrasing.shows_star(evaluation):
        rows.append(Text.assemble(("STAR  ", "bold"), star_line(evaluation.star)))
    tip = Text("Tip: ", style="bold magenta")
    tip.append(evaluation.tip, style="bold")
    rows.append(tip)
    return Panel(
        Group(*rows),
        title=title,
        title_align="left",
        subtitle=Text("every reason: report, or --details", style="dim"),
        subtitle_align="right",
        box=box.ROUNDED,
        padding=(0, 1),
    )


def feedback_panel(turn: Turn) -> RenderableType:
    """Feedback after an answer: score and label, criteria, delivery, STAR, JD, and one tip."""
    title = Text(f"Feedback · {turn.question.id}")
    evaluation = turn.evaluation
    if evaluation is None:
        return Panel(
            Text(phrasing.unscored_explanation(turn), style="dim"),
            title=title,
            title_align="left",
            box=box.ROUNDED,
            padding=(0, 1),
        )
    headline = Text("Score ", style="bold")
    headline.append_text(labelled_score(evaluation.overall, 100, evaluation.label))
    fallback = phrasing.fallback_line(turn)
    if fallback:
        headline.append("\n")
        headline.append(fallback, style="dim")
    body = Group(
        headline,
        Text(),
        criteria_table(evaluation),
        Text(),
        section_heading("Delivery (measured)"),
        delivery_table(evaluation),
        Text(),
        *(
            [Text.assemble(("STAR  ", "bold"), star_line(evaluation.star))]
            if phrasing.shows_star(evaluation)
            else []
        ),
        requirements_line(evaluation),
        Text(),
        tip_panel(evaluation.tip),
    )
    return Panel(body, title=title, title_align="left", box=box.ROUNDED, padding=(0, 1))


# --- the final report ------------------------------------------------------------------------


def report_header(report: Report) -> Panel:
    title = Text(phrasing.report_title(report.candidate, report.role), style="bold")
    details = phrasing.company_and_time(report)
    overall = Text("Overall ", style="bold")
    if report.answered:
        overall.append_text(labelled_score(report.overall, 100, phrasing.report_label(report)))
    else:
        overall.append("no answers to score", style="dim")
    lines = [title, overall] if details is None else [title, Text(details, style="dim"), overall]
    share = phrasing.offline_share(report)
    if share:
        lines.append(Text(share, style="dim"))
    lines.append(Text(phrasing.answered_line(report)))
    return Panel(
        Group(*lines),
        title=Text("Interview report"),
        title_align="left",
        box=box.DOUBLE,
        border_style="cyan",
        padding=(0, 1),
    )


def turn_label_differs(turn: Turn, report: Report) -> bool:
    return turn.evaluation is not None and turn.evaluation.label != phrasing.report_label(report)


def question_id_cell(turn: Turn) -> Text:
    """'q02', or '↳ q02f' for a follow-up."""
    return Text(phrasing.question_row_id(turn.question))


def scores_row(turn: Turn, report: Report) -> list[Text]:
    evaluation = turn.evaluation
    if evaluation is None:
        status = phrasing.turn_status(turn)
        zeros = [Text("0", style="dim") for _ in CRITERIA]
        return [question_id_cell(turn), *zeros, Text(f"0 {status}", style="dim italic")]
    cells = [question_id_cell(turn)]
    for criterion in CRITERIA:
        score = evaluation.score_of(criterion)
        cells.append(Text(str(score), style=score_style(score)))
    marker = "*" if turn_label_differs(turn, report) else ""
    cells.append(
        Text(f"{evaluation.overall}{marker}", style=f"bold {score_style(evaluation.overall, 100)}")
    )
    return cells


def means_row(report: Report) -> list[Text]:
    cells = [Text("mean", style="italic")]
    for criterion in CRITERIA:
        mean = report.criteria_means.get(criterion)
        cells.append(Text("–" if mean is None else f"{mean:.1f}", style="italic"))
    cells.append(Text(str(report.overall), style="bold italic"))
    return cells


def scores_caption(report: Report) -> str:
    caption = "criteria 0-10, overall 0-100"
    asked = first_attempts(report.turns)
    others = sorted(
        {t.evaluation.label for t in asked if t.evaluation and turn_label_differs(t, report)}
    )
    if others:
        caption += f"; * {', '.join(others)}"
    if len(asked) < len(report.turns):
        caption += f". {phrasing.RETRIES_NOTE}"
    return caption


def scores_table(report: Report) -> Table:
    """Rows q01.., columns the six criteria and overall; unanswered questions say why."""
    table = Table(
        box=box.SIMPLE_HEAD,
        caption=Text(scores_caption(report)),
        caption_justify="left",
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("Q", no_wrap=True)
    for criterion in CRITERIA:
        table.add_column(phrasing.criterion_short_label(criterion), justify="right", no_wrap=True)
    table.add_column("Overall", justify="right", no_wrap=True)
    for turn in first_attempts(report.turns):
        table.add_row(*scores_row(turn, report))
    if report.answered:
        table.add_section()
        table.add_row(*means_row(report))
    return table


def attempt_score(turn: Turn) -> Text:
    evaluation = turn.evaluation
    if evaluation is None:
        return Text(phrasing.turn_status(turn), style="dim italic")
    return Text(str(evaluation.overall), style=f"bold {score_style(evaluation.overall, 100)}")


def retry_lines(before: Turn, after: Turn) -> Text:
    """'Attempt 2 (retry)', then what improved since the attempt before and what did not."""
    text = Text(phrasing.attempt_label(after), style="italic")
    if before.evaluation is not None and after.evaluation is not None:
        for line in phrasing.comparison_lines(compare(before.evaluation, after.evaluation)):
            text.append(f"\n{line}", style="dim")
    return text


def answers_table(turns: Sequence[Turn]) -> Table:
    """Each question with its (first attempt's) overall; a retry under it with its overall and
    what changed. The answers and their feedback were shown as the interview went."""
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0))
    table.add_column("id", no_wrap=True, style="bold")
    table.add_column("question", overflow="fold")
    table.add_column("overall", justify="right", no_wrap=True)
    for group in by_question(turns):
        table.add_row(
            question_id_cell(group.first), Text(group.question.text), attempt_score(group.first)
        )
        for before, after in pairwise(group.attempts):
            table.add_row(Text(""), retry_lines(before, after), attempt_score(after))
    return table


def attempts_table(attempts: Sequence[Turn]) -> Table:
    """One question's attempts side by side: the overall, each criterion and the delivery."""
    table = Table(box=None, padding=(0, 2, 0, 0), show_edge=False)
    table.add_column(f"{attempts[0].question.id} side by side", style="bold", no_wrap=True)
    for turn in attempts:
        table.add_column(phrasing.attempt_label(turn), justify="right", no_wrap=True)
    for name, cells, scores in phrasing.attempt_rows(attempts):
        table.add_row(
            Text(name),
            *(
                Text(cell, style=score_style(score) if score is not None else "")
                for cell, score in zip(cells, scores, strict=True)
            ),
        )
    return table


def answers_view(turns: Sequence[Turn]) -> RenderableType:
    """The questions and their overalls, then each question answered again with its attempts
    side by side."""
    retried = [group for group in by_question(turns) if group.retried]
    if not retried:
        return answers_table(turns)
    spaced = (Padding(attempts_table(g.attempts), (1, 0, 0, 0)) for g in retried)
    return Group(answers_table(turns), *spaced)


def progress_table(progress: Sequence[ProgressPoint]) -> Table:
    """Each measure across the sessions of the role: a sparkline, the first and latest value."""
    table = Table(box=None, padding=(0, 1, 0, 0), show_edge=False)
    table.add_column("Measure")
    table.add_column("Trend", no_wrap=True)
    table.add_column("First", justify="right", no_wrap=True)
    table.add_column("Latest", justify="right", no_wrap=True)
    table.add_column("Change", no_wrap=True)
    for row in phrasing.progress_rows(progress):
        table.add_row(*(Text(cell) for cell in row))
    return table


def competency_table(competencies: Sequence[CompetencyScore]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0))
    table.add_column("competency", no_wrap=True)
    table.add_column("bar", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("reason", overflow="fold")
    for item in competencies:
        table.add_row(
            Text(COMPETENCY_LABELS.get(item.competency, item.competency)),
            score_bar(item.score),
            Text(f"{item.score}/10", style=score_style(item.score)),
            Text(item.reason, style="dim"),
        )
    return table


def coverage_table(rows: Sequence[CoverageRow]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0))
    table.add_column("id", no_wrap=True, style="bold")
    table.add_column("requirement", overflow="fold", ratio=3)
    table.add_column("evidence", overflow="fold", ratio=2)
    for row in rows:
        shown = bool(row.evidenced_by)
        table.add_row(
            Text(row.requirement_id),
            Text(row.text),
            Text(
                phrasing.evidence_text(row.evidenced_by),
                style="green" if shown else "red",
            ),
        )
    return table


def delivery_summary_table(summary: dict[str, float | None]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0))
    table.add_column("measure", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True)
    table.add_column("verdict", style="dim")
    for key, value in summary.items():
        table.add_row(
            Text(phrasing.delivery_summary_label(key)),
            Text(phrasing.format_summary_value(value)),
            Text(phrasing.summary_verdict(key, value)),
        )
    return table


def readiness_text(assessment: FinalAssessment) -> Text:
    return Text(assessment.readiness_summary or "", style="dim")


def stronger_answer_view(assessment: FinalAssessment, question: Question | None) -> Group:
    """The question it answers, then the model's rewrite in a quote box."""
    parts: list[RenderableType] = []
    if question is not None:
        parts.append(Text(question.text, style="bold"))
    parts.append(
        Panel(
            Text(assessment.stronger_answer or "", style="italic"),
            box=box.ROUNDED,
            border_style="green",
            padding=(0, 1),
        )
    )
    return Group(*parts)


def usage_table(cost: CostSummary) -> Group:
    """'9 calls, ... tokens, $0.0123', then the cost of each purpose."""
    table = Table(box=None, show_header=False, padding=(0, 1, 0, 0))
    table.add_column("purpose", no_wrap=True)
    table.add_column("cost", justify="right", no_wrap=True)
    for purpose, shown in phrasing.cost_by_purpose(cost):
        table.add_row(Text(purpose), Text(shown))
    return Group(Text(phrasing.usage_line(cost)), table)


def section(title: str, body: RenderableType) -> Group:
    return Group(Text(), section_heading(title), Padding(body, (0, 0, 0, 2)))


LABELLED: frozenset[SectionId] = frozenset({"scores", "competencies"})  # scores with a label


def _header(source: ReportSource) -> RenderableType:
    if source.report.answered:
        return report_header(source.report)
    return Group(report_header(source.report), Text(phrasing.NOTHING_ANSWERED, style="dim"))


def _assessment(source: ReportSource) -> FinalAssessment:
    assert source.report.assessment is not None
    return source.report.assessment


def _usage(source: ReportSource) -> RenderableType:
    assert source.report.cost is not None
    return usage_table(source.report.cost)


def _progress(source: ReportSource) -> RenderableType:
    span = phrasing.progress_span(source.progress, source.report.role)
    return Group(Text(span, style="dim"), progress_table(source.progress))


RENDERINGS: dict[SectionId, Callable[[ReportSource], RenderableType]] = {
    "header": _header,
    "readiness": lambda s: readiness_text(_assessment(s)),
    "scores": lambda s: scores_table(s.report),
    "progress": _progress,
    "competencies": lambda s: competency_table(s.report.competencies),
    "strengths": lambda s: bullet_list(phrasing.shown_strengths(s.report)),
    "improvements": lambda s: bullet_list(phrasing.shown_improvements(s.report)),
    "gaps": lambda s: bullet_list(_assessment(s).gaps),
    "stronger_answer": lambda s: stronger_answer_view(
        _assessment(s), phrasing.weakest_question(s.report)
    ),
    "requirements": lambda s: coverage_table(s.report.coverage),
    "delivery": lambda s: delivery_summary_table(s.report.delivery_summary),
    "usage": _usage,
    "answers": lambda s: answers_view(s.report.turns),
}


def report_view(report: Report, progress: Sequence[ProgressPoint] = ()) -> RenderableType:
    """The final report, top to bottom, fit for 80 columns and for NO_COLOR."""
    source = ReportSource(report, progress)
    label = phrasing.report_label(report)
    parts: list[RenderableType] = []
    for shown in visible_sections(source):
        body = RENDERINGS[shown.id](source)
        if shown.id == "header":
            parts.append(body)
            continue
        title = shown.title(report) + (f" ({label})" if shown.id in LABELLED else "")
        parts.append(section(title, body))
    return Group(*parts)


# --- latency marks ---------------------------------------------------------------------------


TIMING_ORDER = ("stt_final", "llm_eval", "llm_next", "tts_first_audio", "gap")


def timing_marks(turns: Sequence[Turn]) -> list[str]:
    """Every mark name: the known ones in turn order, then any others as they first appear."""
    seen: list[str] = []
    for turn in turns:
        seen.extend(name for name in turn.timings if name not in seen)
    known = [name for name in TIMING_ORDER if name in seen]
    return known + [name for name in seen if name not in TIMING_ORDER]


def seconds_table(title: str, columns: Sequence[str], rows: Sequence[list[Text]]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, title=Text(title), title_justify="left")
    table.add_column("Q", no_wrap=True)
    for column in columns:
        table.add_column(column, justify="right", no_wrap=True)
    for row in rows:
        table.add_row(*row)
    return table


def seconds_cell(value: float | None) -> Text:
    return Text("–" if value is None else f"{value:.2f}")


def marks_table(turns: Sequence[Turn], marks: Sequence[str]) -> Table:
    rows = [
        [question_id_cell(turn), *(seconds_cell(turn.timings.get(mark)) for mark in marks)]
        for turn in turns
    ]
    return seconds_table("Timings (seconds)", marks, rows)


def llm_calls_table(turns: Sequence[Turn], purposes: Sequence[str]) -> Table:
    """Seconds spent in model calls per turn, by purpose."""
    rows = []
    for turn in turns:
        seconds = phrasing.llm_seconds_by_purpose(turn)
        rows.append([question_id_cell(turn), *(seconds_cell(seconds.get(p)) for p in purposes)])
    return seconds_table("Model calls (seconds)", purposes, rows)


def timings_table(turns: Sequence[Turn]) -> RenderableType:
    """Per-turn latency marks in seconds, for `--timings`, and model call seconds by purpose."""
    marks = timing_marks(turns)
    purposes = phrasing.llm_purposes(turns)
    if not marks and not purposes:
        return Text("No timings recorded.", style="dim")
    tables: list[RenderableType] = []
    if marks:
        tables.append(marks_table(turns, marks))
    if purposes:
        tables.append(llm_calls_table(turns, purposes))
    return tables[0] if len(tables) == 1 else Group(tables[0], Text(), *tables[1:])
