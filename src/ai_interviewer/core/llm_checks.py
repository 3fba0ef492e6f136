"""Checks on what the language model answered, and conversions into the project's models. Pure.

The validators are handed to the LLM client: each returns a function that raises `ValueError`
naming every problem it found, in words the model can act on in one repair attempt. A quote is
not worth a repair: one that is not in the answer is dropped from the evaluation and noted
(`quote_notes`). Quotes are checked against the answer after folding case, whitespace,
punctuation and curly quotes; a quote joined with an ellipsis counts only when each part occurs,
in order.

The conversions keep measured facts measured: delivery, STAR, requirements evidenced and matched
terms always come from the offline measurement, whatever the model says, and the overall score is
computed here with the offline scorer's weights, never taken from the model.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence

from ai_interviewer.core.criteria import CRITERIA
from ai_interviewer.core.llm_schemas import (
    LLMEvaluation,
    LLMFinalAssessment,
    NextStep,
    QuestionPlan,
    ResumeAnalysis,
)
from ai_interviewer.core.models import (
    OFFLINE_LABEL,
    CostSummary,
    CriterionScore,
    Evaluation,
    FinalAssessment,
    LLMCall,
    Question,
    ResumeProfile,
)
from ai_interviewer.core.planner import expected_terms, speakable
from ai_interviewer.core.scorer import overall_score
from ai_interviewer.core.text import clip

_APOSTROPHES = frozenset("'’‘‛`´")
_ELLIPSIS = re.compile(r"\.{3,}|…")
MAX_FOLLOW_UP_WORDS = 60
MAX_HIGHLIGHTS = 8
QUOTE_SHOWN_CHARS = 80


# --- quotes ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=32)  # an answer is folded once for all its quotes
def _folded(text: str) -> tuple[str, tuple[int, ...]]:
    """Lowercase words joined by single spaces, punctuation and apostrophes folded away, with
    the index in `text` of each character of the result."""
    chars: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        if ch in _APOSTROPHES:
            continue  # a straight or a curly apostrophe, or none, folds alike
        if ch.isalnum():
            for low in ch.lower():
                chars.append(low)
                where.append(i)
        elif chars and chars[-1] != " ":
            chars.append(" ")
            where.append(i)
    if chars and chars[-1] == " ":
        chars.pop()
        where.pop()
    return "".join(chars), tuple(where)


def _find_words(needle: str, haystack: str, start: int) -> int:
    """Where `needle` occurs in `haystack` at or after `start` on word boundaries, or -1."""
    pos = haystack.find(needle, start)
    while pos != -1:
        end = pos + len(needle)
        before_ok = pos == 0 or haystack[pos - 1] == " "
        after_ok = end == len(haystack) or haystack[end] == " "
        if before_ok and after_ok:
            return pos
        pos = haystack.find(needle, pos + 1)
    return -1


def _quote_parts(quote: str) -> list[str]:
    """The folded parts of a quote split at ellipses, blanks dropped."""
    return [p for p in (_folded(part)[0] for part in _ELLIPSIS.split(quote)) if p]


def locate_quote(quote: str, answer: str) -> str | None:
    """The answer's own words for the quote (parts joined with ' … '), or None when the quote
    (or any part of it, in order) does not occur in the answer. A blank quote is None."""
    parts = _quote_parts(quote)
    if not parts:
        return None
    text, where = _folded(answer)
    found: list[str] = []
    cursor = 0
    for part in parts:
        pos = _find_words(part, text, cursor)
        if pos == -1:
            return None
        end = pos + len(part)
        found.append(answer[where[pos] : where[end - 1] + 1])
        cursor = end
    return " … ".join(found)


def quote_in_answer(quote: str, answer: str) -> bool:
    """True when the quote is a verbatim part of the answer (folded as `locate_quote` does)."""
    return locate_quote(quote, answer) is not None


# --- validators --------------------------------------------------------------------------------


def _problems_message(what: str, problems: Sequence[str]) -> str:
    listed = "; ".join(problems)
    return f"The {what} has {len(problems)} problem{'s' if len(problems) > 1 else ''}: {listed}."


def quote_notes(llm: LLMEvaluation, answer: str) -> list[str]:
    """One note for each quote that is not in the answer: `to_evaluation` drops those."""
    notes = []
    for name, c in llm.criteria.items():
        if c.quote.strip() and locate_quote(c.quote, answer) is None:
            shown = clip(c.quote, QUOTE_SHOWN_CHARS)
            notes.append(f'the quote for {name} ("{shown}") is not in the answer: dropped')
    return notes


def plan_validator(requirement_ids: Iterable[str], count: int) -> Callable[[QuestionPlan], None]:
    """A check that the plan has `count` distinct questions and names only real requirements."""
    known = list(dict.fromkeys(requirement_ids))

    def validate(plan: QuestionPlan) -> None:
        problems: list[str] = []
        if len(plan.questions) != count:
            problems.append(f"it has {len(plan.questions)} questions, {count} were asked for")
        seen: set[str] = set()
        for n, q in enumerate(plan.questions, start=1):
            key = " ".join(q.text.lower().split())
            if key in seen:
                problems.append(f"question {n} repeats an earlier question")
            seen.add(key)
            if q.requirement_id is not None and q.requirement_id not in known:
                allowed = ", ".join(known) if known else "null (the job lists no requirements)"
                problems.append(
                    f"question {n} names requirement_id '{q.requirement_id}', "
                    f"which is not one of: {allowed}"
                )
            elif q.kind == "requirement" and q.requirement_id is None and known:
                problems.append(f"question {n} is of kind 'requirement' but names no requirement")
        if problems:
            raise ValueError(_problems_message("question plan", problems))

    return validate


def next_step_validator() -> Callable[[NextStep], None]:
    """A check that a follow-up comes with its question, short enough to say."""

    def validate(step: NextStep) -> None:
        if step.action != "follow_up":
            return
        text = (step.follow_up or "").strip()
        problems: list[str] = []
        if not text:
            problems.append("action is 'follow_up' but follow_up holds no question")
        else:
            if not text.rstrip("\"'”’ ").endswith("?"):
                problems.append("follow_up must be a question ending with '?'")
            words = len(text.split())
            if words > MAX_FOLLOW_UP_WORDS:
                problems.append(f"follow_up has {words} words; at most {MAX_FOLLOW_UP_WORDS}")
        if problems:
            raise ValueError(_problems_message("next step", problems))

    return validate


def final_validator(valid_question_ids: Iterable[str]) -> Callable[[LLMFinalAssessment], None]:
    """A check that the weakest answer named is one of the interview's answered questions."""
    ids = list(valid_question_ids)

    def validate(final: LLMFinalAssessment) -> None:
        if ids and _matching_id(final.weakest_question_id, ids) is None:
            raise ValueError(
                f"The final assessment has 1 problem: weakest_question_id "
                f"'{final.weakest_question_id}' is not one of: {', '.join(ids)}."
            )

    return validate


# --- conversions -------------------------------------------------------------------------------


def _criterion_scores(
    llm: LLMEvaluation, offline: Evaluation, answer: str | None
) -> list[CriterionScore]:
    """The six criteria in their fixed order from the model; the offline one fills a gap."""
    scores: list[CriterionScore] = []
    for name in CRITERIA:
        c = llm.criteria.get(name)
        if c is None:
            scores.append(next(s for s in offline.criteria if s.criterion == name))
            continue
        evidence = c.quote.strip() or None
        if evidence is not None and answer is not None:
            evidence = locate_quote(evidence, answer)
        scores.append(
            CriterionScore(criterion=name, score=c.score, reason=c.reason, evidence=evidence)
        )
    return scores


def to_evaluation(
    llm: LLMEvaluation, offline: Evaluation, model: str, answer: str | None = None
) -> Evaluation:
    """The model's criteria, competencies and tip on top of the offline measurements.

    With `answer`, each quote becomes the answer's exact words (a quote not found is dropped,
    see `quote_notes`)."""
    criteria = _criterion_scores(llm, offline, answer)
    signals = {c.competency: c.score for c in llm.competencies}
    return Evaluation(
        question_id=offline.question_id,
        criteria=criteria,
        overall=overall_score(criteria),
        tip=llm.tip.strip() or offline.tip,
        delivery=offline.delivery,
        star=offline.star,
        requirements_evidenced=list(offline.requirements_evidenced),
        matched_terms=list(offline.matched_terms),
        competency_signals={name: signals[name] for name in sorted(signals)},
        scorer=f"llm:{model}",
        label=f"scored by {model}",
        fallback_reason=None,
    )


def offline_fallback(offline: Evaluation, reason: str) -> Evaluation:
    """The offline evaluation standing in for the model, saying why."""
    return offline.model_copy(
        update={"scorer": "offline", "label": OFFLINE_LABEL, "fallback_reason": reason}
    )


def to_questions(plan: QuestionPlan, start_index: int = 1) -> list[Question]:
    """The plan as questions q01, q02, ... (from `start_index`), in words fit to be spoken."""
    return [
        Question(
            id=f"q{start_index + n:02d}",
            text=speakable(q.text),
            kind=q.kind,
            probes=q.probes.strip() or f"{q.kind.capitalize()} question",
            requirement_id=q.requirement_id,
            expected_terms=expected_terms(q.expected_terms),
        )
        for n, q in enumerate(plan.questions)
    ]


def follow_up_question(parent: Question, text: str) -> Question:
    """A follow-up to `parent`: id 'q02f', same kind, requirement and expected terms."""
    return Question(
        id=parent.id + "f",
        text=speakable(text),
        kind=parent.kind,
        follow_up_of=parent.id,
        probes=f"Follow-up to {parent.id}: {parent.probes}",
        requirement_id=parent.requirement_id,
        resume_item=parent.resume_item,
        expected_terms=list(parent.expected_terms),
    )


def _merged(first: Iterable[str], then: Iterable[str]) -> list[str]:
    """Both lists in order without case-insensitive repeats or blanks."""
    seen: dict[str, str] = {}
    for item in [*first, *then]:
        clean = " ".join(item.split())
        if clean and clean.lower() not in seen:
            seen[clean.lower()] = clean
    return list(seen.values())


def _or_kept(value: str | None, kept: str | None) -> str | None:
    clean = " ".join(value.split()) if value else ""
    return clean or kept


def apply_analysis(profile: ResumeProfile, analysis: ResumeAnalysis) -> ResumeProfile:
    """The profile with the model's name, headline, seniority and skills; the offline values stay
    where the model gives none. Skills: the model's first, then the offline ones it left out.
    Highlights: the offline ones (verbatim resume lines) first, then the model's new ones."""
    return profile.model_copy(
        update={
            "name": _or_kept(analysis.name, profile.name),
            "headline": _or_kept(analysis.headline, profile.headline),
            "seniority": analysis.seniority or profile.seniority,
            "skills": _merged(analysis.key_skills, profile.skills),
            "highlights": _merged(profile.highlights, analysis.highlights)[:MAX_HIGHLIGHTS]
            if analysis.highlights
            else list(profile.highlights),
        }
    )


def _matching_id(candidate: str, ids: Sequence[str]) -> str | None:
    """The real id the model meant: exact, any case, or the same number ('Q2' for 'q02')."""
    clean = candidate.strip().lower()
    for qid in ids:
        if qid.lower() == clean:
            return qid
    digits = re.fullmatch(r"q?0*(\d+)(f*)", clean)
    if digits:
        for qid in ids:
            own = re.fullmatch(r"q0*(\d+)(f*)", qid.lower())
            if own and own.groups() == digits.groups():
                return qid
    return None


def to_assessment(
    llm_final: LLMFinalAssessment, valid_question_ids: Iterable[str]
) -> FinalAssessment:
    """The closing assessment; a weakest question id that is not a real one is dropped."""
    return FinalAssessment(
        strengths=list(llm_final.strengths),
        improvements=list(llm_final.improvements),
        weakest_question_id=_matching_id(llm_final.weakest_question_id, list(valid_question_ids)),
        stronger_answer=llm_final.stronger_answer.strip() or None,
        readiness=llm_final.readiness,
        readiness_summary=llm_final.readiness_summary.strip() or None,
        gaps=list(llm_final.gaps),
    )


def cost_summary(calls: Sequence[LLMCall]) -> CostSummary:
    """What the calls added up to: how many, their tokens, and their price where known."""
    known = [c for c in calls if c.cost_usd is not None]
    by_purpose: dict[str, float] = {}
    for call in known:
        by_purpose[call.purpose] = by_purpose.get(call.purpose, 0.0) + (call.cost_usd or 0.0)
    return CostSummary(
        calls=len(calls),
        prompt_tokens=sum(c.prompt_tokens for c in calls),
        completion_tokens=sum(c.completion_tokens for c in calls),
        cost_usd=sum(by_purpose.values()) if known else None,
        by_purpose=by_purpose,
    )
