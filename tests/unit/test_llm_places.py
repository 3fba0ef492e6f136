"""A model's places for calls: the semaphore opens to half as many requests again only once a
batch's connection pool is seen carrying them, and only once; a request's wait is timed."""

from __future__ import annotations

import asyncio

from ai_interviewer.providers.llm_places import CallPlaces, PoolWait, requests_at_once


def _free(places: CallPlaces) -> int:
    """How many places can be taken now without waiting."""

    async def count() -> int:
        taken = 0
        while not places.gate.locked():
            await places.gate.acquire()
            taken += 1
        return taken

    return asyncio.run(count())


def test_half_as_many_requests_again_as_calls_at_once() -> None:
    assert [requests_at_once(n) for n in (1, 2, 3, 8, 16)] == [2, 3, 5, 12, 24]


def test_without_a_pool_the_places_are_the_calls_at_once() -> None:
    places = CallPlaces(4, pooled=False)
    places.note_done()
    assert places.pool is None and places.shared_session() is None
    assert _free(places) == 4


def test_a_pool_opens_the_places_once_it_has_carried_a_request_and_only_once() -> None:
    places = CallPlaces(8, pooled=True)
    assert places.pool is not None
    places.note_done()  # nothing carried yet: LiteLLM may not use the pool at all
    assert not places.widened
    places.pool.carried = 1
    places.note_done()
    places.note_done()
    assert places.widened and _free(places) == 12


def test_a_wait_is_added_up_while_it_lasts_and_after() -> None:
    wait = PoolWait()
    wait.begin(10.0)
    assert wait.seconds(10.5) == 0.5
    wait.end(11.0)
    wait.begin(12.0)
    wait.end(12.25)
    assert wait.seconds(20.0) == 1.25
