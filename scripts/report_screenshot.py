"""The screenshot of the example interview's HTML report that the README shows (docs/report.png).

In a temporary data folder it runs a typed interview with weak answers, then the example interview
(`make demo`'s: the bundled recordings as answers, local Whisper, offline scoring), makes its report
again with `ai-interview report` (so it has the progress across the two), and has headless Chromium
photograph the top of it. `--home DIR` photographs the latest session of an existing data folder
instead (`make demo` leaves one in .demo-home).

    .venv/bin/python scripts/report_screenshot.py [--home DIR] [--out docs/report.png]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
WINDOW = "1100,1500"
MAX_BYTES = 300_000
WEAK_ANSWERS = "I worked on databases.\nWe used Kubernetes.\nIt went fine.\n"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def ai_interview(home: Path, *args: str, stdin: str = "") -> None:
    env = {**os.environ, "AI_INTERVIEWER_HOME": str(home), "AI_INTERVIEWER_NO_DOTENV": "1"}
    command = [sys.executable, "-m", "ai_interviewer", *args]
    done = subprocess.run(command, input=stdin, text=True, env=env, capture_output=True)
    if done.returncode != 0:
        sys.exit(f"ai-interview {' '.join(args)} failed:\n{done.stderr}")


def example_sessions(home: Path) -> None:
    """A weak typed interview, then the example one, for the same job."""
    documents = [str(EXAMPLES / "resume.pdf"), "--jd", str(EXAMPLES / "job_description.txt")]
    ai_interview(home, "run", *documents, "--text", "-n", "3", "--seed", "7", stdin=WEAK_ANSWERS)
    ai_interview(
        home, "run", *documents, "--answers", str(EXAMPLES / "answers"), "--tts", "none",
        "--stt", "whisper", "--llm", "offline",
    )  # fmt: skip


def latest_report(home: Path) -> Path:
    """The latest session's report, made again with this version."""
    ai_interview(home, "report", "latest")
    folders = sorted(p for p in (home / "sessions").iterdir() if p.is_dir())
    return folders[-1] / "report.html"


def screenshot(page: Path, out: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("chromium is not installed: sudo apt-get install chromium")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                chromium,
                *CHROMIUM_FLAGS,
                f"--user-data-dir={profile}",
                f"--screenshot={out}",
                f"--window-size={WINDOW}",
                page.resolve().as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, help="an existing data folder: its latest session")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "report.png")
    options = parser.parse_args()
    options.out.parent.mkdir(parents=True, exist_ok=True)
    if options.home is not None:
        screenshot(latest_report(options.home), options.out)
    else:
        with tempfile.TemporaryDirectory() as folder:
            home = Path(folder) / "home"
            example_sessions(home)
            screenshot(latest_report(home), options.out)
    size = options.out.stat().st_size
    print(f"{options.out} ({size // 1000} KB)")
    if size > MAX_BYTES:
        print(f"warning: over {MAX_BYTES // 1000} KB: take a smaller window", file=sys.stderr)


if __name__ == "__main__":
    main()
