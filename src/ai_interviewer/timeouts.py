"""Waiting with a time limit, without losing a cancellation.

`asyncio.wait_for` before Python 3.12 returns the result, and drops the cancellation, when it is
cancelled in the same moment as what it waits for finishes (python/cpython#86296). Here that
moment is common: Ctrl-C or SIGTERM sent as a model's reply starts to arrive was lost that way,
and the interview then waited out the model's whole stall timeout (60 s) before it stopped.
`within` does the same job with the awaitable in a task of its own and `asyncio.wait`, which
never takes a result for a cancellation.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

T = TypeVar("T")


async def within(
    awaitable: Awaitable[T],
    seconds: float,
    not_counted: Callable[[float], float] | None = None,
) -> T:
    """`awaitable`'s result, or TimeoutError once it has taken `seconds` (plus what
    `not_counted` says, asked with the time now: a wait that is not its own); it is cancelled
    then, and when this is."""
    task = asyncio.ensure_future(awaitable)
    task.add_done_callback(_retrieved)  # an error it ends with once abandoned is not logged
    started = time.monotonic()
    try:
        while True:
            now = time.monotonic()
            left = started + seconds + (not_counted(now) if not_counted else 0.0) - now
            if left <= 0:
                raise TimeoutError(f"no result within {seconds:g} s")
            done, _ = await asyncio.wait({task}, timeout=left)
            if done:
                return task.result()
    finally:
        if not task.done():
            task.cancel()
            await asyncio.wait({task})


def _retrieved(task: asyncio.Future[Any]) -> None:
    if not task.cancelled():
        task.exception()
