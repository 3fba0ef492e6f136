"""The `ai-interview` command. Each command lives in its own small module; this file wires them
and turns every failure into one line on stderr with an exit code that means something."""

from __future__ import annotations

import os
import sys

import typer

from ai_interviewer import __version__
from ai_interviewer.cli import devices, doctor, models, resume, run, score, voices
from ai_interviewer.errors import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_USAGE, InterviewError

app = typer.Typer(
    name="ai-interview",
    help="A local voice mock interview: spoken questions, recorded answers, honest scores.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("run", no_args_is_help=True)(run.run_command)
app.command("resume")(resume.resume_command)
app.command("score", no_args_is_help=True)(score.score_command)
app.command("doctor")(doctor.doctor_command)
app.command("devices")(devices.devices_command)
app.command("voices")(voices.voices_command)
app.command("models")(models.models_command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ai-interview {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Practise a job interview by voice, on your own machine."""


def _debugging(argv: list[str]) -> bool:
    return "--debug" in argv or bool(os.environ.get("AI_INTERVIEWER_DEBUG"))


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"error: {message}\n")
    return code


def run_app(argv: list[str] | None = None) -> int:
    """Run the app and return its exit code, with friendly one-line errors."""
    args = sys.argv[1:] if argv is None else argv
    debug = _debugging(args)
    try:
        result = app(args=args, prog_name="ai-interview", standalone_mode=False)
    except InterviewError as error:
        if debug:
            raise
        return _fail(error.one_line(), error.exit_code)
    except typer.TyperException as error:  # click's usage errors: bad option, missing argument
        if debug:
            raise
        code = getattr(error, "exit_code", EXIT_USAGE)
        return _fail(f"{error.format_message()} (see ai-interview --help)", code)
    except typer.Abort:
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as error:  # a bug: say so in one line, the traceback with --debug
        if debug:
            raise
        return _fail(
            f"unexpected {type(error).__name__}: {error} (run again with --debug for details)",
            EXIT_FAILURE,
        )
    return result if isinstance(result, int) else 0


def main() -> None:
    sys.exit(run_app())
