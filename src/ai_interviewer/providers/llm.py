"""The language model, through LiteLLM: streamed, schema-shaped JSON answers, our own retry
policy, per-call records and costs.

Each call streams its answer, so that time is measured where it matters: `ModelLimits` gives
the connect timeout, the longest wait for the first token (a local server reads the whole
prompt first) and the longest stall between two tokens. A slow model that keeps sending is never
cut off; a dead one is found within the stall timeout. The answer's length is bounded instead,
by `max_tokens` sized to its schema (`llm_schemas.max_tokens_for`). A batch (`score`) asks for
whole answers instead (`streamed = False`), each within the two timeouts together: nobody waits
for its first words, and LiteLLM's work per streamed chunk would make a large batch CPU-bound.

The schema goes with the request when the server can enforce it (`response_format` of type
`json_schema`: llama.cpp, Ollama and OpenAI-compatible servers constrain decoding to it), else
plain JSON mode, else only the prompt; a server that rejects the format is asked again one step
down that ladder, and the client remembers.

LiteLLM is imported lazily (seconds of CPU, 200 MB): `warm_in_background()` starts the import
in a daemon thread at start-up and `litellm_module()` waits for it. LiteLLM's own retries are
switched off (`num_retries=0`, `max_retries=0` reach the OpenAI client) so that `ERROR_TABLE`
below alone decides what is retried, with exponential backoff, jitter and a time budget. At most
`ModelLimits.concurrency` requests are in flight at once, however many calls wait (in a batch,
held by a connection pool handed to LiteLLM: `llm_places`).

Keys are never logged, printed, recorded in an `LLMCall` or put in an error message: errors are
worded from the table, and any detail taken from the provider passes through `_scrub` first.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import json
import logging
import math
import os
import random
import re
import threading
import time
import warnings
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from ai_interviewer.config import (
    PROVIDER_KEYS,
    ModelLimits,
    key_env_var,
    model_limits,
    provider_of,
    read_key,
)
from ai_interviewer.core.llm_schemas import answer_instruction, max_tokens_for, schema_json
from ai_interviewer.core.models import LLMCall
from ai_interviewer.errors import ProviderError
from ai_interviewer.providers.base import Completion
from ai_interviewer.providers.llm_places import CallPlaces, timing_the_wait
from ai_interviewer.timeouts import within

log = logging.getLogger("ai_interviewer")

T = TypeVar("T", bound=BaseModel)
Messages = list[dict[str, str]]
Clock = Callable[[], float]
WireFormat = Literal["json_schema", "json_object", "text"]

LITELLM_LOGGERS = ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy")
MAX_BACKOFF_S = 8.0  # one wait between attempts, before jitter
MAX_RETRY_AFTER_S = 20.0  # a provider's Retry-After is honoured up to this
CLOSE_WAIT_S = 0.5  # the longest we wait for an abandoned stream to close
DETAIL_CHARS = 200
DEFAULT_TEMPERATURE = 0.0  # grading the same answer twice should give the same scores
# A small local model decoding greedily tends to repeat a phrase until its text is full; a
# frequency penalty breaks such loops (the schema still fixes every key and bracket)
LOCAL_FREQUENCY_PENALTY = 0.6
KEY_LIKE = re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}")  # a key of unknown origin
# Servers that decode to a JSON schema sent as response_format (LiteLLM passes it on)
SCHEMA_PROVIDERS = ("ollama", "ollama_chat", "lm_studio", "hosted_vllm", "llamafile")
FORMAT_WORDS = re.compile(r"\b(response.format|json.schema|schema|structured output)")


# --- the lazy import -----------------------------------------------------------------------

_litellm: Any = None
_import_lock = threading.Lock()  # held by whoever imports; a second caller waits for the first
_warm_lock = threading.Lock()
_warm_thread: threading.Thread | None = None


def litellm_module() -> Any:
    """LiteLLM, imported once (quietly, with the local cost map); waits for a warming import."""
    global _litellm
    if _litellm is None:
        with _import_lock:
            if _litellm is None:
                _litellm = _import_litellm()
    return _litellm


def warm_in_background() -> threading.Thread:
    """Start importing LiteLLM in a daemon thread; calling it again returns the same thread."""
    global _warm_thread
    with _warm_lock:
        if _warm_thread is None:
            _warm_thread = threading.Thread(target=_warm, name="litellm-import", daemon=True)
            _warm_thread.start()
        return _warm_thread


def _warm() -> None:
    try:
        warm_call_path()
    except Exception as error:  # the caller that needs it will meet the error again
        log.debug("warming LiteLLM failed: %s", type(error).__name__)


def warm_call_path() -> None:
    """LiteLLM imported, and its first call made: that call loads much of what a call needs (a
    few tenths of a second), so it is made here with an answer LiteLLM gives itself (a mock:
    nothing is sent) rather than held against the first real one."""
    litellm = litellm_module()
    litellm.completion(
        model="openai/warm-up",
        messages=[{"role": "user", "content": "warm up"}],
        mock_response="{}",
    )


def _import_litellm() -> Any:
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no fetch at import
    try:
        import litellm
    except ImportError as error:
        raise LLMError(
            "LiteLLM is not installed",
            "pip install litellm, or run with --llm offline",
            kind="missing",
            fatal=True,
        ) from error
    litellm.suppress_debug_info = True  # else every exception prints a help banner
    _silence_litellm_loggers()
    # a request abandoned before its first byte (the first-token timeout) leaves LiteLLM's
    # streaming coroutine unawaited; Python would print that over the terminal when it is freed
    warnings.filterwarnings(
        "ignore",
        message=r"coroutine '\w+Completion\.async_streaming' was never awaited",
        category=RuntimeWarning,
    )
    return litellm


def _silence_litellm_loggers() -> None:
    for name in LITELLM_LOGGERS:
        logger = logging.getLogger(name)
        for handler in list(logger.handlers):
            logger.removeHandler(handler)
        logger.addHandler(logging.NullHandler())  # also keeps logging's last resort quiet
        logger.setLevel(logging.WARNING)
        logger.propagate = False


async def _litellm_async() -> Any:
    """LiteLLM without blocking the event loop while it is still being imported."""
    if _litellm is not None:
        return _litellm
    return await asyncio.to_thread(litellm_module)


# --- errors --------------------------------------------------------------------------------


class LLMError(ProviderError):
    """A model call that failed. `fatal`: the model cannot be used at all (key, model, credit).
    `call`: the record of the failed call, set by the client before it raises."""

    def __init__(
        self,
        message: str,
        hint: str | None = None,
        *,
        kind: str,
        fatal: bool,
        status: int | None = None,
    ) -> None:
        super().__init__(message, hint)
        self.kind = kind
        self.fatal = fatal
        self.status = status
        self.call: LLMCall | None = None


class FirstTokenTimeout(Exception):
    """The model sent no token within the first-token timeout."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no token within {seconds:g} s")
        self.seconds = seconds


class StreamStalled(Exception):
    """The model stopped sending tokens for longer than the stall timeout."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no token for {seconds:g} s")
        self.seconds = seconds


class AnswerTimeout(Exception):
    """A whole (not streamed) answer did not come within the first-token and stall timeouts
    together."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no answer within {seconds:g} s")
        self.seconds = seconds


TIMEOUTS = (FirstTokenTimeout, StreamStalled, AnswerTimeout)


Action = Literal["retry", "fatal", "give_up"]


@dataclass(frozen=True)
class ErrorRule:
    """One row of the table: which exception, what it means, and what we do about it.

    `exception` is a class name matched against every class (and base class) of the raised
    exception and of the exceptions it was raised from (`__cause__`, `__context__`), so
    LiteLLM, OpenAI and httpx names all work. `words`, when given, must appear in the error's
    text. `retry`: with backoff until the attempts or the time budget run out, then a non-fatal
    LLMError; `fatal`: at once, and the interview cannot use the model; `give_up`: at once,
    non-fatal (that one call falls back).
    """

    exception: str
    kind: str
    action: Action
    message: str  # may use {model}, {target}, {env_var}, {timeout}, {status}, {detail}
    hint: str | None = None
    words: tuple[str, ...] = ()


UNREACHABLE = "cannot reach the model at {target}"
NETWORK_HINT = "check the network and LLM_API_BASE, or run with --llm offline"
KEY_REFUSED = "the provider of {model} refused the API key"
KEY_HINT = "set {env_var} to a valid key"
NO_ACCESS = "the API key may not use {model}"
ACCESS_HINT = "check the key's access, or choose another --llm"
UNKNOWN_MODEL = "unknown model {model}"
UNKNOWN_PROVIDER = "{model} names no provider LiteLLM knows"
PROVIDER_HINT = "give --llm as provider/model, e.g. openai/gpt-4o-mini or ollama/llama3.2"
PROVIDER_WORDS = ("llm provider not provided",)
MODEL_HINT = "check the name given to --llm, for example openai/gpt-4o-mini"
NO_CREDIT = "no credit left with the provider of {model}"
CREDIT_HINT = "add credit or check billing, or run with --llm offline"
CREDIT_WORDS = ("credit", "billing", "quota", "insufficient", "payment")
CREDIT_WORDS_429 = ("insufficient_quota", "billing", "credit", "insufficient")
TOO_LONG = "the prompt is too long for {model}"
TOO_LONG_HINT = "choose a model with a longer context"
FILTERED = "the provider's content filter refused the request"
REJECTED = "{model} rejected the request: {detail}"
REJECTED_HINT = "check the model name and LLM_API_BASE"
RATE_LIMITED = "the rate limit of {model} was reached"
RATE_HINT = "wait a minute, or use a model with a higher limit"
TIMED_OUT = "{model} did not answer within {timeout:g} s"
NO_FIRST_TOKEN = "{model} sent nothing within {timeout:g} s"
FIRST_TOKEN_HINT = "a slow or busy model may need longer: set LLM_FIRST_TOKEN_TIMEOUT"
STALLED = "{model} stopped sending for {timeout:g} s"
STALL_HINT = "set LLM_STALL_TIMEOUT to wait longer"
NO_ANSWER = "{model} did not answer within {timeout:g} s"
ANSWER_HINT = (
    "a slow or busy model may need longer: a whole answer is waited for as long as "
    "LLM_FIRST_TOKEN_TIMEOUT and LLM_STALL_TIMEOUT together"
)
DROPPED = "the connection to the model at {target} dropped"
UNAVAILABLE = "the model's service is unavailable (HTTP {status})"
BROKE = "the model's service failed (HTTP {status})"
RETRY_HINT = "try again in a minute, or run with --llm offline"
MALFORMED = "the model's response was malformed"
FAILED = "the model call failed: {detail}"

# The error table. First matching row wins, so the order matters:
# - connection refused and DNS failure reach us as InternalServerError("Connection error.")
#   raised from httpx.ConnectError: they must be told apart before InternalServerError;
# - OpenAI's "insufficient_quota" comes as a 429: no credit, not a rate limit;
# - litellm.Timeout is an openai.APITimeoutError, itself an APIConnectionError;
# - a dropped connection is InternalServerError raised from openai.APIConnectionError;
# - a 403 comes as litellm.APIError raised from openai.PermissionDeniedError;
# - a model that sends nothing, or stops sending, is given up at once: asking again would only
#   make the candidate wait as long again.
# fmt: off
ERROR_TABLE: tuple[ErrorRule, ...] = (
    ErrorRule("ConnectError",               "unreachable",    "retry",   UNREACHABLE, NETWORK_HINT),
    ErrorRule("ConnectTimeout",             "unreachable",    "retry",   UNREACHABLE, NETWORK_HINT),
    ErrorRule("AuthenticationError",        "auth",           "fatal",   KEY_REFUSED, KEY_HINT),
    ErrorRule("PermissionDeniedError",      "permission",     "fatal",   NO_ACCESS, ACCESS_HINT),
    ErrorRule("NotFoundError",              "model",          "fatal",   UNKNOWN_MODEL, MODEL_HINT),
    ErrorRule("PaymentRequiredError",       "credit",         "fatal",   NO_CREDIT, CREDIT_HINT),
    ErrorRule("BadRequestError",            "model",          "fatal",   UNKNOWN_PROVIDER,
              PROVIDER_HINT, PROVIDER_WORDS),
    ErrorRule("BadRequestError",            "credit",         "fatal",   NO_CREDIT, CREDIT_HINT,
              CREDIT_WORDS),
    ErrorRule("RateLimitError",             "credit",         "fatal",   NO_CREDIT, CREDIT_HINT,
              CREDIT_WORDS_429),
    ErrorRule("ContextWindowExceededError", "too_long",       "fatal",   TOO_LONG, TOO_LONG_HINT),
    ErrorRule("ContentPolicyViolationError", "refused",       "give_up", FILTERED),
    ErrorRule("BadRequestError",            "bad_request",    "fatal",   REJECTED, REJECTED_HINT),
    ErrorRule("UnprocessableEntityError",   "bad_request",    "fatal",   REJECTED, REJECTED_HINT),
    ErrorRule("RateLimitError",             "rate_limit",     "retry",   RATE_LIMITED, RATE_HINT),
    ErrorRule("FirstTokenTimeout",          "timeout",        "give_up", NO_FIRST_TOKEN,
              FIRST_TOKEN_HINT),
    ErrorRule("StreamStalled",              "stalled",        "give_up", STALLED, STALL_HINT),
    ErrorRule("AnswerTimeout",              "timeout",        "give_up", NO_ANSWER, ANSWER_HINT),
    ErrorRule("Timeout",                    "timeout",        "retry",   TIMED_OUT, RETRY_HINT),
    ErrorRule("APITimeoutError",            "timeout",        "retry",   TIMED_OUT, RETRY_HINT),
    ErrorRule("APIConnectionError",         "connection",     "retry",   DROPPED, RETRY_HINT),
    ErrorRule("ServiceUnavailableError",    "server",         "retry",   UNAVAILABLE, RETRY_HINT),
    ErrorRule("InternalServerError",        "server",         "retry",   BROKE, RETRY_HINT),
    ErrorRule("BadGatewayError",            "server",         "retry",   BROKE, RETRY_HINT),
    ErrorRule("APIResponseValidationError", "invalid_output", "give_up", MALFORMED),
    ErrorRule("APIError",                   "api",            "give_up", FAILED),
    ErrorRule("Exception",                  "unknown",        "give_up", FAILED),
)
# fmt: on

# What the preflight treats as "the model cannot be used": everything but a busy service.
PREFLIGHT_TRANSIENT_KINDS = frozenset({"rate_limit", "server"})


def error_chain(error: BaseException) -> Iterator[BaseException]:
    """The error and those it was raised from or during, each once."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def match_rule(error: BaseException) -> ErrorRule:
    chain = list(error_chain(error))
    names = {cls.__name__ for exc in chain for cls in type(exc).__mro__}
    text = " ".join(f"{exc} {getattr(exc, 'body', None) or ''}" for exc in chain).lower()
    for rule in ERROR_TABLE:
        if rule.exception in names and (not rule.words or any(w in text for w in rule.words)):
            return rule
    return ERROR_TABLE[-1]


def status_of(error: BaseException) -> int | None:
    for exc in error_chain(error):
        status = getattr(exc, "status_code", None)
        if isinstance(status, int):
            return status
    return None


def retry_after_seconds(error: BaseException) -> float | None:
    """The provider's Retry-After (or retry-after-ms), when LiteLLM kept the response headers."""
    for exc in error_chain(error):
        for headers in (
            getattr(getattr(exc, "response", None), "headers", None),
            getattr(exc, "litellm_response_headers", None),
        ):
            seconds = _parse_retry_after(headers)
            if seconds is not None:
                return min(seconds, MAX_RETRY_AFTER_S)
    return None


def _parse_retry_after(headers: Any) -> float | None:
    if headers is None:
        return None
    try:
        millis = headers.get("retry-after-ms")
        value = headers.get("retry-after")
    except (AttributeError, TypeError):
        return None
    if millis:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        when = email.utils.parsedate_to_datetime(str(value))  # an HTTP date
        return max(0.0, when.timestamp() - time.time()) if when else None


def provider_detail(error: BaseException) -> str:
    """The provider's own words, without LiteLLM's prefixes, on one line; unscrubbed,
    untruncated."""
    text = str(getattr(error, "message", None) or error)
    text = text.rsplit("Exception - ", 1)[-1]
    text = re.sub(r"^(?:litellm\.)?\w+Error:\s*", "", text.strip())
    return " ".join(text.split()) or type(error).__name__


def backoff_delay(attempt: int, base_s: float, rng: random.Random) -> float:
    """Exponential: base, 2x base, 4x base... capped, plus up to half again as jitter."""
    delay = min(MAX_BACKOFF_S, base_s * 2 ** (attempt - 1))
    return delay + rng.uniform(0, delay / 2)


def display_target(model: str, api_base: str | None) -> str:
    """Where the model lives, for messages: the API base without credentials, or the provider."""
    if not api_base:
        return model.split("/", 1)[0] if "/" in model else "openai"
    parts = urlsplit(api_base)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}" if parts.scheme else api_base


# --- hints for a model on this machine --------------------------------------------------------


def start_hint(model: str, api_base: str | None) -> str:
    """How to start the local server `model` names, for when nothing answers there."""
    provider = provider_of(model)
    name = model.split("/", 1)[1] if "/" in model else model
    if provider in ("ollama", "ollama_chat"):
        return f"start Ollama with `ollama serve`, and fetch the model with `ollama pull {name}`"
    port = urlsplit(api_base).port if api_base else None
    return (
        "start the server first, e.g. llama.cpp's: "
        f"`llama-server -m MODEL.gguf --port {port or 8080}`; or run with --llm offline"
    )


def _pull_hint(model: str) -> str | None:
    if provider_of(model) in ("ollama", "ollama_chat"):
        return f"fetch it with `ollama pull {model.split('/', 1)[1]}`"
    return None


# --- JSON answers --------------------------------------------------------------------------


def extract_json_text(text: str) -> str:
    """The JSON in a model's answer: without ``` fences, without prose around one object."""
    stripped = text.strip()
    fenced = re.fullmatch(r"```[A-Za-z]*\s*(.*?)\s*```", stripped, flags=re.DOTALL)
    if fenced:
        stripped = fenced.group(1).strip()
    if stripped.startswith(("{", "[")):
        return stripped
    start, end = stripped.find("{"), stripped.rfind("}")
    return stripped[start : end + 1] if 0 <= start < end else stripped


RANGE_ERRORS = {  # pydantic's error type -> the key of its limit in the error's context
    "less_than_equal": "le",
    "greater_than_equal": "ge",
    "less_than": "lt",
    "greater_than": "gt",
}


def parse_answer(
    text: str, schema: type[T], validate: Callable[[T], None] | None, clamp: bool = False
) -> tuple[T, list[str]]:
    """The answer as a `schema` object, and notes on what was mended in it; ValueError with a
    human message when it is not usable. With `clamp`, a number out of its range is set to the
    nearest allowed value (and noted) rather than refused."""
    try:
        data = json.loads(extract_json_text(text))
    except json.JSONDecodeError as error:
        raise ValueError(f"the answer is not valid JSON ({error.msg})") from error
    notes: list[str] = []
    try:
        obj = schema.model_validate(data)
    except ValidationError as error:
        if not clamp or not (notes := _clamped(data, error)):
            raise ValueError(describe_validation_error(error)) from error
        try:
            obj = schema.model_validate(data)
        except ValidationError as again:
            raise ValueError(describe_validation_error(again)) from again
    if validate is not None:
        validate(obj)
    return obj, notes


def _clamped(data: Any, error: ValidationError) -> list[str]:
    """Set each out-of-range number in `data` to its limit; what was changed, one note each."""
    notes = []
    for item in error.errors():
        bound = RANGE_ERRORS.get(item["type"])
        limit = (item.get("ctx") or {}).get(bound) if bound else None
        if not isinstance(limit, (int, float)) or not isinstance(item["input"], (int, float)):
            continue
        parent = data
        for part in item["loc"][:-1]:
            parent = parent[part]
        parent[item["loc"][-1]] = limit
        where = ".".join(str(part) for part in item["loc"])
        notes.append(f"{where} was {item['input']}, out of range: set to {limit}")
    return notes


def describe_validation_error(error: ValidationError) -> str:
    problems = []
    for item in error.errors()[:5]:
        where = ".".join(str(part) for part in item["loc"]) or "the answer"
        problems.append(f"{where}: {item['msg']}")
    more = error.error_count() - len(problems)
    return "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")


def repair_messages(messages: Messages, bad_answer: str, problem: str) -> Messages:
    """The conversation so far, the unusable answer, and what was wrong with it."""
    return [
        *messages,
        {"role": "assistant", "content": bad_answer or "(empty answer)"},
        {"role": "user", "content": f"Your answer could not be used: {problem}. Answer again."},
    ]


def with_instruction(messages: Messages, instruction: str) -> Messages:
    """The messages with `instruction` ending the last user message."""
    last = max((i for i, m in enumerate(messages) if m["role"] == "user"), default=None)
    if last is None:
        return [*messages, {"role": "user", "content": instruction}]
    ended = {**messages[last], "content": f"{messages[last]['content']}\n\n{instruction}"}
    return [*messages[:last], ended, *messages[last + 1 :]]


def wire_format(litellm: Any, model: str, api_base: str | None) -> WireFormat:
    """How to ask `model` for JSON: by schema, in JSON mode, or in words only; never raises."""
    provider = provider_of(model)
    if provider in SCHEMA_PROVIDERS or (provider == "openai" and api_base):
        return "json_schema"
    try:
        if litellm.supports_response_schema(model=model):
            return "json_schema"
        if "response_format" in (litellm.get_supported_openai_params(model=model) or []):
            return "json_object"
    except Exception:
        pass
    return "text"


def _format_rejected(error: BaseException) -> bool:
    """A 400 or 422 that blames the response format: ask again one step down the ladder."""
    if status_of(error) not in (400, 422):
        return False
    text = " ".join(str(exc) for exc in error_chain(error)).lower()
    return FORMAT_WORDS.search(text) is not None


def _next_format(current: WireFormat) -> WireFormat:
    return "json_object" if current == "json_schema" else "text"


def _wire_schema_of(schema: type[BaseModel]) -> dict[str, Any]:
    """The schema sent with a request, built once per schema (pydantic takes milliseconds to
    build it, which a batch of thousands of calls would pay each time); a fresh copy each call."""
    data: dict[str, Any] = json.loads(schema_json(schema))
    return data


# --- one streamed request ------------------------------------------------------------------


@dataclass
class _Outcome:
    """What the requests for one answer added up to."""

    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    queued_s: float = 0.0
    first_token_s: float | None = None  # of the last request that sent a token
    generating_s: float = 0.0  # from first to last token, all requests
    cut_at_limit: bool = False  # the last answer stopped at max_tokens
    notes: list[str] = field(default_factory=list)

    def add_cost(self, cost: float | None) -> None:
        if cost is not None:
            self.cost_usd = (self.cost_usd or 0.0) + cost


@dataclass
class _Received:
    """One request's answer: streamed (chunk by chunk) or whole."""

    text: str = ""
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    finish_reason: str | None = None
    chunks: int = 0
    cost: float | None = None  # a whole answer's price as LiteLLM worked it out; None: not known


def _read_usage(reply: Any, into: _Received) -> None:
    usage = getattr(reply, "usage", None)
    if usage is not None:
        into.prompt_tokens = int(getattr(usage, "prompt_tokens", 0) or 0) or into.prompt_tokens
        into.completion_tokens = (
            int(getattr(usage, "completion_tokens", 0) or 0) or into.completion_tokens
        )


def _read_chunk(chunk: Any, into: _Received) -> str:
    """Add one streamed chunk to what was received; its text ("" for none)."""
    _read_usage(chunk, into)
    choices = getattr(chunk, "choices", None) or []
    if not choices:
        return ""
    choice = choices[0]
    into.finish_reason = getattr(choice, "finish_reason", None) or into.finish_reason
    delta = getattr(choice, "delta", None)
    text = getattr(delta, "content", None) if delta is not None else None
    return text if isinstance(text, str) else ""


def _read_whole(response: Any) -> _Received:
    """A whole answer: its text, tokens and why it stopped."""
    received = _Received()
    _read_usage(response, received)
    received.cost = _priced(response)
    choices = getattr(response, "choices", None) or []
    if choices:
        received.finish_reason = getattr(choices[0], "finish_reason", None)
        message = getattr(choices[0], "message", None)
        text = getattr(message, "content", None) if message is not None else None
        received.text = text if isinstance(text, str) else ""
    return received


def _priced(response: Any) -> float | None:
    """The price LiteLLM has already worked out for a whole answer (None when it knows none)."""
    hidden = getattr(response, "_hidden_params", None)
    cost = hidden.get("response_cost") if isinstance(hidden, dict) else None
    if isinstance(cost, (int, float)) and not isinstance(cost, bool) and 0 <= cost < math.inf:
        return float(cost)
    return None


async def _close_quietly(stream: Any) -> None:
    closer = getattr(stream, "aclose", None)
    if closer is None:
        return
    with contextlib.suppress(Exception, asyncio.CancelledError):
        await within(closer(), CLOSE_WAIT_S)


# --- the client ----------------------------------------------------------------------------


class LLMClient:
    """One model through LiteLLM; implements `StructuredModel`. Every call returns its own
    record (`Completion.call`, or `LLMError.call`); `calls` keeps them all, in order, for the
    session's cost."""

    TAKES_A_POOL = True  # LiteLLM's own request path takes a connection pool (llm_places)

    def __init__(
        self,
        model: str,
        api_base: str | None = None,
        api_key: str | None = None,
        limits: ModelLimits | None = None,
        *,
        max_attempts: int = 3,
        backoff_s: float = 0.5,
        clock: Clock = time.monotonic,
        max_total_s: float = 90.0,
    ) -> None:
        self.model = model
        self.api_base = api_base
        self._api_key = api_key
        self.limits = limits or model_limits(model, api_base)
        self.max_attempts = max(1, max_attempts)
        self.backoff_s = backoff_s
        self.max_total_s = max_total_s
        self.clock = clock
        self.calls: list[LLMCall] = []
        self._created = clock()
        self._rng = random.Random()
        self._format: WireFormat | None = None
        self._places: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, CallPlaces]
        self._places = weakref.WeakKeyDictionary()
        self.pacer: RequestPacer | None = None  # requests a minute, and a pause after a 429
        # streamed (the default): a stall is found between two tokens. A batch asks for whole
        # answers: nobody waits for the first words, and LiteLLM's work per streamed chunk
        # (about a millisecond, a hundred or more chunks an answer) would bind it to the CPU
        self.streamed = True
        # a batch's whole answers: the calls at once held by a connection pool handed to
        # LiteLLM, so that building a request and reading its reply take no call's place
        self.pooled = False

    @property
    def name(self) -> str:
        return f"llm:{self.model}"

    def __repr__(self) -> str:  # never the key
        return f"LLMClient(model={self.model!r}, api_base={self.api_base!r})"

    async def complete_json(
        self,
        messages: Messages,
        schema: type[T],
        *,
        purpose: str,
        question_id: str | None = None,
        validate: Callable[[T], None] | None = None,
        max_tokens: int | None = None,
        temperature: float = DEFAULT_TEMPERATURE,
    ) -> Completion[T]:
        """The model's answer as a validated `schema` object with the call's record; repaired
        once if it must be, then a number out of range is clamped (and noted) rather than
        refused.

        Raises LLMError (its `call` set): fatal for a bad key, an unknown model or no credit;
        not fatal when retries ran out, the model went quiet, or the answer stayed unusable
        after the repair (kind "invalid_output").
        """
        await _litellm_async()  # its first import is not the model's time
        started = self.clock()
        outcome = _Outcome()
        budget = max_tokens or max_tokens_for(schema)
        repaired = False
        try:
            text = await self._request(messages, schema, outcome, budget, temperature)
            try:
                result, notes = parse_answer(text, schema, validate)
            except ValueError as problem:
                repaired = True
                reason = self._problem(problem, outcome)
                log.info(
                    "%s: the model's answer was not usable (%s); asking again", purpose, reason
                )
                retry = repair_messages(messages, text, reason)
                text = await self._request(retry, schema, outcome, budget, temperature)
                result, notes = self._parse_repaired(text, schema, validate, purpose, outcome)
        except LLMError as error:
            error.call = self._record(purpose, question_id, started, outcome, repaired, error)
            raise
        outcome.notes += notes
        call = self._record(purpose, question_id, started, outcome, repaired, None)
        return Completion(result, call)

    async def preflight(self) -> LLMCall:
        """One tiny call (one attempt) that proves the key, model and credit work."""
        return await self.probe("Reply with OK", max_tokens=1, purpose="preflight")

    async def probe(self, prompt: str, max_tokens: int, purpose: str = "probe") -> LLMCall:
        """One plain-text call, one attempt: its record has the latency and tokens/s."""
        try:
            await _litellm_async()
        except LLMError as error:
            raise self._preflight_error(error) from None
        started = self.clock()
        outcome = _Outcome()
        messages = [{"role": "user", "content": prompt}]
        try:
            await self._send(messages, None, "text", outcome, max_tokens, 0.0)
        except Exception as error:
            failure = self._preflight_error(error)
            failure.call = self._record(purpose, None, started, outcome, False, failure)
            raise failure from None
        return self._record(purpose, None, started, outcome, False, None)

    # --- requests ------------------------------------------------------------------------------

    async def _request(
        self,
        messages: Messages,
        schema: type[BaseModel],
        outcome: _Outcome,
        max_tokens: int,
        temperature: float,
    ) -> str:
        """One answer's text, retried per ERROR_TABLE; LLMError once retrying is over."""
        first_try = self.clock()
        attempt = 0
        while True:
            attempt += 1
            wire = await self._wire_format()
            try:
                return await self._send(messages, schema, wire, outcome, max_tokens, temperature)
            except LLMError:
                raise
            except Exception as error:
                task = asyncio.current_task()
                if task is not None and task.cancelling():  # LiteLLM made it an error: no retry
                    raise asyncio.CancelledError from None
                if wire != "text" and _format_rejected(error):
                    self._format = _next_format(wire)
                    log.info("%s refused %s output; asking with %s", self.model, wire, self._format)
                    attempt -= 1  # the server's limit, not a failed attempt
                    continue
                rule = match_rule(error)
                wait = self._retry_wait(rule, error, attempt, first_try)
                if wait is None:
                    log.info("model call failed: %s (%s)", rule.kind, type(error).__name__)
                    raise self._llm_error(rule, error) from None
                log.info(
                    "model call failed (%s), attempt %d of %d; again in %.2f s",
                    rule.kind,
                    attempt,
                    self.max_attempts,
                    wait,
                )
                if rule.kind == "rate_limit" and self.pacer is not None:
                    self.pacer.cool_down(wait)  # every call waits, not only this one
                await asyncio.sleep(wait)

    def _retry_wait(
        self, rule: ErrorRule, error: BaseException, attempt: int, first_try: float
    ) -> float | None:
        """Seconds to wait before the next attempt, or None: no more attempts."""
        if rule.action != "retry" or attempt >= self.max_attempts:
            return None
        wait = backoff_delay(attempt, self.backoff_s, self._rng)
        retry_after = retry_after_seconds(error)
        if retry_after is not None:
            wait = max(wait, retry_after)
        if self.clock() - first_try + wait > self.max_total_s:
            return None
        return wait

    async def _send(
        self,
        messages: Messages,
        schema: type[BaseModel] | None,
        wire: WireFormat,
        outcome: _Outcome,
        max_tokens: int,
        temperature: float,
    ) -> str:
        """One request, in its turn among the model's concurrent calls: its text.

        Raises FirstTokenTimeout, StreamStalled or AnswerTimeout when the model is quiet for too
        long."""
        litellm = await _litellm_async()
        if schema is not None:
            messages = with_instruction(messages, answer_instruction(schema, wire == "json_schema"))
        kwargs = self._request_kwargs(messages, schema, wire, max_tokens, temperature)
        receive = self._stream if self.streamed else self._whole
        async with self._slot(outcome) as places:
            session = places.shared_session()
            if session is not None:
                kwargs["shared_session"] = session
            outcome.attempts += 1
            received = await receive(litellm, kwargs, outcome)
        prompt_tokens = received.prompt_tokens or 0
        completion_tokens = received.completion_tokens or received.chunks
        outcome.prompt_tokens += prompt_tokens
        outcome.completion_tokens += completion_tokens
        if received.cost is None:
            received.cost = token_cost(litellm, self.model, prompt_tokens, completion_tokens)
        outcome.add_cost(received.cost)
        outcome.cut_at_limit = received.finish_reason == "length"
        return received.text

    @property
    def _whole_answer_s(self) -> float:
        """How long a whole (not streamed) answer is waited for: both timeouts together."""
        return self.limits.first_token_s + self.limits.stall_s

    async def _whole(self, litellm: Any, kwargs: dict[str, Any], outcome: _Outcome) -> _Received:
        """The answer in one piece, within the first-token and stall timeouts together; a wait
        for a connection (the calls at once all busy) is queueing, not counted in them."""
        within_s = self._whole_answer_s
        with timing_the_wait() as wait:  # the request's task is made in the block: it sees it
            request = asyncio.ensure_future(self._acompletion(litellm, kwargs))
        try:
            response = await within(request, within_s, not_counted=wait.seconds)
        except TimeoutError:
            raise AnswerTimeout(within_s) from None
        finally:
            outcome.queued_s += wait.seconds(time.monotonic())
        return _read_whole(response)

    async def _stream(self, litellm: Any, kwargs: dict[str, Any], outcome: _Outcome) -> _Received:
        limits = self.limits
        sent = self.clock()
        deadline = sent + limits.first_token_s
        received = _Received()
        parts: list[str] = []
        first_at: float | None = None
        try:
            stream = await within(self._acompletion(litellm, kwargs), deadline - sent)
        except TimeoutError:
            raise FirstTokenTimeout(limits.first_token_s) from None
        try:
            chunks: AsyncIterator[Any] = stream.__aiter__()
            while True:
                wait = deadline - self.clock() if first_at is None else limits.stall_s
                try:
                    chunk = await within(chunks.__anext__(), max(0.0, wait))
                except StopAsyncIteration:
                    break
                except TimeoutError:
                    if first_at is None:
                        raise FirstTokenTimeout(limits.first_token_s) from None
                    raise StreamStalled(limits.stall_s) from None
                text = _read_chunk(chunk, received)
                if text:
                    parts.append(text)
                    received.chunks += 1
                    if first_at is None:
                        first_at = self.clock()
                        outcome.first_token_s = round(first_at - sent, 4)
        finally:
            await _close_quietly(stream)
        if first_at is not None:
            outcome.generating_s += self.clock() - first_at
        received.text = "".join(parts)
        return received

    def _acompletion(self, litellm: Any, kwargs: dict[str, Any]) -> Any:
        """The request itself (a coroutine giving the stream, or the whole answer)."""
        return litellm.acompletion(**kwargs)

    @contextlib.asynccontextmanager
    async def _slot(self, outcome: _Outcome) -> AsyncIterator[CallPlaces]:
        """One of the model's `concurrency` places (or, pooled, a place in LiteLLM while the
        pool holds the calls at once); waiting for it is not the model's time."""
        places = self._places_here()
        queued = self.clock()
        async with places.gate:
            if self.pacer is not None:
                await self.pacer.wait_turn()
            outcome.queued_s += self.clock() - queued
            try:
                yield places
            finally:
                places.note_done()

    def _places_here(self) -> CallPlaces:
        loop = asyncio.get_running_loop()
        places = self._places.get(loop)
        if places is None:
            pooled = self.pooled and not self.streamed and self.TAKES_A_POOL
            places = CallPlaces(self.limits.concurrency, pooled)
            self._places[loop] = places
        return places

    async def aclose(self) -> None:
        """This loop's connections closed (a batch's, before its loop ends)."""
        places = self._places.pop(asyncio.get_running_loop(), None)
        if places is not None:
            await places.aclose()

    def _request_kwargs(
        self,
        messages: Messages,
        schema: type[BaseModel] | None,
        wire: WireFormat,
        max_tokens: int,
        temperature: float,
    ) -> dict[str, Any]:
        import httpx  # LiteLLM's own dependency: loaded with it

        limits = self.limits
        # a safety net under our own first-token and stall timing
        streamed_wait = max(limits.first_token_s, limits.stall_s)
        waited = streamed_wait if self.streamed else self._whole_answer_s
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "stream": self.streamed,
            "timeout": httpx.Timeout(waited + 5, connect=limits.connect_s),
            "temperature": temperature,
            "max_tokens": max_tokens,
            "num_retries": 0,  # LiteLLM's wrapper: no retries of its own
            "max_retries": 0,  # the OpenAI client underneath: no retries of its own
            "drop_params": True,  # a model without `temperature` (some reasoning models)
        }
        if self.streamed:
            kwargs["stream_options"] = {"include_usage": True}
        if limits.local:
            kwargs["frequency_penalty"] = LOCAL_FREQUENCY_PENALTY
        if self.api_base:
            kwargs["api_base"] = self.api_base
        if self._api_key:
            kwargs["api_key"] = self._api_key
        if schema is not None and wire == "json_schema":
            kwargs["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": schema.__name__, "schema": _wire_schema_of(schema)},
            }
        elif schema is not None and wire == "json_object":
            kwargs["response_format"] = {"type": "json_object"}
        return kwargs

    async def _wire_format(self) -> WireFormat:
        if self._format is None:
            self._format = wire_format(await _litellm_async(), self.model, self.api_base)
        return self._format

    def _problem(self, problem: ValueError, outcome: _Outcome) -> str:
        reason = self._scrub(str(problem))
        if outcome.cut_at_limit:
            reason += " (the answer was cut off at its length limit: be brief)"
        return reason

    def _parse_repaired(
        self,
        text: str,
        schema: type[T],
        validate: Callable[[T], None] | None,
        purpose: str,
        outcome: _Outcome,
    ) -> tuple[T, list[str]]:
        try:
            return parse_answer(text, schema, validate, clamp=True)
        except ValueError as problem:
            raise LLMError(
                f"the model's answer for {purpose} was not usable after one repair: "
                f"{self._problem(problem, outcome)}",
                kind="invalid_output",
                fatal=False,
            ) from None

    # --- errors and records --------------------------------------------------------------------

    def _llm_error(
        self, rule: ErrorRule, error: BaseException, fatal: bool | None = None
    ) -> LLMError:
        status = status_of(error)
        seconds = next(
            (e.seconds for e in error_chain(error) if isinstance(e, TIMEOUTS)),
            self.limits.first_token_s,
        )
        fields = {
            "model": self.model,
            "target": display_target(self.model, self.api_base),
            "env_var": key_env_var(self.model),
            "timeout": seconds,
            "status": status if status is not None else "?",
            "detail": self._scrub(provider_detail(error))[:DETAIL_CHARS],
        }
        hint = rule.hint.format(**fields) if rule.hint else None
        if rule.kind == "unreachable" and self.limits.local:
            hint = start_hint(self.model, self.api_base)
        elif rule.kind == "model":
            hint = _pull_hint(self.model) or hint
        return LLMError(
            self._scrub(rule.message.format(**fields)),
            self._scrub(hint) if hint else None,
            kind=rule.kind,
            fatal=rule.action == "fatal" if fatal is None else fatal,
            status=status,
        )

    def _preflight_error(self, error: BaseException) -> LLMError:
        if isinstance(error, LLMError):
            return error
        rule = match_rule(error)
        return self._llm_error(rule, error, fatal=rule.kind not in PREFLIGHT_TRANSIENT_KINDS)

    def _record(
        self,
        purpose: str,
        question_id: str | None,
        started: float,
        outcome: _Outcome,
        repaired: bool,
        error: LLMError | None,
    ) -> LLMCall:
        rate = None
        if outcome.generating_s > 0 and outcome.completion_tokens > 1:
            rate = round(outcome.completion_tokens / outcome.generating_s, 2)
        call = LLMCall(
            purpose=purpose,
            model=self.model,
            question_id=question_id,
            prompt_tokens=outcome.prompt_tokens,
            completion_tokens=outcome.completion_tokens,
            cost_usd=outcome.cost_usd,
            seconds=round(self.clock() - started - outcome.queued_s, 4),
            queued_s=round(outcome.queued_s, 4),
            first_token_s=outcome.first_token_s,
            tokens_per_s=rate,
            attempts=max(1, outcome.attempts),
            repaired=repaired,
            ok=error is None,
            error=f"{error.kind}: {error.message}" if error else None,
            notes=list(outcome.notes),
            started=round(started - self._created, 4),
        )
        self.calls.append(call)
        return call

    def _scrub(self, text: str) -> str:
        """The text without any API key: ours, the environment's, or anything shaped like one."""
        names = {key_env_var(self.model), "LLM_API_KEY", *PROVIDER_KEYS.values()}
        secrets = [self._api_key or "", *(read_key(name) or "" for name in names)]
        for secret in secrets:
            if len(secret) >= 4:
                text = text.replace(secret, "***")
        return KEY_LIKE.sub("***", text)


_UNPRICED: set[str] = set()  # models LiteLLM knows no price for


def token_cost(
    litellm: Any, model: str, prompt_tokens: int, completion_tokens: int
) -> float | None:
    """The call's price in USD, or None when LiteLLM knows no price for the model (asked once
    a model: the search for a price it does not have costs a batch a millisecond an answer)."""
    if model in _UNPRICED:
        return None
    try:
        prompt_cost, completion_cost = litellm.cost_per_token(
            model=model, prompt_tokens=prompt_tokens, completion_tokens=completion_tokens
        )
    except Exception:
        _UNPRICED.add(model)
        return None
    total = float(prompt_cost) + float(completion_cost)
    return total if total >= 0 else None


# --- pacing: requests a minute, and slowing down together after a 429 ---------------------------


class RequestPacer:
    """Spaces the starts of requests: at most `rpm` a minute (None: as fast as the concurrency
    allows), and none at all until a cool-down has passed once a provider has answered 429, so
    that a rate limit slows every call of a batch down instead of failing them one by one."""

    def __init__(
        self,
        rpm: float | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        if rpm is not None and rpm <= 0:
            raise ValueError("rpm must be above 0")
        self.interval = 60.0 / rpm if rpm else 0.0
        self.clock = clock
        self._next_start = 0.0
        self._paused_until = 0.0

    async def wait_turn(self) -> None:
        """Wait until this request may start (its turn is taken at once: no lock needed on
        one event loop)."""
        now = self.clock()
        start = max(now, self._next_start)
        self._next_start = start + self.interval
        if start > now:
            await asyncio.sleep(start - now)
        while (left := self._paused_until - self.clock()) > 0:
            await asyncio.sleep(left)

    def cool_down(self, seconds: float) -> None:
        """No request starts for `seconds` from now."""
        self._paused_until = max(self._paused_until, self.clock() + seconds)


# --- a LiteLLM Router: several deployments or keys behind one model name -------------------------


@dataclass(frozen=True)
class RouterConfig:
    """A LiteLLM Router configuration (the proxy's `model_list` format, and `router_settings`):
    the model group to call, and what the router needs."""

    model_list: list[dict[str, Any]]
    settings: dict[str, Any]
    model: str  # the model group (model_name) the calls go to

    @property
    def deployments(self) -> list[dict[str, Any]]:
        return [d for d in self.model_list if d.get("model_name") == self.model]

    @property
    def key_names(self) -> list[str]:
        """The environment variables its keys are read from (`os.environ/NAME`)."""
        names = []
        for deployment in self.model_list:
            key = str((deployment.get("litellm_params") or {}).get("api_key") or "")
            if key.startswith("os.environ/"):
                names.append(key.split("/", 1)[1])
        return names


def load_router_config(path: Any, model: str | None = None) -> RouterConfig:
    """The router configuration in a YAML (or JSON) file; a usage error, in one line, for a
    file that is missing, not YAML, or lists no deployments (or none of the model asked for).
    Keys belong in the environment (`api_key: os.environ/NAME`); their values are never read
    here or shown."""
    from pathlib import Path

    import yaml

    from ai_interviewer.errors import UsageError

    file = Path(path)
    hint = "see the README: a model_list of model_name and litellm_params"
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"router configuration {file} not found") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise UsageError(f"cannot read the router configuration {file}: {first}", hint) from None
    models = data.get("model_list") if isinstance(data, dict) else None
    valid = isinstance(models, list) and all(
        isinstance(d, dict) and d.get("model_name") and isinstance(d.get("litellm_params"), dict)
        for d in models
    )
    if not models or not valid:
        raise UsageError(f"{file} needs a model_list of model_name and litellm_params", hint)
    assert isinstance(data, dict) and isinstance(models, list)
    settings = data.get("router_settings") or {}
    if not isinstance(settings, dict):
        raise UsageError(f"{file}: router_settings must be a mapping", hint)
    chosen = model or str(models[0]["model_name"])
    names = sorted({str(d["model_name"]) for d in models})
    if chosen not in names:
        raise UsageError(
            f"{file} has no deployments of {chosen!r}", f"its models: {', '.join(names)}"
        )
    return RouterConfig(model_list=models, settings=settings, model=chosen)


class RoutedLLMClient(LLMClient):
    """The client, its requests sent through a LiteLLM Router that spreads them over the
    deployments (keys, regions, providers) of one model group, each with its own limits (`rpm`,
    `tpm`). The router retries nothing itself unless its settings say so: this client's error
    table still decides, and a retry may go to another deployment."""

    TAKES_A_POOL = False  # the router keeps its own clients for its deployments

    def __init__(self, config: RouterConfig, limits: ModelLimits | None = None, **options: Any):
        first = config.deployments[0]["litellm_params"]
        first_base = first.get("api_base")
        super().__init__(
            config.model,
            api_base=None,
            api_key=None,
            limits=limits or model_limits(str(first.get("model", "")), first_base),
            **options,
        )
        self.config = config
        self._router: Any = None
        self._deployment_model = str(first.get("model", ""))
        self._deployment_base = first_base

    @property
    def name(self) -> str:
        return f"llm:router:{self.model}"

    def __repr__(self) -> str:  # never a key
        return f"RoutedLLMClient(model={self.model!r}, deployments={len(self.config.deployments)})"

    def _acompletion(self, litellm: Any, kwargs: dict[str, Any]) -> Any:
        if self._router is None:
            settings = {"num_retries": 0, **self.config.settings}
            self._router = litellm.Router(model_list=self.config.model_list, **settings)
        return self._router.acompletion(**kwargs)

    async def _wire_format(self) -> WireFormat:
        if self._format is None:
            litellm = await _litellm_async()
            self._format = wire_format(litellm, self._deployment_model, self._deployment_base)
        return self._format

    def _scrub(self, text: str) -> str:
        for name in self.config.key_names:
            secret = read_key(name) or ""
            if len(secret) >= 4:
                text = text.replace(secret, "***")
        return super()._scrub(text)
