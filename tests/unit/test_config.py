"""Settings: flags over environment, and which model (if any) scores the interview."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_interviewer.config import DEFAULT_MODEL, Settings
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
    "flags", [{"tts": "loud"}, {"stt": "ears"}, {"llm": " "}, {"silence_seconds": 0}]
)
def test_bad_settings_are_usage_errors(flags: dict[str, object]) -> None:
    with pytest.raises(UsageError):
        Settings.from_environment(**flags)
