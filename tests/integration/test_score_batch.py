"""`ai-interview score` on a cohort, against the local fake model and Speechmatics servers (LiteLLM
and the Speechmatics SDK really call them over HTTP): many answers at once, streamed as they
finish, cached so that a rerun calls nothing, resumed after a kill, slowed but not failed by rate
limits, spread over two deployments by a LiteLLM Router. Answers are transcripts where the
transcription is not the point."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import re
import select
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile

from ai_interviewer.cli.app import run_app
from cli_helpers import EXAMPLES, command_env
from fakes.openai_server import OpenAIServer, Reply, running_openai_server
from fakes.scripted_model import ScriptedModel, purpose_of
from fakes.speechmatics_servers import running_batch_server

RESUME = str(EXAMPLES / "resume.pdf")
JD = str(EXAMPLES / "job_description.txt")
MODEL = "openai/fake-model"
QUESTIONS = (
    "Tell me about a time you made a slow database query fast.",
    "Describe a disagreement with a teammate and how it ended.",
    "How have you used Kubernetes to ship safely?",
    "Tell me about an incident you handled on call.",
    "Why this role?",
)
ANSWERS = (
    "Last year our tracking API got slow at peak. I profiled the queries, added two indexes "
    "and cached the hot reads; latency fell from 900 to 500 milliseconds.",
    "I would check the dashboards and restart things.",
    "When we moved thirty services to Kubernetes I set up canary deploys with automatic "
    "rollback, and we went from weekly releases to several a day.",
    "Um, I think it was fine, we fixed it eventually.",
)


def _cohort(folder: Path, per_candidate: int, candidates: tuple[str, ...] = ("ann", "bob")) -> Path:
    """A manifest of typed answers: each candidate answers `per_candidate` questions."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["candidate", "id", "question", "transcript"])
        for who, name in enumerate(candidates):
            for n in range(per_candidate):
                question = QUESTIONS[n % len(QUESTIONS)]
                answer = f"{ANSWERS[(n + who) % len(ANSWERS)]} (answer {n + 1} of {name})"
                writer.writerow([name, f"q{n + 1:02d}", question, answer])
    return folder


def _tone(path: Path, seconds: float = 1.0, frequency: float = 440.0) -> Path:
    rate = 16_000
    t = np.arange(int(rate * seconds)) / rate
    soundfile.write(str(path), 0.3 * np.sin(2 * np.pi * frequency * t), rate, subtype="PCM_16")
    return path


def _score(capsys: pytest.CaptureFixture[str], folder: Path, *args: str) -> tuple[int, str, str]:
    code = run_app(["score", str(folder), "--resume", RESUME, "--jd", JD, *args])
    out, err = capsys.readouterr()
    return code, out, err


def _lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def _evaluations(server: OpenAIServer) -> int:
    return sum(purpose_of(r.json) == "evaluate" for r in server.completions)


class WholeAnswers(ScriptedModel):
    """The scripted model, each answer in one chunk should it be streamed (the batch asks for
    whole answers; a test of chunking is the client's, not the batch's)."""

    def __call__(self, request: dict[str, Any]) -> Reply:
        return replace(super().__call__(request), chunk_chars=1_000_000)


@pytest.fixture
def model(openai_server: OpenAIServer, monkeypatch: pytest.MonkeyPatch) -> ScriptedModel:
    scripted = WholeAnswers()
    openai_server.handler = scripted
    monkeypatch.setenv("LLM_API_BASE", openai_server.base_url)
    monkeypatch.setenv("LLM_API_KEY", "sk-test-batch-key-0123456789")
    return scripted


def test_a_cohort_of_fifty_answers_is_scored_by_the_model_several_at_once(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    openai_server: OpenAIServer,
    model: ScriptedModel,
) -> None:
    """50 answers of two candidates, --jsonl: exit 0; stdout is 50 JSON lines and nothing else,
    each with the schema version, its candidate and the model's scores; one call per answer
    (and one preflight), several in flight at once but never more than --concurrency (more
    answers than that are readied meanwhile)."""
    model.delays["evaluate"] = 0.05  # each answer waits a little, so that overlap shows
    folder = _cohort(tmp_path / "cohort", 25)

    code, out, err = _score(capsys, folder, "--llm", MODEL, "--jsonl", "--concurrency", "8")

    assert code == 0, err
    records = _lines(out)
    assert len(records) == 50
    assert Counter(r["candidate"] for r in records) == {"ann": 25, "bob": 25}
    assert {r["schema_version"] for r in records} == {1}
    assert all(r["ok"] and r["scorer"] == f"llm:{MODEL}" for r in records), records[0]
    assert {(r["candidate"], r["question_id"]) for r in records} == {
        (who, f"q{n:02d}") for who in ("ann", "bob") for n in range(1, 26)
    }
    assert model.seen.count("evaluate") == 50 and model.seen.count("preflight") == 1
    assert 1 < openai_server.most_at_once() <= 8
    assert "50 calls" in err and "Traceback" not in err


def test_rows_that_cannot_be_scored_are_listed_first_and_the_rest_scored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: ScriptedModel
) -> None:
    """A missing recording, a row with an unquoted comma and a damaged WAV: the two rows are
    listed with their numbers before any work, the damaged file fails by itself, the rest are
    scored; exit 3 and a count of what failed."""
    folder = tmp_path / "cohort"
    folder.mkdir()
    (folder / "damaged.wav").write_bytes(b"RIFF\x10\x00\x00\x00WAVEjunk" + bytes(range(256)) * 4)
    (folder / "manifest.csv").write_text(
        "id,file,question,transcript\n"
        f'good1,,Why this role?,"{ANSWERS[0]}"\n'
        "gone,missing.wav,Tell me about yourself.,\n"
        f"comma,,Tell me about a conflict, and how it ended.,{ANSWERS[1]}\n"
        "damaged,damaged.wav,What did you ship last?,\n"
        f'good2,,How do you test?,"{ANSWERS[2]}"\n',
        encoding="utf-8",
    )

    code, out, err = _score(capsys, folder, "--llm", MODEL, "--jsonl", "--stt", "whisper")

    assert code == 3, err
    assert "Traceback" not in err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert errors[:2] == [
        "error: manifest.csv row 3: missing.wav: file not found",
        "error: manifest.csv row 4: 5 cells but the header has 4 columns "
        '(put quotes around a cell that holds a comma: "like, this")',
    ]
    assert errors[2].startswith("error: damaged.wav: cannot read the audio")
    assert len(errors) == 3
    records = {r["question_id"]: r for r in _lines(out)}
    assert sorted(records) == ["damaged", "good1", "good2"]
    assert records["good1"]["ok"] and records["good2"]["ok"]
    assert not records["damaged"]["ok"]
    assert "3 of 5 answers could not be scored" in err
    assert model.seen.count("evaluate") == 2


def test_a_rerun_makes_no_calls_and_one_file_is_transcribed_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: ScriptedModel
) -> None:
    """Two rows naming one recording, and two typed answers, through Speechmatics and the
    model: one transcription job, four evaluations. The rerun calls neither service and gives
    the same scores, marked cached; --force scores everything again."""
    folder = tmp_path / "cohort"
    folder.mkdir()
    _tone(folder / "shared.wav")
    (folder / "manifest.csv").write_text(
        "candidate,id,file,question,transcript\n"
        "ann,q01,shared.wav,Tell me about a migration you led.,\n"
        "bob,q01,shared.wav,Tell me about a migration you led.,\n"
        f'ann,q02,,Why this role?,"{ANSWERS[0]}"\n'
        f'bob,q02,,Why this role?,"{ANSWERS[2]}"\n',
        encoding="utf-8",
    )
    with running_batch_server() as speechmatics:
        os.environ["SPEECHMATICS_API_KEY"] = speechmatics.api_key
        os.environ["SPEECHMATICS_BATCH_URL"] = speechmatics.url
        args = ("--llm", MODEL, "--stt", "speechmatics", "--jsonl")
        code, first, err = _score(capsys, folder, *args)
        assert code == 0, err
        assert len(speechmatics.jobs) == 1
        assert model.seen.count("evaluate") == 4 and model.seen.count("preflight") == 1
        calls = len(model.seen)

        code, again, err = _score(capsys, folder, *args)

        assert code == 0, err
        assert len(speechmatics.jobs) == 1
        assert len(model.seen) == calls  # not even the preflight
        assert "0 calls" in err

        code, forced, err = _score(capsys, folder, *args, "--force")
        assert code == 0, err
        assert len(speechmatics.jobs) == 2 and model.seen.count("evaluate") == 8
    before = {(r["candidate"], r["question_id"]): r for r in _lines(first)}
    after = {(r["candidate"], r["question_id"]): r for r in _lines(again)}
    assert before.keys() == after.keys() and len(after) == 4
    for key, record in after.items():
        assert record["cached"] is True and before[key]["cached"] is False
        assert record["scores"] == before[key]["scores"]
        assert record["overall"] == before[key]["overall"]
        assert record["transcript"] == before[key]["transcript"]
    assert not any(r["cached"] for r in _lines(forced))


def test_rate_limits_slow_the_batch_down_but_every_answer_is_scored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], model: ScriptedModel
) -> None:
    """The first six evaluations are refused with 429: the batch waits and asks again, and
    every answer is scored by the model (none falls back to the offline estimate)."""
    model.overrides["evaluate"] = [Reply.rate_limited(retry_after=0) for _ in range(6)]
    folder = _cohort(tmp_path / "cohort", 4)

    code, out, err = _score(capsys, folder, "--llm", MODEL, "--jsonl", "--concurrency", "4")

    assert code == 0, err
    records = _lines(out)
    assert len(records) == 8
    assert all(r["scorer"] == f"llm:{MODEL}" for r in records), [r["label"] for r in records]
    assert all(r["evaluation"]["fallback_reason"] is None for r in records)
    assert model.seen.count("evaluate") == 8 + 6
    attempts = [call["attempts"] for r in records for call in r["llm_calls"]]
    assert sum(attempts) == 8 + 6


def test_a_router_spreads_the_calls_over_two_deployments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """--router with two deployments of one model, each with its own key from the
    environment: both are called, every answer is scored, and no key is shown."""
    keys = {"KEY_EAST": "sk-east-0123456789abcdef", "KEY_WEST": "sk-west-0123456789abcdef"}
    for name, value in keys.items():
        monkeypatch.setenv(name, value)
    folder = _cohort(tmp_path / "cohort", 10)
    with running_openai_server() as east, running_openai_server() as west:
        east.handler, west.handler = WholeAnswers(), WholeAnswers()
        config = tmp_path / "router.yaml"
        config.write_text(
            "model_list:\n"
            + "".join(
                f"  - model_name: scorer\n"
                f"    litellm_params:\n"
                f"      model: {MODEL}\n"
                f"      api_base: {server.base_url}\n"
                f"      api_key: os.environ/{name}\n"
                for server, name in ((east, "KEY_EAST"), (west, "KEY_WEST"))
            ),
            encoding="utf-8",
        )

        code, out, err = _score(capsys, folder, "--router", str(config), "--jsonl")

    assert code == 0, err
    records = _lines(out)
    assert len(records) == 20 and all(r["ok"] for r in records)
    assert {r["scorer"] for r in records} == {"llm:scorer"}
    served = [_evaluations(east), _evaluations(west)]
    assert sum(served) == 20 and min(served) > 0, served
    headers = {r.headers["authorization"] for r in east.completions + west.completions}
    assert headers == {f"Bearer {value}" for value in keys.values()}
    for value in keys.values():
        assert value not in out and value not in err


# --- in several processes ------------------------------------------------------------------------


def test_two_scoring_processes_give_the_scores_of_one(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    openai_server: OpenAIServer,
    model: ScriptedModel,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same 16 answers scored by the model from this process and from two others: the same
    scores, one preflight each time, one call an answer, and in the second run each of the two
    processes (its log says) scored some of them."""
    folder = _cohort(tmp_path / "cohort", 8)
    runs = {}
    for processes in ("1", "2"):
        monkeypatch.setenv("AI_INTERVIEWER_HOME", str(tmp_path / f"home-{processes}"))
        model.seen.clear()
        code, out, err = _score(
            capsys, folder, "--llm", MODEL, "--jsonl", "--concurrency", "8",
            "--processes", processes, "-v",
        )  # fmt: skip
        assert code == 0, err
        assert model.seen.count("evaluate") == 16 and model.seen.count("preflight") == 1
        runs[processes] = {(r["candidate"], r["question_id"]): r for r in _lines(out)}
        assert "Traceback" not in err
    assert "starting 2 scoring processes" in err
    shares = [int(n) for n in re.findall(r"scoring process \d+ \(pid \d+\) scored (\d+)", err)]
    assert len(shares) == 2 and all(shares) and sum(shares) == 16, err
    one, two = runs["1"], runs["2"]
    assert one.keys() == two.keys() and len(one) == 16
    for key in one:
        assert two[key]["scores"] == one[key]["scores"], key
        assert two[key]["overall"] == one[key]["overall"], key


def test_two_scoring_processes_share_the_calls_at_once_never_making_more(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    openai_server: OpenAIServer,
    model: ScriptedModel,
) -> None:
    """--concurrency 3 from two processes: one makes two calls at once, the other one; the
    server never has more than 3 (slow answers, so that the places fill; each process's share
    rounded up made 4)."""
    model.delays["evaluate"] = 0.3
    folder = _cohort(tmp_path / "cohort", 6)

    code, out, err = _score(
        capsys, folder, "--llm", MODEL, "--jsonl", "--concurrency", "3", "--processes", "2"
    )

    assert code == 0, err
    assert len(_lines(out)) == 12 and model.seen.count("evaluate") == 12
    assert 2 <= openai_server.most_at_once() <= 3


def test_a_refused_key_stops_two_scoring_processes_as_it_stops_one(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    openai_server: OpenAIServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 401 at the first call: the same exit code and the same one line, no traceback."""
    openai_server.default = Reply.unauthorized()
    monkeypatch.setenv("LLM_API_BASE", openai_server.base_url)
    monkeypatch.setenv("LLM_API_KEY", "sk-test-refused-0123456789")
    folder = _cohort(tmp_path / "cohort", 4)
    seen = []
    for processes in ("1", "2"):
        code, out, err = _score(capsys, folder, "--llm", MODEL, "--processes", processes)
        lines = [line for line in err.splitlines() if "key" in line.lower()]
        seen.append((code, lines))
        assert "Traceback" not in err and out == ""
    assert seen[0] == seen[1] and seen[0][0] != 0 and seen[0][1], seen


def _children(pid: int) -> set[int]:
    """The processes whose parent is `pid`, from /proc."""
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in text:
            found.add(int(status.parent.name))
    return found


def _written(path: Path, lines: int, within_s: float) -> bool:
    """Whether the file holds `lines` whole lines within `within_s` (another process writes it,
    so it is looked at every few milliseconds: no event to wait on)."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        if path.exists() and path.read_text(encoding="utf-8").count("\n") >= lines:
            return True
        time.sleep(0.01)
    return False


def _gone(pids: set[int], within_s: float) -> bool:
    """Whether every process in `pids` has ended within `within_s` (a pidfd becomes readable
    when its process ends: an event, not a poll)."""
    deadline = time.monotonic() + within_s
    for pid in pids:
        try:
            handle = os.pidfd_open(pid)
        except ProcessLookupError:
            continue  # ended already
        try:
            ready, _, _ = select.select([handle], [], [], max(0.0, deadline - time.monotonic()))
        finally:
            os.close(handle)
        if not ready:
            return False
    return True


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_a_batch_stopped_in_two_processes_leaves_none_behind(
    tmp_path: Path, isolated_environment: Path, how: signal.Signals
) -> None:
    """Killed (or told to stop) while the workers hold calls in flight: every worker process
    ends, and what was finished is in the output."""
    folder = _cohort(tmp_path / "cohort", 10)
    output = tmp_path / "results.jsonl"
    holding = HoldingModel(answered=6)
    with _held_batch(folder, output, holding) as process:
        reached = holding.reached.wait(600)
        assert _written(output, 1, 120)  # an answered one is on disk (the rest are held)
        workers = _children(process.pid)
        os.kill(process.pid, how)
        _, err = process.communicate(timeout=120)
        assert reached, err
        assert len(workers) >= 2, workers  # the two workers (and the resource tracker)
        assert _gone(workers, 60), workers
    if how == signal.SIGTERM:
        assert process.returncode == 143, err
        assert "Traceback" not in err
    written = output.read_text().splitlines()
    assert 0 < len(written) <= 6 and all(json.loads(line)["ok"] for line in written)


def test_a_scoring_process_that_dies_fails_only_the_answers_it_held(
    tmp_path: Path, isolated_environment: Path
) -> None:
    """One of two workers killed while it holds calls: those answers fail, each on its own line
    (exit 3), and the other worker scores every answer after them."""
    folder = _cohort(tmp_path / "cohort", 10)
    output = tmp_path / "results.jsonl"
    holding = HoldingModel(answered=4)
    with _held_batch(folder, output, holding) as process:
        reached = holding.reached.wait(600)
        workers = [pid for pid in _children(process.pid) if _is_scoring_worker(pid)]
        assert reached and len(workers) == 2, workers
        os.kill(workers[0], signal.SIGKILL)
        assert _gone({workers[0]}, 60)
        holding.answered = 10_000  # the rest are answered, held ones included
        holding.release.set()
        _, err = process.communicate(timeout=300)
    records = [json.loads(line) for line in output.read_text().splitlines()]
    failed = [r for r in records if not r["ok"]]
    assert process.returncode == 3, err
    assert len(records) == 20 and 0 < len(failed) <= 8, failed
    assert all("a scoring process ended before it answered" in r["error"] for r in failed)
    assert err.count("a scoring process ended before it answered") == len(failed), err
    assert "Traceback" not in err


def _is_scoring_worker(pid: int) -> bool:
    """A worker, not multiprocessing's resource tracker: spawned to run `spawn_main`."""
    try:
        return "spawn_main" in (Path("/proc") / str(pid) / "cmdline").read_text()
    except OSError:
        return False


# --- killed and resumed ---------------------------------------------------------------------------


class HoldingModel(WholeAnswers):
    """Answers `answered` evaluations, then holds every other request until released, having
    said so (the moment to kill the client)."""

    def __init__(self, answered: int) -> None:
        super().__init__()
        self.answered = answered
        self.reached = threading.Event()
        self.release = threading.Event()
        self._lock = threading.Lock()
        self._served = 0

    def __call__(self, request: dict[str, Any]) -> Reply:
        if purpose_of(request) == "evaluate":
            with self._lock:
                self._served += 1
                held = self._served > self.answered
            if held:
                self.reached.set()
                self.release.wait(60)
                return Reply.failure(503, "gone")
        return super().__call__(request)


@contextlib.contextmanager
def _held_batch(
    folder: Path, output: Path, holding: HoldingModel
) -> Iterator[subprocess.Popen[str]]:
    """`score` in two processes (8 calls at once) against a server that answers as `holding`
    says; at the end the held requests are let go and the command is stopped if it still runs."""
    with running_openai_server() as server:
        server.handler = holding
        env = {"LLM_API_BASE": server.base_url, "LLM_API_KEY": "sk-test-held-0123456789"}
        process = _start_score(folder, output, env, "--processes", "2", "--concurrency", "8")
        try:
            yield process
        finally:
            holding.release.set()
            if process.poll() is None:
                process.kill()


def _start_score(
    folder: Path, output: Path, env: dict[str, str], *more: str
) -> subprocess.Popen[str]:
    args = ["score", str(folder), "--resume", RESUME, "--jd", JD, "--llm", MODEL, *more]
    return subprocess.Popen(
        [sys.executable, "-m", "ai_interviewer", *args, "--output", str(output)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=command_env(env),
    )


@pytest.fixture
def killed_run(tmp_path: Path, isolated_environment: Path) -> Iterator[dict[str, Any]]:
    """A 20-answer run into results.jsonl killed with SIGKILL once 10 evaluations are done."""
    folder = _cohort(tmp_path / "cohort", 10)
    output = tmp_path / "results.jsonl"
    holding = HoldingModel(answered=10)
    with running_openai_server() as server:
        server.handler = holding
        env = {"LLM_API_BASE": server.base_url, "LLM_API_KEY": "sk-test-kill-0123456789"}
        process = _start_score(folder, output, env)
        try:
            reached = holding.reached.wait(600)  # an upper bound for a loaded machine
            os.kill(process.pid, signal.SIGKILL)
            _, err = process.communicate(timeout=60)  # read only now: it can wait no more
            assert reached, err
        finally:
            holding.release.set()
            if process.poll() is None:
                process.kill()
        yield {"folder": folder, "output": output, "env": env, "first": holding}


def test_a_killed_run_resumes_and_each_answer_is_written_once(
    killed_run: dict[str, Any], isolated_environment: Path
) -> None:
    """kill -9 halfway, then the same command: the output file ends with every answer exactly
    once, and the rerun asks the model only for the answers that were not finished."""
    folder, output, env = killed_run["folder"], killed_run["output"], killed_run["env"]
    written = [line for line in output.read_text().splitlines(keepends=True) if line.endswith("\n")]
    finished = len(list((isolated_environment / "cache" / "score" / "results").rglob("*.json")))
    assert 0 < len(written) <= finished <= 10
    with running_openai_server() as server:
        rerun = WholeAnswers()
        server.handler = rerun
        env = {**env, "LLM_API_BASE": server.base_url}
        process = _start_score(folder, output, env)
        _, err = process.communicate(timeout=300)

    assert process.returncode == 0, err
    assert rerun.seen.count("evaluate") == 20 - finished
    records = [json.loads(line) for line in output.read_text().splitlines()]
    assert Counter((r["candidate"], r["question_id"]) for r in records) == {
        (who, f"q{n:02d}"): 1 for who in ("ann", "bob") for n in range(1, 11)
    }
    assert all(r["ok"] for r in records)
