"""`ai-interview purge ID | --older-than 30d | --all`: delete sessions for good, after asking."""

from __future__ import annotations

from pathlib import Path

import typer

from ai_interviewer.cli.common import DebugOption, HomeOption, load_settings
from ai_interviewer.console import Terminal
from ai_interviewer.errors import UsageError

LISTED = 5  # sessions named in the question before "and N more"


def purge_command(
    session: str | None = typer.Argument(
        None, help="Session id (its folder name), or latest.", show_default=False
    ),
    older_than: str | None = typer.Option(
        None, "--older-than", help="Every session begun longer ago than this: 30d, 2w, 12h."
    ),
    everything: bool = typer.Option(
        False, "--all", help="Every session, and the spoken questions kept to replay."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask first."),
    home: Path | None = HomeOption,
    debug: bool = DebugOption,
) -> int:
    """Delete sessions: their folders (recordings, reports, log) and their history."""
    import shutil
    from datetime import datetime

    from ai_interviewer.cli.common import parse_age
    from ai_interviewer.storage.private import check_data_folder
    from ai_interviewer.storage.purge import (
        every_session_folder,
        named_session,
        purge,
        sessions_before,
    )

    chosen = [bool(session), older_than is not None, everything]
    if sum(chosen) != 1:
        raise UsageError("say what to purge: a session ID, --older-than AGE or --all (one of them)")
    terminal = Terminal()
    settings = load_settings(home=home)
    check_data_folder(settings.home)
    sessions_dir = settings.sessions_dir
    if session:
        folders = [named_session(sessions_dir, session)]
        what, none = f"session {folders[0].name}", ""
    elif older_than is not None:
        age = parse_age("--older-than", older_than)
        folders = sessions_before(sessions_dir, datetime.now().astimezone() - age)
        what = f"{_count(folders)} begun more than {older_than} ago"
        none = f"no session begun more than {older_than} ago"
    else:
        folders = every_session_folder(sessions_dir)
        what, none = f"all {_count(folders)}", "no sessions"
    cache = settings.tts_cache_dir if everything and settings.tts_cache_dir.is_dir() else None
    if not folders and cache is None:
        terminal.info(f"Nothing to purge: {none}.")
        return 0
    if not yes:
        _list(terminal, folders)
        extra = " and the spoken questions kept to replay" if cache is not None else ""
        question = f"Delete {what} (recordings, reports, history){extra}, for good?"
        if not terminal.confirm(question):
            terminal.info("Nothing deleted.")
            return 1
    purge(sessions_dir, folders)
    if cache is not None:
        shutil.rmtree(cache)
    terminal.success(f"Deleted {_count(folders)}: folders, recordings, reports and history rows.")
    return 0


def _count(folders: list[Path]) -> str:
    return f"{len(folders)} session" + ("" if len(folders) == 1 else "s")


def _list(terminal: Terminal, folders: list[Path]) -> None:
    for folder in folders[-LISTED:][::-1]:
        terminal.info(f"  {folder.name}")
    if len(folders) > LISTED:
        terminal.info(f"  and {len(folders) - LISTED} older")
