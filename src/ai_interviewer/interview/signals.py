"""Ctrl-C, SIGTERM and SIGHUP, handled in one place: each ends the interview the same way.

`install` makes all three raise `Stopped` (a KeyboardInterrupt, so every `except
KeyboardInterrupt` on the way treats them alike) in the main thread, wherever it is waiting: in
the recorder's loop, on the Whisper thread's result, on the model's reply. The engine then keeps
every complete answer, marks a cut-off one, and writes the report. The exit code is 128 + the
signal's number.

The first signal stops the interview; any later one (two Ctrl-C a few milliseconds apart, a
SIGTERM after the Ctrl-C) is ignored, wherever it lands on the way out, so that the ending is
never cut short and the report is written whole. The one exception is the slow part of the
ending, the model's final assessment, run inside `interruptible()`: a second Ctrl-C skips it,
and after SIGTERM or SIGHUP (a shutdown, a closed terminal: nobody waits for it) it is skipped
at once, so the process exits promptly. `shielded()` ignores even a first signal while what is
saved must be saved whole.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType

NAMES = {signal.SIGINT: "Ctrl-C", signal.SIGTERM: "SIGTERM"}
if hasattr(signal, "SIGHUP"):
    NAMES[signal.SIGHUP] = "SIGHUP"


class Stopped(KeyboardInterrupt):
    """The interview was stopped from outside: Ctrl-C, SIGTERM or SIGHUP."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(NAMES.get(signal.Signals(signum), f"signal {signum}"))
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + int(self.signum)

    @property
    def name(self) -> str:
        return NAMES.get(signal.Signals(self.signum), f"signal {self.signum}")


def stop_of(interrupt: BaseException) -> Stopped:
    """The Stopped behind any KeyboardInterrupt (a plain one, or one re-raised with a partial
    recording attached, is the signal that caused it; none known is Ctrl-C)."""
    seen: BaseException | None = interrupt
    while seen is not None:
        if isinstance(seen, Stopped):
            return seen
        seen = seen.__cause__ or seen.__context__
    return Stopped(signal.SIGINT)


PROMPT_EXIT = tuple(signum for signum in NAMES if signum != signal.SIGINT)  # SIGTERM, SIGHUP


class _State:
    """What the handler needs to know; touched only from the main thread (where handlers run)."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.stopping: Stopped | None = None  # the first signal, once it came
        self.shielded = 0
        self.interruptible = 0


_state = _State()


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if _state.shielded:
        return  # what is being saved comes first
    if _state.stopping is None:
        _state.stopping = Stopped(signum)
        raise _state.stopping
    if _state.interruptible:
        raise Stopped(signum)  # a second signal skips the slow part of the ending
    # already stopping: the ending goes on whole


def install() -> None:
    """Ctrl-C, SIGTERM and SIGHUP raise `Stopped` in the main thread (even where the process
    was started with SIGINT ignored); a new command starts with no signal seen."""
    if threading.current_thread() is not threading.main_thread():
        return
    _state.reset()
    for signum in NAMES:
        signal.signal(signum, _on_signal)


@contextlib.contextmanager
def shielded() -> Iterator[None]:
    """While inside, Ctrl-C, SIGTERM and SIGHUP are ignored: what is saved is saved whole."""
    _state.shielded += 1
    try:
        yield
    finally:
        _state.shielded -= 1


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """Slow work on the way out that a further signal may cut short: a second Ctrl-C raises
    Stopped inside; after SIGTERM or SIGHUP it raises at once, so the work is skipped."""
    stopping = _state.stopping
    if stopping is not None and stopping.signum in PROMPT_EXIT:
        raise Stopped(stopping.signum)
    _state.interruptible += 1
    try:
        yield
    finally:
        _state.interruptible -= 1
