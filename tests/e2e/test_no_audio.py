"""`--no-audio`: an interview keeps its transcripts and scores, and no recording."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cli_helpers import EXAMPLES, run_cli, sessions

pytestmark = pytest.mark.slow


def _two_answers(folder: Path) -> Path:
    folder.mkdir()
    lines = (EXAMPLES / "answers" / "manifest.csv").read_text(encoding="utf-8").splitlines()
    (folder / "manifest.csv").write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    for line in lines[1:3]:
        name = line.split(",", 1)[0]
        shutil.copy(EXAMPLES / "answers" / name, folder / name)
    return folder


def test_no_audio_deletes_each_recording_once_its_transcript_is_saved(
    isolated_environment: Path, tmp_path: Path
) -> None:
    answers = _two_answers(tmp_path / "answers")
    result = run_cli(
        "run", str(EXAMPLES / "resume.pdf"), "--jd", str(EXAMPLES / "job_description.txt"),
        "--answers", str(answers), "--tts", "none", "--stt", "whisper", "--llm", "offline",
        "--no-audio",
    )  # fmt: skip
    assert result.code == 0, result.stderr
    [folder] = sessions(isolated_environment)
    session = json.loads((folder / "session.json").read_text())
    turns = session["turns"]
    assert [t["status"] for t in turns] == ["scored", "scored"]
    assert all(t["transcript"]["text"] for t in turns)
    assert all(t.get("answer_audio") is None for t in turns)
    kept = [p.name for p in folder.rglob("*") if p.is_file() and "-answer" in p.name]
    assert kept == []
    assert 'src="audio/' not in (folder / "report.html").read_text(encoding="utf-8")
