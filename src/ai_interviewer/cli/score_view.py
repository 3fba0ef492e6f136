"""What `score` shows a person: progress with an estimate of the time left (on stderr, and only
when stderr is a terminal), and the table of results at the end."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ai_interviewer.console import Terminal

if TYPE_CHECKING:
    from rich.table import Table

    from ai_interviewer.batch.runner import BatchResult

QUESTION_WIDTH = 28  # the table shows the start of each question; the other formats have it all


class Progress:
    """Answers done of all, the last one's name, and the time left; silent in pipes and CI."""

    def __init__(self, terminal: Terminal, total: int) -> None:
        self.terminal = terminal
        self.total = total
        self._bar: object | None = None
        self._task: object | None = None

    @contextlib.contextmanager
    def shown(self) -> Iterator[Progress]:
        if not self.terminal.err.is_terminal:
            yield self
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            TextColumn,
            TimeRemainingColumn,
        )
        from rich.progress import Progress as Bar

        columns = (
            TextColumn("Scoring"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            TextColumn("{task.description}"),
        )
        with Bar(*columns, console=self.terminal.err, transient=True) as bar:
            self._bar = bar
            self._task = bar.add_task("", total=self.total)
            try:
                yield self
            finally:
                self._bar = None

    def status(self, text: str) -> None:
        """What the batch is doing before its first answer is done (the bar's last column)."""
        if self._bar is not None:
            self._bar.update(self._task, description=text)  # type: ignore[attr-defined]

    def advance(self, name: str) -> None:
        if self._bar is not None:
            self._bar.update(self._task, advance=1, description=name)  # type: ignore[attr-defined]


def results_table(results: list[BatchResult]) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from ai_interviewer.core.criteria import CRITERIA, short_label_of
    from ai_interviewer.core.text import clip

    label = next((r.evaluation.label for r in results if r.evaluation), "offline estimate")
    what = "Recorded answers" if all(r.item.is_recording for r in results) else "Answers"
    untimed = [r for r in results if r.evaluation is not None and not r.evaluation.delivery.timed]
    caption = None
    if untimed:
        transcripts = any(r.item.is_transcript for r in untimed)
        why = "transcripts have no word timings" if transcripts else "no word timings"
        caption = f"WPM -: not measured ({why})"
    table = Table(
        title=f"{what} ({label})",
        title_justify="left",
        caption=caption,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    short = [short_label_of(c) for c in CRITERIA]
    table.add_column("File and question")
    for name in ("Overall", *short, "WPM", "STAR"):
        right = name != "STAR"
        table.add_column(name, justify="right" if right else "left", no_wrap=True)
    for r in results:
        e = r.evaluation
        question = clip(r.item.question.text, QUESTION_WIDTH)
        whose = f"{r.item.candidate}: " if r.item.candidate else ""
        asked = Text.assemble(whose + r.item.name, "\n", (question, "dim"))
        if e is None:
            table.add_row(asked, "failed", *[""] * (len(CRITERIA) + 2))
            continue
        wpm = "-" if e.delivery.wpm is None else f"{e.delivery.wpm:.0f}"
        story = e.intent in (None, "example")  # STAR only for questions that ask for a story
        star = ("".join(p[0].upper() for p in e.star.found) or "-") if story else "n/a"
        table.add_row(
            asked,
            f"{e.overall}/100",
            *[str(e.score_of(c)) for c in CRITERIA],
            wpm,
            star,
        )
    return table
