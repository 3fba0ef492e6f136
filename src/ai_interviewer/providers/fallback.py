"""Cloud first, offline after: wrappers that move to the next provider when one fails.

Each keeps the notices it has to give (one per switch) in `notices`; the engine shows them,
logs them and records them in session.json.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from ai_interviewer.core.models import Transcript
from ai_interviewer.errors import InterviewError
from ai_interviewer.providers.base import Speaker, Transcriber

log = logging.getLogger("ai_interviewer")

# Failures that say the service itself is out of reach for this session, not just this file.
SERVICE_DOWN = frozenset({"auth", "unreachable", "forbidden", "timeout", "dropped", "stalled"})


class FallbackSpeaker:
    """The first voice until it fails once, then the next one for the rest of the session: a
    voice that fails mid-question would otherwise leave silence."""

    def __init__(self, voices: list[Speaker]) -> None:
        if not voices:
            raise ValueError("FallbackSpeaker needs at least one voice")
        self._voices = list(voices)
        self.notices: list[str] = []

    @property
    def name(self) -> str:
        return self._voices[0].name

    @property
    def extension(self) -> str:
        return self._voices[0].extension

    async def synthesize(self, text: str, path: Path) -> Path:
        while True:
            voice = self._voices[0]
            try:
                target = path.with_suffix("." + voice.extension)
                return await voice.synthesize(text, target)
            except InterviewError as error:
                if len(self._voices) == 1:
                    raise
                self._voices.pop(0)
                self.notices.append(
                    f"The {voice.name} voice failed ({error.message}); "
                    f"the {self._voices[0].name} voice speaks from here on."
                )
                log.warning(self.notices[-1])


class FallbackTranscriber:
    """Tries each transcriber in turn on the saved recording; the first that succeeds wins.
    A cloud service that fails is skipped for the rest of the session."""

    def __init__(self, chain: list[Transcriber]) -> None:
        if not chain:
            raise ValueError("FallbackTranscriber needs at least one transcriber")
        self._chain = list(chain)
        self.notices: list[str] = []

    @property
    def name(self) -> str:
        return self._chain[0].name

    def preload(self) -> None:
        for transcriber in self._chain:
            preload = getattr(transcriber, "preload", None)
            if preload is not None:
                preload()

    def transcribe(self, path: Path) -> Transcript:
        """`atranscribe` for a caller with no event loop running (batch scoring)."""
        return asyncio.run(self.atranscribe(path))

    async def atranscribe(self, path: Path) -> Transcript:
        chain = list(self._chain)
        for position, transcriber in enumerate(chain):
            try:
                return await transcriber.atranscribe(path)
            except InterviewError as error:
                if position == len(chain) - 1:
                    raise
                following = chain[position + 1].name
                if getattr(error, "reason", None) in SERVICE_DOWN:
                    self._chain.remove(transcriber)
                    self.notices.append(
                        f"{transcriber.name} failed ({error.message}); "
                        f"{following} transcribes from here on."
                    )
                else:
                    self.notices.append(
                        f"{transcriber.name} failed on {path.name} ({error.message}); "
                        f"{following} transcribed it."
                    )
                log.warning(self.notices[-1])
        raise AssertionError("unreachable: the chain is never empty")
