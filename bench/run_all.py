"""Benchmarks: start-up, local speech-to-text speed, document loading, the offline rubric's
calibration set (typed and spoken). Writes bench/RESULTS.md.

Everything is compared side by side in one run (this machine is noisy): the command's cold start
against `python -c pass`, Whisper's transcription time against the audio's own length.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "RESULTS.md"
SHARED_SPEECH = REPO.parent / "shared" / "data" / "speech" / "jfk.flac"
HEAVY = ("litellm", "faster_whisper", "pygame", "sounddevice", "ctranslate2", "pyttsx3")


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def run_quiet(args: list[str]) -> None:
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def bench_cold_start(repeat: int = 15) -> list[str]:
    """`ai-interview --help` against `python -c pass`, interleaved so both see the same noise."""
    help_cmd = [sys.executable, "-m", "ai_interviewer", "--help"]
    base_cmd = [sys.executable, "-c", "pass"]
    run_quiet(help_cmd)  # warm the file cache and byte-code once
    help_times, base_times = [], []
    for _ in range(repeat):
        base_times += timed(lambda: run_quiet(base_cmd), 1)
        help_times += timed(lambda: run_quiet(help_cmd), 1)
    probe = (
        "import sys; from ai_interviewer.cli.app import run_app; "
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()): run_app(['--help'])\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    h, b = statistics.median(help_times), statistics.median(base_times)
    return [
        "## Cold start",
        "",
        f"`ai-interview --help`, median of {repeat} runs, interleaved with `python -c pass`:",
        "",
        "| command | median | min | max |",
        "| --- | --- | --- | --- |",
        f"| `python -c pass` | {b * 1000:.0f} ms | {min(base_times) * 1000:.0f} ms "
        f"| {max(base_times) * 1000:.0f} ms |",
        f"| `ai-interview --help` | {h * 1000:.0f} ms | {min(help_times) * 1000:.0f} ms "
        f"| {max(help_times) * 1000:.0f} ms |",
        "",
        f"The command costs {(h - b) * 1000:.0f} ms over bare Python ({h / b:.1f}x); target "
        f"under 300 ms in all. Heavy modules imported for `--help`: {loaded or 'none'}.",
        "",
    ]


def bench_whisper() -> list[str]:
    """Real-time factor of local Whisper on speech made by the project's own voice (and, where
    the shared folder has it, a real human recording)."""
    import soundfile

    from ai_interviewer.providers.stt_whisper import WhisperTranscriber
    from ai_interviewer.providers.tts_system import SystemSpeaker

    text = (
        "At my last job our checkout service slowed down every sales weekend. I profiled the "
        "database queries, added two indexes and a small cache, and as a result the slowest "
        "requests got five times faster while our hosting bill fell by a third."
    )
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        synthetic = SystemSpeaker().speak_to_file(text, Path(tmp) / "speech.wav")
        samples = [("project's offline voice", synthetic)]
        if SHARED_SPEECH.is_file():
            samples.append(("real speech (jfk.flac, 11 s)", SHARED_SPEECH))
        transcriber = WhisperTranscriber()
        load = timed(transcriber.preload, 1)[0]
        for label, path in samples:
            duration = soundfile.info(str(path)).duration
            transcriber.transcribe(path)  # warm-up
            times = timed(lambda p=path: transcriber.transcribe(p), 3)  # type: ignore[misc]
            t = statistics.median(times)
            rows.append(f"| {label} | {duration:.1f} s | {t:.2f} s | {t / duration:.3f} |")
    return [
        "## Local Whisper (tiny.en, int8, CPU)",
        "",
        f"Model load: {load:.2f} s (once per session, warmed in the background).",
        "",
        "| audio | length | transcription (median of 3) | real-time factor |",
        "| --- | --- | --- | --- |",
        *rows,
        "",
        "Target: real-time factor under 0.15.",
        "",
    ]


def bench_documents() -> list[str]:
    from ai_interviewer.documents import load_job_description, load_resume

    resume = REPO / "examples" / "resume.pdf"
    jd = REPO / "examples" / "job_description.txt"
    load_resume(resume)
    pdf_times = timed(lambda: load_resume(resume), 20)
    jd_times = timed(lambda: load_job_description(str(jd)), 20)
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "long.txt"
        big.write_text("Jordan Avery\nSenior Engineer\n" + "Built Python services. " * 50_000)
        big_times = timed(lambda: load_resume(big), 5)
    return [
        "## Document loading",
        "",
        "| input | median |",
        "| --- | --- |",
        f"| example resume PDF (1 page) | {statistics.median(pdf_times) * 1000:.1f} ms |",
        f"| example job description | {statistics.median(jd_times) * 1000:.1f} ms |",
        f"| 1.1 MB text resume (capped, warned) | {statistics.median(big_times) * 1000:.1f} ms |",
        "",
    ]


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        "# Benchmark results",
        "",
        f"Run by `make bench` on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC.",
        f"Machine: {cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}.",
        "",
    ]


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import bench_cloud
    import bench_llm
    import bench_local_model
    import calibration

    sections = (
        machine()
        + bench_cold_start()
        + bench_documents()
        + bench_whisper()
        + calibration.results_section()
        + bench_llm.main()
        + bench_cloud.main()
        + bench_local_model.main()
    )
    RESULTS.write_text("\n".join(sections))
    print("\n".join(sections))


if __name__ == "__main__":
    main()
