"""`ai-interview retry` through the installed command: the weakest question answered again, the
attempts side by side in the terminal and in the report, every file private."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import EXAMPLES, not_private, run_cli, sessions

RESUME = str(EXAMPLES / "resume.pdf")
JD = str(EXAMPLES / "job_description.txt")
STRONG = (
    "At Northwind I owned the order service. Traffic tripled and PostgreSQL queries timed out. "
    "I profiled them, added partial indexes and moved hot reads to Redis, and p95 latency fell "
    "from 800 ms to 120 ms, which cut database cost by 30 percent."
)


@pytest.mark.usefixtures("shell_umask")
def test_retry_of_the_weakest_question_shows_both_attempts(isolated_environment: Path) -> None:
    """A typed interview of a strong and a weak answer, then `retry latest --question weakest
    --offline --text`: attempt 2 of q02 in the terminal report and in every report file, beside
    the first; the session's overall unchanged; every file 0600 and folder 0700."""
    run = run_cli(
        "run", RESUME, "--jd", JD, "--text", "-n", "2", "--seed", "7",
        stdin=f"{STRONG}\nIt went fine.\n",
    )  # fmt: skip
    assert run.code == 0, run.stderr
    [folder] = sessions(isolated_environment)
    before = json.loads((folder / "session.json").read_text())
    weakest = min(before["turns"], key=lambda t: t["evaluation"]["overall"])["question"]["id"]

    retried = run_cli(
        "retry", "latest", "--question", "weakest", "--offline", "--text", stdin=f"{STRONG}\n"
    )

    assert retried.code == 0, retried.stderr
    assert f"Retrying {weakest} of {folder.name}: attempt 2" in retried.stderr
    assert "Attempt 2 (retry)" in retried.stdout and "Improved: Overall" in retried.stdout
    assert f"{weakest} side by side" in retried.stdout
    after = json.loads((folder / "session.json").read_text())
    assert [(t["question"]["id"], t["attempt"]) for t in after["turns"]][-1] == (weakest, 2)
    assert after["status"] == "complete"
    assert after["report"]["overall"] == before["report"]["overall"]
    html = (folder / "report.html").read_text()
    assert '<table class="attempts">' in html and "Attempt 2 (retry)" in html
    assert "Attempt 2 (retry)" in (folder / "report.md").read_text()
    assert [t["attempt"] for t in json.loads((folder / "report.json").read_text())["turns"]][
        -1
    ] == 2
    assert not_private(isolated_environment) == []


def test_retry_of_a_question_not_asked_is_one_line(isolated_environment: Path) -> None:
    run = run_cli("run", RESUME, "--jd", JD, "--text", "-n", "1", stdin=f"{STRONG}\n")
    assert run.code == 0, run.stderr

    result = run_cli("retry", "--question", "5", "--text", stdin=f"{STRONG}\n")

    assert result.code == 2
    assert "asked no question '5'; it asked q01" in result.stderr
    assert "Traceback" not in result.stderr
