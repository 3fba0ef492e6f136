"""The final report as JSON, and writing all three report files into a session folder.

The JSON is `Report.model_dump(mode="json")`, indented, keys sorted so two runs of the same
report are byte-identical and diffs between sessions stay small; `Report.model_validate_json`
reads it back. Files are written atomically with mode 0600: they describe a person.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from ai_interviewer.core.models import Report
from ai_interviewer.core.progress import ProgressPoint
from ai_interviewer.report.html import render_html
from ai_interviewer.report.markdown import render_markdown
from ai_interviewer.storage.atomic import write_text_atomic
from ai_interviewer.storage.private import make_private_dir

REPORT_FILE_NAMES = ("report.md", "report.html", "report.json")


def render_json(report: Report) -> str:
    """Pretty JSON with a stable key order, ending with a newline."""
    data = report.model_dump(mode="json")
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def recordings_in(report: Report, folder: Path) -> frozenset[str]:
    """The answers' recordings that are still in the session folder, as the turns name them
    (relative paths inside the folder; anything else is left out)."""
    found = set()
    for turn in report.turns:
        path = turn.answer_audio
        if not path:
            continue
        relative = PurePosixPath(path)
        if relative.is_absolute() or ".." in relative.parts:
            continue
        if (folder / relative).is_file():
            found.add(path)
    return frozenset(found)


def write_reports(
    report: Report, folder: Path, progress: Sequence[ProgressPoint] | None = None
) -> list[Path]:
    """Write report.md, report.html and report.json into `folder`; return their paths.

    `progress` is the sessions of the report's role so far (`History.progress_of`), for the
    progress across sessions; without it they are read from the history of the data folder the
    session folder is in. Each file is rendered in full before anything is written, so a
    rendering error leaves the folder as it was; each write replaces the old file whole.
    """
    folder = Path(folder)
    if progress is None:
        from ai_interviewer.storage.history import progress_of_folder

        progress = progress_of_folder(folder, report)
    make_private_dir(folder)
    recordings = recordings_in(report, folder)
    contents = dict(
        zip(
            REPORT_FILE_NAMES,
            (
                render_markdown(report, progress, recordings),
                render_html(report, progress, recordings),
                render_json(report),
            ),
            strict=True,
        )
    )
    paths: list[Path] = []
    for name, text in contents.items():
        path = folder / name
        write_text_atomic(path, text)
        paths.append(path)
    return paths
