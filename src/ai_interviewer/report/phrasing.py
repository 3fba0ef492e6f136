"""How scores and measurements are put into words, the same in the terminal, Markdown and HTML.

Pure functions over the core models: no Rich, no HTML, no Markdown here.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ai_interviewer.core.attempts import Comparison
from ai_interviewer.core.criteria import CRITERIA, label_of, short_label_of
from ai_interviewer.core.models import (
    CostSummary,
    DeliveryMetrics,
    Evaluation,
    FinalAssessment,
    Question,
    Report,
    StarAnalysis,
    Turn,
)
from ai_interviewer.core.progress import ProgressPoint, Trend, trends
from ai_interviewer.core.summary import first_attempts

COMFORTABLE_WPM = (130, 160)
FILLERS_GOOD_BELOW = 2.0
FILLERS_HIGH_ABOVE = 5.0
UNTIMED_NOTE = "typed answer: no timing"
NOTHING_ANSWERED = "No questions were answered, so there is nothing to score."
RETRIES_NOTE = "Retries are practice: the scores count each question's first attempt."
LLM_SCORER_PREFIX = "llm:"
OFFLINE_SCORER = "offline"
FOLLOW_UP_MARK = "↳"
COST_UNKNOWN = "cost unknown"
PURPOSE_ORDER = ("preflight", "analysis", "plan", "evaluate", "next", "final")

KIND_LABELS: dict[str, str] = {
    "resume": "from the resume",
    "requirement": "job requirement",
    "behavioral": "behavioural",
    "situational": "situational",
}


STAR_PARTS: tuple[tuple[str, str], ...] = (
    ("S", "situation"),
    ("T", "task"),
    ("A", "action"),
    ("R", "result"),
)

DELIVERY_SUMMARY_LABELS: dict[str, str] = {
    "wpm": "Speaking rate (WPM)",
    "mean_wpm": "Speaking rate (WPM)",
    "fillers_per_100": "Fillers per 100 words",
    "pauses_over_2s": "Pauses over 2 s",
    "longest_pause_s": "Longest pause (s)",
    "duration_s": "Speaking time (s)",
    "total_duration_s": "Speaking time (s)",
    "word_count": "Words",
    "words": "Words",
    "mean_words": "Words per answer",
    "hedges": "Hedges",
    "i_count": "Times said 'I'",
    "we_count": "Times said 'we'",
    "timed_answers": "Timed answers",
}


def score_with_label(score: int, maximum: int, label: str) -> str:
    """'72/100 (offline estimate)': a score is never shown without what kind of score it is."""
    base = f"{score}/{maximum}"
    return f"{base} ({label})" if label else base


def kind_label(question: Question) -> str:
    return KIND_LABELS.get(question.kind, question.kind)


def question_context(question: Question) -> str:
    """The dim line under a question: what it probes and its kind."""
    return f"Probes: {question.probes} · {kind_label(question)}"


def turn_status(turn: Turn) -> str:
    """A short state for a turn that has no score: skipped, failed, saved, not scored."""
    if turn.status == "skipped":
        return "skipped"
    if turn.status == "failed":
        return "failed"
    if turn.status in ("recorded", "transcribed"):
        return "saved"
    return "not scored"


def unscored_explanation(turn: Turn) -> str:
    status = turn_status(turn)
    if status == "skipped":
        return "Skipped: no answer, no score."
    if status == "failed":
        detail = f": {turn.error}" if turn.error else ""
        return f"Could not be scored{detail}."
    if status == "saved":
        return "The answer is saved but was not scored: `ai-interview resume` scores it."
    return "Not scored yet."


def pace_verdict(wpm: float) -> str:
    low, high = COMFORTABLE_WPM
    if wpm < low:
        return f"slow (comfortable is {low}-{high})"
    if wpm > high:
        return f"fast (comfortable is {low}-{high})"
    return f"comfortable ({low}-{high})"


def filler_verdict(per_100: float) -> str:
    if per_100 < FILLERS_GOOD_BELOW:
        return "good (under 2)"
    if per_100 > FILLERS_HIGH_ABOVE:
        return "high (over 5)"
    return "moderate (2-5)"


def format_seconds(seconds: float) -> str:
    """'42 s' under a minute, '1:18' above."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, rest = divmod(whole, 60)
    return f"{minutes}:{rest:02d}"


def pace_line(delivery: DeliveryMetrics) -> str:
    if not delivery.timed or delivery.wpm is None:
        return UNTIMED_NOTE
    return f"{delivery.wpm:.0f} WPM, {pace_verdict(delivery.wpm)}"


def filler_line(delivery: DeliveryMetrics) -> str:
    per_100 = (
        f"{delivery.fillers_per_100:.1f} per 100 words, {filler_verdict(delivery.fillers_per_100)}"
    )
    if delivery.filler_words:
        common = ", ".join(
            f"{word} ×{count}"
            for word, count in sorted(delivery.filler_words.items(), key=_by_count)
        )
        return f"{per_100}: {common}"
    return per_100


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def pause_line(delivery: DeliveryMetrics) -> str:
    if not delivery.timed:
        return UNTIMED_NOTE
    if delivery.pauses_over_2s == 0:
        return f"none over 2 s (longest {delivery.longest_pause_s:.1f} s)"
    plural = "" if delivery.pauses_over_2s == 1 else "s"
    return (
        f"{delivery.pauses_over_2s} pause{plural} over 2 s, "
        f"longest {delivery.longest_pause_s:.1f} s"
    )


def length_line(delivery: DeliveryMetrics) -> str:
    words = f"{delivery.word_count} words"
    if delivery.timed and delivery.duration_s is not None:
        return f"{words} in {format_seconds(delivery.duration_s)}"
    return f"{words} ({UNTIMED_NOTE})"


def start_line(delivery: DeliveryMetrics) -> str:
    """'you started speaking after 8 s' (thinking time, not counted in pace or pauses)."""
    if not delivery.timed or delivery.first_word_s is None:
        return UNTIMED_NOTE
    return f"you started speaking after {format_seconds(delivery.first_word_s)}"


def delivery_lines(delivery: DeliveryMetrics) -> list[tuple[str, str]]:
    """(name, measurement) pairs, the same in every format."""
    lines = [
        ("Pace", pace_line(delivery)),
        ("Fillers", filler_line(delivery)),
        ("Pauses", pause_line(delivery)),
        ("Length", length_line(delivery)),
    ]
    if delivery.timed and delivery.first_word_s is not None:
        lines.append(("Start", start_line(delivery)))
    return lines


def delivery_summary_line(delivery: DeliveryMetrics) -> str:
    """The measured delivery in one line: '142 WPM · 1.2 fillers per 100 words · no pause over
    2 s · 96 words in 41 s · started after 2 s'; a typed answer says it has no timing."""
    fillers = f"{delivery.fillers_per_100:.1f} fillers per 100 words"
    if not delivery.timed or delivery.wpm is None:
        return f"{delivery.word_count} words · {fillers} · {UNTIMED_NOTE}"
    pauses = (
        "no pause over 2 s"
        if delivery.pauses_over_2s == 0
        else f"{plural(delivery.pauses_over_2s, 'pause')} over 2 s"
    )
    parts = [f"{delivery.wpm:.0f} WPM", fillers, pauses, length_line(delivery)]
    if delivery.first_word_s is not None:
        parts.append(f"started after {format_seconds(delivery.first_word_s)}")
    return " · ".join(parts)


def star_marks(star: StarAnalysis) -> list[tuple[str, str, bool]]:
    """(letter, part name, found) for S, T, A, R."""
    return [(letter, part, getattr(star, part).present) for letter, part in STAR_PARTS]


def quantified_line(star: StarAnalysis) -> str:
    """What the STAR marks say of the result, in words that agree with them."""
    if not star.result.present:
        return "no result told"
    if star.quantified:
        numbers = f" ({', '.join(star.numbers)})" if star.numbers else ""
        return f"result measured{numbers}"
    return "result in words, no number"


def shows_star(evaluation: Evaluation) -> bool:
    """STAR marks belong only to answers whose question asked for a story."""
    return evaluation.intent in (None, "example")


def answered_line(report: Report) -> str:
    """'3 of 5 questions answered; q04 (skipped) and q05 (empty) count as 0 in the overall'."""
    line = f"{report.answered} of {report.asked} questions answered"
    if report.answered and report.counted_as_zero:
        named = [f"{qid} ({why})" for qid, why in report.counted_as_zero.items()]
        listed = ", ".join(named[:-1]) + f" and {named[-1]}" if len(named) > 1 else named[0]
        line += f"; {listed} count{'s' if len(named) == 1 else ''} as 0 in the overall"
    return line


def criterion_label(criterion: str) -> str:
    return label_of(criterion)


def criterion_short_label(criterion: str) -> str:
    return short_label_of(criterion)


def delivery_summary_label(key: str) -> str:
    return DELIVERY_SUMMARY_LABELS.get(key, key.replace("_", " ").capitalize())


def format_summary_value(value: float | None) -> str:
    if value is None:
        return "not measured"
    if float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.1f}"


def summary_verdict(key: str, value: float | None) -> str:
    """The verdict beside a delivery summary figure, where there is a band to judge it by."""
    if value is None:
        return ""
    if key in ("wpm", "mean_wpm"):
        return pace_verdict(value)
    if key == "fillers_per_100":
        return filler_verdict(value)
    return ""


def evidence_text(question_ids: list[str]) -> str:
    return f"evidenced by {', '.join(question_ids)}" if question_ids else "not shown"


NO_NAME = "Candidate (no name found in the resume)"


def candidate_name(name: str | None) -> str:
    """The candidate's name as the resume writes it, or a plain word saying none was found."""
    return name or NO_NAME


def report_title(candidate: str | None, role: str | None) -> str:
    who = candidate_name(candidate)
    return f"{who} · {role}" if role else who


def interview_time(created: str | None) -> str | None:
    """'Monday 2 November 2026, 09:30': when the interview took place, in its own local time;
    None when the report does not say."""
    if not created:
        return None
    try:
        when = datetime.fromisoformat(created)
    except ValueError:
        return created
    return f"{when:%A} {when.day} {when:%B %Y, %H:%M}"


def short_date(created: str) -> str:
    """'2 Nov 2026', for a session on a chart or in a list."""
    try:
        when = datetime.fromisoformat(created)
    except ValueError:
        return created[:10]
    return f"{when.day} {when:%b %Y}"


def role_and_company(report: Report) -> str | None:
    """'Senior Backend Engineer · Northwind Analytics', either alone, or None."""
    parts = [part for part in (report.role, report.company) if part]
    return " · ".join(parts) if parts else None


def company_and_time(report: Report) -> str | None:
    """The header's line under the title (which names the role): the company and when."""
    parts = [part for part in (report.company, interview_time(report.created)) if part]
    return " · ".join(parts) if parts else None


# --- follow-ups and fallbacks ----------------------------------------------------------------


def follow_up_line(question: Question) -> str | None:
    """'Follow-up to q02' for a follow-up question, None for a planned one."""
    return f"Follow-up to {question.follow_up_of}" if question.follow_up_of else None


def question_row_id(question: Question) -> str:
    """The id in a table row: '↳ q02f' for a follow-up, so it reads as hanging off its parent."""
    return f"{FOLLOW_UP_MARK} {question.id}" if question.follow_up_of else question.id


def fallback_line(turn: Turn) -> str | None:
    """'Scored offline: <reason>' when the offline scorer stood in for the model on this turn."""
    evaluation = turn.evaluation
    if evaluation is None or not evaluation.fallback_reason:
        return None
    return f"Scored offline: {evaluation.fallback_reason}"


# --- which scorer ----------------------------------------------------------------------------


def scorer_model(scorer: str) -> str | None:
    """'mistral/mistral-large-latest' from 'llm:mistral/mistral-large-latest'; None offline."""
    if scorer.startswith(LLM_SCORER_PREFIX):
        return scorer.removeprefix(LLM_SCORER_PREFIX) or None
    return None


def report_label(report: Report) -> str:
    """The label of the report's scores: 'scored by <model>' with a model, else its own label."""
    model = scorer_model(report.scorer)
    return f"scored by {model}" if model else report.label


def offline_share(report: Report) -> str | None:
    """'2 of 5 answers scored offline' when a model report had answers the model did not score."""
    if scorer_model(report.scorer) is None:
        return None
    scored = [t.evaluation for t in first_attempts(report.turns) if t.evaluation is not None]
    offline = sum(1 for evaluation in scored if evaluation.scorer == OFFLINE_SCORER)
    if not offline:
        return None
    return f"{offline} of {len(scored)} answers scored offline"


def scorer_summary(report: Report) -> str:
    """'offline estimate', 'scored by <model>' or 'scored by <model> (2 of 5 answers ...)'."""
    share = offline_share(report)
    label = report_label(report)
    return f"{label} ({share})" if share else label


# --- the model's final assessment ------------------------------------------------------------


def shown_strengths(report: Report) -> list[str]:
    """The model's strengths when it gave some, the offline ones otherwise."""
    if report.assessment is not None and report.assessment.strengths:
        return report.assessment.strengths
    return report.strengths


def shown_improvements(report: Report) -> list[str]:
    """The model's improvements when it gave some, the offline ones otherwise."""
    if report.assessment is not None and report.assessment.improvements:
        return report.assessment.improvements
    return report.improvements


def has_readiness(assessment: FinalAssessment | None) -> bool:
    return assessment is not None and bool(assessment.readiness or assessment.readiness_summary)


def readiness_heading(assessment: FinalAssessment, role: str | None) -> str:
    """'Readiness for Senior Backend Engineer: nearly ready'."""
    subject = f"Readiness for {role}" if role else "Readiness for the role"
    return f"{subject}: {assessment.readiness}" if assessment.readiness else subject


def weakest_question(report: Report) -> Question | None:
    """The question the model rewrote an answer to, when it is one of the report's."""
    if report.assessment is None:
        return None
    wanted = report.assessment.weakest_question_id
    return next((t.question for t in report.turns if t.question.id == wanted), None)


def stronger_answer_heading(assessment: FinalAssessment) -> str:
    qid = assessment.weakest_question_id
    return f"A stronger answer to {qid}" if qid else "A stronger answer"


# --- model usage -----------------------------------------------------------------------------


def format_cost(cost_usd: float | None) -> str:
    """'$0.0123', or 'cost unknown' when LiteLLM knew no price for the model."""
    return COST_UNKNOWN if cost_usd is None else f"${cost_usd:.4f}"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def usage_line(cost: CostSummary) -> str:
    """'9 calls, 5,230 prompt tokens, 1,412 completion tokens, $0.0123'."""
    return ", ".join(
        [
            plural(cost.calls, "call"),
            plural(cost.prompt_tokens, "prompt token"),
            plural(cost.completion_tokens, "completion token"),
            format_cost(cost.cost_usd),
        ]
    )


def in_purpose_order(purposes: list[str]) -> list[str]:
    """The known purposes in pipeline order, then any others as they came."""
    known = [p for p in PURPOSE_ORDER if p in purposes]
    return known + [p for p in purposes if p not in PURPOSE_ORDER]


def cost_by_purpose(cost: CostSummary) -> list[tuple[str, str]]:
    """(purpose, '$0.0040') rows in pipeline order."""
    purposes = in_purpose_order(list(cost.by_purpose))
    return [(purpose, format_cost(cost.by_purpose[purpose])) for purpose in purposes]


def llm_seconds_by_purpose(turn: Turn) -> dict[str, float]:
    """Seconds spent in model calls during this turn, summed by purpose."""
    seconds: dict[str, float] = {}
    for call in turn.llm_calls:
        seconds[call.purpose] = seconds.get(call.purpose, 0.0) + call.seconds
    return seconds


def llm_purposes(turns: Sequence[Turn]) -> list[str]:
    """Every purpose of a model call made during these turns, in pipeline order."""
    seen: list[str] = []
    for turn in turns:
        seen.extend(c.purpose for c in turn.llm_calls if c.purpose not in seen)
    return in_purpose_order(seen)


# --- attempts of one question ----------------------------------------------------------------


def attempt_label(turn: Turn) -> str:
    """'Attempt 1 (counted)' for the answer the scores count, 'Attempt 2 (retry)' after it."""
    return f"Attempt {turn.attempt} ({'counted' if turn.attempt == 1 else 'retry'})"


def comparison_heading(before: Turn, after: Turn) -> str:
    return f"Attempt {after.attempt} against attempt {before.attempt}"


def comparison_lines(comparison: Comparison) -> list[str]:
    """'Improved: Impact 2 → 6/10, ...' and 'Did not improve: Clarity 7 → 6/10 (worse), Depth
    stayed at 4/10'."""
    improved = ", ".join(comparison.improved) or "nothing"
    lines = [f"Improved: {improved}."]
    not_improved = [f"{words} (worse)" for words in comparison.worse] + comparison.unchanged
    if not_improved:
        lines.append(f"Did not improve: {', '.join(not_improved)}.")
    return lines


def attempt_rows(attempts: Sequence[Turn]) -> list[tuple[str, list[str], list[int | None]]]:
    """The attempts side by side: (row name, one cell per attempt, the 0-10 score of each cell
    where the row is a criterion) for the overall, each criterion and the delivery."""
    evaluations = [t.evaluation for t in attempts]
    rows: list[tuple[str, list[str], list[int | None]]] = [
        (
            "Overall",
            [
                f"{e.overall}/100" if e else turn_status(t)
                for t, e in zip(attempts, evaluations, strict=True)
            ],
            [None for _ in attempts],
        )
    ]
    for criterion in CRITERIA:
        scores = [e.score_of(criterion) if e else None for e in evaluations]
        cells = ["–" if score is None else f"{score}/10" for score in scores]
        rows.append((criterion_label(criterion), cells, scores))
    delivery = [e.delivery if e else None for e in evaluations]
    for name, shown in (
        ("Pace", lambda d: f"{d.wpm:.0f} WPM" if d.timed and d.wpm is not None else "typed"),
        ("Fillers per 100 words", lambda d: f"{d.fillers_per_100:.1f}"),
        ("Pauses over 2 s", lambda d: str(d.pauses_over_2s) if d.timed else "–"),
        ("Words", lambda d: str(d.word_count)),
    ):
        rows.append(
            (name, ["–" if d is None else shown(d) for d in delivery], [None for _ in attempts])
        )
    return rows


# --- progress across sessions ----------------------------------------------------------------


def progress_span(progress: Sequence[ProgressPoint], role: str | None) -> str:
    """'3 sessions as Senior Backend Engineer, 2 Nov 2026 to 16 Nov 2026' (or 'on 2 Nov 2026'
    when they were all that day)."""
    first, last = short_date(progress[0].created), short_date(progress[-1].created)
    span = f"on {first}" if first == last else f"{first} to {last}"
    role_part = f" as {role}" if role else ""
    return f"{plural(len(progress), 'session')}{role_part}, {span}"


def session_labels(progress: Sequence[ProgressPoint]) -> list[str]:
    """Each session's date ('2 Nov 2026'); with the time ('2 Nov 09:30', then '09:30:15') when
    that is needed to tell two sessions apart."""
    for shown in (short_date, _day_and_minute, _to_the_second):
        labels = [shown(point.created) for point in progress]
        if len(set(labels)) == len(labels):
            break
    return labels


def _day_and_minute(created: str) -> str:
    try:
        when = datetime.fromisoformat(created)
    except ValueError:
        return created
    return f"{when.day} {when:%b %H:%M}"


def _to_the_second(created: str) -> str:
    try:
        when = datetime.fromisoformat(created)
    except ValueError:
        return created
    return f"{when:%H:%M:%S}"


def trend_number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def trend_change(trend: Trend) -> str:
    """'+12 better', '-0.5 worse', '0 same'; a dash until two sessions measured it."""
    if trend.change is None:
        return "–"
    sign = "+" if trend.change > 0 else ""
    return f"{sign}{trend_number(trend.change)} {trend.verdict}"


def progress_rows(progress: Sequence[ProgressPoint]) -> list[tuple[str, str, str, str, str]]:
    """(measure, sparkline, first, latest, change) for each measure across the sessions."""
    return [
        (
            trend.measure.label,
            trend.sparkline,
            trend_number(trend.first),
            trend_number(trend.latest),
            trend_change(trend),
        )
        for trend in trends([point.measures for point in progress])
    ]
