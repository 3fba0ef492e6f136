"""The bad-input corpus and fault-injection suite: every case in cases.yaml, run and checked.

Each case says what it gives the tool (files, settings, standard input, a fake service's
behaviour, a disk that fills, a signal at some stage of a turn) and what it must end in: an exact
one-line message (a pattern) and exit code, or a valid session. The checks every case shares are
in harness.check_command and harness.check_world.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from harness import (
    Outcome,
    ScriptedInput,
    Subprocess,
    World,
    check_command,
    check_world,
    fill,
    load_cases,
    make_inputs,
    remount_read_only,
    run_in_process,
    small_disk,
    snapshot,
)

CASES = load_cases()


def _param(case: dict[str, Any]) -> Any:
    marks = []
    if "xfail" in case:
        marks.append(pytest.mark.xfail(reason=case["xfail"], strict=False))
    return pytest.param(case, id=case["id"], marks=marks)


@pytest.mark.parametrize("case", [_param(case) for case in CASES])
def test_case(case: dict[str, Any], tmp_path: Path) -> None:
    world = World(box=tmp_path / "box", damaged_ok=case.get("damaged_ok", False))
    world.env = {"AI_INTERVIEWER_HOME": str(world.home), "COLUMNS": "100"}
    world.home.parent.mkdir(parents=True)
    with contextlib.ExitStack() as stack:
        stack.callback(world.close)
        if "disk" in case:
            stack.enter_context(small_disk(world.home, case["disk"].get("size", "2m")))
        make_inputs(world, case.get("files", {}))
        for name, settings in case.get("servers", {}).items():
            world.servers[name] = stack.enter_context(_server(name, settings))
        world.env.update({k: _env_value(world, v) for k, v in case.get("env", {}).items()})
        keys = [str(v) for k, v in world.env.items() if k.endswith("_KEY") and v]
        steps = case.get("steps") or [case]
        outcomes: list[Outcome] = []
        before = snapshot(world.box, world.home)
        for step in steps:
            if "do" in step:
                _act(world, step)
                before = snapshot(world.box, world.home)
                continue
            outcome = _run(world, step)
            outcomes.append(outcome)
            check_command(outcome, step.get("expect", {}), world, step["run"][0])
        check_world(world, before, outcomes, keys)


def _env_value(world: World, value: Any) -> str | None:
    return None if value is None else world.expand(str(value))


def _run(world: World, step: dict[str, Any]) -> Outcome:
    args = [world.expand(a) for a in step["run"]]
    if step.get("mode") == "subprocess":
        return _run_subprocess(world, args, step)
    if "stdin_script" in step:
        script = [world.expand(i) if isinstance(i, str) else i for i in step["stdin_script"]]
        stdin: Any = ScriptedInput(script, _stdin_actions(world))
    else:
        stdin = _stdin_bytes(step)
    return run_in_process(args, stdin, world)


def _stdin_bytes(step: dict[str, Any]) -> bytes:
    if "stdin_bytes" in step:
        return str(step["stdin_bytes"]).encode("latin-1")
    return str(step.get("stdin", "")).encode("utf-8")


def _stdin_actions(world: World) -> dict[str, Any]:
    return {"fill-disk": lambda: fill(world.home)}


def _run_subprocess(world: World, args: list[str], step: dict[str, Any]) -> Outcome:
    child = Subprocess(args, world, closed_stdin=step.get("stdin") == "closed")
    try:
        for action in step.get("script", []):
            kind, value = next(iter(action.items()))
            if kind == "wait":
                child.wait_for(value, action.get("count", 1))
            elif kind == "write":
                child.write(value)
            elif kind == "close":
                child.close_stdin()
            elif kind == "signal":
                child.signal(value)
            elif kind == "wait_upload":  # a recording reached the transcription service
                assert world.servers["batch"].submitted.wait(120), child.err.decode()
            elif kind == "wait_request":
                arrived = world.servers["openai"].handler.arrived(value).wait(120)
                assert arrived, f"the model was never asked for {value}: {child.err.decode()}"
        if step.get("stdin") not in (None, "closed"):
            child.write(step["stdin"])
        signalled = any("signal" in action for action in step.get("script", []))
        if step.get("stdin") != "closed" and not signalled:
            child.close_stdin()  # after a signal, the end of input must not race its handling
        outcome = child.finish()
        child.close_stdin()
        return outcome
    finally:
        if child.process.poll() is None:
            child.process.kill()
            child.process.wait()


def _act(world: World, step: dict[str, Any]) -> None:
    """A change the case makes between two commands."""
    action = step["do"]
    if action == "write":
        path = Path(world.expand(step["path"]))
        data = step["bytes"].encode("latin-1") if "bytes" in step else step["text"].encode()
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:  # as the tool's own files: private
            handle.write(data)
    elif action == "remove":
        for path in world.box.glob(world.expand(step["path"])):
            path.unlink()
    elif action == "fill-disk":
        fill(world.home, step.get("leave", 0))
    elif action == "read-only-disk":
        remount_read_only(world.home)
    elif action == "hold-session":
        folder = world.home / "sessions" / world.expand("{session}")
        descriptor = os.open(folder, os.O_RDONLY)
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as another resume would
        world.closers.append(lambda: os.close(descriptor))
    else:
        raise AssertionError(f"unknown action {action!r}")


@contextlib.contextmanager
def _server(name: str, settings: dict[str, Any]) -> Iterator[Any]:
    if name == "openai":
        from model_script import ModelScript

        from fakes.openai_server import running_openai_server

        with running_openai_server() as server:
            server.handler = ModelScript.from_settings(settings)
            yield server
    elif name == "edge":
        from fakes.edge_server import running_edge_server

        with running_edge_server(mode=settings.get("mode", "normal")) as server:
            yield server
    elif name == "batch":
        from fakes.speechmatics_servers import running_batch_server

        with running_batch_server(**settings) as server:
            yield server
    else:
        raise AssertionError(f"unknown server {name!r}")


def test_every_category_has_cases() -> None:
    """The corpus covers every input the tool reads and every fault it meets."""
    wanted = {
        "documents",
        "stdin",
        "audio",
        "manifests",
        "settings",
        "dotenv",
        "session-ids",
        "data-folder",
        "disk",
        "sessions",
        "providers",
        "microphone",
        "signals",
        "terminal",
    }
    found = {case["category"] for case in CASES}
    assert wanted <= found, wanted - found
