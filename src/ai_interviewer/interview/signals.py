"""Ctrl-C, SIGTERM and SIGHUP, handled in one place: each ends the interview the same way.

`install` makes all three raise `Stopped` (a KeyboardInterrupt, so every `except
KeyboardInterrupt` on the way treats them alike) in the main thread, wherever it is waiting: in
the recorder's loop, on the Whisper thread's result, on the model's reply. The engine then keeps
every complete answer, marks a cut-off one, and writes the report inside `shielded()`, where a
second signal (two Ctrl-C a few milliseconds apart, a SIGTERM after the Ctrl-C) is noted and
ignored so that the report is written whole. The exit code is 128 + the signal's number.
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


_shield = threading.Event()


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    if _shield.is_set():
        return  # the report is being written: it comes first
    raise Stopped(signum)


def install() -> None:
    """Ctrl-C, SIGTERM and SIGHUP raise `Stopped` in the main thread (even where the process
    was started with SIGINT ignored)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in NAMES:
        signal.signal(signum, _raise_stopped)


@contextlib.contextmanager
def shielded() -> Iterator[None]:
    """While inside, Ctrl-C, SIGTERM and SIGHUP are ignored: what is saved is saved whole."""
    _shield.set()
    try:
        yield
    finally:
        _shield.clear()
