"""A question asked again: the attempts grouped under it, and what changed between two of them
in words, criterion by criterion and delivery measure by measure."""

from __future__ import annotations

from ai_interviewer.core.attempts import by_question, compare
from ai_interviewer.core.criteria import CRITERIA
from ai_interviewer.core.models import (
    CriterionScore,
    DeliveryMetrics,
    Evaluation,
    Question,
    StarAnalysis,
    Turn,
)


def evaluation(scores: tuple[int, ...], overall: int, **delivery: object) -> Evaluation:
    return Evaluation(
        question_id="q01",
        criteria=[
            CriterionScore(criterion=c, score=s, reason="-")
            for c, s in zip(CRITERIA, scores, strict=True)
        ],
        overall=overall,
        tip="-",
        delivery=DeliveryMetrics.model_validate(delivery),
        star=StarAnalysis(),
    )


def turn(question_id: str, attempt: int = 1) -> Turn:
    question = Question(
        id=question_id, text=f"Question {question_id}?", kind="behavioral", probes=""
    )
    return Turn(question=question, attempt=attempt)


def test_attempts_are_grouped_under_their_question_in_the_order_first_asked() -> None:
    """A retry asked at the end sits under its question, after its first attempt; questions keep
    the order they were first asked in."""
    turns = [turn("q01"), turn("q02"), turn("q03"), turn("q02", 2), turn("q02", 3)]
    groups = by_question(turns)
    assert [g.question.id for g in groups] == ["q01", "q02", "q03"]
    assert [t.attempt for t in groups[1].attempts] == [1, 2, 3]
    assert [g.retried for g in groups] == [False, True, False]
    assert groups[1].first is turns[1]


def test_comparison_says_which_criteria_rose_fell_or_stayed() -> None:
    """Each criterion from the first attempt to the second: a higher score improved, a lower one
    got worse, an equal one stayed; the overall is compared too."""
    before = evaluation((6, 3, 4, 2, 6, 4), 41, word_count=26)
    after = evaluation((8, 7, 4, 7, 5, 4), 66, word_count=42)
    comparison = compare(before, after)
    assert comparison.improved == [
        "Overall 41 → 66/100",
        "Relevance 6 → 8/10",
        "Structure 3 → 7/10",
        "Impact 2 → 7/10",
    ]
    assert comparison.worse == ["Clarity 6 → 5/10"]
    assert comparison.unchanged[:2] == ["Specificity stayed at 4/10", "Depth stayed at 4/10"]


def test_comparison_judges_delivery_as_progress_does() -> None:
    """Fewer fillers, hedges and long pauses are better; pace is better when it moves towards the
    comfortable band, whichever way, and going past it is worse."""
    same = (5, 5, 5, 5, 5, 5)
    before = evaluation(
        same, 50, word_count=100, timed=True, wpm=185.0, fillers_per_100=6.0, hedges=4,
        pauses_over_2s=3,
    )  # fmt: skip
    after = evaluation(
        same, 50, word_count=100, timed=True, wpm=150.0, fillers_per_100=1.0, hedges=1,
        pauses_over_2s=3,
    )  # fmt: skip
    comparison = compare(before, after)
    assert comparison.improved == [
        "Pace 185 → 150 WPM",
        "Fillers 6.0 → 1.0 per 100 words",
        "Hedges 4.0 → 1.0 per 100 words",
    ]
    assert "Pauses over 2 s stayed at 3" in comparison.unchanged
    too_slow = evaluation(same, 50, word_count=100, timed=True, wpm=110.0)
    assert compare(after, too_slow).worse == ["Pace 150 → 110 WPM"]


def test_pace_and_pauses_are_left_out_unless_both_answers_were_timed() -> None:
    """A typed attempt has no pace or pauses: those are not compared, fillers and hedges are."""
    same = (5, 5, 5, 5, 5, 5)
    typed = evaluation(same, 50, word_count=50, fillers_per_100=4.0)
    spoken = evaluation(same, 50, word_count=50, timed=True, wpm=140.0, pauses_over_2s=1)
    names = [change.name for change in compare(typed, spoken).changes]
    assert "Pace" not in names and "Pauses over 2 s" not in names
    assert "Fillers" in names and "Hedges" in names
