"""The offline rubric: how each criterion is scored from what an answer contains, and its tip. Pure.

What an interviewer listens for, in any field (the measurements are in `answer`):

* **Relevance**: the answer is about what the question asks (its focus words, tolerant of
  inflections, word families and related words), in the form it asks for (a real example, a
  plan, a career story, a way of working), in the candidate's own words. Words copied from the
  question or the job ad earn nothing; an answer that is mostly such copies is capped at 3, one
  that touches none of the question's focus at 4.
* **Structure**: judged by what the question asks for. A "tell me about a time" answer is judged
  as STAR: situation, task, the candidate's own action, and what came of it, in order; a "what
  would you do" answer as steps in order with reasons; a background answer as past work, a
  result, and why this job; a "how do you" answer as practices, reasons and an example. STAR is
  never asked of an answer whose question did not ask for a story.
* **Specificity**: the candidate's own particulars (names, places, quantities with what they
  count, dates, words of the trade that are uncommon in everyday English), against vague words,
  generic claims ("people person", "passionate") and, in a long answer, thin content.
* **Impact**: a result of the candidate's action, with or without numbers; a number adds only
  when it measures what changed (not effort, tenure or a self-rating). A claimed result with no
  particulars anywhere in the answer is capped, a plain "it went well" is not a result.
* **Clarity**: fillers and hedges per 100 words, pace and long pauses when the answer was timed,
  and length: too short to follow, or long and thin (rambling), or repeating itself.
* **Depth**: reasons ("because", "instead of", "the risk was"), words of the trade, and what the
  candidate learned or changed.

Each score is 0-10 with a reason that names what was found and a quote from the answer that shows
it (no quote when there is nothing to show). The tip is written for the criterion that loses the
most weighted points, in plain words that fit any job, and never contradicts the score: a
criterion already scored 7 or more gets a polishing tip, not a correction.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ai_interviewer.core.answer import Analysis, addresses
from ai_interviewer.core.clauses import quote_around, trim_quote
from ai_interviewer.core.delivery import (
    FILLERS_GOOD_UNDER,
    PACE_BAND,
    filler_verdict,
    has_filler_or_hedge,
    pace_verdict,
)
from ai_interviewer.core.intent import Intent
from ai_interviewer.core.lexicon import word_lemmas
from ai_interviewer.core.models import DeliveryMetrics

SHORT_WORDS = 20  # fewer is too short to show much
BRIEF_WORDS = 40
LONG_WORDS = 230  # about a minute and a half spoken: beyond it, every word must earn its place
RAMBLE_WORDS = 170  # longer than this, and much of it idle, is rambling
IDLE_SHARE = 0.35  # share of words about nothing in particular that makes a long answer ramble
THIN_PER_100 = 4.0  # particulars per 100 words under which a long answer is thin
GOOD = 7  # a criterion at or over this gets a polishing tip, not a correction
JARGON_SHARE = 0.2  # share of meaningful words that are jargon: an answer of buzzwords
LISTED_SHARE = 0.4  # share of words in lists of keywords: an answer that is a keyword list
MIN_PARTICULARS = 2.0  # with fewer, an answer could be anyone's: relevance and structure capped
ECHO_HEAVY = 0.6  # share of meaningful words that are the question's or the job ad's
MAX_LISTED = 4


@dataclass(frozen=True)
class AnswerContext:
    """What the criteria are scored from."""

    analysis: Analysis
    intent: Intent
    delivery: DeliveryMetrics
    injected: bool  # an instruction to the grader was cut out

    @property
    def words(self) -> int:
        return self.analysis.word_count


@dataclass(frozen=True)
class Judgement:
    score: float  # 0..10, rounded by the scorer's caller through `clamp`
    reason: str
    evidence: str | None = None


def first(items: Sequence[int]) -> int | None:
    """The first clause index of a list, or None."""
    return items[0] if items else None


def clamp(value: float) -> int:
    """Round half up and keep within 0..10."""
    return max(0, min(10, math.floor(value + 0.5)))


def listing(items: Sequence[str], limit: int = MAX_LISTED) -> str:
    """'a, b, c, …' without repeats (case folded)."""
    unique = list(dict.fromkeys(items))
    seen: set[str] = set()
    shown: list[str] = []
    for item in unique:
        if item.lower() not in seen:
            seen.add(item.lower())
            shown.append(item)
    text = ", ".join(shown[:limit])
    return text + (", …" if len(shown) > limit else "")


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


def _quote(a: Analysis, clause: int | None, anchor: int | None = None) -> str | None:
    """The clause as a quote; a long one is cut around `anchor` (a character position), so the
    quote keeps the word it is there to show."""
    if clause is None or not 0 <= clause < len(a.clauses):
        return None
    c = a.clauses[clause]
    if anchor is None or not c.start <= anchor < c.end:
        return trim_quote(c.text) or None
    return quote_around(a.text, c.start, c.end, anchor) or None


def _echo_heavy(a: Analysis) -> bool:
    """Mostly the question's or the job ad's words, or mostly a list of keywords: either way,
    nothing the candidate says of their own."""
    return (
        a.borrowed_share >= ECHO_HEAVY or len(a.own_content) < 5 or a.listed_share >= LISTED_SHARE
    )


def _past_actions(a: Analysis) -> list[int]:
    return a.past_actions


MAX_FULL_QUANTITIES = 3  # a list of numbers is not a story: after three, each counts a third


def _weight(a: Analysis, clauses: Sequence[int] | None = None, story: bool = False) -> float:
    """How much the particulars say (of some clauses, or all): names, dates and words of the
    trade count one each, tenure a half, quantities one each up to three, then a third. With
    `story`, particulars said of work in general ('I always ...') count nothing."""
    total, quantities = 0.0, 0
    for s in a.specifics:
        if clauses is not None and s.clause not in clauses:
            continue
        if story and s.general:
            continue
        if s.kind == "quantity":
            quantities += 1
            total += s.weight if quantities <= MAX_FULL_QUANTITIES else s.weight / 3
        else:
            total += s.weight
    return total


def _thin(ctx: AnswerContext) -> bool:
    """Long, and much of it about nothing in particular: the interviewer stops listening."""
    a = ctx.analysis
    if ctx.words <= RAMBLE_WORDS:
        return False
    particulars = _particulars(ctx) + len(a.actions) + len(a.outcomes)
    return a.idle_share >= IDLE_SHARE or 100.0 * particulars / ctx.words < THIN_PER_100 * 2


# --- relevance -----------------------------------------------------------------------------------


def form_fit(ctx: AnswerContext) -> tuple[float, str]:
    """How well the answer's form fits what the question asks for, 0..1, in words."""
    a = ctx.analysis
    past = _past_actions(a)
    story = bool(a.story_actions or a.we_actions) and bool(a.situation or a.outcomes or a.specifics)
    if ctx.intent == "example":
        if story:
            return 1.0, "with a real example"
        if a.story_actions or a.we_actions:
            return 0.6, "with something done but no clear example"
        if a.hypothetical_actions:
            return 0.3, "with what you would do, not a time you did it"
        if a.actions or a.general:
            return 0.3, "with how you usually work, not one real time"
        return 0.0, "with no example"
    if ctx.intent == "hypothetical":
        # a plan for this situation ('I'd ...') or a time it really happened; what the
        # candidate usually does in general is an answer to another question
        planned = len(set(a.hypothetical_actions) | set(a.past_actions))
        general = [c for c in a.general if c in a.actions or c in a.we_actions]
        habitual = len(set(a.actions) | set(a.we_actions)) - planned
        if planned >= 2 or (planned and a.steps >= 2):
            return 1.0, "with a plan of what you would do"
        if habitual and (general or habitual > planned):
            return 0.5, "with what you usually do, not a plan for this situation"
        if planned:
            return 0.6, "with one step of a plan"
        return 0.2, "with no plan of what you would do"
    if ctx.intent == "background":
        history = bool(a.specifics or past or a.outcomes)
        fit = bool(a.reasoning) or any(
            w in a.text.lower() for w in ("this role", "this job", "this position", "why i", "want")
        )
        if history and fit:
            return 1.0, "with your story and why this job"
        if history:
            return 0.7, "with your story but not why this job"
        return 0.3, "with no story of your own"
    if a.actions or a.we_actions or a.steps >= 2:
        return 1.0 if story or a.steps >= 2 or len(a.actions) >= 2 else 0.7, "with how you work"
    return 0.2, "without saying how you work"


def score_relevance(ctx: AnswerContext) -> Judgement:
    a = ctx.analysis
    fit, fit_words = form_fit(ctx)
    score = 1.5 + 4.0 * fit + (1.5 if a.topic_hits else 0) + min(3.0, _particulars(ctx) / 2)
    off_topic = not a.topic_hits and len(a.topic_terms) >= 2
    if a.topic_hits:
        reason = f"Addresses {listing(a.topic_hits)} {fit_words}"
    elif off_topic:
        reason = f"Does not address what was asked ({listing(a.crux_terms, 3)}), {fit_words}"
        score = min(score, 5)
    else:
        reason = f"Answers {fit_words}"
    if ctx.intent == "example" and not a.story_actions:
        score = min(score, 4)
    if a.jargon_share >= JARGON_SHARE:
        score = min(score, 4)
        reason += f"; talks in jargon ({round(100 * a.jargon_share)}% of its words)"
    if _echo_heavy(a):
        score = min(score, 3)
        reason += "; mostly repeats the question's or the job ad's words"
    elif _concrete(ctx) < MIN_PARTICULARS:
        score = min(score, 4)
        reason += "; nothing particular in it: it could be anyone's answer"
    if a.idle_share >= IDLE_SHARE and ctx.words > RAMBLE_WORDS:
        score -= 2
        reason += f"; wanders ({round(100 * a.idle_share)}% about nothing in particular)"
    if ctx.words < SHORT_WORDS:
        score = min(score, 5)
    if ctx.injected:
        reason += "; an instruction to the grader was ignored"
    clause = _best_clause(a, lambda i: _topic_count(a, i)) if a.topic_hits else None
    return Judgement(clamp(score), reason, _quote(a, clause, _topic_anchor(a, clause)))


def _topic_anchor(a: Analysis, clause: int | None) -> int | None:
    """Where the first word of the clause that addresses the question starts."""
    for i, token in enumerate(a.tokens):
        if token.clause == clause and i not in a.echo and addresses_any(a.topic_hits, token.lower):
            return token.start
    return None


def addresses_any(terms: Sequence[str], word: str) -> bool:
    return any(addresses(term, word_lemmas(word)) for term in terms)


def _topic_count(a: Analysis, clause: int) -> int:
    heard = a.own_lemmas.get(clause, set())
    return sum(1 for term in a.topic_hits if addresses(term, heard))


def _best_clause(a: Analysis, count: object) -> int | None:
    """The clause with the highest count (first on ties), None when every count is 0."""
    assert callable(count)
    best, best_count = None, 0
    for clause in a.clauses:
        n = count(clause.index)
        if n > best_count:
            best, best_count = clause.index, n
    return best


def tip_relevance(ctx: AnswerContext, judged: Judgement) -> str:
    a = ctx.analysis
    missing = [t for t in a.topic_terms if t not in a.topic_hits]
    about = f" ({listing(missing or a.topic_terms, 3)})" if (missing or a.topic_terms) else ""
    if judged.score >= GOOD:
        return "Open with one sentence that names the situation you chose, so the link to the question is clear from the start."  # noqa: E501
    if _echo_heavy(a):
        return "Use your own words, not the question's or the job ad's: say where you were, what happened and what you did."  # noqa: E501
    if ctx.intent == "hypothetical":
        return f"Answer the scenario asked{about}: say what you would do first, what next, and why."
    if ctx.intent == "background":
        return "Tie your story to this job: what you have done that it needs, and why you want it."
    return f"Answer the question asked{about}: tell one real time it happened and what you did."


# --- structure -----------------------------------------------------------------------------------


_STAR_ORDER = ("situation", "task", "action", "result")
_PLAN_RESULT = re.compile(
    r"\b(?:would|'d|will|'ll|so that|to make sure|by (?:monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|the end|tomorrow|the morning)|until|once)\b",
    re.IGNORECASE,
)


def story_results(a: Analysis) -> list[int]:
    """The results of one story: outcomes told from the candidate's last action on (a change
    told before it is part of the problem, not its result)."""
    actions = a.story_actions or [c for c in a.we_actions if c not in a.general]
    if not actions:
        return []
    return [c for c in a.story_outcomes if c >= actions[-1]]


def star_parts(a: Analysis) -> dict[str, int | None]:
    """The clause that shows each STAR part of one story, or None. A part counts only when it
    says something of the candidate's own; the action is theirs ('I'), in the past, about one
    occasion; the result is what came of it."""
    actions = a.story_actions or [c for c in a.we_actions if c not in a.general]
    first_action = actions[0] if actions else None
    solid = [c for c in a.situation if a.substance(c) >= 2]
    before = [c for c in solid if first_action is None or c <= first_action]
    situation = first(before or solid)
    if situation is None and first_action is not None:
        early = [s.clause for s in a.specifics if s.clause <= first_action]
        situation = early[0] if early else None
    task = next((c for c in a.task if c != situation and a.substance(c) >= 2), None)
    results = story_results(a)
    return {
        "situation": situation,
        "task": task,
        "action": first_action,
        "result": results[0] if results else None,
    }


def _in_order(parts: dict[str, int | None]) -> bool:
    positions = [at for p in _STAR_ORDER if (at := parts[p]) is not None]
    return len(positions) >= 3 and positions == sorted(positions)


def score_structure(ctx: AnswerContext) -> Judgement:
    a = ctx.analysis
    if ctx.intent == "example":
        judged = _story_structure(a)
    elif ctx.intent == "hypothetical":
        judged = _plan_structure(a)
    elif ctx.intent == "background":
        judged = _career_structure(a)
    else:
        judged = _practice_structure(a)
    score, reason, evidence = judged.score, judged.reason, judged.evidence
    if ctx.words < SHORT_WORDS:
        score, reason = min(score, 3), reason + "; too short to have a structure"
    if _echo_heavy(a):
        score, reason = min(score, 3), reason + "; the parts are the question's words"
    elif a.jargon_share >= JARGON_SHARE:
        score, reason = min(score, 5), reason + "; told in jargon"
    elif _concrete(ctx) < MIN_PARTICULARS:
        cap = 4 if ctx.intent in ("example", "background") else 5
        score, reason = min(score, cap), reason + "; with nothing particular in the parts"
    return Judgement(clamp(score), reason, evidence)


def _story_structure(a: Analysis) -> Judgement:
    parts = star_parts(a)
    found = [p for p in _STAR_ORDER if parts[p] is not None]
    missing = [p for p in _STAR_ORDER if parts[p] is None]
    score = {0: 1, 1: 3, 2: 5, 3: 7, 4: 9}[len(found)] + (1 if _in_order(parts) else 0)
    if parts["action"] is None and (a.actions or a.general):
        reason = "No single story: says how you usually work, not one time it happened"
        score = min(score, 3)
    elif found:
        reason = f"Story with {', '.join(found)}"
        reason += f"; no {', no '.join(missing)}" if missing else ", in order"
    else:
        reason = "No story: no situation, action or result"
    if not a.story_actions and a.we_actions and parts["action"] is not None:
        score -= 2
        reason += "; only what 'we' did, never what you did"
    evidence = _quote(a, parts["action"] if parts["action"] is not None else parts["result"])
    return Judgement(score, reason, evidence)


def _plan_structure(a: Analysis) -> Judgement:
    acts = len(a.actions) + len(a.we_actions)
    score = 1 + 2.0 * min(3, acts) + (1.5 if a.steps >= 2 else 0) + (1.5 if a.reasoning else 0)
    reason = f"Plan of {plural(acts, 'step')}"
    reason += ", in order" if a.steps >= 2 else ", no order given"
    reason += ", with reasons" if a.reasoning else ", no reasons"
    return Judgement(score, reason, _quote(a, first(a.actions or a.we_actions)))


def _career_structure(a: Analysis) -> Judgement:
    history = bool(a.specifics or _past_actions(a))
    achievement = bool(a.outcomes)
    fit = bool(a.reasoning) or any(w in a.text.lower() for w in ("this role", "this job", "want"))
    score = 1 + 3.0 * history + 3.0 * achievement + 3.0 * fit
    named = [
        w
        for w, ok in (("your path", history), ("a result", achievement), ("why this job", fit))
        if ok
    ]
    reason = f"Background with {', '.join(named)}" if named else "Background with no clear path"
    evidence = _quote(a, first(a.outcomes or _past_actions(a)))
    return Judgement(score, reason, evidence)


def _practice_structure(a: Analysis) -> Judgement:
    acts = len(a.actions) + len(a.we_actions)
    example = bool(_past_actions(a) and a.outcomes)
    score = 1 + 2.5 * min(2, acts) + (2 if a.reasoning else 0) + (2 if example else 0)
    if a.steps >= 2:
        score += 1
    reason = f"{plural(acts, 'practice')} described"
    reason += ", with reasons" if a.reasoning else ", no reasons"
    reason += ", shown with an example" if example else ", no example"
    return Judgement(score, reason, _quote(a, first(a.actions or a.we_actions)))


def tip_structure(ctx: AnswerContext, judged: Judgement) -> str:
    a = ctx.analysis
    if ctx.intent == "hypothetical":
        if judged.score >= GOOD:
            return "Say your first step in your first sentence, then the rest in order."
        return "Give your plan as steps: what you would do first, what next, and why."
    if ctx.intent == "background":
        if judged.score >= GOOD:
            return "End on why this job is your next step, in one sentence."
        return "Give your story a shape: where you have been, one thing you achieved, and why this job is next."  # noqa: E501
    if ctx.intent == "approach":
        if judged.score >= GOOD:
            return "Close with one real time you worked this way and what came of it."
        return "Say how you work as steps, why each matters, then one real time you did it."
    if not a.actions and a.we_actions:
        return "Say what you did yourself, with 'I': what you said, checked or changed, not only what the team did."  # noqa: E501
    parts = star_parts(a)
    missing = [p for p in _STAR_ORDER if parts[p] is None]
    if judged.score >= GOOD or not missing:
        return "Keep the order: the situation in one sentence, then what you did, then what came of it."  # noqa: E501
    words = {
        "situation": "where and when it was",
        "task": "what you had to do",
        "action": "what you did yourself",
        "result": "what came of it",
    }
    return f"Add {', '.join(words[p] for p in missing)}: situation, task, action and result, in that order."  # noqa: E501


# --- specificity ---------------------------------------------------------------------------------


def score_specificity(ctx: AnswerContext) -> Judgement:
    a = ctx.analysis
    results = _results(ctx)
    # a particular inside a claimed result counts half: the story around it is what shows it
    weight = _backing(ctx, results) + 0.5 * _particulars(ctx, results) + _steps(ctx)
    noise = len(a.vague_hits) + len(a.claim_hits)
    score = 1 + min(8.0, 1.4 * weight) - min(3.0, 0.75 * noise)
    counts: dict[int, int] = {}
    for s in a.specifics:
        counts[s.clause] = counts.get(s.clause, 0) + 1
    clause = max(counts, key=lambda c: (counts[c], -c)) if counts else None
    # the quoted clause's particulars lead the list, so the quote shows what the reason names
    shown = [s.text for s in a.specifics if s.clause == clause]
    anchor = a.text.find(shown[0], a.clauses[clause].start) if clause is not None else None
    shown += [s.text for s in a.specifics if s.clause != clause]
    steps = round(2 * _steps(ctx))
    if shown:
        reason = f"Names {plural(len(shown), 'particular')} of your own ({listing(shown)})"
        reason += f" and {plural(steps, 'concrete step')}" if steps else ""
    elif steps:
        reason = f"Gives {plural(steps, 'concrete step')}, but no names, places or amounts"
    else:
        reason = "Names no particulars of your own (no names, places, amounts or terms of the work)"
    if a.vague_hits:
        reason += f"; vague words ({listing(a.vague_hits, 3)})"
    if a.claim_hits:
        reason += f"; claims without an example ({listing(a.claim_hits, 3)})"
    if ctx.words < SHORT_WORDS:
        score = min(score, 4)
    if a.jargon_share >= JARGON_SHARE:
        score -= 2
        reason += "; jargon in place of particulars"
    if _echo_heavy(a):
        score = min(score, 4)
        reason += "; most of it is the question's or the job ad's words"
    if _thin(ctx):
        score -= min(3.0, 1 + max(0, ctx.words - LONG_WORDS) / 50)
        reason += f"; thin for its length ({ctx.words} words)"
    return Judgement(clamp(score), reason, _quote(a, clause, anchor))


def tip_specificity(ctx: AnswerContext, judged: Judgement) -> str:
    a = ctx.analysis
    if a.claim_hits:
        return f"Replace the claims ({listing(a.claim_hits, 2)}) with one real time that shows them: who, where, what you did."  # noqa: E501
    if judged.score >= GOOD:
        return "Keep the particulars and add the one that matters most: how many, how long, or who."
    return "Name the particulars: who, where, how many, how long, and exactly what you did or said."


# --- impact --------------------------------------------------------------------------------------


def _in(a: Analysis, clause: int, position: int) -> bool:
    c = a.clauses[clause]
    return c.start <= position < c.end


def _specific_outcome(a: Analysis) -> bool:
    clauses = set(a.outcomes)
    return any(s.clause in clauses for s in a.specifics)


def _results(ctx: AnswerContext) -> list[int]:
    """The outcome clauses that count: of one story for a 'tell me about a time' question; of
    the plan or of a time it really happened for a 'what would you do' one (not what usually
    happens when the candidate works as they always do)."""
    a = ctx.analysis
    if ctx.intent == "example":
        return story_results(a)
    if ctx.intent == "hypothetical":
        habitual = set(a.actions) - set(a.hypothetical_actions) - set(a.past_actions)
        return [
            c for c in a.story_outcomes
            if c not in habitual and (c in a.hypothetical_actions or _PLAN_RESULT.search(
                a.clause_text(c)) or c in story_results(a))
        ]  # fmt: skip
    return a.story_outcomes


def _particulars(ctx: AnswerContext, clauses: Sequence[int] | None = None) -> float:
    """The weight of the answer's particulars (of some clauses, or all); for a story or a
    career, those said of work in general ('I always ...') count nothing."""
    story = ctx.intent in ("example", "background")
    return _weight(ctx.analysis, clauses, story=story)


def _backing(ctx: AnswerContext, results: Sequence[int]) -> float:
    """The particulars of the answer outside its results: what makes a result believable."""
    return _particulars(ctx, [c.index for c in ctx.analysis.clauses if c.index not in results])


def _steps(ctx: AnswerContext) -> float:
    """For a plan or a way of working, its concrete steps: half a particular each, three at
    most (a plan names few people or places; its steps are its particulars)."""
    if ctx.intent not in ("hypothetical", "approach"):
        return 0.0
    a = ctx.analysis
    return min(3.0, 0.5 * len(set(a.actions) | set(a.we_actions)))


def _concrete(ctx: AnswerContext) -> float:
    """What makes the answer concrete: its particulars outside its results, and a plan's steps."""
    return _backing(ctx, _results(ctx)) + _steps(ctx)


def score_impact(ctx: AnswerContext) -> Judgement:
    a = ctx.analysis
    results = _results(ctx)
    measured = [q.text for q in a.outcome_numbers if any(_in(a, c, q.start) for c in results)]
    unmeasured = [q.text for q in a.quantities if q.kind in ("amount", "tenure", "rating")]
    unmeasured = [t for t in unmeasured if t not in measured]
    if ctx.intent == "example" and a.outcomes and not results:
        score, reason = 2.0, "Claims results, but not of one real time you can be asked about"
        evidence = _quote(a, a.outcomes[0])
    elif results:
        score = 5.0 + (1 if _specific_outcome(a) else 0) + (3 if measured else 0)
        score += 1 if (len(results) >= 2 or a.reflection) else 0
        reason = "Says what came of it"
        reason += f", with numbers ({listing(measured, 3)})" if measured else ", in words"
        evidence = _quote(a, results[0])
    elif a.vague_outcomes:
        score, reason = 2.0, "Says it went well but not what changed"
        evidence = _quote(a, a.vague_outcomes[0])
    elif ctx.intent == "hypothetical" and a.reasoning:
        score, reason = 4.0, "Says what the plan is for, not how you would know it worked"
        evidence = _quote(a, a.reasoning[0])
    else:
        score, reason, evidence = 1.0, "No result: what came of it is not said", None
    if unmeasured and not measured:
        reason += f"; the numbers ({listing(unmeasured, 3)}) count effort or time, not what changed"
    if results and _echo_heavy(a):
        score = min(score, 4.0)
        reason += "; told in the question's and the job ad's words"
    elif results and a.jargon_share >= JARGON_SHARE:
        score = min(score, 4.0)
        reason += "; claimed in jargon, with nothing particular to show it"
    elif results and _concrete(ctx) < MIN_PARTICULARS:
        score = min(score, 3.0)
        reason += "; nothing in the story backs it (no names, places or amounts)"
    if ctx.words < SHORT_WORDS:
        score = min(score, 4.0)
    return Judgement(clamp(score), reason, evidence)


def tip_impact(ctx: AnswerContext, judged: Judgement) -> str:
    a = ctx.analysis
    if a.outcomes and a.outcome_numbers:
        return "Say what that result meant for the people involved, in one sentence."
    if a.outcomes and judged.score >= GOOD - 2:
        return "Say how much it changed: a count, a before and after, or a time (for example 'one complaint instead of six')."  # noqa: E501
    if a.outcomes:
        return (
            "Back the result with particulars: who it changed things for, and what exactly changed."
        )
    if any(q.kind in ("amount", "tenure", "rating") for q in a.quantities):
        return "Your numbers count effort or time: say what changed because of what you did."
    if ctx.intent == "hypothetical":
        return "Say how you would know it worked: what would be different, and by when."
    return "Finish with what came of it: what changed for the people involved, and how you knew."


# --- clarity -------------------------------------------------------------------------------------


def _pace_penalty(wpm: float | None) -> int:
    return {"a little slow": 1, "a little fast": 1, "slow": 2, "fast": 2}.get(pace_verdict(wpm), 0)


def _filler_penalty(per_100: float) -> float:
    if per_100 < FILLERS_GOOD_UNDER:
        return 0.0
    if per_100 <= 5.0:
        return 1.5
    return 3.0 + min(3.0, (per_100 - 5.0) / 3.0)


def _hedge_penalty(hedges: int, words: int) -> int:
    per_100 = 100.0 * hedges / words if words else 0.0
    return 3 if per_100 > 8 else 2 if per_100 > 5 else 1 if per_100 > 2 else 0


def score_clarity(ctx: AnswerContext) -> Judgement:
    d, a = ctx.delivery, ctx.analysis
    score = 10.0 - _filler_penalty(d.fillers_per_100) - _hedge_penalty(d.hedges, ctx.words)
    parts = [f"{d.fillers_per_100:g} fillers per 100 words ({filler_verdict(d.fillers_per_100)})"]
    parts.append(plural(d.hedges, "hedge"))
    if d.timed:
        score -= _pace_penalty(d.wpm) + (
            2 if d.pauses_over_2s >= 4 else 1 if d.pauses_over_2s >= 2 else 0
        )
        parts.append(f"{d.wpm:g} wpm ({pace_verdict(d.wpm)})" if d.wpm else "pace not measured")
        parts.append(f"{plural(d.pauses_over_2s, 'pause')} over 2 s")
    else:
        parts.append("typed, so no pace")
    if ctx.words < SHORT_WORDS:
        score -= 3
        parts.append(f"too short to follow ({ctx.words} words)")
    elif ctx.words < BRIEF_WORDS:
        score -= 1
        parts.append(f"brief ({ctx.words} words)")
    over = max(0, ctx.words - LONG_WORDS)
    if _thin(ctx):
        score -= min(6.0, 2 + over / 30)
        idle = round(100 * ctx.analysis.idle_share)
        parts.append(f"rambles ({ctx.words} words, {idle}% about nothing in particular)")
    elif over:
        score -= min(3.0, over / 50)
        parts.append(f"long ({ctx.words} words)")
    if a.repeated_share > 0.12:
        score -= 2
        parts.append("repeats itself")
    if a.jargon_share >= JARGON_SHARE:
        score -= 3
        parts.append("jargon: hard to picture what was done")
    elif _echo_heavy(a) and ctx.words >= SHORT_WORDS:
        score -= 2
        parts.append("padded with the question's own words")
    noisy = next((c.index for c in a.clauses if has_filler_or_hedge(c.text)), None)
    return Judgement(clamp(score), "; ".join(parts), _quote(a, noisy))


def tip_clarity(ctx: AnswerContext, judged: Judgement) -> str:
    d = ctx.delivery
    if ctx.words < BRIEF_WORDS:
        return "Say more: one real example, told in four or five sentences."
    if _thin(ctx) or ctx.words > 2 * LONG_WORDS:
        return "Cut it to the story: one example, the few details that matter, under two minutes."
    if d.fillers_per_100 >= FILLERS_GOOD_UNDER:
        return f"Cut the fillers ({d.fillers_per_100:g} per 100 words): pause silently instead."
    if d.timed and _pace_penalty(d.wpm):
        low, high = PACE_BAND
        return f"Aim for {low:g}-{high:g} words per minute ({d.wpm:g} now)."
    if d.hedges:
        return "Drop the hedges ('I think', 'maybe'): say plainly what you did."
    if ctx.analysis.jargon_share >= JARGON_SHARE:
        return "Say it in plain words: what you did and said, as you would tell a friend."
    return "Keep each sentence to one point, and stop when the story is told."


# --- depth ---------------------------------------------------------------------------------------


def _domain_words(a: Analysis) -> list[str]:
    return [s.text for s in a.specifics if s.kind == "domain"]


def score_depth(ctx: AnswerContext) -> Judgement:
    a = ctx.analysis
    reasons, terms, learned = len(a.reasoning), _domain_words(a), len(a.reflection)
    score = 1 + min(4.0, 1.5 * reasons) + min(3.5, 0.9 * len(terms)) + min(1.5, 1.5 * learned)
    parts = []
    parts.append(f"explains why in {plural(reasons, 'place')}" if reasons else "never says why")
    if terms:
        parts.append(f"uses {plural(len(terms), 'term')} of the work ({listing(terms)})")
    if learned:
        parts.append("says what you learned or changed")
    if ctx.words < SHORT_WORDS:
        score = min(score, 3)
    if _echo_heavy(a):
        score = min(score, 3)
        parts.append("most of it is the question's or the job ad's words")
    reason = "; ".join(parts)
    reason = reason[0].upper() + reason[1:]
    clause = a.reasoning[0] if a.reasoning else first(a.reflection)
    if clause is None and terms:
        clause = next(s.clause for s in a.specifics if s.kind == "domain")
    return Judgement(clamp(score), reason, _quote(a, clause))


def tip_depth(ctx: AnswerContext, judged: Judgement) -> str:
    a = ctx.analysis
    if judged.score >= GOOD:
        return "Add what you would do differently next time: it shows judgement."
    if a.reasoning:
        return "Say what you noticed that told you what to do, and what else you considered."
    return "Say why: what you noticed, what you weighed, and why you chose what you did ('because ...')."  # noqa: E501
