"""Nothing lost when the interview is stopped: a complete answer being transcribed when Ctrl-C
or SIGTERM arrives is on disk and in the session, `resume` scores it, and it is not asked again.
The transcription is held by a (fake) Speechmatics batch service until the signal is sent."""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
from pathlib import Path
from typing import Any

import pytest

from cli_helpers import EXAMPLES, RunningInterview, run_cli, sessions
from fakes.openai_server import OpenAIServer, Reply
from fakes.scripted_model import ScriptedModel, purpose_of
from fakes.speechmatics_servers import running_batch_server

pytestmark = pytest.mark.slow

RECORDING = "q4-kubernetes.wav"
QUESTION = "How have you used Kubernetes and CI/CD to ship safely? Walk me through an example."


@pytest.fixture
def one_answer(tmp_path: Path) -> Path:
    folder = tmp_path / "answers"
    folder.mkdir()
    shutil.copy(EXAMPLES / "answers" / RECORDING, folder / RECORDING)
    (folder / "manifest.csv").write_text(
        f'file,kind,question\n{RECORDING},requirement,"{QUESTION}"\n'
    )
    return folder


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_complete_answer_stopped_in_transcription_is_scored_on_resume(
    one_answer: Path, isolated_environment: Path, signum: int, code: int
) -> None:
    """Stopped while its answer is with the transcription service: the run says so in one line,
    exits with 128 + the signal, keeps the recording as a saved answer; resume scores it from
    disk without asking the question again."""
    documents = [str(EXAMPLES / "resume.pdf"), "--jd", str(EXAMPLES / "job_description.txt")]
    with running_batch_server(processing_seconds=600) as server:
        env = {
            **os.environ,
            "SPEECHMATICS_API_KEY": server.api_key,
            "SPEECHMATICS_BATCH_URL": server.url,
        }
        args = [*documents, "--answers", str(one_answer), "--stt", "speechmatics", "--tts",
                "none", "--llm", "offline"]  # fmt: skip
        running = RunningInterview(args, env)
        assert server.submitted.wait(120), "".join(running.stderr)
        running.process.send_signal(signum)
        assert running.finish() == code
    stderr = "".join(running.stderr)
    assert "every complete answer is kept" in stderr
    [folder] = sessions(isolated_environment)
    session = json.loads((folder / "session.json").read_text())
    [turn] = session["turns"]
    assert turn["status"] == "recorded"
    assert (folder / turn["answer_audio"]).stat().st_size > 0

    resumed = run_cli("resume", "--stt", "whisper", "--tts", "none", "--llm", "offline")
    assert resumed.code == 0, resumed.stderr
    session = json.loads((folder / "session.json").read_text())
    assert session["status"] == "complete"
    [turn] = session["turns"]  # scored from disk, not asked again
    assert turn["status"] == "scored"
    assert "kubernetes" in turn["transcript"]["text"].lower()


def test_a_complete_answer_stopped_while_the_model_scores_it_is_scored_on_resume(
    one_answer: Path, isolated_environment: Path, openai_server: OpenAIServer
) -> None:
    """Ctrl-C while the model holds the answer's evaluation: the transcribed answer stays saved,
    the run ends at once with 130, and resume scores it without asking it again."""
    scripted = ScriptedModel()
    scoring, release = threading.Event(), threading.Event()

    def holding_the_evaluation(request: dict[str, Any]) -> Reply:
        if purpose_of(request) in ("evaluate", "next"):
            scoring.set()
            release.wait(60)
        return scripted(request)

    openai_server.handler = holding_the_evaluation
    env = {
        **os.environ,
        "LLM_MODEL": "openai/fake-model",
        "LLM_API_BASE": openai_server.base_url,
        "LLM_API_KEY": "sk-test-key-000",
    }
    documents = [str(EXAMPLES / "resume.pdf"), "--jd", str(EXAMPLES / "job_description.txt")]
    args = [*documents, "--answers", str(one_answer), "--stt", "whisper", "--tts", "none"]
    running = RunningInterview(args, env)
    try:
        assert scoring.wait(120), "".join(running.stderr)
        running.process.send_signal(signal.SIGINT)
        assert running.finish() == 130
    finally:
        release.set()
    assert "every complete answer is kept" in "".join(running.stderr)
    [folder] = sessions(isolated_environment)
    [turn] = json.loads((folder / "session.json").read_text())["turns"]
    assert turn["status"] == "transcribed" and "kubernetes" in turn["transcript"]["text"].lower()

    resumed = run_cli("resume", "--tts", "none", "--llm", "offline")
    assert resumed.code == 0, resumed.stderr
    session = json.loads((folder / "session.json").read_text())
    [turn] = session["turns"]  # scored from what was saved, not asked again
    assert session["status"] == "complete" and turn["status"] == "scored"
