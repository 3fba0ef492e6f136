"""Session folders: one per interview, private, rewritten atomically after every step.

    <home>/sessions/<id>/
      session.json          every turn so far (written to a temp file, then renamed over)
      session.log           provider choices, timings, warnings
      audio/q01-question.wav, audio/q01-answer.wav
      report.md, report.html, report.json
    <home>/history.db       every session indexed (storage.history), after every save

Folders are 0700 and files 0600: these are recordings of a person. Every file name made from
data (a question's id, an extension) goes through `storage.names`, so it stays in its folder.
A session is `complete` (or `ended_early`) only once its three report files are written; while
one process has a session open (`lock`), another refuses it in one line.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from ai_interviewer.core.decoding import os_text
from ai_interviewer.core.models import JobDescription, Question, Report, ResumeProfile, Turn
from ai_interviewer.errors import SessionBusy, SessionDamaged, StorageError, storage_error
from ai_interviewer.storage.atomic import write_text_atomic
from ai_interviewer.storage.names import inside, safe_name, with_extension
from ai_interviewer.storage.private import (
    PRIVATE_FOLDER_MODE,
    create_private_file,
    ensure_folder,
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
        self._lock: int | None = None  # the folder's descriptor while this process holds it

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
        ensure_folder(sessions_dir, "sessions folder")
        base = f"{now:%Y%m%d-%H%M%S}-{slugify(candidate)}"
        for attempt in range(1000):
            name = base if attempt == 0 else f"{base}-{attempt + 1}"
            folder = inside(sessions_dir, name)
            try:
                folder.mkdir(mode=PRIVATE_FOLDER_MODE)
            except FileExistsError:
                continue
            except OSError as error:
                raise storage_error("cannot create the session folder", folder, error) from None
            store = cls(folder)
            ensure_folder(store.audio_dir, "session's audio folder")
            return store
        raise StorageError(f"too many sessions named {base} in {sessions_dir}")

    def audio_path(self, question_id: str, role: Literal["question", "answer"], ext: str) -> Path:
        """Where a question's audio or its answer's recording goes, made safe from the id."""
        return self._audio_file(f"{question_id}-{role}", ext)

    def question_part_path(self, question_id: str, part: int, ext: str) -> Path:
        """One sentence of a spoken question."""
        return self._audio_file(f"{question_id}-question-{part}", ext)

    def answer_files(self, question_id: str) -> list[Path]:
        """The recordings (whole or partial) of a question's answer, whatever their format."""
        stem = safe_name(f"{question_id}-answer", fallback="audio")
        return sorted(self.audio_dir.glob(f"{stem}.*"))

    def _audio_file(self, stem: str, ext: str) -> Path:
        return with_extension(self.audio_dir / safe_name(stem, fallback="audio"), ext)

    def relative(self, path: Path) -> str:
        return str(path.relative_to(self.folder))

    def save(self, record: SessionRecord, now: datetime) -> None:
        """Write session.json whole, then index it in the history (best effort: the history is
        rebuilt from the folders, so a failure there is logged and the interview goes on)."""
        record.updated = now.isoformat(timespec="seconds")
        try:
            write_text_atomic(self.session_file, _session_json(record))
        except OSError as error:
            raise storage_error(
                "could not save", self.session_file, error, _save_hint(error, self.id)
            ) from None
        self._index(record)

    def finish(self, record: SessionRecord, status: SessionStatus, now: datetime) -> list[Path]:
        """The interview is over: save its report in session.json, write the three report
        files, and only then mark it `status` (complete or ended early). A failure leaves the
        session unfinished, so that `resume` writes the report."""
        self.save(record, now)
        assert record.report is not None
        paths = self.write_reports(record.report)
        record.status = status
        self.save(record, now)
        return paths

    def write_reports(self, report: Report) -> list[Path]:
        from ai_interviewer.report.json_report import write_reports

        try:
            return write_reports(report, self.folder)
        except OSError as error:
            raise storage_error(
                "could not write the report in", self.folder, error, _save_hint(error, self.id)
            ) from None

    def report_files(self) -> list[Path]:
        from ai_interviewer.report.json_report import REPORT_FILE_NAMES

        return [self.folder / name for name in REPORT_FILE_NAMES]

    def missing_reports(self) -> list[str]:
        return [path.name for path in self.report_files() if not path.is_file()]

    def _index(self, record: SessionRecord) -> None:
        from ai_interviewer.storage.history import SESSIONS_FOLDER, History

        if self.folder.parent.name != SESSIONS_FOLDER:  # not in a data folder: no history
            return
        try:
            History(self.folder.parent).index(record)
        except Exception as error:  # the session itself is saved; the next read catches up
            log.warning("history not updated for %s: %s", self.id, error)

    def load(self) -> SessionRecord:
        """The session as saved; SessionDamaged (one line naming the file) when session.json
        cannot be read as a session, StorageError when it cannot be read at all."""
        try:
            data = self.session_file.read_bytes()
        except OSError as error:
            raise storage_error("cannot read", self.session_file, error) from None
        try:
            return SessionRecord.model_validate_json(data)
        except ValidationError as error:
            raise SessionDamaged(
                f"{self.session_file} is damaged: {_first_problem(error)}",
                "restore it from a backup, or remove the folder with ai-interview purge " + self.id,
            ) from None

    def lock(self) -> None:
        """Hold this session for this process until `unlock` (or the process ends): another
        ai-interview that tries is refused with SessionBusy. Not reentrant across stores."""
        if self._lock is not None:
            return
        try:
            import fcntl
        except ImportError:  # Windows: no locks on folders; one session at a time is on the user
            return
        try:
            descriptor = os.open(self.folder, os.O_RDONLY)
        except OSError as error:
            raise storage_error("cannot open the session folder", self.folder, error) from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise SessionBusy(
                f"session {self.id} is open in another ai-interview",
                "wait for that one to end, or stop it",
            ) from None
        except OSError as error:  # a file system without locks (some network shares)
            log.warning("session %s not locked: %s", self.id, error)
        self._lock = descriptor

    def unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None

    def attach_log(self, logger: logging.Logger) -> logging.Handler:
        """Send the logger's records to session.log (0600) as well."""
        try:
            create_private_file(self.log_file)
        except OSError as error:
            raise storage_error("cannot write", self.log_file, error) from None
        handler = logging.FileHandler(self.log_file, encoding="utf-8")
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%S")
        )
        handler.setLevel(logging.DEBUG)
        logger.addHandler(handler)
        return handler


def _session_json(record: SessionRecord) -> str:
    """session.json's text. Text from outside is decoded by the one policy where it comes in;
    should a surrogate escape still reach the record, it is decoded here rather than lost."""
    try:
        return record.model_dump_json(indent=2) + "\n"
    except ValueError:  # pydantic cannot encode a lone surrogate
        data = _clean_strings(record.model_dump(mode="json"))
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _clean_strings(value: object) -> object:
    if isinstance(value, str):
        return os_text(value)
    if isinstance(value, dict):
        return {_clean_strings(k): _clean_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean_strings(v) for v in value]
    return value


def _save_hint(error: OSError, session_id: str) -> str:
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"the disk is full: free some space, then ai-interview resume {session_id}"
    return f"then ai-interview resume {session_id} carries on"


def _first_problem(error: ValidationError) -> str:
    """The first of pydantic's complaints, in one short line."""
    problems = error.errors()
    if not problems:
        return "not a session"
    first = problems[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "the file"
    if first.get("type") == "json_invalid":
        return "not valid JSON"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{where}: {first.get('msg', 'invalid')}{more}"
