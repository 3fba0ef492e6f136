"""`ai-interview doctor` through the installed command, as a user runs it: one line per check,
exit 1 only when something an interview needs is missing, keys by name only, network checks
(here always pointed at loopback) as warnings."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from ai_interviewer.cli.doctor import check_input_device
from cli_helpers import Result, run_cli
from fakes.openai_server import OpenAIServer, Reply, closed_port
from virtual_audio import VirtualAudio

CHECKS = [
    "Settings",
    "Python",
    "PortAudio",
    "Microphone",
    "Speaker",
    "Interviewer voice",
    "Speech to text",
    "API keys",
    "Language model",
    "Data folder",
]
SERVICES = [("Edge TTS", "EDGE_TTS_URL"), ("Speechmatics batch", "SPEECHMATICS_BATCH_URL")]
LLM = ("Language model", "LLM_API_BASE")
MARKS = ("ok   ", "warn ", "FAIL ")


def _lines(result: Result) -> dict[str, str]:
    """The check lines by check name; every stdout line must be one whole check."""
    assert "Traceback" not in result.stderr
    lines: dict[str, str] = {}
    for line in result.stdout.splitlines():
        assert line.startswith(MARKS), f"not a check line: {line!r}\n{result.stdout}"
        name = line[5:].split(":", 1)[0]
        assert name not in lines, result.stdout
        lines[name] = line
    return lines


def _all_on_loopback(env: dict[str, str]) -> dict[str, str]:
    """Every cloud endpoint overridden: the child process has no network guard of its own."""
    assert {var for _, var in [*SERVICES, LLM]} <= env.keys()
    return env


@pytest.fixture
def loopback_ports() -> Iterator[tuple[int, int]]:
    """(a port that accepts connections, a port that refuses them), both on 127.0.0.1."""
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    refusing = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listening.bind(("127.0.0.1", 0))
        listening.listen(8)
        refusing.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        yield listening.getsockname()[1], refusing.getsockname()[1]
    finally:
        listening.close()
        refusing.close()


@pytest.mark.audio
@pytest.mark.slow
def test_all_checks_pass_with_a_sound_server(virtual_audio: VirtualAudio) -> None:
    """With a microphone and speaker (the private PulseAudio server), `doctor --no-network`
    prints exactly one ok line per check, in order, and exits 0."""
    result = run_cli("doctor", "--no-network")

    assert result.code == 0, result.stdout + result.stderr
    lines = _lines(result)
    assert list(lines) == CHECKS
    for name in CHECKS:
        assert lines[name].startswith("ok   "), lines[name]
    assert "none set" in lines["API keys"]


@pytest.mark.audio
@pytest.mark.slow
def test_keys_are_reported_by_name_only(virtual_audio: VirtualAudio) -> None:
    """A set API key is named, its value is printed nowhere."""
    secret = "sk-test-5ecret-value-do-not-print"

    result = run_cli("doctor", "--no-network", env={"MISTRAL_API_KEY": secret})

    assert result.code == 0, result.stdout + result.stderr
    assert "MISTRAL_API_KEY" in _lines(result)["API keys"]
    assert secret not in result.stdout
    assert secret not in result.stderr
    assert secret[3:12] not in result.stdout + result.stderr


@pytest.mark.audio
@pytest.mark.slow
def test_network_checks_are_warnings(
    virtual_audio: VirtualAudio, loopback_ports: tuple[int, int]
) -> None:
    """Each cloud endpoint gets a line: "answers" when something listens, "unreachable" when
    not; an unreachable service is a warning and doctor still exits 0."""
    open_port, closed_port = loopback_ports
    env = _all_on_loopback(
        {
            "EDGE_TTS_URL": f"http://127.0.0.1:{open_port}",
            "SPEECHMATICS_BATCH_URL": f"http://127.0.0.1:{closed_port}",
            "LLM_API_BASE": f"http://127.0.0.1:{closed_port}/v1",
        }
    )

    result = run_cli("doctor", env=env)

    assert result.code == 0, result.stdout + result.stderr
    lines = _lines(result)
    assert list(lines) == [
        *CHECKS,
        "Edge TTS",
        "Speechmatics batch",
        "Speechmatics real-time",
        "Edge voices",
    ]
    assert lines["Edge TTS"].startswith("ok   ")
    assert f"127.0.0.1:{open_port} answers" in lines["Edge TTS"]
    assert lines["Language model"].startswith("warn ")
    assert "cannot reach the model" in lines["Language model"]
    assert lines["Speechmatics batch"].startswith("warn ")
    assert f"127.0.0.1:{closed_port} unreachable" in lines["Speechmatics batch"]


def _has_sound_cards() -> bool:
    cards = Path("/proc/asound/cards")
    try:
        return "no soundcards" not in cards.read_text() and bool(cards.read_text().strip())
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(
    _has_sound_cards(), reason="this machine has sound cards that ALSA lists without a server"
)
def test_no_sound_server_fails_the_microphone_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No sound server answering (PULSE_SERVER names a socket that does not exist) and no sound
    card: the microphone check FAILs pointing to --text, the speaker only warns, exit 1."""
    for key in [key for key in os.environ if key.startswith("PULSE_")]:
        monkeypatch.delenv(key)  # whatever the virtual_audio fixture exported
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path / 'no-such-server' / 'native'}")
    monkeypatch.setenv("PULSE_AUTOSPAWN", "no")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "runtime"))  # no user server either

    result = run_cli("doctor", "--no-network")

    assert result.code == 1, result.stdout + result.stderr
    lines = _lines(result)
    assert list(lines) == CHECKS
    assert lines["Microphone"].startswith("FAIL "), lines["Microphone"]
    assert "--text" in lines["Microphone"]
    assert lines["Speaker"].startswith(("warn ", "ok   ")), lines["Speaker"]
    failed = [name for name, line in lines.items() if line.startswith("FAIL ")]
    assert failed == ["Microphone"]


def test_no_input_device_check_fails_with_text_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process, on any machine: when PortAudio lists no input device, the microphone check
    fails and tells the user that --text works without one."""
    from ai_interviewer.providers import recorder

    speaker_only = recorder.DeviceInfo(
        index=0,
        name="speaker only",
        inputs=0,
        outputs=2,
        default_samplerate=48000.0,
        is_default_input=False,
        is_default_output=True,
    )
    monkeypatch.setattr(recorder, "list_devices", lambda: [speaker_only])

    check = check_input_device(None)

    assert check.name == "Microphone"
    assert not check.ok and check.needed
    assert "--text" in check.detail


@pytest.mark.audio
@pytest.mark.slow
def test_unwritable_data_folder_fails(tmp_path: Path, virtual_audio: VirtualAudio) -> None:
    """--home under a regular file (a folder that cannot be made, even as root): the data folder
    check FAILs naming the folder, and doctor exits 1."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    home = blocker / "sub"

    result = run_cli("doctor", "--no-network", "--home", str(home))

    assert result.code == 1, result.stdout + result.stderr
    lines = _lines(result)
    assert lines["Data folder"].startswith("FAIL "), lines["Data folder"]
    assert str(home) in lines["Data folder"]
    assert [name for name, line in lines.items() if line.startswith("FAIL ")] == ["Data folder"]
    assert blocker.read_text() == "not a folder"


@pytest.mark.audio
@pytest.mark.slow
def test_malformed_endpoint_is_a_warning(
    virtual_audio: VirtualAudio, loopback_ports: tuple[int, int]
) -> None:
    """An endpoint override that is not a URL (bad port, no scheme) is named in a warning
    instead of crashing doctor; the exit code stays 0."""
    _, closed_port = loopback_ports
    env = _all_on_loopback(
        {
            "EDGE_TTS_URL": "http://127.0.0.1:notaport",
            "SPEECHMATICS_BATCH_URL": f"127.0.0.1:{closed_port}",
            "LLM_API_BASE": f"http://127.0.0.1:{closed_port}",
        }
    )

    result = run_cli("doctor", env=env)

    assert result.code == 0, result.stdout + result.stderr
    lines = _lines(result)
    assert lines["Edge TTS"].startswith("warn ")
    assert "EDGE_TTS_URL" in lines["Edge TTS"] and "not a URL" in lines["Edge TTS"]
    assert lines["Speechmatics batch"].startswith("warn ")
    assert "SPEECHMATICS_BATCH_URL" in lines["Speechmatics batch"]
    assert lines["Language model"].startswith("warn ")
    assert "cannot reach the model" in lines["Language model"]


def test_the_model_line_names_the_model_where_it_runs_and_its_speed(
    openai_server: OpenAIServer,
) -> None:
    """A model on this machine is tried even with --no-network: one timed call, its first token
    and tokens per second, and the waits and concurrency that fit a local server."""
    openai_server.enqueue(Reply(content=" ".join(str(n) for n in range(1, 21)), chunk_chars=3))
    env = {"LLM_MODEL": "openai/fake-model", "LLM_API_BASE": openai_server.base_url}

    result = run_cli("doctor", "--no-network", env=env)

    line = _lines(result)["Language model"]
    assert line.startswith("ok   "), line
    assert f"openai/fake-model at {openai_server.base_url} (this machine): " in line
    assert "first token" in line and "tokens/s" in line
    assert "waits 300 s for a first token, 60 s between tokens; 2 calls at once" in line
    [request] = openai_server.completions
    assert request.json["max_tokens"] == 32


def test_a_local_server_that_is_not_running_says_how_to_start_it() -> None:
    env = {"LLM_MODEL": "ollama/llama3", "LLM_API_BASE": f"http://127.0.0.1:{closed_port()}"}

    result = run_cli("doctor", "--no-network", env=env)

    line = _lines(result)["Language model"]
    assert line.startswith("warn "), line
    assert "cannot reach the model" in line
    assert "`ollama serve`" in line and "`ollama pull llama3`" in line


def test_no_model_is_said_plainly() -> None:
    line = _lines(run_cli("doctor", "--no-network"))["Language model"]
    assert line.startswith("ok   ") and "the offline rubric scores" in line
