"""Session folders: one per interview, private, rewritten atomically after every step.

    <home>/sessions/<id>/
      session.json          every turn so far (written to a temp file, then renamed over)
      session.log           provider choices, timings, warnings
      audio/q01-question.wav, audio/q01-answer.wav
      report.md, report.html, report.json
    <home>/history.db       every session indexed (storage.history), after every save

Folders are 0700 and files 0600: these are recordings of a person.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from ai_interviewer.core.models import JobDescription, Question, Report, ResumeProfile, Turn
from ai_interviewer.storage.atomic import write_text_atomic
from ai_interviewer.storage.private import (
    PRIVATE_FOLDER_MODE,
    create_private_file,
    make_private_dir,
)

log = logging.getLogger("ai_interviewer")

SESSION_FILE = "session.json"
LOG_FILE = "session.log"
FORMAT_VERSION = 1

SessionStatus = Literal["in_progress", "complete", "ended_early", "failed"]


class SessionRecord(BaseModel):
    """Everything session.json holds. Never a key: settings are recorded by name only."""

    version: int = FORMAT_VERSION
    id: str
    created: str  # ISO 8601, local time with offset
    updated: str
    status: SessionStatus = "in_progress"
    resume_file: str | None = None
    job_file: str | None = None
    providers: dict[str, str] = Field(default_factory=dict)  # role -> provider name
    notices: list[str] = Field(default_factory=list)
    profile: ResumeProfile
    job: JobDescription
    questions: list[Question]
    turns: list[Turn] = Field(default_factory=list)
    report: Report | None = None


def slugify(text: str | None, limit: int = 40) -> str:
    """A name made safe for any filesystem: ascii, lowercase, dashes; 'candidate' when empty."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
    return slug or "candidate"


class SessionStore:
    """One session's folder on disk."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.audio_dir = folder / "audio"

    @property
    def id(self) -> str:
        return self.folder.name

    @property
    def session_file(self) -> Path:
        return self.folder / SESSION_FILE

    @property
    def log_file(self) -> Path:
        return self.folder / LOG_FILE

    @classmethod
    def create(cls, sessions_dir: Path, candidate: str | None, now: datetime) -> SessionStore:
        """A new, empty session folder named by time and candidate; never reuses a folder."""
        make_private_dir(sessions_dir)
        base = f"{now:%Y%m%d-%H%M%S}-{slugify(candidate)}"
        for attempt in range(1000):
            name = base if attempt == 0 else f"{base}-{attempt + 1}"
            folder = sessions_dir / name
            try:
                folder.mkdir(mode=PRIVATE_FOLDER_MODE)
            except FileExistsError:
                continue
            store = cls(folder)
            make_private_dir(store.audio_dir)
            return store
        raise FileExistsError(f"too many sessions named {base}")

    def audio_path(self, question_id: str, role: Literal["question", "answer"], ext: str) -> Path:
        return self.audio_dir / f"{question_id}-{role}.{ext.lstrip('.')}"

    def relative(self, path: Path) -> str:
        return str(path.relative_to(self.folder))

    def save(self, record: SessionRecord, now: datetime) -> None:
        """Write session.json whole, then index it in the history (best effort: the history is
        rebuilt from the folders, so a failure there is logged and the interview goes on)."""
        record.updated = now.isoformat(timespec="seconds")
        write_text_atomic(self.session_file, record.model_dump_json(indent=2) + "\n")
        self._index(record)

    def _index(self, record: SessionRecord) -> None:
        from ai_interviewer.storage.history import SESSIONS_FOLDER, History

        if self.folder.parent.name != SESSIONS_FOLDER:  # not in a data folder: no history
            return
        try:
            History(self.folder.parent).index(record)
        except Exception as error:  # the session itself is saved; the next read catches up
            log.warning("history not updated for %s: %s", self.id, error)

    def load(self) -> SessionRecord:
        return SessionRecord.model_validate_json(self.session_file.read_text(encoding="utf-8"))

    def attach_log(self, logger: logging.Logger) -> logging.Handler:
        """Send the logger's records to session.log (0600) as well."""
        create_private_file(self.log_file)
        handler = logging.FileHandler(self.log_file, encoding="utf-8")
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S")
        )
        handler.setLevel(logging.DEBUG)
        logger.addHandler(handler)
        return handler
