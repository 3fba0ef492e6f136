"""Settings: flags over environment, and which model (if any) scores the interview."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_interviewer.config import (
    CLOUD_LIMITS,
    DEFAULT_MODEL,
    KEY_NAMES,
    LOCAL_LIMITS,
    PROVIDER_KEYS,
    Settings,
    is_local_model,
    key_env_var,
)
from ai_interviewer.errors import UsageError


def test_flags_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AI_INTERVIEWER_SILENCE_SECONDS", "5")
    assert Settings.from_environment().silence_seconds == 5
    assert Settings.from_environment(silence_seconds=1.5).silence_seconds == 1.5


def test_home_comes_from_the_environment(isolated_environment: Path) -> None:
    assert Settings.from_environment().home == isolated_environment


@pytest.mark.parametrize(
    ("env", "flag", "model", "offline_reason"),
    [
        ({}, None, None, "No MISTRAL_API_KEY set"),
        ({"MISTRAL_API_KEY": "k"}, None, DEFAULT_MODEL, None),
        ({"MISTRAL_API_KEY": "k"}, "offline", None, None),
        ({"LLM_MODEL": "openai/gpt-4o-mini"}, None, None, "No OPENAI_API_KEY set"),
        (
            {"LLM_MODEL": "openai/gpt-4o-mini", "OPENAI_API_KEY": "k"},
            None,
            "openai/gpt-4o-mini",
            None,
        ),
        ({"LLM_MODEL": "ollama/llama3"}, None, "ollama/llama3", None),
        (
            {"LLM_API_BASE": "http://127.0.0.1:9/v1", "LLM_MODEL": "openai/x"},
            None,
            "openai/x",
            None,
        ),
        ({}, "mistral/mistral-small-latest", "mistral/mistral-small-latest", None),
        ({"LLM_MODEL": "openrouter/x/y"}, None, None, "No OPENROUTER_API_KEY set"),
        ({"LLM_MODEL": "openrouter/x/y", "OPENROUTER_API_KEY": "k"}, None, "openrouter/x/y", None),
        ({"LLM_MODEL": "groq/llama3", "GROQ_API_KEY": "k"}, None, "groq/llama3", None),
    ],
)
def test_which_model_scores(
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    flag: str | None,
    model: str | None,
    offline_reason: str | None,
) -> None:
    """`auto` takes the model when its key is there; an explicit model is always tried."""
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    chosen, reason = Settings.from_environment(llm=flag).chosen_model()
    assert chosen == model
    if offline_reason is None:
        assert reason is None
    else:
        assert reason is not None and offline_reason in reason


def test_settings_never_hold_a_key_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MISTRAL_API_KEY", "sk-secret-value")
    settings = Settings.from_environment()
    assert "sk-secret-value" not in repr(settings)
    assert settings.keys_present["MISTRAL_API_KEY"] is True


@pytest.mark.parametrize(
    "flags",
    [
        {"tts": "loud"},
        {"stt": "ears"},
        {"llm": " "},
        {"silence_seconds": 0},
        {"llm_stall_timeout": 0},
        {"llm_concurrency": 0},
    ],
)
def test_bad_settings_are_usage_errors(flags: dict[str, object]) -> None:
    with pytest.raises(UsageError):
        Settings.from_environment(**flags)


def test_one_key_table_names_every_providers_key() -> None:
    """What `auto` checks, what doctor reports and what errors name all come from one table."""
    assert set(PROVIDER_KEYS.values()) <= set(KEY_NAMES)
    assert key_env_var("openrouter/meta/llama") == "OPENROUTER_API_KEY"
    assert key_env_var("gpt-4o-mini") == "OPENAI_API_KEY"
    assert key_env_var("cohere/command") == "COHERE_API_KEY"


@pytest.mark.parametrize(
    ("model", "api_base", "local"),
    [
        ("openai/x", "http://127.0.0.1:8080/v1", True),
        ("openai/x", "http://localhost:1234/v1", True),
        ("openai/x", "http://[::1]:8080/v1", True),
        ("ollama/llama3", None, True),
        ("ollama_chat/llama3", None, True),
        ("openai/gpt-4o-mini", None, False),
        ("openai/x", "https://proxy.example.com/v1", False),
        ("mistral/mistral-large-latest", None, False),
    ],
)
def test_a_model_on_this_machine_is_told_apart(
    model: str, api_base: str | None, local: bool
) -> None:
    assert is_local_model(model, api_base) is local


def test_waits_and_concurrency_suit_where_the_model_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Longer waits and fewer calls at once for a local server; each setting overrides one."""
    assert Settings.from_environment().limits_for("mistral/m") == CLOUD_LIMITS
    assert Settings.from_environment().limits_for("ollama/llama3") == LOCAL_LIMITS
    assert LOCAL_LIMITS.first_token_s > CLOUD_LIMITS.first_token_s
    assert LOCAL_LIMITS.concurrency < CLOUD_LIMITS.concurrency
    monkeypatch.setenv("LLM_FIRST_TOKEN_TIMEOUT", "90")
    monkeypatch.setenv("LLM_CONCURRENCY", "1")
    limits = Settings.from_environment().limits_for("ollama/llama3")
    assert (limits.first_token_s, limits.concurrency, limits.stall_s) == (90, 1, 60)
    assert Settings.from_environment(llm_concurrency=3).limits_for("ollama/x").concurrency == 3


def test_a_wait_that_is_not_a_number_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_STALL_TIMEOUT", "soon")
    with pytest.raises(UsageError, match="LLM_STALL_TIMEOUT"):
        Settings.from_environment()
