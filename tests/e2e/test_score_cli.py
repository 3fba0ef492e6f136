"""`ai-interview score DIR` through the installed command, as a user runs it: speech made by the
project's own offline voice, transcribed by local Whisper, scored offline; results on stdout.
Transcripts (a manifest's transcript column, .txt files) are scored with no speech recognition."""

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
    assert reader.fieldnames[:4] == ["file", "question_id", "question", "overall"]
    assert {"Relevance", "Structure", "wpm", "star", "label", "error"} <= set(reader.fieldnames)
    assert reader.fieldnames[-1] == "transcript"
    rows = sorted(reader, key=lambda row: int(row["row"]))  # streamed as each one finishes
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
    """A corrupt recording and a missing one: each named on stderr (the missing one with its
    row, before any work), the good one still scored, exit code 3."""
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

    assert result.code == 3, result.stderr
    assert "Traceback" not in result.stderr
    rows = {row["file"]: row for row in json.loads(result.stdout)}
    assert list(rows) == [name, "corrupt.wav"]
    assert rows[name]["ok"] is True
    assert rows[name]["evaluation"]["label"] == "offline estimate"
    assert all(word in rows[name]["transcript"].lower() for word in words)
    assert rows["corrupt.wav"]["ok"] is False
    assert rows["corrupt.wav"]["error"]
    assert "evaluation" not in rows["corrupt.wav"]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2, result.stderr
    assert errors[0] == "error: manifest.csv row 4: missing.ogg: file not found"
    assert errors[1].startswith("error: corrupt.wav: ")
    assert "2 of 3 answers could not be scored" in result.stderr


@pytest.mark.slow
def test_bundled_examples_score(isolated_environment: Path) -> None:
    """The README's example: examples/answers (OGG, FLAC, MP3, WAV) scores all five, exit 0."""
    result = _score(EXAMPLES / "answers", "--csv")

    assert result.code == 0, result.stderr
    rows = sorted(csv.DictReader(io.StringIO(result.stdout)), key=lambda row: int(row["row"]))
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


# --- transcripts ---------------------------------------------------------------------------------

TIMED = ("duration_s", "wpm", "pauses_over_2s", "longest_pause_s")
SPEECH_MODULES = ("faster_whisper", "ctranslate2", "speechmatics", "ai_interviewer.providers.stt_")


def _without_whisper(tmp_path: Path) -> dict[str, str]:
    """The subprocess lists every module it imports on stderr, and its Whisper model cannot
    load: scoring a transcript must neither import speech recognition nor try to load it."""
    return {"PYTHONPROFILEIMPORTTIME": "1", "WHISPER_MODEL": str(tmp_path / "no-such-model")}


def _split_stderr(stderr: str) -> tuple[list[str], list[str]]:
    """(imported modules, the other non-blank lines) of a run with PYTHONPROFILEIMPORTTIME."""
    imports = [
        line.rsplit("|", 1)[-1].strip()
        for line in stderr.splitlines()
        if line.startswith("import time:")
    ]
    others = [
        line for line in stderr.splitlines() if line.strip() and not line.startswith("import time:")
    ]
    return imports, others


def _assert_no_speech_recognition(stderr: str) -> None:
    imports, _ = _split_stderr(stderr)
    assert "ai_interviewer.batch" in imports  # the listing works
    speech = [m for m in imports if m.startswith(SPEECH_MODULES)]
    assert speech == [], speech


def _transcripts_only(tmp_path: Path) -> Path:
    """Three transcript answers: one in the manifest's transcript column (no file), one in a
    .txt file with a byte-order mark, and an empty transcript cell."""
    folder = tmp_path / "typed"
    folder.mkdir()
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "file", "question", "transcript"])
        writer.writerow(["postgres", "", STRONG[1], "Um, " + STRONG[2]])
        writer.writerow(["", "medium.txt", MEDIUM[1], ""])
        writer.writerow(["", "", WEAK[1], ""])
    (folder / "medium.txt").write_bytes(("\ufeff" + MEDIUM[2] + "\n").encode("utf-8"))
    return folder


def test_transcripts_score_without_speech_recognition(tmp_path: Path) -> None:
    """A folder of transcripts only, --json then --csv: exit 0, each answer scored in manifest
    order, named by its file or (with none) its id; no speech recognition imported or loaded;
    delivery not timed: JSON says "not measured (transcript)" with null timed measures, CSV
    leaves wpm empty, and fillers are still counted from the text; the empty one scores 0."""
    folder = _transcripts_only(tmp_path)
    env = _without_whisper(tmp_path)

    result = run_cli("score", str(folder), "--resume", RESUME, "--jd", JD, "--json", env=env)

    assert result.code == 0, result.stderr
    _assert_no_speech_recognition(result.stderr)
    rows = json.loads(result.stdout)
    assert [row["file"] for row in rows] == ["postgres", "medium.txt", "q03"]
    assert [row["question_id"] for row in rows] == ["postgres", "q02", "q03"]
    assert rows[1]["transcript"] == MEDIUM[2]  # the byte-order mark and newline are gone
    assert rows[2]["transcript"] == ""
    for row in rows:
        assert row["ok"] is True and row["error"] is None, row
        assert row["input"] == "transcript"
        assert row["delivery"] == "not measured (transcript)"
        delivery = row["evaluation"]["delivery"]
        assert delivery["timed"] is False
        assert all(delivery[key] is None for key in TIMED), delivery
    strong = rows[0]["evaluation"]
    assert strong["delivery"]["filler_words"] == {"um": 1}
    assert strong["overall"] > rows[1]["evaluation"]["overall"] > rows[2]["evaluation"]["overall"]
    assert rows[2]["evaluation"]["overall"] == 0

    result = run_cli("score", str(folder), "--resume", RESUME, "--jd", JD, "--csv", env=env)

    assert result.code == 0, result.stderr
    _assert_no_speech_recognition(result.stderr)
    table = sorted(csv.DictReader(io.StringIO(result.stdout)), key=lambda row: int(row["row"]))
    assert [row["file"] for row in table] == ["postgres", "medium.txt", "q03"]
    for row in table:
        assert row["wpm"] == "" and row["input"] == "transcript" and row["error"] == ""
        assert row["label"] == "offline estimate"
    assert float(table[0]["fillers_per_100"]) > 0


def test_transcripts_without_a_manifest_show_pace_not_measured(tmp_path: Path) -> None:
    """No manifest: NAME.transcript.txt is the answer, NAME.txt its question. The table names
    the transcript with the start of its question under it, shows "-" for WPM and says why
    under the table."""
    folder = tmp_path / "typed"
    folder.mkdir()
    (folder / "postgres.transcript.txt").write_text(STRONG[2], encoding="utf-8")
    (folder / "postgres.txt").write_text(STRONG[1], encoding="utf-8")

    result = run_cli(
        "score", str(folder), "--resume", RESUME, "--jd", JD, env=_without_whisper(tmp_path)
    )

    assert result.code == 0, result.stderr
    _assert_no_speech_recognition(result.stderr)
    lines = result.stdout.splitlines()
    [row] = [line for line in lines if "/100" in line]
    assert "postgres.transcript.txt" in row
    cells = row.split()
    assert cells[-2] == "-", cells  # WPM
    assert lines[lines.index(row) + 1].strip() == "This role needs deep…"  # its question, clipped
    assert "WPM -: not measured (transcripts have no word timings)" in result.stdout


def test_unreadable_transcripts_fail_in_one_line_each(tmp_path: Path) -> None:
    """A .txt named but missing (found before any work, with its row), and one not in UTF-8:
    one `error:` line each naming the file, the good transcript still scored, exit 3."""
    folder = tmp_path / "typed"
    folder.mkdir()
    _write_manifest(
        folder, [("good.txt", MEDIUM[1]), ("missing.txt", WEAK[1]), ("latin1.txt", STRONG[1])]
    )
    (folder / "good.txt").write_text(MEDIUM[2], encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Le café était lent.".encode("latin-1"))

    result = run_cli("score", str(folder), "--resume", RESUME, "--jd", JD, "--json")

    assert result.code == 3, result.stderr
    assert "Traceback" not in result.stderr
    rows = json.loads(result.stdout)
    assert [(row["file"], row["ok"]) for row in rows] == [
        ("good.txt", True),
        ("latin1.txt", False),
    ]
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [
        "error: manifest.csv row 3: missing.txt: file not found",
        "error: latin1.txt: not UTF-8 text (save it as UTF-8)",
    ]
    assert "2 of 3 answers could not be scored" in result.stderr


@pytest.mark.slow
def test_mixed_folder_transcribes_only_the_recording(
    tmp_path: Path, speech_wav: Callable[..., Path]
) -> None:
    """One spoken answer and two transcripts in one manifest, --json: all scored in order; the
    recording is transcribed by Whisper and its delivery timed, the transcripts' is not."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    name, question, spoken, words = STRONG
    _convert(speech_wav(spoken), folder / name)
    (folder / "medium.txt").write_text(MEDIUM[2], encoding="utf-8")
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "question", "transcript"])
        writer.writerow([name, question, ""])
        writer.writerow(["medium.txt", MEDIUM[1], ""])
        writer.writerow(["", WEAK[1], WEAK[2]])

    result = _score(folder, "--json")

    assert result.code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["file"] for row in rows] == [name, "medium.txt", "q03"]
    assert all(row["ok"] for row in rows), rows
    audio, *typed = rows
    assert audio["input"] == "audio" and audio["delivery"] == "measured (word timings)"
    assert all(word in audio["transcript"].lower() for word in words)
    assert audio["evaluation"]["delivery"]["timed"] is True
    assert audio["evaluation"]["delivery"]["wpm"] > 0
    for row in typed:
        assert row["input"] == "transcript" and row["delivery"] == "not measured (transcript)"
        assert row["evaluation"]["delivery"]["wpm"] is None
    assert typed[1]["transcript"] == WEAK[2]
