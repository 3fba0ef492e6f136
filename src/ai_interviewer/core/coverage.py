"""Which job requirements and key terms an answer evidences. Pure, no I/O.

Matching works on stemmed tokens (see `term_key`), so "deployed" matches the term "deploy" and
"services" matches "service". A multi-word term ("ci/cd", "incident response") matches only as a
phrase: its stemmed parts in the same order, next to each other.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

from ai_interviewer.core.models import CoverageRow, JobDescription, Requirement, Turn
from ai_interviewer.core.requirements import is_evidenced_by_answers
from ai_interviewer.core.text import content_tokens, stem, tokens

# A requirement with no terms falls back to the content words of its text; one generic word is
# not evidence, so that fallback needs this many distinct words.
FALLBACK_MIN_MATCHES = 2
FALLBACK_MAX_WORDS = 8


@functools.lru_cache(maxsize=16384)  # words repeat across answers: each is stemmed once
def term_key(word: str) -> str:
    """A token's comparison key: the light stem less trailing 'e's ('disagree'/'disagreed')."""
    key = stem(word)
    return key.rstrip("e") if len(key) > 4 else key


def stemmed_tokens(text: str) -> list[str]:
    """The comparison keys of every token of a text, in order."""
    return [term_key(t) for t in tokens(text)]


@functools.lru_cache(maxsize=4096)  # a job's terms are looked for in every answer
def _term_parts(term: str) -> tuple[str, ...]:
    return tuple(stemmed_tokens(term))


def has_term(keys: Sequence[str], term: str) -> bool:
    """True when a (possibly multi-word) term occurs in a sequence of comparison keys."""
    parts = _term_parts(term)
    if not parts:
        return False
    n = len(parts)
    if n == 1:
        return parts[0] in keys
    return any(tuple(keys[i : i + n]) == parts for i, key in enumerate(keys) if key == parts[0])


def matched_terms(text: str, jd_terms: Iterable[str]) -> list[str]:
    """The terms (in their given order, without repeats) that the text uses."""
    keys = stemmed_tokens(text)
    found: list[str] = []
    for term in jd_terms:
        if term not in found and has_term(keys, term):
            found.append(term)
    return found


def _requirement_evidenced(keys: Sequence[str], requirement: Requirement) -> bool:
    if requirement.terms:
        return any(has_term(keys, term) for term in requirement.terms)
    words = list(dict.fromkeys(term_key(t) for t in content_tokens(requirement.text)))
    words = words[:FALLBACK_MAX_WORDS]
    present = set(keys)
    needed = min(FALLBACK_MIN_MATCHES, len(words))
    return needed > 0 and sum(1 for w in words if w in present) >= needed


def answer_coverage(text: str, requirements: Iterable[Requirement]) -> list[str]:
    """Ids of the requirements the answer evidences: it uses at least one of their terms. Only
    what an answer can show counts (experience, skills, duties), not a licence or a shift."""
    keys = stemmed_tokens(text)
    return [
        r.id for r in requirements if is_evidenced_by_answers(r) and _requirement_evidenced(keys, r)
    ]


def coverage_rows(jd: JobDescription, turns: Iterable[Turn]) -> list[CoverageRow]:
    """One row per requirement an answer can show, with the question ids that evidenced it."""
    turn_list = list(turns)
    rows: list[CoverageRow] = []
    for requirement in filter(is_evidenced_by_answers, jd.requirements):
        evidenced_by: list[str] = []
        for turn in turn_list:
            evaluation = turn.evaluation
            if evaluation is None or requirement.id not in evaluation.requirements_evidenced:
                continue
            if turn.question.id not in evidenced_by:
                evidenced_by.append(turn.question.id)
        rows.append(
            CoverageRow(
                requirement_id=requirement.id, text=requirement.text, evidenced_by=evidenced_by
            )
        )
    return rows
