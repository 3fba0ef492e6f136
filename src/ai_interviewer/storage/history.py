"""The history of every session: one SQLite database beside the session folders.

    <home>/history.db      sessions, their turns (question, answer, delivery), scores, measures
    <home>/sessions/<id>/  the truth: the database is an index of these folders

The folders stay the source of truth. The database is brought up to date with them whenever it
is read (a folder added, changed or removed by hand is picked up by its session.json's size and
time), indexed again after every save of a session, and rebuilt from them when it is missing,
damaged or of a schema this version does not know. Losing it loses nothing.

The schema is a list of migrations in code, applied in order and recorded in `_migrations`
(as simonw/llm does): a new version of the schema is one more function at the end of the list.
Two interviews at once are safe: WAL journaling, a busy timeout, and one `BEGIN IMMEDIATE`
transaction per session written. Nothing is fsynced: the folders are what must survive a power
cut, and a database damaged by one is rebuilt. The file is 0600, and deleted rows are overwritten
(`secure_delete`), so a purged session leaves nothing in it.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ai_interviewer.errors import InterviewError
from ai_interviewer.storage.private import create_private_file, make_private_dir
from ai_interviewer.storage.session import SESSION_FILE, SessionRecord, SessionStore

if TYPE_CHECKING:
    from ai_interviewer.core.models import Report, Turn
    from ai_interviewer.core.progress import ProgressPoint

_T = TypeVar("_T")

log = logging.getLogger("ai_interviewer")

HISTORY_FILE = "history.db"
SESSIONS_FOLDER = "sessions"  # a data folder's sessions; the history sits beside it
BUSY_TIMEOUT_S = 15.0  # how long a write waits for another interview's write to finish
ENDED = ("complete", "ended_early")  # sessions with a report: the ones progress counts

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []


def migration(function: Migration) -> Migration:
    """Add a migration at the end of the list; its name is recorded once it is applied."""
    MIGRATIONS.append(function)
    return function


@migration
def m001_sessions(db: sqlite3.Connection) -> None:
    """The sessions, for the list of past sessions."""
    db.execute(
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,          -- the folder's name
            created TEXT NOT NULL,        -- ISO 8601, local time with its offset
            created_epoch REAL NOT NULL,  -- the same in seconds, for ordering and filters
            updated TEXT NOT NULL,
            status TEXT NOT NULL,         -- in_progress, complete, ended_early, failed
            candidate TEXT,
            role TEXT,
            company TEXT,
            questions INTEGER NOT NULL,   -- planned, follow-ups included
            asked INTEGER NOT NULL,
            answered INTEGER NOT NULL,
            overall INTEGER NOT NULL,     -- unanswered questions count as 0
            scorer TEXT NOT NULL,
            source_mtime_ns INTEGER,      -- session.json as indexed; NULL: index it again
            source_size INTEGER
        )
        """
    )
    db.execute("CREATE INDEX sessions_by_date ON sessions (created_epoch)")


@migration
def m002_answers(db: sqlite3.Connection) -> None:
    """Each question and answer with its delivery and scores, and each session's measures,
    for progress across sessions."""
    db.execute(
        """
        CREATE TABLE turns (
            session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            question_id TEXT NOT NULL,
            question TEXT NOT NULL,
            kind TEXT NOT NULL,
            status TEXT NOT NULL,
            answered INTEGER NOT NULL,    -- 1 when it counts with its score, 0 when it counts 0
            transcript TEXT,
            answer_audio TEXT,            -- relative to the session folder
            overall INTEGER,
            scorer TEXT,
            tip TEXT,
            words INTEGER,
            duration_s REAL,
            first_word_s REAL,
            wpm REAL,
            fillers INTEGER,
            fillers_per_100 REAL,
            pauses_over_2s INTEGER,
            longest_pause_s REAL,
            hedges INTEGER,
            timed INTEGER,
            PRIMARY KEY (session_id, position)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE scores (
            session_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            criterion TEXT NOT NULL,
            score INTEGER NOT NULL,
            reason TEXT,
            PRIMARY KEY (session_id, position, criterion),
            FOREIGN KEY (session_id, position)
                REFERENCES turns (session_id, position) ON DELETE CASCADE
        )
        """
    )
    db.execute(
        """
        CREATE TABLE measures (
            session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            name TEXT NOT NULL,           -- one of core.progress.MEASURES
            value REAL,                   -- NULL: not measured (typed answers have no pace)
            PRIMARY KEY (session_id, name)
        )
        """
    )
    db.execute("UPDATE sessions SET source_mtime_ns = NULL")  # index every folder again


class UnknownSchema(Exception):
    """The database was not made by these migrations (a newer version, or another program)."""


def migrate(db: sqlite3.Connection, migrations: Sequence[Migration] = ()) -> list[str]:
    """Apply the migrations not yet applied (all of `MIGRATIONS` unless others are given), in
    one transaction; return their names."""
    migrations = migrations or MIGRATIONS
    if not _pending(db, migrations):
        return []
    with _writing(db):
        pending = _pending(db, migrations)  # again under the write lock: another process may
        db.execute(  # have applied them meanwhile
            "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied TEXT NOT NULL)"
        )
        for function in pending:
            function(db)
            db.execute(
                "INSERT INTO _migrations (name, applied) VALUES (?, ?)",
                (function.__name__, datetime.now().astimezone().isoformat(timespec="seconds")),
            )
    return [function.__name__ for function in pending]


def _pending(db: sqlite3.Connection, migrations: Sequence[Migration]) -> list[Migration]:
    """The migrations still to apply; UnknownSchema when the database is not one of ours."""
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "_migrations" not in tables:
        if tables:
            names = ", ".join(sorted(tables))
            raise UnknownSchema(f"tables without a record of migrations: {names}")
        return list(migrations)
    applied = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    unknown = applied - {function.__name__ for function in MIGRATIONS}
    if unknown:
        names = ", ".join(sorted(unknown))
        raise UnknownSchema(f"migrations this version does not know: {names}")
    return [function for function in migrations if function.__name__ not in applied]


@contextlib.contextmanager
def _writing(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taking the write lock at once (a second interview waits for it,
    rather than failing when its read turns into a write)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _is_damaged(error: sqlite3.DatabaseError) -> bool:
    """A database file that is not one, or is corrupt; not a lock, a full disk or a bug."""
    name = getattr(error, "sqlite_errorname", "")
    damaged = name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))
    return damaged or type(error) is sqlite3.DatabaseError


# --- what is read back -------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionSummary:
    """One session as the list of past sessions shows it."""

    id: str
    created: str
    status: str
    candidate: str | None
    role: str | None
    company: str | None
    questions: int
    asked: int
    answered: int
    overall: int
    scorer: str

    @property
    def finished(self) -> bool:
        """Complete: every question asked. Anything else can be carried on with `resume`."""
        return self.status == "complete"


@dataclass(frozen=True)
class SessionPoint:
    """One ended session's measures (`core.progress.MEASURES`), for progress."""

    session: SessionSummary
    measures: dict[str, float | None]


_SUMMARY_COLUMNS = (
    "id, created, status, candidate, role, company, questions, asked, answered, overall, scorer"
)


def _summary(row: Sequence[object]) -> SessionSummary:
    return SessionSummary(*row)  # type: ignore[arg-type]


def _matches(value: str | None, wanted: str | None) -> bool:
    return not wanted or wanted.casefold() in (value or "").casefold()


# --- the index ---------------------------------------------------------------------------------


class History:
    """The history database of one data folder, kept in step with its session folders."""

    def __init__(self, sessions_dir: Path) -> None:
        self.sessions_dir = Path(sessions_dir)
        self.path = self.sessions_dir.parent / HISTORY_FILE

    def index(self, record: SessionRecord) -> None:
        """Write one session's rows (replacing what it had), from its record as just saved."""
        source = self.sessions_dir / record.id / SESSION_FILE
        self._use(lambda db: _upsert(db, record, _signature(source)))

    def sessions(self) -> list[SessionSummary]:
        """Every session, newest first."""
        if not self._exists():
            return []
        rows = self._use(
            lambda db: db.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM sessions ORDER BY created_epoch DESC, id DESC"
            ).fetchall(),
            sync=True,
        )
        return [_summary(row) for row in rows]

    def progress(
        self,
        role: str | None = None,
        company: str | None = None,
        since: datetime | None = None,
    ) -> list[SessionPoint]:
        """The sessions that ended (complete or ended early) with at least one answer, oldest
        first, with their measures; role and company match any part of the session's, in any
        case."""
        if not self._exists():
            return []

        def read(db: sqlite3.Connection) -> list[SessionPoint]:
            rows = db.execute(
                f"SELECT {_SUMMARY_COLUMNS} FROM sessions "
                "WHERE status IN (?, ?) AND answered > 0 AND created_epoch >= ? "
                "ORDER BY created_epoch, id",
                (*ENDED, since.timestamp() if since else float("-inf")),
            ).fetchall()
            measures: dict[str, dict[str, float | None]] = {}
            for session_id, name, value in db.execute(
                "SELECT session_id, name, value FROM measures"
            ):
                measures.setdefault(session_id, {})[name] = value
            return [
                SessionPoint(summary, measures.get(summary.id, {}))
                for summary in map(_summary, rows)
                if _matches(summary.role, role) and _matches(summary.company, company)
            ]

        return self._use(read, sync=True)

    def progress_of(self, record: SessionRecord, report: Report) -> list[ProgressPoint]:
        """The sessions for this session's role (the same title, in any case) that ended with an
        answer, up to this one, oldest first, for its report's progress across sessions. This
        session is among them whether it ended or not, measured from `report`; with no role
        there is nothing to compare."""
        from ai_interviewer.core.progress import ProgressPoint, session_measures

        role = record.job.title
        if not role:
            return []
        until = _epoch(record.created)
        points = [
            ProgressPoint(p.session.id, p.session.created, p.measures)
            for p in self.progress(role=role)
            if (p.session.role or "").casefold() == role.casefold()
            and p.session.id != record.id
            and _epoch(p.session.created) <= until
        ]
        measures = session_measures(
            report.overall, report.criteria_means, report.delivery_summary, report.answered
        )
        points.append(ProgressPoint(record.id, record.created, measures, current=True))
        return points

    def forget(self, session_ids: Iterable[str]) -> None:
        """Remove these sessions' rows (and those of any folder gone meanwhile), and leave no
        trace of them in the file: deleted rows are overwritten, and the write-ahead log is
        emptied into the database."""
        ids = list(session_ids)
        if not self._exists():
            return

        def remove(db: sqlite3.Connection) -> None:
            with _writing(db):
                _delete(db, ids)
            _sync(db, self.sessions_dir)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

        self._use(remove)

    # --- connections ---------------------------------------------------------------------------

    def _exists(self) -> bool:
        return self.path.exists() or self.sessions_dir.is_dir()

    def _remove(self) -> None:
        """The database and its journal gone: the next connection makes it anew from the
        folders."""
        for suffix in ("", "-wal", "-shm"):
            self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)

    def _use(self, operation: Callable[[sqlite3.Connection], _T], sync: bool = False) -> _T:
        """Run `operation` on an up-to-date database; a damaged or unknown one is rebuilt from the
        folders first (once)."""
        try:
            with self._connection(sync) as db:
                return operation(db)
        except UnknownSchema as error:
            reason = str(error)
        except sqlite3.DatabaseError as error:
            if not _is_damaged(error):
                raise
            reason = str(error)
        log.warning("history %s unusable (%s): rebuilt from the session folders", self.path, reason)
        self._remove()
        with self._connection(sync=True) as db:
            return operation(db)

    @contextlib.contextmanager
    def _connection(self, sync: bool) -> Iterator[sqlite3.Connection]:
        fresh = not self.path.exists() or self.path.stat().st_size == 0
        make_private_dir(self.path.parent)
        create_private_file(self.path)  # 0600 before SQLite opens it; its journals follow it
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            _configure(db)
            migrate(db)
            if sync or fresh:
                _sync(db, self.sessions_dir)
            yield db
        finally:
            db.close()


def progress_of_folder(folder: Path, report: Report) -> list[ProgressPoint]:
    """`History.progress_of` for the session in `folder`, read from its session.json; nothing for
    a folder outside a data folder's sessions, or when the history cannot be read (logged: the
    report is written without its progress rather than not at all)."""
    folder = Path(folder)
    if folder.parent.name != SESSIONS_FOLDER:
        return []
    try:
        record = SessionStore(folder).load()
        return History(folder.parent).progress_of(record, report)
    except Exception as error:
        log.warning("no progress across sessions for %s: %s", folder.name, error)
        return []


def _configure(db: sqlite3.Connection) -> None:
    if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        db.execute("PRAGMA journal_mode = WAL")  # readers never block the writer, nor it them
    # No fsync: a crash of the program loses nothing (the system has the writes), a power cut
    # may damage the file, which is then rebuilt from the folders. Syncing would cost ~15 ms
    # a save, each time the last connection closes and folds the log into the file.
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA secure_delete = ON")


# --- keeping it in step with the folders -----------------------------------------------------


def _signature(session_file: Path) -> tuple[int, int] | None:
    """session.json's modification time and size: what tells a changed session."""
    try:
        found = session_file.stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


def _session_folders(sessions_dir: Path) -> list[Path]:
    """The session folders in `sessions_dir` (those with a session.json; no symlinks)."""
    if not sessions_dir.is_dir():
        return []
    return sorted(
        entry
        for entry in sessions_dir.iterdir()
        if entry.is_dir() and not entry.is_symlink() and (entry / SESSION_FILE).is_file()
    )


def _sync(db: sqlite3.Connection, sessions_dir: Path) -> None:
    """Index the folders that are new or changed since they were indexed; drop the rows of
    folders that are gone."""
    on_disk = {folder.name: folder for folder in _session_folders(sessions_dir)}
    indexed = {
        row[0]: (row[1], row[2])
        for row in db.execute("SELECT id, source_mtime_ns, source_size FROM sessions")
    }
    gone = [session_id for session_id in indexed if session_id not in on_disk]
    if gone:
        with _writing(db):
            _delete(db, gone)
    for session_id, folder in on_disk.items():
        store = SessionStore(folder)
        signature = _signature(store.session_file)
        if signature is None or indexed.get(session_id) == signature:
            continue
        try:
            record = store.load()
        except (InterviewError, OSError, ValueError) as error:  # unreadable, or not a session
            log.warning("history: %s left out: %s", folder, error)
            if session_id in indexed:  # what it said before it was damaged is no longer so
                with _writing(db):
                    _delete(db, [session_id])
            continue
        record.id = session_id  # the folder names the session, whatever the file says
        _upsert(db, record, signature)


def _delete(db: sqlite3.Connection, session_ids: Sequence[str]) -> None:
    for table, column in (("scores", "session_id"), ("turns", "session_id")):
        db.executemany(f"DELETE FROM {table} WHERE {column} = ?", [(i,) for i in session_ids])
    db.executemany("DELETE FROM measures WHERE session_id = ?", [(i,) for i in session_ids])
    db.executemany("DELETE FROM sessions WHERE id = ?", [(i,) for i in session_ids])


def _upsert(
    db: sqlite3.Connection, record: SessionRecord, signature: tuple[int, int] | None
) -> None:
    """One session's rows, replacing the ones it had, in one transaction."""
    rows = SessionRows.of(record)
    with _writing(db):
        _delete(db, [record.id])
        db.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*rows.session, *(signature or (None, None))),
        )
        db.executemany(f"INSERT INTO turns VALUES ({', '.join('?' * 22)})", rows.turns)
        db.executemany("INSERT INTO scores VALUES (?, ?, ?, ?, ?)", rows.scores)
        db.executemany("INSERT INTO measures VALUES (?, ?, ?)", rows.measures)


# --- a session as rows -------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionRows:
    """The rows one session is indexed as."""

    session: tuple[object, ...]
    turns: list[tuple[object, ...]]
    scores: list[tuple[object, ...]]
    measures: list[tuple[object, ...]]

    @classmethod
    def of(cls, record: SessionRecord) -> SessionRows:
        """From the report when there is one; else computed from the turns as the report would
        (an unfinished session's overall counts its unanswered questions as 0 too)."""
        from ai_interviewer.core import summary
        from ai_interviewer.core.progress import session_measures

        turns = record.turns
        asked = summary.first_attempts(turns)  # a retry is practice: the session is its first
        scored = [
            (t.question.id, t.evaluation)
            for t in asked
            if summary.is_answered(t) and t.evaluation is not None
        ]
        report = record.report
        if report is not None:
            overall, answered = report.overall, report.answered
            means, delivery = report.criteria_means, report.delivery_summary
            scorer = report.scorer
        else:
            overall, answered = summary.session_overall(asked), len(scored)
            means = summary.session_criteria_means(asked)
            delivery = summary.delivery_summary(scored)
            scorer = next((e.scorer for _, e in scored if e.scorer != "offline"), "offline")
        session = (
            record.id,
            record.created,
            _epoch(record.created),
            record.updated,
            record.status,
            record.profile.name,
            record.job.title,
            record.job.company,
            len(record.questions),
            len(asked),
            answered,
            overall,
            scorer,
        )
        measures = session_measures(overall, means, delivery, answered)
        return cls(
            session=session,
            turns=[_turn_row(record.id, n, t, summary.is_answered(t)) for n, t in enumerate(turns)],
            scores=[
                (record.id, n, c.criterion, c.score, c.reason)
                for n, t in enumerate(turns)
                if t.evaluation is not None
                for c in t.evaluation.criteria
            ],
            measures=[(record.id, name, value) for name, value in measures.items()],
        )


def _turn_row(session_id: str, position: int, turn: Turn, answered: bool) -> tuple[object, ...]:
    evaluation = turn.evaluation
    delivery = evaluation.delivery if evaluation is not None else None
    measured = (
        (
            delivery.word_count,
            delivery.duration_s,
            delivery.first_word_s,
            delivery.wpm,
            delivery.fillers,
            delivery.fillers_per_100,
            delivery.pauses_over_2s,
            delivery.longest_pause_s,
            delivery.hedges,
            int(delivery.timed),
        )
        if delivery is not None
        else (None,) * 10
    )
    return (
        session_id,
        position,
        turn.question.id,
        turn.question.text,
        turn.question.kind,
        turn.status,
        int(answered),
        turn.transcript.text if turn.transcript is not None else None,
        turn.answer_audio,
        evaluation.overall if evaluation is not None else None,
        evaluation.scorer if evaluation is not None else None,
        evaluation.tip if evaluation is not None else None,
        *measured,
    )


def _epoch(iso: str) -> float:
    try:
        return datetime.fromisoformat(iso).timestamp()
    except ValueError:
        return 0.0
