"""The one terminal wrapper every command prints through.

Markup and highlighting are off: transcripts, resumes and model text contain [brackets] and must be
shown as they are. Messages go to stderr, results to stdout, so that `score --json | jq` works.
Colour follows Rich's own rules (NO_COLOR, a terminal or not).

Data never reaches the terminal with its controls: file names, transcripts, documents and model
text may hold escape sequences that would set the window title, clear the screen or fake a
line. `printable` strips them (ESC sequences, C0 and C1 controls but tab and newline) and the
consoles apply it to every piece of text they write, whatever renderable holds it; Rich's own
cursor and colour codes are kept. `one_line` makes a message one line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import Any

from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.text import Text

from ai_interviewer.core.decoding import os_text

_ESCAPE_SEQUENCES = re.compile(
    r"""
      \x1b\[ [0-?]* [ -/]* [@-~]?                 # CSI: ESC [ parameters, final byte
    | \x1b [\]PX^_] [^\x07\x1b\x9c]* (?:\x07|\x1b\\|\x9c)?   # OSC, DCS, SOS, PM, APC strings
    | \x1b [ -/]* [0-~]?                          # any other escape
    | \x9b [0-?]* [ -/]* [@-~]?                   # 8-bit CSI
    | [\x90\x98\x9d\x9e\x9f] [^\x07\x1b\x9c]* (?:\x07|\x9c)?  # 8-bit string controls
    """,
    re.VERBOSE,
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline
_SUSPECT = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x85\u2028\u2029]\s*")


def printable(text: str) -> str:
    """`text` without terminal controls: escape sequences and control characters removed (tab
    and newline kept), surrogate escapes decoded by the text policy."""
    if not _SUSPECT.search(text):
        return text
    text = os_text(text)
    return _CONTROLS.sub("", _ESCAPE_SEQUENCES.sub("", text))


def one_line(text: str) -> str:
    """`text` printable and on one line (line breaks become spaces)."""
    return _LINE_BREAKS.sub(" ", printable(text)).strip()


class DataSafeConsole(Console):
    """A Rich console that strips terminal controls from every text it writes (not from its own
    control segments: cursor moves, colours, links)."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        return super()._render_buffer(
            segment if segment.control else Segment(printable(segment.text), segment.style)
            for segment in buffer
        )


def _console(stderr: bool) -> Console:
    # messages on stderr are single lines that the terminal wraps; results on stdout are laid out
    return DataSafeConsole(
        stderr=stderr, markup=False, emoji=False, highlight=False, soft_wrap=stderr
    )


class Terminal:
    """stdout for results, stderr for everything a person reads while it works."""

    def __init__(self, verbose: bool = False) -> None:
        self.out = _console(stderr=False)
        self.err = _console(stderr=True)
        self.verbose = verbose

    def show(self, renderable: RenderableType) -> None:
        """A result: stdout."""
        self.out.print(renderable)

    def print(self, *parts: Any, style: str | None = None) -> None:
        """Plain text on stdout, never interpreted as markup."""
        self.out.print(Text(" ".join(str(p) for p in parts), style=style or ""))

    def info(self, message: str) -> None:
        self.err.print(Text(message, style="cyan"))

    def success(self, message: str) -> None:
        self.err.print(Text(message, style="green"))

    def warning(self, message: str) -> None:
        self.err.print(Text(f"warning: {one_line(message)}", style="yellow"))

    def error(self, message: str) -> None:
        self.err.print(Text(f"error: {one_line(message)}", style="bold red"))

    def confirm(self, question: str) -> bool:
        """Ask on stderr, read the answer from stdin: yes only for y or yes (the end of input,
        or anything else, is no)."""
        self.err.print(Text(f"{question} [y/N] ", style="bold"), end="")
        answer = sys.stdin.readline() if sys.stdin is not None else ""  # closed: no
        if not answer.endswith("\n"):
            self.err.print()
        return answer.strip().lower() in ("y", "yes")
