"""Modes that combine: typed answers with spoken questions, a job description from standard
input with typed answers, and --offline whatever keys are set."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cli_helpers import EXAMPLES, run_cli, sessions

DOCUMENTS = (str(EXAMPLES / "resume.pdf"), "--jd", str(EXAMPLES / "job_description.txt"))
ANSWER = (
    "At my last job our checkout slowed down every sale. I profiled the queries and added two "
    "indexes, and the slowest page went from four seconds to under one."
)


def test_typed_answers_with_a_chosen_voice_hear_the_questions(isolated_environment: Path) -> None:
    """--text --tts system: the questions are spoken (their audio is in the session) and the
    answers typed."""
    env = {"SDL_AUDIODRIVER": "dummy"}
    result = run_cli("run", *DOCUMENTS, "--text", "--tts", "system", "--questions", "1",
                     stdin=ANSWER + "\n", env=env)  # fmt: skip
    assert result.code == 0, result.stderr
    [folder] = sessions(isolated_environment)
    session = json.loads((folder / "session.json").read_text())
    [turn] = session["turns"]
    assert turn["status"] == "scored"
    assert turn["question_audio"] and (folder / turn["question_audio"]).is_file()
    assert session["providers"]["answers"] == "keyboard"


def test_typed_answers_alone_print_the_questions(isolated_environment: Path) -> None:
    """--text without --tts: no audio at all."""
    result = run_cli("run", *DOCUMENTS, "--text", "--questions", "1", stdin=ANSWER + "\n")
    assert result.code == 0, result.stderr
    [folder] = sessions(isolated_environment)
    [turn] = json.loads((folder / "session.json").read_text())["turns"]
    assert turn["question_audio"] is None


def test_job_description_from_stdin_and_typed_answers_need_a_terminal(
    isolated_environment: Path,
) -> None:
    """`cat jd | run --jd - --text` with no terminal to type in: refused in one line before any
    session exists (it used to end at once with nothing answered and exit 0)."""
    jd = (EXAMPLES / "job_description.txt").read_text()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ai_interviewer",
            "run",
            str(EXAMPLES / "resume.pdf"),
            "--jd",
            "-",
            "--text",
        ],
        input=jd,
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        start_new_session=True,  # no controlling terminal, as under cron or CI
        timeout=120,
    )
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "standard input" in lines[0]
    assert sessions(isolated_environment) == []


def test_offline_keeps_everything_on_the_machine_whatever_keys_are_set(
    isolated_environment: Path,
) -> None:
    """--offline: the offline rubric, local parts only, and the start line says so, even with
    a model's key and a transcription key in the environment."""
    env = {"MISTRAL_API_KEY": "sk-fake-mistral", "SPEECHMATICS_API_KEY": "fake-sm"}
    result = run_cli("run", *DOCUMENTS, "--text", "--offline", "--questions", "1",
                     stdin=ANSWER + "\n", env=env)  # fmt: skip
    assert result.code == 0, result.stderr
    assert "Offline: nothing leaves this machine" in result.stderr
    [folder] = sessions(isolated_environment)
    session = json.loads((folder / "session.json").read_text())
    assert session["providers"]["scoring"] == "offline estimate"
    assert session["turns"][0]["evaluation"]["scorer"] == "offline"
    assert "sk-fake-mistral" not in (folder / "session.json").read_text()
