"""Ctrl-C, SIGTERM and SIGHUP, handled in one place: each ends the interview the same way.

Before the interview's event loop runs, `install` makes all three raise `Stopped` (a
KeyboardInterrupt) in the main thread. While it runs (`run_session`), they are the loop's: the
first one cancels the session's task wherever it waits (on the recorder, on Whisper, on the
model's reply), and `stop_requested()` says which signal it was. The engine then keeps every
complete answer, marks a cut-off one, and writes the report inside `shielded()`, where a further
signal (two Ctrl-C a few milliseconds apart, a SIGTERM after the Ctrl-C) is noted and ignored so
that the report is written whole. The exit code is 128 + the signal's number.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
from collections.abc import Coroutine, Iterator
from types import FrameType
from typing import Any, TypeVar

log = logging.getLogger("ai_interviewer")
T = TypeVar("T")

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


# --- on the interview's event loop ---------------------------------------------------------------

_requested: list[Stopped] = []  # the signal that is ending the running session, if any


def stop_requested() -> Stopped | None:
    """The signal that cancelled the running session, or None (not stopped, or by other means)."""
    return _requested[0] if _requested else None


def run_session(main: Coroutine[Any, Any, T]) -> T:
    """Run `main` on a new event loop, the interview's only one. Ctrl-C, SIGTERM and SIGHUP
    cancel it once (a second is ignored while the first is being handled); when `main` lets the
    cancellation through, it is raised as `Stopped` for the caller's one-line message."""
    return asyncio.run(_guarded(main))


async def _guarded(main: Coroutine[Any, Any, T]) -> T:
    with _signals_cancel(asyncio.current_task()):
        try:
            return await main
        except asyncio.CancelledError:
            stopped = stop_requested()
            if stopped is None:
                raise
            raise stopped from None


@contextlib.contextmanager
def _signals_cancel(task: asyncio.Task[Any] | None) -> Iterator[None]:
    loop = asyncio.get_running_loop()
    on_loop = task is not None and threading.current_thread() is threading.main_thread()
    _requested.clear()
    if on_loop:
        assert task is not None
        for signum in NAMES:
            loop.add_signal_handler(signum, _cancel_on_signal, int(signum), task)
    try:
        yield
    finally:
        if on_loop:
            for signum in NAMES:
                loop.remove_signal_handler(signum)
            install()
        _requested.clear()


_second_cancels = threading.Event()


@contextlib.contextmanager
def second_signal_cancels() -> Iterator[None]:
    """While inside, a signal after the first cancels again what the session waits for (the
    model's final assessment, which a second Ctrl-C skips)."""
    _second_cancels.set()
    try:
        yield
    finally:
        _second_cancels.clear()


def _cancel_on_signal(signum: int, task: asyncio.Task[Any]) -> None:
    ending = bool(_requested)
    if _shield.is_set() or (ending and not _second_cancels.is_set()):
        log.info("%s ignored: the session is already ending", NAMES.get(signal.Signals(signum)))
        return
    if not ending:
        _requested.append(Stopped(signum))
    task.cancel()
