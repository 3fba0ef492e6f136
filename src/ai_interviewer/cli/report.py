"""`ai-interview report [ID|latest] [--format md|html|json] [--open]`: a session's report made
again from its session.json with the current renderers: report.md, report.html and report.json
written anew in its folder, then the chosen format on stdout (the terminal view without one), or
the HTML opened in the default browser."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ai_interviewer.cli.common import DebugOption, HomeOption, load_settings
from ai_interviewer.console import Terminal
from ai_interviewer.errors import InterviewError

if TYPE_CHECKING:
    from ai_interviewer.core.models import Report
    from ai_interviewer.storage.session import SessionRecord


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    json = "json"


FILE_OF_FORMAT = {"md": "report.md", "html": "report.html", "json": "report.json"}


def report_command(
    session: str = typer.Argument(
        "latest", help="Session id (its folder name), or latest.", show_default=False
    ),
    output: ReportFormat | None = typer.Option(
        None,
        "--format",
        "-f",
        help="Print the report as md, html or json (without it, as in the terminal).",
        show_default=False,
    ),
    open_html: bool = typer.Option(
        False, "--open", help="Open the HTML report in the default browser."
    ),
    home: Path | None = HomeOption,
    debug: bool = DebugOption,
) -> int:
    """Make a session's report again with this version, and show it or open it."""
    from ai_interviewer.report.json_report import write_reports
    from ai_interviewer.storage.history import History
    from ai_interviewer.storage.purge import named_session

    terminal = Terminal()
    settings = load_settings(home=home)
    folder = named_session(settings.sessions_dir, session)
    record = _record(folder)
    report = _report_of(record)
    progress = History(settings.sessions_dir).progress_of(record, report)
    paths = write_reports(report, folder, progress)
    terminal.info(f"Report written in {folder}: {', '.join(p.name for p in paths)}")
    if output is not None:
        written = dict(zip((p.name for p in paths), paths, strict=True))
        path = written[FILE_OF_FORMAT[output.value]]
        terminal.out.file.write(path.read_text(encoding="utf-8"))
        terminal.out.file.flush()
    elif not open_html:
        from ai_interviewer.report.terminal import report_view

        terminal.show(report_view(report, progress))
    if open_html:
        _open(terminal, folder / "report.html")
    return 0


def _record(folder: Path) -> SessionRecord:
    from ai_interviewer.storage.session import SESSION_FILE, SessionStore

    store = SessionStore(folder)
    if not store.session_file.exists():
        raise InterviewError(
            f"session {folder.name} has no {SESSION_FILE}: it stopped before its first question",
            f"ai-interview purge {folder.name} removes it",
        )
    return store.load()  # a damaged or unreadable one is its own one-line error


def _report_of(record: SessionRecord) -> Report:
    """The session's report; for a session cut off before it had one, built from its turns as the
    interview would have built it."""
    from ai_interviewer.core.summary import build_report

    report = record.report
    if report is None:
        report = build_report(record.turns, record.profile, record.job)
    report = report.model_copy()
    report.created = report.created or record.created
    report.company = report.company or record.job.company
    return report


def _open(terminal: Terminal, page: Path) -> None:
    """The page in the default browser (BROWSER chooses it, as everywhere)."""
    import webbrowser

    if not webbrowser.open(page.resolve().as_uri()):
        raise InterviewError(f"no browser could be started for {page}", "open the file yourself")
    terminal.info(f"Opened {page}")
