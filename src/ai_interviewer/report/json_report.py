"""The final report as JSON, and writing all three report files into a session folder.

The JSON is `Report.model_dump(mode="json")`, indented, keys sorted so two runs of the same
report are byte-identical and diffs between sessions stay small; `Report.model_validate_json`
reads it back. Files are written atomically with mode 0600: they describe a person.
"""

from __future__ import annotations

import json
from pathlib import Path

from ai_interviewer.core.models import Report
from ai_interviewer.report.html import render_html
from ai_interviewer.report.markdown import render_markdown
from ai_interviewer.storage.atomic import write_text_atomic
from ai_interviewer.storage.private import make_private_dir

REPORT_FILE_NAMES = ("report.md", "report.html", "report.json")


def render_json(report: Report) -> str:
    """Pretty JSON with a stable key order, ending with a newline."""
    data = report.model_dump(mode="json")
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_reports(report: Report, folder: Path) -> list[Path]:
    """Write report.md, report.html and report.json into `folder`; return their paths.

    Each file is rendered in full before anything is written, so a rendering error leaves the
    folder as it was; each write replaces the old file whole.
    """
    folder = Path(folder)
    make_private_dir(folder)
    contents = dict(
        zip(
            REPORT_FILE_NAMES,
            (render_markdown(report), render_html(report), render_json(report)),
            strict=True,
        )
    )
    paths: list[Path] = []
    for name, text in contents.items():
        path = folder / name
        write_text_atomic(path, text)
        paths.append(path)
    return paths
