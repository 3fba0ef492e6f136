"""The six criteria an answer is scored on, each defined once: name, labels, weight, advice for the
report, the guide a language model scores by, how the offline rubric scores it, and its tip.

Everything that lists criteria (the models' checks, the overall's weights, the prompts, the
report's columns and phrasing, `score`'s tables) reads them from `CRITERIA_DEFS`, in this order.
Adding a criterion is one entry here (and a test). The offline scoring rules themselves are in
`rubric`, one function per criterion, named in each entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ai_interviewer.core import rubric

if TYPE_CHECKING:
    from ai_interviewer.core.rubric import AnswerContext, Judgement


# The rubric's version: part of every cached score's key (`score` reuses a cached score only
# for the same version). Change it whenever a change to the criteria, their weights, the rubric or
# the model's prompts would change a score.
RUBRIC_VERSION = "2026.11.29"


@dataclass(frozen=True)
class CriterionDef:
    """One criterion, everything about it in one place."""

    name: str
    label: str
    short_label: str
    weight: float  # share of the overall score; the weights add up to 1
    advice: str  # the report's improvement for a low mean, after "Label (mean x/10): "
    model_guide: str  # the anchors a language model scores by
    score: Callable[[AnswerContext], Judgement]
    tip: Callable[[AnswerContext, Judgement], str]


CRITERIA_DEFS: tuple[CriterionDef, ...] = (
    CriterionDef(
        name="relevance",
        label="Relevance",
        short_label="Relev.",
        weight=0.25,
        advice="answer the question asked, with one example that fits it",
        model_guide=(
            "0 off-topic or empty; 5 touches the question but drifts or stays general; 10 answers "
            "exactly what was asked with an example that fits it. Repeating the question's or the "
            "job ad's words earns nothing"
        ),
        score=rubric.score_relevance,
        tip=rubric.tip_relevance,
    ),
    CriterionDef(
        name="structure",
        label="Structure",
        short_label="Struct.",
        weight=0.15,
        advice=(
            "tell a story as situation, task, what you did and what came of it; give a plan as "
            "steps in order"
        ),
        model_guide=(
            "for a 'tell me about a time' question: 0 no order; 5 some of situation, task, "
            "action, result; 10 all four in order, the action clearly the candidate's own. For a "
            "'what would you do' question: steps in order with priorities. For a background "
            "question: a clear path from past work to why this role; no STAR expected"
        ),
        score=rubric.score_structure,
        tip=rubric.tip_structure,
    ),
    CriterionDef(
        name="specificity",
        label="Specificity",
        short_label="Specif.",
        weight=0.20,
        advice="name the people, places, amounts and terms of your work involved",
        model_guide=(
            "0 nothing concrete; 5 some particulars; 10 names, places, amounts with their units "
            "and the field's own terms, all the candidate's own (not copied from the question or "
            "the job ad)"
        ),
        score=rubric.score_specificity,
        tip=rubric.tip_specificity,
    ),
    CriterionDef(
        name="impact",
        label="Impact",
        short_label="Impact",
        weight=0.15,
        advice="finish with what came of it: what changed, for whom, by how much",
        model_guide=(
            "0 no result; 5 a result of the candidate's action in words; 10 a clear result with a "
            "number that measures what changed (not effort, tenure or a self-rating)"
        ),
        score=rubric.score_impact,
        tip=rubric.tip_impact,
    ),
    CriterionDef(
        name="clarity",
        label="Clarity",
        short_label="Clarity",
        weight=0.10,
        advice="cut fillers, hedges and detours: one point per sentence, under two minutes",
        model_guide=(
            "0 hard to follow; 5 understandable with fillers, hedges or detours; 10 concise and "
            "easy to follow. Use the measured delivery given, do not guess it"
        ),
        score=rubric.score_clarity,
        tip=rubric.tip_clarity,
    ),
    CriterionDef(
        name="depth",
        label="Depth",
        short_label="Depth",
        weight=0.15,
        advice="say why: what you noticed, what you weighed and why you chose what you did",
        model_guide=(
            "0 no reasoning; 5 some explanation; 10 shows knowledge of the work and explains the "
            "reasoning behind the choices"
        ),
        score=rubric.score_depth,
        tip=rubric.tip_depth,
    ),
)

CRITERIA: tuple[str, ...] = tuple(c.name for c in CRITERIA_DEFS)
BY_NAME: dict[str, CriterionDef] = {c.name: c for c in CRITERIA_DEFS}
WEIGHTS: dict[str, float] = {c.name: c.weight for c in CRITERIA_DEFS}
CRITERION_LABELS: dict[str, str] = {c.name: c.label for c in CRITERIA_DEFS}
CRITERION_SHORT_LABELS: dict[str, str] = {c.name: c.short_label for c in CRITERIA_DEFS}


def label_of(name: str) -> str:
    """The criterion's label ('Structure'); the name itself for one that is not known."""
    found = BY_NAME.get(name)
    return found.label if found else name


def short_label_of(name: str) -> str:
    found = BY_NAME.get(name)
    return found.short_label if found else name
