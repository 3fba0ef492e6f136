"""The interviewer's voice: questions synthesized ahead, sentence by sentence, in the background.

A question is split into sentences; each sentence is synthesized in a worker thread, in order,
and played as soon as it is ready, so the first words are heard while the rest is still being
made. The next planned question is synthesized while the candidate answers the current one, so
that it starts at once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

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
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="voice")
        self._pending: dict[str, list[Future[tuple[Path, float]]]] = {}

    def prepare(self, question: Question) -> None:
        """Start synthesizing a question's sentences (once per question), in order."""
        if question.id in self._pending:
            return
        extension = self.speaker.extension
        parts = sentences(question.text) or [question.text]
        self._pending[question.id] = [
            self._pool.submit(self._synthesize, text, self._part_path(question.id, n, extension))
            for n, text in enumerate(parts, start=1)
        ]

    def _synthesize(self, text: str, path: Path) -> tuple[Path, float]:
        """One sentence to a file; returns it with the moment it was ready."""
        return self.speaker.synthesize(text, path), self._clock()

    def speak(self, question: Question, player: Player | None) -> Spoken:
        """Play each sentence as soon as it is ready; a failure stops and is reported."""
        started = self._clock()
        self.prepare(question)
        spoken = Spoken()
        ready_at = started
        for future in self._pending.pop(question.id):
            try:
                path, ready_at = future.result()
            except InterviewError as error:
                spoken.failure = error
                break
            spoken.parts.append(path)
            if spoken.first_audio_s is None:
                spoken.first_audio_s = max(0.0, ready_at - started)
            if player is not None:
                self._play(player, path, spoken, started)
        if spoken.failure is None:
            spoken.synthesized_s = max(0.0, ready_at - started)
        return spoken

    def _play(self, player: Player, path: Path, spoken: Spoken, started: float) -> None:
        if spoken.playback_started_s is None:
            spoken.playback_started_s = self._clock() - started
        began = self._clock()
        player.play(path)
        spoken.playback_s = (spoken.playback_s or 0.0) + self._clock() - began
        spoken.played = True

    def close(self) -> None:
        for futures in self._pending.values():
            for future in futures:
                future.cancel()
        self._pending.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)
