"""Which answers a folder holds and which question each answers: a manifest, or files side by side.

The manifest is `manifest.csv` (or `manifest.jsonl`, one JSON object a line) in the folder, one
row per answer:

    file,question
    q1-intro.wav,"Tell me about your background and why this role."
    q2-postgres.flac,"Describe a time you made a slow PostgreSQL query fast."
    q3-conflict.txt,"Tell me about a disagreement with a teammate."

A `file` is a recording (WAV, FLAC, MP3, OGG) or a `.txt` file holding the answer's transcript.
An optional `transcript` column holds the answer's text itself; such a row needs no file (it is
shown by its id), and a row with both is scored from its transcript, its file only naming it.
Other optional columns: `id` (a short name for the question, default q01, q02, ... in row order),
`kind` (resume, requirement, behavioral or situational; default behavioral), and, so that one
run can hold a cohort, `candidate` (a name), `resume` and `jd` (files in the folder; the
command's --resume and --jd stand in for a row that names none). Rows whose file starts with `#`
are comments; put quotes around a cell holding a comma.

Every row is checked before any work starts, and every problem is listed with its row: a row with
more cells than the header, a cell over its length limit, no question, an unknown kind, an id that
is not a plain name (ids are names, never paths), two rows with the same id for one candidate, a
file outside the folder or missing. A row with a problem is not scored; the others are.

Without a manifest, NAME.txt beside an answer holds its question, and the answer is either a
recording NAME.wav (.flac, .mp3, .ogg) or a transcript NAME.transcript.txt:

    answer1.wav                answer2.transcript.txt
    answer1.txt  (question)    answer2.txt  (question)
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ai_interviewer.core.models import Question
from ai_interviewer.core.text import content_tokens
from ai_interviewer.errors import UsageError

MANIFEST = "manifest.csv"
MANIFEST_JSONL = "manifest.jsonl"
AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg")
TRANSCRIPT_SUFFIX = ".txt"
SIDECAR_TRANSCRIPT = ".transcript.txt"  # without a manifest: NAME.transcript.txt is the answer
KINDS = ("resume", "requirement", "behavioral", "situational")
COLUMNS = ("id", "file", "question", "kind", "transcript", "candidate", "resume", "jd")

MAX_MANIFEST_BYTES = 64 * 1024 * 1024  # 64 MB: far more than 10,000 typed answers
# The longest cell of each kind, in characters: a 20-minute answer is about 25,000 characters
CELL_LIMITS = {"transcript": 100_000, "question": 2_000}
DEFAULT_CELL_LIMIT = 1_000
CSV_FIELD_LIMIT = max(CELL_LIMITS.values()) * 4 + 1  # read longer cells, to report them
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
ID_RULE = "letters, digits, '.', '-' and '_', at most 64, starting with a letter or digit"


@dataclass(frozen=True)
class AnswerItem:
    """One answer to score: a recording, a transcript file, or a transcript in the manifest,
    with whose it is and the documents it is scored against (None: the command's defaults)."""

    file: Path | None
    question: Question
    text: str | None = None  # the transcript given in the manifest's transcript column
    candidate: str = ""
    resume: Path | None = None
    jd: Path | None = None
    row: int = 0  # the manifest row it came from (0 without a manifest)

    @property
    def name(self) -> str:
        """What the answer is shown as: its file's name, or its question's id."""
        return self.file.name if self.file is not None else self.question.id

    @property
    def is_transcript(self) -> bool:
        return self.text is not None or (
            self.file is not None and self.file.suffix.lower() == TRANSCRIPT_SUFFIX
        )

    @property
    def is_recording(self) -> bool:
        return (
            self.text is None
            and self.file is not None
            and self.file.suffix.lower() in AUDIO_SUFFIXES
        )


@dataclass(frozen=True)
class Problem:
    """A manifest row that cannot be scored, and why."""

    where: str  # "manifest.csv row 4"
    message: str
    row: int = 0  # for listing the problems in the manifest's order

    def one_line(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Manifest:
    """The answers a folder holds, and the rows that could not be read (with why)."""

    items: list[AnswerItem]
    problems: list[Problem] = field(default_factory=list)
    name: str = MANIFEST  # the manifest's file name, for the problems found later

    def without_missing_files(self) -> Manifest:
        """The manifest less the rows naming a file (answer, resume, job) that is not there,
        each of those a problem: found before any work, like the others."""
        kept, problems = [], list(self.problems)
        for item in self.items:
            missing = _missing(item)
            if missing:
                where = f"{self.name} row {item.row}" if item.row else item.name
                problems += [
                    Problem(where, f"{name}: file not found", item.row) for name in missing
                ]
            else:
                kept.append(item)
        return Manifest(kept, sorted(problems, key=lambda p: p.row), self.name)


def make_question(
    index: int, text: str, qid: str | None = None, kind: str | None = None
) -> Question:
    kind = (kind or "behavioral").strip().lower()
    if kind not in KINDS:
        raise UsageError(f"unknown question kind {kind!r}", f"use one of: {', '.join(KINDS)}")
    return Question(
        id=(qid or "").strip() or f"q{index:02d}",
        text=text.strip(),
        kind=kind,
        probes="Question from the manifest",
        expected_terms=sorted(set(content_tokens(text)))[:12],
    )


def load_manifest(folder: Path) -> list[AnswerItem]:
    """The answers of a folder with their questions, in manifest (or file-name) order; any
    problem with the manifest is a usage error that lists every one."""
    manifest = read_manifest(folder)
    if manifest.problems:
        raise ManifestError(manifest.problems)
    return manifest.items


class ManifestError(UsageError):
    """A manifest with rows that cannot be scored: every problem, in one message."""

    def __init__(self, problems: list[Problem]) -> None:
        first = problems[0].one_line()
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        super().__init__(first + more, "fix the rows, or run ai-interview score to see them all")
        self.problems = problems


def read_manifest(folder: Path) -> Manifest:
    """The folder's answers and the manifest rows that cannot be scored. A folder that is not
    one, or a manifest that cannot be read at all (no header, not UTF-8), is a usage error."""
    if not folder.exists():
        raise UsageError(f"{folder} does not exist", "give the folder of recorded answers")
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder", "give the folder of recorded answers")
    for name in (MANIFEST, MANIFEST_JSONL):
        path = folder / name
        if path.is_file():
            manifest = _read_rows(folder, path)
            if not manifest.items and not manifest.problems:
                raise UsageError(f"{path} lists no recordings or transcripts")
            return manifest
    return Manifest(_sidecar_items(folder))


# --- reading the rows ------------------------------------------------------------------------


def _read_rows(folder: Path, path: Path) -> Manifest:
    rows = _jsonl_rows(path) if path.suffix == ".jsonl" else _csv_rows(path)
    manifest = Manifest(items=[], name=path.name)
    seen: dict[tuple[str, str], int] = {}
    for index, (row, cells, trouble) in enumerate(rows, start=1):
        where = f"{path.name} {'line' if path.suffix == '.jsonl' else 'row'} {row}"
        problems = trouble or _row_problems(folder, cells)
        item = None if problems else _item(folder, index, row, cells)
        if item is not None:
            key = (item.candidate, item.question.id)
            if key in seen:
                whose = f" of candidate {item.candidate!r}" if item.candidate else ""
                problems = [f"id {item.question.id!r}{whose} is also row {seen[key]}'s"]
            else:
                seen[key] = row
        if problems:
            manifest.problems += [Problem(where, message, row) for message in problems]
        elif item is not None:
            manifest.items.append(item)
    return manifest


RowCells = tuple[int, dict[str, str], list[str]]  # (row, cells, problems found while reading)


def _read_text(path: Path) -> str:
    size = path.stat().st_size
    if size > MAX_MANIFEST_BYTES:
        raise UsageError(
            f"{path} is {size / 1e6:.0f} MB, over the limit of {MAX_MANIFEST_BYTES // 10**6} MB",
            "split the cohort into several folders",
        )
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text", "save the manifest as UTF-8") from None


def _csv_rows(path: Path) -> Iterator[RowCells]:
    """Each row with its number as a spreadsheet shows it (the header is row 1); comments and
    blank rows left out."""
    text = _read_text(path)
    csv.field_size_limit(CSV_FIELD_LIMIT)
    reader = csv.reader(io.StringIO(text, newline=""))  # keeps line breaks inside quotes
    try:
        header = [cell.strip().lower() for cell in next(reader, [])]
    except csv.Error as error:
        raise UsageError(f"{path}: the header row cannot be read ({error})") from None
    if "question" not in header or not set(header) & {"file", "transcript"}:
        raise UsageError(
            f"{path} needs a header row with the columns file (or transcript) and question",
            "first line: file,question",
        )
    row = 1
    while True:
        row += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            if "field limit" in str(error):  # too long even to read whole
                limit = max(CELL_LIMITS.values())
                yield (
                    row,
                    {},
                    [
                        f"a cell is over {CSV_FIELD_LIMIT - 1:,} characters, "
                        f"over the limit of {limit:,}"
                    ],
                )
            else:
                yield row, {}, [f"cannot be read as CSV ({error})"]
            continue
        if len(cells) > len(header):
            yield (
                row,
                {},
                [
                    f"{len(cells)} cells but the header has {len(header)} columns "
                    '(put quotes around a cell that holds a comma: "like, this")'
                ],
            )
            continue
        clean = {name: value.strip() for name, value in zip(header, cells, strict=False)}
        if _is_skipped(clean, "transcript" in header):
            continue
        yield row, clean, []


def _jsonl_rows(path: Path) -> Iterator[RowCells]:
    for line_number, line in enumerate(_read_text(path).splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            yield line_number, {}, [f"not a JSON object ({error.msg})"]
            continue
        if not isinstance(data, dict):
            yield line_number, {}, ["not a JSON object"]
            continue
        wrong = [k for k, v in data.items() if v is not None and not isinstance(v, str | int)]
        if wrong:
            yield line_number, {}, [f"{', '.join(map(str, wrong))}: give text, not a list"]
            continue
        clean = {
            str(k).strip().lower(): str(v if v is not None else "").strip() for k, v in data.items()
        }
        if "transcript" not in clean and not clean.get("file"):
            yield line_number, {}, ["names no file and holds no transcript"]
            continue
        yield line_number, clean, []


def _is_skipped(cells: dict[str, str], has_transcript_column: bool) -> bool:
    """Comments, blank rows, and rows that name no answer where no transcript column could."""
    if cells.get("file", "").startswith("#") or not any(cells.values()):
        return True
    return not cells.get("file") and not has_transcript_column


def _row_problems(folder: Path, cells: dict[str, str]) -> list[str]:
    problems = []
    for column, value in cells.items():
        limit = CELL_LIMITS.get(column, DEFAULT_CELL_LIMIT)
        if len(value) > limit:
            problems.append(
                f"the {column} is {len(value):,} characters, over the limit of {limit:,}"
            )
    if problems:
        return problems
    if not cells.get("question"):
        problems.append("no question")
    kind = (cells.get("kind") or "behavioral").lower()
    if kind not in KINDS:
        problems.append(f"unknown question kind {kind!r} (use one of: {', '.join(KINDS)})")
    qid = cells.get("id", "")
    if qid and not ID_PATTERN.fullmatch(qid):
        problems.append(f"id {qid!r} is not a name ({ID_RULE})")
    for column in ("file", "resume", "jd"):
        problems += _path_problems(folder, column, cells.get(column, ""))
    return problems


def _path_problems(folder: Path, column: str, value: str) -> list[str]:
    """A file the row names must be in the folder (a name, or a path below it) and exist; a
    transcript cell makes the file only the row's name, so it need not exist."""
    if not value:
        return []
    parts = PurePosixPath(value.replace("\\", "/")).parts
    if value.startswith(("/", "\\", "~")) or ".." in parts or re.match(r"[A-Za-z]:", value):
        return [f"{column} {value!r} is outside the folder (name a file in it)"]
    return []


def _item(folder: Path, index: int, row: int, cells: dict[str, str]) -> AnswerItem:
    file = folder / cells["file"] if cells.get("file") else None
    question = make_question(index, cells["question"], cells.get("id"), cells.get("kind"))
    # a transcript cell is the answer when it holds text, or when no file names another
    has_cell = "transcript" in cells
    text = cells["transcript"] if has_cell and (cells["transcript"] or not file) else None
    return AnswerItem(
        file=file,
        question=question,
        text=text,
        candidate=cells.get("candidate", ""),
        resume=folder / cells["resume"] if cells.get("resume") else None,
        jd=folder / cells["jd"] if cells.get("jd") else None,
        row=row,
    )


def _missing(item: AnswerItem) -> list[str]:
    """The files an item names that are not there."""
    named = [item.resume, item.jd]
    if item.text is None:
        named.append(item.file)
    return [path.name for path in named if path is not None and not path.is_file()]


# --- without a manifest ----------------------------------------------------------------------


def _sidecar_items(folder: Path) -> list[AnswerItem]:
    answers = sorted(p for p in folder.iterdir() if p.is_file() and _is_sidecar_answer(p))
    if not answers:
        has_text = any(p.suffix.lower() == TRANSCRIPT_SUFFIX for p in folder.iterdir())
        raise UsageError(
            f"{folder} has no {MANIFEST} and no recordings or transcripts",
            f"without a manifest NAME.txt holds a question: put the answer in NAME.transcript.txt"
            f" or list the .txt files in a {MANIFEST} (file,question)"
            if has_text
            else f"add audio files ({', '.join(AUDIO_SUFFIXES)}) and a {MANIFEST}",
        )
    stems: dict[str, Path] = {}
    items = []
    for index, path in enumerate(answers, start=1):
        stem = _answer_stem(path)
        if stem in stems:
            raise UsageError(
                f"{stems[stem].name} and {path.name} both answer the question in {stem}.txt",
                f"keep one, or list the one to score in {folder / MANIFEST}",
            )
        stems[stem] = path
        sidecar = path.with_name(stem + TRANSCRIPT_SUFFIX)
        if not sidecar.is_file():
            raise UsageError(
                f"no question for {path.name}",
                f"list it in {folder / MANIFEST} (file,question) or put it in {sidecar.name}",
            )
        text = sidecar.read_text(encoding="utf-8-sig", errors="replace")
        qid = stem if ID_PATTERN.fullmatch(stem) else f"q{index:02d}"
        items.append(AnswerItem(path, make_question(index, text[:2_000], qid=qid)))
    return items


def _is_sidecar_answer(path: Path) -> bool:
    return path.suffix.lower() in AUDIO_SUFFIXES or path.name.lower().endswith(SIDECAR_TRANSCRIPT)


def _answer_stem(path: Path) -> str:
    """answer1.wav and answer1.transcript.txt are both answer1's."""
    if path.name.lower().endswith(SIDECAR_TRANSCRIPT):
        return path.name[: -len(SIDECAR_TRANSCRIPT)]
    return path.stem
