"""The end-of-interview report from the scored turns. Pure, no I/O.

The overall and the criteria means count every question asked: an answered turn (an evaluation
and a non-empty answer, not skipped) with its scores, and an empty, skipped, failed or cut-off one
as 0, so skipping never raises the score; the report names the questions counted as 0 and why.
Strengths, improvements and competencies come from the answered turns. Competencies
come from the answers' competency signals (communication also from clarity); a competency no
answer showed gets 0 and says so. Strengths and improvements are concrete sentences that name
the questions they come from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from statistics import mean
from typing import cast

from ai_interviewer.core.coverage import coverage_rows
from ai_interviewer.core.criteria import BY_NAME, CRITERIA, CRITERION_LABELS
from ai_interviewer.core.delivery import FILLERS_GOOD_UNDER, PACE_BAND, answer_text
from ai_interviewer.core.models import (
    COMPETENCIES,
    OFFLINE_LABEL,
    Competency,
    CompetencyScore,
    CoverageRow,
    DeliveryMetrics,
    Evaluation,
    JobDescription,
    Report,
    ResumeProfile,
    Turn,
)
from ai_interviewer.core.text import clip

MAX_POINTS = 4
MIN_POINTS = 2
STRONG = 7  # a criterion score at or over this is a strength
WEAK_MEAN = 6  # a criterion mean under this is an improvement
QUOTE_CHARS = 60

_COMPETENCY_EVIDENCE: dict[str, str] = {
    "technical_expertise": "knowledge of the work itself",
    "problem_solving": "how you solve problems (finding the cause, weighing the options)",
    "communication": "clear communication",
    "leadership_ownership": "leadership or ownership",
    "collaboration": "working with others",
    "adaptability_learning": "learning or adapting",
}


def is_answered(turn: Turn) -> bool:
    """A turn that was scored and has something said or typed in it."""
    if turn.evaluation is None or turn.status in ("skipped", "failed") or turn.transcript is None:
        return False
    return bool(answer_text(turn.transcript).strip())


def unanswered_reason(turn: Turn) -> str:
    """Why a turn that counts as 0 has no score: 'skipped', 'empty', 'failed', 'not answered'."""
    if turn.status == "skipped":
        return "skipped"
    if turn.status == "failed":
        return "failed"
    if turn.status in ("recorded", "transcribed"):
        return "saved, not scored"
    if turn.transcript is not None and not answer_text(turn.transcript).strip():
        return "empty"
    return "not answered"


def counted_overall(turn: Turn) -> int:
    """The turn's overall as it counts in the session: 0 for anything not answered."""
    return turn.evaluation.overall if is_answered(turn) and turn.evaluation else 0


def counted_score(turn: Turn, criterion: str) -> int:
    """The turn's score on a criterion as it counts in the session: 0 when not answered."""
    return turn.evaluation.score_of(criterion) if is_answered(turn) and turn.evaluation else 0


def session_overall(turns: Sequence[Turn]) -> int:
    """The mean of every asked question's overall, unanswered ones as 0."""
    return round(mean(counted_overall(t) for t in turns)) if turns else 0


def session_criteria_means(turns: Sequence[Turn]) -> dict[str, float]:
    """Each criterion's mean over every asked question, unanswered ones as 0."""
    if not turns:
        return dict.fromkeys(CRITERIA, 0.0)
    return {c: round(mean(counted_score(t, c) for t in turns), 1) for c in CRITERIA}


def _scored(turns: Sequence[Turn]) -> list[tuple[str, Evaluation]]:
    return [(t.question.id, t.evaluation) for t in turns if is_answered(t) and t.evaluation]


def _ids(items: Sequence[tuple[str, Evaluation]]) -> str:
    return ", ".join(qid for qid, _ in items)


def criteria_means(scored: Sequence[tuple[str, Evaluation]]) -> dict[str, float]:
    """Each criterion's mean score over the answered turns (0.0 with none)."""
    if not scored:
        return dict.fromkeys(CRITERIA, 0.0)
    return {c: round(mean(e.score_of(c) for _, e in scored), 1) for c in CRITERIA}


def _competency(name: Competency, scored: Sequence[tuple[str, Evaluation]]) -> CompetencyScore:
    shown = [(qid, e.competency_signals[name]) for qid, e in scored if name in e.competency_signals]
    if not shown:
        what = _COMPETENCY_EVIDENCE[name]
        return CompetencyScore(competency=name, score=0, reason=f"No answer showed {what}.")
    value = round(mean(v for _, v in shown))
    best_qid, best = max(shown, key=lambda item: item[1])
    where = ", ".join(qid for qid, _ in shown)
    reason = (
        f"Shown in {len(shown)} of {len(scored)} answers ({where}); "
        f"strongest in {best_qid} ({best}/10)."
    )
    if name == "communication":
        reason = (
            f"From clarity and structure of {len(shown)} answers; best in {best_qid} ({best}/10)."
        )
    return CompetencyScore(competency=name, score=max(0, min(10, value)), reason=reason)


def competency_scores(scored: Sequence[tuple[str, Evaluation]]) -> list[CompetencyScore]:
    """The six competencies, in their fixed order."""
    return [_competency(cast(Competency, name), scored) for name in COMPETENCIES]


# --- strengths ---------------------------------------------------------------------------------


def _best_at(
    scored: Sequence[tuple[str, Evaluation]], criterion: str
) -> list[tuple[str, Evaluation]]:
    return [(q, e) for q, e in scored if e.score_of(criterion) >= STRONG]


def _quantified_strength(scored: Sequence[tuple[str, Evaluation]]) -> str | None:
    hits = [(q, e) for q, e in _best_at(scored, "impact") if e.star.quantified and e.star.numbers]
    if not hits:
        return None
    qid, e = hits[0]
    shown = (
        clip(e.star.result.quote, QUOTE_CHARS)
        if e.star.result.quote
        else ", ".join(e.star.numbers[:3])
    )
    more = f" and {_ids(hits[1:])}" if len(hits) > 1 else ""
    return f"Quantified results in {qid} ({shown}){more}."


def _structure_strength(scored: Sequence[tuple[str, Evaluation]]) -> str | None:
    hits = _best_at(scored, "structure")
    if not hits:
        return None
    stories = [(q, e) for q, e in hits if e.intent in (None, "example") and e.star.found]
    if stories:
        parts = ", ".join(stories[0][1].star.found)
        return f"Clear structure ({parts}) in {_ids(hits)}."
    return f"Clear structure in {_ids(hits)}."


def _specificity_strength(scored: Sequence[tuple[str, Evaluation]]) -> str | None:
    hits = _best_at(scored, "specificity")
    if not hits:
        return None
    terms = list(dict.fromkeys(t for _, e in hits for t in e.matched_terms))[:4]
    named = f", naming {', '.join(terms)}" if terms else ""
    return f"Concrete specifics in {_ids(hits)}{named}."


def _relevance_strength(scored: Sequence[tuple[str, Evaluation]]) -> str | None:
    hits = _best_at(scored, "relevance")
    if len(hits) < max(1, len(scored) // 2):
        return None
    return f"Stayed on the question asked in {_ids(hits)}."


def _depth_strength(scored: Sequence[tuple[str, Evaluation]]) -> str | None:
    hits = _best_at(scored, "depth")
    if not hits:
        return None
    return f"Explained the reasoning and the detail of the work in {_ids(hits)}."


def _delivery_strength(scored: Sequence[tuple[str, Evaluation]]) -> str | None:
    deliveries = [e.delivery for _, e in scored]
    wpm = _mean_wpm(deliveries)
    per_100 = _fillers_per_100(deliveries)
    low, high = PACE_BAND
    if wpm is not None and low <= wpm <= high and per_100 < FILLERS_GOOD_UNDER:
        return (
            f"Steady delivery: {wpm:.0f} words per minute and {per_100:.1f} fillers per 100 words."
        )
    return None


STRENGTH_RULES: tuple[Callable[[Sequence[tuple[str, Evaluation]]], str | None], ...] = (
    _quantified_strength,
    _structure_strength,
    _specificity_strength,
    _depth_strength,
    _relevance_strength,
    _delivery_strength,
)


def _fallback_strength(scored: Sequence[tuple[str, Evaluation]]) -> str:
    means = criteria_means(scored)
    best = max(CRITERIA, key=lambda c: (means[c], -CRITERIA.index(c)))
    qid, _ = max(scored, key=lambda item: item[1].score_of(best))
    label = CRITERION_LABELS[best].lower()
    return f"Best area: {label} (mean {means[best]:g}/10), strongest in {qid}."


def strengths(scored: Sequence[tuple[str, Evaluation]]) -> list[str]:
    """2-4 concrete strengths naming questions; none when nothing was answered."""
    if not scored:
        return []
    found = [s for rule in STRENGTH_RULES if (s := rule(scored))]
    if len(found) < MIN_POINTS:
        fallback = _fallback_strength(scored)
        found.append(fallback)
        best = max(scored, key=lambda item: item[1].overall)
        found.append(f"Strongest answer overall: {best[0]} ({best[1].overall}/100).")
    return list(dict.fromkeys(found))[:MAX_POINTS]


# --- improvements ------------------------------------------------------------------------------


def _unanswered_improvement(turns: Sequence[Turn]) -> str | None:
    missed = [t.question.id for t in turns if not is_answered(t)]
    if not missed:
        return None
    return f"Answer every question: {', '.join(missed)} got no answer and did not count."


def _criterion_improvement(scored: Sequence[tuple[str, Evaluation]], criterion: str) -> str:
    means = criteria_means(scored)
    low = min(scored, key=lambda item: item[1].score_of(criterion))
    label = CRITERION_LABELS[criterion]
    return (
        f"{label} (mean {means[criterion]:g}/10, lowest in {low[0]}): {BY_NAME[criterion].advice}."
    )


def _weakest_criteria(scored: Sequence[tuple[str, Evaluation]]) -> list[str]:
    means = criteria_means(scored)
    return sorted(CRITERIA, key=lambda c: (means[c], CRITERIA.index(c)))


def _weak_criteria_improvements(scored: Sequence[tuple[str, Evaluation]]) -> list[str]:
    """Advice for the (at most two) criteria whose mean is under `WEAK_MEAN`."""
    means = criteria_means(scored)
    weak = [c for c in _weakest_criteria(scored) if means[c] < WEAK_MEAN][:2]
    return [_criterion_improvement(scored, c) for c in weak]


def _coverage_improvement(rows: Sequence[CoverageRow], nice_to_have: set[str]) -> str | None:
    """The requirements no answer evidenced, must-haves first."""
    gaps = sorted(
        (r for r in rows if not r.evidenced_by), key=lambda r: r.requirement_id in nice_to_have
    )
    if not gaps:
        return None
    named = "; ".join(f"{r.requirement_id} {clip(r.text, 50)}" for r in gaps[:3])
    each = " for each" if len(gaps) > 1 else ""
    return f"No answer evidenced {named}: prepare an example{each}."


def _delivery_improvement(scored: Sequence[tuple[str, Evaluation]]) -> str | None:
    per_100 = _fillers_per_100([e.delivery for _, e in scored])
    if per_100 > FILLERS_GOOD_UNDER:
        return (
            f"Cut fillers: {per_100:.1f} per 100 words (aim under {FILLERS_GOOD_UNDER:g}); "
            "pause silently instead."
        )
    wpm = _mean_wpm([e.delivery for _, e in scored])
    low, high = PACE_BAND
    if wpm is not None and not low <= wpm <= high:
        return f"Pace: {wpm:.0f} words per minute; aim for {low:g}-{high:g}."
    return None


def _weakest_answer_improvement(scored: Sequence[tuple[str, Evaluation]]) -> str | None:
    if len(scored) < 2:
        return None
    qid, e = min(scored, key=lambda item: item[1].overall)
    return f"Weakest answer {qid} ({e.overall}/100): {e.tip}"


def improvements(
    turns: Sequence[Turn],
    scored: Sequence[tuple[str, Evaluation]],
    rows: Sequence[CoverageRow],
    nice_to_have: set[str] | None = None,
) -> list[str]:
    """2-4 concrete improvements naming questions; with nothing answered, they say to answer."""
    if not scored:
        asked = f"{len(turns)} question" + ("" if len(turns) == 1 else "s")
        return [
            f"Answer the questions: none of the {asked} asked got an answer, so nothing was "
            "scored.",
            "Speak for one to two minutes per question with one real example: the situation, "
            "what you did, and the result with a number.",
        ]
    candidates = [
        _unanswered_improvement(turns),
        *_weak_criteria_improvements(scored),
        _coverage_improvement(rows, nice_to_have or set()),
        _delivery_improvement(scored),
        _weakest_answer_improvement(scored),
    ]
    found = list(dict.fromkeys(c for c in candidates if c))
    fallbacks = [_criterion_improvement(scored, c) for c in _weakest_criteria(scored)]
    for fallback in fallbacks:
        if len(found) >= MIN_POINTS:
            break
        if fallback not in found:
            found.append(fallback)
    return found[:MAX_POINTS]


# --- delivery ----------------------------------------------------------------------------------


def _fillers_per_100(deliveries: Sequence[DeliveryMetrics]) -> float:
    """Fillers per 100 words over all the answers together."""
    words = sum(d.word_count for d in deliveries)
    fillers = sum(d.fillers for d in deliveries)
    return round(100.0 * fillers / words, 2) if words else 0.0


def _mean_wpm(deliveries: Sequence[DeliveryMetrics]) -> float | None:
    """Mean WPM of the timed answers; None when none was timed."""
    rates = [d.wpm for d in deliveries if d.timed and d.wpm is not None]
    return round(mean(rates), 1) if rates else None


def delivery_summary(scored: Sequence[tuple[str, Evaluation]]) -> dict[str, float | None]:
    """Mean WPM (timed answers only), fillers per 100 words overall, long pauses in total."""
    deliveries = [e.delivery for _, e in scored]
    return {
        "wpm": _mean_wpm(deliveries),
        "fillers_per_100": _fillers_per_100(deliveries),
        "pauses_over_2s": float(sum(d.pauses_over_2s for d in deliveries)),
        "longest_pause_s": max((d.longest_pause_s for d in deliveries), default=0.0),
        "hedges": float(sum(d.hedges for d in deliveries)),
        "words": float(sum(d.word_count for d in deliveries)),
    }


def _label(scored: Sequence[tuple[str, Evaluation]]) -> str:
    """The model's label when any answer was scored by a model, else the offline one."""
    model_labels = sorted({e.label for _, e in scored if e.scorer != "offline"})
    return model_labels[0] if model_labels else OFFLINE_LABEL


def _scorer(scored: Sequence[tuple[str, Evaluation]]) -> str:
    model_scorers = sorted({e.scorer for _, e in scored if e.scorer != "offline"})
    return model_scorers[0] if model_scorers else "offline"


def first_attempts(turns: Sequence[Turn]) -> list[Turn]:
    """The interview as it was asked: each question's first attempt (retries are practice)."""
    return [t for t in turns if t.attempt == 1]


def build_report(turns: list[Turn], profile: ResumeProfile, jd: JobDescription) -> Report:
    """The interview report: overall, criteria, competencies, strengths, improvements, coverage.

    The scores are the interview's as it was asked (first attempts); every attempt is kept in
    the report's turns, for the renderers to show a retry beside its first attempt."""
    every = list(turns)
    turns = first_attempts(every)
    scored = _scored(turns)
    rows = coverage_rows(jd, [t for t in turns if is_answered(t)])
    return Report(
        candidate=profile.name,
        role=jd.title,
        overall=max(0, min(100, session_overall(turns))),
        label=_label(scored),
        scorer=_scorer(scored),
        answered=len(scored),
        asked=len(turns),
        counted_as_zero={t.question.id: unanswered_reason(t) for t in turns if not is_answered(t)},
        criteria_means=session_criteria_means(turns),
        competencies=competency_scores(scored),
        strengths=strengths(scored),
        improvements=improvements(
            turns, scored, rows, {r.id for r in jd.requirements if r.nice_to_have}
        ),
        coverage=rows,
        turns=every,
        delivery_summary=delivery_summary(scored),
        company=jd.company,
    )
