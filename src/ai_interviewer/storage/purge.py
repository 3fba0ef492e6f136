"""Removing sessions for good: their folders (recordings, reports, log) and their history rows.

Only folders directly inside the sessions folder are ever removed: an id is a folder name, never
a path, and a link is never followed (nor removed).
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from ai_interviewer.errors import InterviewError, UsageError
from ai_interviewer.storage.history import History
from ai_interviewer.storage.names import check_session_id
from ai_interviewer.storage.session import SessionStore

LATEST = "latest"
FOLDER_TIME = "%Y%m%d-%H%M%S"  # how a session folder's name begins


def every_session_folder(sessions_dir: Path) -> list[Path]:
    """Every folder in the sessions folder, oldest first by name (a session cut off before its
    first save, with no session.json, is one too); links are left out."""
    if not sessions_dir.is_dir():
        return []
    return sorted(p for p in sessions_dir.iterdir() if p.is_dir() and not p.is_symlink())


def named_session(sessions_dir: Path, session_id: str) -> Path:
    """The folder of the session with this id (or the latest one); a usage error for anything
    that is not a session folder's name."""
    if session_id == LATEST:
        every = every_session_folder(sessions_dir)
        if not every:
            raise UsageError(f"no sessions in {sessions_dir}")
        return every[-1]
    folder = sessions_dir / check_session_id(session_id, sessions_dir)
    if folder.is_symlink() or not folder.is_dir():
        raise UsageError(
            f"no session {session_id!r} in {sessions_dir}", "ai-interview sessions lists them"
        )
    return folder


def started(folder: Path) -> datetime:
    """When a session began: its session.json says, else its folder's name, else its time on
    disk."""
    try:
        return datetime.fromisoformat(SessionStore(folder).load().created).astimezone()
    except (InterviewError, ValueError):  # damaged or unreadable: the name or the disk says
        pass
    try:
        return datetime.strptime(folder.name[:15], FOLDER_TIME).astimezone()
    except ValueError:
        return datetime.fromtimestamp(folder.stat().st_mtime).astimezone()


def sessions_before(sessions_dir: Path, cutoff: datetime) -> list[Path]:
    """The session folders of sessions begun before `cutoff`."""
    return [folder for folder in every_session_folder(sessions_dir) if started(folder) < cutoff]


def purge(sessions_dir: Path, folders: list[Path]) -> None:
    """Remove these session folders and every history row of theirs."""
    root = sessions_dir.resolve()
    for folder in folders:
        if folder.is_symlink() or folder.resolve().parent != root:
            raise UsageError(f"{folder} is not a session folder in {sessions_dir}: left alone")
    for folder in folders:
        shutil.rmtree(folder)
    History(sessions_dir).forget(folder.name for folder in folders)
