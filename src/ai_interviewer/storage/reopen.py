"""Continuing a session that was cut off (Ctrl-C, a crash, a dead battery).

Finished turns stay as they are. A turn whose answer was saved but not yet scored is scored from
the saved recording. A turn cut off while the candidate was answering is asked again; its partial
recording is kept beside it, renamed, never overwritten.
"""

from __future__ import annotations

from pathlib import Path

from ai_interviewer.errors import UsageError
from ai_interviewer.storage.session import SESSION_FILE, SessionRecord, SessionStore


def find_session(sessions_dir: Path, session_id: str | None) -> SessionStore:
    """The named session, or the most recent one that did not finish."""
    if session_id:
        folder = sessions_dir / Path(session_id).name
        if not (folder / SESSION_FILE).is_file():
            raise UsageError(
                f"no session {session_id!r} in {sessions_dir}",
                "run ai-interview resume without an id to continue the latest unfinished one",
            )
        return SessionStore(folder)
    for folder in sorted(_session_folders(sessions_dir), reverse=True):
        store = SessionStore(folder)
        if store.load().status != "complete":
            return store
    raise UsageError(f"no unfinished session in {sessions_dir}", "start one with ai-interview run")


def _session_folders(sessions_dir: Path) -> list[Path]:
    if not sessions_dir.is_dir():
        return []
    return [p for p in sessions_dir.iterdir() if (p / SESSION_FILE).is_file()]


def reopen(store: SessionStore) -> tuple[SessionRecord, list[str]]:
    """The session's record, ready to go on, and what was done to it (for notices)."""
    record = store.load()
    if record.status == "complete":
        raise UsageError(f"session {store.id} is complete", "its report is in " + str(store.folder))
    kept, notes = [], []
    for turn in record.turns:
        cut_off = turn.status == "asked" or (
            turn.status == "skipped" and turn.error == "interrupted"
        )
        if not cut_off:
            kept.append(turn)
            continue
        for partial in sorted(store.audio_dir.glob(f"{turn.question.id}-answer.*")):
            kept_as = _free_name(partial)
            partial.rename(kept_as)
            notes.append(
                f"{turn.question.id} was cut off; its partial answer is kept as "
                f"{store.relative(kept_as)} and the question is asked again."
            )
    record.turns = kept
    record.status = "in_progress"
    record.report = None
    return record, notes


def _free_name(path: Path) -> Path:
    for n in range(1, 1000):
        candidate = path.with_name(f"{path.stem}-cut-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise FileExistsError(path)
