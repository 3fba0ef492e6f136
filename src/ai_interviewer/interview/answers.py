"""Where the candidate's answers come from: the microphone, the keyboard, or earlier recordings."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from ai_interviewer.blocking import in_daemon_thread, in_thread
from ai_interviewer.core.models import Question, Transcript
from ai_interviewer.errors import InterviewError, NothingTyped, storage_error
from ai_interviewer.providers.base import LevelCallback, Recorder, StopPolicy
from ai_interviewer.storage.names import with_extension
from ai_interviewer.storage.private import copy_private

log = logging.getLogger("ai_interviewer")

QUIT_COMMANDS = ("/quit", "/q", "/exit")
AUDIO_TOLERANCE_S = 0.1  # live audio and the saved WAV may differ by this much
SKIP_COMMANDS = ("/skip", "/s")


@dataclass(frozen=True)
class Answer:
    """One answer: typed text, or a recording already on disk in the session folder."""

    text: str | None = None
    audio: Path | None = None
    duration: float | None = None
    stopped_by: str | None = None
    skipped: bool = False
    transcript: Transcript | None = None  # ready already (an earlier recording's, say)
    pending: Callable[[], Awaitable[Transcript | None]] | None = None  # the live transcript


class AnswerSource(Protocol):
    name: str
    needs_transcription: bool

    async def answer(self, question: Question, audio_stem: Path) -> Answer | None:
        """The answer to `question`, or None when the candidate ends the interview.

        `audio_stem` is the session path to record into, without its extension.
        """
        ...


class TypedAnswers:
    """Answers typed on the keyboard (or piped in, one line each): no audio at all.

    The end of input ends the interview like /quit, once something was typed; input that ends
    (or is closed) before the first line is refused with NothingTyped, so that no empty
    interview is left behind."""

    name = "keyboard"
    needs_transcription = False

    def __init__(self, read_line: Callable[[str], str | None]) -> None:
        self._read_line = read_line
        self._lines = 0

    async def answer(self, question: Question, audio_stem: Path) -> Answer | None:
        line = await in_daemon_thread(self._read_line, "Your answer (Enter sends; /skip, /quit): ")
        if line is None:
            if self._lines == 0:
                raise NothingTyped(
                    "nothing typed: standard input ended before the first answer",
                    "type the answers, or give them on standard input, one line each",
                )
            return None
        self._lines += 1
        text = line.strip()
        if text.lower() in QUIT_COMMANDS:
            return None
        if text.lower() in SKIP_COMMANDS:
            return Answer(skipped=True)
        return Answer(text=text)


class LiveSession(Protocol):
    """One answer transcribed while it is spoken: started and finished on the event loop, fed
    from the recorder's thread."""

    async def start(self) -> None: ...
    def feed(self, pcm: bytes, rate: int) -> None: ...
    async def finish(self) -> Transcript: ...
    def abort(self) -> None: ...


class LiveTranscriber(Protocol):
    name: str

    def open_session(self, on_partial: Callable[[str], None] | None = None) -> LiveSession: ...


class MicrophoneAnswers:
    """Answers spoken into the microphone, recorded straight into the session folder, and,
    with a live transcriber, streamed to it while the candidate speaks."""

    name = "microphone"
    needs_transcription = True

    def __init__(
        self,
        recorder: Recorder,
        policy: StopPolicy,
        on_level: LevelCallback | None = None,
        live: LiveTranscriber | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._recorder = recorder
        self._policy = policy
        self.on_level = on_level
        self.on_partial: Callable[[str], None] | None = None
        self.live = live
        self._clock = clock
        self.notices: list[str] = []

    async def answer(self, question: Question, audio_stem: Path) -> Answer | None:
        session = await self._open_live_session()
        target = with_extension(audio_stem, "wav")
        try:
            recording = await in_thread(
                self._recorder.record,
                target,
                self._policy,
                self.on_level,
                session.feed if session is not None else None,
                stop=self._recorder.stop,
            )
        except BaseException as error:
            if session is not None:
                session.abort()
            if isinstance(error, OSError) and error.errno is not None:  # the disk: full, read-only
                raise storage_error("could not save the recording", target, error) from None
            raise
        if session is not None and not recording.speech_detected:
            session.abort()
            session = None
        live = session

        async def pending() -> Transcript | None:
            return await self._finish_live(live, recording.duration)

        return Answer(
            audio=recording.path,
            duration=recording.duration,
            stopped_by=recording.stopped_by,
            skipped=not recording.speech_detected,
            pending=pending if live is not None else None,
        )

    async def _open_live_session(self) -> LiveSession | None:
        if self.live is None:
            return None
        try:
            session = self.live.open_session(self.on_partial)
            await session.start()
        except InterviewError as error:
            self._live_failed(error)
            return None
        return session

    async def _finish_live(self, session: LiveSession | None, duration: float) -> Transcript | None:
        """The live transcript once its last words are in; None (the saved recording is then
        transcribed instead) when the session failed or did not hear all of the recording."""
        if session is None:
            return None
        try:
            transcript = await session.finish()
        except InterviewError as error:
            self._live_failed(error)
            return None
        except BaseException:
            session.abort()
            raise
        if not _covers(session, duration):
            log.warning("the live transcript missed audio; the saved recording is used instead")
            return None
        return transcript

    def _live_failed(self, error: InterviewError) -> None:
        """The recording is safe on disk: it is transcribed from there instead, and the live
        service is not tried again this session."""
        assert self.live is not None
        self.notices.append(
            f"Live transcription by {self.live.name} failed ({error.message}); "
            "answers are transcribed from the saved recording instead."
        )
        log.warning(self.notices[-1])
        self.live = None


def _covers(session: LiveSession | None, duration: float) -> bool:
    """True when the live session heard all of the saved recording (the WAV is the truth)."""
    fed = getattr(session, "fed_seconds", None)
    return fed is None or abs(float(fed) - duration) <= AUDIO_TOLERANCE_S


class RecordedAnswers:
    """Answers recorded earlier, played back in order: stands in for the microphone."""

    name = "recordings"
    needs_transcription = True

    def __init__(self, files: list[Path]) -> None:
        self._files = list(files)
        self._next = 0

    async def answer(self, question: Question, audio_stem: Path) -> Answer | None:
        if self._next >= len(self._files):
            return None
        source = self._files[self._next]
        self._next += 1
        target = with_extension(audio_stem, source.suffix)
        try:
            copy_private(source, target)
        except OSError as error:
            with contextlib.suppress(OSError):
                target.unlink()
            if error.filename is not None and Path(error.filename) == source:
                raise storage_error("cannot read the recording", source, error) from None
            raise storage_error("could not save the recording", target, error) from None
        return Answer(audio=target, stopped_by="recording")
