"""Feedback never contradicts its scores or itself, over every answer of the calibration sets.

For each of several hundred answers across seventeen professions (strong, weak and gaming ones,
typed): each reason agrees with its score, the tip improves the criterion that loses the most
weighted points and never corrects what already scored well, every quote is a verbatim part of
the answer that shows what its reason claims, and no list in a reason repeats itself.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path

import pytest

from ai_interviewer.core.answer import analyse, same_idea
from ai_interviewer.core.delivery import count_fillers, count_hedges
from ai_interviewer.core.jobdesc import parse_job_description
from ai_interviewer.core.lexicon import word_lemmas
from ai_interviewer.core.models import Evaluation, Question, Transcript
from ai_interviewer.core.profile import parse_resume
from ai_interviewer.core.rubric import GOOD
from ai_interviewer.core.scorer import evaluate_offline, job_texts, weakest_criterion

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import calibration  # noqa: E402

FOLDERS = (calibration.CALIBRATION, REPO / "bench" / "holdout")
LIST = re.compile(r"\(([^()]*)\)")


def _cases() -> Iterator[tuple[str, str, str, str, str, str]]:
    """(id, question, kind, answer, job text, resume text) for every answer of both sets."""
    for folder in FOLDERS:
        for p in calibration.load_professions(folder):
            kinds = {pair.question: pair.kind for pair in p.pairs}
            for pair in p.pairs:
                for side in ("strong", "weak"):
                    answer = getattr(pair, side)
                    yield (f"{pair.id}-{side}", pair.question, pair.kind, answer,
                           p.job_description, p.resume)  # fmt: skip
            for g in p.gaming:
                kind = kinds.get(g.question, "behavioral")
                yield g.id, g.question, kind, g.answer, p.job_description, p.resume


CASES = list(_cases())


BY_ID = {c[0]: c for c in CASES}
_parse_job = lru_cache(maxsize=None)(parse_job_description)
_parse_resume = lru_cache(maxsize=None)(parse_resume)


@cache
def _evaluate(case_id: str) -> tuple[Evaluation, str, str, str]:
    _, question, kind, answer, job, resume = BY_ID[case_id]
    q = Question(id="q01", text=question, kind=kind, probes="calibration")  # type: ignore[arg-type]
    e = evaluate_offline(q, Transcript(text=answer), _parse_resume(resume), _parse_job(job))
    return e, answer, question, job


IDS = [c[0] for c in CASES]


def test_the_sets_are_large() -> None:
    """The property is checked over hundreds of answers, not a handful."""
    assert len(CASES) >= 300


def check_tip_improves_the_weakest_criterion(case_id: str) -> None:
    """The tip is for the criterion losing the most weighted points."""
    e, *_ = _evaluate(case_id)
    assert e.tip_for == weakest_criterion(e.criteria)


def check_tip_never_corrects_what_scored_well(case_id: str) -> None:
    """A criterion already at 7 or more gets a polishing tip, never 'answer the question' or
    'add the missing parts' (an 87/100 answer was once told to answer the question asked)."""
    e, *_ = _evaluate(case_id)
    score = e.score_of(e.tip_for or "relevance")
    corrective = ("Answer the question asked", "Answer the scenario asked", "Add where and when",
                  "Name the particulars", "Finish with what came of it", "Say more")  # fmt: skip
    if score >= GOOD:
        assert not e.tip.startswith(corrective), (score, e.tip)


def check_reasons_agree_with_scores(case_id: str) -> None:
    """A reason that says something is missing never sits on a high score, and one that says
    it is there never sits on the bottom score without saying what held it back."""
    e, *_ = _evaluate(case_id)
    by = {c.criterion: c for c in e.criteria}
    if by["impact"].reason.startswith("No result"):
        assert by["impact"].score <= 2
    if by["relevance"].reason.startswith("Does not address"):
        assert by["relevance"].score <= 5
    if by["structure"].reason.startswith(("No story", "No single story")):
        assert by["structure"].score <= 3
    if by["specificity"].reason.startswith("Names no particulars"):
        assert by["specificity"].score <= 3
    if by["depth"].reason.startswith("Never says why") and "term" not in by["depth"].reason:
        assert by["depth"].score <= 3
    for c in e.criteria:
        if c.score <= 2 and c.reason.startswith(("Says what came of it", "Story with")):
            assert ";" in c.reason, c.reason  # what held it back is said


def check_quotes_are_verbatim_and_show_their_claim(case_id: str) -> None:
    """Every quote is in the answer, and shows what its criterion's reason names: a word the
    question is about, a particular listed, a filler or hedge, a reason or a term."""
    e, answer, question, job = _evaluate(case_id)
    a = analyse(answer, question, job_texts(_parse_job(job)))
    for c in e.criteria:
        if c.evidence is None:
            continue
        assert c.evidence in answer
        quote = c.evidence.lower()
        if c.criterion == "specificity":
            listed = [x.strip().lower() for x in LIST.findall(c.reason)[0].split(",")]
            assert any(x and x != "…" and x in quote for x in listed), (c.reason, quote)
        elif c.criterion == "relevance":
            heard = {f for w in re.findall(r"[\w']+", quote) for f in word_lemmas(w.strip("'"))}
            assert any(same_idea(f, h) for t in a.topic_hits for f in word_lemmas(t) for h in heard)
        elif c.criterion == "clarity":
            assert sum(count_fillers(c.evidence).values()) or count_hedges(c.evidence)


def check_no_list_repeats_itself(case_id: str) -> None:
    """A list in a reason never names the same thing twice ('license, license')."""
    e, *_ = _evaluate(case_id)
    for c in e.criteria:
        for listed in LIST.findall(c.reason):
            items = [x.strip().lower() for x in listed.split(",") if x.strip() not in ("", "…")]
            assert len(items) == len(set(items)), c.reason


CHECKS = (
    check_tip_improves_the_weakest_criterion,
    check_tip_never_corrects_what_scored_well,
    check_reasons_agree_with_scores,
    check_quotes_are_verbatim_and_show_their_claim,
    check_no_list_repeats_itself,
)


@pytest.mark.parametrize("case_id", IDS)
def test_feedback_is_consistent(case_id: str) -> None:
    """Every check above holds for this answer (each check's docstring says what it asks)."""
    for check in CHECKS:
        check(case_id)
