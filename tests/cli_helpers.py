"""Running the installed command as a user would, in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def run_cli(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, timeout: float = 300
) -> Result:
    """`ai-interview ARGS` in a subprocess, with the test's environment (isolated home etc.)."""
    full_env = {**os.environ, **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "ai_interviewer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def sessions(home: Path) -> list[Path]:
    folder = home / "sessions"
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.exists() else []
