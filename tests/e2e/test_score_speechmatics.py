"""`score` with Speechmatics batch: the recordings go to the (fake) service; when it is down,
local Whisper takes over with one notice and every file is still scored."""

from __future__ import annotations

import json

import pytest

from cli_helpers import EXAMPLES, run_cli
from fakes.speechmatics_servers import running_batch_server

pytestmark = pytest.mark.slow

ARGS = (
    "score",
    str(EXAMPLES / "answers"),
    "--resume",
    str(EXAMPLES / "resume.pdf"),
    "--jd",
    str(EXAMPLES / "job_description.txt"),
    "--json",
    "--llm",
    "offline",
)


def test_score_sends_each_recording_to_batch() -> None:
    with running_batch_server() as server:
        env = {"SPEECHMATICS_API_KEY": server.api_key, "SPEECHMATICS_BATCH_URL": server.url}
        result = run_cli(*ARGS, env=env)
    assert result.code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == len(server.jobs) == 5
    assert {row["evaluation"]["scorer"] for row in rows} == {"offline"}


def test_score_with_a_wrong_key_falls_back_to_whisper_once() -> None:
    with running_batch_server() as server:
        env = {"SPEECHMATICS_API_KEY": "not-the-key", "SPEECHMATICS_BATCH_URL": server.url}
        result = run_cli(*ARGS, env=env)
    assert result.code == 0, result.stderr
    assert len(json.loads(result.stdout)) == 5
    assert result.stderr.count("transcribes from here on") == 1
    assert "not-the-key" not in result.stderr
