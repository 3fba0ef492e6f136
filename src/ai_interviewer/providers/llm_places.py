"""A model's calls at once, held where the calls are made: in a batch, LiteLLM's connections.

A call through LiteLLM costs its caller CPU on both sides of the wait: building the request, then
reading, checking and pricing the reply (about 14 ms of a 200 ms call). When the limit on calls
at once is a semaphore around the whole LiteLLM call, that work is done inside a call's place and
the provider sees fewer calls than it allows. So a batch hands LiteLLM an aiohttp session
(`shared_session`) whose connection pool has exactly `calls` connections: a request waits there
for one, and the semaphore lets half as many requests again into LiteLLM, to be built and read
while every connection is busy.

The wider semaphore is used only once the pool is seen carrying this model's requests (a
provider whose handler does not take the session, or LiteLLM's own transport switched off, keeps
the semaphore at `calls`). A request's wait for a connection is timed (aiohttp's trace of a
queued connection, told apart by a context variable set around each request): it is queueing, not
the model's time, and an answer's timeout does not run during it.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import math
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any


def requests_at_once(calls: int) -> int:
    """Requests let into LiteLLM when a pool holds the `calls` at once: half as many again."""
    return calls + math.ceil(calls / 2)


@dataclass
class PoolWait:
    """How long one request has waited for a connection (every one of the calls at once busy)."""

    total_s: float = 0.0
    since: float | None = None  # waiting now, since then

    def begin(self, now: float) -> None:
        if self.since is None:
            self.since = now

    def end(self, now: float) -> None:
        if self.since is not None:
            self.total_s += now - self.since
            self.since = None

    def seconds(self, now: float) -> float:
        return self.total_s + (now - self.since if self.since is not None else 0.0)


_WAIT: contextvars.ContextVar[PoolWait | None] = contextvars.ContextVar("pool_wait", default=None)


@contextlib.contextmanager
def timing_the_wait() -> Iterator[PoolWait]:
    """A request made inside this block (and the tasks it starts) has its wait for a connection
    added to the `PoolWait` it yields."""
    wait = PoolWait()
    token = _WAIT.set(wait)
    try:
        yield wait
    finally:
        _WAIT.reset(token)


class ConnectionPool:
    """`calls` connections for one event loop's requests to a model, as an aiohttp session that
    LiteLLM takes as `shared_session`. Made in the loop (at the first request), closed with
    `aclose` before the loop ends."""

    def __init__(self, calls: int) -> None:
        self.calls = calls
        self.carried = 0  # requests that went through it
        self._session: Any = None

    def session(self) -> Any:
        if self._session is None or self._session.closed:
            self._session = self._new_session()
        return self._session

    async def aclose(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    def _new_session(self) -> Any:
        import aiohttp  # LiteLLM's own dependency: loaded with it

        from ai_interviewer.providers.llm import litellm_module

        litellm = litellm_module()
        trace = aiohttp.TraceConfig()
        trace.on_request_start.append(self._request_started)
        trace.on_connection_queued_start.append(self._queued)
        trace.on_connection_queued_end.append(self._dequeued)
        # as LiteLLM's own sessions are made: its proxy setting, no cookies kept, IPv4 if forced
        trust_env = bool(getattr(litellm, "aiohttp_trust_env", False)) or os.environ.get(
            "AIOHTTP_TRUST_ENV", ""
        ).strip().lower() in ("1", "true", "yes", "on")
        local_addr = ("0.0.0.0", 0) if getattr(litellm, "force_ipv4", False) else None
        return aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=self.calls, local_addr=local_addr),
            cookie_jar=aiohttp.DummyCookieJar(),
            trust_env=trust_env,
            trace_configs=[trace],
        )

    async def _request_started(self, *_: Any) -> None:
        self.carried += 1

    async def _queued(self, *_: Any) -> None:
        wait = _WAIT.get()
        if wait is not None:
            wait.begin(time.monotonic())

    async def _dequeued(self, *_: Any) -> None:
        wait = _WAIT.get()
        if wait is not None:
            wait.end(time.monotonic())


class CallPlaces:
    """One event loop's places for a model's calls: a semaphore of `calls`, and with `pooled` a
    connection pool of `calls` that, once it carries the model's requests, lets the semaphore
    open to `requests_at_once(calls)`."""

    def __init__(self, calls: int, pooled: bool) -> None:
        self.calls = max(1, calls)
        self.gate = asyncio.Semaphore(self.calls)
        self.pool = ConnectionPool(self.calls) if pooled else None
        self.widened = False

    def shared_session(self) -> Any:
        """The session to hand LiteLLM, or None (no pool)."""
        return None if self.pool is None else self.pool.session()

    def note_done(self) -> None:
        """After a request: the semaphore opened once the pool is seen carrying requests."""
        if self.pool is None or self.widened or not self.pool.carried:
            return
        self.widened = True
        for _ in range(requests_at_once(self.calls) - self.calls):
            self.gate.release()

    async def aclose(self) -> None:
        if self.pool is not None:
            await self.pool.aclose()
