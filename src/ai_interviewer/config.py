"""Settings: command-line flags > environment > .env > defaults.

Keys are read here and nowhere else; only their presence ever leaves this module
(`Settings.keys_present`), never a value.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ai_interviewer.errors import UsageError

APP_NAME = "ai-interviewer"
KEY_NAMES = (
    "MISTRAL_API_KEY",
    "OPENAI_API_KEY",
    "ANTHROPIC_API_KEY",
    "LLM_API_KEY",
    "SPEECHMATICS_API_KEY",
)
TTS_CHOICES = ("auto", "edge", "system", "none")
STT_CHOICES = ("auto", "speechmatics", "whisper", "text")
ACCURACY_CHOICES = ("standard", "enhanced")
DEFAULT_MODEL = "mistral/mistral-large-latest"
# The key each provider's models need; LLM_API_KEY stands in for any of them.
PROVIDER_KEYS = {
    "mistral": "MISTRAL_API_KEY",
    "openai": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "gemini": "GEMINI_API_KEY",
    "groq": "GROQ_API_KEY",
}
KEYLESS_PROVIDERS = ("ollama", "ollama_chat", "lm_studio", "hosted_vllm")


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def _env_float(name: str, default: float) -> float:
    raw = _env(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError:
        raise UsageError(
            f"{name}={raw!r} is not a number", "fix it in the environment or .env"
        ) from None


def load_dotenv_file(start: Path | None = None) -> Path | None:
    """Load the nearest .env (current folder upwards) without overriding the environment."""
    if _env("AI_INTERVIEWER_NO_DOTENV"):
        return None
    from dotenv import find_dotenv, load_dotenv

    found = find_dotenv(usecwd=True) if start is None else str(start)
    if found:
        load_dotenv(found, override=False)
        return Path(found)
    return None


def check_choice(option: str, value: str, choices: tuple[str, ...]) -> None:
    """An option's value must be one of its choices; else a usage error that lists them."""
    if value not in choices:
        raise UsageError(f"{option} {value!r} is not one of: {', '.join(choices)}")


def default_home() -> Path:
    override = _env("AI_INTERVIEWER_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


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
    keys_present: dict[str, bool] = field(default_factory=dict)
    offline: bool = False  # --offline: nothing leaves the machine, whatever keys are set

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
            whisper_model=_env("WHISPER_MODEL", "tiny.en") or "tiny.en",
            language=_env("AI_INTERVIEWER_LANGUAGE", "en") or "en",
            accuracy=_env("AI_INTERVIEWER_ACCURACY", "standard") or "standard",
            input_device=_env("AI_INTERVIEWER_INPUT_DEVICE"),
            silence_seconds=_env_float("AI_INTERVIEWER_SILENCE_SECONDS", 3.0),
            max_answer_seconds=_env_float("AI_INTERVIEWER_MAX_ANSWER_SECONDS", 180.0),
            keys_present={name: bool(_env(name)) for name in KEY_NAMES},
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
        if self.silence_seconds <= 0:
            raise UsageError("--silence-seconds must be above 0")
        if self.max_answer_seconds <= 0:
            raise UsageError("--max-answer-seconds must be above 0")

        if not self.llm.strip():
            raise UsageError(
                f"--llm needs a value: auto, offline, or a model such as {DEFAULT_MODEL}"
            )

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
        key = PROVIDER_KEYS.get(model.split("/", 1)[0], "LLM_API_KEY")
        return None, f"No {key} set: scoring with the offline rubric (offline estimate)"

    def _has_key_for(self, model: str) -> bool:
        provider = model.split("/", 1)[0] if "/" in model else "openai"
        if provider in KEYLESS_PROVIDERS or self.keys_present.get("LLM_API_KEY"):
            return True
        key = PROVIDER_KEYS.get(provider)
        return bool(key and (self.keys_present.get(key) or _env(key)))
