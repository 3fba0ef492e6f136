"""The fake model of the corpus: the scripted interviewer model, with faults set from a case's
data (a purpose answered by an error, or held open without an answer) and an event per purpose
that a case can wait on (no sleeping: "the answer is being scored now")."""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from fakes.openai_server import Reply
from fakes.scripted_model import ScriptedModel, evaluation_reply, purpose_of

ESCAPES = "\x1b]0;pwned\x07\x1b[2J"

FAULTS = {
    "unauthorized": Reply.unauthorized,
    "not_found": Reply.model_not_found,
    "no_credit": Reply.insufficient_quota,
    "server_error": Reply.server_error,
    "unavailable": Reply.unavailable,
    "dropped": Reply.dropped,
    "malformed": lambda: Reply.text("{not json at all"),
    "hold": lambda: Reply.stalling({"held": True}, after_chunks=1),
}


@dataclass
class ModelScript(ScriptedModel):
    faults: dict[str, str] = field(default_factory=dict)  # purpose -> a FAULTS name, every time
    _arrived: defaultdict[str, threading.Event] = field(
        default_factory=lambda: defaultdict(threading.Event)
    )

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> ModelScript:
        return cls(faults=dict(settings.get("faults", {})))

    def arrived(self, purpose: str) -> threading.Event:
        return self._arrived[purpose]

    def __call__(self, request: dict[str, Any]) -> Reply:
        purpose = purpose_of(request)
        self.arrived(purpose).set()
        fault = self.faults.get(purpose)
        if fault == "escapes":  # a valid answer whose words hold terminal controls
            reply = evaluation_reply(request)
            for criterion in reply["criteria"].values():
                criterion["reason"] = f"{ESCAPES}{criterion['reason']} pwned"
            reply["tip"] = f"{ESCAPES}Close with the result."
            return Reply.json(reply)
        if fault is not None:
            self.seen.append(purpose)
            return FAULTS[fault]()
        return super().__call__(request)
