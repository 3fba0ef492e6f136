"""Purging sessions: which folders are chosen, that they and their history rows are gone, and that
nothing outside the sessions folder is ever touched."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest
from history_samples import START, three_sessions

from ai_interviewer.errors import UsageError
from ai_interviewer.storage.history import HISTORY_FILE, History
from ai_interviewer.storage.purge import (
    every_session_folder,
    named_session,
    purge,
    sessions_before,
    started,
)


def _row_count(home: Path) -> int:
    db = sqlite3.connect(home / HISTORY_FILE)
    try:
        return sum(
            db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("sessions", "turns", "scores", "measures")
        )
    finally:
        db.close()


def test_purging_every_session_leaves_no_file_and_no_row(tmp_path: Path) -> None:
    """Every folder (recordings, reports, log) and every row of the history are gone."""
    sessions_dir = tmp_path / "sessions"
    stores = three_sessions(tmp_path)
    (stores[0].audio_dir / "q01-answer.wav").write_bytes(b"RIFF")
    (stores[0].folder / "report.html").write_text("<html>")

    purge(sessions_dir, every_session_folder(sessions_dir))

    assert list(sessions_dir.iterdir()) == []
    assert _row_count(tmp_path) == 0
    assert History(sessions_dir).sessions() == []


def test_purging_one_session_keeps_the_others(tmp_path: Path) -> None:
    """One id: that folder and its rows go, the rest stay listed with their rows."""
    sessions_dir = tmp_path / "sessions"
    stores = three_sessions(tmp_path)

    purge(sessions_dir, [named_session(sessions_dir, stores[1].id)])

    assert not stores[1].folder.exists()
    assert [s.id for s in History(sessions_dir).sessions()] == [
        stores[3].id,
        stores[2].id,
        stores[0].id,
    ]


def test_latest_is_the_newest_session(tmp_path: Path) -> None:
    stores = three_sessions(tmp_path)
    assert named_session(tmp_path / "sessions", "latest") == stores[-1].folder


def test_older_than_chooses_by_when_the_session_began(tmp_path: Path) -> None:
    """Sessions begun before the cut-off, by their session.json; a folder without one (cut off
    before its first save) by the time in its name."""
    sessions_dir = tmp_path / "sessions"
    stores = three_sessions(tmp_path)
    bare = sessions_dir / "20261101-120000-jordan-avery"
    bare.mkdir()

    chosen = sessions_before(sessions_dir, START + timedelta(days=8))

    assert chosen == [bare, stores[0].folder, stores[1].folder]
    assert started(stores[1].folder) == START + timedelta(days=7)


@pytest.mark.parametrize("session_id", ["../sessions", "..", ".", "/etc", "a/b", "nosuch"])
def test_anything_but_a_session_folder_name_is_refused(tmp_path: Path, session_id: str) -> None:
    """An id is a folder name inside the sessions folder; a path, a parent or an unknown name is
    a usage error."""
    three_sessions(tmp_path)
    with pytest.raises(UsageError):
        named_session(tmp_path / "sessions", session_id)


def test_a_link_in_the_sessions_folder_is_neither_followed_nor_removed(tmp_path: Path) -> None:
    """A link to a folder elsewhere is not a session: not listed, refused by id, and a purge
    handed it anyway removes nothing."""
    sessions_dir = tmp_path / "sessions"
    three_sessions(tmp_path)
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "keep.txt").write_text("mine")
    link = sessions_dir / "20261130-000000-link"
    link.symlink_to(outside, target_is_directory=True)

    assert link not in every_session_folder(sessions_dir)
    with pytest.raises(UsageError):
        named_session(sessions_dir, link.name)
    with pytest.raises(UsageError):
        purge(sessions_dir, [link])
    with pytest.raises(UsageError):
        purge(sessions_dir, [outside])
    assert (outside / "keep.txt").read_text() == "mine"
