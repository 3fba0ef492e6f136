"""`score --ray` on a local Ray instance that the test starts: local Whisper runs as Ray tasks, one
per recording, and the scores are those of a run on this machine alone."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ai_interviewer.cli.app import run_app
from cli_helpers import EXAMPLES, run_cli

ray = pytest.importorskip("ray", reason="the [ray] extra is not installed")

pytestmark = pytest.mark.slow

SPOKEN = (
    ("Tell me about a slow query you fixed.", "I added an index and the query took half the time."),
    ("Why this role?", "I like building backend services that people rely on."),
    ("Tell me about a conflict.", "We disagreed about tests, so I wrote both and we compared."),
)


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """A Ray instance on this machine, on loopback only, two CPUs, no dashboard."""
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        _node_ip_address="127.0.0.1",
    )
    try:
        yield
    finally:
        ray.shutdown()


ARGS = (
    "--resume",
    str(EXAMPLES / "resume.pdf"),
    "--jd",
    str(EXAMPLES / "job_description.txt"),
    "--stt",
    "whisper",
    "--jsonl",
)


def _records(out: str) -> list[dict[str, Any]]:
    return sorted((json.loads(line) for line in out.splitlines()), key=lambda r: r["row"])


def test_ray_scores_as_a_local_run_does(
    tmp_path: Path,
    speech_wav: Callable[..., Path],
    capsys: pytest.CaptureFixture[str],
    local_ray: None,
) -> None:
    """Three short spoken answers, scored locally and then with --ray (--force: nothing from
    the cache): the same transcripts and the same scores, every answer transcribed on Ray.
    (Whisper's numbers depend on how many threads share a decode: both decode each file on
    one, with nothing set here to make them.)"""
    folder = tmp_path / "answers"
    folder.mkdir()
    rows = ["file,question"]
    for number, (question, spoken) in enumerate(SPOKEN, start=1):
        speech_wav(spoken).rename(folder / f"a{number}.wav")
        rows.append(f'a{number}.wav,"{question}"')
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")

    here = run_cli("score", str(folder), *ARGS)
    assert here.code == 0, here.stderr
    code = run_app(["score", str(folder), *ARGS, "--ray", "--force"])
    out, err = capsys.readouterr()
    assert code == 0, err

    local, on_ray = _records(here.stdout), _records(out)

    assert [r["file"] for r in on_ray] == ["a1.wav", "a2.wav", "a3.wav"]
    for here, there in zip(local, on_ray, strict=True):
        assert there["ok"] and not there["cached"]
        assert there["transcript"] == here["transcript"]
        assert there["scores"] == here["scores"] and there["overall"] == here["overall"]
    assert "index" in on_ray[0]["transcript"].lower()
    ran = [e for e in ray.timeline() if "transcribe_bytes" in str(e.get("name", ""))]
    assert ran, "no transcription ran on Ray"
