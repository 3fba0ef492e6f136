"""A spoken interview with Speechmatics: the real recorder streams the virtual microphone to the
fake real-time server while the candidate speaks; when the live path fails, the saved recording
goes to batch, and when that fails too, to local Whisper. Nothing is lost on the way."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from cli_helpers import EXAMPLES, RunningInterview, sessions
from fakes.edge_server import running_edge_server
from fakes.openai_server import closed_port
from fakes.speechmatics_servers import (
    BatchServer,
    RtServer,
    running_batch_server,
    running_rt_server,
)
from virtual_audio import VirtualAudio, envelope_similarity

pytestmark = [pytest.mark.audio, pytest.mark.slow]

ANSWER = "I led the migration of our services, and it took three weeks from start to finish."


def _start(env: dict[str, str], *extra: str) -> RunningInterview:
    args = [
        str(EXAMPLES / "resume.pdf"),
        "--jd",
        str(EXAMPLES / "job_description.txt"),
        "--questions",
        "1",
        "--stt",
        "speechmatics",
        "--llm",
        "offline",
        "--silence-seconds",
        "1.2",
        "--max-answer-seconds",
        "40",
        *extra,
    ]
    return RunningInterview(args, env)


@pytest.fixture
def speechmatics(
    virtual_audio: VirtualAudio, isolated_environment: Path
) -> Iterator[Callable[..., tuple[dict[str, str], RtServer, BatchServer]]]:
    """Fake Speechmatics servers of both kinds, and the environment pointing the app at them."""
    stack: list[object] = []

    def make(rt_mode: str = "normal", batch_url: str | None = None):  # type: ignore[no-untyped-def]
        rt_cm, batch_cm = running_rt_server(mode=rt_mode), running_batch_server()
        rt, batch = rt_cm.__enter__(), batch_cm.__enter__()
        stack.extend([rt_cm, batch_cm])
        env = virtual_audio.subprocess_env()
        env.update(
            {
                "SPEECHMATICS_API_KEY": rt.api_key,
                "SPEECHMATICS_RT_URL": rt.url,
                "SPEECHMATICS_BATCH_URL": batch_url or batch.url,
            }
        )
        return env, rt, batch

    yield make
    for cm in reversed(stack):
        cm.__exit__(None, None, None)  # type: ignore[attr-defined]


def _answer_once(running: RunningInterview, virtual_audio: VirtualAudio, wav: Path) -> None:
    running.wait_for_line("Recording: speak now")
    virtual_audio.play_into_mic(wav, wait=True)
    running.wait_for_line("Recorded ")
    assert running.finish() == 0, "".join(running.stderr)


def _session(home: Path) -> tuple[Path, dict[str, object]]:
    [folder] = sessions(home)
    return folder, json.loads((folder / "session.json").read_text())


def test_live_transcript_streamed_while_speaking(
    virtual_audio: VirtualAudio,
    speech_wav: Callable[..., Path],
    speechmatics: Callable[..., tuple[dict[str, str], RtServer, BatchServer]],
    isolated_environment: Path,
    tmp_path: Path,
) -> None:
    """The whole cloud path: the question in the Edge voice reaches the virtual speaker; the
    microphone's audio reaches the real-time server as it is spoken; the final transcript (with
    its "um") is the turn's; the saved WAV is what was played; no batch job is needed."""
    env, rt, batch = speechmatics()
    wav = speech_wav(ANSWER)
    heard = tmp_path / "speaker.wav"
    with running_edge_server() as edge:
        env["EDGE_TTS_URL"] = edge.ws_url
        capture = virtual_audio.record_speaker(heard)
        running = _start(env, "--tts", "edge")
        _answer_once(running, virtual_audio, wav)
        virtual_audio.finish(capture)
        assert len(edge.requests) >= 1
    data, _ = soundfile.read(str(heard), dtype="float32", always_2d=True)
    assert float(np.sqrt(np.mean(data**2))) > 0.005, "the question was heard on the speaker"
    folder, session = _session(isolated_environment)
    assert session["providers"]["voice"] == "edge"  # type: ignore[index]
    [turn] = session["turns"]  # type: ignore[misc]
    assert turn["status"] == "scored"
    assert turn["transcript"]["source"] == "speechmatics-rt"
    assert "um" in turn["transcript"]["text"].lower()
    assert turn["evaluation"]["delivery"]["fillers"] >= 1
    assert "stt_final" in turn["timings"]
    assert rt.start_config["audio_format"]["sample_rate"] == 16000
    played, rate = soundfile.read(str(wav), dtype="float32")
    streamed_seconds = len(rt.audio) / 2 / 16000
    assert streamed_seconds > len(played) / rate * 0.9, "the whole answer was streamed"
    saved, saved_rate = soundfile.read(str(folder / turn["answer_audio"]), dtype="float32")
    assert envelope_similarity(played, rate, saved, saved_rate) > 0.8
    assert batch.jobs == []


def test_a_dropped_live_stream_falls_back_to_batch_on_the_saved_recording(
    virtual_audio: VirtualAudio,
    speech_wav: Callable[..., Path],
    speechmatics: Callable[..., tuple[dict[str, str], RtServer, BatchServer]],
    isolated_environment: Path,
) -> None:
    env, _rt, batch = speechmatics(rt_mode="drop")
    running = _start(env, "--tts", "none")
    _answer_once(running, virtual_audio, speech_wav(ANSWER))
    folder, session = _session(isolated_environment)
    [turn] = session["turns"]  # type: ignore[misc]
    assert turn["status"] == "scored"
    assert turn["transcript"]["source"] == "speechmatics-batch"
    assert len(batch.jobs) == 1
    assert batch.jobs[0].file_size == (folder / turn["answer_audio"]).stat().st_size
    notices = session["notices"]
    assert any("Live transcription" in n and "saved recording" in n for n in notices)


def test_with_both_services_down_local_whisper_transcribes(
    virtual_audio: VirtualAudio,
    speech_wav: Callable[..., Path],
    speechmatics: Callable[..., tuple[dict[str, str], RtServer, BatchServer]],
    isolated_environment: Path,
) -> None:
    env, _rt, _batch = speechmatics(
        rt_mode="drop", batch_url=f"http://127.0.0.1:{closed_port()}/v2"
    )
    running = _start(env, "--tts", "none")
    _answer_once(running, virtual_audio, speech_wav(ANSWER))
    _folder, session = _session(isolated_environment)
    [turn] = session["turns"]  # type: ignore[misc]
    assert turn["status"] == "scored"
    assert turn["transcript"]["source"].startswith("whisper")
    assert "migration" in turn["transcript"]["text"].lower()
    assert any("whisper" in n for n in session["notices"])  # type: ignore[union-attr]
