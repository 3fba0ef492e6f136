"""The `ai-interview` command. Each command lives in its own small module; this file wires them
and turns every failure into one line on stderr with an exit code that means something."""

from __future__ import annotations

import os
import sys

import typer

from ai_interviewer import __version__
from ai_interviewer.cli import (
    devices,
    doctor,
    models,
    progress,
    purge,
    report,
    resume,
    retry,
    run,
    score,
    sessions,
    voices,
)
from ai_interviewer.cli.common import exit_without_a_last_collection
from ai_interviewer.cli.help import PlainCommand, PlainGroup
from ai_interviewer.errors import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_IO,
    EXIT_USAGE,
    InterviewError,
    UsageError,
)
from ai_interviewer.storage.private import private_umask

app = typer.Typer(
    name="ai-interview",
    cls=PlainGroup,
    help="A local voice mock interview: spoken questions, recorded answers, honest scores.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.command("run", cls=PlainCommand, no_args_is_help=True)(run.run_command)
app.command("resume", cls=PlainCommand)(resume.resume_command)
app.command("retry", cls=PlainCommand)(retry.retry_command)
app.command("sessions", cls=PlainCommand)(sessions.sessions_command)
app.command("progress", cls=PlainCommand)(progress.progress_command)
app.command("report", cls=PlainCommand)(report.report_command)
app.command("purge", cls=PlainCommand)(purge.purge_command)
app.command("score", cls=PlainCommand, no_args_is_help=True)(score.score_command)
app.command("doctor", cls=PlainCommand)(doctor.doctor_command)
app.command("devices", cls=PlainCommand)(devices.devices_command)
app.command("voices", cls=PlainCommand)(voices.voices_command)
app.command("models", cls=PlainCommand)(models.models_command)


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


def _show(text: str) -> None:
    """Help that click returns as text (Rich prints its own, leaving nothing here)."""
    if text.strip():
        sys.stdout.write(text.rstrip("\n") + "\n")


def _fail(message: str, code: int) -> int:
    """One line on stderr, whatever the message holds (a file name's escape codes, a newline)."""
    from ai_interviewer.console import one_line

    sys.stderr.write(f"error: {one_line(message)}\n")
    return code


def _help_of(args: list[str]) -> str:
    """Where to read about the command being run: its own help, else the app's."""
    commands = {command.name for command in app.registered_commands}
    named = next((a for a in args if not a.startswith("-")), None)
    return f"ai-interview {named} --help" if named in commands else "ai-interview --help"


def run_app(argv: list[str] | None = None) -> int:
    """Run the app and return its exit code, with friendly one-line errors. Everything it
    writes is private to its user (umask 077 while it runs)."""
    args = sys.argv[1:] if argv is None else argv
    with private_umask():
        return _run(args)


def _run(args: list[str]) -> int:
    debug = _debugging(args)
    try:
        result = app(args=args, prog_name="ai-interview", standalone_mode=False)
    except UsageError as error:
        if debug:
            raise
        hint = error.hint or f"see {_help_of(args)}"
        return _fail(f"{error.message} ({hint})", error.exit_code)
    except InterviewError as error:
        if debug:
            raise
        return _fail(error.one_line(), error.exit_code)
    except typer.TyperException as error:  # click's usage errors: bad option, missing argument
        if type(error).__name__ == "NoArgsIsHelpError":  # no arguments: the help, as asked
            _show(error.format_message())
            return 0
        if debug:
            raise
        code = getattr(error, "exit_code", EXIT_USAGE)
        ctx = getattr(error, "ctx", None)
        where = f"{ctx.command_path} --help" if ctx is not None else _help_of(args)
        return _fail(f"{error.format_message()} (see {where})", code)
    except typer.Abort:
        return EXIT_INTERRUPTED
    except KeyboardInterrupt as interrupt:  # before the interview began (or after it ended)
        from ai_interviewer.interview.signals import stop_of

        stop = stop_of(interrupt)
        return _fail(f"stopped by {stop.name}", stop.exit_code)
    except OSError as error:  # the file system, somewhere no edge said what was being done
        if debug:
            raise
        return _fail(_file_system_fault(error), EXIT_IO)
    except Exception as error:  # a bug: say so in one line, the traceback with --debug
        if debug:
            raise
        return _fail(
            f"unexpected {type(error).__name__}: {error} (run again with --debug for details)",
            EXIT_FAILURE,
        )
    return result if isinstance(result, int) else 0


def _file_system_fault(error: OSError) -> str:
    """An OSError that reached the top, as what failed and where."""
    from ai_interviewer.errors import storage_error

    where = error.filename if error.filename is not None else "a file"
    return storage_error("the file system failed on", where, error).one_line()


def main() -> None:
    code = run_app()
    exit_without_a_last_collection()
    sys.exit(code)
