"""Bad input: one line on stderr naming the problem and what to do, a meaningful exit code,
no traceback, and no session left behind that could pass for a finished one."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfWriter

from cli_helpers import EXAMPLES, run_cli, sessions

JD = str(EXAMPLES / "job_description.txt")


def _blank_pdf(path: Path, password: str | None = None) -> Path:
    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    if password is not None:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def _assert_one_line_error(stderr: str, *words: str) -> None:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert lines[0].startswith("error: ")
    for word in words:
        assert word in lines[0], (word, lines[0])


def _bad_resumes(tmp: Path) -> dict[str, tuple[Path, tuple[str, ...]]]:
    (tmp / "fake.pdf").write_text("just some text, not a PDF")
    corrupt = (EXAMPLES / "resume.pdf").read_bytes()
    (tmp / "corrupt.pdf").write_bytes(corrupt[:600])
    (tmp / "empty.txt").write_text("   \n")
    return {
        "missing": (tmp / "nope.pdf", ("nope.pdf",)),
        "directory": (tmp, (str(tmp.name),)),
        "not a pdf": (tmp / "fake.pdf", ("fake.pdf", "not a PDF")),
        "corrupt": (tmp / "corrupt.pdf", ("corrupt.pdf",)),
        "encrypted": (_blank_pdf(tmp / "locked.pdf", "secret"), ("locked.pdf", "password")),
        "scanned": (_blank_pdf(tmp / "scan.pdf"), ("scan.pdf", "scanned")),
        "empty": (tmp / "empty.txt", ("empty.txt", "empty")),
    }


CASES = ["missing", "directory", "not a pdf", "corrupt", "encrypted", "scanned", "empty"]


@pytest.mark.parametrize("case", CASES)
def test_bad_resume_is_one_clear_line_and_exit_1(
    case: str, tmp_path: Path, isolated_environment: Path
) -> None:
    resume, words = _bad_resumes(tmp_path)[case]
    result = run_cli("run", str(resume), "--jd", JD, "--text", stdin="")
    assert result.code == 1, result.stderr
    _assert_one_line_error(result.stderr, *words)
    assert sessions(isolated_environment) == []


def test_empty_job_description(tmp_path: Path, isolated_environment: Path) -> None:
    (tmp_path / "jd.txt").write_text("\n\n")
    result = run_cli(
        "run", str(EXAMPLES / "resume.pdf"), "--jd", str(tmp_path / "jd.txt"), "--text"
    )
    assert result.code == 1
    _assert_one_line_error(result.stderr, "empty")
    assert sessions(isolated_environment) == []


def test_missing_job_description_file(isolated_environment: Path) -> None:
    result = run_cli("run", str(EXAMPLES / "resume.pdf"), "--jd", "no-such-jd.txt", "--text")
    assert result.code == 1
    _assert_one_line_error(result.stderr, "no-such-jd.txt")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("run", "resume.pdf", "--text"), ("job description",)),
        (("run", "r.pdf", "--jd", JD, "--questions", "0"), ("--questions",)),
        (("run", "r.pdf", "--jd", JD, "--tts", "loud"), ("--tts",)),
        (("run", "r.pdf", "--jd", JD, "--bogus"), ("--bogus",)),
        (("score", "answers"), ("answers does not exist",)),
    ],
)
def test_usage_errors_exit_2(
    args: tuple[str, ...], words: tuple[str, ...], isolated_environment: Path
) -> None:
    result = run_cli(*args)
    assert result.code == 2, result.stderr
    _assert_one_line_error(result.stderr, *words)
    assert sessions(isolated_environment) == []


def test_non_utf8_job_description_warns_and_goes_on(
    tmp_path: Path, isolated_environment: Path
) -> None:
    jd = tmp_path / "jd-latin1.txt"
    jd.write_bytes(
        (EXAMPLES / "job_description.txt").read_text().encode("utf-8")
        + "\nCafé Zoë\n".encode("latin-1")
    )
    result = run_cli(
        "run", str(EXAMPLES / "resume.pdf"), "--jd", str(jd), "--text", "-n", "1", stdin="/quit\n"
    )
    assert result.code == 0, result.stderr
    assert "UTF-8" in result.stderr and "warning" in result.stderr


def test_huge_resume_is_capped_with_a_warning(tmp_path: Path, isolated_environment: Path) -> None:
    resume = tmp_path / "huge.txt"
    resume.write_text("Jordan Avery\nSenior Engineer\n" + "Built Python services. " * 200_000)
    result = run_cli("run", str(resume), "--jd", JD, "--text", "-n", "1", stdin="/quit\n")
    assert result.code == 0, result.stderr
    assert "warning" in result.stderr


def test_debug_shows_the_traceback_that_is_otherwise_hidden(tmp_path: Path) -> None:
    result = run_cli("run", str(tmp_path / "nope.pdf"), "--jd", JD, "--text", "--debug")
    assert result.code != 0
    assert "Traceback" in result.stderr


def test_no_microphone_is_one_line_with_a_hint_and_leaves_no_session(
    isolated_environment: Path, tmp_path: Path
) -> None:
    """A voice interview on a machine with no sound server stops before it starts."""
    no_server = {"PULSE_SERVER": f"unix:{tmp_path / 'no-such-socket'}"}
    result = run_cli("run", str(EXAMPLES / "resume.pdf"), "--jd", JD, env=no_server)
    assert result.code == 1, result.stderr
    _assert_one_line_error(result.stderr, "microphone", "--text")
    assert sessions(isolated_environment) == []


def test_devices_without_a_sound_server(tmp_path: Path) -> None:
    no_server = {"PULSE_SERVER": f"unix:{tmp_path / 'no-such-socket'}"}
    result = run_cli("devices", env=no_server)
    assert result.code == 1
    _assert_one_line_error(result.stderr, "no audio devices")


def test_run_answers_with_transcripts_points_to_score(
    tmp_path: Path, isolated_environment: Path
) -> None:
    """`run --answers` plays recordings; a folder holding a transcript stops before any session
    with one line naming the transcript and pointing to `score`."""
    answers = tmp_path / "answers"
    answers.mkdir()
    (answers / "manifest.csv").write_text("file,question\nq1.txt,Why this role?\n")
    (answers / "q1.txt").write_text("Because I like backend work.\n")
    result = run_cli("run", str(EXAMPLES / "resume.pdf"), "--jd", JD, "--answers", str(answers))
    assert result.code == 2, result.stderr
    _assert_one_line_error(result.stderr, "q1.txt", "transcript", "ai-interview score")
    assert sessions(isolated_environment) == []
