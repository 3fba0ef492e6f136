"""Practising several times through the installed command: the sessions listed, the progress
across them, purging them, and every file written on the way private to its user."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from cli_helpers import EXAMPLES, not_private, run_cli, sessions

RESUME = str(EXAMPLES / "resume.pdf")
JD = str(EXAMPLES / "job_description.txt")
WEAK = ["I did some work on databases.", "We used Kubernetes.", "It went fine."]
STRONG = [
    "At Northwind I owned the order service. Traffic tripled and PostgreSQL queries timed out. "
    "I profiled them, added partial indexes and moved hot reads to Redis, and p95 latency fell "
    "from 800 ms to 120 ms, which cut database cost by 30 percent.",
    "I led the migration of twelve services to Kubernetes on AWS: I wrote the Helm charts, set "
    "up CI/CD in GitHub Actions and mentored two engineers, and deploys went from weekly to "
    "daily with no outage.",
    "When a teammate wanted to shard the database early, I measured our growth, showed that "
    "one replica would last two years, and we agreed to revisit it; that saved a quarter.",
]
SECRET = "Quokka-Zanzibar-7731"


def _typed_run(*answers: str, questions: int = 3) -> None:
    """A typed interview; the input ends after the answers given (the rest ends it early)."""
    result = run_cli(
        "run", RESUME, "--jd", JD, "--text", "-n", str(questions), "--seed", "7",
        stdin="".join(f"{answer}\n" for answer in answers),
    )  # fmt: skip
    assert result.code == 0, result.stderr


def _history_rows(home: Path) -> int:
    db = sqlite3.connect(home / "history.db")
    try:
        return sum(
            db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("sessions", "turns", "scores", "measures")
        )
    finally:
        db.close()


def test_three_sessions_show_their_progress_and_the_unfinished_one(
    isolated_environment: Path,
) -> None:
    """Weak answers, then strong ones, then one strong answer and the input ends: `sessions`
    lists the three with the one that ended early marked and its resume command; `progress`
    shows each measure's trend over the three, in the terminal and as JSON."""
    _typed_run(*WEAK)
    _typed_run(*STRONG)
    _typed_run(STRONG[0])
    first, second, third = (folder.name for folder in sessions(isolated_environment))

    listed = run_cli("sessions")
    assert listed.code == 0, listed.stderr
    assert "Sessions (3, newest first)" in listed.stdout
    assert listed.stdout.count("complete") == 2
    assert "ended early" in listed.stdout
    assert f"ai-interview resume {third}" in listed.stdout
    assert f"ai-interview resume {first}" not in listed.stdout

    shown = run_cli("progress")
    assert shown.code == 0, shown.stderr
    assert "Progress over 3 sessions" in shown.stdout
    [overall] = [line for line in shown.stdout.splitlines() if "Overall (/100)" in line]
    trend = overall.split()[2]
    assert len(trend) == 3 and trend[0] == "▁", overall
    assert "better" in overall

    as_json = run_cli("progress", "--json")
    assert as_json.code == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    assert [s["id"] for s in data["sessions"]] == [first, second, third]
    values = data["trends"][0]["values"]
    assert data["trends"][0]["measure"] == "overall"
    assert values[0] < values[1], values
    assert data["trends"][0]["verdict"] == "better"


def test_purge_all_leaves_no_recording_report_or_history_row(isolated_environment: Path) -> None:
    """After two interviews, `purge --all --yes`: no session folder, no history row, and the
    answers' words in no byte of the history database."""
    _typed_run(f"My badge number was {SECRET}. {STRONG[0]}", questions=1)
    _typed_run(*STRONG)
    assert len(sessions(isolated_environment)) == 2

    result = run_cli("purge", "--all", "--yes")

    assert result.code == 0, result.stderr
    assert "Deleted 2 sessions" in result.stderr
    assert sessions(isolated_environment) == []
    assert _history_rows(isolated_environment) == 0
    for path in isolated_environment.glob("history.db*"):
        assert SECRET.encode() not in path.read_bytes(), path.name
    listed = run_cli("sessions")
    assert listed.stdout == "" and "No sessions yet" in listed.stderr


@pytest.mark.usefixtures("shell_umask")
def test_every_file_any_command_writes_is_private(
    isolated_environment: Path, tmp_path: Path
) -> None:
    """From a shell whose umask leaves files readable by others: a typed run cut short, its
    `resume`, a `score`, `sessions`, `progress` and a `purge` of one session leave every folder
    of the data folder 0700 and every file 0600 (reports, log, history and its journal)."""
    _typed_run(STRONG[0])
    resumed = run_cli("resume", "--text", stdin=f"{STRONG[1]}\n{STRONG[2]}\n")
    assert resumed.code == 0, resumed.stderr
    _typed_run(*WEAK)
    answers = tmp_path / "answers"
    answers.mkdir()
    with (answers / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "question", "transcript"])
        writer.writerow(["q1", "Tell me about a slow query you fixed.", STRONG[0]])
    scored = run_cli("score", str(answers), "--resume", RESUME, "--jd", JD, "--csv")
    assert scored.code == 0, scored.stderr
    for command in (("sessions",), ("progress",), ("purge", "latest", "--yes")):
        assert run_cli(*command).code == 0, command

    assert len(sessions(isolated_environment)) == 1
    assert (isolated_environment / "history.db").is_file()
    assert not_private(isolated_environment) == []
