"""An in-process `StructuredModel` for fast unit tests: no server, no LiteLLM.

Answers come from a queue per purpose (`enqueue("evaluate", {...}, LLMError(...))`), or else
from the same builders the scripted server uses (a valid evaluation quoting the answer, a plan
of the asked size, ...). Each answer is validated by the schema and the caller's check as the
real client does, and returns its own call record; `history` keeps every request.

    model = FakeModel()
    model.enqueue("evaluate", LLMError("boom", kind="server", fatal=False))
    turn = asyncio.run(ModelInterviewer(model, profile, job).assess(question, transcript, [], 1))
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ai_interviewer.core.models import LLMCall
from ai_interviewer.providers.base import Completion
from ai_interviewer.providers.llm import LLMError
from fakes.scripted_model import ScriptedModel

T = TypeVar("T", bound=BaseModel)
Messages = list[dict[str, str]]


@dataclass(frozen=True)
class FakeRequest:
    purpose: str
    question_id: str | None
    messages: Messages
    schema: type[BaseModel]

    @property
    def prompt_text(self) -> str:
        return "\n".join(m["content"] for m in self.messages)


@dataclass
class FakeModel:
    model: str = "fake/model"
    calls: list[LLMCall] = field(default_factory=list)
    history: list[FakeRequest] = field(default_factory=list)
    scripted: ScriptedModel = field(default_factory=ScriptedModel)
    _queued: dict[str, deque[Any]] = field(default_factory=lambda: defaultdict(deque))

    @property
    def name(self) -> str:
        return f"llm:{self.model}"

    def enqueue(self, purpose: str, *replies: dict[str, Any] | LLMError) -> None:
        """Answers (JSON-like dicts) or failures for the next calls with this purpose."""
        self._queued[purpose].extend(replies)

    async def complete_json(
        self,
        messages: Messages,
        schema: type[T],
        *,
        purpose: str,
        question_id: str | None = None,
        validate: Callable[[T], None] | None = None,
    ) -> Completion[T]:
        self.history.append(FakeRequest(purpose, question_id, messages, schema))
        queued = self._queued[purpose]
        reply = (
            queued.popleft() if queued else self.scripted._answer(purpose, {"messages": messages})
        )
        if isinstance(reply, LLMError):
            reply.call = self._record(purpose, question_id, reply)
            raise reply
        try:
            value = schema.model_validate(reply)
            if validate is not None:
                validate(value)
        except (ValidationError, ValueError) as problem:
            error = LLMError(f"not usable: {problem}", kind="invalid_output", fatal=False)
            error.call = self._record(purpose, question_id, error)
            raise error from None
        return Completion(value, self._record(purpose, question_id, None))

    def _record(self, purpose: str, question_id: str | None, error: LLMError | None) -> LLMCall:
        call = LLMCall(
            purpose=purpose,
            model=self.model,
            question_id=question_id,
            prompt_tokens=10,
            completion_tokens=5,
            ok=error is None,
            error=f"{error.kind}: {error.message}" if error else None,
        )
        self.calls.append(call)
        return call
