"""Scoring answers given earlier: recordings or transcripts, and a manifest of their questions.

The manifest is `manifest.csv` in the folder, one row per answer, with a header:

    file,question
    q1-intro.wav,"Tell me about your background and why this role."
    q2-postgres.flac,"Describe a time you made a slow PostgreSQL query fast."
    q3-conflict.txt,"Tell me about a disagreement with a teammate."

A `file` is a recording (WAV, FLAC, MP3, OGG) or a `.txt` file holding the answer's transcript.
An optional `transcript` column holds the answer's text itself; such a row needs no file (it is
shown by its id), and a row with both is scored from its transcript, its file only naming it.
In a manifest with a transcript column, a row whose file and transcript are both empty is an
empty answer. Other optional columns: `id` (a short name for the question, default q01, q02, ...
in row order) and `kind` (resume, requirement, behavioral or situational; default behavioral).
Rows whose file starts with `#` are comments; put quotes around a cell holding a comma.

Without a manifest, NAME.txt beside an answer holds its question, and the answer is either a
recording NAME.wav (.flac, .mp3, .ogg) or a transcript NAME.transcript.txt:

    answer1.wav                answer2.transcript.txt
    answer1.txt  (question)    answer2.txt  (question)

Transcripts are UTF-8 text (a byte-order mark is fine); an empty one is an answer with nothing
in it, scored as such. A transcript has no word timings, so its pace and pauses are not
measured; fillers and hedges are counted from its words.
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
    LLMCall,
    Question,
    ResumeProfile,
    Transcript,
)
from ai_interviewer.core.text import content_tokens
from ai_interviewer.errors import InterviewError, UsageError

MANIFEST = "manifest.csv"
AUDIO_SUFFIXES = (".wav", ".flac", ".mp3", ".ogg")
TRANSCRIPT_SUFFIX = ".txt"
SIDECAR_TRANSCRIPT = ".transcript.txt"  # without a manifest: NAME.transcript.txt is the answer
KINDS = ("resume", "requirement", "behavioral", "situational")


@dataclass(frozen=True)
class AnswerItem:
    """One answer to score: a recording, a transcript file, or a transcript in the manifest."""

    file: Path | None
    question: Question
    text: str | None = None  # the transcript given in the manifest's transcript column

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
class BatchResult:
    item: AnswerItem
    transcript: Transcript | None = None
    evaluation: Evaluation | None = None
    error: str | None = None
    llm_calls: tuple[LLMCall, ...] = ()  # the model's calls for this answer, when it scored

    @property
    def ok(self) -> bool:
        return self.evaluation is not None

    @property
    def failure(self) -> str | None:
        """The failure as one line naming the answer ("a.txt: file not found"); None if ok."""
        return None if self.error is None else f"{self.item.name}: {self.error}"


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


def _manifest_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """The manifest's rows (with the line each ends on), comments and blank rows left out."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path} is not UTF-8 text", "save the manifest as UTF-8") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))  # keeps line breaks inside quotes
    fields = {f.strip().lower() for f in reader.fieldnames or []}
    if "question" not in fields or not fields & {"file", "transcript"}:
        raise UsageError(
            f"{path} needs a header row with the columns file (or transcript) and question",
            "first line: file,question",
        )
    for row in reader:
        if None in row:  # more cells than the header has columns
            raise UsageError(
                f"{path}, line {reader.line_num}: more cells than the header has columns",
                'put quotes around a cell that holds a comma: "like, this"',
            )
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        if clean.get("file", "").startswith("#") or not any(clean.values()):
            continue
        if not clean.get("file") and "transcript" not in clean:
            continue  # no answer named, and no transcript column to hold one
        yield reader.line_num, clean


def load_manifest(folder: Path) -> list[AnswerItem]:
    """The answers of a folder with their questions, in manifest (or file-name) order."""
    if not folder.exists():
        raise UsageError(f"{folder} does not exist", "give the folder of recorded answers")
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder", "give the folder of recorded answers")
    manifest = folder / MANIFEST
    if manifest.is_file():
        items = [
            _manifest_item(folder, manifest, index, line, row)
            for index, (line, row) in enumerate(_manifest_rows(manifest), start=1)
        ]
        if not items:
            raise UsageError(f"{manifest} lists no recordings or transcripts")
        return items
    return _sidecar_items(folder)


def _manifest_item(
    folder: Path, manifest: Path, index: int, line: int, row: dict[str, str]
) -> AnswerItem:
    file = folder / row["file"] if row.get("file") else None
    if not row.get("question"):
        named = f"the row for {row['file']}" if file else f"line {line}"
        raise UsageError(f"{manifest}: {named} has no question")
    question = make_question(index, row["question"], row.get("id"), row.get("kind"))
    # a transcript cell is the answer when it holds text, or when no file names another
    text = row["transcript"] if "transcript" in row and (row["transcript"] or not file) else None
    return AnswerItem(file, question, text)


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
        items.append(AnswerItem(path, make_question(index, text, qid=stem)))
    return items


def _is_sidecar_answer(path: Path) -> bool:
    return path.suffix.lower() in AUDIO_SUFFIXES or path.name.lower().endswith(SIDECAR_TRANSCRIPT)


def _answer_stem(path: Path) -> str:
    """answer1.wav and answer1.transcript.txt are both answer1's."""
    if path.name.lower().endswith(SIDECAR_TRANSCRIPT):
        return path.name[: -len(SIDECAR_TRANSCRIPT)]
    return path.stem


def text_transcript(text: str) -> Transcript:
    """A transcript given as text: no word timings, no duration."""
    return Transcript(text=text.strip(), words=[], duration=None, source="text")


def read_transcript(path: Path) -> Transcript:
    """The transcript in a UTF-8 text file (a byte-order mark is fine).

    Errors do not repeat the file's name: whoever shows them names the file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InterviewError("file not found") from None
    except OSError as error:
        raise InterviewError(f"cannot read it: {error.strerror or error}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InterviewError("not UTF-8 text", "save it as UTF-8") from None
    return text_transcript(text)


def answer_transcript(item: AnswerItem, transcribe: Callable[[Path], Transcript]) -> Transcript:
    """The answer's transcript: given, read from its .txt file, or transcribed from audio."""
    if item.text is not None:
        return text_transcript(item.text)
    if item.file is None or not item.file.is_file():
        raise InterviewError("file not found")
    if item.is_transcript:
        return read_transcript(item.file)
    if item.file.suffix.lower() not in AUDIO_SUFFIXES:
        raise InterviewError("not a recording (WAV, FLAC, MP3, OGG) nor a transcript (.txt)")
    return transcribe(item.file)


def score_item(
    item: AnswerItem,
    transcribe: Callable[[Path], Transcript],
    profile: ResumeProfile,
    jd: JobDescription,
) -> BatchResult:
    """Score one answer (a recording is transcribed first); a failure becomes the result's
    error, not a raise.

    The error does not repeat the file's name: whoever shows it names the file."""
    from ai_interviewer.core.scorer import evaluate_offline

    try:
        transcript = answer_transcript(item, transcribe)
    except InterviewError as error:
        return BatchResult(item, error=error.one_line())
    evaluation = evaluate_offline(item.question, transcript, profile, jd)
    return BatchResult(item, transcript=transcript, evaluation=evaluation)
