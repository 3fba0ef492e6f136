"""The model's interviewer against the in-process fake model: each turn's own call records,
fallbacks with their reason, quotes dropped and noted, follow-ups. Milliseconds, no server."""

from __future__ import annotations

import asyncio

import pytest

from ai_interviewer.core.models import (
    JobDescription,
    Question,
    Report,
    Requirement,
    ResumeProfile,
    Transcript,
)
from ai_interviewer.interview.interviewer import ModelInterviewer, TurnAssessment
from ai_interviewer.providers.llm import LLMError
from fakes.fake_model import FakeModel
from fakes.scripted_model import CRITERIA

ANSWER = "I profiled PostgreSQL, added two indexes and p95 latency fell 45 percent."
PROFILE = ResumeProfile(name="Jordan Avery", seniority="senior")
JOB = JobDescription(
    title="Backend Engineer",
    requirements=[Requirement(id="R1", text="PostgreSQL tuning", terms=["postgresql"])],
)


def _question(n: int) -> Question:
    return Question(
        id=f"q{n:02d}", text="How did you make it faster?", kind="behavioral", probes="p"
    )


def _assess(model: FakeModel, n: int = 1, follow_ups_left: int = 1) -> TurnAssessment:
    interviewer = ModelInterviewer(model, PROFILE, JOB)
    return asyncio.run(
        interviewer.assess(_question(n), Transcript(text=ANSWER), [], follow_ups_left)
    )


def test_a_turn_keeps_the_records_of_its_own_calls() -> None:
    """Two answers assessed at once (as `score` does): each gets only its own calls."""
    model = FakeModel()
    interviewer = ModelInterviewer(model, PROFILE, JOB)

    async def both() -> list[TurnAssessment]:
        transcript = Transcript(text=ANSWER)
        return list(
            await asyncio.gather(
                interviewer.assess(_question(1), transcript, [], 1),
                interviewer.assess(_question(2), transcript, [], 1),
            )
        )

    first, second = asyncio.run(both())
    assert {(c.purpose, c.question_id) for c in first.calls} == {
        ("evaluate", "q01"),
        ("next", "q01"),
    }
    assert {(c.purpose, c.question_id) for c in second.calls} == {
        ("evaluate", "q02"),
        ("next", "q02"),
    }
    assert len(model.calls) == 4


def test_the_models_evaluation_is_used() -> None:
    turn = _assess(FakeModel())
    assert turn.evaluation.scorer == "llm:fake/model"
    assert turn.evaluation.fallback_reason is None


def test_a_failed_evaluation_falls_back_offline_with_its_reason_and_record() -> None:
    model = FakeModel()
    model.enqueue(
        "evaluate", LLMError("fake/model stopped sending for 5 s", kind="stalled", fatal=False)
    )
    turn = _assess(model)
    assert turn.evaluation.scorer == "offline"
    assert turn.evaluation.fallback_reason == "fake/model stopped sending for 5 s"
    [failed] = [c for c in turn.calls if not c.ok]
    assert (
        failed.purpose == "evaluate"
        and failed.error == "stalled: fake/model stopped sending for 5 s"
    )


def test_a_fatal_error_is_raised_for_the_engine_to_go_offline() -> None:
    model = FakeModel()
    model.enqueue("evaluate", LLMError("the provider refused the API key", kind="auth", fatal=True))
    with pytest.raises(LLMError) as caught:
        _assess(model)
    assert caught.value.call is not None and caught.value.call.purpose == "evaluate"


def test_an_invented_quote_is_dropped_and_noted_in_the_turns_record() -> None:
    model = FakeModel()
    criteria = {c: {"quote": "I rewrote it in Rust", "reason": "r", "score": 6} for c in CRITERIA}
    model.enqueue("evaluate", {"criteria": criteria, "competencies": [], "tip": "Say why."})
    turn = _assess(model)
    assert turn.evaluation.scorer == "llm:fake/model"
    assert all(c.evidence is None and c.score == 6 for c in turn.evaluation.criteria)
    [call] = [c for c in turn.calls if c.purpose == "evaluate"]
    assert len(call.notes) == len(CRITERIA)
    assert call.notes[0].startswith('the quote for relevance ("I rewrote it in Rust")')


def test_a_follow_up_comes_from_the_next_step() -> None:
    model = FakeModel()
    model.enqueue("next", {"action": "follow_up", "follow_up": "By how much?", "reason": "r"})
    turn = _assess(model)
    assert turn.follow_up is not None
    assert (turn.follow_up.id, turn.follow_up.text) == ("q01f", "By how much?")


def test_no_next_step_is_asked_when_no_follow_up_is_left() -> None:
    model = FakeModel()
    _assess(model, follow_ups_left=0)
    assert [r.purpose for r in model.history] == ["evaluate"]


def test_the_evaluation_prompt_carries_the_answer_as_data() -> None:
    model = FakeModel()
    _assess(model)
    evaluate = next(r for r in model.history if r.purpose == "evaluate")
    assert f"<candidate_answer>\n{ANSWER}\n</candidate_answer>" in evaluate.prompt_text


def test_the_report_counts_every_call() -> None:
    model = FakeModel()
    _assess(model)
    empty = Report(overall=0, answered=0, asked=1)
    report = asyncio.run(ModelInterviewer(model, PROFILE, JOB).conclude(empty))
    assert report.cost is not None and report.cost.calls == 2
