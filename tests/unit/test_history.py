"""The history database: an index of the session folders, kept in step with them, rebuilt from
them, migrated from its first schema, safe with two interviews writing at once."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from history_samples import START, asked_turn, save_session, scored_turn, three_sessions

from ai_interviewer.core.models import JobDescription, ResumeProfile
from ai_interviewer.storage.history import (
    HISTORY_FILE,
    MIGRATIONS,
    History,
    SessionRows,
    migrate,
)
from ai_interviewer.storage.session import SessionRecord, SessionStatus, SessionStore


def _history(home: Path) -> History:
    return History(home / "sessions")


def _rows(home: Path, query: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(home / HISTORY_FILE)
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()


def test_three_sessions_make_a_trend(tmp_path: Path) -> None:
    """Three finished sessions, each better: progress has them oldest first with their measures,
    and the unfinished fourth is left out of it."""
    stores = three_sessions(tmp_path)

    points = _history(tmp_path).progress()

    assert [p.session.id for p in points] == [s.id for s in stores[:3]]
    assert [p.measures["overall"] for p in points] == [40, 60, 80]
    assert [p.measures["structure"] for p in points] == [4, 6, 8]
    assert [p.measures["wpm"] for p in points] == [190, 170, 150]
    assert [p.measures["fillers_per_100"] for p in points] == [4, 4, 4]
    assert [p.measures["pauses_per_answer"] for p in points] == [1, 1, 1]


def test_sessions_are_listed_newest_first_with_what_they_hold(tmp_path: Path) -> None:
    """Each session's date, role, company, questions answered, overall and status; the newest
    first."""
    stores = three_sessions(tmp_path)

    listed = _history(tmp_path).sessions()

    assert [s.id for s in listed] == [s.id for s in reversed(stores)]
    newest = listed[0]
    assert newest.created == (START + timedelta(days=15)).isoformat(timespec="seconds")
    assert (newest.role, newest.company) == ("Senior Backend Engineer", "Northwind Analytics")
    assert (newest.status, newest.finished) == ("in_progress", False)
    assert (newest.questions, newest.asked, newest.answered) == (4, 2, 1)
    assert listed[1].finished and listed[1].overall == 80


def test_an_unfinished_session_counts_its_unanswered_questions_as_zero(tmp_path: Path) -> None:
    """Without a report, the overall is computed from the turns as the report would: one answer
    at 90 and one question cut off make 45, not 90."""
    save_session(tmp_path, [scored_turn(1, 9), asked_turn(2)], status="in_progress")

    [session] = _history(tmp_path).sessions()

    assert session.overall == 45
    assert session.answered == 1


@pytest.mark.parametrize("status", ["complete", "in_progress"])
def test_a_retry_is_not_another_question_of_the_session(
    tmp_path: Path, status: SessionStatus
) -> None:
    """A question answered again (attempt 2, far better): the session still asked two questions,
    answered them once each, and its overall is its first attempts', with a report or without."""
    retried = scored_turn(2, 10).model_copy(update={"attempt": 2})
    turns = [scored_turn(1, 4), scored_turn(2, 4), retried]
    save_session(tmp_path, turns, status=status, questions=2)

    [session] = _history(tmp_path).sessions()

    assert (session.questions, session.asked, session.answered) == (2, 2, 2)
    assert session.overall == 40


def test_indexing_a_session_again_replaces_its_rows(tmp_path: Path) -> None:
    """Saving the same session after every step leaves one set of rows, the latest."""
    store = save_session(tmp_path, [scored_turn(1, 5)], status="in_progress", questions=2)
    record = store.load()
    record.turns.append(scored_turn(2, 7))
    store.save(record, START)
    store.save(record, START)

    assert _rows(tmp_path, "SELECT count(*) FROM sessions") == [(1,)]
    assert _rows(tmp_path, "SELECT position, question_id FROM turns ORDER BY position") == [
        (0, "q01"),
        (1, "q02"),
    ]
    assert _rows(tmp_path, "SELECT count(*) FROM scores") == [(12,)]


def test_turns_keep_the_question_the_answer_and_its_delivery(tmp_path: Path) -> None:
    """A turn's row holds the question, the transcript, the scores and the delivery measures."""
    save_session(tmp_path, [scored_turn(1, 7, answer="I cut the p95 by half.", wpm=140.0)])

    [turn] = _rows(
        tmp_path, "SELECT question, transcript, overall, words, wpm, fillers, timed FROM turns"
    )

    asked = "Tell me about a time you fixed slow system number 1."
    assert turn == (asked, "I cut the p95 by half.", 70, 100, 140.0, 4, 1)
    scores = _rows(tmp_path, "SELECT criterion, score FROM scores ORDER BY criterion")
    assert {criterion for criterion, _ in scores} >= {"relevance", "structure", "depth"}
    assert {score for _, score in scores} == {7}


def test_an_empty_database_gets_every_migration(tmp_path: Path) -> None:
    """A new database is made by the migrations, in order, and they are recorded."""
    db = sqlite3.connect(tmp_path / "new.db", isolation_level=None)

    applied = migrate(db)

    names = [f.__name__ for f in MIGRATIONS]
    assert applied == names
    assert [r[0] for r in db.execute("SELECT name FROM _migrations ORDER BY name")] == names
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"sessions", "turns", "scores", "measures", "_migrations"} <= tables
    assert migrate(db) == [], "applied once"


def test_a_database_of_the_first_schema_is_migrated_and_filled(tmp_path: Path) -> None:
    """A database an earlier version made (the first migration only, sessions and no answers)
    gets the later migrations, and its sessions are indexed again so that progress has them."""
    three_sessions(tmp_path)
    path = tmp_path / HISTORY_FILE
    path.unlink()
    old = sqlite3.connect(path, isolation_level=None)
    migrate(old, MIGRATIONS[:1])
    for folder in sorted((tmp_path / "sessions").iterdir()):
        store = SessionStore(folder)
        rows = SessionRows.of(store.load())
        signature = store.session_file.stat()
        old.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*rows.session, signature.st_mtime_ns, signature.st_size),
        )
    old.close()

    points = _history(tmp_path).progress()

    assert [p.measures["overall"] for p in points] == [40, 60, 80]
    applied = _rows(tmp_path, "SELECT name FROM _migrations ORDER BY name")
    assert [name for (name,) in applied] == [f.__name__ for f in MIGRATIONS]


def test_a_database_of_an_unknown_schema_is_rebuilt(tmp_path: Path) -> None:
    """A migration this version does not know (a newer version's): the database is rebuilt from
    the folders rather than misread."""
    three_sessions(tmp_path)
    db = sqlite3.connect(tmp_path / HISTORY_FILE, isolation_level=None)
    db.execute("INSERT INTO _migrations VALUES ('m999_from_the_future', 'later')")
    db.execute("DELETE FROM sessions")
    db.close()

    assert len(_history(tmp_path).sessions()) == 4
    assert ("m999_from_the_future",) not in _rows(tmp_path, "SELECT name FROM _migrations")


def test_a_deleted_database_is_rebuilt_from_the_folders(tmp_path: Path) -> None:
    """history.db removed: the next read (or save) makes it again from the session folders."""
    three_sessions(tmp_path)
    (tmp_path / HISTORY_FILE).unlink()

    assert [p.measures["overall"] for p in _history(tmp_path).progress()] == [40, 60, 80]
    assert len(_history(tmp_path).sessions()) == 4


@pytest.mark.parametrize("damage", ["garbage", "truncated", "zeroed pages"])
def test_a_corrupt_database_is_rebuilt_from_the_folders(
    tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Not a database, cut short, or its pages overwritten: it is rebuilt from the folders with a
    warning, and nothing is lost."""
    three_sessions(tmp_path)
    path = tmp_path / HISTORY_FILE
    data = path.read_bytes()
    if damage == "garbage":
        path.write_bytes(b"this is not a database, it is a shopping list\n" * 100)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) // 2 + 100])
    else:
        path.write_bytes(data[:100] + b"\0" * (len(data) - 100))

    with caplog.at_level(logging.WARNING, logger="ai_interviewer"):
        points = _history(tmp_path).progress()

    assert [p.measures["overall"] for p in points] == [40, 60, 80]
    assert len(_history(tmp_path).sessions()) == 4
    assert any("rebuilt from the session folders" in r.message for r in caplog.records)


def test_a_save_indexes_again_after_the_database_was_damaged(tmp_path: Path) -> None:
    """A session saved while history.db is garbage: the save works and the database is rebuilt
    with every session in it."""
    stores = three_sessions(tmp_path)
    (tmp_path / HISTORY_FILE).write_bytes(b"garbage" * 1000)

    record = stores[-1].load()
    record.turns.append(scored_turn(3, 5))
    stores[-1].save(record, START)

    assert _rows(tmp_path, "SELECT count(*) FROM sessions") == [(4,)]
    assert _rows(tmp_path, f"SELECT asked FROM sessions WHERE id = '{stores[-1].id}'") == [(3,)]


def test_folders_added_changed_or_removed_by_hand_are_picked_up(tmp_path: Path) -> None:
    """The folders are the truth: one deleted by hand leaves the list, one copied in joins it,
    one edited by hand is read again."""
    stores = three_sessions(tmp_path)
    shutil.rmtree(stores[0].folder)
    copied = stores[1].folder.with_name("20261201-080000-jordan-avery")
    shutil.copytree(stores[1].folder, copied)
    record = stores[2].load()
    record.job.company = "Lumen Freight"
    stores[2].session_file.write_text(record.model_dump_json(), encoding="utf-8")

    listed = {s.id: s for s in _history(tmp_path).sessions()}

    assert stores[0].id not in listed
    assert copied.name in listed
    assert listed[stores[2].id].company == "Lumen Freight"


def test_a_failure_to_index_never_loses_the_session(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """history.db cannot be opened (here a folder stands in its place): session.json is written
    all the same and the failure is logged."""
    (tmp_path / HISTORY_FILE).mkdir(parents=True)

    with caplog.at_level(logging.WARNING, logger="ai_interviewer"):
        store = save_session(tmp_path, [scored_turn(1, 6)])

    assert store.load().turns[0].evaluation is not None
    assert any("history not updated" in r.message for r in caplog.records)


def test_a_session_outside_a_data_folder_is_not_indexed(tmp_path: Path) -> None:
    """A session folder not in a data folder's `sessions` (a tool's scratch folder) writes no
    history beside it."""
    store = SessionStore.create(tmp_path / "scratch", "Jordan Avery", START)
    record = SessionRecord(
        id=store.id,
        created=START.isoformat(),
        updated=START.isoformat(),
        profile=ResumeProfile(),
        job=JobDescription(),
        questions=[],
    )
    store.save(record, START)

    assert not (tmp_path / HISTORY_FILE).exists()


@pytest.mark.usefixtures("shell_umask")
def test_the_database_and_its_journal_are_private(tmp_path: Path) -> None:
    """history.db is 0600, and so are the write-ahead log and shared memory files SQLite makes
    beside it, whatever the umask."""
    save_session(tmp_path, [scored_turn(1, 6)])
    reader = sqlite3.connect(tmp_path / HISTORY_FILE)
    reader.execute("SELECT count(*) FROM sessions").fetchall()  # keeps -wal and -shm open
    save_session(tmp_path, [scored_turn(1, 7)], when=START + timedelta(days=1))
    files = sorted(tmp_path.glob(HISTORY_FILE + "*"))
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in files}
    reader.close()
    assert set(modes) >= {"history.db", "history.db-wal", "history.db-shm"}
    assert set(modes.values()) == {0o600}, modes
    assert _rows(tmp_path, "PRAGMA journal_mode") == [("wal",)]


def test_forgetting_sessions_leaves_no_trace_in_the_file(tmp_path: Path) -> None:
    """A forgotten session's rows are gone, and its words are in no byte of the database or its
    journal (deleted rows are overwritten, the log is folded in)."""
    secret = "Zanzibar-Quokka-7731"
    kept = save_session(tmp_path, [scored_turn(1, 6)])
    gone = save_session(
        tmp_path, [scored_turn(1, 6, answer=f"My badge was {secret}.")], when=START + timedelta(1)
    )
    history = _history(tmp_path)
    other = sqlite3.connect(tmp_path / HISTORY_FILE)  # another interview's, keeping the log
    other.execute("SELECT count(*) FROM sessions").fetchall()

    shutil.rmtree(gone.folder)
    history.forget([gone.id])

    files = {path.name: path.read_bytes() for path in tmp_path.glob(HISTORY_FILE + "*")}
    other.close()
    assert [s.id for s in history.sessions()] == [kept.id]
    assert "history.db-wal" in files
    for name, data in files.items():
        assert secret.encode() not in data, name


WRITER = textwrap.dedent(
    """
    import sys
    from datetime import datetime, timezone
    from pathlib import Path

    sys.path.insert(0, sys.argv[3])
    from history_samples import save_session, scored_turn

    home, number = Path(sys.argv[1]), int(sys.argv[2])
    store = save_session(home, [scored_turn(1, 5)], status="in_progress", questions=40,
                         when=datetime(2026, 11, number, tzinfo=timezone.utc))
    record = store.load()
    print("ready", flush=True)
    sys.stdin.readline()  # both start together
    for n in range(2, 41):
        record.turns.append(scored_turn(n, n % 10))
        store.save(record, datetime.now(timezone.utc))
    print("done", flush=True)
    """
)


def test_two_interviews_at_once_never_corrupt_the_history(tmp_path: Path) -> None:
    """Two processes saving their own sessions turn after turn at the same moment: neither fails,
    each session's rows are its latest, and the database is sound."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), str(n), str(Path(__file__).parent)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for n in (1, 2)
    ]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline() == "ready\n"
    for writer in writers:  # go
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = [writer.communicate(timeout=120) for writer in writers]

    for writer, (out, err) in zip(writers, results, strict=True):
        assert writer.returncode == 0, err
        assert out == "done\n"
        assert "history not updated" not in err
    assert [s.asked for s in _history(tmp_path).sessions()] == [40, 40]
    assert _rows(tmp_path, "SELECT count(*) FROM turns") == [(80,)]
    assert _rows(tmp_path, "PRAGMA integrity_check") == [("ok",)]
