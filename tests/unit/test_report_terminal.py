"""The terminal views: questions, answers, per-answer feedback, the final report, timings.

Each renderable is printed into an 80-column console without colour, as a user with NO_COLOR
sees it, and the tests read the plain lines.
"""

from __future__ import annotations

import io

import pytest
from report_samples import (
    FALLBACK_REASON,
    LLM_LABEL,
    STRONGER_ANSWER,
    answered_report,
    billing_turn,
    empty_report,
    fallback_turn,
    follow_up_turn,
    incident_turn,
    kubernetes_turn,
    llm_report,
    retried_report,
    skipped_turn,
)
from rich.console import Console, RenderableType

from ai_interviewer.core.models import CostSummary, FinalAssessment, Transcript, Turn
from ai_interviewer.core.progress import ProgressPoint
from ai_interviewer.report import phrasing
from ai_interviewer.report.terminal import (
    feedback_panel,
    question_panel,
    report_view,
    timings_table,
    transcript_panel,
)


def render(renderable: RenderableType, width: int = 80) -> list[str]:
    """The lines a user sees, trailing spaces removed."""
    console = Console(file=io.StringIO(), width=width, color_system=None, markup=False)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return [line.rstrip() for line in output.splitlines()]


def text_of(renderable: RenderableType) -> str:
    return "\n".join(render(renderable))


def line_with(lines: list[str], fragment: str) -> str:
    matches = [line for line in lines if fragment in line]
    assert matches, f"no line contains {fragment!r}:\n" + "\n".join(lines)
    return matches[0]


# --- question and answer ---------------------------------------------------------------------


def test_question_panel_shows_position_text_and_what_it_probes() -> None:
    lines = render(question_panel(kubernetes_turn().question, 2, 5))
    assert lines[0].startswith("╭─ Question 2 of 5 ─")
    assert "│ How have you run services on Kubernetes in production?" in lines[1]
    assert "Probes: Requirement R2: Kubernetes in production · job requirement" in lines[2]


def test_transcript_panel_shows_brackets_literally() -> None:
    transcript = Transcript(text="We kept the [legacy] API and [bold]no markup[/bold] here.")
    output = text_of(transcript_panel(transcript))
    assert "We kept the [legacy] API and [bold]no markup[/bold] here." in output


def test_transcript_panel_says_typed_answers_are_typed() -> None:
    output = text_of(transcript_panel(Transcript(text="one two three")))
    assert "typed · 3 words" in output


def test_transcript_panel_names_the_speech_to_text_and_length() -> None:
    output = text_of(transcript_panel(billing_turn().transcript))  # type: ignore[arg-type]
    assert "whisper:tiny.en · 27 s" in output


# --- feedback --------------------------------------------------------------------------------


def test_feedback_shows_the_score_with_its_label() -> None:
    lines = render(feedback_panel(billing_turn()))
    assert line_with(lines, "Score ") == "│ Score 82/100 (offline estimate)" + " " * 46 + "│"


def test_feedback_shows_an_llm_label_when_the_evaluation_has_one() -> None:
    turn = billing_turn()
    assert turn.evaluation is not None
    turn.evaluation.label = "scored by model-x"
    assert "Score 82/100 (scored by model-x)" in text_of(feedback_panel(turn))


def test_feedback_lists_six_criteria_with_bars_and_reasons() -> None:
    lines = render(feedback_panel(billing_turn()))
    relevance = line_with(lines, "Relevance")
    assert "Relevance   9/10 █████████░ Answers the question that was asked." in relevance
    clarity = line_with(lines, "Clarity ")
    assert "Clarity     7/10 ███████░░░ Short sentences, few fillers." in clarity
    for label in ("Structure", "Specificity", "Impact", "Depth"):
        line_with(lines, label)


def test_feedback_reports_measured_delivery() -> None:
    lines = render(feedback_panel(billing_turn()))
    assert "Pace    142 WPM, comfortable (130-160)" in line_with(lines, "Pace")
    assert "Fillers 1.6 per 100 words, good (under 2): um ×1" in line_with(lines, "Fillers")
    assert "Pauses  3 pauses over 2 s, longest 2.6 s" in line_with(lines, "Pauses")
    assert "Length  58 words in 26 s" in line_with(lines, "Length")


def test_feedback_calls_a_fast_pace_fast() -> None:
    lines = render(feedback_panel(kubernetes_turn()))
    assert "171 WPM, fast (comfortable is 130-160)" in line_with(lines, "Pace")


def test_feedback_on_a_typed_answer_says_there_is_no_timing() -> None:
    lines = render(feedback_panel(incident_turn()))
    assert "Pace    typed answer: no timing" in line_with(lines, "Pace")
    assert "Length  26 words (typed answer: no timing)" in line_with(lines, "Length")
    assert "WPM" not in "\n".join(lines)


def test_feedback_shows_star_ticks_and_quantification() -> None:
    full = line_with(render(feedback_panel(billing_turn())), "STAR ")
    assert "S ✓  T ✓  A ✓  R ✓   result measured (forty minutes, 90%)" in full
    partial = line_with(render(feedback_panel(incident_turn())), "STAR ")
    assert "S ✗  T ✗  A ✓  R ✗   no result told" in partial


def test_feedback_lists_requirements_evidenced() -> None:
    lines = render(feedback_panel(billing_turn()))
    assert "JD requirements evidenced: R1, R3" in line_with(lines, "JD requirements")
    none = render(feedback_panel(incident_turn()))
    assert "JD requirements evidenced: none" in line_with(none, "JD requirements")


def test_feedback_shows_the_one_tip_in_its_own_box() -> None:
    lines = render(feedback_panel(billing_turn()))
    tip_title = lines.index(line_with(lines, "━ Tip ━"))
    assert (
        "Say in one sentence why per-region workers were the right split." in lines[tip_title + 1]
    )


def test_feedback_on_a_skipped_question_says_so() -> None:
    assert "Skipped: no answer, no score." in text_of(feedback_panel(skipped_turn()))


def test_feedback_on_a_failed_question_gives_the_error() -> None:
    turn = Turn(question=skipped_turn().question, status="failed", error="transcription failed")
    assert "Could not be scored: transcription failed." in text_of(feedback_panel(turn))


def test_feedback_reasons_with_brackets_are_not_markup() -> None:
    turn = billing_turn()
    assert turn.evaluation is not None
    turn.evaluation.tip = "Say [bold]what[/bold] you measured."
    assert "Say [bold]what[/bold] you measured." in text_of(feedback_panel(turn))


# --- the final report ------------------------------------------------------------------------


def test_report_header_shows_candidate_role_overall_label_and_answered() -> None:
    lines = render(report_view(answered_report()))
    assert "Jordan Avery · Senior Backend Engineer" in lines[1]
    assert "Overall 64/100 (offline estimate)" in lines[2]
    assert "3 of 4 questions answered" in lines[3]


def test_report_header_says_when_the_resume_gave_no_name() -> None:
    report = answered_report().model_copy(update={"candidate": None})
    lines = render(report_view(report), width=100)
    assert "Candidate (no name found in the resume) · Senior Backend Engineer" in lines[1]
    assert phrasing.report_title(None, None) == "Candidate (no name found in the resume)"


def test_report_header_says_the_company_and_when() -> None:
    """Under the candidate and role: the company and the date and time of the interview."""
    report = answered_report()
    report.company = "Northwind Analytics"
    report.created = "2026-11-02T09:30:00+01:00"
    lines = render(report_view(report))
    assert "Jordan Avery · Senior Backend Engineer" in lines[1]
    assert "Northwind Analytics · Monday 2 November 2026, 09:30" in lines[2]
    assert "Overall 64/100 (offline estimate)" in lines[3]


def test_report_ends_with_each_question_and_its_overall() -> None:
    """The last section lists the questions with the overall each got (or why none)."""
    lines = render(report_view(answered_report()))
    answers = lines.index("Questions and answers")
    assert line_with(lines[answers:], "q01 ").split()[-2:] == ["Freight.", "82"]
    assert line_with(lines[answers:], "q03 ").split()[-2:] == ["decision.", "skipped"]


def test_report_shows_a_retry_under_its_question_with_what_changed() -> None:
    """q04 asked again: its scores row stays the first attempt's; under Questions and answers the
    retry follows q04 with its overall and what improved and what did not."""
    lines = render(report_view(retried_report()), width=100)
    assert next(line for line in lines if line.startswith("  q04 ")).split()[-1] == "41"
    answers = lines.index("Questions and answers")
    q04 = answers + next(i for i, line in enumerate(lines[answers:]) if "q04 " in line)
    assert lines[q04 + 1].split() == ["Attempt", "2", "(retry)", "66"]
    assert lines[q04 + 2].strip().startswith("Improved: Overall 41 → 66/100, Relevance 6 → 8/10,")
    assert "Retries are practice" in line_with(lines, "criteria 0-10")


def test_report_shows_a_retried_questions_attempts_side_by_side() -> None:
    """After the questions, q04's two attempts in two columns: the overall, each criterion and
    the delivery, fit for 80 columns; a report with no retry has no such table."""
    lines = render(report_view(retried_report()))
    title = lines.index(line_with(lines, "q04 side by side"))
    assert lines[title].split()[-6:] == ["Attempt", "1", "(counted)", "Attempt", "2", "(retry)"]
    assert lines[title + 1].split() == ["Overall", "41/100", "66/100"]
    assert line_with(lines[title:], "Relevance").split() == ["Relevance", "6/10", "8/10"]
    assert line_with(lines[title:], "Words").split()[0] == "Words"
    assert all(len(line) <= 80 for line in lines)
    assert "side by side" not in text_of(report_view(answered_report()))


def test_report_shows_progress_across_sessions() -> None:
    """With two sessions of the role, a trend of each measure; with one, none."""
    progress = (
        ProgressPoint("s1", "2026-11-02T09:30:00+00:00", {"overall": 40.0}),
        ProgressPoint("s2", "2026-11-09T09:30:00+00:00", {"overall": 64.0}, current=True),
    )
    lines = render(report_view(answered_report(), progress))
    heading = lines.index("Progress across sessions")
    assert lines[heading + 1].strip() == (
        "2 sessions as Senior Backend Engineer, 2 Nov 2026 to 9 Nov 2026"
    )
    assert line_with(lines, "Overall (/100)").split() == [
        "Overall",
        "(/100)",
        "▁█",
        "40",
        "64",
        "+24",
        "better",
    ]
    assert "Progress across sessions" not in render(report_view(answered_report(), progress[1:]))


def test_report_table_has_a_row_per_question_and_marks_skipped_ones() -> None:
    lines = render(report_view(answered_report()))
    header = line_with(lines, "Relev.")
    assert header.split() == [
        "Q",
        "Relev.",
        "Struct.",
        "Specif.",
        "Impact",
        "Clarity",
        "Depth",
        "Overall",
    ]
    assert line_with(lines, "  q01 ").split() == ["q01", "9", "9", "8", "9", "7", "7", "82"]
    assert line_with(lines, "  q03 ").split() == ["q03", *["0"] * 6, "0", "skipped"]
    assert line_with(lines, "mean").split() == [
        "mean",
        "7.7",
        "5.7",
        "6.3",
        "5.7",
        "7.0",
        "6.0",
        "64",
    ]


def test_report_section_titles_carry_the_label() -> None:
    lines = render(report_view(answered_report()))
    assert "Scores by question (offline estimate)" in lines
    assert "Competencies (offline estimate)" in lines


def test_report_marks_a_question_scored_with_a_different_label() -> None:
    report = answered_report()
    evaluation = report.turns[1].evaluation
    assert evaluation is not None
    evaluation.label = "scored by model-x"
    lines = render(report_view(report))
    assert line_with(lines, "  q02 ").split()[-1] == "68*"
    assert "* scored by model-x" in line_with(lines, "criteria 0-10")


def test_report_shows_competencies_with_bars_and_reasons() -> None:
    line = line_with(render(report_view(answered_report())), "Collaboration ")
    assert "Collaboration             ███░░░░░░░ 3/10 Skipped the question on it." in line


def test_report_shows_strengths_and_improvements() -> None:
    output = text_of(report_view(answered_report()))
    assert "• Quantified the billing close result: 8 hours to 40 minutes." in output
    assert "• Answer situational questions with a real incident, not a plan." in output


def test_report_shows_jd_coverage() -> None:
    lines = render(report_view(answered_report()))
    assert line_with(lines, "R1 ").split()[-3:] == ["evidenced", "by", "q01"]
    assert line_with(lines, "R4 ").endswith("On-call and incident response not shown")


def test_report_shows_delivery_summary_with_verdicts() -> None:
    lines = render(report_view(answered_report()))
    assert "156.5 comfortable (130-160)" in line_with(lines, "Speaking rate (WPM)")
    assert "1.9 good (under 2)" in line_with(lines, "Fillers per 100 words")


def test_report_with_no_answers_says_there_is_nothing_to_score() -> None:
    lines = render(report_view(empty_report()))
    assert "Overall no answers to score" in lines[2]
    assert "0 of 2 questions answered" in lines[3]
    assert "No questions were answered, so there is nothing to score." in lines
    assert line_with(lines, "  q04 ").split() == ["q04", *["0"] * 6, "0", "skipped"]
    assert "mean" not in "\n".join(lines)


def test_report_text_with_brackets_is_shown_literally() -> None:
    report = answered_report()
    report.strengths = ["Named the [primary] database"]
    report.turns[0].question.text = "What did [red]you[/red] change?"
    output = text_of(report_view(report))
    assert "• Named the [primary] database" in output
    assert "q01 What did [red]you[/red] change?" in output


@pytest.mark.parametrize(
    "renderable",
    [
        pytest.param(report_view(answered_report()), id="report"),
        pytest.param(report_view(empty_report()), id="empty-report"),
        pytest.param(feedback_panel(billing_turn()), id="feedback"),
        pytest.param(feedback_panel(incident_turn()), id="typed-feedback"),
        pytest.param(timings_table(answered_report().turns), id="timings"),
        pytest.param(report_view(llm_report()), id="llm-report"),
        pytest.param(feedback_panel(fallback_turn()), id="fallback-feedback"),
        pytest.param(timings_table(llm_report().turns), id="llm-timings"),
        pytest.param(report_view(retried_report()), id="retried-report"),
    ],
)
def test_views_fit_80_columns_as_plain_text(renderable: RenderableType) -> None:
    console = Console(file=io.StringIO(), width=80, color_system=None, markup=False)
    console.print(renderable)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[" not in output
    assert max(len(line) for line in output.splitlines()) <= 80


# --- timings ---------------------------------------------------------------------------------


def test_timings_table_lists_marks_per_turn_in_pipeline_order() -> None:
    lines = render(timings_table(answered_report().turns))
    header = line_with(lines, "stt_final")
    assert header.split() == ["Q", "stt_final", "llm_eval", "llm_next", "tts_first_audio", "gap"]
    assert line_with(lines, "q01").split() == ["q01", "0.41", "0.02", "0.01", "–", "0.62"]
    assert line_with(lines, "q02").split() == ["q02", "0.18", "1.90", "1.20", "0.30", "–"]


def test_timings_table_without_marks_says_so() -> None:
    assert text_of(timings_table([skipped_turn()])) == "No timings recorded."


def test_timings_table_adds_model_call_seconds_by_purpose() -> None:
    all_lines = render(timings_table(llm_report().turns))
    lines = all_lines[all_lines.index("Model calls (seconds)") :]
    header = line_with(lines, "evaluate")
    assert header.split() == ["Q", "evaluate", "next"]
    assert line_with(lines, "  q01 ").split()[-2:] == ["1.80", "0.90"]
    assert line_with(lines, "  q04 ").split()[-2:] == ["30.00", "–"]
    assert lines.count("  ↳ q02f       2.40   1.10") == 1


def test_timings_table_with_model_calls_only_still_shows_them() -> None:
    turn = follow_up_turn()
    turn.timings = {}
    lines = render(timings_table([turn]))
    assert "Timings (seconds)" not in lines
    assert line_with(lines, "q02f").split() == ["↳", "q02f", "2.40", "1.10"]


# --- scored by a language model --------------------------------------------------------------


def test_question_panel_names_the_question_a_follow_up_follows() -> None:
    lines = render(question_panel(follow_up_turn().question, 3, 5))
    assert lines[0].startswith("╭─ Question 3 of 5 · Follow-up to q02 ─")
    assert "│ What did the canary stage measure before it let a deploy through?" in lines[1]


def test_feedback_says_why_the_offline_scorer_stood_in() -> None:
    lines = render(feedback_panel(fallback_turn()))
    assert line_with(lines, "Score ") == "│ Score 41/100 (offline estimate)" + " " * 46 + "│"
    fallback = "│ Scored offline: the model timed out after 30 s"
    assert line_with(lines, "Scored offline") == fallback + " " * 31 + "│"


def test_feedback_scored_by_the_model_has_no_fallback_line() -> None:
    output = text_of(feedback_panel(llm_report().turns[0]))
    assert f"Score 82/100 ({LLM_LABEL})" in output
    assert "Scored offline" not in output


def test_llm_report_header_names_the_model_and_the_answers_scored_offline() -> None:
    lines = render(report_view(llm_report()))
    assert lines[2] == "║ Overall 66/100 (scored by mistral/mistral-large-latest)" + " " * 22 + "║"
    assert lines[3] == "║ 1 of 4 answers scored offline" + " " * 48 + "║"
    assert "4 of 4 questions answered" in lines[4]


def test_llm_report_header_without_fallbacks_has_no_offline_count() -> None:
    report = llm_report()
    report.turns = report.turns[:3]
    lines = render(report_view(report))
    assert "Overall 66/100 (scored by mistral/mistral-large-latest)" in lines[2]
    assert "scored offline" not in "\n".join(lines)


def test_llm_report_section_titles_carry_the_model_label() -> None:
    lines = render(report_view(llm_report()))
    assert "Scores by question (scored by mistral/mistral-large-latest)" in lines
    assert "Competencies (scored by mistral/mistral-large-latest)" in lines


def test_llm_report_marks_follow_ups_and_the_answer_scored_offline() -> None:
    lines = render(report_view(llm_report()))
    assert line_with(lines, "  ↳ q02f ").split() == [
        "↳",
        "q02f",
        "8",
        "6",
        "8",
        "7",
        "8",
        "8",
        "74",
    ]
    assert line_with(lines, "  q04 ").split()[-1] == "41*"
    assert "criteria 0-10, overall 0-100; * offline estimate" in line_with(lines, "criteria 0-10")
    questions = line_with(lines, "What did the canary")
    assert questions == (
        "  ↳ q02f What did the canary stage measure before it let a deploy through? 74"
    )


def test_llm_report_shows_readiness_for_the_role_with_its_summary() -> None:
    lines = render(report_view(llm_report()))
    heading = lines.index("Readiness for Senior Backend Engineer: nearly ready")
    assert lines[heading + 1] == (
        "  Strong on backend delivery and Kubernetes; on-call experience is not yet"
    )
    assert lines[heading + 2] == "  shown."


def test_readiness_without_a_role_says_the_role() -> None:
    report = llm_report()
    report.role = None
    assert "Readiness for the role: nearly ready" in render(report_view(report))


def test_llm_report_shows_the_model_strengths_in_place_of_the_offline_ones() -> None:
    output = text_of(report_view(llm_report()))
    assert "• Explains deployment safety in concrete steps: canary, error rate, rollback." in output
    assert "• Name who you worked with and what you decided together." in output
    assert "Quantified the billing close result" not in output
    assert "Slow down to 130-160 words a minute" not in output


def test_assessment_without_strengths_keeps_the_offline_ones() -> None:
    report = llm_report()
    report.assessment = FinalAssessment(gaps=["No on-call shown."])
    output = text_of(report_view(report))
    assert "• Quantified the billing close result: 8 hours to 40 minutes." in output
    assert "• Slow down to 130-160 words a minute on technical answers." in output
    assert "Readiness" not in output
    assert "A stronger answer" not in output


def test_llm_report_lists_gaps() -> None:
    lines = render(report_view(llm_report()))
    gaps = lines.index("Gaps")
    assert lines[gaps + 1] == "  • No on-call or incident response shown (R4)."
    assert lines[gaps + 2] == "  • Collaboration was not discussed: the question on it was skipped."


def test_llm_report_shows_a_stronger_answer_under_its_question() -> None:
    lines = render(report_view(llm_report()))
    heading = lines.index("A stronger answer to q04")
    assert lines[heading + 1] == "  The error rate doubles right after your deploy. What do you do?"
    assert lines[heading + 2].startswith("  ╭─")
    assert lines[heading + 3].startswith("  │ Last March a deploy of our billing API doubled")
    quoted = " ".join(line.strip("│ ") for line in lines[heading + 3 : heading + 8])
    assert quoted == STRONGER_ANSWER


def test_stronger_answer_text_is_never_markup() -> None:
    report = llm_report()
    assert report.assessment is not None
    report.assessment.stronger_answer = "I kept the [bold]old[/bold] queue."
    report.assessment.gaps = ["No [red]on-call[/red] shown."]
    output = text_of(report_view(report))
    assert "│ I kept the [bold]old[/bold] queue." in output
    assert "• No [red]on-call[/red] shown." in output


def test_llm_report_shows_model_usage_by_purpose() -> None:
    lines = render(report_view(llm_report()))
    usage = lines.index("Model usage")
    assert lines[usage + 1] == ("  9 calls, 8,100 prompt tokens, 2,160 completion tokens, $0.0189")
    assert lines[usage + 2 : usage + 7] == [
        "  analysis $0.0021",
        "  plan     $0.0021",
        "  evaluate $0.0063",
        "  next     $0.0042",
        "  final    $0.0042",
    ]


def test_model_usage_without_a_price_says_cost_unknown() -> None:
    report = llm_report()
    report.cost = CostSummary(calls=1, prompt_tokens=10, completion_tokens=1)
    lines = render(report_view(report))
    usage = lines.index("Model usage")
    assert lines[usage + 1] == "  1 call, 10 prompt tokens, 1 completion token, cost unknown"
    assert lines[usage + 2 : usage + 4] == ["", "Questions and answers"]


def test_offline_report_has_none_of_the_model_sections() -> None:
    output = text_of(report_view(answered_report()))
    for absent in ("Readiness", "Gaps", "A stronger answer", "Model usage", "scored offline"):
        assert absent not in output


# --- wording ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wpm", "verdict"),
    [(100, "slow"), (129.9, "slow"), (130, "comfortable"), (160, "comfortable"), (161, "fast")],
)
def test_pace_verdict_uses_the_130_to_160_band(wpm: float, verdict: str) -> None:
    assert phrasing.pace_verdict(wpm).startswith(verdict)


@pytest.mark.parametrize(
    ("per_100", "verdict"),
    [(0.0, "good"), (1.99, "good"), (2.0, "moderate"), (5.0, "moderate"), (5.01, "high")],
)
def test_filler_verdict_uses_2_and_5_per_100_words(per_100: float, verdict: str) -> None:
    assert phrasing.filler_verdict(per_100).startswith(verdict)


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(0.0, "0 s"), (42.4, "42 s"), (59.4, "59 s"), (59.6, "1:00"), (78.0, "1:18")],
)
def test_format_seconds(seconds: float, shown: str) -> None:
    assert phrasing.format_seconds(seconds) == shown


def test_score_with_an_empty_label_is_the_bare_score() -> None:
    assert phrasing.score_with_label(7, 10, "") == "7/10"


def test_scorer_summary_says_offline_model_or_mixed() -> None:
    assert phrasing.scorer_summary(answered_report()) == "offline estimate"
    assert phrasing.scorer_summary(llm_report()) == (
        "scored by mistral/mistral-large-latest (1 of 4 answers scored offline)"
    )
    report = llm_report()
    report.turns = report.turns[:3]
    assert phrasing.scorer_summary(report) == "scored by mistral/mistral-large-latest"


@pytest.mark.parametrize(
    ("cost", "shown"),
    [(0.0123, "$0.0123"), (0.0, "$0.0000"), (1.5, "$1.5000"), (None, "cost unknown")],
)
def test_format_cost(cost: float | None, shown: str) -> None:
    assert phrasing.format_cost(cost) == shown


def test_fallback_line_quotes_the_reason() -> None:
    assert phrasing.fallback_line(fallback_turn()) == f"Scored offline: {FALLBACK_REASON}"
    assert phrasing.fallback_line(billing_turn()) is None


def test_sessions_are_labelled_by_date_or_by_time_when_a_date_repeats() -> None:
    """On a chart each session is its date; two on one day show the time too, two in one minute
    the seconds; a span within one day says 'on' that day."""

    def point(created: str) -> ProgressPoint:
        return ProgressPoint("s", created, {})

    days = [point("2026-11-02T09:30:00+00:00"), point("2026-11-09T10:00:00+00:00")]
    assert phrasing.session_labels(days) == ["2 Nov 2026", "9 Nov 2026"]
    one_day = [point("2026-11-02T09:30:00+00:00"), point("2026-11-02T18:05:00+00:00")]
    assert phrasing.session_labels(one_day) == ["2 Nov 09:30", "2 Nov 18:05"]
    one_minute = [point("2026-11-02T09:30:05+00:00"), point("2026-11-02T09:30:41+00:00")]
    assert phrasing.session_labels(one_minute) == ["09:30:05", "09:30:41"]
    assert phrasing.progress_span(one_day, None) == "2 sessions, on 2 Nov 2026"


def test_interview_time_is_written_out_in_its_own_local_time() -> None:
    assert phrasing.interview_time("2026-11-02T09:30:00+01:00") == "Monday 2 November 2026, 09:30"
    assert phrasing.interview_time(None) is None
    assert phrasing.interview_time("sometime") == "sometime"
