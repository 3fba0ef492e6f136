"""The example interview's HTML report as a browser shows it: Debian's Chromium, headless, opens
the report of a real run (the bundled recordings as answers, local Whisper, offline scoring) made
again with `ai-interview report`, takes a screenshot and dumps the DOM it built."""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from cli_helpers import EXAMPLES, run_cli, sessions

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
WINDOW = (1200, 1600)
MIN_COLOURS = 50  # text, charts and heat-map cells: far more than a blank or broken page has
WEAK_ANSWERS = "I worked on databases.\nWe used Kubernetes.\nIt went fine.\n"


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def distinct_colours(png: Path) -> int:
    """How many different colours the screenshot has (decoded with pygame, a dependency)."""
    import numpy as np
    import pygame

    pixels = pygame.surfarray.array3d(pygame.image.load(str(png)))
    return len(np.unique(pixels.reshape(-1, 3), axis=0))


class Elements(HTMLParser):
    """The svg elements and the src of every audio element of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.svgs: list[str] = []
        self.audio: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "svg":
            self.svgs.append(found.get("aria-label") or "")
        elif tag == "audio":
            self.audio.append(found.get("src") or "")


@pytest.fixture
def example_report(isolated_environment: Path) -> Path:
    """The example interview, after a weaker typed one for the same role (so the report has a
    progress chart), its report made again by `ai-interview report`; the report's path."""
    if CHROMIUM is None:
        pytest.skip("chromium is not installed and could not be (make test installs it)")
    documents = [str(EXAMPLES / "resume.pdf"), "--jd", str(EXAMPLES / "job_description.txt")]
    typed = run_cli("run", *documents, "--text", "-n", "3", "--seed", "7", stdin=WEAK_ANSWERS)
    assert typed.code == 0, typed.stderr
    spoken = run_cli(
        "run", *documents, "--answers", str(EXAMPLES / "answers"), "--tts", "none",
        "--stt", "whisper", "--llm", "offline",
    )  # fmt: skip
    assert spoken.code == 0, spoken.stderr
    again = run_cli("report", "latest")
    assert again.code == 0, again.stderr
    return sessions(isolated_environment)[-1] / "report.html"


def test_the_report_shows_its_charts_and_plays_its_recordings(
    example_report: Path, tmp_path: Path
) -> None:
    """Chromium renders the report into a screenshot with real content (many colours, not a
    blank page); the DOM it built has the three charts as SVG (scores per question,
    competencies, progress across the two sessions) and an audio element per recorded answer,
    each pointing at a file that exists beside the report."""
    url = example_report.resolve().as_uri()
    screenshot = tmp_path / "report.png"
    chromium(
        tmp_path / "profile-shot",
        f"--screenshot={screenshot}",
        f"--window-size={WINDOW[0]},{WINDOW[1]}",
        url,
    )
    assert distinct_colours(screenshot) >= MIN_COLOURS

    dom = chromium(tmp_path / "profile-dom", "--dump-dom", url).stdout
    page = Elements()
    page.feed(dom)
    assert page.svgs == [
        "Overall score per question, 0 to 100",
        "Overall per session, 0 to 100",
        "Competencies, 0 to 10",
    ]
    assert len(page.audio) == 5
    for src in page.audio:
        assert not Path(src).is_absolute() and src.startswith("audio/")
        assert (example_report.parent / src).is_file(), src
