"""`ai-interview score` given what a careless or hostile folder holds: ids that are paths, the same
id twice, an unquoted comma, a huge cell, recordings with nobody speaking. Each problem is one
line on stderr naming its row or file, the exit code says so, and nothing is written outside
the output file; the rows that are fine are still scored. Run in this process (the CLI's own
entry point), offline: no recogniser is loaded, since no recording here holds speech."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ai_interviewer.cli.app import run_app
from cli_helpers import EXAMPLES

RESUME = str(EXAMPLES / "resume.pdf")
JD = str(EXAMPLES / "job_description.txt")
ANSWER = "I profiled the slow query, added an index, and the page went from 9 s to 300 ms."
GOOD = f'good,"Tell me about a slow query.","{ANSWER}"\n'


def _score(
    capsys: pytest.CaptureFixture[str], folder: Path, *args: str
) -> tuple[int, str, list[str]]:
    code = run_app(["score", str(folder), "--resume", RESUME, "--jd", JD, "--offline", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, [line for line in err.splitlines() if line.startswith("error: ")]


def _manifest(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.csv").write_text(text, encoding="utf-8")
    return folder


def _written(root: Path) -> set[Path]:
    """Every path under `root` but the data folder (the score cache)."""
    home = root / "home"
    return {p for p in root.rglob("*") if p != home and home not in p.parents}


def test_ids_that_are_paths_are_refused_and_nothing_lands_outside_the_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _manifest(
        tmp_path / "cohort" / "in",
        "id,question,transcript\n"
        + GOOD
        + f'../../escape,"Why?","{ANSWER}"\n'
        + f'a/b,"Why?","{ANSWER}"\n'
        + f'..,"Why?","{ANSWER}"\n',
    )
    out_dir = tmp_path / "cohort" / "out"
    out_dir.mkdir()
    before = _written(tmp_path)

    code, _, errors = _score(capsys, folder, "--output", str(out_dir / "scores.jsonl"))

    assert code == 3
    assert [e.split(":")[1].strip() for e in errors[:3]] == [
        "manifest.csv row 3",
        "manifest.csv row 4",
        "manifest.csv row 5",
    ]
    assert all("is not a name" in e for e in errors[:3])
    assert _written(tmp_path) - before == {out_dir / "scores.jsonl"}
    records = [json.loads(line) for line in (out_dir / "scores.jsonl").read_text().splitlines()]
    assert [r["question_id"] for r in records] == ["good"]


def test_duplicate_ids_are_refused_naming_both_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _manifest(
        tmp_path / "in", "id,question,transcript\n" + GOOD + GOOD.replace("slow", "fast")
    )
    code, out, errors = _score(capsys, folder, "--jsonl")
    assert code == 3
    assert errors[0] == "error: manifest.csv row 3: id 'good' is also row 2's"
    assert [json.loads(line)["question_id"] for line in out.splitlines()] == ["good"]


def test_an_unquoted_comma_is_one_line_naming_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _manifest(
        tmp_path / "in",
        "id,question,transcript\n" + GOOD + "two,Why this role?,I like it, and the team\n",
    )
    code, _, errors = _score(capsys, folder, "--jsonl")
    assert code == 3
    assert errors[0].startswith("error: manifest.csv row 3: 4 cells but the header has 3")
    assert "put quotes around a cell" in errors[0]


@pytest.mark.parametrize("size", [200_000, 500_000])
def test_a_huge_cell_is_one_line_naming_the_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], size: int
) -> None:
    folder = _manifest(
        tmp_path / "in", "id,question,transcript\n" + GOOD + f'big,"Why?","{"a" * size}"\n'
    )
    code, out, errors = _score(capsys, folder, "--jsonl")
    assert code == 3
    assert len(errors) == 1, errors
    assert errors[0].startswith("error: manifest.csv row 3: ")
    assert "characters, over the limit of" in errors[0]
    assert len(errors[0]) < 200
    assert [json.loads(line)["question_id"] for line in out.splitlines()] == ["good"]


def _wav(path: Path, samples: np.ndarray) -> Path:
    soundfile.write(str(path), samples, 16_000, subtype="PCM_16")
    return path


def test_recordings_with_no_speech_are_not_scored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Silence, a WAV with no samples, a 0.25 s clip and an empty file: 'no speech heard' for
    each, never a 0/100 and never words the recogniser made up; exit 3, the typed answer
    scored."""
    folder = tmp_path / "in"
    folder.mkdir()
    _wav(folder / "silence.wav", np.zeros(16_000 * 3, dtype=np.float32))
    _wav(folder / "nothing.wav", np.zeros(0, dtype=np.float32))
    t = np.arange(4_000) / 16_000
    _wav(folder / "clip.wav", (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32))
    (folder / "empty.wav").write_bytes(b"")
    rows = "".join(
        f'{name},"Tell me about it.",\n' for name in ("silence", "nothing", "clip", "empty")
    )
    _manifest(
        folder,
        "file,question,transcript\n"
        + rows.replace(',"Tell', '.wav,"Tell')
        + f'good.txt,"Tell me about a slow query.","{ANSWER}"\n',
    )

    code, out, errors = _score(capsys, folder, "--jsonl")

    assert code == 3
    records = {r["file"]: r for r in map(json.loads, out.splitlines())}
    assert records["good.txt"]["ok"] is True
    for name in ("silence.wav", "nothing.wav", "clip.wav", "empty.wav"):
        assert records[name]["ok"] is False
        assert records[name]["overall"] is None
        assert "transcript" not in records[name]
        assert records[name]["error"].startswith("no speech heard"), records[name]
    assert sum(e.startswith("error: ") and "no speech heard" in e for e in errors) == 4
    assert "0.25 s long" in records["clip.wav"]["error"]


def test_sigterm_keeps_what_is_done_and_says_so_in_one_line(tmp_path: Path) -> None:
    """SIGTERM halfway through: exit 143, one line saying how many answers are kept, and every
    line in the output file a whole result."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from cli_helpers import command_env

    rows = "".join(f'q{n},"Tell me about a slow query.","{ANSWER} ({n})"\n' for n in range(2000))
    folder = _manifest(tmp_path / "in", "id,question,transcript\n" + rows)
    output = tmp_path / "scores.jsonl"
    args = ["score", str(folder), "--resume", RESUME, "--jd", JD, "--offline", "-o", str(output)]
    process = subprocess.Popen(
        [sys.executable, "-m", "ai_interviewer", *args],
        stderr=subprocess.PIPE,
        text=True,
        env=command_env(),
    )
    try:
        while process.poll() is None and not (
            output.exists() and output.read_bytes().count(b"\n") >= 5
        ):
            # another process writes the file: there is no event to wait on, so look again
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGTERM)
        _, err = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    kept = [json.loads(line) for line in output.read_text().splitlines()]
    assert process.returncode == 143, err
    assert "Traceback" not in err
    [line] = [line for line in err.splitlines() if line.startswith("error: ")]
    assert line.startswith(f"error: stopped by SIGTERM: {len(kept)} of 2000 answers done")
    assert 5 <= len(kept) < 2000 and all(record["ok"] for record in kept)
