"""`ai-interview doctor`: is everything an interview needs here? One line per check."""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import typer
from rich.text import Text

from ai_interviewer.cli.common import DebugOption, load_settings
from ai_interviewer.console import Terminal
from ai_interviewer.errors import EXIT_FAILURE, InterviewError, UsageError
from ai_interviewer.storage.private import make_private_dir

if TYPE_CHECKING:
    from ai_interviewer.config import Settings

CLOUD_SERVICES = (  # (what, environment variable that overrides the endpoint, default endpoint)
    ("Edge TTS", "EDGE_TTS_URL", "https://speech.platform.bing.com"),
    ("Speechmatics batch", "SPEECHMATICS_BATCH_URL", "https://asr.api.speechmatics.com"),
    ("Speechmatics real-time", "SPEECHMATICS_RT_URL", "wss://eu2.rt.speechmatics.com"),
)
PROBE_PROMPT = "Count from 1 to 20, separated by spaces."
PROBE_TOKENS = 32


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    needed: bool = True  # a failed needed check makes doctor exit 1


def doctor_command(
    network: bool = typer.Option(
        True, "--network/--no-network", help="Also try the cloud services."
    ),
    home: Path | None = typer.Option(None, "--home", help="Data folder to check."),
    debug: bool = DebugOption,
) -> int:
    """Check Python, audio devices, voice, speech model, keys, the language model (one timed
    call) and the data folder."""

    terminal = Terminal()
    settings, problem = _settings(home)
    checks: list[Callable[[], Check]] = [
        lambda: problem or Check("Settings", True, "environment and .env read"),
        check_python,
        check_portaudio,
        lambda: check_input_device(settings.input_device),
        check_output_device,
        check_voice,
        lambda: check_whisper(settings.whisper_model),
        lambda: check_keys(settings.keys_present),
        lambda: check_model(settings, network),
        lambda: check_data_folder(settings.home),
    ]
    if network:
        checks += [partial(check_service, *service) for service in CLOUD_SERVICES]
        checks.append(check_edge_voices)
    failed = False
    for run_check in checks:
        check = run_check()
        mark = "ok  " if check.ok else ("FAIL" if check.needed else "warn")
        style = "green" if check.ok else ("bold red" if check.needed else "yellow")
        line = Text(f"{mark} {check.name}: {check.detail}", style=style)
        terminal.out.print(line, soft_wrap=True)  # one line per check, however long: greppable
        failed = failed or (check.needed and not check.ok)
    return EXIT_FAILURE if failed else 0


def _settings(home: Path | None) -> tuple[Settings, Check | None]:
    """The settings in force; with a bad one, the defaults, and the problem as a failed check
    (doctor goes on to check the rest)."""
    from ai_interviewer.config import Settings, default_home

    try:
        return load_settings(home=home), None
    except UsageError as error:
        return Settings(home=home or default_home()), Check("Settings", False, error.one_line())


def check_python() -> Check:
    version = ".".join(str(v) for v in sys.version_info[:3])
    return Check("Python", sys.version_info >= (3, 10), f"{version} ({sys.executable})")


def check_portaudio() -> Check:
    try:
        from ai_interviewer.providers.recorder import import_sounddevice

        sd = import_sounddevice()
        return Check("PortAudio", True, sd.get_portaudio_version()[1])
    except InterviewError as error:
        return Check("PortAudio", False, error.one_line())


def check_input_device(choice: str | None) -> Check:
    try:
        from ai_interviewer.providers.recorder import list_devices, resolve_input_device

        device = resolve_input_device(
            int(choice) if choice and choice.isdigit() else choice, list_devices()
        )
        return Check("Microphone", True, f"[{device.index}] {device.name}")
    except InterviewError as error:
        return Check("Microphone", False, f"{error.one_line()}; --text works without one")


def check_output_device() -> Check:
    try:
        from ai_interviewer.providers.playback import open_player

        player, reason = open_player("auto")
    except InterviewError as error:
        return Check("Speaker", False, error.one_line(), needed=False)
    if reason:
        return Check("Speaker", False, f"{reason}; questions will be shown only", needed=False)
    return Check("Speaker", True, f"{player.name} audio output")


def check_voice() -> Check:
    try:
        from ai_interviewer.providers.tts_system import SystemSpeaker

        SystemSpeaker().check()
        return Check("Interviewer voice", True, "system voice (offline)")
    except InterviewError as error:
        return Check("Interviewer voice", False, error.one_line(), needed=False)


def check_whisper(model: str) -> Check:
    try:
        from ai_interviewer.providers.stt_whisper import WhisperTranscriber

        transcriber = WhisperTranscriber(model=model)
        transcriber.preload()
        return Check("Speech to text", True, f"{transcriber.name} (local)")
    except InterviewError as error:
        return Check("Speech to text", False, error.one_line())


def check_keys(present: dict[str, bool]) -> Check:
    have = [name for name, ok in present.items() if ok]
    detail = ("set: " + ", ".join(have)) if have else "none set: offline mode"
    return Check("API keys", True, detail, needed=False)


def check_model(settings: Settings, network: bool) -> Check:
    """The model that would score, where it is served, and one timed call: first token and
    tokens per second. A model on this machine is tried even with --no-network."""
    from ai_interviewer.config import is_local_model

    name = "Language model"
    model, offline_reason = settings.chosen_model()
    if model is None:
        why = offline_reason or "--llm offline"
        return Check(name, True, f"none: the offline rubric scores ({why})", needed=False)
    local = is_local_model(model, settings.llm_api_base)
    where = f"{model} at {_model_target(model, settings.llm_api_base)}"
    where += " (this machine)" if local else " (cloud)"
    if not network and not local:
        return Check(name, True, f"{where}: not tried (--no-network)", needed=False)
    return _measure_model(settings, model, where)


def _model_target(model: str, api_base: str | None) -> str:
    from ai_interviewer.providers.llm import display_target

    return display_target(model, api_base)


def _measure_model(settings: Settings, model: str, where: str) -> Check:
    import asyncio

    from ai_interviewer.interview.setup import make_llm_client
    from ai_interviewer.providers.llm import LLMError

    client = make_llm_client(settings, model)
    limits = client.limits
    waits = (
        f"waits {limits.first_token_s:g} s for a first token, {limits.stall_s:g} s between "
        f"tokens; {limits.concurrency} call{'s' if limits.concurrency > 1 else ''} at once"
    )
    try:
        call = asyncio.run(client.probe(PROBE_PROMPT, max_tokens=PROBE_TOKENS))
    except LLMError as error:
        return Check("Language model", False, f"{where}: {error.one_line()}", needed=False)
    rate = f"{call.tokens_per_s:.1f} tokens/s" if call.tokens_per_s else "tokens/s not measured"
    first = f"first token {call.first_token_s:.2f} s, " if call.first_token_s is not None else ""
    measured = f"{call.completion_tokens} tokens in {call.seconds:.2f} s ({first}{rate})"
    return Check("Language model", True, f"{where}: {measured}; {waits}", needed=False)


def check_data_folder(home: Path) -> Check:
    try:
        make_private_dir(home)
        with tempfile.NamedTemporaryFile(dir=home, prefix=".doctor-", delete=True):
            pass
        return Check("Data folder", True, f"{home} (writable)")
    except OSError as error:
        return Check("Data folder", False, f"{home}: {error.strerror or error}")


def check_service(name: str, env_var: str, default: str, timeout: float = 2.0) -> Check:
    url = os.environ.get(env_var) or default
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme in ("https", "wss") else 80)
    except ValueError:  # a port that is not a number or out of range, a broken IPv6 address
        host, port = "", 0
    if not host:
        return Check(name, False, f"{env_var} is not a URL like https://host", needed=False)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            pass
        return Check(name, True, f"{host}:{port} answers", needed=False)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        return Check(
            name,
            False,
            f"{host}:{port} unreachable ({reason}); offline parts stand in",
            needed=False,
        )


def check_edge_voices() -> Check:
    """Whether Edge's voice list answers, and whether the named voices are in it."""
    import asyncio

    from ai_interviewer.providers.tts_edge import NAMED_VOICES, list_voices

    try:
        voices = asyncio.run(list_voices(timeout=3.0))
    except InterviewError as error:
        return Check(
            "Edge voices", False, f"{error.message}; the system voice stands in", needed=False
        )
    ids = {voice.id for voice in voices}
    missing = [name for name, voice_id in NAMED_VOICES.items() if voice_id not in ids]
    detail = f"{len(voices)} voices" + (f"; missing: {', '.join(missing)}" if missing else "")
    return Check("Edge voices", not missing, detail, needed=False)
