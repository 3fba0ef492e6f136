"""A fake interviewer model behind the fake OpenAI server: it recognises what each request is
for (analysis, plan, evaluation, next step, final assessment, preflight) and answers it validly,
quoting the candidate's own words, unless a test scripts something else for that purpose."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ai_interviewer.core.criteria import CRITERIA
from fakes.openai_server import Reply

PURPOSE_MARKERS = (  # (purpose, words that only its system message contains)
    ("final", "closing assessment"),
    ("next", "deciding what comes after"),
    ("evaluate", "grading one answer"),
    ("plan", "planning a mock job interview"),
    ("analysis", "summarise the candidate"),
    ("preflight", "Reply with OK"),
)


def purpose_of(request: dict[str, Any]) -> str:
    text = "\n".join(str(m.get("content", "")) for m in request.get("messages", []))
    for purpose, marker in PURPOSE_MARKERS:
        if marker in text:
            return purpose
    return "unknown"


def _block(request: dict[str, Any], tag: str) -> str:
    text = "\n".join(str(m.get("content", "")) for m in request.get("messages", []))
    found = re.findall(rf"<{tag}[^>]*>\n(.*?)\n</{tag}>", text, re.S)
    return found[-1] if found else ""


def _answer_words(request: dict[str, Any]) -> list[str]:
    return _block(request, "candidate_answer").split()


def evaluation_reply(request: dict[str, Any], score: int = 7) -> dict[str, Any]:
    words = _answer_words(request)
    quote = " ".join(words[:4])
    return {
        "criteria": {
            c: {"quote": quote, "reason": f"{c} judged by the fake", "score": score}
            for c in CRITERIA
        },
        "competencies": [{"competency": "technical_expertise", "score": score}],
        "tip": "Close with the measured result.",
    }


def plan_reply(request: dict[str, Any]) -> dict[str, Any]:
    text = "\n".join(str(m.get("content", "")) for m in request.get("messages", []))
    count = int(re.search(r"Plan exactly (\d+) questions", text).group(1))  # type: ignore[union-attr]
    return {
        "questions": [
            {
                "text": f"Model question {i}: tell me about a system you improved?",
                "kind": "behavioral",
                "probes": "Resume: recent work",
                "requirement_id": None,
                "expected_terms": ["latency", "postgresql"],
            }
            for i in range(1, count + 1)
        ]
    }


def final_reply(request: dict[str, Any]) -> dict[str, Any]:
    text = "\n".join(str(m.get("content", "")) for m in request.get("messages", []))
    ids = re.findall(r'<question id="(q\d+f?)">', text) or ["q01"]
    return {
        "strengths": ["Concrete numbers", "Clear ownership"],
        "improvements": ["Say why, not only what", "Shorter openings"],
        "weakest_question_id": ids[-1],
        "stronger_answer": "I profiled the slow query, added an index, and cut latency by half.",
        "readiness": "nearly ready",
        "readiness_summary": "Close to the senior bar; depth on trade-offs is the gap.",
        "gaps": ["Incident response was not shown"],
    }


@dataclass
class ScriptedModel:
    """Answers by purpose; `overrides[purpose]` is a list of replies used first, in order."""

    follow_up: str | None = None  # the follow-up question the model asks after the first answer
    delays: dict[str, float] = field(default_factory=dict)  # purpose -> seconds
    overrides: dict[str, list[Reply]] = field(default_factory=dict)
    seen: list[str] = field(default_factory=list)
    evaluation_score: int = 7

    def __call__(self, request: dict[str, Any]) -> Reply:
        purpose = purpose_of(request)
        self.seen.append(purpose)
        queued = self.overrides.get(purpose)
        if queued:
            return queued.pop(0)
        delay = self.delays.get(purpose, 0.0)
        answer = self._answer(purpose, request)
        if isinstance(answer, str):
            return Reply.text(answer, delay_s=delay)
        return Reply.json(answer, delay_s=delay)

    def _answer(self, purpose: str, request: dict[str, Any]) -> dict[str, Any] | str:
        builders: dict[str, Callable[[dict[str, Any]], dict[str, Any] | str]] = {
            "analysis": lambda r: {
                "name": "Jordan Avery",
                "headline": "Senior backend engineer",
                "seniority": "senior",
                "key_skills": ["Python", "PostgreSQL", "Kubernetes"],
                "highlights": ["Cut API latency by 45%"],
            },
            "plan": plan_reply,
            "evaluate": lambda r: evaluation_reply(r, self.evaluation_score),
            "next": self._next_step,
            "final": final_reply,
            "preflight": lambda r: "OK",
        }
        return builders.get(purpose, lambda r: "OK")(request)

    def _next_step(self, request: dict[str, Any]) -> dict[str, Any]:
        if self.follow_up and self.seen.count("next") == 1:
            return {"action": "follow_up", "follow_up": self.follow_up, "reason": "vague result"}
        return {"action": "next", "follow_up": None, "reason": "answer was complete"}
