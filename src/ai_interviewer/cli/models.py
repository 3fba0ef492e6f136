"""`ai-interview models`: which model would score, where it is served, how long the client waits
for it, and what the server offers. No LiteLLM: a local server is asked over plain HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import TYPE_CHECKING

from ai_interviewer.cli.common import DebugOption, load_settings
from ai_interviewer.console import Terminal
from ai_interviewer.errors import EXIT_FAILURE

if TYPE_CHECKING:
    from ai_interviewer.config import Settings

OLLAMA_BASE = "http://localhost:11434"  # Ollama's own default, as LiteLLM uses it
LIST_TIMEOUT_S = 3.0


def models_command(debug: bool = DebugOption) -> int:
    """Show the model that scores, where it runs, its timeouts and what its server offers."""
    from ai_interviewer.config import key_env_var

    terminal = Terminal()
    settings = load_settings()
    model, offline_reason = settings.chosen_model()
    if model is None:
        terminal.info(f"Scoring: the offline rubric ({offline_reason or '--llm offline'})")
        terminal.info(f"With a key, --llm auto uses {settings.llm_model} (LLM_MODEL).")
        return 0
    limits = settings.limits_for(model)
    place = "a server on this machine" if limits.local else "a cloud API"
    terminal.info(f"Scoring: {model}, on {place}")
    terminal.info(
        f"Waits: {limits.connect_s:g} s to connect, {limits.first_token_s:g} s for the first "
        f"token, {limits.stall_s:g} s between tokens; {limits.concurrency} call"
        f"{'s' if limits.concurrency > 1 else ''} at once"
    )
    if not limits.local:
        key = key_env_var(model)
        have = settings.keys_present.get(key) or settings.keys_present.get("LLM_API_KEY")
        terminal.info(f"Key: {key} {'set' if have else 'not set'}")
        return 0
    return _list_local(terminal, settings, model)


def _list_local(terminal: Terminal, settings: Settings, model: str) -> int:
    from ai_interviewer.config import provider_of
    from ai_interviewer.providers.llm import start_hint

    ollama = provider_of(model) in ("ollama", "ollama_chat")
    base = (settings.llm_api_base or (OLLAMA_BASE if ollama else "")).rstrip("/")
    url = f"{base}/api/tags" if ollama else f"{base}/models"
    try:
        names = _served_models(url, ollama)
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        terminal.error(f"nothing answers at {url} ({reason}): {start_hint(model, base)}")
        return EXIT_FAILURE
    terminal.info(f"Served at {base}: " + (", ".join(names) or "no models"))
    wanted = model.split("/", 1)[1] if "/" in model else model
    if ollama and not any(n == wanted or n.split(":")[0] == wanted for n in names):
        terminal.warning(f"{wanted} is not there: fetch it with `ollama pull {wanted}`")
    return 0


def _served_models(url: str, ollama: bool) -> list[str]:
    with urllib.request.urlopen(url, timeout=LIST_TIMEOUT_S) as reply:
        data = json.loads(reply.read())
    if ollama:
        return [str(m.get("name")) for m in data.get("models", [])]
    return [str(m.get("id")) for m in data.get("data", [])]
