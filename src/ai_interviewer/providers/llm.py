"""The language model, through LiteLLM: validated JSON answers, our own retry policy, costs.

LiteLLM is imported lazily (about 3.6 s and 200 MB): `warm_in_background()` starts the import
in a daemon thread at start-up and `litellm_module()` waits for it. LiteLLM's own retries are
switched off (`num_retries=0`, `max_retries=0` reach the OpenAI client) so that `ERROR_TABLE`
below alone decides what is retried, with exponential backoff, jitter and a time budget.

Keys are never logged, printed, recorded in an `LLMCall` or put in an error message: errors are
worded from the table, and any detail taken from the provider passes through `_scrub` first.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from ai_interviewer.core.models import CostSummary, LLMCall
from ai_interviewer.errors import ProviderError

log = logging.getLogger("ai_interviewer")

T = TypeVar("T", bound=BaseModel)
Messages = list[dict[str, str]]
Clock = Callable[[], float]

LITELLM_LOGGERS = ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy")
PREFLIGHT_TIMEOUT_S = 5.0
MAX_BACKOFF_S = 8.0  # one wait between attempts, before jitter
MAX_RETRY_AFTER_S = 20.0  # a provider's Retry-After is honoured up to this
DETAIL_CHARS = 200
KEY_ENV_VARS = {
    "openai": "OPENAI_API_KEY",
    "mistral": "MISTRAL_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "gemini": "GEMINI_API_KEY",
    "groq": "GROQ_API_KEY",
    "openrouter": "OPENROUTER_API_KEY",
    "deepseek": "DEEPSEEK_API_KEY",
    "together_ai": "TOGETHERAI_API_KEY",
}
KEY_LIKE = re.compile(r"\bsk-[A-Za-z0-9_\-]{8,}")  # a key of unknown origin


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
        litellm_module()
    except Exception as error:  # the caller that needs it will meet the error again
        log.debug("warming LiteLLM failed: %s", type(error).__name__)


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
    """A model call that failed. `fatal`: the model cannot be used at all (key, model, credit)."""

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
# - a 403 comes as litellm.APIError raised from openai.PermissionDeniedError.
# fmt: off
ERROR_TABLE: tuple[ErrorRule, ...] = (
    ErrorRule("ConnectError",               "unreachable",    "retry",   UNREACHABLE, NETWORK_HINT),
    ErrorRule("ConnectTimeout",             "unreachable",    "retry",   UNREACHABLE, NETWORK_HINT),
    ErrorRule("AuthenticationError",        "auth",           "fatal",   KEY_REFUSED, KEY_HINT),
    ErrorRule("PermissionDeniedError",      "permission",     "fatal",   NO_ACCESS, ACCESS_HINT),
    ErrorRule("NotFoundError",              "model",          "fatal",   UNKNOWN_MODEL, MODEL_HINT),
    ErrorRule("PaymentRequiredError",       "credit",         "fatal",   NO_CREDIT, CREDIT_HINT),
    ErrorRule("BadRequestError",            "credit",         "fatal",   NO_CREDIT, CREDIT_HINT,
              CREDIT_WORDS),
    ErrorRule("RateLimitError",             "credit",         "fatal",   NO_CREDIT, CREDIT_HINT,
              CREDIT_WORDS_429),
    ErrorRule("ContextWindowExceededError", "too_long",       "fatal",   TOO_LONG, TOO_LONG_HINT),
    ErrorRule("ContentPolicyViolationError", "refused",       "give_up", FILTERED),
    ErrorRule("BadRequestError",            "bad_request",    "fatal",   REJECTED, REJECTED_HINT),
    ErrorRule("UnprocessableEntityError",   "bad_request",    "fatal",   REJECTED, REJECTED_HINT),
    ErrorRule("RateLimitError",             "rate_limit",     "retry",   RATE_LIMITED, RATE_HINT),
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
    """The provider's own words, without LiteLLM's prefixes; unscrubbed, untruncated."""
    text = str(getattr(error, "message", None) or error)
    return text.rsplit("Exception - ", 1)[-1].strip() or type(error).__name__


def backoff_delay(attempt: int, base_s: float, rng: random.Random) -> float:
    """Exponential: base, 2x base, 4x base... capped, plus up to half again as jitter."""
    delay = min(MAX_BACKOFF_S, base_s * 2 ** (attempt - 1))
    return delay + rng.uniform(0, delay / 2)


def key_env_var(model: str) -> str:
    provider = model.split("/", 1)[0] if "/" in model else "openai"
    return KEY_ENV_VARS.get(provider, f"{provider.upper()}_API_KEY")


def display_target(model: str, api_base: str | None) -> str:
    """Where the model lives, for messages: the API base without credentials, or the provider."""
    if not api_base:
        return model.split("/", 1)[0] if "/" in model else "openai"
    parts = urlsplit(api_base)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}" if parts.scheme else api_base


# --- JSON answers --------------------------------------------------------------------------


def schema_prompt(schema: type[BaseModel]) -> str:
    """The JSON schema of `schema`, compact (no titles, no spaces), to put in a prompt."""
    return json.dumps(_without_titles(schema.model_json_schema()), separators=(",", ":"))


def _without_titles(node: Any, in_properties: bool = False) -> Any:
    if isinstance(node, dict):
        return {
            key: _without_titles(value, in_properties=key == "properties" and not in_properties)
            for key, value in node.items()
            if in_properties or not (key == "title" and isinstance(value, str))
        }
    if isinstance(node, list):
        return [_without_titles(item) for item in node]
    return node


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


def parse_answer(text: str, schema: type[T], validate: Callable[[T], None] | None) -> T:
    """The answer as a `schema` object; ValueError with a human message when it is not one."""
    try:
        data = json.loads(extract_json_text(text))
    except json.JSONDecodeError as error:
        raise ValueError(f"the answer is not valid JSON ({error.msg})") from error
    try:
        obj = schema.model_validate(data)
    except ValidationError as error:
        raise ValueError(describe_validation_error(error)) from error
    if validate is not None:
        validate(obj)
    return obj


def describe_validation_error(error: ValidationError) -> str:
    problems = []
    for item in error.errors()[:5]:
        where = ".".join(str(part) for part in item["loc"]) or "the answer"
        problems.append(f"{where}: {item['msg']}")
    more = error.error_count() - len(problems)
    return "; ".join(problems) + (f" (and {more} more)" if more > 0 else "")


def repair_messages(
    messages: Messages, bad_answer: str, problem: str, schema_text: str
) -> Messages:
    return [
        *messages,
        {"role": "assistant", "content": bad_answer or "(empty answer)"},
        {
            "role": "user",
            "content": (
                f"Your answer could not be used: {problem}. Answer again with JSON only, "
                f"matching the schema: {schema_text}"
            ),
        },
    ]


def _mentions_json(messages: Messages) -> bool:
    return any("json" in str(m.get("content", "")).lower() for m in messages)


# --- the client ----------------------------------------------------------------------------


@dataclass
class _Outcome:
    """What one or more requests for one answer added up to."""

    attempts: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None

    def add(self, response: Any, cost: float | None) -> None:
        usage = getattr(response, "usage", None)
        self.prompt_tokens += int(getattr(usage, "prompt_tokens", 0) or 0)
        self.completion_tokens += int(getattr(usage, "completion_tokens", 0) or 0)
        if cost is not None:
            self.cost_usd = (self.cost_usd or 0.0) + cost


class LLMClient:
    """One model through LiteLLM. `calls` records every `complete_json` and the preflight."""

    def __init__(
        self,
        model: str,
        api_base: str | None = None,
        api_key: str | None = None,
        timeout: float = 30.0,
        max_attempts: int = 3,
        backoff_s: float = 0.5,
        clock: Clock = time.monotonic,
        max_total_s: float = 90.0,
    ) -> None:
        self.model = model
        self.api_base = api_base
        self._api_key = api_key
        self.timeout = timeout
        self.max_attempts = max(1, max_attempts)
        self.backoff_s = backoff_s
        self.max_total_s = max_total_s
        self.clock = clock
        self.calls: list[LLMCall] = []
        self._created = clock()
        self._rng = random.Random()
        self._json_mode: bool | None = None

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
        temperature: float = 0.2,
    ) -> T:
        """The model's answer as a validated `schema` object, repaired once if it must be.

        Raises LLMError: fatal for a bad key, an unknown model or no credit; not fatal when
        retries ran out or the answer stayed unusable after the repair (kind "invalid_output").
        """
        started = self.clock()
        outcome = _Outcome()
        repaired = False
        try:
            text = await self._request(messages, outcome, max_tokens, temperature)
            try:
                result = parse_answer(text, schema, validate)
            except ValueError as problem:
                repaired = True
                log.info(
                    "%s: the model's answer was not usable (%s); asking again",
                    purpose,
                    self._scrub(str(problem)),
                )
                retry = repair_messages(messages, text, str(problem), schema_prompt(schema))
                text = await self._request(retry, outcome, max_tokens, temperature)
                result = self._parse_repaired(text, schema, validate, purpose)
        except LLMError as error:
            self._record(purpose, question_id, started, outcome, repaired, error)
            raise
        self._record(purpose, question_id, started, outcome, repaired, None)
        return result

    async def preflight(self) -> None:
        """One tiny call (one attempt, 5 s at most) that proves the key, model and credit work."""
        started = self.clock()
        outcome = _Outcome()
        messages = [{"role": "user", "content": "Reply with OK"}]
        timeout = min(self.timeout, PREFLIGHT_TIMEOUT_S)
        try:
            await self._attempt_once(
                messages, outcome, timeout, max_tokens=1, temperature=0.0, json_mode=False
            )
        except Exception as error:
            failure = self._preflight_error(error)
            self._record("preflight", None, started, outcome, False, failure)
            raise failure from None
        self._record("preflight", None, started, outcome, False, None)

    def cost_summary(self) -> CostSummary:
        known = [c for c in self.calls if c.cost_usd is not None]
        by_purpose: dict[str, float] = {}
        for call in known:
            by_purpose[call.purpose] = by_purpose.get(call.purpose, 0.0) + (call.cost_usd or 0.0)
        return CostSummary(
            calls=len(self.calls),
            prompt_tokens=sum(c.prompt_tokens for c in self.calls),
            completion_tokens=sum(c.completion_tokens for c in self.calls),
            cost_usd=sum(by_purpose.values()) if known else None,
            by_purpose=by_purpose,
        )

    # --- requests ------------------------------------------------------------------------------

    async def _request(
        self, messages: Messages, outcome: _Outcome, max_tokens: int | None, temperature: float
    ) -> str:
        """One answer's text, retried per ERROR_TABLE; LLMError once retrying is over."""
        first_try = self.clock()
        attempt = 0
        while True:
            attempt += 1
            try:
                return await self._attempt_once(
                    messages, outcome, self.timeout, max_tokens, temperature, json_mode=None
                )
            except LLMError:
                raise
            except Exception as error:
                rule = match_rule(error)
                wait = self._retry_wait(rule, error, attempt, first_try)
                if wait is None:
                    log.info("model call failed: %s (%s)", rule.kind, type(error).__name__)
                    raise self._llm_error(rule, error, self.timeout) from None
                log.info(
                    "model call failed (%s), attempt %d of %d; again in %.2f s",
                    rule.kind,
                    attempt,
                    self.max_attempts,
                    wait,
                )
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
        if self.clock() - first_try + wait + self.timeout > self.max_total_s:
            return None
        return wait

    async def _attempt_once(
        self,
        messages: Messages,
        outcome: _Outcome,
        timeout: float,
        max_tokens: int | None,
        temperature: float,
        json_mode: bool | None,
    ) -> str:
        litellm = await _litellm_async()
        use_json = self._supports_json_mode(litellm) if json_mode is None else json_mode
        if use_json and not _mentions_json(messages):  # OpenAI's json_object mode demands it
            messages = [{"role": "system", "content": "Answer with JSON only."}, *messages]
        outcome.attempts += 1
        response = await litellm.acompletion(
            **self._request_kwargs(messages, timeout, max_tokens, temperature, use_json)
        )
        outcome.add(response, response_cost(litellm, response))
        return answer_text(response)

    def _request_kwargs(
        self,
        messages: Messages,
        timeout: float,
        max_tokens: int | None,
        temperature: float,
        json_mode: bool,
    ) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "model": self.model,
            "messages": messages,
            "timeout": timeout,
            "temperature": temperature,
            "num_retries": 0,  # LiteLLM's wrapper: no retries of its own
            "max_retries": 0,  # the OpenAI client underneath: no retries of its own
            "drop_params": True,  # a model without `temperature` (some reasoning models)
        }
        if self.api_base:
            kwargs["api_base"] = self.api_base
        if self._api_key:
            kwargs["api_key"] = self._api_key
        if max_tokens is not None:
            kwargs["max_tokens"] = max_tokens
        if json_mode:
            kwargs["response_format"] = {"type": "json_object"}
        return kwargs

    def _supports_json_mode(self, litellm: Any) -> bool:
        if self._json_mode is None:
            self._json_mode = json_mode_supported(litellm, self.model, self.api_base)
        return self._json_mode

    def _parse_repaired(
        self, text: str, schema: type[T], validate: Callable[[T], None] | None, purpose: str
    ) -> T:
        try:
            return parse_answer(text, schema, validate)
        except ValueError as problem:
            raise LLMError(
                f"the model's answer for {purpose} was not usable after one repair: "
                f"{self._scrub(str(problem))}",
                kind="invalid_output",
                fatal=False,
            ) from None

    # --- errors and records --------------------------------------------------------------------

    def _llm_error(
        self, rule: ErrorRule, error: BaseException, timeout: float, fatal: bool | None = None
    ) -> LLMError:
        status = status_of(error)
        fields = {
            "model": self.model,
            "target": display_target(self.model, self.api_base),
            "env_var": key_env_var(self.model),
            "timeout": timeout,
            "status": status if status is not None else "?",
            "detail": self._scrub(provider_detail(error))[:DETAIL_CHARS],
        }
        return LLMError(
            self._scrub(rule.message.format(**fields)),
            self._scrub(rule.hint.format(**fields)) if rule.hint else None,
            kind=rule.kind,
            fatal=rule.action == "fatal" if fatal is None else fatal,
            status=status,
        )

    def _preflight_error(self, error: BaseException) -> LLMError:
        if isinstance(error, LLMError):
            return error
        rule = match_rule(error)
        timeout = min(self.timeout, PREFLIGHT_TIMEOUT_S)
        return self._llm_error(
            rule, error, timeout, fatal=rule.kind not in PREFLIGHT_TRANSIENT_KINDS
        )

    def _record(
        self,
        purpose: str,
        question_id: str | None,
        started: float,
        outcome: _Outcome,
        repaired: bool,
        error: LLMError | None,
    ) -> None:
        self.calls.append(
            LLMCall(
                purpose=purpose,
                model=self.model,
                question_id=question_id,
                prompt_tokens=outcome.prompt_tokens,
                completion_tokens=outcome.completion_tokens,
                cost_usd=outcome.cost_usd,
                seconds=round(self.clock() - started, 4),
                attempts=max(1, outcome.attempts),
                repaired=repaired,
                ok=error is None,
                error=f"{error.kind}: {error.message}" if error else None,
                started=round(started - self._created, 4),
            )
        )

    def _scrub(self, text: str) -> str:
        """The text without any API key: ours, the environment's, or anything shaped like one."""
        names = {key_env_var(self.model), "LLM_API_KEY", *KEY_ENV_VARS.values()}
        secrets = [self._api_key or "", *(os.environ.get(name, "") for name in names)]
        for secret in secrets:
            if len(secret) >= 4:
                text = text.replace(secret, "***")
        return KEY_LIKE.sub("***", text)


def json_mode_supported(litellm: Any, model: str, api_base: str | None) -> bool:
    """Whether to ask for `response_format={"type": "json_object"}`; never raises."""
    if model.startswith("openai/") and api_base:
        return True  # an OpenAI-compatible server: LiteLLM passes it through
    try:
        params = litellm.get_supported_openai_params(model=model) or []
        if "response_format" in params:
            return True
        return bool(litellm.supports_response_schema(model=model))
    except Exception:
        return False


def answer_text(response: Any) -> str:
    try:
        content = response.choices[0].message.content
    except (AttributeError, IndexError, TypeError):
        return ""
    return content if isinstance(content, str) else ""


def response_cost(litellm: Any, response: Any) -> float | None:
    """The call's price in USD, or None when LiteLLM knows no price for the model."""
    hidden = getattr(response, "_hidden_params", None) or {}
    cost = hidden.get("response_cost") if isinstance(hidden, dict) else None
    if isinstance(cost, (int, float)) and not isinstance(cost, bool):
        return float(cost)
    try:
        computed = litellm.completion_cost(completion_response=response)
    except Exception:
        return None
    return float(computed) if isinstance(computed, (int, float)) and computed >= 0 else None
