"""Scoring answers recorded earlier: a folder of audio files and a manifest of their questions.

The manifest is `manifest.csv` in the folder, one row per recording, with a header:

    file,question
    q1-intro.wav,"Tell me about your background and why this role."
    q2-postgres.flac,"Describe a time you made a slow PostgreSQL query fast."

Optional columns: `id` (a short name for the question, default q01, q02, ... in row order) and
`kind` (resume, requirement, behavioral or situational; default behavioral). Rows whose file
starts with `#` are comments. Without a manifest, each recording may have a text file of the same
name beside it (`answer1.wav` + `answer1.txt`) holding its question. Audio: WAV, FLAC, MP3, OGG.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ai_interviewer.core.models import (
    Evaluation,
    JobDescription,
    Question,
    ResumeProfile,
    Transcript,
)
from ai_interviewer.core.text import content_tokens
from ai_interviewer.errors import InterviewError, UsageError

MANIFEST = "manifest.csv"
AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg")
KINDS = ("resume", "requirement", "behavioral", "situational")


@dataclass(frozen=True)
class AnswerItem:
    file: Path
    question: Question


@dataclass(frozen=True)
class BatchResult:
    item: AnswerItem
    transcript: Transcript | None = None
    evaluation: Evaluation | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.evaluation is not None


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


def _manifest_rows(path: Path) -> Iterator[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text", "save the manifest as UTF-8") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))  # keeps line breaks inside quotes
    fields = {f.strip().lower() for f in reader.fieldnames or []}
    if not {"file", "question"} <= fields:
        raise UsageError(
            f"{path} needs a header row with the columns file and question",
            "first line: file,question",
        )
    for row in reader:
        if None in row:  # more cells than the header has columns
            raise UsageError(
                f"{path}, line {reader.line_num}: more cells than the header has columns",
                'put quotes around a cell that holds a comma: "like, this"',
            )
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if not clean.get("file") or clean["file"].startswith("#"):
            continue
        yield clean


def load_manifest(folder: Path) -> list[AnswerItem]:
    """The recordings of a folder with their questions, in manifest (or file-name) order."""
    if not folder.exists():
        raise UsageError(f"{folder} does not exist", "give the folder of recorded answers")
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder", "give the folder of recorded answers")
    manifest = folder / MANIFEST
    if manifest.is_file():
        items = []
        for index, row in enumerate(_manifest_rows(manifest), start=1):
            if not row.get("question"):
                raise UsageError(f"{manifest}: row for {row['file']} has no question")
            question = make_question(index, row["question"], row.get("id"), row.get("kind"))
            items.append(AnswerItem(folder / row["file"], question))
        if not items:
            raise UsageError(f"{manifest} lists no recordings")
        return items
    return _sidecar_items(folder)


def _sidecar_items(folder: Path) -> list[AnswerItem]:
    audio = sorted(p for p in folder.iterdir() if p.suffix.lower() in AUDIO_SUFFIXES)
    if not audio:
        raise UsageError(
            f"{folder} has no {MANIFEST} and no recordings",
            f"add audio files ({', '.join(AUDIO_SUFFIXES)}) and a {MANIFEST}",
        )
    items = []
    for index, path in enumerate(audio, start=1):
        sidecar = path.with_suffix(".txt")
        if not sidecar.is_file():
            raise UsageError(
                f"no question for {path.name}",
                f"list it in {folder / MANIFEST} (file,question) or put it in {sidecar.name}",
            )
        text = sidecar.read_text(encoding="utf-8", errors="replace")
        items.append(AnswerItem(path, make_question(index, text, qid=path.stem)))
    return items


def score_item(
    item: AnswerItem,
    transcribe: Callable[[Path], Transcript],
    profile: ResumeProfile,
    jd: JobDescription,
) -> BatchResult:
    """Transcribe and score one recording; a failure becomes the result's error, not a raise.

    The error does not repeat the file's name: whoever shows it names the file."""
    from ai_interviewer.core.scorer import evaluate_offline

    if not item.file.is_file():
        return BatchResult(item, error="file not found")
    if item.file.suffix.lower() not in AUDIO_SUFFIXES:
        return BatchResult(item, error="not a WAV, FLAC, MP3 or OGG file")
    try:
        transcript = transcribe(item.file)
    except InterviewError as error:
        return BatchResult(item, error=error.one_line())
    evaluation = evaluate_offline(item.question, transcript, profile, jd)
    return BatchResult(item, transcript=transcript, evaluation=evaluation)
