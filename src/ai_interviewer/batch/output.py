"""What `score` writes: one record per answer with stable field names (JSONL, a JSON array, CSV)
and a Markdown summary per candidate, question and criterion.

JSONL and CSV are written as each answer finishes, one line at a time and flushed, so a pipe sees
results at once and a run that is killed keeps what it wrote. Written to a file (`--output`), they
resume: a rerun keeps the answers the file already holds (a line cut short by a kill is dropped),
and adds the others, so that every answer appears in it once.

Every JSON record carries `schema_version`; a field is never renamed or given another meaning
within a version (fields may be added).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ai_interviewer.batch.runner import BatchResult
from ai_interviewer.errors import UsageError

SCHEMA_VERSION = 1
FORMATS = ("table", "jsonl", "json", "csv", "markdown")
STREAMED = ("jsonl", "csv")
SUFFIX_FORMATS = {".jsonl": "jsonl", ".json": "json", ".csv": "csv", ".md": "markdown"}
# Delivery measures that need word timings: a transcript has none, so they are not measured.
TIMED_MEASURES = ("duration_s", "wpm", "pauses_over_2s", "longest_pause_s")
IDENTITY = ("candidate", "question_id", "file", "question")  # one answer in an output file


def input_of(result: BatchResult) -> str:
    return "transcript" if result.item.is_transcript else "audio"


def delivery_note(result: BatchResult) -> str:
    """Whether pace and pauses were measured, and why not."""
    if result.evaluation is not None and result.evaluation.delivery.timed:
        return "measured (word timings)"
    if result.item.is_transcript:
        return "not measured (transcript)"
    return "not measured (no word timings)"


def result_record(result: BatchResult) -> dict[str, Any]:
    """One answer as JSON: the fields of schema version 1."""
    from ai_interviewer.core.criteria import CRITERIA

    item, evaluation = result.item, result.evaluation
    record: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "row": item.row or None,
        "candidate": item.candidate or None,
        "file": item.name,
        "question_id": item.question.id,
        "question": item.question.text,
        "input": input_of(result),
        "ok": result.ok,
        "error": result.error,
        "overall": evaluation.overall if evaluation else None,
        "scores": {c: evaluation.score_of(c) for c in CRITERIA} if evaluation else None,
        "label": evaluation.label if evaluation else None,
        "scorer": evaluation.scorer if evaluation else None,
        "cached": result.cached,
        "key": result.key or None,
    }
    if result.transcript is not None:
        record["transcript"] = result.transcript.text
    if evaluation is not None:
        details = evaluation.model_dump(mode="json")
        if not evaluation.delivery.timed:  # null, not 0: nothing was timed
            details["delivery"].update(dict.fromkeys(TIMED_MEASURES))
        record["delivery"] = delivery_note(result)
        record["evaluation"] = details
    if result.llm_calls:
        record["llm_calls"] = [call.model_dump(mode="json") for call in result.llm_calls]
    return record


def csv_header() -> list[str]:
    from ai_interviewer.core.criteria import CRITERIA, label_of

    return [
        "file",
        "question_id",
        "question",
        "overall",
        *[label_of(c) for c in CRITERIA],
        "wpm",
        "fillers_per_100",
        "star",
        "quantified",
        "label",
        "error",
        "input",
        "candidate",
        "row",
        "key",
        "transcript",
    ]


def csv_row(result: BatchResult) -> list[object]:
    from ai_interviewer.core.criteria import CRITERIA

    r, e = result, result.evaluation
    transcript = r.transcript.text if r.transcript is not None else ""
    asked = [r.item.name, r.item.question.id, r.item.question.text]
    whose = [r.item.candidate, r.item.row or "", r.key]
    if e is None:
        blanks = [""] * (len(CRITERIA) + 6)
        return [*asked, *blanks, r.error, input_of(r), *whose, transcript]
    wpm = "" if e.delivery.wpm is None else f"{e.delivery.wpm:.0f}"
    return [
        *asked,
        e.overall,
        *[e.score_of(c) for c in CRITERIA],
        wpm,
        f"{e.delivery.fillers_per_100:.1f}",
        "".join(p[0].upper() for p in e.star.found),
        str(e.star.quantified).lower(),
        e.label,
        "",
        input_of(r),
        *whose,
        transcript,
    ]


def format_for(chosen: str | None, output: Path | None) -> str:
    """The output format: as chosen, else from the output file's suffix, else the table."""
    if chosen is not None:
        return chosen
    if output is None:
        return "table"
    found = SUFFIX_FORMATS.get(output.suffix.lower())
    if found is None:
        raise UsageError(
            f"cannot tell the format of {output.name} from its name",
            "end it in .jsonl, .csv, .json or .md, or choose --format",
        )
    return found


# --- streamed lines --------------------------------------------------------------------------


class LineWriter:
    """JSONL or CSV, a line per answer as it finishes, flushed at once."""

    def __init__(self, stream: IO[str], kind: str, header: bool = True) -> None:
        self.stream = stream
        self.kind = kind
        if kind == "csv" and header:
            self._write_csv(csv_header())

    def write(self, result: BatchResult) -> None:
        if self.kind == "jsonl":
            self.stream.write(json.dumps(result_record(result), ensure_ascii=False) + "\n")
        else:
            self._write_csv(csv_row(result))
        self.stream.flush()

    def _write_csv(self, row: Sequence[object]) -> None:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(row)
        self.stream.write(buffer.getvalue())


def identity_of(result: BatchResult) -> tuple[str, ...]:
    item = result.item
    return (item.candidate, item.question.id, item.name, item.question.text)


@dataclass
class ResumedFile:
    """What an earlier run left in an output file: the answers it holds (scored), as lines."""

    done: set[tuple[str, ...]] = field(default_factory=set)
    lines: list[str] = field(default_factory=list)
    header: str | None = None


def read_resumable(path: Path, kind: str) -> ResumedFile:
    """The scored answers an output file holds: failures are left out (they are tried again),
    and so is a last line cut short by a kill."""
    resumed = ResumedFile()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return resumed
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {path} to resume it: {error}") from None
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines.pop()  # cut short by a kill
    if kind == "csv":
        return _resumed_csv(lines, resumed)
    for line in lines:
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and record.get("ok"):
            resumed.done.add(tuple(str(record.get(k) or "") for k in IDENTITY))
            resumed.lines.append(line)
    return resumed


def _resumed_csv(lines: list[str], resumed: ResumedFile) -> ResumedFile:
    if not lines:
        return resumed
    resumed.header = lines[0]
    for line in lines[1:]:
        try:
            [cells] = list(csv.DictReader(io.StringIO(lines[0] + line)))
        except (ValueError, csv.Error):
            continue
        if cells.get("overall") and not cells.get("error"):
            resumed.done.add(tuple(cells.get(k) or "" for k in IDENTITY))
            resumed.lines.append(line)
    return resumed


def open_resumed(path: Path, kind: str, resumed: ResumedFile) -> IO[str]:
    """The output file rewritten with only what it holds that is done (atomically), open to
    append the rest; 0600, since it holds what candidates said."""
    from ai_interviewer.storage.atomic import write_text_atomic
    from ai_interviewer.storage.private import open_private

    kept = "".join(resumed.lines)
    if kind == "csv" and resumed.lines and resumed.header:
        kept = resumed.header + kept
    if kept:
        write_text_atomic(path, kept)
        return open(path, "a", encoding="utf-8", newline="")
    return os.fdopen(open_private(path), "w", encoding="utf-8", newline="")


# --- summaries at the end --------------------------------------------------------------------


@dataclass(frozen=True)
class Scored:
    """What the summary needs of one answer: small, so memory stays flat in the batch."""

    candidate: str
    question_id: str
    question: str
    overall: int | None
    scores: dict[str, int]
    label: str


def scored_of(result: BatchResult) -> Scored:
    from ai_interviewer.core.criteria import CRITERIA

    e = result.evaluation
    return Scored(
        candidate=result.item.candidate,
        question_id=result.item.question.id,
        question=result.item.question.text,
        overall=e.overall if e else None,
        scores={c: e.score_of(c) for c in CRITERIA} if e else {},
        label=e.label if e else "",
    )


def markdown_summary(scored: Iterable[Scored], failures: list[str]) -> str:
    """Per candidate, per question and per criterion: answers, mean and range of the overall."""
    from ai_interviewer.core.criteria import CRITERIA, label_of

    rows = list(scored)
    ok = [s for s in rows if s.overall is not None]
    labels = sorted({s.label for s in ok}) or ["none scored"]
    lines = [
        "# Scores",
        "",
        f"{len(ok)} of {len(rows)} answers scored ({', '.join(labels)}).",
        "",
        "## Per candidate",
        "",
        "| Candidate | Answers | Overall (mean) | Lowest | Highest |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    by_candidate: dict[str, list[Scored]] = defaultdict(list)
    for s in ok:
        by_candidate[s.candidate or "-"].append(s)
    for name in sorted(by_candidate):
        values = [s.overall or 0 for s in by_candidate[name]]
        lines.append(
            f"| {_cell(name)} | {len(values)} | {_mean(values)} | {min(values)} | {max(values)} |"
        )
    lines += ["", "## Per question", "", "| Question | Answers | Overall (mean) |"]
    lines.append("| --- | ---: | ---: |")
    by_question: dict[tuple[str, str], list[int]] = defaultdict(list)
    for s in ok:
        by_question[(s.question_id, s.question)].append(s.overall or 0)
    for (qid, text), values in sorted(by_question.items()):
        lines.append(
            f"| {_cell(qid)}: {_cell(_clip(text, 70))} | {len(values)} | {_mean(values)} |"
        )
    lines += ["", "## Per criterion", "", "| Criterion | Mean (0-10) |", "| --- | ---: |"]
    for criterion in CRITERIA:
        values = [s.scores[criterion] for s in ok if criterion in s.scores]
        lines.append(f"| {label_of(criterion)} | {_mean(values, 1)} |")
    if failures:
        lines += ["", "## Not scored", ""]
        lines += [f"- {_cell(failure)}" for failure in failures]
    return "\n".join(lines) + "\n"


def _mean(values: list[int], digits: int = 0) -> str:
    if not values:
        return "-"
    mean = sum(values) / len(values)
    return f"{mean:.{digits}f}"


def _clip(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
