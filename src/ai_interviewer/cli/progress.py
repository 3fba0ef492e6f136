"""`ai-interview progress`: each criterion and delivery measure across the sessions that ended (a
session still in progress is not counted), as a trend with a sparkline, the first and latest
value and whether it got better."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ai_interviewer.cli.common import DebugOption, HomeOption, JsonOption, load_settings
from ai_interviewer.cli.sessions import NO_SESSIONS, when
from ai_interviewer.console import Terminal

if TYPE_CHECKING:
    from rich.table import Table

    from ai_interviewer.core.progress import Trend
    from ai_interviewer.storage.history import History, SessionPoint

SPARK_WIDTH = 30  # the latest sessions a sparkline shows; --json has them all


def progress_command(
    role: str | None = typer.Option(
        None, "--role", help="Only sessions for this role (any part of it, any case)."
    ),
    company: str | None = typer.Option(
        None, "--company", help="Only sessions for this company (any part of it, any case)."
    ),
    since: str | None = typer.Option(
        None,
        "--since",
        help="Only sessions since a date (2026-01-31) or within the last 30d, 2w or 12h.",
    ),
    as_json: bool = JsonOption,
    home: Path | None = HomeOption,
    debug: bool = DebugOption,
) -> int:
    """Show how your scores and delivery changed from session to session."""
    from ai_interviewer.cli.common import parse_since
    from ai_interviewer.core.progress import trends
    from ai_interviewer.storage.history import History
    from ai_interviewer.storage.private import check_data_folder

    terminal = Terminal()
    now = datetime.now().astimezone()
    start = parse_since("--since", since, now) if since is not None else None
    settings = load_settings(home=home)
    check_data_folder(settings.home)
    history = History(settings.sessions_dir)
    points = history.progress(role=role, company=company, since=start)
    found = trends([p.measures for p in points])
    if as_json:
        filters = {"role": role, "company": company, "since": start.isoformat() if start else None}
        terminal.out.print_json(json.dumps(_progress_dict(filters, points, found)))
    if not points:
        terminal.info(_nothing_to_show(history, role, company, since))
        return 0
    if as_json:
        return 0
    terminal.show(_trend_table(points, found, role, company))
    if len(points) == 1:
        terminal.print("One session so far: practise again to see a trend.")
    waiting = sum(1 for s in history.sessions() if s.status == "in_progress")
    if waiting == 1:
        terminal.print("Not counted: 1 session in progress (ai-interview resume carries it on).")
    elif waiting:
        terminal.print(
            f"Not counted: {waiting} sessions in progress (ai-interview sessions lists them)."
        )
    return 0


def _nothing_to_show(
    history: History, role: str | None, company: str | None, since: str | None
) -> str:
    every = history.sessions()
    if not every:
        return NO_SESSIONS
    asked = [
        f"{option} {value!r}"
        for option, value in (("--role", role), ("--company", company), ("--since", since))
        if value
    ]
    noun = "session" if len(every) == 1 else "sessions"
    if asked:
        return (
            f"No session with an answer matches {' '.join(asked)} "
            f"({len(every)} {noun} in all: ai-interview sessions lists them)"
        )
    return (
        f"No session with an answer has ended yet ({len(every)} {noun} in progress or "
        "unanswered: ai-interview sessions lists them)"
    )


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _change(trend: Trend) -> str:
    if trend.change is None:
        return "-"
    sign = "+" if trend.change > 0 else ""
    return f"{sign}{_number(trend.change)} {trend.verdict}"


def _trend_table(
    points: list[SessionPoint], found: list[Trend], role: str | None, company: str | None
) -> Table:
    from rich import box
    from rich.table import Table

    first, latest = points[0].session, points[-1].session
    span = when(first.created)[:10]
    if len(points) > 1:
        span += f" to {when(latest.created)[:10]}"
    roles = sorted({p.session.role for p in points if p.session.role})
    about = f"; {roles[0]}" if len(roles) == 1 else ""
    noun = "session" if len(points) == 1 else "sessions"
    title = f"Progress over {len(points)} {noun} ({span}){about}"
    table = Table(
        title=title,
        title_justify="left",
        min_width=len(title),
        caption="Trend: oldest to newest, one block a session, low to high.",
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("Measure")
    table.add_column("Trend", no_wrap=True)
    table.add_column("First", justify="right", no_wrap=True)
    table.add_column("Latest", justify="right", no_wrap=True)
    table.add_column("Change", no_wrap=True)
    table.add_column("Aim", no_wrap=True)
    for trend in found:
        table.add_row(
            trend.measure.label,
            trend.sparkline[-SPARK_WIDTH:],
            _number(trend.first),
            _number(trend.latest),
            _change(trend),
            trend.measure.aim,
        )
    return table


def _progress_dict(
    filters: dict[str, str | None], points: list[SessionPoint], found: list[Trend]
) -> dict[str, object]:
    return {
        "filters": filters,
        "sessions": [
            {
                "id": p.session.id,
                "created": p.session.created,
                "role": p.session.role,
                "company": p.session.company,
                "answered": p.session.answered,
                "asked": p.session.asked,
                "measures": p.measures,
            }
            for p in points
        ],
        "trends": [
            {
                "measure": t.measure.name,
                "label": t.measure.label,
                "better": t.measure.better,
                "values": list(t.values),
                "first": t.first,
                "latest": t.latest,
                "change": t.change,
                "verdict": t.verdict or None,
                "sparkline": t.sparkline,
            }
            for t in found
        ],
    }
