"""The installed command with a model: LiteLLM for real, against the local fake server."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from cli_helpers import EXAMPLES, run_cli, sessions
from fakes.openai_server import OpenAIServer, Reply, closed_port
from fakes.scripted_model import ScriptedModel, purpose_of

SECRET = "sk-test-secret-0123456789"
ANSWER = (
    "At Lumen Freight I owned the tracking API. It slowed at peak, so I profiled PostgreSQL, "
    "added two indexes and a Redis cache, and p95 latency fell 45 percent."
)
DOCS = ("run", str(EXAMPLES / "resume.pdf"), "--jd", str(EXAMPLES / "job_description.txt"))


@pytest.fixture
def model(openai_server: OpenAIServer) -> ScriptedModel:
    scripted = ScriptedModel(follow_up="How did you measure the latency before and after?")
    openai_server.handler = scripted
    return scripted


def _env(server: OpenAIServer) -> dict[str, str]:
    return {
        "LLM_MODEL": "openai/fake-model",
        "LLM_API_BASE": server.base_url,
        "LLM_API_KEY": SECRET,
    }


def test_typed_interview_with_the_model(
    openai_server: OpenAIServer, model: ScriptedModel, isolated_environment: Path
) -> None:
    """The model plans, scores, follows up once and closes; cost is reported; the key is not."""
    result = run_cli(
        *DOCS, "--text", "-n", "2", stdin="\n".join([ANSWER] * 3) + "\n", env=_env(openai_server)
    )
    assert result.code == 0, result.stderr
    assert "scored by openai/fake-model" in result.stdout
    [folder] = sessions(isolated_environment)
    session = json.loads((folder / "session.json").read_text())
    assert session["providers"]["scoring"] == "llm:openai/fake-model"
    assert [t["question"]["id"] for t in session["turns"]] == ["q01", "q01f", "q02"]
    # The first question is the offline opener, shown at once; the model plans the rest.
    assert not session["turns"][0]["question"]["text"].startswith("Model question")
    assert session["turns"][2]["question"]["text"].startswith("Model question 1")
    assert session["profile"]["seniority"] == "senior"
    assert session["report"]["assessment"]["readiness"] == "nearly ready"
    assert session["report"]["cost"]["calls"] >= 8
    purposes = [purpose_of(c.json) for c in openai_server.completions]
    assert purposes[0] == "preflight"
    assert {"analysis", "plan", "evaluate", "next", "final"} <= set(purposes)
    for path in [*folder.rglob("*")]:
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    assert SECRET not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (Reply.unauthorized(), ("refused the API key",)),
        (Reply.model_not_found(), ("unknown model",)),
        (Reply.insufficient_quota(), ("credit",)),
    ],
)
def test_a_bad_model_setup_stops_before_the_interview(
    openai_server: OpenAIServer, isolated_environment: Path, reply: Reply, words: tuple[str, ...]
) -> None:
    openai_server.enqueue(reply)
    result = run_cli(*DOCS, "--text", stdin="", env=_env(openai_server))
    assert result.code == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0].lower() or word in lines[0], lines[0]
    assert SECRET not in result.stderr
    assert sessions(isolated_environment) == []


def test_an_unreachable_model_stops_before_the_interview(isolated_environment: Path) -> None:
    env = {
        "LLM_MODEL": "openai/fake-model",
        "LLM_API_KEY": SECRET,
        "LLM_API_BASE": f"http://127.0.0.1:{closed_port()}/v1",
    }
    result = run_cli(*DOCS, "--text", stdin="", env=env)
    assert result.code == 1
    assert "cannot reach" in result.stderr and "Traceback" not in result.stderr
    assert "start the server first, e.g. llama.cpp's: `llama-server" in result.stderr
    assert sessions(isolated_environment) == []


def test_offline_when_no_key_is_set_and_it_says_so(isolated_environment: Path) -> None:
    result = run_cli(*DOCS, "--text", "-n", "1", stdin="/quit\n")
    assert result.code == 0
    assert "No MISTRAL_API_KEY set: scoring with the offline rubric" in result.stderr


@pytest.mark.slow
def test_score_with_the_model(
    openai_server: OpenAIServer, model: ScriptedModel, isolated_environment: Path
) -> None:
    result = run_cli(
        "score",
        str(EXAMPLES / "answers"),
        "--resume",
        str(EXAMPLES / "resume.pdf"),
        "--jd",
        str(EXAMPLES / "job_description.txt"),
        "--json",
        env=_env(openai_server),
    )
    assert result.code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 5
    assert {r["evaluation"]["scorer"] for r in rows} == {"llm:openai/fake-model"}
    assert "calls" in result.stderr
    assert [purpose_of(c.json) for c in openai_server.completions].count("evaluate") == 5


def test_score_transcripts_with_the_model(
    tmp_path: Path, openai_server: OpenAIServer, model: ScriptedModel, isolated_environment: Path
) -> None:
    """--llm scores transcripts like transcribed recordings: one evaluation call each, the
    model's label on every row, the answer's text in the prompt, pace and pauses given to the
    model as not measured; and no speech recognition is imported."""
    folder = tmp_path / "typed"
    folder.mkdir()
    (folder / "manifest.csv").write_text(
        "file,question,transcript\n"
        "q1.txt,Tell me about a slow query.,\n"
        f',Why this role?,"{ANSWER}"\n'
    )
    (folder / "q1.txt").write_text("I added two PostgreSQL indexes and latency fell by half.\n")
    env = {**_env(openai_server), "PYTHONPROFILEIMPORTTIME": "1"}
    result = run_cli(
        "score",
        str(folder),
        "--resume",
        str(EXAMPLES / "resume.pdf"),
        "--jd",
        str(EXAMPLES / "job_description.txt"),
        "--json",
        env=env,
    )
    assert result.code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["file"] for r in rows] == ["q1.txt", "q02"]
    assert {r["evaluation"]["scorer"] for r in rows} == {"llm:openai/fake-model"}
    assert all(r["delivery"] == "not measured (transcript)" for r in rows)
    assert [[c["purpose"] for c in r["llm_calls"]] for r in rows] == [["evaluate"]] * 2
    assert all(r["evaluation"]["delivery"]["wpm"] is None for r in rows)
    evaluations = [c for c in openai_server.completions if purpose_of(c.json) == "evaluate"]
    assert len(evaluations) == 2
    prompts = sorted((c.prompt_text for c in evaluations), key=lambda text: ANSWER in text)
    assert "latency fell by half" in prompts[0] and ANSWER in prompts[1]
    for prompt in prompts:
        assert "Pace: not measured" in prompt and "Pauses over 2 s: not measured" in prompt
    imported = [
        line.rsplit("|", 1)[-1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    ]
    assert "ai_interviewer.batch" in imported
    speech = ("faster_whisper", "ctranslate2", "ai_interviewer.providers.stt_")
    assert not [m for m in imported if m.startswith(speech)]


def test_score_sends_no_more_calls_at_once_than_asked(
    tmp_path: Path, openai_server: OpenAIServer, model: ScriptedModel, isolated_environment: Path
) -> None:
    """--concurrency 1: four answers, and the server never holds two requests at once."""
    model.delays = {"evaluate": 0.1}
    folder = tmp_path / "typed"
    folder.mkdir()
    rows = "".join(f'q{n},Question {n}?,"{ANSWER}"\n' for n in range(1, 5))
    (folder / "manifest.csv").write_text("id,question,transcript\n" + rows)
    result = run_cli(
        "score",
        str(folder),
        "--resume",
        str(EXAMPLES / "resume.pdf"),
        "--jd",
        str(EXAMPLES / "job_description.txt"),
        "--json",
        "--concurrency",
        "1",
        env=_env(openai_server),
    )
    assert result.code == 0, result.stderr
    evaluations = sorted(
        (c for c in openai_server.completions if purpose_of(c.json) == "evaluate"),
        key=lambda c: c.received,
    )
    assert len(evaluations) == 4
    for earlier, later in itertools.pairwise(evaluations):
        assert earlier.sent is not None and earlier.sent <= later.received
