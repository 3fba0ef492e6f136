"""The narrow seams between the interview and the outside world.

Each external part implements one small Protocol; the engine knows nothing else about it. The
engine runs on an event loop: what it awaits is async (a network voice or transcriber is async
by nature; a blocking one runs its work in a worker thread, see `blocking.in_thread`), and what
blocks by nature (playing, recording) has a `stop` that ends it early from another thread.
Heavy libraries (pygame, sounddevice, faster-whisper, pyttsx3) are imported inside the adapters,
only when they are used, so that `ai-interview --help` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel

from ai_interviewer.core.models import LLMCall, Transcript

T = TypeVar("T", bound=BaseModel)

StopReason = Literal["silence", "enter", "max_seconds", "interrupted"]


@dataclass(frozen=True)
class StopPolicy:
    """When a recording ends: whichever comes first."""

    silence_seconds: float = 3.0  # this much quiet after speech has started
    max_seconds: float = 180.0
    enter_stops: bool = True  # a press of Enter on the terminal


@dataclass(frozen=True)
class Recording:
    path: Path  # the WAV on disk (16-bit PCM, mono)
    duration: float  # seconds
    sample_rate: int
    stopped_by: StopReason
    speech_detected: bool


LevelCallback = Callable[[float, float], None]  # (rms level 0..1, seconds elapsed)
AudioCallback = Callable[[bytes, int], None]  # (16-bit mono PCM, sample rate), after it is saved


class Speaker(Protocol):
    """Turns text into an audio file (WAV or MP3) that a Player can play."""

    @property
    def name(self) -> str: ...

    @property
    def extension(self) -> str:
        """The audio format it writes: "wav" or "mp3"."""
        ...

    async def synthesize(self, text: str, path: Path) -> Path: ...


class Player(Protocol):
    @property
    def name(self) -> str: ...

    def play(self, path: Path) -> None:
        """Play the file to the end (blocking); returns early when stop() is called."""
        ...

    def stop(self) -> None: ...


class Recorder(Protocol):
    @property
    def name(self) -> str: ...

    def record(
        self,
        path: Path,
        policy: StopPolicy,
        on_level: LevelCallback | None = None,
        on_audio: AudioCallback | None = None,
    ) -> Recording:
        """Record the microphone into `path` until the policy says stop (or `stop()` is
        called: then it ends as "interrupted"); `on_audio` receives each block once it is on
        disk (to stream it to a live transcriber). Blocking."""
        ...

    def stop(self) -> None:
        """End the recording in progress (from another thread)."""
        ...


class Transcriber(Protocol):
    """A recorded answer to text: `atranscribe` on the event loop (a cancelled call stops its
    work), `transcribe` for plain blocking callers such as batch scoring."""

    @property
    def name(self) -> str: ...

    def transcribe(self, path: Path) -> Transcript: ...

    async def atranscribe(self, path: Path) -> Transcript: ...


# --- the language model ------------------------------------------------------------------------


@dataclass(frozen=True)
class Completion(Generic[T]):
    """A model's answer, validated, with the record of the call that produced it."""

    value: T
    call: LLMCall


class StructuredModel(Protocol):
    """A language model that answers in JSON shaped by a pydantic schema.

    `complete_json` returns the validated answer with its own call record, or raises
    `providers.llm.LLMError` whose `call` holds the record (`fatal` when the model cannot be used
    at all). `calls` is every record so far, for the session's cost. The LiteLLM client
    implements it; tests use an in-process fake."""

    model: str
    calls: list[LLMCall]

    @property
    def name(self) -> str: ...

    async def complete_json(
        self,
        messages: list[dict[str, str]],
        schema: type[T],
        *,
        purpose: str,
        question_id: str | None = None,
        validate: Callable[[T], None] | None = None,
    ) -> Completion[T]: ...
