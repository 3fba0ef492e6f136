"""Shared test set-up: loopback-only network, an isolated home, no developer .env, plain output."""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


class NetworkBlocked(AssertionError):
    """A test tried to reach something that is not on this machine."""


def _is_allowed(sock: socket.socket, address: object) -> bool:
    if sock.family == getattr(socket, "AF_UNIX", None):
        return True  # local sockets: the PulseAudio server, for one
    host = address[0] if isinstance(address, tuple) else address
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: object) -> None:
    if not _is_allowed(self, address):
        raise NetworkBlocked(f"test tried to connect to {address!r}: only loopback is allowed")
    return _real_connect(self, address)  # type: ignore[arg-type]


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if not _is_allowed(self, address):
        raise NetworkBlocked(f"test tried to connect to {address!r}: only loopback is allowed")
    return _real_connect_ex(self, address)  # type: ignore[arg-type]


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own data folder, no .env of the developer's, no keys, plain output."""
    home = tmp_path / "home"
    monkeypatch.setenv("AI_INTERVIEWER_HOME", str(home))
    monkeypatch.setenv("AI_INTERVIEWER_NO_DOTENV", "1")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    # a voice or transcription service tried by a subprocess (no guard there) fails on loopback
    unreachable = "http://127.0.0.1:9/"
    monkeypatch.setenv("EDGE_TTS_URL", unreachable + "edge/v1?TrustedClientToken=x")
    monkeypatch.setenv("EDGE_TTS_VOICES_URL", unreachable + "voices/list")
    monkeypatch.setenv("SPEECHMATICS_BATCH_URL", unreachable + "v2")
    monkeypatch.setenv("SPEECHMATICS_RT_URL", "ws://127.0.0.1:9/v2")
    for key in (
        "MISTRAL_API_KEY",
        "OPENAI_API_KEY",
        "ANTHROPIC_API_KEY",
        "LLM_API_KEY",
        "SPEECHMATICS_API_KEY",
        "LLM_MODEL",
        "LLM_API_BASE",
        "AI_INTERVIEWER_LLM",
        "OPENROUTER_API_KEY",
        "GEMINI_API_KEY",
        "GROQ_API_KEY",
        "DEEPSEEK_API_KEY",
        "TOGETHERAI_API_KEY",
        "LLM_CONNECT_TIMEOUT",
        "LLM_FIRST_TOKEN_TIMEOUT",
        "LLM_STALL_TIMEOUT",
        "LLM_CONCURRENCY",
    ):
        monkeypatch.delenv(key, raising=False)
    yield home


@pytest.fixture
def shell_umask() -> Iterator[None]:
    """The umask most shells start with (022), inherited by the commands a test runs: a file
    the tool does not make private explicitly would come out readable by others."""
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


# === Virtual audio and offline speech (owned by the audio providers) ============================
# `virtual_audio`: a private PulseAudio server with a virtual microphone, for the whole session.
#   It exports PULSE_SERVER & co. into os.environ and re-initialises sounddevice so this process
#   records from `vmic`; for a subprocess pass `virtual_audio.subprocess_env()` (or merge
#   `virtual_audio.env`). Play into the mic with `virtual_audio.play_into_mic(wav)`.
# `speech_wav`: a factory, `speech_wav("text", rate=150) -> Path`, speaking with SystemSpeaker.

import sys as _sys  # noqa: E402
from collections.abc import Callable as _Callable  # noqa: E402

from virtual_audio import VirtualAudio, missing_binaries  # noqa: E402


@pytest.fixture(scope="session")
def virtual_audio() -> Iterator[VirtualAudio]:
    if "pulseaudio" in missing_binaries():
        pytest.skip("pulseaudio is not installed (apt install pulseaudio pulseaudio-utils)")
    audio = VirtualAudio.start()
    audio.reinitialize_sounddevice()
    try:
        yield audio
    finally:
        audio.stop()
        if "sounddevice" in _sys.modules:
            audio.reinitialize_sounddevice()


@pytest.fixture
def speech_wav(tmp_path: Path) -> _Callable[..., Path]:
    from ai_interviewer.providers.tts_system import SystemSpeaker

    made: list[Path] = []

    def make(text: str, rate: int = 150, voice: str | None = None) -> Path:
        path = tmp_path / f"speech-{len(made) + 1:02d}.wav"
        made.append(SystemSpeaker(voice=voice, rate=rate).speak_to_file(text, path))
        return path

    return make


# === The fake OpenAI-compatible server (owned by the LLM adapter) ================================
from fakes.openai_server import OpenAIServer, running_openai_server  # noqa: E402


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    with running_openai_server() as server:
        yield server


# === A real local model (llama.cpp's server with SmolLM2-135M, from PyPI wheels) ================
import real_model as _real_model  # noqa: E402


@pytest.fixture(scope="session")
def smollm2_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[_real_model.LlamaServer]:
    """llama.cpp serving SmolLM2 on a free loopback port for the whole session, two slots (the
    default concurrency for a local model), stopped at the end."""
    reason = _real_model.missing()
    if reason is not None:
        pytest.skip(f"no real local model: {reason}")
    log = tmp_path_factory.mktemp("llama") / "server.log"
    server = _real_model.LlamaServer.start(log, parallel=2)
    try:
        yield server
    finally:
        server.stop()
