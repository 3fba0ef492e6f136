"""The model's part of a turn, and the time to the first question, against the local fake
OpenAI-compatible server with injected latencies (LiteLLM for real, nothing leaves the machine)."""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from ai_interviewer.core.models import (  # noqa: E402
    JobDescription,
    Question,
    ResumeProfile,
    Transcript,
)
from ai_interviewer.interview.interviewer import ModelInterviewer  # noqa: E402
from ai_interviewer.providers.llm import LLMClient  # noqa: E402
from fakes.openai_server import running_openai_server  # noqa: E402
from fakes.scripted_model import ScriptedModel  # noqa: E402

EVALUATE_S, NEXT_S = 0.8, 0.6
ANSWER = (
    "At Lumen Freight I owned the tracking API. It slowed at peak, so I profiled PostgreSQL, "
    "added two indexes and a Redis cache, and p95 latency fell 45 percent."
)
QUESTION = Question(
    id="q01",
    text="How did you make PostgreSQL faster?",
    kind="requirement",
    probes="Requirement R1",
)


def _interviewer(base_url: str) -> ModelInterviewer:
    client = LLMClient("openai/fake-model", api_base=base_url, api_key="sk-bench")
    return ModelInterviewer(client, ResumeProfile(name="Jordan Avery"), JobDescription())


async def _turns(base_url: str, repeat: int) -> tuple[list[float], list[float]]:
    """Each way `repeat` times on one event loop (LiteLLM's clients belong to the loop)."""
    transcript = Transcript(text=ANSWER)
    concurrent, sequential = [], []
    interviewer = _interviewer(base_url)
    await interviewer.llm.preflight()  # type: ignore[attr-defined]  # LiteLLM imported and its client warm
    for _ in range(repeat):
        started = time.perf_counter()
        await interviewer.assess(QUESTION, transcript, [QUESTION], 1)
        concurrent.append(time.perf_counter() - started)

        started = time.perf_counter()
        await _one_after_the_other(interviewer, transcript)
        sequential.append(time.perf_counter() - started)
    return concurrent, sequential


def bench_turn(repeat: int = 5) -> list[str]:
    with running_openai_server() as server:
        server.handler = ScriptedModel(delays={"evaluate": EVALUATE_S, "next": NEXT_S})
        concurrent, sequential = asyncio.run(_turns(server.base_url, repeat))
    c, s = statistics.median(concurrent), statistics.median(sequential)
    return [
        "## The model's part of a turn",
        "",
        f"Fake server answering the evaluation after {EVALUATE_S * 1000:.0f} ms and the next-step "
        f"choice after {NEXT_S * 1000:.0f} ms; median of {repeat}, both ways in the same run:",
        "",
        "| how | LLM phase | over the slower call alone |",
        "| --- | --- | --- |",
        f"| evaluation and next step together (asyncio.gather) | {c * 1000:.0f} ms "
        f"| +{(c - EVALUATE_S) * 1000:.0f} ms |",
        f"| one after the other (baseline) | {s * 1000:.0f} ms "
        f"| +{(s - EVALUATE_S) * 1000:.0f} ms |",
        "",
        f"Target: under 950 ms (the sequential baseline is {(EVALUATE_S + NEXT_S) * 1000:.0f} ms "
        "plus overhead).",
        "",
    ]


async def _one_after_the_other(interviewer: ModelInterviewer, transcript: Transcript) -> None:
    from ai_interviewer.core.scorer import evaluate_offline

    offline = evaluate_offline(QUESTION, transcript, interviewer.profile, interviewer.job)
    await interviewer._evaluate(QUESTION, transcript, offline, [])
    await interviewer._next_step(QUESTION, transcript, offline, [QUESTION], 1, [])


def _time_to_first_question(args: list[str], env: dict[str, str]) -> float:
    """Seconds from starting `ai-interview run` to the first question on its stdout."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "ai_interviewer", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, **env},
    )
    assert process.stdout is not None and process.stdin is not None
    for line in process.stdout:
        if "Question 1 of" in line:
            elapsed = time.perf_counter() - started
            break
    else:
        raise RuntimeError("no first question")
    process.stdin.write("/quit\n")
    process.stdin.close()
    process.wait(timeout=60)
    return elapsed


def bench_first_question(repeat: int = 7) -> list[str]:
    import tempfile

    docs = [
        "run",
        str(REPO / "examples" / "resume.pdf"),
        "--jd",
        str(REPO / "examples" / "job_description.txt"),
        "--text",
        "--tts",
        "none",
        "-n",
        "3",
    ]
    import_times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "import litellm"],
            check=True,
            env={**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True"},
        )
        import_times.append(time.perf_counter() - started)
    offline: list[float] = []
    with_model: list[float] = []
    with tempfile.TemporaryDirectory() as home, running_openai_server() as server:
        server.handler = ScriptedModel()
        base = {"AI_INTERVIEWER_HOME": home, "AI_INTERVIEWER_NO_DOTENV": "1"}
        model_env = {
            **base,
            "LLM_MODEL": "openai/fake-model",
            "LLM_API_BASE": server.base_url,
            "LLM_API_KEY": "sk-bench",
        }
        for _ in range(repeat):  # alternated, so that a busy moment costs both the same
            offline.append(_time_to_first_question([*docs, "--llm", "offline"], base))
            with_model.append(_time_to_first_question(docs, model_env))
    o, m, i = (statistics.median(x) for x in (offline, with_model, import_times))
    differences = sorted(b - a for a, b in zip(offline, with_model, strict=True))
    return [
        "## Time to the first question",
        "",
        f"`ai-interview run --text --tts none`, {repeat} runs of each, alternated, fake model "
        "answering at once; start of the process to the first question on stdout:",
        "",
        "| | median s |",
        "| --- | --- |",
        f"| offline | {o:.2f} |",
        f"| with the model | {m:.2f} |",
        f"| `import litellm` alone, for scale | {i:.2f} |",
        "",
        f"With the model the first question comes {m - o:+.2f} s after the offline one "
        f"(pairwise: {differences[0]:+.2f} to {differences[-1]:+.2f} s; target within 0.6 s). "
        "The first question is the offline opener, shown at once; LiteLLM's import, the "
        "preflight, the analysis and the plan of the later questions run while the candidate "
        "answers it, and are awaited before the answer is scored.",
        "",
    ]


def main() -> list[str]:
    return bench_turn() + bench_first_question()


if __name__ == "__main__":
    print("\n".join(main()))
