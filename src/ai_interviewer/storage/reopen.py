"""Continuing a session that was cut off (Ctrl-C, a crash, a dead battery, /quit).

Finished turns stay as they are. A turn whose answer was saved but not yet scored is scored from
the saved recording. A turn cut off while the candidate was answering, or where they ended the
interview, is asked again; its partial recording is kept beside it, renamed, never overwritten.
A complete session whose report files went missing gets them written again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ai_interviewer.core.models import CUT_OFF, Turn
from ai_interviewer.errors import InterviewError, UsageError, storage_error
from ai_interviewer.storage.names import check_session_id
from ai_interviewer.storage.session import SESSION_FILE, SessionRecord, SessionStore

log = logging.getLogger("ai_interviewer")


def find_session(sessions_dir: Path, session_id: str | None) -> SessionStore:
    """The named session, or the most recent one that did not finish (sessions whose
    session.json cannot be read are passed over, each with a log line)."""
    if session_id:
        folder = sessions_dir / check_session_id(session_id, sessions_dir)
        if folder.is_symlink() or not (folder / SESSION_FILE).is_file():
            raise UsageError(
                f"no session {session_id!r} in {sessions_dir}",
                "run ai-interview resume without an id to continue the latest unfinished one",
            )
        return SessionStore(folder)
    for folder in sorted(_session_folders(sessions_dir), reverse=True):
        store = SessionStore(folder)
        try:
            record = store.load()
        except InterviewError as error:
            log.warning("resume: %s passed over: %s", folder.name, error.message)
            continue
        if record.status != "complete":
            return store
    raise UsageError(f"no unfinished session in {sessions_dir}", "start one with ai-interview run")


def _session_folders(sessions_dir: Path) -> list[Path]:
    if not sessions_dir.is_dir():
        return []
    return [
        p
        for p in sessions_dir.iterdir()
        if not p.is_symlink() and p.is_dir() and (p / SESSION_FILE).is_file()
    ]


def reopen(store: SessionStore) -> tuple[SessionRecord, list[str]]:
    """The session's record, ready to go on, and what was done to it (for notices)."""
    record = store.load()
    if record.status == "complete":
        raise UsageError(f"session {store.id} is complete", "its report is in " + str(store.folder))
    kept, notes = [], []
    for turn in record.turns:
        if not cut_off(turn):
            kept.append(turn)
            continue
        for partial in store.answer_files(turn.question.id):
            kept_as = _free_name(partial)
            try:
                partial.rename(kept_as)
            except OSError as error:
                raise storage_error("cannot keep the partial answer", partial, error) from None
            notes.append(
                f"{turn.question.id} was cut off; its partial answer is kept as "
                f"{store.relative(kept_as)} and the question is asked again."
            )
    record.turns = kept
    record.status = "in_progress"
    record.report = None
    return record, notes


def cut_off(turn: Turn) -> bool:
    """A turn with no complete answer that the candidate did not choose to skip."""
    return turn.status == "asked" or (turn.status == "skipped" and turn.error in CUT_OFF)


def rewrite_missing_reports(store: SessionStore, record: SessionRecord) -> list[Path] | None:
    """A complete session with a report file missing (removed by hand, or a disk that filled
    up under an older version) gets all three written again from its saved report; None when
    there is nothing to do here."""
    if record.status != "complete" or record.report is None or not store.missing_reports():
        return None
    return store.write_reports(record.report)


def _free_name(path: Path) -> Path:
    for n in range(1, 1000):
        candidate = path.with_name(f"{path.stem}-cut-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(path)
