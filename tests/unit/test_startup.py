"""`ai-interview --help` must stay fast: no heavy library is imported for it."""

from __future__ import annotations

import subprocess
import sys

HEAVY = (
    "litellm",
    "faster_whisper",
    "ctranslate2",
    "pygame",
    "sounddevice",
    "pyttsx3",
    "numpy",
    "pypdf",
)


def test_help_imports_no_heavy_library() -> None:
    probe = (
        "import sys, contextlib, io\n"
        "from ai_interviewer.cli.app import run_app\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out: code = run_app(['--help'])\n"
        "assert code == 0 and 'run' in out.getvalue(), out.getvalue()\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ai_interviewer", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith("ai-interview ")
