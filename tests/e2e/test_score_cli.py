"""`ai-interview score DIR` through the installed command, as a user runs it: speech made by the
project's own offline voice, transcribed by local Whisper, scored offline; results on stdout."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import soundfile

from cli_helpers import EXAMPLES, Result, run_cli

RESUME = str(EXAMPLES / "resume.pdf")
JD = str(EXAMPLES / "job_description.txt")

# (file, question, what is spoken, words tiny.en reliably hears in that synthetic speech)
STRONG = (
    "strong.flac",
    "This role needs deep PostgreSQL experience. Tell me about a time you made a slow "
    "database fast.",
    "Last year our shipment tracking API became slow during the holiday peak. I was "
    "responsible for the fix. I profiled the slowest queries, redesigned two indexes, and "
    "moved the hot reads to a Redis cache. As a result, the latency fell by forty five "
    "percent, from nine hundred to five hundred milliseconds.",
    ("shipment", "index"),
)
MEDIUM = (
    "medium.mp3",
    "How have you used Kubernetes and CI/CD to ship safely?",
    "When we moved thirty services to Kubernetes on AWS, I led the migration. I set up a "
    "pipeline with canary deploys and automatic rollback. We went from weekly releases to "
    "several deploys a day.",
    ("service", "migration"),
)
WEAK = (
    "weak.ogg",
    "Tell me about a time you disagreed with a teammate about a technical decision.",
    "I would check the dashboards and restart things.",
    ("dashboard", "restart"),
)
ANSWERS = (STRONG, MEDIUM, WEAK)

FORMATS = {
    ".flac": ("FLAC", "PCM_16"),
    ".ogg": ("OGG", "VORBIS"),
    ".mp3": ("MP3", "MPEG_LAYER_III"),
    ".wav": ("WAV", "PCM_16"),
}


def _convert(wav: Path, target: Path) -> Path:
    data, rate = soundfile.read(str(wav), dtype="float32")
    fmt, subtype = FORMATS[target.suffix]
    soundfile.write(str(target), data, rate, format=fmt, subtype=subtype)
    return target


def _write_manifest(folder: Path, rows: list[tuple[str, str]]) -> None:
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "question"])
        writer.writerows(rows)


def _spoken_answers(tmp_path: Path, speech_wav: Callable[..., Path]) -> Path:
    """A folder of three synthesized answers (FLAC, MP3, OGG) with their manifest."""
    folder = tmp_path / "answers"
    folder.mkdir()
    for name, _question, spoken, _words in ANSWERS:
        _convert(speech_wav(spoken), folder / name)
    _write_manifest(folder, [(name, question) for name, question, _, _ in ANSWERS])
    return folder


def _score(folder: Path, *options: str) -> Result:
    return run_cli("score", str(folder), "--resume", RESUME, "--jd", JD, *options)


def _assert_one_line_error(stderr: str, *words: str) -> None:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: "), stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


@pytest.mark.slow
def test_json_scores_each_spoken_answer(
    tmp_path: Path, speech_wav: Callable[..., Path], isolated_environment: Path
) -> None:
    """--json: exit 0, only JSON on stdout, one scored result per recording in manifest order,
    transcripts hold what was said, the label is "offline estimate", strong beats weak."""
    folder = _spoken_answers(tmp_path, speech_wav)

    result = _score(folder, "--json")

    assert result.code == 0, result.stderr
    assert "Traceback" not in result.stderr
    rows = json.loads(result.stdout)  # stdout is the JSON document and nothing else
    assert [row["file"] for row in rows] == [name for name, _, _, _ in ANSWERS]
    for row, (_name, question, _spoken, words) in zip(rows, ANSWERS, strict=True):
        assert row["ok"] is True and row["error"] is None, row
        assert row["question"] == question
        transcript = row["transcript"].lower()
        for word in words:
            assert word in transcript, (word, row["transcript"])
        evaluation = row["evaluation"]
        assert evaluation["label"] == "offline estimate"
        assert 0 <= evaluation["overall"] <= 100
    overall = {row["file"]: row["evaluation"]["overall"] for row in rows}
    assert overall["strong.flac"] > overall["weak.ogg"], overall
    assert not (isolated_environment / "sessions").exists()  # scoring saves no session


@pytest.mark.slow
def test_csv_has_header_and_one_row_per_file(
    tmp_path: Path, speech_wav: Callable[..., Path]
) -> None:
    """--csv: a header and one parseable row per recording, with scores and the label."""
    folder = _spoken_answers(tmp_path, speech_wav)

    result = _score(folder, "--csv")

    assert result.code == 0, result.stderr
    reader = csv.DictReader(io.StringIO(result.stdout))
    assert reader.fieldnames is not None
    assert reader.fieldnames[:3] == ["file", "question_id", "overall"]
    assert {"relevance", "structure", "wpm", "star", "label", "error"} <= set(reader.fieldnames)
    rows = list(reader)
    assert [row["file"] for row in rows] == [name for name, _, _, _ in ANSWERS]
    assert [row["question_id"] for row in rows] == ["q01", "q02", "q03"]
    for row in rows:
        assert row["label"] == "offline estimate"
        assert row["error"] == ""
        assert 0 <= int(row["overall"]) <= 100
        assert float(row["wpm"]) > 0  # delivery measured from Whisper's word timings
    assert int(rows[0]["overall"]) > int(rows[2]["overall"])


@pytest.mark.slow
def test_default_output_is_a_table(tmp_path: Path, speech_wav: Callable[..., Path]) -> None:
    """Without --json/--csv: a table on stdout naming every file, labelled "offline estimate"."""
    folder = _spoken_answers(tmp_path, speech_wav)

    result = _score(folder)

    assert result.code == 0, result.stderr
    assert "offline estimate" in result.stdout
    for name, _, _, _ in ANSWERS:
        assert name in result.stdout
    assert "/100" in result.stdout
    assert "failed" not in result.stdout


@pytest.mark.slow
def test_failed_files_are_reported_and_the_rest_scored(
    tmp_path: Path, speech_wav: Callable[..., Path]
) -> None:
    """A corrupt recording and a missing one: each named on stderr, the good one still scored,
    results on stdout for all three, exit code 1."""
    folder = tmp_path / "answers"
    folder.mkdir()
    name, question, spoken, words = STRONG
    _convert(speech_wav(spoken), folder / name)
    (folder / "corrupt.wav").write_bytes(b"RIFF\x10\x00\x00\x00WAVEjunk" + bytes(range(256)) * 8)
    _write_manifest(
        folder,
        [(name, question), ("corrupt.wav", "Tell me more."), ("missing.ogg", "And then?")],
    )

    result = _score(folder, "--json")

    assert result.code == 1, result.stderr
    assert "Traceback" not in result.stderr
    rows = {row["file"]: row for row in json.loads(result.stdout)}
    assert list(rows) == [name, "corrupt.wav", "missing.ogg"]
    assert rows[name]["ok"] is True
    assert rows[name]["evaluation"]["label"] == "offline estimate"
    assert all(word in rows[name]["transcript"].lower() for word in words)
    for failed in ("corrupt.wav", "missing.ogg"):
        assert rows[failed]["ok"] is False
        assert rows[failed]["error"]
        assert "evaluation" not in rows[failed]
    assert "not found" in rows["missing.ogg"]["error"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2, result.stderr
    assert errors[0].startswith("error: corrupt.wav: ")
    assert errors[1] == "error: missing.ogg: file not found"
    assert "2 of 3 recordings could not be scored" in result.stderr


@pytest.mark.slow
def test_bundled_examples_score(isolated_environment: Path) -> None:
    """The README's example: examples/answers (OGG, FLAC, MP3, WAV) scores all five, exit 0."""
    result = _score(EXAMPLES / "answers", "--csv")

    assert result.code == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["file"] for row in rows] == [
        "q1-background.ogg",
        "q2-postgres.flac",
        "q3-disagreement.mp3",
        "q4-kubernetes.wav",
        "q5-on-call.ogg",
    ]
    assert all(row["error"] == "" and row["label"] == "offline estimate" for row in rows)
    by_file = {row["file"]: int(row["overall"]) for row in rows}
    assert by_file["q2-postgres.flac"] > by_file["q5-on-call.ogg"]  # STAR + numbers vs vague


def test_folder_without_manifest_or_sidecars_is_a_usage_error(tmp_path: Path) -> None:
    """A folder with no manifest.csv: exit 2 and one `error:` line, whether it holds no audio
    or audio without a question beside it."""
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("nothing to score")
    result = _score(empty)
    assert result.code == 2, result.stderr
    assert result.stdout == ""
    _assert_one_line_error(result.stderr, "manifest.csv")

    unlabelled = tmp_path / "unlabelled"
    unlabelled.mkdir()
    (unlabelled / "answer1.wav").write_bytes(b"not really audio")
    result = _score(unlabelled)
    assert result.code == 2, result.stderr
    assert result.stdout == ""
    _assert_one_line_error(result.stderr, "answer1.wav")


def test_json_and_csv_together_is_a_usage_error(tmp_path: Path) -> None:
    """--json --csv: exit 2, one `error:` line, nothing on stdout."""
    folder = tmp_path / "answers"
    folder.mkdir()
    _write_manifest(folder, [("a.wav", "Tell me about yourself.")])

    result = _score(folder, "--json", "--csv")

    assert result.code == 2, result.stderr
    assert result.stdout == ""
    _assert_one_line_error(result.stderr, "--json", "--csv")
