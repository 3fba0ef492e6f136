"""A real model end to end: `ai-interview` through LiteLLM against llama.cpp's own server running
SmolLM2-135M-Instruct on this machine's CPU (see tests/real_model.py). Slow by nature (a few
minutes on two cores), so there are only two: a typed interview and a `score` batch. What they
prove is that the client's timeouts, token budgets, schema-constrained answers and concurrency
let a small, slow model score every answer itself; the scripted fake covers the failure modes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import EXAMPLES, run_cli, sessions
from real_model import INTERVIEW_ANSWERS, MODEL, LlamaServer, write_batch

# `make test` hands out whole files (--dist loadfile), so one worker runs both and starts the
# server once (it is started once per worker that needs it)
pytestmark = pytest.mark.slow
BATCH_SIZE = 2
LIMIT_S = 900  # a command that takes longer has hung, however loaded the machine


def test_a_typed_interview_is_scored_by_the_real_model(
    smollm2_server: LlamaServer, isolated_environment: Path
) -> None:
    """Two questions: the model prepares, scores every answer (no offline estimate) and closes;
    each evaluation's record has its latency and tokens per second. Two questions and no
    follow-ups keep the test to a few minutes on two busy cores; the bench runs three questions
    with follow-ups."""
    result = run_cli(
        "run",
        str(EXAMPLES / "resume.pdf"),
        "--jd",
        str(EXAMPLES / "job_description.txt"),
        "--text",
        "-n",
        "2",
        "--follow-ups",
        "0",
        stdin="\n".join(INTERVIEW_ANSWERS) + "\n",
        env=smollm2_server.env(),
        timeout=LIMIT_S,
    )
    assert result.code == 0, result.stderr
    [folder] = sessions(isolated_environment)
    session = json.loads((folder / "session.json").read_text())
    assert session["providers"]["scoring"] == f"llm:{MODEL}"
    turns = [t for t in session["turns"] if t["status"] == "scored"]
    assert len(turns) == 2
    scorers = {t["question"]["id"]: t["evaluation"]["scorer"] for t in turns}
    assert set(scorers.values()) == {f"llm:{MODEL}"}, [
        t["evaluation"]["fallback_reason"] for t in turns
    ]
    evaluations = [c for t in turns for c in t["llm_calls"] if c["purpose"] == "evaluate"]
    assert all(c["ok"] and c["first_token_s"] and c["tokens_per_s"] for c in evaluations)


def test_a_score_batch_is_scored_by_the_real_model(
    smollm2_server: LlamaServer, tmp_path: Path, isolated_environment: Path
) -> None:
    """Typed answers scored two at a time (the local default): every one by the model."""
    folder = write_batch(tmp_path / "answers", BATCH_SIZE)
    result = run_cli(
        "score",
        str(folder),
        "--resume",
        str(EXAMPLES / "resume.pdf"),
        "--jd",
        str(EXAMPLES / "job_description.txt"),
        "--json",
        env=smollm2_server.env(),
        timeout=LIMIT_S,
    )
    assert result.code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == BATCH_SIZE
    reasons = [r["evaluation"]["fallback_reason"] for r in rows]
    assert {r["evaluation"]["scorer"] for r in rows} == {f"llm:{MODEL}"}, reasons
    # a batch asks for whole answers: the tokens are counted, there is no rate between them
    calls = [r["llm_calls"][0] for r in rows]
    assert all(c["completion_tokens"] > 0 and c["tokens_per_s"] is None for c in calls), calls
