"""Which question each recording answers: manifest.csv, or a .txt beside the recording."""

from __future__ import annotations

from pathlib import Path

import pytest

from ai_interviewer.batch import load_manifest
from ai_interviewer.errors import UsageError


def test_manifest_gives_questions_in_row_order(tmp_path: Path) -> None:
    (tmp_path / "manifest.csv").write_text(
        "file,question,kind\n"
        'b.wav,"Tell me about a conflict, and how it ended.",behavioral\n'
        "#skipped.wav,commented out,\n"
        "a.flac,Why this role?,resume\n",
        encoding="utf-8",
    )
    items = load_manifest(tmp_path)
    assert [i.file.name for i in items] == ["b.wav", "a.flac"]
    assert [i.question.id for i in items] == ["q01", "q02"]
    assert items[0].question.text == "Tell me about a conflict, and how it ended."
    assert items[1].question.kind == "resume"


def test_manifest_ids_are_kept(tmp_path: Path) -> None:
    (tmp_path / "manifest.csv").write_text("id,file,question\nintro,x.wav,Hello?\n")
    assert load_manifest(tmp_path)[0].question.id == "intro"


def test_sidecar_text_files_work_without_a_manifest(tmp_path: Path) -> None:
    (tmp_path / "one.wav").write_bytes(b"")
    (tmp_path / "one.txt").write_text("What did you ship last?\n")
    items = load_manifest(tmp_path)
    assert items[0].question.text == "What did you ship last?"
    assert items[0].question.id == "one"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "has no manifest.csv and no recordings"),
        ({"a.wav": ""}, "no question for a.wav"),
        ({"manifest.csv": "name,text\nx,y\n"}, "needs a header row"),
        ({"manifest.csv": "file,question\n"}, "lists no recordings"),
        ({"manifest.csv": "file,question,kind\nx.wav,Why?,riddle\n"}, "unknown question kind"),
    ],
)
def test_bad_folders_are_usage_errors(tmp_path: Path, files: dict[str, str], message: str) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(UsageError, match=message):
        load_manifest(tmp_path)


def test_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        load_manifest(tmp_path / "nope")


def test_quoted_cells_keep_their_line_breaks(tmp_path: Path) -> None:
    """A quoted cell spanning lines keeps its line break, so words on either side stay apart."""
    (tmp_path / "manifest.csv").write_text(
        'file,question\nx.wav,"Tell me about a project.\nWhat did you own?"\n', encoding="utf-8"
    )
    assert load_manifest(tmp_path)[0].question.text == "Tell me about a project.\nWhat did you own?"


def test_a_row_with_more_cells_than_the_header_is_a_usage_error(tmp_path: Path) -> None:
    """An unquoted comma makes an extra cell: a usage error naming the line, not a crash."""
    (tmp_path / "manifest.csv").write_text(
        "file,question\na.wav,Why?\nb.wav,Tell me about a conflict, and how it ended.\n",
        encoding="utf-8",
    )
    with pytest.raises(UsageError, match=r"line 3: more cells than the header") as caught:
        load_manifest(tmp_path)
    assert "quotes" in caught.value.one_line()
