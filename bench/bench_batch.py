"""Batch scoring (`ai-interview score`) against the local fakes: wall time at several
concurrencies against the ideal, peak memory as the batch grows, a rerun's provider calls, a
kill -9 halfway and its rerun, and local Whisper on Ray beside a local run.

Every run is the command itself in a process of its own, with a data folder of its own (no
cache shared between runs unless the point is a rerun). The fake model answers each call after
200 ms; the ideal wall time of N answers at concurrency C is N x calls per answer x 200 ms / C
(`where` repeats the concurrency-16 run and reads each process's CPU from /proc).
The scoring phase is timed from the server's side (first request received to last answer sent),
so that the command's fixed start (imports, reading the resume and the job) is not counted
against the concurrency; the whole command's time is shown beside it.

    python bench/bench_batch.py            # prints the Markdown section
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from ai_interviewer.batch.processes import scoring_processes, usable_cores  # noqa: E402
from fakes.openai_server import (  # noqa: E402
    OpenAIServer,
    RecordedRequest,
    Reply,
    running_openai_server,
)
from fakes.scripted_model import ScriptedModel  # noqa: E402

EXAMPLES = REPO / "examples"
CALL_S = 0.2
PURPOSES = ("preflight", "evaluate", "analysis", "plan", "next", "final")
MODEL = "openai/fake-model"
ANSWER = (
    "Last year our tracking API got slow at peak. I profiled the queries, added two indexes "
    "and cached the hot reads; latency fell from 900 to 500 milliseconds"
)
MAXRSS_PROBE = (
    "import os, resource, sys\n"
    "from ai_interviewer.cli.app import run_app\n"
    "code = run_app(sys.argv[1:])\n"
    "with open(os.environ['BENCH_MAXRSS'], 'w') as f:\n"
    "    f.write(str(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
    "sys.exit(code)\n"
)


class FakeModel(ScriptedModel):
    """The tests' scripted model, every call answered after `CALL_S` (the batch asks for whole
    answers: how a streamed one would be cut in chunks does not matter to it)."""

    def __init__(self, delay: float = CALL_S) -> None:
        super().__init__(delays=dict.fromkeys(PURPOSES, delay))

    def __call__(self, request: dict[str, Any]) -> Reply:
        return replace(super().__call__(request), chunk_chars=1_000_000)


def _typed_cohort(folder: Path, answers: int) -> Path:
    """`answers` typed answers of two candidates, each one different (no two share a key)."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["candidate", "id", "question", "transcript"])
        for n in range(answers):
            who = ("ann", "bob")[n % 2]
            writer.writerow(
                [who, f"q{n:04d}", "Tell me about a slow query you fixed.", f"{ANSWER} ({n})."]
            )
    return folder


def _env(home: Path, server: OpenAIServer | None = None, **more: str) -> dict[str, str]:
    env = dict(os.environ)
    for key in ("LLM_MODEL", "AI_INTERVIEWER_LLM", "SPEECHMATICS_API_KEY", "RAY_ADDRESS"):
        env.pop(key, None)
    env.update(
        AI_INTERVIEWER_HOME=str(home),
        AI_INTERVIEWER_NO_DOTENV="1",
        NO_PROXY="127.0.0.1,localhost",
        PYTHONPATH=os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")]),
        **more,
    )
    if server is not None:
        env["LLM_API_BASE"] = server.base_url
        env["LLM_API_KEY"] = "sk-bench-batch-0123456789"
    return env


def _score_args(folder: Path, *more: str) -> list[str]:
    resume, jd = EXAMPLES / "resume.pdf", EXAMPLES / "job_description.txt"
    return ["score", str(folder), "--resume", str(resume), "--jd", str(jd), *more]


LAST_CPU: list[float] = [0.0]  # the CPU seconds (user + system) of the last command run


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "ai_interviewer", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
    )
    LAST_CPU[0] = _children_cpu() - cpu
    return time.perf_counter() - started, done


def _scoring(requests: Iterable[RecordedRequest]) -> list[RecordedRequest]:
    """The requests that score an answer (not the preflight)."""
    from fakes.scripted_model import purpose_of

    return [r for r in requests if purpose_of(r.json) == "evaluate"]


def _span(server: OpenAIServer) -> float:
    """First request received to last answer sent, of the calls that score."""
    scoring = [r for r in _scoring(server.completions) if r.sent]
    return max(r.sent for r in scoring) - min(r.received for r in scoring)  # type: ignore[type-var]


def _evaluations(server: OpenAIServer) -> int:
    return len(_scoring(server.completions))


def bench_concurrency(root: Path, answers: int = 200) -> tuple[list[str], dict[str, Any]]:
    folder = _typed_cohort(root / "typed", answers)
    rows, facts = [], {}
    for concurrency, processes in ((1, None), (4, None), (16, 1), (16, None)):
        home = root / f"home-c{concurrency}-p{processes}"
        with running_openai_server() as server:
            server.handler = FakeModel()
            more = () if processes is None else ("--processes", str(processes))
            args = _score_args(
                folder, "--llm", MODEL, "--jsonl", "--concurrency", str(concurrency), *more
            )
            wall, done = _run(args, _env(home, server))
            assert done.returncode == 0, done.stderr
            calls = _evaluations(server)
            span = _span(server)
        per_answer = calls / answers
        ideal = answers * per_answer * CALL_S / concurrency
        scored = sum(json.loads(line)["ok"] for line in done.stdout.splitlines())
        shown = processes or scoring_processes(answers, concurrency, usable_cores())
        rows.append(
            f"| {concurrency} | {shown}{'' if processes else ' (default)'} | {scored}/{answers} "
            f"| {ideal:.1f} s | {span:.2f} s | {span / ideal:.2f} | {wall:.1f} s "
            f"| {LAST_CPU[0]:.1f} s |"
        )
        facts[f"c{concurrency}-p{shown}"] = span / ideal
        cpu16 = LAST_CPU[0]
        if concurrency == 16 and processes is None:
            with running_openai_server() as server:  # the same command again, same data folder
                server.handler = FakeModel(0.0)
                _, again = _run(args, _env(home, server))
                facts["rerun_calls"] = len(server.requests)
                facts["rerun_code"] = again.returncode
                facts["rerun_lines"] = len(again.stdout.splitlines())
                facts["rerun_cpu"] = LAST_CPU[0]  # the command's fixed cost: nothing to score
                facts["cpu_per_answer_ms"] = (cpu16 - LAST_CPU[0]) / answers * 1000
    lines = [
        f"### Concurrency: {answers} typed answers, "
        f"the fake model at {CALL_S * 1000:.0f} ms a call",
        "",
        "Scoring phase = first scoring request received to last answer sent (server side);",
        "the command column adds its start (imports, the resume's PDF, the job, the scoring",
        "processes' own imports); its CPU is the command's user + system time, its processes'",
        "included. The fake server runs in the bench's process, on the same cores.",
        "",
        "| --concurrency | processes | scored | ideal | scoring phase | over ideal "
        "| whole command | its CPU |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        "",
        f"Rerun of the finished concurrency-16 batch (same data folder): "
        f"{facts['rerun_calls']} requests to the model, exit {facts['rerun_code']}, "
        f"{facts['rerun_lines']} results, {facts['rerun_cpu']:.1f} s of CPU (no scoring process"
        f" is started, and LiteLLM is not imported). The first run's CPU, less that, is about"
        f" {facts['cpu_per_answer_ms']:.0f} ms an answer, the processes' start (a LiteLLM import"
        " each) included.",
        "",
    ]
    return lines, facts


def _speech_files(folder: Path, count: int) -> list[Path]:
    """`count` distinct short spoken answers (the offline voice, each at its own gain, so no two
    files share a hash)."""
    import soundfile

    from ai_interviewer.providers.tts_system import SystemSpeaker

    folder.mkdir(parents=True, exist_ok=True)
    spoken = [
        "I added an index and the query took half the time.",
        "We moved the service to Kubernetes and shipped twice a day.",
        "I wrote the tests first and the bug never came back.",
        "We disagreed on the design, so I built both and we measured them.",
    ]
    voices = []
    for n, text in enumerate(spoken):
        path = folder / f"voice{n}.wav"
        SystemSpeaker().speak_to_file(text, path)
        data, rate = soundfile.read(str(path), dtype="float32")
        voices.append((data, rate))
        path.unlink()
    files = []
    for n in range(count):
        data, rate = voices[n % len(voices)]
        path = folder / f"a{n:04d}.wav"
        soundfile.write(str(path), data * (0.6 + 0.001 * n), rate, subtype="PCM_16")
        files.append(path)
    return files


def _audio_manifest(folder: Path, files: list[Path]) -> None:
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["candidate", "file", "question"])
        for n, path in enumerate(files):
            writer.writerow([("ann", "bob")[n % 2], path.name, "Tell me about your work."])


LITELLM_PROBE = """
import asyncio, sys, time
import litellm

base, calls, stream = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "stream"


async def one():
    reply = await litellm.acompletion(
        model="openai/gpt-4o-mini", api_base=base, api_key="sk-bench-0123456789",
        messages=[{"role": "user", "content": "Score this answer."}], stream=stream,
    )
    if stream:
        async for _ in reply:
            pass


async def batch(n):
    gate = asyncio.Semaphore(16)

    async def gated():
        async with gate:
            await one()

    await asyncio.gather(*(gated() for _ in range(n)))


asyncio.run(batch(20))  # LiteLLM's first calls load what they need
started = time.process_time()
asyncio.run(batch(calls))
print((time.process_time() - started) / calls * 1000)
"""


def bench_litellm(root: Path, calls: int = 100) -> tuple[list[str], dict[str, Any]]:
    """LiteLLM's own CPU per call, in a process of its own (the fake answering at once, in this
    one): a 600-character answer streamed in 4-character chunks (a provider sends a token or so
    at a time), streamed in one chunk, and whole."""

    answer = json.dumps({"reason": "word " * 118})
    rows, facts = [], {}
    for how, chunk, stream in (
        ("streamed, 4 characters a chunk", 4, "stream"),
        ("streamed, one chunk", 1_000_000, "stream"),
        ("whole (what `score` asks for)", 1_000_000, "whole"),
    ):
        with running_openai_server() as server:
            server.handler = lambda request, c=chunk: Reply(content=answer, chunk_chars=c)
            probe = [sys.executable, "-c", LITELLM_PROBE, server.base_url, str(calls), stream]
            done = subprocess.run(probe, capture_output=True, text=True, env=_env(root))
            assert done.returncode == 0, done.stderr
        ms = float(done.stdout.split()[-1])
        rows.append(f"| {how} | {ms:.1f} ms |")
        facts[f"litellm_{stream}_{chunk}"] = ms
    lines = [
        f"### LiteLLM's own CPU per call ({calls} calls, 16 at once, a 600-character answer)",
        "",
        "| the answer comes | CPU per call |",
        "| --- | ---: |",
        *rows,
        "",
    ]
    return lines, facts


def bench_memory(root: Path) -> tuple[list[str], dict[str, Any]]:
    """Peak resident memory of the command for 50 and 500 recordings, transcribed by the fake
    Speechmatics batch service (16 at once) and scored offline, streamed to a JSONL file."""
    from fakes.speechmatics_servers import running_batch_server

    voices = root / "voices"
    files = _speech_files(voices, 500)
    rows, peaks = [], {}
    for count in (50, 500):
        folder = root / f"audio-{count}"
        folder.mkdir()
        for path in files[:count]:
            os.link(path, folder / path.name)
        _audio_manifest(folder, files[:count])
        with running_batch_server(polls_before_done=0) as server:  # done at the first poll
            rss = root / f"rss-{count}"
            env = _env(
                root / f"home-mem-{count}",
                SPEECHMATICS_API_KEY=server.api_key,
                SPEECHMATICS_BATCH_URL=server.url,
                BENCH_MAXRSS=str(rss),
            )
            output = str(root / f"m{count}.jsonl")
            args = _score_args(
                folder, "--llm", "offline", "--concurrency", "16", "--output", output
            )
            started = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-c", MAXRSS_PROBE, *args], capture_output=True, text=True, env=env
            )
            wall = time.perf_counter() - started
            assert done.returncode == 0, done.stderr
            assert "transcribes from here on" not in done.stderr, done.stderr
            jobs = len(server.jobs)
        peaks[count] = int(rss.read_text()) / 1024
        rows.append(f"| {count} | {jobs} | {peaks[count]:.0f} MB | {wall:.1f} s |")
    ratio = peaks[500] / peaks[50]
    lines = [
        "### Memory: recordings through the fake Speechmatics batch service (--concurrency 16),"
        " scored offline",
        "",
        "| recordings | jobs sent | peak RSS | whole command |",
        "| ---: | ---: | ---: | ---: |",
        *rows,
        "",
        f"Peak at 500 / peak at 50: {ratio:.3f} (target: at most 1.2).",
        "",
    ]
    return lines, {"memory_ratio": ratio, "peaks": peaks}


def _stat_fields(stat: Path | str) -> list[str] | None:
    """A /proc/.../stat file's fields after the command's name (None once the process is gone)."""
    try:
        return Path(stat).read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None


def _cpu_s(stat: str) -> float | None:
    """User + system seconds from a /proc/.../stat file (None once the process is gone)."""
    fields = _stat_fields(stat)
    return (
        None if fields is None else (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    )


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        fields = _stat_fields(entry / "stat") if entry.name.isdigit() else None
        if fields is not None and fields[1] == str(pid):
            found.append(int(entry.name))
    return found


class _Watch:
    """A running command seen from here: how many scoring requests the fake has had, and the
    CPU seconds so far of the command's processes, of this process and of the watching thread."""

    def __init__(self, server: OpenAIServer, pid: int) -> None:
        self.server, self.pid = server, pid
        self.pids: list[int] = [pid]
        self.looked, self.scoring = 0, 0
        self.thread = threading.get_native_id()

    def scoring_requests(self) -> int:
        new = list(self.server.completions)[self.looked :]
        self.looked += len(new)
        self.scoring += len(_scoring(new))
        return self.scoring

    def snapshot(self) -> tuple[list[float | None], float, float]:
        self.pids = self.pids if len(self.pids) > 1 else [self.pid, *_children_of(self.pid)]
        processes = [_cpu_s(f"/proc/{p}/stat") for p in self.pids]
        here = _cpu_s("/proc/self/stat") or 0.0
        return processes, here, _cpu_s(f"/proc/self/task/{self.thread}/stat") or 0.0


def bench_where(root: Path, answers: int = 200, runs: int = 5) -> tuple[list[str], dict[str, Any]]:
    """The concurrency-16 default run `runs` times: the scoring phase against the ideal (the
    median), and, read from /proc between the first scoring request and the last, the CPU an
    answer of this command's own process, of its scoring processes and of the fake server, and
    how many of the 16 calls' places were at the server on average."""
    from statistics import median

    folder = _typed_cohort(root / "typed", answers)
    spans, rows = [], []
    for run in range(runs):
        with running_openai_server() as server:
            server.handler = FakeModel()
            args = _score_args(folder, "--llm", MODEL, "--jsonl", "--concurrency", "16")
            command = [sys.executable, "-m", "ai_interviewer", *args]
            env = _env(root / f"home-{run}", server)
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
            watch = _Watch(server, process.pid)
            while watch.scoring_requests() == 0 and process.poll() is None:
                time.sleep(0.002)
            first = watch.snapshot()
            while watch.scoring_requests() < answers and process.poll() is None:
                time.sleep(0.02)
            last = watch.snapshot()
            assert process.wait(timeout=600) == 0
            span = _span(server)
            scoring = _scoring(server.completions)
            in_flight = sum(r.sent - r.received for r in scoring if r.sent) / span
        per = [(b - a) / answers * 1000 for a, b in zip(first[0], last[0], strict=True) if a and b]
        fake_ms = ((last[1] - first[1]) - (last[2] - first[2])) / answers * 1000
        spans.append(span / (answers * CALL_S / 16))
        workers = " + ".join(f"{ms:.1f}" for ms in per[1:] if ms > 0.05)
        rows.append(
            f"| {run + 1} | {spans[-1]:.2f} | {per[0]:.1f} ms | {workers} ms | {fake_ms:.1f} ms "
            f"| {in_flight:.1f} |"
        )
    lines = [
        f"### Where the concurrency-16 run's time goes ({runs} runs of {answers} answers)",
        "",
        "CPU an answer between the first scoring request and the last, from /proc: this command,",
        "its scoring processes (each answer goes to one), the fake server.",
        "",
        "| run | over ideal | this command | scoring processes | fake server "
        "| calls at the server, on average |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        "",
        f"Median over ideal: {median(spans):.2f}.",
        "",
    ]
    return lines, {"where_median": median(spans), "where_runs": spans}


def bench_kill(root: Path, answers: int = 200) -> tuple[list[str], dict[str, Any]]:
    """kill -9 once half the answers are in the output file, then the same command again."""
    folder = _typed_cohort(root / "kill", answers)
    output = root / "killed.jsonl"
    home = root / "home-kill"
    args = _score_args(folder, "--llm", MODEL, "--concurrency", "4", "--output", str(output))
    with running_openai_server() as server:
        server.handler = FakeModel()
        process = subprocess.Popen(
            [sys.executable, "-m", "ai_interviewer", *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=_env(home, server),
        )
        while process.poll() is None:
            if output.exists() and output.read_bytes().count(b"\n") >= answers // 2:
                os.kill(process.pid, signal.SIGKILL)
                break
            time.sleep(0.02)  # polling a file another process writes: no event to wait on
        process.wait()
        first_calls = _evaluations(server)
    written = output.read_bytes().count(b"\n")
    with running_openai_server() as server:
        server.handler = FakeModel()
        _, done = _run(args, _env(home, server))
        rerun_calls = _evaluations(server)
    records = [json.loads(line) for line in output.read_text().splitlines()]
    counts = Counter((r["candidate"], r["question_id"]) for r in records)
    once = len(counts) == answers and set(counts.values()) == {1}
    unfinished = answers - written
    lines = [
        f"### kill -9 halfway through {answers} answers, then the same command",
        "",
        f"Killed with {written} results written ({first_calls} scoring calls made, the rest in "
        f"flight). The rerun: exit {done.returncode}, {rerun_calls} scoring calls for the "
        f"{unfinished} answers not written (the difference: answers scored and cached before "
        f"the kill, taken from the cache); the file holds {len(records)} results, "
        f"{'each answer exactly once' if once else 'NOT each answer once'}.",
        "",
    ]
    return lines, {"kill_once": once, "rerun_calls": rerun_calls, "unfinished": unfinished}


RAY_ANSWERS = [200]


def bench_ray(root: Path, count: int | None = None) -> tuple[list[str], dict[str, Any]]:
    """The same folder of recordings, local Whisper here and then on a local Ray instance."""
    count = count or RAY_ANSWERS[0]
    try:
        import ray  # noqa: F401
    except ImportError:
        return ["### Ray", "", "Not measured: the [ray] extra is not installed.", ""], {}
    folder = root / "ray"
    files = _speech_files(folder, count)
    _audio_manifest(folder, files)
    base = _score_args(folder, "--llm", "offline", "--stt", "whisper", "--jsonl")
    results, rows = {}, []
    for how, extra, env_more in (
        ("local (this machine's Whisper)", [], {}),
        ("--ray (a local Ray instance the command starts)", ["--ray"], {}),
    ):
        wall, done = _run([*base, *extra], _env(root / f"home-{len(extra)}", **env_more))
        assert done.returncode == 0, done.stderr
        records = {r["file"]: r for r in map(json.loads, done.stdout.splitlines())}
        results[how] = records
        rows.append(f"| {how} | {sum(r['ok'] for r in records.values())}/{count} | {wall:.1f} s |")
    local, on_ray = results.values()
    same_scores = sum(local[f]["scores"] == on_ray[f]["scores"] for f in local)
    same_text = sum(local[f].get("transcript") == on_ray[f].get("transcript") for f in local)
    lines = [
        f"### Local Whisper on Ray: {count} spoken answers (tiny.en), scored offline",
        "",
        "| run | scored | whole command |",
        "| --- | ---: | ---: |",
        *rows,
        "",
        f"Same scores for {same_scores} of {count} answers, same transcripts for {same_text} "
        "(a Ray task decodes on one thread, this machine's Whisper on all of them; Whisper's "
        "output can differ by thread count).",
        "",
    ]
    return lines, {"ray_same_scores": same_scores}


PARTS = ("litellm", "concurrency", "where", "memory", "kill", "ray")


def main(parts: tuple[str, ...] = PARTS) -> list[str]:
    lines = ["## Batch scoring (`score`)", ""]
    facts: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        root = Path(tmp)
        for part in parts:
            found, more = globals()[f"bench_{part}"](root / part)
            lines += found
            facts.update(more)
            print("\n".join(found), file=sys.stderr, flush=True)
    print(json.dumps(facts, default=str), file=sys.stderr)
    return lines


if __name__ == "__main__":
    # python bench/bench_batch.py [part ...] [--ray-answers N]
    argv = sys.argv[1:]
    if "--ray-answers" in argv:
        at = argv.index("--ray-answers")
        RAY_ANSWERS[0] = int(argv[at + 1])
        del argv[at : at + 2]
    chosen = tuple(argv) or PARTS
    print("\n".join(main(chosen)))
