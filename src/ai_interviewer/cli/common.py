"""What several commands share: options, logging, loading the documents with their warnings."""

from __future__ import annotations

import gc
import logging
import os
import re
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol, TextIO

import typer

from ai_interviewer.console import Terminal, printable
from ai_interviewer.core.decoding import decode_text
from ai_interviewer.errors import UsageError

if TYPE_CHECKING:  # pydantic models cost ~100 ms to build: not for --help
    from ai_interviewer.config import Settings
    from ai_interviewer.core.models import JobDescription, ResumeProfile

DebugOption = typer.Option(False, "--debug", help="Show tracebacks for unexpected errors.")
OfflineOption = typer.Option(
    False,
    "--offline",
    help="Nothing leaves this machine: system voice, local Whisper, offline rubric (keys ignored).",
)
NoAudioOption = typer.Option(
    False,
    "--no-audio",
    help="Keep no recordings: each answer's audio is deleted once its transcript is saved.",
)
DetailsOption = typer.Option(
    False, "--details", help="After each answer, every criterion's reason, not just the summary."
)
VerboseOption = typer.Option(False, "--verbose", "-v", help="Show the session log live.")
JdOption = typer.Option(None, "--jd", help="Job description file, or - for stdin.")
JdTextOption = typer.Option(None, "--jd-text", help="Job description given as text.")
HomeOption = typer.Option(None, "--home", help="Data folder for sessions.")
JsonOption = typer.Option(False, "--json", help="Print JSON on stdout.")
InputDeviceOption = typer.Option(
    None,
    "--input-device",
    help="Microphone by index or name (ai-interview devices lists them).",
)

log = logging.getLogger("ai_interviewer")


def load_settings(**flags: Any) -> Settings:
    """The settings every command starts from: .env, then the environment, then the command's
    own flags (those given, not None)."""
    from ai_interviewer.config import Settings, load_dotenv_file

    load_dotenv_file()
    return Settings.from_environment(**flags)


def start_command(verbose: bool = False, **flags: Any) -> tuple[Terminal, Settings]:
    """The start of a command that works on answers (run, resume, retry, score): the terminal,
    the session log (shown live with -v) and the settings."""
    terminal = Terminal(verbose=verbose)
    setup_logging(terminal)
    return terminal, load_settings(**flags)


def start_interview(verbose: bool = False, **flags: Any) -> tuple[Terminal, Settings]:
    """`start_command` for an interview (run, resume, retry): Ctrl-C, SIGTERM and SIGHUP end it
    early with a report, even where the process was started with SIGINT ignored."""
    from ai_interviewer.interview.signals import install as install_signal_handlers

    install_signal_handlers()
    return start_command(verbose, **flags)


def setup_logging(terminal: Terminal) -> None:
    """Everything goes to the logger; -v also shows it on stderr."""
    log_to_stderr(terminal.verbose)


def log_to_stderr(verbose: bool) -> None:
    """The logger takes everything and shows it on stderr only when `verbose` (a batch's
    scoring processes log as the batch does)."""
    log.setLevel(logging.DEBUG)
    log.propagate = False
    for handler in list(log.handlers):
        log.removeHandler(handler)
        handler.close()
    log.addHandler(logging.NullHandler())  # else Python's last-resort handler prints warnings
    if verbose:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(PrintableFormatter("%(levelname)s %(message)s"))
        handler.setLevel(logging.DEBUG)
        log.addHandler(handler)


def exit_without_a_last_collection() -> None:
    """What is still alive is left to the process's end: the collector's last pass over all
    that LiteLLM loads takes seconds at exit. Exit handlers still run, and open files are still
    flushed and closed (what the program writes it has closed already)."""
    gc.freeze()


class PrintableFormatter(logging.Formatter):
    """Log lines for the terminal: data in them (file names, transcripts) without controls."""

    def format(self, record: logging.LogRecord) -> str:
        return printable(super().format(record))


class LineSource(Protocol):
    def readline(self) -> bytes: ...
    def isatty(self) -> bool: ...


def make_read_line(
    terminal: Terminal, source: LineSource | None = None
) -> Callable[[str], str | None]:
    """Typed answers, one line each, from `source` or standard input (the terminal, or a pipe),
    decoded by the text policy like every other input; None at the end of input, or when
    standard input is closed."""

    opened: list[LineSource | None] = [] if source is None else [source]

    def read_line(prompt: str) -> str | None:
        if not opened:  # once: a reader keeps the lines it read ahead for the next answers
            opened.append(_standard_input())
        stream = opened[0]
        terminal.out.print(prompt, end="")
        terminal.out.file.flush()
        raw = stream.readline() if stream is not None else b""
        if stream is None or not stream.isatty():
            terminal.out.print()  # piped answers are not echoed: end the prompt's line
        if not raw:
            return None
        return decode_text(raw).rstrip("\r\n")

    return read_line


def _standard_input() -> LineSource | None:
    """Standard input's bytes; None when it is closed (`<&-`)."""
    stdin = sys.stdin
    if stdin is None:
        return None
    try:
        return DescriptorLines(stdin.fileno())
    except (OSError, ValueError, AttributeError):  # no descriptor: a test's stream
        pass
    buffer: BinaryIO | None = getattr(stdin, "buffer", None)
    return buffer if buffer is not None else _TextAsBytes(stdin)


class DescriptorLines:
    """Lines read straight from a file descriptor (os.read), with no Python buffer between.

    A typed answer is read in a daemon thread that may still be waiting when the interview ends
    (a signal, a failure): a buffered reader's lock held by that thread makes the interpreter
    abort at exit ("could not acquire lock for <stdin> at interpreter shutdown"); a raw read
    holds no lock."""

    def __init__(self, descriptor: int) -> None:
        self._descriptor = descriptor
        self._pending = b""
        self._ended = False

    def readline(self) -> bytes:
        while b"\n" not in self._pending and not self._ended:
            chunk = os.read(self._descriptor, 65536)
            if chunk:
                self._pending += chunk
            else:
                self._ended = True
        line, newline, self._pending = self._pending.partition(b"\n")
        return line + newline

    def isatty(self) -> bool:
        return os.isatty(self._descriptor)


class _TextAsBytes:
    """A text stream without a byte buffer (one a test put in place), read as UTF-8 bytes."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def readline(self) -> bytes:
        return self._stream.readline().encode("utf-8", "surrogateescape")

    def isatty(self) -> bool:
        return self._stream.isatty()


def load_documents(
    terminal: Terminal, resume: Path, jd: str | None, jd_text: str | None
) -> tuple[ResumeProfile, JobDescription, list[str]]:
    """Read both documents; warnings are shown and returned (for the session log)."""
    from ai_interviewer.documents import load_job_description, load_resume

    if (jd is None) == (jd_text is None):
        raise UsageError(
            "give the job description with --jd FILE (- for stdin) or --jd-text TEXT, once"
        )
    profile, resume_warnings = load_resume(resume)
    job, jd_warnings = load_job_description(jd, jd_text, sys.stdin)
    warnings = resume_warnings + jd_warnings
    for warning in warnings:
        terminal.warning(warning)
    return profile, job, warnings


def speech_vocabulary(profile: ResumeProfile, job: JobDescription) -> list[str]:
    """What the speech recogniser should expect to hear in this interview."""
    from ai_interviewer.core.vocabulary import speech_hints

    names = [role.organization for role in profile.roles if role.organization]
    if job.company:
        names.append(job.company)
    return speech_hints(profile.skills, job.terms, names)


AGE_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def parse_age(option: str, text: str) -> timedelta:
    """An age such as 30d, 2w or 12h (a bare number is days)."""
    found = re.fullmatch(r"\s*(\d+)\s*([hdw]?)\s*", text.lower())
    if not found:
        raise UsageError(f"{option} {text!r} is not an age such as 30d, 2w or 12h")
    return int(found[1]) * AGE_UNITS[found[2] or "d"]


def parse_since(option: str, text: str, now: datetime) -> datetime:
    """A date (2026-01-31, from its midnight, local time) or an age back from now (30d)."""
    try:
        day = datetime.strptime(text.strip(), "%Y-%m-%d")
    except ValueError:
        try:
            return now - parse_age(option, text)
        except UsageError:
            raise UsageError(
                f"{option} {text!r} is not a date (2026-01-31) or an age (30d, 2w, 12h)"
            ) from None
    return day.astimezone()  # a naive date is local time
