"""The resume and job each answer is scored against: a row's own (`resume`, `jd` columns) or the
command's defaults, each file read once however many rows name it, and the rows' questions tied
to their job's requirements."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from ai_interviewer.batch.manifest import AnswerItem, Problem
from ai_interviewer.batch.runner import Documents
from ai_interviewer.core.models import JobDescription, ResumeProfile
from ai_interviewer.errors import InterviewError


@dataclass(frozen=True)
class DefaultDocuments:
    """What the command was given: --resume, and --jd (a file or -) or --jd-text."""

    resume: Path | None
    jd: str | None
    jd_text: str | None


@dataclass
class DocumentSet:
    """Every resume and job the batch needs, read before any answer is scored."""

    defaults: DefaultDocuments
    resumes: dict[str, ResumeProfile] = field(default_factory=dict)
    jobs: dict[str, JobDescription] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    _pairs: dict[tuple[str, str], Documents] = field(default_factory=dict)

    def load(
        self, items: list[AnswerItem], manifest: str
    ) -> tuple[list[AnswerItem], list[Problem]]:
        """The items whose documents could be read, their questions grounded in their job, and
        a problem for each row whose documents could not (with the reason, once per row)."""
        from ai_interviewer.core.planner import ground_question

        kept, problems = [], []
        for item in items:
            try:
                documents = self.for_item(item)
            except InterviewError as error:
                where = f"{manifest} row {item.row}" if item.row else item.name
                problems.append(Problem(where, error.one_line(), item.row))
                continue
            grounded = ground_question(item.question, documents.job)
            kept.append(replace(item, question=grounded))
        return kept, problems

    def for_item(self, item: AnswerItem) -> Documents:
        resume_key = str(item.resume) if item.resume else "--resume"
        job_key = str(item.jd) if item.jd else "--jd"
        known = self._pairs.get((resume_key, job_key))
        if known is not None:
            return known
        profile = self._resume(resume_key, item.resume or self.defaults.resume)
        job = self._job(job_key, item.jd)
        digest = hashlib.sha256(
            (profile.model_dump_json() + job.model_dump_json()).encode("utf-8")
        ).hexdigest()
        documents = self._pairs[(resume_key, job_key)] = Documents(profile, job, digest)
        return documents

    def _resume(self, key: str, path: Path | None) -> ResumeProfile:
        if key not in self.resumes:
            from ai_interviewer.documents import load_resume

            if path is None:
                raise InterviewError("no resume", "give --resume, or a resume column")
            profile, warnings = load_resume(path)
            self.warnings += warnings
            self.resumes[key] = profile
        return self.resumes[key]

    def _job(self, key: str, path: Path | None) -> JobDescription:
        if key not in self.jobs:
            from ai_interviewer.documents import load_job_description

            if path is not None:
                job, warnings = load_job_description(str(path))
            elif self.defaults.jd is None and self.defaults.jd_text is None:
                raise InterviewError("no job description", "give --jd, or a jd column")
            else:
                job, warnings = load_job_description(
                    self.defaults.jd, self.defaults.jd_text, sys.stdin
                )
            self.warnings += warnings
            self.jobs[key] = job
        return self.jobs[key]
