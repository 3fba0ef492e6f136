"""Where the candidate's answers come from: the microphone, the keyboard, or earlier recordings."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ai_interviewer.core.models import Question
from ai_interviewer.providers.base import LevelCallback, Recorder, StopPolicy

QUIT_COMMANDS = ("/quit", "/q", "/exit")
SKIP_COMMANDS = ("/skip", "/s")


@dataclass(frozen=True)
class Answer:
    """One answer: typed text, or a recording already on disk in the session folder."""

    text: str | None = None
    audio: Path | None = None
    duration: float | None = None
    stopped_by: str | None = None
    skipped: bool = False


class AnswerSource(Protocol):
    name: str
    needs_transcription: bool

    def answer(self, question: Question, audio_stem: Path) -> Answer | None:
        """The answer to `question`, or None when the candidate ends the interview.

        `audio_stem` is the session path to record into, without its extension.
        """
        ...


class TypedAnswers:
    """Answers typed on the keyboard (or piped in, one line each): no audio at all."""

    name = "keyboard"
    needs_transcription = False

    def __init__(self, read_line: Callable[[str], str | None]) -> None:
        self._read_line = read_line

    def answer(self, question: Question, audio_stem: Path) -> Answer | None:
        line = self._read_line("Your answer (Enter sends; /skip, /quit): ")
        if line is None:
            return None
        text = line.strip()
        if text.lower() in QUIT_COMMANDS:
            return None
        if text.lower() in SKIP_COMMANDS:
            return Answer(skipped=True)
        return Answer(text=text)


class MicrophoneAnswers:
    """Answers spoken into the microphone, recorded straight into the session folder."""

    name = "microphone"
    needs_transcription = True

    def __init__(
        self, recorder: Recorder, policy: StopPolicy, on_level: LevelCallback | None = None
    ) -> None:
        self._recorder = recorder
        self._policy = policy
        self.on_level = on_level

    def answer(self, question: Question, audio_stem: Path) -> Answer | None:
        recording = self._recorder.record(
            audio_stem.with_suffix(".wav"), self._policy, self.on_level
        )
        return Answer(
            audio=recording.path,
            duration=recording.duration,
            stopped_by=recording.stopped_by,
            skipped=not recording.speech_detected,
        )


class RecordedAnswers:
    """Answers recorded earlier, played back in order: stands in for the microphone."""

    name = "recordings"
    needs_transcription = True

    def __init__(self, files: list[Path]) -> None:
        self._files = list(files)
        self._next = 0

    def answer(self, question: Question, audio_stem: Path) -> Answer | None:
        if self._next >= len(self._files):
            return None
        source = self._files[self._next]
        self._next += 1
        target = audio_stem.with_suffix(source.suffix.lower())
        shutil.copyfile(source, target)
        os.chmod(target, 0o600)
        return Answer(audio=target, stopped_by="recording")
