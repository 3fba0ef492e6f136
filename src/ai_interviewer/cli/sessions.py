"""`ai-interview sessions`: the past sessions, newest first; unfinished ones with the command that
carries them on."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ai_interviewer.cli.common import DebugOption, HomeOption, JsonOption, load_settings
from ai_interviewer.console import Terminal

if TYPE_CHECKING:
    from rich.table import Table

    from ai_interviewer.storage.history import SessionSummary

STATUS_WORDS = {
    "complete": "complete",
    "ended_early": "ended early",
    "in_progress": "unfinished",
    "failed": "failed",
}
NO_SESSIONS = "No sessions yet: start one with ai-interview run RESUME --jd JOB.txt"
SHOWN_RESUMES = 3  # unfinished sessions given their resume command under the table


def sessions_command(
    limit: int = typer.Option(20, "--limit", "-n", min=1, help="How many, newest first."),
    as_json: bool = JsonOption,
    home: Path | None = HomeOption,
    debug: bool = DebugOption,
) -> int:
    """List past sessions: date, role, company, questions answered, overall, status."""
    from ai_interviewer.storage.history import History
    from ai_interviewer.storage.private import check_data_folder

    terminal = Terminal()
    settings = load_settings(home=home)
    check_data_folder(settings.home)
    found = History(settings.sessions_dir).sessions()
    shown = found[:limit]
    resume = "ai-interview resume" + (f" --home {settings.home}" if home is not None else "")
    if as_json:
        terminal.out.print_json(json.dumps([_session_dict(s, resume) for s in shown]))
    if not found:
        terminal.info(NO_SESSIONS)
        return 0
    if as_json:
        return 0
    terminal.show(_sessions_table(shown, len(found)))
    unfinished = [s for s in shown if not s.finished]
    if unfinished:
        terminal.print("Carry on an unfinished session with:")
        for session in unfinished[:SHOWN_RESUMES]:
            terminal.print(f"  {resume} {session.id}")
        if len(unfinished) > SHOWN_RESUMES:
            terminal.print(f"  (and {len(unfinished) - SHOWN_RESUMES} more, by their ID)")
    return 0


def when(created: str) -> str:
    """A session's date and time as a person reads it: 2026-11-25 14:30."""
    return created[:16].replace("T", " ")


def _session_dict(session: SessionSummary, resume: str) -> dict[str, object]:
    return {
        "id": session.id,
        "created": session.created,
        "role": session.role,
        "company": session.company,
        "candidate": session.candidate,
        "questions": session.questions,
        "asked": session.asked,
        "answered": session.answered,
        "overall": session.overall,
        "scorer": session.scorer,
        "status": session.status,
        "resume": None if session.finished else f"{resume} {session.id}",
    }


def _sessions_table(shown: list[SessionSummary], total: int) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    count = f"{len(shown)} of {total}" if total > len(shown) else str(total)
    table = Table(
        title=f"Sessions ({count}, newest first)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("Date and ID", no_wrap=True)
    table.add_column("Role", ratio=3)
    table.add_column("Company", ratio=2)
    table.add_column("Answered", justify="right", no_wrap=True)
    table.add_column("Overall", justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    for session in shown:
        table.add_row(
            Text.assemble(when(session.created), "\n", (session.id, "dim")),
            session.role or "-",
            session.company or "-",
            f"{session.answered}/{session.questions}",
            f"{session.overall}/100",
            STATUS_WORDS.get(session.status, session.status),
        )
    return table
