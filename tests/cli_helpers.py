"""Running the installed command as a user would, in a subprocess."""

from __future__ import annotations

import os
import queue
import stat
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
SOURCE = REPO / "src"
WAIT_S = 120.0


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str


def command_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The test's environment (isolated home etc.) with `env` on top, and this checkout's source
    first on the path, so the command runs the code under test whatever is installed."""
    full = {**os.environ, **(env or {})}
    paths = [str(SOURCE), *filter(None, full.get("PYTHONPATH", "").split(os.pathsep))]
    full["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return full


def run_cli(
    *args: str, stdin: str = "", env: dict[str, str] | None = None, timeout: float = 300
) -> Result:
    """`ai-interview ARGS` in a subprocess, with the test's environment (isolated home etc.)."""
    full_env = command_env(env)
    proc = subprocess.run(
        [sys.executable, "-m", "ai_interviewer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def not_private(home: Path) -> list[str]:
    """Every folder under the data folder (itself included) that is not 0700, every file that is
    not 0600, with its mode: what a test of privacy expects to be empty."""
    found = []
    for path in [home, *sorted(home.rglob("*"))]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        expected = 0o700 if path.is_dir() else 0o600
        if path.is_symlink() or mode != expected:
            found.append(f"{oct(mode)} {path.relative_to(home.parent)}")
    return found


def sessions(home: Path) -> list[Path]:
    folder = home / "sessions"
    return sorted(p for p in folder.iterdir() if p.is_dir()) if folder.exists() else []


class RunningInterview:
    """`ai-interview run` in a subprocess, its stderr read line by line as it comes."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ai_interviewer", "run", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=command_env(env),
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.stderr: list[str] = []
        self.stdout = ""
        threading.Thread(target=self._read_stderr, daemon=True).start()
        threading.Thread(target=self._read_stdout, daemon=True).start()

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.stderr.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        self.stdout = self.process.stdout.read()

    def wait_for_line(self, text: str, timeout: float = WAIT_S) -> str:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            if text in line:
                return line
        raise AssertionError(f"no {text!r} on stderr; got:\n{''.join(self.stderr)}")

    def finish(self, timeout: float = WAIT_S) -> int:
        return self.process.wait(timeout=timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
