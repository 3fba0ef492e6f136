"""The LLM adapter: real LiteLLM against the local OpenAI-compatible fake server.

Each test scripts the server's replies and checks one behaviour of `LLMClient`: streamed answers
and their timeouts (first token, stall), the schema sent with the request, the answer's token
budget, what is retried and what is fatal, the one repair of an unusable answer, the record of
every call, the concurrency limit, the preflight, and that the API key never shows. No test
sleeps: the only waiting is the server's scripted delays.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import subprocess
import sys
import time
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest
from pydantic import BaseModel, Field

from ai_interviewer.config import ModelLimits
from ai_interviewer.core.llm_checks import cost_summary
from ai_interviewer.core.models import LLMCall
from ai_interviewer.providers.llm import LLMClient, LLMError, litellm_module
from fakes.openai_server import OpenAIServer, Reply, closed_port, running_openai_server

MODEL = "openai/fake-model"
KEY = "sk-test"
GOOD = {"score": 7, "quote": "we cut the build time in half"}
R = TypeVar("R")


class Verdict(BaseModel):
    score: int = Field(ge=0, le=10)
    quote: str


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    with running_openai_server() as server:
        yield server


def run(coroutine: Coroutine[Any, Any, R]) -> R:
    return asyncio.run(coroutine)


def client_for(
    server: OpenAIServer | None,
    first_token: float = 5.0,
    stall: float = 5.0,
    concurrency: int = 4,
    **options: Any,
) -> LLMClient:
    base = server.base_url if server else f"http://127.0.0.1:{closed_port()}/v1"
    limits = ModelLimits(
        connect_s=2.0, first_token_s=first_token, stall_s=stall, concurrency=concurrency
    )
    settings: dict[str, Any] = {"api_key": KEY, "backoff_s": 0.01, "limits": limits}
    settings.update(options)
    return LLMClient(MODEL, api_base=base, **settings)


MESSAGES = [
    {"role": "system", "content": "You score interview answers. Reply in JSON."},
    {"role": "user", "content": "Answer: we cut the build time in half."},
]


def ask(client: LLMClient, **options: Any) -> Verdict:
    return run(client.complete_json(MESSAGES, Verdict, purpose="evaluate", **options)).value


def ask_for_call(client: LLMClient, **options: Any) -> LLMCall:
    return run(client.complete_json(MESSAGES, Verdict, purpose="evaluate", **options)).call


def failure_of(client: LLMClient, **options: Any) -> LLMError:
    with pytest.raises(LLMError) as caught:
        ask(client, **options)
    return caught.value


def preflight_failure(client: LLMClient) -> LLMError:
    with pytest.raises(LLMError) as caught:
        run(client.preflight())
    return caught.value


# --- answers ---------------------------------------------------------------------------------


def test_good_json_is_validated_and_the_call_recorded(openai_server: OpenAIServer) -> None:
    """One request; the answer is the schema's object; tokens, attempts, timing are recorded."""
    openai_server.enqueue(Reply.json(GOOD, usage=(120, 15)))
    client = client_for(openai_server)

    verdict = ask(client, question_id="q01")

    assert verdict == Verdict(**GOOD)
    (call,) = client.calls
    assert (call.purpose, call.model, call.question_id) == ("evaluate", MODEL, "q01")
    assert (call.prompt_tokens, call.completion_tokens) == (120, 15)
    assert (call.attempts, call.repaired, call.ok, call.error) == (1, False, True, None)
    assert call.cost_usd is None or call.cost_usd >= 0
    assert call.started is not None and call.started >= 0
    assert call.seconds > 0


def test_the_schema_goes_with_a_streamed_request_and_litellm_retries_nothing(
    openai_server: OpenAIServer,
) -> None:
    """An OpenAI-compatible server gets the JSON schema as response_format (it can decode to
    it), so the prompt does not spell it out; the answer is streamed with its usage; the retry
    settings stay in LiteLLM, not on the wire."""
    openai_server.enqueue(Reply.json(GOOD))
    ask(client_for(openai_server), max_tokens=200, temperature=0.1)

    (request,) = openai_server.completions
    sent = request.json["response_format"]
    assert sent["type"] == "json_schema" and sent["json_schema"]["name"] == "Verdict"
    schema = sent["json_schema"]["schema"]
    assert schema["required"] == ["score", "quote"] and schema["additionalProperties"] is False
    assert schema["properties"]["score"] == {"maximum": 10, "minimum": 0, "type": "integer"}
    assert request.json["stream"] is True
    assert request.json["stream_options"] == {"include_usage": True}
    assert request.json["model"] == "fake-model"
    assert request.json["max_tokens"] == 200
    assert request.json["temperature"] == 0.1
    assert request.json["messages"][-1]["content"].endswith("\n\nAnswer with JSON only.")
    assert '"properties"' not in request.prompt_text
    assert "num_retries" not in request.json and "max_retries" not in request.json
    assert request.headers["authorization"] == f"Bearer {KEY}"


def test_max_tokens_is_sized_to_the_schema(openai_server: OpenAIServer) -> None:
    """Without an explicit budget, the answer may take what its schema allows and no more."""
    from ai_interviewer.core.llm_schemas import max_tokens_for

    openai_server.enqueue(Reply.json(GOOD))
    ask(client_for(openai_server))

    (request,) = openai_server.completions
    assert request.json["max_tokens"] == max_tokens_for(Verdict)


def test_a_server_that_refuses_the_schema_is_asked_in_json_mode(
    openai_server: OpenAIServer,
) -> None:
    """A 400 that blames response_format: the same request again in JSON mode, the schema now
    in the prompt; the client remembers for the next call."""
    openai_server.enqueue(
        Reply.failure(400, "response_format of type json_schema is not supported"),
        Reply.json(GOOD),
        Reply.json(GOOD),
    )
    client = client_for(openai_server)

    assert ask(client) == Verdict(**GOOD)
    ask(client)

    first, second, third = openai_server.completions
    assert first.json["response_format"]["type"] == "json_schema"
    assert second.json["response_format"] == {"type": "json_object"}
    assert third.json["response_format"] == {"type": "json_object"}
    assert '"properties"' in second.prompt_text
    assert client.calls[0].ok and client.calls[0].attempts == 2


def test_fenced_json_is_accepted_without_a_repair(openai_server: OpenAIServer) -> None:
    openai_server.enqueue(Reply.text('```json\n{"score": 4, "quote": "we shipped"}\n```'))
    client = client_for(openai_server)

    assert ask(client) == Verdict(score=4, quote="we shipped")
    assert client.calls[0].repaired is False
    assert len(openai_server.completions) == 1


def test_slow_first_token_within_its_timeout_succeeds(openai_server: OpenAIServer) -> None:
    openai_server.enqueue(Reply.json(GOOD, delay_s=0.3))
    client = client_for(openai_server, first_token=3.0)

    assert ask(client) == Verdict(**GOOD)
    (call,) = client.calls
    assert call.attempts == 1
    assert call.seconds >= 0.3
    assert call.first_token_s is not None and 0.3 <= call.first_token_s <= call.seconds


def test_a_slow_but_steady_answer_is_never_cut_off(openai_server: OpenAIServer) -> None:
    """Tokens every 0.1 s for longer than the stall timeout in all: each gap is short, so the
    answer completes; the record has the tokens per second."""
    payload = {"score": 7, "quote": "we cut the build time in half, " * 2}
    openai_server.enqueue(Reply(content=json.dumps(payload), chunk_chars=8, chunk_delay_s=0.1))
    client = client_for(openai_server, stall=0.5)

    assert ask(client).score == 7
    (call,) = client.calls
    assert call.seconds > 0.5 * 2
    assert call.tokens_per_s is not None and call.tokens_per_s > 0


def test_a_model_that_stops_sending_is_abandoned_after_the_stall_timeout(
    openai_server: OpenAIServer,
) -> None:
    """Two chunks, then silence with the connection open: given up (not retried) within the
    stall timeout plus a second, as a non-fatal error that says so."""
    openai_server.enqueue(Reply.stalling(GOOD, after_chunks=2))
    client = client_for(openai_server, stall=0.5)

    error = failure_of(client)

    assert (error.kind, error.fatal) == ("stalled", False)
    assert error.message == f"{MODEL} stopped sending for 0.5 s"
    assert len(openai_server.completions) == 1
    assert error.call is not None and error.call is client.calls[0]
    assert 0.5 <= error.call.seconds < 0.5 + 1.0


def test_a_whole_answer_is_asked_for_without_streaming_and_read_with_its_usage(
    openai_server: OpenAIServer,
) -> None:
    """`streamed = False` (a batch): the request asks for no stream, and the answer, its tokens
    and its cost record come back as from a stream."""
    openai_server.enqueue(Reply.json(GOOD, usage=(120, 30)))
    client = client_for(openai_server)
    client.streamed = False

    assert ask(client) == Verdict(**GOOD)
    (request,) = openai_server.completions
    assert request.json.get("stream") in (None, False) and "stream_options" not in request.json
    (call,) = client.calls
    assert (call.prompt_tokens, call.completion_tokens) == (120, 30)


def test_a_whole_answer_that_does_not_come_is_given_up_after_both_timeouts(
    openai_server: OpenAIServer,
) -> None:
    """Not streamed, the answer must come within the first-token and stall timeouts together
    (0.3 + 0.3 s here): given up, not retried, within a second more, saying how long it waited."""
    openai_server.handler = lambda request: Reply.json(GOOD, delay_s=3.0)
    client = client_for(openai_server, first_token=0.3, stall=0.3)
    client.streamed = False

    error = failure_of(client)

    assert (error.kind, error.fatal) == ("timeout", False)
    assert error.message == f"{MODEL} did not answer within 0.6 s"
    assert "LLM_FIRST_TOKEN_TIMEOUT" in (error.hint or "")
    assert len(openai_server.completions) == 1
    assert 0.6 <= client.calls[0].seconds < 0.6 + 1.0


def test_a_model_that_sends_nothing_is_given_up_after_the_first_token_timeout(
    openai_server: OpenAIServer,
) -> None:
    openai_server.handler = lambda request: Reply.json(GOOD, delay_s=3.0)
    client = client_for(openai_server, first_token=0.4)

    error = failure_of(client)

    assert (error.kind, error.fatal) == ("timeout", False)
    assert error.message == f"{MODEL} sent nothing within 0.4 s"
    assert "LLM_FIRST_TOKEN_TIMEOUT" in (error.hint or "")
    assert len(openai_server.completions) == 1
    assert client.calls[0].seconds < 0.4 + 1.0


def test_a_call_cancelled_as_its_reply_starts_stops_there(
    openai_server: OpenAIServer,
) -> None:
    """Ctrl-C or SIGTERM in the very moment the reply's stream is ready: the call is cancelled
    then, its stream never read (it used to be read, waiting out the stall timeout, 60 s by
    default, before the interview could stop)."""
    read: list[str] = []

    class Stream:
        def __aiter__(self) -> Stream:
            return self

        async def __anext__(self) -> Any:
            read.append("chunk")
            await asyncio.Event().wait()  # a model that went quiet

    class CancelledAsItStarts(LLMClient):
        def _acompletion(self, litellm: Any, kwargs: dict[str, Any]) -> Any:
            caller = asyncio.current_task()

            async def reply() -> Stream:
                await asyncio.sleep(0)
                assert caller is not None
                caller.cancel()  # the signal, in the step the stream is ready
                return Stream()

            return reply()

    client = client_for(openai_server, stall=5.0)
    client.__class__ = CancelledAsItStarts

    async def call() -> None:
        task = asyncio.ensure_future(client.complete_json(MESSAGES, Verdict, purpose="evaluate"))
        with pytest.raises(asyncio.CancelledError):
            await task

    run(call())
    assert read == []


def test_two_calls_at_once_overlap_on_the_server(openai_server: OpenAIServer) -> None:
    """asyncio.gather of two calls: the server holds both requests before answering either."""
    openai_server.handler = lambda request: Reply.json(GOOD, delay_s=0.3)
    client = client_for(openai_server)
    messages = [{"role": "user", "content": "Score this answer in JSON."}]

    async def both() -> list[Verdict]:
        return list(
            await asyncio.gather(
                client.complete_json(messages, Verdict, purpose="evaluate"),
                client.complete_json(messages, Verdict, purpose="next"),
            )
        )

    first_done, second_done = run(both())
    assert first_done.value == second_done.value == Verdict(**GOOD)
    assert (first_done.call.purpose, second_done.call.purpose) == ("evaluate", "next")
    first, second = openai_server.completions
    assert first.sent is not None and second.sent is not None
    assert max(first.received, second.received) < min(first.sent, second.sent)
    assert sorted(call.purpose for call in client.calls) == ["evaluate", "next"]


def test_the_concurrency_limit_holds_calls_back(openai_server: OpenAIServer) -> None:
    """Three calls at once with a limit of one: the server never holds two requests; the
    waiting is recorded as queued, not as the model's time."""
    openai_server.handler = lambda request: Reply.json(GOOD, delay_s=0.2)
    client = client_for(openai_server, concurrency=1)
    messages = [{"role": "user", "content": "Score this answer in JSON."}]

    async def three() -> list[Any]:
        return list(
            await asyncio.gather(
                *(client.complete_json(messages, Verdict, purpose="evaluate") for _ in range(3))
            )
        )

    began = time.monotonic()
    done = run(three())
    wall = time.monotonic() - began

    requests = sorted(openai_server.completions, key=lambda r: r.received)
    for earlier, later in itertools.pairwise(requests):
        assert earlier.sent is not None and earlier.sent <= later.received
    assert max(d.call.queued_s for d in done) >= 0.2 * 2 * 0.9
    # the model's own time excludes the wait in the queue: counted twice, the last call's
    # queue and time would add up to more than the whole run took, however slow the machine
    assert all(d.call.queued_s + d.call.seconds <= wall + 0.01 for d in done)


def batch_client_for(server: OpenAIServer, **options: Any) -> LLMClient:
    """A client as a batch sets it: whole answers, its calls at once in a connection pool."""
    client = client_for(server, **options)
    client.streamed, client.pooled = False, True
    return client


def test_a_batch_holds_its_calls_at_once_in_litellms_connections_and_readies_more(
    openai_server: OpenAIServer,
) -> None:
    """A batch's client hands LiteLLM a pool of two connections: once the pool is seen carrying
    the requests, three are let into LiteLLM, the server still never holds more than two, a
    request's wait for a connection is recorded as queued (not the model's time), and the pool
    is closed with the batch."""
    openai_server.handler = lambda request: Reply.json(GOOD, delay_s=0.3)
    client = batch_client_for(openai_server, concurrency=2)
    messages = [{"role": "user", "content": "Score this answer in JSON."}]

    async def batch() -> tuple[list[Any], Any, Any]:
        await client.complete_json(messages, Verdict, purpose="evaluate")  # the pool proven
        places = client._places_here()
        done = await asyncio.gather(
            *(client.complete_json(messages, Verdict, purpose="evaluate") for _ in range(6))
        )
        session = places.shared_session()
        await client.aclose()
        return list(done), places, session

    done, places, session = run(batch())

    assert all(d.value == Verdict(**GOOD) for d in done)
    assert places.pool is not None and places.pool.carried == 7 and places.widened
    assert session.closed
    assert openai_server.most_at_once() == 2
    assert max(d.call.queued_s for d in done) >= 0.3 * 0.9  # waited for a connection
    assert all(d.call.seconds < 0.3 + 0.6 for d in done)  # its own time, not the wait's


def test_a_wait_for_a_connection_does_not_count_against_a_whole_answers_timeout(
    openai_server: OpenAIServer,
) -> None:
    """One call at once, each answer 1 s, a whole answer given 1.5 s: of two calls let into
    LiteLLM together, the second waits 1 s for the connection, then takes 1 s, and is not
    given up (2 s in all: the wait is queueing, not the model)."""
    openai_server.handler = lambda request: Reply.json(GOOD, delay_s=1.0)
    client = batch_client_for(openai_server, concurrency=1, first_token=0.75, stall=0.75)
    messages = [{"role": "user", "content": "Score this answer in JSON."}]

    async def two() -> list[Any]:
        await client.complete_json(messages, Verdict, purpose="evaluate")
        done = await asyncio.gather(
            *(client.complete_json(messages, Verdict, purpose="evaluate") for _ in range(2))
        )
        await client.aclose()
        return list(done)

    first, second = sorted(run(two()), key=lambda d: d.call.queued_s)

    assert first.value == second.value == Verdict(**GOOD)
    assert second.call.queued_s >= 0.9 and second.call.seconds < 1.5
    assert openai_server.most_at_once() == 1


def test_a_pool_litellm_does_not_use_leaves_the_calls_at_once_to_the_semaphore(
    openai_server: OpenAIServer,
) -> None:
    """With LiteLLM's own HTTP transport switched off the session handed to it is not used: the
    pool carries nothing, no more requests are let in than calls at once, and the server still
    never holds more than two."""
    openai_server.handler = lambda request: Reply.json(GOOD, delay_s=0.2)
    client = batch_client_for(openai_server, concurrency=2)
    messages = [{"role": "user", "content": "Score this answer in JSON."}]
    litellm = litellm_module()

    async def batch() -> Any:
        done = await asyncio.gather(
            *(client.complete_json(messages, Verdict, purpose="evaluate") for _ in range(6))
        )
        assert all(d.value == Verdict(**GOOD) for d in done)
        places = client._places_here()
        await client.aclose()
        return places

    switched = litellm.disable_aiohttp_transport
    litellm.disable_aiohttp_transport = True
    try:
        places = run(batch())
    finally:
        litellm.disable_aiohttp_transport = switched

    assert places.pool is not None and places.pool.carried == 0 and not places.widened
    assert openai_server.most_at_once() == 2


# --- retried ---------------------------------------------------------------------------------


def test_rate_limit_is_retried_after_retry_after(openai_server: OpenAIServer) -> None:
    """429 with Retry-After: 0.2 -> the second request comes at least 0.2 s after the first."""
    openai_server.enqueue(Reply.rate_limited(retry_after=0.2), Reply.json(GOOD))
    client = client_for(openai_server)

    assert ask(client) == Verdict(**GOOD)
    assert client.calls[0].attempts == 2
    first, second = openai_server.completions
    assert first.sent is not None
    assert second.received - first.sent >= 0.2


def test_server_error_is_retried_after_a_backoff(openai_server: OpenAIServer) -> None:
    openai_server.enqueue(Reply.server_error(), Reply.json(GOOD))
    client = client_for(openai_server, backoff_s=0.05)

    assert ask(client) == Verdict(**GOOD)
    assert (client.calls[0].attempts, client.calls[0].ok) == (2, True)
    first, second = openai_server.completions
    assert first.sent is not None
    assert second.received - first.sent >= 0.05


def test_unavailable_until_attempts_run_out_is_not_fatal(openai_server: OpenAIServer) -> None:
    """503 three times with max_attempts=3: three requests, exactly, then a non-fatal error."""
    openai_server.handler = lambda request: Reply.unavailable()
    client = client_for(openai_server, max_attempts=3)

    error = failure_of(client)

    assert (error.kind, error.fatal, error.status) == ("server", False, 503)
    assert "unavailable (HTTP 503)" in error.message
    assert len(openai_server.completions) == 3
    (call,) = client.calls
    assert (call.ok, call.attempts) == (False, 3)
    assert call.error is not None and call.error.startswith("server: ")


def test_retry_after_beyond_the_time_budget_gives_up_at_once(openai_server: OpenAIServer) -> None:
    openai_server.handler = lambda request: Reply.rate_limited(retry_after=10)
    client = client_for(openai_server, max_attempts=5, max_total_s=3.0)

    error = failure_of(client)

    assert (error.kind, error.fatal) == ("rate_limit", False)
    assert len(openai_server.completions) == 1


def test_refused_connection_is_unreachable() -> None:
    client = client_for(None, max_attempts=2)

    error = failure_of(client)

    assert (error.kind, error.fatal) == ("unreachable", False)
    assert error.message.startswith("cannot reach the model at http://127.0.0.1:")
    assert client.calls[0].attempts == 2


def test_dropped_connection_is_retried(openai_server: OpenAIServer) -> None:
    openai_server.enqueue(Reply.dropped(), Reply.json(GOOD))
    client = client_for(openai_server)

    assert ask(client) == Verdict(**GOOD)
    assert client.calls[0].attempts == 2
    first, _second = openai_server.completions
    assert first.sent is None  # nothing was answered on the dropped one


# --- repair ----------------------------------------------------------------------------------


def test_malformed_json_is_repaired_once(openai_server: OpenAIServer) -> None:
    """The repair request carries the bad answer and says what was wrong with it."""
    openai_server.enqueue(Reply.text("{score: seven"), Reply.json(GOOD))
    client = client_for(openai_server)

    assert ask(client) == Verdict(**GOOD)
    (call,) = client.calls
    assert (call.repaired, call.attempts, call.ok) == (True, 2, True)
    repair = openai_server.completions[1].json["messages"]
    assert repair[-2] == {"role": "assistant", "content": "{score: seven"}
    assert "not valid JSON" in repair[-1]["content"]
    assert repair[-1]["content"].endswith("Answer again.\n\nAnswer with JSON only.")


def test_wrong_shape_twice_is_invalid_output(openai_server: OpenAIServer) -> None:
    openai_server.enqueue(Reply.json({"mark": 7}), Reply.json({"points": 70, "quote": "x"}))
    client = client_for(openai_server)

    error = failure_of(client)

    assert (error.kind, error.fatal) == ("invalid_output", False)
    assert "score" in error.message
    assert len(openai_server.completions) == 2
    (call,) = client.calls
    assert (call.repaired, call.ok, call.attempts) == (True, False, 2)
    assert error.call is call


def test_a_score_out_of_range_is_repaired_once_then_clamped_and_noted(
    openai_server: OpenAIServer,
) -> None:
    """11, then 12 after the repair: the answer is kept with 10, and the record says so."""
    openai_server.enqueue(
        Reply.json({"score": 11, "quote": "x"}), Reply.json({"score": 12, "quote": "x"})
    )
    client = client_for(openai_server)

    call = ask_for_call(client)

    assert client.calls[0] is call and call.ok and call.repaired
    assert call.notes == ["score was 12, out of range: set to 10"]
    assert "less than or equal to 10" in openai_server.completions[1].prompt_text


def test_a_failed_custom_check_is_repaired(openai_server: OpenAIServer) -> None:
    """validate() raising ValueError counts as an unusable answer; its message goes back."""
    openai_server.enqueue(Reply.json({"score": 9, "quote": "we tripled revenue"}), Reply.json(GOOD))
    transcript = "we cut the build time in half"

    def quote_in_transcript(verdict: Verdict) -> None:
        if verdict.quote not in transcript:
            raise ValueError("quote for 'impact' is not in the transcript")

    client = client_for(openai_server)

    assert ask(client, validate=quote_in_transcript) == Verdict(**GOOD)
    assert client.calls[0].repaired is True
    repair_prompt = openai_server.completions[1].prompt_text
    assert "quote for 'impact' is not in the transcript" in repair_prompt


# --- fatal -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "kind", "words"),
    [
        (Reply.unauthorized(), "auth", "refused the API key"),
        (Reply.model_not_found(), "model", "unknown model openai/fake-model"),
        (Reply.insufficient_quota(), "credit", "no credit left"),
        (
            Reply.failure(429, "You exceeded your current quota", code="insufficient_quota"),
            "credit",
            "no credit left",
        ),
        (Reply.failure(403, "Project does not have access"), "permission", "may not use"),
        (Reply.failure(400, "temperature is out of range"), "bad_request", "out of range"),
    ],
    ids=["401", "404", "400-credit", "429-quota", "403", "400"],
)
def test_fatal_errors_are_not_retried(
    openai_server: OpenAIServer, reply: Reply, kind: str, words: str
) -> None:
    openai_server.handler = lambda request: reply
    client = client_for(openai_server, max_attempts=3)

    error = failure_of(client)

    assert (error.kind, error.fatal) == (kind, True)
    assert words in error.message
    assert len(openai_server.completions) == 1


def test_bad_key_names_the_variable_to_set_and_not_the_key(openai_server: OpenAIServer) -> None:
    openai_server.enqueue(Reply.unauthorized())

    error = failure_of(client_for(openai_server))

    assert error.hint == "set OPENAI_API_KEY to a valid key"
    assert KEY not in error.one_line()


def test_the_key_never_shows_in_errors_or_records(openai_server: OpenAIServer) -> None:
    """Even when the provider echoes the key in its error message."""
    secret = "sk-live-do-not-show-5f2c9a"
    openai_server.enqueue(
        Reply.unauthorized(),
        Reply.failure(400, f"bad request made with key {secret}"),
        Reply.unavailable(),
        Reply.text("not json"),
        Reply.text("still not json"),
    )
    client = client_for(openai_server, api_key=secret, max_attempts=1)

    errors = [failure_of(client) for _ in range(4)]

    assert [e.kind for e in errors] == ["auth", "bad_request", "server", "invalid_output"]
    shown = [e.one_line() for e in errors] + [str(e) for e in errors] + [repr(client)]
    shown += [call.model_dump_json() for call in client.calls]
    assert all(secret not in text for text in shown)
    assert "bad request made with key ***" in errors[1].message


# --- preflight -------------------------------------------------------------------------------


def test_preflight_ok_is_one_tiny_call(openai_server: OpenAIServer) -> None:
    client = client_for(openai_server)

    returned = run(client.preflight())

    (request,) = openai_server.completions
    assert request.json["max_tokens"] == 1
    assert request.json["messages"] == [{"role": "user", "content": "Reply with OK"}]
    assert "response_format" not in request.json
    (call,) = client.calls
    assert call is returned
    assert (call.purpose, call.ok, call.attempts) == ("preflight", True, 1)


def test_a_probe_measures_latency_and_tokens_per_second(openai_server: OpenAIServer) -> None:
    openai_server.enqueue(Reply(content="one two three four five six", chunk_chars=4))
    client = client_for(openai_server)

    call = run(client.probe("Count to six in words.", max_tokens=16))

    assert call.purpose == "probe" and call.ok
    assert call.first_token_s is not None and call.first_token_s > 0
    assert call.completion_tokens == 6


@pytest.mark.parametrize(
    ("reply", "kind", "words"),
    [
        (Reply.unauthorized(), "auth", "refused the API key"),
        (Reply.model_not_found(), "model", "unknown model"),
        (Reply.insufficient_quota(), "credit", "no credit left"),
        (Reply.json(GOOD, delay_s=2.0), "timeout", "sent nothing within 0.4 s"),
        (Reply.dropped(), "connection", "dropped"),
    ],
    ids=["auth", "model", "credit", "timeout", "dropped"],
)
def test_preflight_failures_are_fatal_after_one_attempt(
    openai_server: OpenAIServer, reply: Reply, kind: str, words: str
) -> None:
    openai_server.handler = lambda request: reply
    client = client_for(openai_server, first_token=0.4)

    error = preflight_failure(client)

    assert (error.kind, error.fatal) == (kind, True)
    assert words in error.message
    assert len(openai_server.completions) == 1
    assert (client.calls[0].purpose, client.calls[0].ok) == ("preflight", False)


def test_preflight_of_an_unreachable_model_is_fatal() -> None:
    client = client_for(None)

    error = preflight_failure(client)

    assert (error.kind, error.fatal) == ("unreachable", True)
    assert error.message.startswith("cannot reach the model at http://127.0.0.1:")


def test_preflight_of_a_busy_service_is_not_fatal(openai_server: OpenAIServer) -> None:
    """A 503 says the model exists; the interview may go on and retry call by call."""
    openai_server.enqueue(Reply.unavailable())

    error = preflight_failure(client_for(openai_server))

    assert (error.kind, error.fatal) == ("server", False)
    assert len(openai_server.completions) == 1


# --- costs -----------------------------------------------------------------------------------


def test_cost_summary_adds_up_the_calls(openai_server: OpenAIServer) -> None:
    openai_server.enqueue(Reply.json(GOOD, usage=(100, 10)), Reply.json(GOOD, usage=(50, 5)))
    client = client_for(openai_server)
    ask(client)
    ask(client)

    summary = cost_summary(client.calls)

    assert (summary.calls, summary.prompt_tokens, summary.completion_tokens) == (2, 150, 15)
    assert summary.cost_usd is None or summary.cost_usd >= 0  # no price known for a fake model


def test_a_priced_model_costs_the_same_whole_or_streamed_and_an_unpriced_one_costs_nothing_known(
    openai_server: OpenAIServer,
) -> None:
    """A whole answer takes the price LiteLLM worked out for it; a streamed one is priced from
    its usage; both are LiteLLM's price list's figure for the tokens. A model LiteLLM has no
    price for says so (None), every time, not 0."""
    openai_server.handler = lambda request: Reply.json(GOOD, usage=(1000, 200))
    litellm = litellm_module()
    prompt, completion = litellm.cost_per_token(
        model="openai/gpt-4o-mini", prompt_tokens=1000, completion_tokens=200
    )
    costs = []
    for streamed in (False, True):
        client = client_for(openai_server)
        client.model, client.streamed = "openai/gpt-4o-mini", streamed
        ask(client)
        costs.append(client.calls[0].cost_usd)
    unpriced = client_for(openai_server)
    unpriced.model = "openai/no-price-known"  # a name no router in the same run gives a price
    unpriced.streamed = False
    ask(unpriced)
    ask(unpriced)

    assert costs == [pytest.approx(prompt + completion)] * 2 and costs[0] > 0
    assert [call.cost_usd for call in unpriced.calls] == [None, None]


# --- the lazy import -------------------------------------------------------------------------


def python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.strip() + done.stderr.strip()


def test_importing_the_adapter_does_not_import_litellm() -> None:
    code = "import sys, ai_interviewer.providers.llm; print('litellm' in sys.modules)"
    assert python(code) == "False"


def test_warming_imports_litellm_once_and_quietly() -> None:
    """Two warm-ups share one thread; litellm_module() gets that import, banner and logs off."""
    code = (
        "import logging, os\n"
        "os.environ.pop('LITELLM_LOCAL_MODEL_COST_MAP', None)\n"
        "from ai_interviewer.providers import llm\n"
        "first, second = llm.warm_in_background(), llm.warm_in_background()\n"
        "module = llm.litellm_module()\n"
        "first.join()\n"
        "import litellm\n"
        "handlers = logging.getLogger('LiteLLM').handlers\n"
        "print(first is second, module is litellm, litellm.suppress_debug_info,\n"
        "      os.environ['LITELLM_LOCAL_MODEL_COST_MAP'],\n"
        "      [type(h).__name__ for h in handlers], logging.getLogger('LiteLLM').level)\n"
    )
    assert python(code) == "True True True True ['NullHandler'] 30"


def test_warming_makes_litellms_first_call_without_sending_it() -> None:
    """The warm-up's first call is answered by LiteLLM itself: its call path is loaded (the
    modules a first call imports), no connection is made, and nothing is printed."""
    code = (
        "import socket, sys\n"
        "def refuse(*args, **kwargs):\n"
        "    raise AssertionError('a connection was made')\n"
        "socket.socket.connect = socket.create_connection = refuse\n"
        "from ai_interviewer.providers import llm\n"
        "llm.litellm_module()\n"
        "before = set(sys.modules)\n"
        "llm.warm_call_path()\n"
        "print(len(set(sys.modules) - before) > 0)\n"
    )
    assert python(code) == "True"
