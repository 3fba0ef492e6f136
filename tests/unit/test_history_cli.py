"""`ai-interview sessions`, `progress` and `purge` as a person uses them: what they print, what
they do, and what they say when there is nothing."""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from history_samples import three_sessions

from ai_interviewer.cli.app import run_app
from ai_interviewer.storage.history import HISTORY_FILE


@pytest.fixture
def answer(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """What the person types when asked (one line, then the end of input)."""

    def type_in(line: str) -> None:
        monkeypatch.setattr("sys.stdin", io.StringIO(f"{line}\n"))

    return type_in


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_app(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _rows(home: Path) -> int:
    db = sqlite3.connect(home / HISTORY_FILE)
    try:
        return sum(
            db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("sessions", "turns", "scores", "measures")
        )
    finally:
        db.close()


# --- sessions ----------------------------------------------------------------------------------


def test_sessions_with_none_says_how_to_start(
    capsys: pytest.CaptureFixture[str], isolated_environment: Path
) -> None:
    """No session yet: one line saying how to start one, exit 0, and no data folder made."""
    code, out, err = _run(capsys, "sessions")

    assert (code, out) == (0, "")
    assert err == "No sessions yet: start one with ai-interview run RESUME --jd JOB.txt\n"
    assert not isolated_environment.exists()


def test_sessions_lists_them_newest_first_with_the_unfinished_one_marked(
    capsys: pytest.CaptureFixture[str], isolated_environment: Path
) -> None:
    """Date, role, company, questions answered, overall and status for each; the unfinished one
    says so, and the command that carries it on is printed under the table."""
    stores = three_sessions(isolated_environment)

    code, out, _ = _run(capsys, "sessions")

    assert code == 0
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == "Sessions (4, newest first)"
    rows = [line.split() for line in lines if line.startswith(" 2026-")]
    assert [row[:2] for row in rows] == [
        ["2026-11-17", "09:30"],
        ["2026-11-16", "09:30"],
        ["2026-11-09", "09:30"],
        ["2026-11-02", "09:30"],
    ]
    assert [row[-3:] for row in rows] == [
        ["1/4", "45/100", "unfinished"],
        ["2/2", "80/100", "complete"],
        ["2/2", "60/100", "complete"],
        ["2/2", "40/100", "complete"],
    ]
    first = next(i for i, line in enumerate(lines) if line.startswith(" 2026-11-17"))
    assert "Senior Backend" in lines[first] and "Northwind" in lines[first]
    assert lines[first + 1].split() == [stores[-1].id, "Engineer", "Analytics"]
    assert lines[-2:] == [
        "Carry on an unfinished session with:",
        f"  ai-interview resume {stores[-1].id}",
    ]


def test_sessions_as_json(capsys: pytest.CaptureFixture[str], isolated_environment: Path) -> None:
    """--json: one object per session, newest first; the unfinished one with its resume
    command."""
    stores = three_sessions(isolated_environment)

    code, out, _ = _run(capsys, "sessions", "--json")

    assert code == 0
    listed = json.loads(out)
    assert [s["id"] for s in listed] == [s.id for s in reversed(stores)]
    assert listed[0]["resume"] == f"ai-interview resume {stores[-1].id}"
    assert listed[0]["status"] == "in_progress"
    assert listed[1]["resume"] is None
    assert (listed[1]["role"], listed[1]["company"]) == (
        "Senior Backend Engineer",
        "Northwind Analytics",
    )
    assert (listed[1]["answered"], listed[1]["questions"], listed[1]["overall"]) == (2, 2, 80)


# --- progress ----------------------------------------------------------------------------------


def test_progress_shows_each_measure_as_a_trend(
    capsys: pytest.CaptureFixture[str], isolated_environment: Path
) -> None:
    """Three sessions: a sparkline per measure, first and latest value, the change and whether
    it is better; the session still in progress is not counted."""
    three_sessions(isolated_environment)

    code, out, _ = _run(capsys, "progress")

    assert code == 0
    lines = [line.rstrip() for line in out.splitlines()]
    assert lines[0] == (
        "Progress over 3 sessions (2026-11-02 to 2026-11-16); Senior Backend Engineer"
    )
    rows = {line.split("  ")[0].strip(): line.split() for line in lines if "  " in line}
    assert rows["Overall (/100)"][-5:] == ["▁▅█", "40", "80", "+40", "better"]
    assert rows["Structure (/10)"][-5:] == ["▁▅█", "4", "8", "+4", "better"]
    assert rows["Speaking rate (WPM)"][-6:] == ["█▅▁", "190", "150", "-40", "better", "130-160"]
    assert rows["Fillers per 100 words"][-7:] == ["▄▄▄", "4", "4", "0", "same", "under", "2"]
    assert lines[-1] == "Not counted: 1 session in progress (ai-interview resume carries it on)."


def test_progress_as_json(capsys: pytest.CaptureFixture[str], isolated_environment: Path) -> None:
    """--json: the sessions counted with their measures, and each measure's trend."""
    stores = three_sessions(isolated_environment)

    code, out, _ = _run(capsys, "progress", "--json")

    assert code == 0
    data = json.loads(out)
    assert data["filters"] == {"role": None, "company": None, "since": None}
    assert [s["id"] for s in data["sessions"]] == [s.id for s in stores[:3]]
    assert data["sessions"][0]["measures"]["overall"] == 40
    overall = data["trends"][0]
    assert overall == {
        "measure": "overall",
        "label": "Overall (/100)",
        "better": "higher",
        "values": [40, 60, 80],
        "first": 40,
        "latest": 80,
        "change": 40,
        "verdict": "better",
        "sparkline": "▁▅█",
    }


def test_progress_filters_by_role_company_and_date(
    capsys: pytest.CaptureFixture[str], isolated_environment: Path
) -> None:
    """--role and --company match any part in any case; --since takes a date or an age."""
    from history_samples import START, save_session, scored_turn

    three_sessions(isolated_environment)
    save_session(
        isolated_environment,
        [scored_turn(1, 3)],
        role="Registered Nurse",
        company="Mercy Hospital",
        when=START.replace(day=20),
    )

    def counted(*options: str) -> list[float]:
        code, out, _ = _run(capsys, "progress", "--json", *options)
        assert code == 0
        return [s["measures"]["overall"] for s in json.loads(out)["sessions"]]

    assert counted() == [40, 60, 80, 30]
    assert counted("--role", "nurse") == [30]
    assert counted("--company", "NORTHWIND") == [40, 60, 80]
    assert counted("--since", "2026-11-09") == [60, 80, 30]
    assert counted("--since", "3650d") == [40, 60, 80, 30]


def test_progress_says_why_there_is_nothing_to_show(
    capsys: pytest.CaptureFixture[str], isolated_environment: Path
) -> None:
    """No session at all, or none matching: one line that says what to do, exit 0."""
    code, out, err = _run(capsys, "progress")
    assert (code, out) == (0, "")
    assert err == "No sessions yet: start one with ai-interview run RESUME --jd JOB.txt\n"

    three_sessions(isolated_environment)
    code, out, err = _run(capsys, "progress", "--role", "pilot")
    assert (code, out) == (0, "")
    assert err == (
        "No session with an answer matches --role 'pilot' "
        "(4 sessions in all: ai-interview sessions lists them)\n"
    )


def test_progress_with_a_bad_date_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = _run(capsys, "progress", "--since", "last tuesday")
    assert code == 2
    assert err == (
        "error: --since 'last tuesday' is not a date (2026-01-31) or an age (30d, 2w, 12h) "
        "(see ai-interview progress --help)\n"
    )


# --- purge -------------------------------------------------------------------------------------


def test_purge_asks_first_and_no_keeps_everything(
    capsys: pytest.CaptureFixture[str],
    isolated_environment: Path,
    answer: Callable[[str], None],
) -> None:
    """Without --yes it names what it would delete and asks; anything but yes deletes nothing."""
    stores = three_sessions(isolated_environment)
    answer("n")

    code, _, err = _run(capsys, "purge", "--all")

    assert code == 1
    assert f"  {stores[-1].id}\n" in err
    assert "Delete all 4 sessions (recordings, reports, history), for good? [y/N] " in err
    assert err.endswith("Nothing deleted.\n")
    assert all(store.folder.is_dir() for store in stores)


def test_purge_all_leaves_no_folder_recording_report_or_row(
    capsys: pytest.CaptureFixture[str],
    isolated_environment: Path,
    answer: Callable[[str], None],
) -> None:
    """Answered yes: every session folder and every history row is gone, and the spoken
    questions kept to replay with them."""
    stores = three_sessions(isolated_environment)
    (stores[0].audio_dir / "q01-answer.wav").write_bytes(b"RIFF")
    cache = isolated_environment / "cache" / "tts"
    cache.mkdir(parents=True)
    (cache / "0123.mp3").write_bytes(b"ID3")
    answer("y")

    code, _, err = _run(capsys, "purge", "--all")

    assert code == 0, err
    assert "and the spoken questions kept to replay" in err
    assert err.endswith("Deleted 4 sessions: folders, recordings, reports and history rows.\n")
    assert list((isolated_environment / "sessions").iterdir()) == []
    assert not cache.exists()
    assert _rows(isolated_environment) == 0


def test_purge_one_session_with_yes_does_not_ask(
    capsys: pytest.CaptureFixture[str], isolated_environment: Path
) -> None:
    stores = three_sessions(isolated_environment)

    code, _, err = _run(capsys, "purge", stores[0].id, "--yes")

    assert code == 0
    assert "[y/N]" not in err
    assert not stores[0].folder.exists()
    assert all(store.folder.is_dir() for store in stores[1:])
    code, out, _ = _run(capsys, "sessions", "--json")
    assert stores[0].id not in out


def test_purge_older_than_removes_only_the_old_ones(
    capsys: pytest.CaptureFixture[str], isolated_environment: Path
) -> None:
    """--older-than 30d: the sessions begun more than 30 days ago, none of the others."""
    from datetime import datetime, timedelta, timezone

    from history_samples import save_session, scored_turn

    now = datetime.now(timezone.utc)
    old = save_session(isolated_environment, [scored_turn(1, 5)], when=now - timedelta(days=45))
    recent = save_session(isolated_environment, [scored_turn(1, 5)], when=now - timedelta(days=3))

    code, _, err = _run(capsys, "purge", "--older-than", "30d", "--yes")
    assert code == 0, err
    assert not old.folder.exists() and recent.folder.is_dir()

    code, _, err = _run(capsys, "purge", "--older-than", "30d", "--yes")
    assert (code, err) == (0, "Nothing to purge: no session begun more than 30d ago.\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "say what to purge: a session ID, --older-than AGE or --all (one of them)"),
        (("--all", "--older-than", "3d"), "say what to purge"),
        (("../etc",), "'../etc' is not a session id"),
        (("--older-than", "soon"), "--older-than 'soon' is not an age such as 30d, 2w or 12h"),
    ],
)
def test_purge_refuses_what_it_cannot_read_as_sessions(
    capsys: pytest.CaptureFixture[str],
    isolated_environment: Path,
    args: tuple[str, ...],
    message: str,
) -> None:
    """Nothing chosen, two choices, a path for an id, an age it cannot read: exit 2, one line."""
    three_sessions(isolated_environment)

    code, out, err = _run(capsys, "purge", *args, "--yes")

    assert (code, out) == (2, "")
    [line] = err.splitlines()
    assert line.startswith(f"error: {message}")
    assert len(list((isolated_environment / "sessions").iterdir())) == 4
