"""The one terminal wrapper every command prints through.

Markup and highlighting are off: transcripts, resumes and model text contain [brackets] and must be
shown as they are. Messages go to stderr, results to stdout, so that `score --json | jq` works.
Colour follows Rich's own rules (NO_COLOR, a terminal or not).
"""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Console, RenderableType
from rich.text import Text


def _console(stderr: bool) -> Console:
    # messages on stderr are single lines that the terminal wraps; results on stdout are laid out
    return Console(stderr=stderr, markup=False, emoji=False, highlight=False, soft_wrap=stderr)


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
        self.err.print(Text(f"warning: {message}", style="yellow"))

    def error(self, message: str) -> None:
        self.err.print(Text(f"error: {message}", style="bold red"))

    def confirm(self, question: str) -> bool:
        """Ask on stderr, read the answer from stdin: yes only for y or yes (the end of input,
        or anything else, is no)."""
        self.err.print(Text(f"{question} [y/N] ", style="bold"), end="")
        answer = sys.stdin.readline()
        if not answer.endswith("\n"):
            self.err.print()
        return answer.strip().lower() in ("y", "yes")
