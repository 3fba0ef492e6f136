"""`within`: a time limit that never takes a result for a cancellation (asyncio.wait_for before
Python 3.12 does, when both come in the same moment: a signal was then lost for a whole stall
timeout), cancels what it waited for when it gives up, and can leave a wait uncounted."""

from __future__ import annotations

import asyncio
import time

import pytest

from ai_interviewer.providers.llm_places import PoolWait
from ai_interviewer.timeouts import within


def test_a_cancellation_that_comes_as_the_result_does_is_not_lost() -> None:
    async def scene() -> None:
        result: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        waiting = asyncio.ensure_future(within(result, 30.0))
        await asyncio.sleep(0)  # it waits now
        await asyncio.sleep(0)
        result.set_result(1)  # the result and the cancellation in one step of the loop
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting

    asyncio.run(scene())


def test_the_result_comes_back_and_a_late_one_times_out_and_is_cancelled() -> None:
    async def scene() -> tuple[int, bool]:
        async def quick() -> int:
            return 7

        never: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        with pytest.raises(TimeoutError):
            await within(never, 0.01)
        return await within(quick(), 5.0), never.cancelled()

    assert asyncio.run(scene()) == (7, True)


def test_a_wait_that_is_not_counted_does_not_time_out() -> None:
    """A limit of 1 s; 1.5 s queued (not counted), then 0.2 s of its own: done, not given up."""

    async def scene() -> str:
        queued = PoolWait()
        queued.begin(time.monotonic())
        loop = asyncio.get_running_loop()
        loop.call_later(1.5, lambda: queued.end(time.monotonic()))

        async def slow() -> str:
            while queued.since is not None:
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.2)
            return "done"

        return await within(slow(), 1.0, not_counted=queued.seconds)

    assert asyncio.run(scene()) == "done"


def test_an_error_of_what_was_abandoned_is_not_left_to_be_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def scene() -> None:
        failed: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        waiting = asyncio.ensure_future(within(failed, 30.0))
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        failed.set_exception(OSError("gone"))
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting

    asyncio.run(scene())
    import gc

    gc.collect()
    assert "exception was never retrieved" not in caplog.text
