"""The live interview on the terminal: questions, a level meter while recording, feedback."""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Iterator

from rich.console import Group
from rich.live import Live
from rich.text import Text

from ai_interviewer.console import Terminal
from ai_interviewer.core.models import Question, Transcript, Turn
from ai_interviewer.core.text import clip
from ai_interviewer.interview.answers import Answer

METER_WIDTH = 30


def level_bar(level: float, seconds: float, hint: str) -> Text:
    """A one-line microphone meter: elapsed time, a bar for the loudness, what ends the answer."""
    decibels = 20 * math.log10(max(level, 1e-6))  # a meter reads in dB: -60 dB empty, 0 full
    filled = max(0, min(METER_WIDTH, round((decibels + 60) / 60 * METER_WIDTH)))
    bar = Text(f"● REC {int(seconds) // 60}:{int(seconds) % 60:02d} ", style="bold red")
    bar.append("█" * filled, style="green")
    bar.append("·" * (METER_WIDTH - filled), style="dim")
    bar.append(f"  {hint}", style="dim")
    return bar


class _Ticker:
    """Calls `tick` ten times a second on a thread, while inside (for elapsed time)."""

    def __init__(self, tick: Callable[[], None]) -> None:
        import threading

        self._tick = tick
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self._tick()

    def __enter__(self) -> _Ticker:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=1)


class RichInterviewView:
    """Implements the engine's InterviewView with Rich renderables from report.terminal."""

    def __init__(
        self, terminal: Terminal, listening_hint: str | None = None, details: bool = False
    ) -> None:
        self.terminal = terminal
        self.listening_hint = listening_hint  # None: answers are not recorded live
        self.details = details  # the full breakdown after each answer, not the compact one
        self._live: Live | None = None
        self._last_refresh = 0.0
        self._announce_on_first_audio = False
        self._partial = ""
        self._level = (0.0, 0.0)

    def notice(self, message: str) -> None:
        self._stop_live()
        self.terminal.warning(message)

    def question(self, question: Question, index: int, total: int) -> None:
        from ai_interviewer.report.terminal import question_panel

        self.terminal.show(question_panel(question, index, total))

    def answering(self, question: Question) -> None:
        if self.listening_hint is None:
            return
        if not self.terminal.out.is_terminal:
            self._announce_on_first_audio = True  # said once the microphone delivers audio
            return
        self._live = Live(
            level_bar(0.0, 0.0, self.listening_hint),
            console=self.terminal.out,
            transient=True,
            auto_refresh=False,
        )
        self._live.start()

    def level(self, rms: float, seconds: float) -> None:
        """Called by the recorder for every block of audio; redraws at most 15 times a second."""
        if self._announce_on_first_audio:
            self._announce_on_first_audio = False
            self.terminal.info(f"Recording: speak now ({self.listening_hint}).")
        if self._live is None or self.listening_hint is None:
            return
        now = time.monotonic()
        if now - self._last_refresh < 1 / 15:
            return
        self._last_refresh = now
        self._level = (rms, seconds)
        self._redraw()

    def partial(self, text: str) -> None:
        """The live transcript so far, shown under the meter (called from the STT's thread)."""
        self._partial = text
        if self._live is not None:
            self._redraw()

    def _redraw(self) -> None:
        if self._live is None or self.listening_hint is None:
            return
        meter = level_bar(*self._level, self.listening_hint)
        if not self._partial:
            self._live.update(meter, refresh=True)
            return
        words = Text("  " + clip(self._partial[-300:], 200), style="italic")
        self._live.update(Group(meter, words), refresh=True)

    def answered(self, answer: Answer) -> None:
        self._stop_live()
        self._announce_on_first_audio = False
        self._partial = ""
        if answer.audio is not None and answer.duration is not None:
            how = {"silence": "silence", "enter": "Enter", "max_seconds": "time limit"}.get(
                answer.stopped_by or "", answer.stopped_by or ""
            )
            self.terminal.info(f"Recorded {answer.duration:.1f} s (stopped by {how}).")
        elif answer.audio is not None:
            self.terminal.info(f"Answer: {answer.audio.name}")

    def transcript(self, transcript: Transcript) -> None:
        from ai_interviewer.report.terminal import transcript_panel

        self.terminal.show(transcript_panel(transcript))

    def feedback(self, turn: Turn) -> None:
        from ai_interviewer.report.terminal import compact_feedback, feedback_panel

        self.terminal.show(feedback_panel(turn) if self.details else compact_feedback(turn))

    @contextlib.contextmanager
    def working(self, what: str) -> Iterator[None]:
        """A spinner with the seconds so far while the engine works; nothing in a pipe."""
        from rich.progress import Progress, SpinnerColumn, TextColumn

        self._stop_live()
        columns = (
            SpinnerColumn(),
            TextColumn("{task.description}"),
            TextColumn("{task.fields[s]}"),
        )
        quiet = not self.terminal.err.is_terminal
        with Progress(*columns, console=self.terminal.err, transient=True, disable=quiet) as bar:
            task = bar.add_task(f"{what}…", s="")
            started = time.monotonic()
            ticker = _Ticker(lambda: bar.update(task, s=f"{time.monotonic() - started:.1f} s"))
            with ticker:
                yield

    def _stop_live(self) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None
