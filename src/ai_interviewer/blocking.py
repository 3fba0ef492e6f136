"""Blocking work off the event loop, and stopped when the interview is.

The interview runs on one asyncio event loop. What blocks (the microphone, Whisper, pygame, the
system voice, the keyboard) runs in a worker thread, so the loop stays free for the model's
calls, the live captions and the signals. When the waiting task is cancelled (Ctrl-C, SIGTERM),
`stop` asks the work to end and the worker is waited for a moment, so that a recording is closed
and an audio stream stopped before the interview goes on ending: no orphan threads or streams.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

STOP_GRACE_S = 5.0  # how long a stopped worker may take to wind up


async def in_thread(
    work: Callable[..., T],
    *args: Any,
    stop: Callable[[], None] | None = None,
    grace: float = STOP_GRACE_S,
) -> T:
    """`work(*args)` in a worker thread (asyncio.to_thread); on cancellation, `stop()` and wait
    up to `grace` seconds for the worker to return before the cancellation goes on."""
    worker = asyncio.ensure_future(asyncio.to_thread(work, *args))
    worker.add_done_callback(_consume)
    try:
        return await asyncio.shield(worker)
    except asyncio.CancelledError:
        if stop is not None:
            stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait({worker}, timeout=grace)
        raise


async def in_daemon_thread(work: Callable[..., T], *args: Any) -> T:
    """`work(*args)` in a daemon thread, for work that may never return and cannot be asked to
    stop (a read from the keyboard): a cancelled wait leaves it behind without holding up the
    exit."""
    loop = asyncio.get_running_loop()
    result: asyncio.Future[T] = loop.create_future()

    def settle(value: T | None, error: BaseException | None) -> None:
        if result.done():
            return
        if error is not None:
            result.set_exception(error)
        else:
            result.set_result(value)  # type: ignore[arg-type]

    def run() -> None:
        try:
            value = work(*args)
        except BaseException as error:
            outcome: tuple[T | None, BaseException | None] = (None, error)
        else:
            outcome = (value, None)
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is waiting
            loop.call_soon_threadsafe(settle, *outcome)

    threading.Thread(target=run, name="blocking-read", daemon=True).start()
    return await result


def _consume(worker: asyncio.Future[Any]) -> None:
    """A worker's failure after its waiter was cancelled is not an unretrieved error."""
    if not worker.cancelled():
        worker.exception()
