"""`ai-interview models`: the model that scores, where, its waits, and what its server offers."""

from __future__ import annotations

from cli_helpers import run_cli
from fakes.openai_server import OpenAIServer, closed_port


def test_offline_when_no_model_is_set() -> None:
    result = run_cli("models")
    assert result.code == 0
    assert "Scoring: the offline rubric" in result.stderr


def test_a_local_server_lists_what_it_serves(openai_server: OpenAIServer) -> None:
    env = {"LLM_MODEL": "openai/fake-model", "LLM_API_BASE": openai_server.base_url}
    result = run_cli("models", env=env)
    assert result.code == 0, result.stderr
    assert "Scoring: openai/fake-model, on a server on this machine" in result.stderr
    assert "300 s for the first token, 60 s between tokens; 2 calls at once" in result.stderr
    assert f"Served at {openai_server.base_url}: fake-model" in result.stderr


def test_a_local_server_that_is_not_running_says_how_to_start_it() -> None:
    port = closed_port()
    env = {"LLM_MODEL": "openai/smollm2", "LLM_API_BASE": f"http://127.0.0.1:{port}/v1"}
    result = run_cli("models", env=env)
    assert result.code == 1
    assert "nothing answers at" in result.stderr
    assert f"llama-server -m MODEL.gguf --port {port}" in result.stderr


def test_a_cloud_model_names_its_key_and_its_waits() -> None:
    env = {"AI_INTERVIEWER_LLM": "openrouter/some-model", "LLM_STALL_TIMEOUT": "12"}
    result = run_cli("models", env=env)
    assert result.code == 0, result.stderr
    assert "Scoring: openrouter/some-model, on a cloud API" in result.stderr
    assert "12 s between tokens; 4 calls at once" in result.stderr
    assert "Key: OPENROUTER_API_KEY not set" in result.stderr
