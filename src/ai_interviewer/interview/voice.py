"""The interviewer's voice: questions synthesized ahead, sentence by sentence, in the background.

A question is split into sentences; they are synthesized in order by a task on the session's
event loop and each is played as soon as it is ready, so the first words are heard while the
rest is still being made. The next planned question is synthesized while the candidate answers
the current one, so that it starts at once. Playback blocks, so it runs in a worker thread, and
is stopped when the interview is.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ai_interviewer.blocking import in_thread
from ai_interviewer.core.models import Question
from ai_interviewer.core.text import sentences
from ai_interviewer.errors import InterviewError
from ai_interviewer.providers.base import Player, Speaker

log = logging.getLogger("ai_interviewer")

PartPath = Callable[[str, int, str], Path]  # (question id, part number, extension) -> path


@dataclass
class Spoken:
    """What happened when a question was spoken."""

    parts: list[Path] = field(default_factory=list)
    first_audio_s: float | None = None  # from speak() to the first part ready
    synthesized_s: float | None = None  # from speak() to the last part ready
    playback_started_s: float | None = None
    playback_s: float | None = None
    failure: InterviewError | None = None
    played: bool = False


class QuestionVoice:
    def __init__(
        self,
        speaker: Speaker,
        part_path: PartPath,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.speaker = speaker
        self._part_path = part_path
        self._clock = clock
        self._pending: dict[str, list[asyncio.Future[tuple[Path, float]]]] = {}
        self._tasks: list[asyncio.Task[None]] = []

    def prepare(self, question: Question) -> None:
        """Start synthesizing a question's sentences (once per question), in order, after
        whatever is being synthesized already."""
        if question.id in self._pending:
            return
        loop = asyncio.get_running_loop()
        extension = self.speaker.extension
        texts = sentences(question.text) or [question.text]
        parts = [
            (text, self._part_path(question.id, n, extension))
            for n, text in enumerate(texts, start=1)
        ]
        futures: list[asyncio.Future[tuple[Path, float]]] = [loop.create_future() for _ in parts]
        self._pending[question.id] = futures
        earlier = self._tasks[-1] if self._tasks else None
        self._tasks.append(loop.create_task(self._synthesize_all(parts, futures, earlier)))

    async def _synthesize_all(
        self,
        parts: list[tuple[str, Path]],
        futures: list[asyncio.Future[tuple[Path, float]]],
        earlier: asyncio.Task[None] | None,
    ) -> None:
        if earlier is not None:
            await asyncio.wait({earlier})  # one question after the other, like one voice
        for (text, path), future in zip(parts, futures, strict=True):
            try:
                ready = await self.speaker.synthesize(text, path), self._clock()
            except InterviewError as error:
                _settle(future, error=error)
                for later in futures:
                    later.cancel()  # the question is not spoken past its first failure
                return
            except asyncio.CancelledError:
                for later in futures:
                    later.cancel()
                raise
            _settle(future, ready)

    async def speak(self, question: Question, player: Player | None) -> Spoken:
        """Play each sentence as soon as it is ready; a failure stops and is reported."""
        started = self._clock()
        self.prepare(question)
        spoken = Spoken()
        ready_at = started
        for future in self._pending.pop(question.id):
            try:
                path, ready_at = await future
            except InterviewError as error:
                spoken.failure = error
                break
            spoken.parts.append(path)
            if spoken.first_audio_s is None:
                spoken.first_audio_s = max(0.0, ready_at - started)
            if player is not None:
                await self._play(player, path, spoken, started)
        if spoken.failure is None:
            spoken.synthesized_s = max(0.0, ready_at - started)
        return spoken

    async def _play(self, player: Player, path: Path, spoken: Spoken, started: float) -> None:
        if spoken.playback_started_s is None:
            spoken.playback_started_s = self._clock() - started
        began = self._clock()
        await in_thread(player.play, path, stop=player.stop)
        spoken.playback_s = (spoken.playback_s or 0.0) + self._clock() - began
        spoken.played = True

    def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        for futures in self._pending.values():
            for future in futures:
                if future.done() and not future.cancelled():
                    future.exception()  # made ahead and never spoken: retrieved, not reported
                future.cancel()
        self._pending.clear()
        self._tasks.clear()


def _settle(
    future: asyncio.Future[tuple[Path, float]],
    value: tuple[Path, float] | None = None,
    error: BaseException | None = None,
) -> None:
    if future.done():
        return
    if error is not None:
        future.set_exception(error)
    else:
        assert value is not None
        future.set_result(value)
