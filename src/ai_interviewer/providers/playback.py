"""Playing the interviewer's voice: pygame's mixer, or nothing at all.

`open_player(kind)` returns a `PlayerChoice(player, reason)` named tuple:

- "pygame": a ready `PygamePlayer` and reason None, or `AudioDeviceError` (with a hint) when
            there is no output device.
- "none":   a `NullPlayer` and reason None (the user asked for silence).
- "auto":   a ready `PygamePlayer` and reason None when the mixer opens; else a `NullPlayer`
            and `reason`, the one-line explanation ("No audio output device (...) (hint)"),
            which the caller shows as a notice::

                player, reason = open_player("auto")
                if reason:
                    console.notice(f"Questions are shown, not heard: {reason}")

The same reason is kept on the NullPlayer (`player.reason`).

The mixer is initialised once per process, lazily, with ALSA's C-level noise on stderr hidden.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import NamedTuple

from ai_interviewer.errors import AudioDeviceError, ProviderError, UsageError

POLL_SECONDS = 0.02
OUTPUT_HINT = (
    "connect speakers or headphones and check the sound server; "
    "use --tts none to read the questions instead"
)
PLAYER_KINDS = ("auto", "pygame", "none")

_MIXER_LOCK = threading.Lock()


@contextlib.contextmanager
def stderr_silenced() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for a moment (C libraries write there directly)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):
        yield
        return
    try:
        with open(os.devnull, "wb") as devnull:
            os.dup2(devnull.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def import_pygame() -> ModuleType:
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    try:
        import pygame
    except ImportError as exc:
        raise ProviderError(f"pygame is not available ({exc})", "pip install pygame") from exc
    return pygame


MIXER_BUFFER_FRAMES = 4096  # about 90 ms: pygame's 512 (12 ms) stutters when the CPU is busy


def ensure_mixer() -> ModuleType:
    """Initialise pygame's mixer once; AudioDeviceError when there is no output device."""
    pygame = import_pygame()
    with _MIXER_LOCK:
        if pygame.mixer.get_init():
            return pygame
        try:
            with stderr_silenced():
                pygame.mixer.init(buffer=MIXER_BUFFER_FRAMES)
        except pygame.error as exc:
            raise AudioDeviceError(f"No audio output device ({exc})", OUTPUT_HINT) from exc
    return pygame


class PygamePlayer:
    """Plays WAV or MP3 files through pygame.mixer.music, blocking until done or stopped."""

    name = "pygame"

    def __init__(self) -> None:
        self._stop_requested = threading.Event()

    def open(self) -> PygamePlayer:
        """Open the output device now (it is otherwise opened on the first play)."""
        ensure_mixer()
        return self

    def play(self, path: Path) -> None:
        pygame = ensure_mixer()
        self._stop_requested.clear()
        try:
            pygame.mixer.music.load(str(path))
            pygame.mixer.music.play()
        except pygame.error as exc:
            raise ProviderError(f"Cannot play {path}: {exc}") from exc
        try:
            while pygame.mixer.music.get_busy():
                if self._stop_requested.wait(POLL_SECONDS):
                    break
        finally:
            pygame.mixer.music.stop()
            pygame.mixer.music.unload()

    def stop(self) -> None:
        """Cut the current playback short; play() returns within POLL_SECONDS."""
        self._stop_requested.set()


class NullPlayer:
    """Plays nothing. `reason` says why when it stands in for a missing device."""

    name = "none"

    def __init__(self, reason: str | None = None) -> None:
        self.reason = reason

    def play(self, path: Path) -> None:
        return None

    def stop(self) -> None:
        return None


class PlayerChoice(NamedTuple):
    player: PygamePlayer | NullPlayer
    reason: str | None  # why there is no sound, when "auto" fell back to the NullPlayer


def open_player(kind: str = "auto") -> PlayerChoice:
    """The player for `kind` ("auto", "pygame", "none"); see the module docstring."""
    if kind not in PLAYER_KINDS:
        raise UsageError(f"Unknown player {kind!r}", f"choose one of {', '.join(PLAYER_KINDS)}")
    if kind == "none":
        return PlayerChoice(NullPlayer(), None)
    if kind == "pygame":
        return PlayerChoice(PygamePlayer().open(), None)
    try:
        return PlayerChoice(PygamePlayer().open(), None)
    except (AudioDeviceError, ProviderError) as exc:
        reason = exc.one_line()
        return PlayerChoice(NullPlayer(reason=reason), reason)
