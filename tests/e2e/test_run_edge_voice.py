"""The interviewer's Edge voice, end to end: the real SDK against the fake Edge server, played
through pygame to the virtual speaker; a failing Edge hands over to the system voice."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile

from cli_helpers import EXAMPLES, run_cli, sessions
from fakes.edge_server import running_edge_server
from virtual_audio import VirtualAudio

pytestmark = [pytest.mark.audio, pytest.mark.slow]

DOCS = ("run", str(EXAMPLES / "resume.pdf"), "--jd", str(EXAMPLES / "job_description.txt"))


def _loudness(path: Path) -> float:
    data, _ = soundfile.read(str(path), dtype="float32", always_2d=True)
    return float(np.sqrt(np.mean(data**2))) if len(data) else 0.0


def _typed_run(env: dict[str, str], *extra: str) -> dict[str, object]:
    result = run_cli(
        *DOCS, "--stt", "text", "--llm", "offline", "-n", "1", *extra, stdin="/quit\n", env=env
    )
    assert result.code == 0, result.stderr
    return {"stderr": result.stderr}


def test_questions_in_the_edge_voice_reach_the_speaker(
    virtual_audio: VirtualAudio, isolated_environment: Path, tmp_path: Path
) -> None:
    capture_path = tmp_path / "speaker.wav"
    with running_edge_server(mode="slow", frame_delay=0.02) as server:
        env = {**virtual_audio.subprocess_env(), "EDGE_TTS_URL": server.ws_url}
        capture = virtual_audio.record_speaker(capture_path)
        _typed_run(env, "--tts", "edge", "--voice", "sonia", "--rate", "+10%")
        virtual_audio.finish(capture)
        requests = list(server.requests)
    [folder] = sessions(isolated_environment)
    session = json.loads((folder / "session.json").read_text())
    [turn] = session["turns"]
    assert turn["question_audio"].endswith(".mp3")
    assert len(requests) == len(turn["question_audio_parts"]) >= 1
    assert "SoniaNeural" in requests[0].voice and requests[0].rate == "+10%"
    assert session["providers"]["voice"] == "edge" and session["providers"]["playback"] == "pygame"
    assert _loudness(capture_path) > 0.005, "the question was heard on the speaker"
    assert not any("system voice speaks" in n for n in session["notices"])


def test_a_cut_short_edge_stream_hands_over_to_the_system_voice(
    virtual_audio: VirtualAudio, isolated_environment: Path
) -> None:
    with running_edge_server(mode="truncated") as server:
        env = {**virtual_audio.subprocess_env(), "EDGE_TTS_URL": server.ws_url}
        _typed_run(env, "--tts", "auto")
    [folder] = sessions(isolated_environment)
    session = json.loads((folder / "session.json").read_text())
    [turn] = session["turns"]
    assert turn["question_audio"].endswith(".wav"), "spoken by the system voice instead"
    assert soundfile.info(str(folder / turn["question_audio"])).duration > 0.5
    notices = [n for n in session["notices"] if "system voice speaks from here on" in n]
    assert len(notices) == 1
    assert "stopped early" in notices[0]


def test_voices_lists_what_the_service_offers(isolated_environment: Path) -> None:
    with running_edge_server() as server:
        result = run_cli(
            "voices", "--locale", "en-GB", env={"EDGE_TTS_VOICES_URL": server.voices_url}
        )
    assert result.code == 0, result.stderr
    assert "Edge voices" in result.stdout and "en-GB-SoniaNeural" in result.stdout
    assert "en-US-AriaNeural" not in result.stdout


def test_voices_without_a_filter_is_a_short_list_that_says_how_to_see_more() -> None:
    """No filter: the four named Edge voices (listed without the network) and the system's
    English voices only, then how to list every voice of a language or every voice."""
    result = run_cli("voices")
    assert result.code == 0, result.stderr
    assert "Named Edge voices" in result.stdout
    for voice in ("GuyNeural", "AriaNeural", "NatashaNeural", "SoniaNeural"):
        assert voice in result.stdout
    if "System voices" in result.stdout:  # with espeak-ng: English only
        assert "English" in result.stdout
        assert "Klingon" not in result.stdout and "Quenya" not in result.stdout
    assert "unreachable" not in result.stderr, "the named voices need no network"
    assert "ai-interview voices --locale" in result.stderr and "--all" in result.stderr


def test_voices_for_an_unknown_locale_is_one_line_and_exit_2() -> None:
    """A locale no voice speaks: one error line saying so, exit 2, no empty tables."""
    result = run_cli("voices", "--locale", "xx")
    assert result.code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("error: no voice speaks --locale 'xx'")
