"""Who asks and who judges: the offline rubric, or a language model with the rubric as its net.

Both speak one small interface. The model's interviewer depends only on `StructuredModel`
(the LiteLLM client, or a fake in tests), and never lets a failing call cost the candidate a
turn: an evaluation that cannot be had (after retries and one repair) becomes the offline
estimate for that turn, marked as such; a next step that cannot be had is simply the next
planned question. Each turn keeps the records of its own calls, as those calls returned them.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from ai_interviewer.core.delivery import answer_text
from ai_interviewer.core.llm_checks import (
    cost_summary,
    final_validator,
    follow_up_question,
    next_step_validator,
    offline_fallback,
    quote_notes,
    to_assessment,
    to_evaluation,
)
from ai_interviewer.core.llm_schemas import LLMEvaluation, NextStep, final_schema
from ai_interviewer.core.models import (
    Evaluation,
    JobDescription,
    LLMCall,
    Question,
    Report,
    ResumeProfile,
    Transcript,
)
from ai_interviewer.core.scorer import evaluate_offline
from ai_interviewer.interview.prompts import (
    evaluation_messages,
    final_messages,
    next_step_messages,
)
from ai_interviewer.providers.llm import LLMError

if TYPE_CHECKING:
    from ai_interviewer.providers.base import StructuredModel

log = logging.getLogger("ai_interviewer")

InterviewType = Literal["behavioral", "technical", "situational", "mixed"]
Difficulty = Literal["easy", "medium", "hard"]


@dataclass(frozen=True)
class TurnAssessment:
    """What the interviewer concluded about one answer."""

    evaluation: Evaluation
    follow_up: Question | None = None
    calls: list[LLMCall] = field(default_factory=list)


class Interviewer(Protocol):
    notices: list[str]  # things the candidate should be told, drained by the engine

    @property
    def name(self) -> str: ...

    async def assess(
        self,
        question: Question,
        transcript: Transcript,
        upcoming: list[Question],
        follow_ups_left: int,
    ) -> TurnAssessment: ...

    async def conclude(self, report: Report) -> Report: ...


@dataclass
class OfflineInterviewer:
    """The transparent rubric: deterministic, instant, no follow-ups."""

    profile: ResumeProfile
    job: JobDescription
    name: str = "offline"
    notices: list[str] = field(default_factory=list)

    async def assess(
        self,
        question: Question,
        transcript: Transcript,
        upcoming: list[Question],
        follow_ups_left: int,
    ) -> TurnAssessment:
        return TurnAssessment(evaluate_offline(question, transcript, self.profile, self.job))

    async def conclude(self, report: Report) -> Report:
        return report


@dataclass
class ModelInterviewer:
    """A language model scores each answer and chooses what comes next, both at once (as many
    at once as the model's concurrency allows)."""

    llm: StructuredModel
    profile: ResumeProfile
    job: JobDescription
    notices: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.llm.name

    async def assess(
        self,
        question: Question,
        transcript: Transcript,
        upcoming: list[Question],
        follow_ups_left: int,
    ) -> TurnAssessment:
        offline = evaluate_offline(question, transcript, self.profile, self.job)
        calls: list[LLMCall] = []
        evaluation, follow_up = await asyncio.gather(
            self._evaluate(question, transcript, offline, calls),
            self._next_step(question, transcript, offline, upcoming, follow_ups_left, calls),
        )
        return TurnAssessment(evaluation, follow_up, calls)

    async def _evaluate(
        self, question: Question, transcript: Transcript, offline: Evaluation, calls: list[LLMCall]
    ) -> Evaluation:
        answer = answer_text(transcript)
        messages = evaluation_messages(
            question,
            transcript,
            offline.delivery,
            offline.star,
            self.job,
            self.profile,
            evidenced=offline.requirements_evidenced,
        )
        try:
            done = await self.llm.complete_json(
                messages, LLMEvaluation, purpose="evaluate", question_id=question.id
            )
        except LLMError as error:
            _keep_call(calls, error)
            if error.fatal:
                raise
            log.warning(
                "%s: model evaluation failed (%s); offline estimate used",
                question.id,
                error.message,
            )
            return offline_fallback(offline, error.message)
        notes = quote_notes(done.value, answer)
        for note in notes:
            log.info("%s: %s", question.id, note)
        calls.append(done.call.model_copy(update={"notes": [*done.call.notes, *notes]}))
        return to_evaluation(done.value, offline, self.llm.model, answer=answer)

    async def _next_step(
        self,
        question: Question,
        transcript: Transcript,
        offline: Evaluation,
        upcoming: list[Question],
        follow_ups_left: int,
        calls: list[LLMCall],
    ) -> Question | None:
        if follow_ups_left <= 0:
            return None
        messages = next_step_messages(question, transcript, offline, upcoming, follow_ups_left)
        try:
            done = await self.llm.complete_json(
                messages,
                NextStep,
                purpose="next",
                question_id=question.id,
                validate=next_step_validator(),
            )
        except LLMError as error:
            _keep_call(calls, error)
            if error.fatal:
                raise
            log.warning("%s: no next step from the model (%s)", question.id, error.message)
            return None
        calls.append(done.call)
        step = done.value
        if step.action != "follow_up" or not step.follow_up:
            return None
        return follow_up_question(question, step.follow_up)

    async def conclude(self, report: Report) -> Report:
        if report.answered == 0:
            return report.model_copy(update={"cost": cost_summary(self.llm.calls)})
        ids = [turn.question.id for turn in report.turns if turn.evaluation is not None]
        try:
            done = await self.llm.complete_json(
                final_messages(report, self.profile, self.job),
                final_schema(tuple(ids)),
                purpose="final",
                validate=final_validator(ids),
            )
        except LLMError as error:
            self.notices.append(f"The model's final assessment failed: {error.message}")
            log.warning("final assessment failed: %s", error.message)
            return report.model_copy(update={"cost": cost_summary(self.llm.calls)})
        return report.model_copy(
            update={
                "assessment": to_assessment(done.value, ids),
                "cost": cost_summary(self.llm.calls),
            }
        )


def _keep_call(calls: list[LLMCall], error: LLMError) -> None:
    if error.call is not None:
        calls.append(error.call)
