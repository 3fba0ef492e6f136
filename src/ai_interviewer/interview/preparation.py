"""Before the first question, once the preflight has passed: the model reads the resume and
plans the questions, both at once. Either failing leaves the offline reading or the offline
plan in its place, with a notice.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ai_interviewer.core.llm_checks import apply_analysis, plan_validator, to_questions
from ai_interviewer.core.llm_schemas import ResumeAnalysis, plan_schema
from ai_interviewer.core.models import JobDescription, Question, ResumeProfile
from ai_interviewer.interview.prompts import (
    analysis_messages,
    askable_requirement_ids,
    plan_messages,
    requirements_summary,
)
from ai_interviewer.providers.llm import LLMError

if TYPE_CHECKING:
    from ai_interviewer.interview.interviewer import Difficulty, InterviewType
    from ai_interviewer.providers.base import StructuredModel

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
) -> Preparation:
    """The model's reading of the resume and its question plan, together."""

    analysis, plan = await asyncio.gather(
        llm.complete_json(
            analysis_messages(profile.text, _job_for_relevance(job)),
            ResumeAnalysis,
            purpose="analysis",
        ),
        llm.complete_json(
            plan_messages(profile, job, count, interview_type, difficulty),
            plan_schema(count, tuple(askable_requirement_ids(job))),
            purpose="plan",
            validate=plan_validator(askable_requirement_ids(job), count),
        ),
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
    else:
        preparation.questions = to_questions(plan.value)
    return preparation


def _job_for_relevance(job: JobDescription) -> str:
    """What the resume's reader needs of the job: its requirements, one a line, when they were
    read (far fewer tokens than the whole ad), else the ad's text."""
    return requirements_summary(job) if job.requirements else job.text


def _fail_soft(error: BaseException) -> None:
    """Only the model's own non-fatal errors are survivable here; anything else is a bug."""

    if not isinstance(error, LLMError) or error.fatal:
        raise error
    log.warning("preparation call failed: %s", error)
