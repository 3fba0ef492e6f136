"""Help and usage errors as a person reads them: no type shown for a flag, arguments written as
RESUME or [SESSION], errors that point at the command's own help, a bare command that helps."""

from __future__ import annotations

import pytest

from ai_interviewer.cli.app import app, run_app

COMMANDS = sorted(command.name or "" for command in app.registered_commands)


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_app(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_flags_show_no_placeholder(capsys: pytest.CaptureFixture[str], command: str) -> None:
    """A flag takes no value, so its help shows none: `--text`, never `--text <bool>`."""
    code, out, _ = _run(capsys, *([command] if command else []), "--help")

    assert code == 0
    assert "<bool>" not in out
    assert "--help" in out


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("run", "Usage: ai-interview run [OPTIONS] RESUME"),
        ("resume", "Usage: ai-interview resume [OPTIONS] [SESSION]"),
        ("score", "Usage: ai-interview score [OPTIONS] ANSWERS"),
        ("purge", "Usage: ai-interview purge [OPTIONS] [SESSION]"),
        ("sessions", "Usage: ai-interview sessions [OPTIONS]"),
    ],
)
def test_usage_names_the_arguments_as_a_person_reads_them(
    capsys: pytest.CaptureFixture[str], command: str, usage: str
) -> None:
    """Required arguments in capitals, optional ones in brackets; never Typer's {resume}."""
    _, out, _ = _run(capsys, command, "--help")

    [line] = [line.strip() for line in out.splitlines() if "Usage:" in line]
    assert line == usage


def test_the_microphone_option_points_at_the_devices_command(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--input-device says where the list of microphones is: `ai-interview devices`."""
    _, out, _ = _run(capsys, "resume", "--help")
    assert "ai-interview devices lists them" in " ".join(out.split())


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("run", "resume.pdf", "--bogus"),
            "error: No such option: --bogus (Possible options: --verbose) "
            "(see ai-interview run --help)",
        ),
        (
            ("score", "answers", "--concurrency", "0"),
            "error: Invalid value for '--concurrency': Input should be greater than or equal "
            "to 1 (see ai-interview score --help)",
        ),
        (
            ("run", "r.pdf", "--jd", "jd.txt", "--tts", "loud"),
            "error: --tts 'loud' is not one of: auto, edge, system, none "
            "(see ai-interview run --help)",
        ),
        (
            ("sessions", "--limit", "0"),
            "error: Invalid value for '--limit' / '-n': Input should be greater than or equal "
            "to 1 (see ai-interview sessions --help)",
        ),
    ],
)
def test_usage_errors_point_at_the_commands_own_help(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], line: str
) -> None:
    """A usage error is one line that sends the reader to the help of the command they ran."""
    code, out, err = _run(capsys, *args)

    assert (code, out) == (2, "")
    assert err == line + "\n"


@pytest.mark.parametrize("args", [(), ("run",), ("score",)])
def test_no_arguments_shows_the_help_and_no_error(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    """`ai-interview` (or `ai-interview run`) alone prints its help and exits 0, with no empty
    `error:` line after it."""
    code, out, err = _run(capsys, *args)

    assert code == 0
    assert "Usage: ai-interview" in out
    assert err == ""
