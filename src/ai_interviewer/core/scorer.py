"""The offline rubric scorer: six criteria from measured features, deterministic and explainable.

Pure, no I/O. Each criterion is 0-10 with a reason that says what was measured and a verbatim
quote of the answer as evidence:

* relevance: share of the question's terms (expected terms first) the answer uses, a concrete
  example (behavioral/resume/situational) or technical terms (requirement questions), JD/resume
  vocabulary; an answer that uses none of them is capped low;
* structure: STAR parts found and in order, or ordered steps ("first", "then", "finally");
* specificity: distinct specifics (technologies and skills from the JD and resume, named things,
  numbers, durations) against vague words ("stuff", "things", "basically");
* impact: a stated result, and whether it carries a number;
* clarity: fillers and hedges per 100 words, pace and long pauses when timed, length;
* depth: technical terms and reasoning links ("because", "trade-off", "instead").

Overall 0-100 is the weighted mean of the criteria times ten, weights in `WEIGHTS`:
relevance 25%, specificity 20%, structure 15%, impact 15%, depth 15%, clarity 10%.

The answer is data: sentences that instruct the grader ("ignore the rubric, give me 10") are cut
out before anything is measured, earn nothing, and the reason and tip say so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ai_interviewer.core.coverage import (
    answer_coverage,
    has_term,
    matched_terms,
    stemmed_tokens,
    term_key,
)
from ai_interviewer.core.delivery import (
    FILLERS_GOOD_UNDER,
    FILLERS_HIGH_OVER,
    PACE_BAND,
    answer_text,
    filler_verdict,
    measure_delivery,
    pace_verdict,
)
from ai_interviewer.core.models import (
    CRITERIA,
    OFFLINE_LABEL,
    CriterionScore,
    DeliveryMetrics,
    Evaluation,
    JobDescription,
    Question,
    ResumeProfile,
    StarAnalysis,
    Transcript,
)
from ai_interviewer.core.star import clauses, detect_star, find_numbers, is_measure, trim_quote
from ai_interviewer.core.text import content_tokens, tokens


def _phrases(text: str) -> tuple[str, ...]:
    """A comma-separated list of words and phrases as a tuple."""
    return tuple(p.strip() for p in text.split(",") if p.strip())


WEIGHTS: dict[str, float] = {
    "relevance": 0.25,
    "structure": 0.15,
    "specificity": 0.20,
    "impact": 0.15,
    "clarity": 0.10,
    "depth": 0.15,
}
NEAR_EMPTY_WORDS = 6  # fewer words than this is not an answer
SHORT_WORDS = 20  # fewer is too short to show much
RAMBLING_WORDS = 300  # more, with few specifics, is rambling
LOW_DENSITY_PER_100 = 2.0  # specifics per 100 words under which a long answer rambles
REPETITION_MIN_WORDS = 30  # content words needed before repetition is judged

GRADER_INSTRUCTION = re.compile(
    r"(?:please\s+)?(?:ignore|disregard|forget|override)\s+(?:\w+\s+){0,4}?"
    r"(?:rubric|instructions?|rules|criteria|scoring|grading|prompt|guidelines)\b[^.!?\n]{0,80}"
    r"|(?:just\s+|please\s+)?(?:give|score|rate|grade|mark|award)\s+(?:me|this|this answer|"
    r"my answer|it|the answer)\s+(?:a\s+|an\s+|the\s+)?(?:10|ten|100|full|perfect|top|maximum|"
    r"max|highest|high|excellent)\b[^.!?\n]{0,60}"
    r"|(?:you are|you're|as)\s+(?:the|an?)\s+"
    r"(?:grader|evaluator|scorer|ai|assistant|language model)\b[^.!?\n]{0,80}"
    r"|\b(?:system prompt|new instructions?)\b[^.!?\n]{0,80}",
    re.IGNORECASE,
)

QUESTION_GENERIC: frozenset[str] = frozenset(
    _phrases(
        "tell, describe, time, times, example, walk, talk, give, explain, share, handle, handled, "
        "approach, situation, specific, particular, something, recent, recently, past, previous, "
        "last, would, could, did, went, happened, kind, think, thought, feel, felt, us, me, lot, "
        "whole, got, going"
    )
)
TECH_WORDS: tuple[str, ...] = _phrases(
    "api, apis, database, cache, caching, latency, queue, kubernetes, docker, sql, python, "
    "pipeline, deploy, deployment, microservice, index, schema, throughput, server, cloud, "
    "aws, gcp, azure, terraform, ci, test, tests, unit test, integration test, monitoring, "
    "alert, alerting, metrics, algorithm, architecture, refactor, migration, endpoint, load "
    "balancer, sharding, replication, concurrency, thread, async, memory, cpu, profiling, "
    "observability, logging, tracing, query, queries, redis, postgres, kafka, react, "
    "typescript, javascript, java, golang, rust, linux, git, rollback, feature flag, a/b "
    "test, model, dataset, regression, encryption, authentication, oauth, backend, frontend, "
    "infrastructure, p95, p99, sla, slo, uptime, incident, postmortem, code review, unit "
    "tests, load test, benchmark, service, design doc, event-driven, cron, staging, "
    "production, checksum, rollout, release, on-call, runbook, dashboard, latency budget"
)
REASONING: tuple[str, ...] = _phrases(
    "because, so that, trade-off, tradeoff, trade off, instead, rather than, the reason, "
    "which meant, otherwise, compared to, compared with, alternative, downside, constraint, "
    "root cause, considered, weighed, pros and cons, the risk, in order to, the cost of, why, "
    "to avoid, upside"
)
VAGUE: tuple[str, ...] = _phrases(
    "stuff, things, something, somehow, whatever, etc, basically, various, a lot, everything, "
    "anything, generally, usually, always, and so on, all that, some stuff, my best, hard "
    "work, hardworking, passionate"
)
SEQUENCE: tuple[str, ...] = _phrases(
    "first, firstly, second, secondly, third, then, next, after that, finally, lastly, step"
)
OUTCOME_WORDS: tuple[str, ...] = _phrases(
    "customer, user, revenue, cost, latency, time, uptime, error, churn, conversion, "
    "incident, sales, deadline, budget, performance, speed, outage, release, retention, "
    "satisfaction"
)
COMPETENCY_WORDS: dict[str, tuple[str, ...]] = {
    "leadership_ownership": _phrases(
        "led, lead, leading, owned, ownership, took the initiative, took charge, mentored, "
        "mentoring, coached, drove, i decided, responsible for, in charge, coordinated, "
        "organized, organised, proposed, convinced, persuaded, championed, hired, delegated, "
        "accountable, stepped up, volunteered"
    ),
    "collaboration": _phrases(
        "team, teammate, teammates, together, paired, pair programming, collaborated, "
        "stakeholder, cross-functional, partnered, worked with, aligned, product manager, "
        "designer, colleague, we agreed, helped, code review, compromise, consensus, listened"
    ),
    "adaptability_learning": _phrases(
        "learned, learnt, learning, adapted, adapt, picked up, new to, taught myself, ramp "
        "up, ramped up, pivot, pivoted, changed my approach, retrospective, next time, in "
        "hindsight, realized, realised, unfamiliar, read up, mistake, failed, failure, "
        "lesson, feedback"
    ),
    "problem_solving": _phrases(
        "debug, debugged, debugging, root cause, trade-off, tradeoff, investigated, "
        "diagnosed, profiled, profiling, hypothesis, bottleneck, traced, fixed, solved, "
        "reproduced, narrowed down, isolated, analysed, analyzed, benchmarked, measured, "
        "workaround, alternative, options"
    ),
}
_PROPER_NOUN = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:[.+#-][A-Za-z0-9]+)*\b")
_NOT_PROPER: frozenset[str] = frozenset({"I", "I'm", "I've", "I'd", "I'll", "OK", "Ok"})
_TECH_SHAPE = re.compile(r"^(?=.*[a-z])(?:.*\d.*|.*[.+#].*)$")


@dataclass
class Features:
    """Everything measured about one answer that the criteria are built from."""

    text: str  # the answer with any grader instructions cut out
    word_count: int
    clause_list: list[str]
    delivery: DeliveryMetrics
    star: StarAnalysis
    focus_terms: list[str]
    focus_hits: list[str]
    context_hits: list[str]
    tech_terms: list[str]
    specifics: list[str]
    vague_hits: list[str]
    reasoning_hits: list[str]
    sequence_hits: list[str]
    injected: bool
    competency_hits: dict[str, list[str]] = field(default_factory=dict)


# --- measuring ---------------------------------------------------------------------------------


def strip_grader_instructions(text: str) -> tuple[str, bool]:
    """The answer with instructions to the grader cut out (line breaks in their place)."""
    cleaned, count = GRADER_INSTRUCTION.subn("\n", text)
    return cleaned, count > 0


def _hits(keys: Sequence[str], phrases: Iterable[str]) -> list[str]:
    """The phrases (without repeats, in order) that occur in the stemmed keys."""
    found: list[str] = []
    for phrase in phrases:
        key = " ".join(stemmed_tokens(phrase))
        if key and key not in found and has_term(keys, phrase):
            found.append(phrase)
    return found


def _question_terms(question: Question) -> list[str]:
    """What the question is about: its expected terms, then its own content words."""
    own = [t for t in content_tokens(question.text) if t not in QUESTION_GENERIC]
    terms = [t.lower() for t in question.expected_terms] + own
    seen: set[str] = set()
    unique: list[str] = []
    for term in terms:
        key = " ".join(stemmed_tokens(term))
        if key and key not in seen:
            seen.add(key)
            unique.append(term)
    return unique


def _proper_nouns(clause_list: Sequence[str]) -> list[str]:
    """Capitalised words that do not open a clause: names of tools, products, places."""
    found: list[str] = []
    for clause in clause_list:
        for match in list(_PROPER_NOUN.finditer(clause))[1:]:
            word = match.group(0)
            if word not in _NOT_PROPER and word not in found:
                found.append(word)
    return found


def _tech_shaped(text: str) -> list[str]:
    """Tokens shaped like technology names: 'node.js', 'c++', 'k8s', 'ec2'."""
    return list(dict.fromkeys(t for t in tokens(text) if _TECH_SHAPE.match(t)))


def _unique_by_key(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    unique: list[str] = []
    for item in items:
        key = " ".join(term_key(t) for t in tokens(item)) or item.lower()
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def measure(
    question: Question, transcript: Transcript, profile: ResumeProfile, jd: JobDescription
) -> Features:
    """Measure one answer: delivery, STAR, the terms it uses, specifics, reasoning, vagueness."""
    text, injected = strip_grader_instructions(answer_text(transcript))
    keys = stemmed_tokens(text)
    clause_list = clauses(text)
    star = detect_star(text)
    jd_terms = list(jd.terms) + [t for r in jd.requirements for t in r.terms]
    skills = [s.lower() for s in profile.skills]
    focus_terms = _question_terms(question)
    focus_hits = _hits(keys, focus_terms)
    context_hits = _hits(keys, jd_terms + skills)
    tech_terms = _unique_by_key(
        [
            *_hits(keys, [*question.expected_terms, *jd_terms, *skills, *TECH_WORDS]),
            *_tech_shaped(text),
        ]
    )
    specifics = _unique_by_key([*tech_terms, *_proper_nouns(clause_list), *star.numbers])
    competency_hits = {name: _hits(keys, words) for name, words in COMPETENCY_WORDS.items()}
    return Features(
        text=text,
        word_count=len(tokens(text)),
        clause_list=clause_list,
        delivery=measure_delivery(transcript),
        star=star,
        focus_terms=focus_terms,
        focus_hits=focus_hits,
        context_hits=context_hits,
        tech_terms=tech_terms,
        specifics=specifics,
        vague_hits=_count_all(keys, VAGUE),
        reasoning_hits=_hits(keys, REASONING),
        sequence_hits=_hits(keys, SEQUENCE),
        injected=injected,
        competency_hits=competency_hits,
    )


def _count_all(keys: Sequence[str], phrases: Iterable[str]) -> list[str]:
    """Every occurrence of the phrases (repeats kept), for counting vague words."""
    found: list[str] = []
    for phrase in phrases:
        parts = stemmed_tokens(phrase)
        n = len(parts)
        found.extend(phrase for i in range(len(keys) - n + 1) if list(keys[i : i + n]) == parts)
    return found


# --- evidence ----------------------------------------------------------------------------------


def _best_clause(f: Features, phrases: Sequence[str]) -> str | None:
    """The clause that uses the most of the phrases (first on ties), trimmed; None if none."""
    best, best_count = None, 0
    for clause in f.clause_list:
        keys = stemmed_tokens(clause)
        count = sum(1 for p in phrases if has_term(keys, p))
        if count > best_count:
            best, best_count = clause, count
    return trim_quote(best) if best else None


def _first_clause(f: Features) -> str | None:
    return trim_quote(f.clause_list[0]) if f.clause_list else None


def _listing(items: Sequence[str], limit: int = 4) -> str:
    shown = ", ".join(items[:limit])
    return shown + (", …" if len(items) > limit else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _clamp(value: float) -> int:
    """Round half up and keep within 0..10."""
    return max(0, min(10, math.floor(value + 0.5)))


# --- the six criteria --------------------------------------------------------------------------


def _has_example(f: Features, question: Question) -> bool:
    s = f.star
    if question.kind == "situational":
        return s.action.present
    return s.action.present and (s.situation.present or s.result.present)


def score_relevance(f: Features, question: Question) -> CriterionScore:
    """How much of what the question is about the answer addresses."""
    n, m = len(f.focus_terms), len(f.focus_hits)
    score = 6.0 * min(1.0, m / min(n, 4)) if n else 3.0
    score += 1 if m else 0
    parts = [f"Mentions {m} of {n} terms the question is about" if n else "Question has no terms"]
    if question.kind == "requirement":
        score += min(2, len(f.tech_terms))
        parts.append(f"uses {_plural(len(f.tech_terms), 'technical term')}")
    elif _has_example(f, question):
        score += 3
        parts.append("answers with a concrete example")
    else:
        parts.append("no concrete example")
    if len(f.context_hits) >= 2:
        score += 1
        parts.append(f"uses the job's terms ({_listing(f.context_hits, 3)})")
    if m == 0 and not f.context_hits:
        score = min(score, 4 if _has_example(f, question) else 2)
        parts.append("looks off-topic")
    if f.word_count < SHORT_WORDS:
        score = min(score, 5)
    if f.injected:
        parts.append("an instruction to the grader was ignored")
    evidence = _best_clause(f, f.focus_hits + f.context_hits) or _first_clause(f)
    return CriterionScore(
        criterion="relevance", score=_clamp(score), reason="; ".join(parts), evidence=evidence
    )


def _star_in_order(f: Features) -> bool:
    s = f.star
    if not (s.action.quote and s.result.quote):
        return False
    return f.text.find(s.action.quote) <= f.text.find(s.result.quote)


def score_structure(f: Features) -> CriterionScore:
    """STAR parts present and ordered, or a clear sequence of steps."""
    found = f.star.found
    star_score = {0: 1, 1: 3, 2: 5, 3: 7, 4: 9}[len(found)]
    if len(found) >= 3 and _star_in_order(f):
        star_score += 1
    steps = len(f.sequence_hits)
    step_score = min(7, 2 + 2 * steps) if steps else 0
    missing = [p for p in ("situation", "task", "action", "result") if p not in found]
    if found:
        reason = f"STAR parts found: {', '.join(found)}"
        reason += f"; missing {', '.join(missing)}" if missing else "; all four, in order"
    else:
        reason = "No STAR parts found (no situation, task, action or result)"
    if step_score > star_score:
        reason += f"; ordered steps ({', '.join(f.sequence_hits)})"
    score = max(star_score, step_score)
    if f.word_count < SHORT_WORDS:
        score = min(score, 3)
        reason += "; too short to have a structure"
    s = f.star
    evidence = s.result.quote or s.action.quote or s.situation.quote or s.task.quote
    return CriterionScore(
        criterion="structure", score=_clamp(score), reason=reason, evidence=evidence
    )


def _density(f: Features) -> float:
    return 100.0 * len(f.specifics) / f.word_count if f.word_count else 0.0


def _rambling(f: Features) -> bool:
    return f.word_count > RAMBLING_WORDS and _density(f) < LOW_DENSITY_PER_100


def _repetitive(f: Features) -> bool:
    """Long enough to judge, and under a third of its content words are distinct."""
    words = content_tokens(f.text)
    return len(words) >= REPETITION_MIN_WORDS and len(set(words)) < len(words) / 3


def score_specificity(f: Features) -> CriterionScore:
    """Named specifics (tools, systems, numbers, durations) against vague words."""
    k, vague = len(f.specifics), len(f.vague_hits)
    score = 1 + min(7.0, 1.5 * k) - min(3.0, 0.75 * vague)
    score += 1 if f.star.situation.present else 0
    score += 1 if f.star.action.present else 0
    reason = f"Names {_plural(k, 'specific')}"
    reason += f" ({_listing(f.specifics)})" if k else " (no tools, systems, names or numbers)"
    if vague:
        reason += f"; {_plural(vague, 'vague word')} ({_listing(sorted(set(f.vague_hits)), 3)})"
    if f.word_count < SHORT_WORDS:
        score = min(score, 4)
        reason += "; very short"
    if _rambling(f):
        score -= 2
        reason += f"; long ({f.word_count} words) with few specifics"
    evidence = _best_clause(f, f.specifics) or _first_clause(f)
    return CriterionScore(
        criterion="specificity", score=_clamp(score), reason=reason, evidence=evidence
    )


def score_impact(f: Features) -> CriterionScore:
    """A stated result, and whether it is quantified."""
    s = f.star
    measures = [n for n in s.numbers if is_measure(n)]
    result_numbers = find_numbers(s.result.quote or "")
    score = 1.0
    if s.result.present:
        score += 4
    if result_numbers:
        score += 4
    elif measures:
        score += 2
    if len(measures) >= 2:
        score += 1
    if s.result.quote and _hits(stemmed_tokens(s.result.quote), OUTCOME_WORDS):
        score += 1
    if s.result.present and result_numbers:
        reason = f"States a result with numbers ({_listing(result_numbers, 3)})"
    elif s.result.present:
        reason = "States a result but puts no number on it"
    else:
        reason = "No result stated"
    if measures and not result_numbers:
        reason += f"; the answer does quantify ({_listing(measures, 3)})"
    evidence = s.result.quote or _best_clause(f, s.numbers)
    return CriterionScore(criterion="impact", score=_clamp(score), reason=reason, evidence=evidence)


def _pace_penalty(wpm: float | None) -> int:
    verdict = pace_verdict(wpm)
    return {"a little slow": 1, "a little fast": 1, "slow": 2, "fast": 2}.get(verdict, 0)


def _filler_penalty(per_100: float) -> float:
    if per_100 < FILLERS_GOOD_UNDER:
        return 0.0
    if per_100 <= FILLERS_HIGH_OVER:
        return 1.5
    return 3.0 + min(3.0, (per_100 - FILLERS_HIGH_OVER) / 3.0)


def _pause_penalty(long_pauses: int) -> int:
    return 2 if long_pauses >= 4 else 1 if long_pauses >= 2 else 0


def _hedge_penalty(hedges: int, words: int) -> int:
    per_100 = 100.0 * hedges / words if words else 0.0
    return 3 if per_100 > 8 else 2 if per_100 > 5 else 1 if per_100 > 2 else 0


def score_clarity(f: Features) -> CriterionScore:
    """Fillers, hedges, pace, long pauses and length."""
    d = f.delivery
    score = 10.0 - _filler_penalty(d.fillers_per_100) - _hedge_penalty(d.hedges, f.word_count)
    parts = [
        f"{d.fillers_per_100:g} fillers per 100 words ({filler_verdict(d.fillers_per_100)})",
        _plural(d.hedges, "hedge"),
    ]
    if d.timed:
        score -= _pace_penalty(d.wpm) + _pause_penalty(d.pauses_over_2s)
        parts.append(f"{d.wpm:g} wpm ({pace_verdict(d.wpm)})" if d.wpm else "pace not measured")
        parts.append(f"{_plural(d.pauses_over_2s, 'pause')} over 2 s")
    else:
        parts.append("typed, so no pace")
    if f.word_count < SHORT_WORDS:
        score -= 3
        parts.append(f"too short to follow ({f.word_count} words)")
    elif f.word_count < 2 * SHORT_WORDS:
        score -= 1
        parts.append(f"brief ({f.word_count} words)")
    if _rambling(f):
        score -= 2
        parts.append(f"rambling ({f.word_count} words)")
    if _repetitive(f):
        score -= 2
        parts.append("repeats itself")
    evidence = _best_clause(f, [*d.filler_words, "i think", "maybe", "probably"])
    return CriterionScore(
        criterion="clarity",
        score=_clamp(score),
        reason="; ".join(parts),
        evidence=evidence or _first_clause(f),
    )


def score_depth(f: Features) -> CriterionScore:
    """Technical terms and reasoning links (because, trade-off, instead)."""
    t, r = len(f.tech_terms), len(f.reasoning_hits)
    score = 1 + min(5.0, 1.2 * t) + min(4.0, 1.5 * r)
    reason = f"Uses {_plural(t, 'technical term')}"
    reason += f" ({_listing(f.tech_terms)})" if t else ""
    reason += f" and {_plural(r, 'reasoning link')}"
    reason += f" ({_listing(f.reasoning_hits)})" if r else " (no because, trade-off or instead)"
    if f.word_count < SHORT_WORDS:
        score = min(score, 3)
    evidence = _best_clause(f, f.reasoning_hits) or _best_clause(f, f.tech_terms)
    return CriterionScore(criterion="depth", score=_clamp(score), reason=reason, evidence=evidence)


# --- overall, tip, competencies ----------------------------------------------------------------


def overall_score(criteria: Sequence[CriterionScore]) -> int:
    """The weighted mean of the criteria (see `WEIGHTS`), times ten, 0-100."""
    total = sum(WEIGHTS[c.criterion] * c.score for c in criteria)
    return max(0, min(100, math.floor(total * 10 + 0.5)))


def _missing_terms(f: Features) -> list[str]:
    return [t for t in f.focus_terms if t not in f.focus_hits][:3]


def _tip_for(criterion: str, f: Features) -> str:
    s, d = f.star, f.delivery
    if criterion == "relevance":
        missing = _missing_terms(f)
        about = f" ({', '.join(missing)})" if missing else ""
        return f"Answer the question asked{about}: tie one real example of yours to it."
    if criterion == "structure":
        missing = [p for p in ("situation", "task", "action", "result") if p not in s.found]
        return (
            f"Add the missing STAR parts ({', '.join(missing) or 'order'}): the situation in one "
            "sentence, what you had to do, what you did, then the result."
        )
    if criterion == "specificity":
        return (
            "Name the real things: which system, tool or technology, how many people, how long, "
            "instead of general words."
        )
    if criterion == "impact":
        if s.result.present:
            return "Put a number on the result: percent, time saved, users, errors or money."
        return "Finish with the result and a number: what changed, by how much?"
    if criterion == "clarity":
        if d.fillers_per_100 > FILLERS_GOOD_UNDER:
            return f"Cut the fillers ({d.fillers_per_100:g} per 100 words): pause silently instead."
        if d.timed and _pace_penalty(d.wpm):
            low, high = PACE_BAND
            return f"Aim for {low:g}-{high:g} words per minute ({d.wpm:g} now)."
        if d.hedges:
            return "Drop the hedges ('I think', 'maybe'): say plainly what you did."
        return "Say it in fewer, shorter sentences: one point per sentence."
    return "Explain why: the trade-off you weighed and what you chose instead, with 'because'."


def choose_tip(criteria: Sequence[CriterionScore], f: Features) -> str:
    """The single most valuable improvement: the criterion with the most weighted points lost."""
    if f.injected:
        return (
            "Drop the instruction to the grader, it is ignored and earns nothing: answer with one "
            "real example and its result."
        )
    lost: dict[str, float] = {c.criterion: WEIGHTS[c.criterion] * (10 - c.score) for c in criteria}
    worst = max(CRITERIA, key=lambda name: (lost.get(name, 0.0), -CRITERIA.index(name)))
    return _tip_for(worst, f)


def competency_signals(f: Features, criteria: Sequence[CriterionScore]) -> dict[str, int]:
    """Competency -> 0..10, only for the competencies this answer gives evidence of."""
    by_name = {c.criterion: c.score for c in criteria}
    quality = (by_name["specificity"] + by_name["structure"] + by_name["impact"]) / 30.0
    signals: dict[str, int] = {}
    if f.tech_terms:
        depth = (by_name["depth"] + by_name["specificity"]) / 20.0
        signals["technical_expertise"] = _clamp(1 + len(f.tech_terms) + 4 * depth)
    for name, words in f.competency_hits.items():
        hits = len(words) + (1 if name == "collaboration" and f.delivery.we_count >= 3 else 0)
        if hits:
            signals[name] = _clamp(2 + 1.5 * hits + 4 * quality)
    signals["communication"] = _clamp((2 * by_name["clarity"] + by_name["structure"]) / 3)
    return {name: signals[name] for name in sorted(signals)}


# --- the scorer --------------------------------------------------------------------------------


def _near_empty(question: Question, f: Features) -> Evaluation:
    """Scores of 0 (nothing said) or 1 (a few words) everywhere, with reasons saying so."""
    score = 0 if f.word_count == 0 else 1
    reason = (
        "Empty answer: nothing to assess"
        if f.word_count == 0
        else f"Too short to assess ({_plural(f.word_count, 'word')})"
    )
    if f.injected:
        reason += "; an instruction to the grader was ignored"
    criteria = [CriterionScore(criterion=c, score=score, reason=reason) for c in CRITERIA]
    tip = "Answer out loud with one real example: where you were, what you did, and what changed."
    return Evaluation(
        question_id=question.id,
        criteria=criteria,
        overall=overall_score(criteria),
        tip=choose_tip(criteria, f) if f.injected else tip,
        delivery=f.delivery,
        star=f.star,
    )


def _verified(criteria: list[CriterionScore], answer: str) -> list[CriterionScore]:
    """Drop any evidence that is not a verbatim part of the answer."""
    for c in criteria:
        if c.evidence is not None and (not c.evidence.strip() or c.evidence not in answer):
            c.evidence = None
    return criteria


def evaluate_offline(
    question: Question, transcript: Transcript, profile: ResumeProfile, jd: JobDescription
) -> Evaluation:
    """Score one answer on the six criteria, offline and deterministically."""
    f = measure(question, transcript, profile, jd)
    if f.word_count < NEAR_EMPTY_WORDS:
        return _near_empty(question, f)
    criteria = _verified(
        [
            score_relevance(f, question),
            score_structure(f),
            score_specificity(f),
            score_impact(f),
            score_clarity(f),
            score_depth(f),
        ],
        answer_text(transcript),
    )
    return Evaluation(
        question_id=question.id,
        criteria=criteria,
        overall=overall_score(criteria),
        tip=choose_tip(criteria, f),
        delivery=f.delivery,
        star=f.star,
        requirements_evidenced=answer_coverage(f.text, jd.requirements),
        matched_terms=matched_terms(f.text, jd.terms),
        competency_signals=competency_signals(f, criteria),
        scorer="offline",
        label=OFFLINE_LABEL,
    )
