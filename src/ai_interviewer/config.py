"""Settings: command-line flags > environment > .env > defaults.

Keys are read here and nowhere else: `PROVIDER_KEYS` is the one table of which key each
provider's models need, `key_env_var(model)` names it, and `read_key(name)` is the one place a
key's value is taken from the environment (for the adapter that sends it). Settings only ever
hold whether a key is there (`Settings.keys_present`), never a value.

How long to wait for the model and how many calls to send it at once depend on where it runs:
`model_limits` picks defaults for a cloud API or for a server on this machine (a loopback
`LLM_API_BASE`, or Ollama), and the LLM_*_TIMEOUT and LLM_CONCURRENCY settings override them.
"""

from __future__ import annotations

import io
import ipaddress
import math
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ai_interviewer.core.decoding import FALLBACK, decode, os_text
from ai_interviewer.errors import UsageError

APP_NAME = "ai-interviewer"
TTS_CHOICES = ("auto", "edge", "system", "none")
STT_CHOICES = ("auto", "speechmatics", "whisper", "text")
ACCURACY_CHOICES = ("standard", "enhanced")
DEFAULT_MODEL = "mistral/mistral-large-latest"
# The key each provider's models need (the part of the model name before the slash; a name
# without one is OpenAI's). LLM_API_KEY stands in for any of them; a provider not listed here
# needs PROVIDER_API_KEY.
PROVIDER_KEYS = {
    "mistral": "MISTRAL_API_KEY",
    "openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "gemini": "GEMINI_API_KEY",
    "groq": "GROQ_API_KEY",
    "openrouter": "OPENROUTER_API_KEY",
    "deepseek": "DEEPSEEK_API_KEY",
    "together_ai": "TOGETHERAI_API_KEY",
}
KEYLESS_PROVIDERS = ("ollama", "ollama_chat", "lm_studio", "hosted_vllm", "llamafile")
LOCAL_PROVIDERS = ("ollama", "ollama_chat", "lm_studio", "llamafile")  # served on this machine
KEY_NAMES = (*dict.fromkeys([*PROVIDER_KEYS.values(), "LLM_API_KEY", "SPEECHMATICS_API_KEY"]),)


def provider_of(model: str) -> str:
    return model.split("/", 1)[0] if "/" in model else "openai"


def key_env_var(model: str) -> str:
    """The environment variable holding the key for `model`'s provider."""
    provider = provider_of(model)
    return PROVIDER_KEYS.get(provider, f"{provider.upper()}_API_KEY")


def read_key(name: str) -> str | None:
    """A key's value from the environment (or .env), None when unset or empty."""
    return _env(name)


# --- how long to wait for the model, and how many calls at once ----------------------------------


@dataclass(frozen=True)
class ModelLimits:
    """What the client waits for and how much it asks at once.

    `connect_s`: to open the connection; `first_token_s`: from sending a request to the first
    token of the answer (a local server reads the whole prompt first); `stall_s`: the longest
    gap between two tokens once the answer flows. A model that keeps sending is never cut off:
    the answer's length is bounded by `max_tokens` instead. `concurrency`: calls in flight at
    once (the interview's two per turn, `score`'s answers)."""

    connect_s: float
    first_token_s: float
    stall_s: float
    concurrency: int
    local: bool = False


CLOUD_LIMITS = ModelLimits(connect_s=10.0, first_token_s=60.0, stall_s=30.0, concurrency=4)
LOCAL_LIMITS = ModelLimits(
    connect_s=5.0, first_token_s=300.0, stall_s=60.0, concurrency=2, local=True
)


def is_local_model(model: str, api_base: str | None) -> bool:
    """Served on this machine: a loopback API base, or a provider that runs locally (Ollama)."""
    if api_base:
        host = urlsplit(api_base if "//" in api_base else f"//{api_base}").hostname or ""
        if host == "localhost" or host == "0.0.0.0":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False
    return provider_of(model) in LOCAL_PROVIDERS


def model_limits(
    model: str, api_base: str | None, overrides: dict[str, float | None] | None = None
) -> ModelLimits:
    """The defaults for where the model runs, with any setting given in `overrides`."""
    base = LOCAL_LIMITS if is_local_model(model, api_base) else CLOUD_LIMITS
    given = overrides or {}

    def pick(name: str, default: float) -> float:
        value = given.get(name)
        return default if value is None else float(value)

    return replace(
        base,
        connect_s=pick("connect_s", base.connect_s),
        first_token_s=pick("first_token_s", base.first_token_s),
        stall_s=pick("stall_s", base.stall_s),
        concurrency=int(pick("concurrency", base.concurrency)),
    )


def _env(name: str, default: str | None = None) -> str | None:
    """A setting from the environment (or .env) as clean text: odd bytes decoded by the policy."""
    value = os.environ.get(name)
    return os_text(value) if value not in (None, "") else default


def _env_float(name: str, default: float) -> float:
    raw = _env(name)
    if raw is None:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise UsageError(f"{name}={raw!r} is not a number", "fix it in the environment or .env")
    return value


def _env_optional_float(name: str) -> float | None:
    return None if _env(name) is None else _env_float(name, 0.0)


def _env_optional_int(name: str) -> int | None:
    raw = _env(name)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        raise UsageError(
            f"{name}={raw!r} is not a whole number", "fix it in the environment or .env"
        ) from None


def load_dotenv_file(start: Path | None = None) -> Path | None:
    """Load the nearest .env (current folder upwards) without overriding the environment.

    Its bytes are decoded by the one text policy (UTF-8, else Windows-1252, said in one line);
    a .env that cannot be read is a usage error naming it."""
    if _env("AI_INTERVIEWER_NO_DOTENV"):
        return None
    from dotenv import find_dotenv, load_dotenv

    found = find_dotenv(usecwd=True) if start is None else str(start)
    if not found:
        return None
    path = Path(found)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(
            f"cannot read {path}: {error.strerror or error}",
            "fix or remove it, or set AI_INTERVIEWER_NO_DOTENV=1 to ignore it",
        ) from None
    decoded = decode(data)
    if decoded.fell_back:
        from ai_interviewer.console import Terminal

        Terminal().warning(f"{path} is not UTF-8; read as {FALLBACK}")
    load_dotenv(stream=io.StringIO(decoded.text), override=False)
    return path


MAX_SILENCE_S = 60.0
MAX_ANSWER_S = 3600.0
MAX_WAIT_S = 3600.0
MAX_CONCURRENCY = 64


def check_seconds(option: str, value: float, most: float) -> None:
    """A number of seconds above 0 and at most `most` (nan, inf and 1e400 are refused)."""
    if not (math.isfinite(value) and 0 < value <= most):
        raise UsageError(f"{option} must be a number of seconds above 0 and at most {most:g}")


def check_url(name: str, url: str) -> None:
    """An http(s) URL with a host (and a port, if any, that is a number)."""
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        ok = False
    if not ok:
        raise UsageError(
            f"{name} {url!r} is not a URL like http://127.0.0.1:8080/v1",
            "fix it in the environment or .env",
        )


def check_choice(option: str, value: str, choices: tuple[str, ...]) -> None:
    """An option's value must be one of its choices; else a usage error that lists them."""
    if value not in choices:
        raise UsageError(f"{option} {value!r} is not one of: {', '.join(choices)}")


def _env_path(name: str) -> str | None:
    """A path from the environment, as the system gave it (its bytes name the file)."""
    return os.environ.get(name) or None


def default_home() -> Path:
    override = _env_path("AI_INTERVIEWER_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


TRUE_WORDS = ("1", "true", "yes", "on")
OFFLINE_LINE = "Offline: nothing leaves this machine (system voice, local Whisper, offline rubric)."


@dataclass(frozen=True)
class Settings:
    home: Path
    tts: str = "auto"
    stt: str = "auto"
    llm: str = "auto"  # "auto", "offline", or a LiteLLM model string
    llm_model: str = DEFAULT_MODEL  # what "auto" uses when a key is there
    llm_api_base: str | None = None
    voice: str | None = None  # an Edge name (alex, aria, natasha, sonia), Edge id, or system id
    speech_rate: int = 165  # the system voice, words per minute
    edge_rate: str = "+0%"
    edge_pitch: str = "+0Hz"
    whisper_model: str = "tiny.en"
    language: str = "en"
    accuracy: str = "standard"  # Speechmatics operating point: standard or enhanced
    input_device: str | None = None
    silence_seconds: float = 3.0
    max_answer_seconds: float = 180.0
    llm_connect_timeout: float | None = None  # None: the default for where the model runs
    llm_first_token_timeout: float | None = None
    llm_stall_timeout: float | None = None
    llm_concurrency: int | None = None
    keys_present: dict[str, bool] = field(default_factory=dict)
    offline: bool = False  # --offline: nothing leaves the machine, whatever keys are set
    no_audio: bool = False  # --no-audio: a recording is deleted once its transcript is saved

    @classmethod
    def from_environment(cls, **flags: Any) -> Settings:
        """Build settings from the environment (and .env), then apply non-None flags on top."""
        base = cls(
            home=default_home(),
            tts=_env("AI_INTERVIEWER_TTS", "auto") or "auto",
            stt=_env("AI_INTERVIEWER_STT", "auto") or "auto",
            llm=_env("AI_INTERVIEWER_LLM", "auto") or "auto",
            llm_model=_env("LLM_MODEL", DEFAULT_MODEL) or DEFAULT_MODEL,
            llm_api_base=_env("LLM_API_BASE"),
            voice=_env("AI_INTERVIEWER_VOICE"),
            speech_rate=int(_env_float("AI_INTERVIEWER_SPEECH_RATE", 165)),
            edge_rate=_env("AI_INTERVIEWER_RATE", "+0%") or "+0%",
            edge_pitch=_env("AI_INTERVIEWER_PITCH", "+0Hz") or "+0Hz",
            whisper_model=_env_path("WHISPER_MODEL") or "tiny.en",
            language=_env("AI_INTERVIEWER_LANGUAGE", "en") or "en",
            accuracy=_env("AI_INTERVIEWER_ACCURACY", "standard") or "standard",
            input_device=_env("AI_INTERVIEWER_INPUT_DEVICE"),
            silence_seconds=_env_float("AI_INTERVIEWER_SILENCE_SECONDS", 3.0),
            max_answer_seconds=_env_float("AI_INTERVIEWER_MAX_ANSWER_SECONDS", 180.0),
            llm_connect_timeout=_env_optional_float("LLM_CONNECT_TIMEOUT"),
            llm_first_token_timeout=_env_optional_float("LLM_FIRST_TOKEN_TIMEOUT"),
            llm_stall_timeout=_env_optional_float("LLM_STALL_TIMEOUT"),
            llm_concurrency=_env_optional_int("LLM_CONCURRENCY"),
            keys_present={name: bool(_env(name)) for name in KEY_NAMES},
            no_audio=(_env("AI_INTERVIEWER_NO_AUDIO") or "").strip().lower() in TRUE_WORDS,
        )
        chosen = {k: v for k, v in flags.items() if v is not None}
        if "home" in chosen:
            chosen["home"] = Path(chosen["home"]).expanduser()
        settings = replace(base, **chosen)
        if settings.offline:
            settings = settings.kept_offline()
        settings.validate()
        return settings

    def kept_offline(self) -> Settings:
        """The same settings with every part on this machine: the system voice (or none),
        local Whisper (or typed answers), the offline rubric."""
        return replace(
            self,
            offline=True,
            tts="none" if self.tts == "none" else "system",
            stt="text" if self.stt == "text" else "whisper",
            llm="offline",
        )

    def validate(self) -> None:
        check_choice("--tts", self.tts, TTS_CHOICES)
        check_choice("--stt", self.stt, STT_CHOICES)
        check_choice("--accuracy", self.accuracy, ACCURACY_CHOICES)
        check_seconds("--silence-seconds", self.silence_seconds, MAX_SILENCE_S)
        check_seconds("--max-answer-seconds", self.max_answer_seconds, MAX_ANSWER_S)
        for name, flag in (
            ("llm_connect_timeout", "LLM_CONNECT_TIMEOUT"),
            ("llm_first_token_timeout", "LLM_FIRST_TOKEN_TIMEOUT"),
            ("llm_stall_timeout", "LLM_STALL_TIMEOUT"),
        ):
            value = getattr(self, name)
            if value is not None:
                check_seconds(flag, value, MAX_WAIT_S)
        if self.llm_concurrency is not None and not 1 <= self.llm_concurrency <= MAX_CONCURRENCY:
            raise UsageError(f"--concurrency (LLM_CONCURRENCY) must be from 1 to {MAX_CONCURRENCY}")
        if not 40 <= self.speech_rate <= 600:
            raise UsageError("AI_INTERVIEWER_SPEECH_RATE must be from 40 to 600 words a minute")
        if not self.llm.strip():
            raise UsageError(
                f"--llm needs a value: auto, offline, or a model such as {DEFAULT_MODEL}"
            )
        if self.llm_api_base is not None:
            check_url("LLM_API_BASE", self.llm_api_base)

    @property
    def sessions_dir(self) -> Path:
        return self.home / "sessions"

    @property
    def tts_cache_dir(self) -> Path:
        """The interviewer's spoken questions, kept to be spoken again without the network."""
        return self.home / "cache" / "tts"

    def chosen_model(self) -> tuple[str | None, str | None]:
        """The model to use, or None for the offline scorer, and why when it is offline.

        `auto` uses the model when its key is set (or an endpoint is given); an explicit model
        is always tried, and the preflight call says plainly what is wrong with it."""
        if self.llm == "offline":
            return None, None
        model = self.llm_model if self.llm == "auto" else self.llm
        if self.llm != "auto" or self.llm_api_base or self._has_key_for(model):
            return model, None
        key = key_env_var(model)
        return None, f"No {key} set: scoring with the offline rubric (offline estimate)"

    def limits_for(self, model: str) -> ModelLimits:
        """How long to wait for `model` and how many calls to send it at once."""
        return model_limits(
            model,
            self.llm_api_base,
            {
                "connect_s": self.llm_connect_timeout,
                "first_token_s": self.llm_first_token_timeout,
                "stall_s": self.llm_stall_timeout,
                "concurrency": self.llm_concurrency,
            },
        )

    def _has_key_for(self, model: str) -> bool:
        if provider_of(model) in KEYLESS_PROVIDERS or self.keys_present.get("LLM_API_KEY"):
            return True
        key = key_env_var(model)
        return bool(self.keys_present.get(key) or _env(key))
