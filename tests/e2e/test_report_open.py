"""`ai-interview report --open` through the installed command: the HTML report opened in the
browser the user chose (BROWSER), nothing printed on stdout."""

from __future__ import annotations

import stat
from pathlib import Path

from cli_helpers import EXAMPLES, run_cli, sessions

ANSWER = (
    "At Northwind I owned the order service. Traffic tripled and PostgreSQL queries timed out. "
    "I added partial indexes and p95 latency fell from 800 ms to 120 ms."
)


def _typed_session(home: Path) -> Path:
    """One typed interview of a single question; its folder."""
    result = run_cli(
        "run", str(EXAMPLES / "resume.pdf"), "--jd", str(EXAMPLES / "job_description.txt"),
        "--text", "-n", "1", "--seed", "7", stdin=f"{ANSWER}\n",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    return sessions(home)[-1]


def test_open_starts_the_browser_on_the_html_report(
    tmp_path: Path, isolated_environment: Path
) -> None:
    """BROWSER names a program that records what it was asked to open: it gets the file URL of
    the latest session's report.html, written just before; stderr says what was opened."""
    latest = _typed_session(isolated_environment)
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{opened}"\n', encoding="utf-8")
    browser.chmod(stat.S_IRWXU)

    result = run_cli("report", "--open", env={"BROWSER": str(browser)})

    assert result.code == 0, result.stderr
    assert result.stdout == ""
    page = latest / "report.html"
    assert opened.read_text(encoding="utf-8") == page.resolve().as_uri() + "\n"
    assert result.stderr.endswith(f"Opened {page}\n")


def test_open_without_a_browser_says_so(tmp_path: Path, isolated_environment: Path) -> None:
    """A browser that fails to start: one line saying to open the file by hand, exit 1."""
    _typed_session(isolated_environment)
    result = run_cli("report", "--open", env={"BROWSER": str(tmp_path / "no-such-browser")})
    assert result.code == 1
    assert result.stderr.splitlines()[-1].startswith("error: no browser could be started for ")
