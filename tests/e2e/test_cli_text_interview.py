"""A whole typed interview through the installed command, as a user runs it."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from cli_helpers import EXAMPLES, run_cli, sessions

ANSWERS = [
    "At Northwind I was responsible for our order service. Traffic tripled and PostgreSQL "
    "queries timed out. I profiled them, added partial indexes and moved hot reads to Redis. "
    "As a result p95 latency fell from 800 ms to 120 ms and we cut database cost 30 percent.",
    "I led the migration of twelve services to Kubernetes on AWS. I wrote the Helm charts, set "
    "up CI/CD in GitHub Actions, and mentored two engineers; deploys went from weekly to daily.",
    "/skip",
]


def test_text_interview_writes_session_and_reports(isolated_environment: Path) -> None:
    result = run_cli(
        "run",
        str(EXAMPLES / "resume.pdf"),
        "--jd",
        str(EXAMPLES / "job_description.txt"),
        "--text",
        "--questions",
        "3",
        "--seed",
        "7",
        stdin="\n".join(ANSWERS) + "\n",
    )
    assert result.code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "offline estimate" in result.stdout
    [folder] = sessions(isolated_environment)
    session = json.loads((folder / "session.json").read_text())
    assert session["status"] == "complete"
    assert [t["status"] for t in session["turns"]] == ["scored", "scored", "skipped"]
    assert session["report"]["answered"] == 2
    for name in ("report.md", "report.html", "report.json", "session.log"):
        path = folder / name
        assert path.is_file(), name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_same_seed_gives_the_same_questions(isolated_environment: Path) -> None:
    args = (
        "run",
        str(EXAMPLES / "resume.pdf"),
        "--jd",
        str(EXAMPLES / "job_description.txt"),
        "--text",
        "--questions",
        "4",
        "--seed",
        "3",
    )
    first = run_cli(*args, stdin="/quit\n")
    second = run_cli(*args, stdin="/quit\n")
    assert first.code == second.code == 0
    plans = [
        json.loads((f / "session.json").read_text())["questions"]
        for f in sessions(isolated_environment)
    ]
    assert len(plans) == 2 and plans[0] == plans[1]


def test_end_of_input_ends_the_interview_early_with_a_report(isolated_environment: Path) -> None:
    result = run_cli(
        "run",
        str(EXAMPLES / "resume.pdf"),
        "--jd",
        str(EXAMPLES / "job_description.txt"),
        "--text",
        stdin=ANSWERS[0] + "\n",
    )
    assert result.code == 0, result.stderr
    [folder] = sessions(isolated_environment)
    session = json.loads((folder / "session.json").read_text())
    assert session["status"] == "ended_early"
    assert session["report"]["answered"] == 1


def test_job_description_from_stdin_and_from_text(isolated_environment: Path) -> None:
    jd = (EXAMPLES / "job_description.txt").read_text()
    from_text = run_cli(
        "run", str(EXAMPLES / "resume.pdf"), "--jd-text", jd, "--text", "-n", "1", stdin="/quit\n"
    )
    assert from_text.code == 0, from_text.stderr


def test_keys_never_reach_output_or_session_files(isolated_environment: Path) -> None:
    secret = "sk-test-0123456789abcdef-SECRET"
    result = run_cli(
        "run",
        str(EXAMPLES / "resume.pdf"),
        "--jd",
        str(EXAMPLES / "job_description.txt"),
        "--text",
        "-n",
        "1",
        "-v",
        "--llm",
        "offline",
        stdin=ANSWERS[0] + "\n",
        env={"MISTRAL_API_KEY": secret, "SPEECHMATICS_API_KEY": secret},
    )
    assert result.code == 0, result.stderr
    assert secret not in result.stdout + result.stderr
    for path in isolated_environment.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


def test_ctrl_c_ends_early_with_a_report_of_what_was_answered(isolated_environment: Path) -> None:
    """SIGINT while the candidate is on question 2: exit 130, the report covers question 1."""
    import os
    import signal
    import subprocess
    import sys
    import time

    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ai_interviewer",
            "run",
            str(EXAMPLES / "resume.pdf"),
            "--jd",
            str(EXAMPLES / "job_description.txt"),
            "--text",
            "-n",
            "3",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None
    process.stdin.write(ANSWERS[0] + "\n")
    process.stdin.flush()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # until question 2 is being asked
        folders = sessions(isolated_environment)
        if folders and len(_turns(folders[0])) == 2:
            break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "Traceback" not in stderr
    [folder] = sessions(isolated_environment)
    session = json.loads((folder / "session.json").read_text())
    assert session["status"] == "ended_early"
    assert [t["status"] for t in session["turns"]] == ["scored", "skipped"]
    assert session["report"]["answered"] == 1
    assert (folder / "report.md").is_file()
    assert "Interview report" in stdout


def _turns(folder: Path) -> list[object]:
    try:
        return list(json.loads((folder / "session.json").read_text())["turns"])
    except (OSError, ValueError):
        return []
