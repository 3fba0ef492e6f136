"""While the first question is asked: the model is checked (the preflight: a bad key, an unknown
model or no credit ends the run in one line, before anything else is sent to it), then it reads
the resume and plans the questions after the opening one, both at once. Either of those two
failing leaves the offline reading or the offline plan in its place, with a notice.

The opening question comes from the offline plan and needs no model, so it is on screen as fast
as in an offline run, while LiteLLM loads and the model works.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ai_interviewer.core.llm_checks import apply_analysis, plan_validator, to_questions
from ai_interviewer.core.llm_schemas import QuestionPlan, ResumeAnalysis, plan_schema
from ai_interviewer.core.models import JobDescription, Question, ResumeProfile
from ai_interviewer.interview.prompts import (
    analysis_messages,
    askable_requirement_ids,
    plan_messages,
    requirements_summary,
)

if TYPE_CHECKING:
    from ai_interviewer.config import Settings
    from ai_interviewer.interview.engine import ModelReady, StartModel
    from ai_interviewer.interview.interviewer import Difficulty, InterviewType
    from ai_interviewer.providers.base import Completion, StructuredModel

log = logging.getLogger("ai_interviewer")


@dataclass
class Preparation:
    profile: ResumeProfile
    questions: list[Question]
    notices: list[str] = field(default_factory=list)


async def prepare_with_model(
    llm: StructuredModel,
    profile: ResumeProfile,
    job: JobDescription,
    count: int,
    interview_type: InterviewType,
    difficulty: Difficulty,
    offline_plan: list[Question],
    asked: Sequence[Question] = (),
) -> Preparation:
    """The model's reading of the resume and its plan of the questions after those `asked`
    already (the whole interview's `count` includes them), together."""
    to_plan = count - len(asked)
    analysis, plan = await asyncio.gather(
        llm.complete_json(
            analysis_messages(profile.text, _job_for_relevance(job)),
            ResumeAnalysis,
            purpose="analysis",
        ),
        _plan(llm, job, profile, to_plan, interview_type, difficulty, asked),
        return_exceptions=True,
    )
    preparation = Preparation(profile=profile, questions=offline_plan)
    if isinstance(analysis, BaseException):
        _fail_soft(analysis)
        preparation.notices.append(
            f"The model could not read the resume ({analysis}); using the offline reading."
        )
    else:
        preparation.profile = apply_analysis(profile, analysis.value)
    if isinstance(plan, BaseException):
        _fail_soft(plan)
        preparation.notices.append(
            f"The model could not plan the questions ({plan}); using the offline plan."
        )
    elif plan is not None:
        preparation.questions = [*asked, *to_questions(plan.value, start_index=len(asked) + 1)]
    return preparation


async def _plan(
    llm: StructuredModel,
    job: JobDescription,
    profile: ResumeProfile,
    count: int,
    interview_type: InterviewType,
    difficulty: Difficulty,
    asked: Sequence[Question],
) -> Completion[QuestionPlan] | None:
    """The model's plan of `count` questions (None when there are none left to plan)."""
    if count < 1:
        return None
    ids = tuple(askable_requirement_ids(job))
    return await llm.complete_json(
        plan_messages(
            profile, job, count, interview_type, difficulty, asked=[q.text for q in asked]
        ),
        plan_schema(count, ids),
        purpose="plan",
        validate=plan_validator(ids, count),
    )


@dataclass(frozen=True)
class PlanRequest:
    """What the model is to plan: the interview's length, kind and difficulty, the offline plan
    it replaces, and how many of that plan's questions open the interview before it is ready."""

    count: int
    interview_type: InterviewType
    difficulty: Difficulty
    offline_plan: list[Question]
    opening: int = 1


def model_start(
    settings: Settings,
    model: str,
    profile: ResumeProfile,
    job: JobDescription,
    plan: PlanRequest | None = None,
) -> StartModel:
    """What the engine starts once the first question is on screen: the model checked, then
    (with `plan`) its reading of the resume and its questions after the opening one."""

    async def start() -> ModelReady:
        from ai_interviewer.interview.engine import ModelReady
        from ai_interviewer.interview.interviewer import ModelInterviewer
        from ai_interviewer.interview.setup import checked_model

        client = await checked_model(settings, model)
        if plan is None:
            return ModelReady(ModelInterviewer(client, profile, job))
        prepared = await prepare_with_model(
            client,
            profile,
            job,
            plan.count,
            plan.interview_type,
            plan.difficulty,
            plan.offline_plan,
            asked=plan.offline_plan[: plan.opening],
        )
        return ModelReady(
            ModelInterviewer(client, prepared.profile, job),
            profile=prepared.profile,
            questions=prepared.questions,
            notices=prepared.notices,
        )

    return start


def _job_for_relevance(job: JobDescription) -> str:
    """What the resume's reader needs of the job: its requirements, one a line, when they were
    read (far fewer tokens than the whole ad), else the ad's text."""
    return requirements_summary(job) if job.requirements else job.text


def _fail_soft(error: BaseException) -> None:
    """Only the model's own non-fatal errors are survivable here; anything else is a bug."""
    from ai_interviewer.providers.llm import LLMError

    if not isinstance(error, LLMError) or error.fatal:
        raise error
    log.warning("preparation call failed: %s", error)
