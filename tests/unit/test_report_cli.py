"""`ai-interview report [ID|latest] [--format md|html|json]`: a session's report made again from
its session.json with the current renderers, written to its folder and printed."""

from __future__ import annotations

import json
import re
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from history_samples import START, save_session, scored_turn, three_sessions

from ai_interviewer.cli.app import run_app
from ai_interviewer.core.models import Report
from ai_interviewer.storage.history import History
from ai_interviewer.storage.session import SessionStore

REPORT_FILES = ["report.html", "report.json", "report.md"]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_app(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _files(folder: Path) -> dict[str, int]:
    """Each report file in the folder, with its mode."""
    return {
        name: stat.S_IMODE((folder / name).stat().st_mode)
        for name in REPORT_FILES
        if (folder / name).exists()
    }


def test_latest_is_shown_as_in_the_terminal_and_its_files_written_again(
    capsys: pytest.CaptureFixture[str], isolated_environment: Path
) -> None:
    """Without a session id, the latest session (here one cut off before it had a report): its
    report is built from its turns, the three files are written 0600, the terminal view is
    printed and stderr says where the files are."""
    latest = three_sessions(isolated_environment)[-1].folder

    code, out, err = _run(capsys, "report")

    assert code == 0
    assert _files(latest) == dict.fromkeys(REPORT_FILES, 0o600)
    assert "Jordan Avery · Senior Backend Engineer" in out
    assert "1 of 2 questions answered; q02 (not answered) counts as 0 in the overall" in out
    assert err == f"Report written in {latest}: report.md, report.html, report.json\n"


def test_a_format_prints_exactly_that_file(
    capsys: pytest.CaptureFixture[str], isolated_environment: Path
) -> None:
    """--format md, html or json prints the file just written, byte for byte."""
    first = three_sessions(isolated_environment)[0].folder
    for output, name in (("md", "report.md"), ("html", "report.html"), ("json", "report.json")):
        code, out, _ = _run(capsys, "report", first.name, "--format", output)
        assert code == 0
        assert out == (first / name).read_text(encoding="utf-8")
    report = Report.model_validate_json(out)
    assert (report.overall, report.company) == (40, "Northwind Analytics")
    assert report.created == "2026-11-02T09:30:00+00:00"


def test_an_unknown_session_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], isolated_environment: Path
) -> None:
    """An id that is no session folder: one line naming it and where to look, exit 2."""
    three_sessions(isolated_environment)

    code, out, err = _run(capsys, "report", "20990101-000000-nobody")

    assert (code, out) == (2, "")
    assert err == (
        f"error: no session '20990101-000000-nobody' in {isolated_environment / 'sessions'} "
        "(ai-interview sessions lists them)\n"
    )


def test_with_no_sessions_latest_says_there_are_none(
    capsys: pytest.CaptureFixture[str], isolated_environment: Path
) -> None:
    code, out, err = _run(capsys, "report", "latest")
    assert (code, out) == (2, "")
    assert err.startswith(f"error: no sessions in {isolated_environment / 'sessions'}")


def test_a_folder_without_session_json_says_so(
    capsys: pytest.CaptureFixture[str], isolated_environment: Path
) -> None:
    """A session stopped before its first save has a folder and nothing to report."""
    store = SessionStore.create(isolated_environment / "sessions", "Jordan Avery", START)

    code, out, err = _run(capsys, "report", store.id)

    assert (code, out) == (1, "")
    assert err == (
        f"error: session {store.id} has no session.json: it stopped before its first question "
        f"(ai-interview purge {store.id} removes it)\n"
    )


def test_progress_covers_the_sessions_of_the_role_up_to_this_one(
    capsys: pytest.CaptureFixture[str], isolated_environment: Path
) -> None:
    """The second of three sessions: its progress has the first and itself, not the later one,
    nor a session for another role."""
    stores = three_sessions(isolated_environment)
    save_session(
        isolated_environment,
        [scored_turn(1, 3)],
        when=START + timedelta(days=3),
        role="Data Engineer",
    )
    second = stores[1]

    code, out, _ = _run(capsys, "report", second.id, "--format", "html")

    assert code == 0
    assert "2 sessions as Senior Backend Engineer, 2 Nov 2026 to 9 Nov 2026" in out
    assert re.findall(r'<circle class="(dot[^"]*)"', out) == ["dot", "dot current"]
    record = second.load()
    assert record.report is not None
    points = History(isolated_environment / "sessions").progress_of(record, record.report)
    assert [(p.session_id, p.current) for p in points] == [
        (stores[0].id, False),
        (second.id, True),
    ]


def test_the_first_session_of_a_role_has_no_progress(
    capsys: pytest.CaptureFixture[str], isolated_environment: Path
) -> None:
    first = three_sessions(isolated_environment)[0]
    code, out, _ = _run(capsys, "report", first.id, "--format", "md")
    assert code == 0
    assert "Progress across sessions" not in out


def test_the_json_is_the_report_and_nothing_else(
    capsys: pytest.CaptureFixture[str], isolated_environment: Path
) -> None:
    """The JSON on stdout parses as one document: no message is mixed into it."""
    three_sessions(isolated_environment)
    code, out, err = _run(capsys, "report", "latest", "-f", "json")
    assert code == 0
    assert json.loads(out)["answered"] == 1
    assert err.startswith("Report written in ")


def test_reports_written_in_a_data_folder_have_the_progress_of_their_role(
    isolated_environment: Path, tmp_path: Path
) -> None:
    """The reports an interview writes at its end read the sessions of the role from the history
    themselves; outside a data folder there is no history to read, and none is made."""
    from ai_interviewer.report.json_report import write_reports

    third = three_sessions(isolated_environment)[2]
    record = third.load()
    assert record.report is not None
    write_reports(record.report, third.folder)
    page = (third.folder / "report.html").read_text(encoding="utf-8")
    assert "3 sessions as Senior Backend Engineer, 2 Nov 2026 to 16 Nov 2026" in page

    elsewhere = tmp_path / "loose"
    write_reports(record.report, elsewhere)
    assert "Progress across sessions" not in (elsewhere / "report.html").read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", "loose"]
