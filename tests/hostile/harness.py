"""Runs the bad-input corpus (cases.yaml): each case is data, this is the machinery.

A case makes its input files, starts the fake servers it names, runs one or more commands (in
this process through `run_app`, as Typer's CliRunner isolates them, or as a subprocess when it
needs signals, a closed stdin or a terminal of its own), and checks what each command must end
in: its exit code, its one error line, the session it leaves. Around every case the same checks
hold, whatever it expects: no traceback, no "unexpected", at most one error line, nothing written
outside the data folder, no temporary file left, every file private, every session readable and
reported when finished, every saved answer on disk, and no key anywhere.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import soundfile
import yaml
from typer.testing import CliRunner

from ai_interviewer.cli.app import run_app
from cli_helpers import EXAMPLES, REPO, command_env

HERE = Path(__file__).resolve().parent
CASES_FILE = HERE / "cases.yaml"
INPUTS = HERE / "inputs"
SIGNALS = {"INT": signal.SIGINT, "TERM": signal.SIGTERM, "HUP": signal.SIGHUP}
WAIT_S = 120.0  # the longest a subprocess step may take: a hang fails the case, not the suite


# --- the corpus as data -------------------------------------------------------------------------


class _Loader(yaml.SafeLoader):
    """YAML with `!os "Caf\\xe9"`: a name as the system hands over bytes that are not UTF-8
    (an argument, a file name), each character standing for one byte."""


def _os_name(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    text = loader.construct_scalar(node)  # type: ignore[arg-type]
    return os.fsdecode(str(text).encode("latin-1"))


_Loader.add_constructor("!os", _os_name)


def load_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.load(CASES_FILE.read_text(encoding="utf-8"), _Loader)
    ids = [case["id"] for case in cases]
    duplicates = {i for i in ids if ids.count(i) > 1}
    assert not duplicates, f"case ids used twice: {duplicates}"
    return cases


# --- a case's world -----------------------------------------------------------------------------


@dataclass
class World:
    """The folders of one case: `box` holds everything, `inputs` what the case gives the tool,
    `home` the data folder (deep enough that five '..' from a session's audio stay in the box)."""

    box: Path
    env: dict[str, str | None] = field(default_factory=dict)
    servers: dict[str, Any] = field(default_factory=dict)
    closers: list[Callable[[], None]] = field(default_factory=list)
    damaged_ok: bool = False

    @property
    def inputs(self) -> Path:
        return self.box / "in"

    @property
    def home(self) -> Path:
        return self.box / "data" / "user" / "home"

    def latest_session(self) -> Path | None:
        found = session_folders(self.home)
        return found[-1] if found else None

    def expand(self, text: str) -> str:
        """Placeholders: {in}, {home}, {box}, {repo}, {examples}, {resume}, {jd} (the corpus's
        resume and job), {session} (the latest session's id), {pipe:NAME},
        {fifo:NAME}, {openai}, {edge}, {batch}, {batch_key}, {chars:N}."""

        def one(found: re.Match[str]) -> str:
            name, argument = found[1], found[2]
            if name == "pipe":
                return self._pipe(argument)
            if name == "fifo":
                return self._fifo(argument)
            if name == "chars":
                return "s" * int(argument)
            if name == "session":
                latest = self.latest_session()
                return latest.name if latest else "no-session-yet"
            values = {
                "in": str(self.inputs),
                "home": str(self.home),
                "box": str(self.box),
                "repo": str(REPO),
                "examples": str(EXAMPLES),
                "resume": str(INPUTS / "resume.txt"),
                "jd": str(EXAMPLES / "job_description.txt"),
                "openai": getattr(self.servers.get("openai"), "base_url", ""),
                "edge": getattr(self.servers.get("edge"), "ws_url", ""),
                "batch": getattr(self.servers.get("batch"), "url", ""),
                "batch_key": getattr(self.servers.get("batch"), "api_key", ""),
            }
            return values[name]

        return re.sub(r"\{(\w+)(?::([^}]*))?\}", one, text)

    def _pipe(self, name: str) -> str:
        """A pipe whose other end writes the input file `name`: `<(cat name)` in a shell."""
        data = (self.inputs / name).read_bytes()
        read_end, write_end = os.pipe()

        def write() -> None:
            with contextlib.suppress(OSError), os.fdopen(write_end, "wb") as writer:
                writer.write(data)

        threading.Thread(target=write, daemon=True).start()
        self.closers.append(lambda: _close(read_end))
        return f"/dev/fd/{read_end}"

    def _fifo(self, name: str) -> str:
        """A named pipe beside the inputs, fed the input file `name` once it is opened."""
        data = (self.inputs / name).read_bytes()
        fifo = self.inputs / f"{name}.fifo"
        os.mkfifo(fifo, 0o600)

        def write() -> None:
            with contextlib.suppress(OSError), open(fifo, "wb") as writer:
                writer.write(data)

        threading.Thread(target=write, daemon=True).start()
        self.closers.append(lambda: _release_fifo(fifo))
        return str(fifo)

    def close(self) -> None:
        for close in reversed(self.closers):
            close()
        self.closers.clear()


def _close(descriptor: int) -> None:
    with contextlib.suppress(OSError):
        os.close(descriptor)


def _release_fifo(fifo: Path) -> None:
    """A writer still waiting for a reader (the tool never opened the FIFO) is let go."""
    with contextlib.suppress(OSError):
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))


def session_folders(home: Path) -> list[Path]:
    folder = home / "sessions"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())


# --- input files --------------------------------------------------------------------------------


def make_inputs(world: World, files: dict[str, Any]) -> None:
    """The case's files in its inputs folder. A value is text (UTF-8), or a mapping: `bytes`
    (each character one byte), `copy` (a repository path), `wav` (seconds, kind), `dir`,
    `link` (a target), `size` (that many bytes of text), `mode` (permission bits)."""
    world.inputs.mkdir(parents=True, exist_ok=True)
    for raw_name, spec in files.items():
        path = world.inputs / raw_name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(spec, str):
            path.write_bytes(world.expand(spec).encode("utf-8"))
        elif "bytes" in spec:
            path.write_bytes(world.expand(spec["bytes"]).encode("latin-1"))
        elif "copy" in spec:
            data = (REPO / spec["copy"]).read_bytes()
            path.write_bytes(data[: spec["head"]] if "head" in spec else data)
        elif "wav" in spec:
            _write_wav(path, **spec["wav"])
        elif "dir" in spec:
            path.mkdir(exist_ok=True)
        elif "link" in spec:
            path.symlink_to(world.expand(spec["link"]))
        elif "size" in spec:
            line = spec.get("line", "Built and ran Python services. ")
            path.write_bytes((line * (spec["size"] // len(line) + 1)).encode()[: spec["size"]])
        if isinstance(spec, dict) and "mode" in spec:
            path.chmod(spec["mode"])


def _write_wav(path: Path, seconds: float = 1.0, kind: str = "silence", rate: int = 16000) -> None:
    """A WAV: `silence`, `empty` (a header, no samples), `noise`, or `speech` (the start of an
    example answer, cut to `seconds`)."""
    if kind == "speech":
        data, source_rate = soundfile.read(EXAMPLES / "answers" / "q4-kubernetes.wav")
        soundfile.write(
            path, data[: int(source_rate * seconds)], source_rate, subtype="PCM_16", format="WAV"
        )
        return
    frames = 0 if kind == "empty" else int(rate * seconds)
    samples = np.zeros(frames, dtype=np.int16)
    if kind == "noise":
        samples = np.random.default_rng(7).integers(-9000, 9000, frames).astype(np.int16)
    soundfile.write(path, samples, rate, subtype="PCM_16", format="WAV")


# --- running a command --------------------------------------------------------------------------


@dataclass
class Outcome:
    code: int
    out: str
    err: str


class ScriptedInput:
    """Standard input whose lines can act on the world as they are read: `{"do": "fill-disk"}`
    between two answers fills the data folder's disk before the next answer is typed."""

    def __init__(self, items: list[Any], actions: dict[str, Callable[[], None]]) -> None:
        self._items = list(items)
        self._actions = actions

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return b"".join(iter(self.readline, b""))

    def readline(self, size: int = -1) -> bytes:
        while self._items:
            item = self._items.pop(0)
            if isinstance(item, dict):
                self._actions[item["do"]]()
                continue
            return str(item).encode("utf-8") + b"\n"
        return b""

    def isatty(self) -> bool:
        return False

    def close(self) -> None:
        pass


class _ScriptedStdin:
    """Standard input as the tool reads it (its bytes through `buffer`), from a script."""

    def __init__(self, script: ScriptedInput) -> None:
        self.buffer = script

    def readline(self, size: int = -1) -> str:
        return self.buffer.readline().decode("utf-8")

    def read(self, size: int = -1) -> str:
        return self.buffer.read().decode("utf-8")

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        raise OSError("a scripted standard input has no descriptor")


def run_in_process(args: list[str], stdin: bytes | ScriptedInput, world: World) -> Outcome:
    """`ai-interview ARGS` in this process, isolated by Typer's CliRunner, with the signal
    handlers and working folder it changes put back afterwards."""
    handlers = {s: signal.getsignal(s) for s in SIGNALS.values()}
    environment = dict(os.environ)  # a .env the command loads must not leak into the next case
    cwd = os.getcwd()
    os.chdir(world.inputs)
    try:
        scripted = stdin if isinstance(stdin, ScriptedInput) else None
        given = b"" if scripted is not None else stdin
        with CliRunner().isolation(input=given, env=world.env) as (out, err, _):  # type: ignore[arg-type]
            if scripted is not None:
                sys.stdin = _ScriptedStdin(scripted)  # type: ignore[assignment]
            code = run_app(args)
            sys.stdout.flush()
            sys.stderr.flush()
            return Outcome(code, _text(out.getvalue()), _text(err.getvalue()))
    finally:
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(environment)
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="backslashreplace")


class Subprocess:
    """`ai-interview ARGS` as a child process, its output gathered as it comes, so that a step
    can wait for a line (no sleeping), write to its stdin, or send it a signal."""

    def __init__(self, args: list[str], world: World, closed_stdin: bool) -> None:
        command = [sys.executable, "-m", "ai_interviewer", *args]
        if closed_stdin:
            command = ["sh", "-c", 'exec "$0" "$@" <&-', *command]
        env = {k: v for k, v in command_env({}).items()}
        for key, value in world.env.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        self.process = subprocess.Popen(
            command,
            stdin=None if closed_stdin else subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            cwd=world.inputs,
        )
        self._seen = threading.Condition()
        self.out = bytearray()
        self.err = bytearray()
        self._open = 2
        for stream, sink in ((self.process.stdout, self.out), (self.process.stderr, self.err)):
            threading.Thread(target=self._gather, args=(stream, sink), daemon=True).start()

    def _gather(self, stream: Any, sink: bytearray) -> None:
        for chunk in iter(lambda: stream.read1(4096), b""):
            with self._seen:
                sink.extend(chunk)
                self._seen.notify_all()
        with self._seen:
            self._open -= 1
            self._seen.notify_all()

    def wait_for(self, text: str, count: int = 1) -> None:
        def seen() -> bool:
            shown = _text(bytes(self.out) + bytes(self.err))
            return shown.count(text) >= count or self._open == 0

        with self._seen:
            self._seen.wait_for(seen, timeout=WAIT_S)
        shown = _text(bytes(self.out) + bytes(self.err))
        assert shown.count(text) >= count, f"never saw {text!r}; output so far:\n{shown}"

    def write(self, text: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(text.encode("utf-8"))
        self.process.stdin.flush()

    def close_stdin(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()

    def signal(self, name: str) -> None:
        self.process.send_signal(SIGNALS[name])

    def finish(self) -> Outcome:
        try:
            code = self.process.wait(timeout=WAIT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            shown = _text(bytes(self.err))
            raise AssertionError(f"did not end within {WAIT_S:g} s: {shown}") from None
        with self._seen:
            self._seen.wait_for(lambda: self._open == 0, timeout=WAIT_S)
        return Outcome(code, _text(bytes(self.out)), _text(bytes(self.err)))


# --- what must hold -----------------------------------------------------------------------------


def snapshot(box: Path, home: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder in the box but the data folder: its size and modification time."""
    found: dict[str, tuple[int, int]] = {}
    for path in box.rglob("*"):
        if path == home or home in path.parents or path.is_fifo():
            continue
        info = path.lstat()
        size = 0 if path.is_dir() else info.st_size
        found[str(path.relative_to(box))] = (size, info.st_mtime_ns if not path.is_dir() else 0)
    return found


def check_command(
    outcome: Outcome, expect: dict[str, Any], world: World, command: str = ""
) -> None:
    """One command's outcome: the invariants of every command, then what the case expects.
    `doctor` reports failed checks in its table rather than as one error line; `score` that
    scored some answers and not others (exit 3) names each failed one on its own error line,
    then how many failed."""
    both = outcome.out + outcome.err
    assert "Traceback" not in both, both
    assert "unexpected" not in outcome.err, outcome.err
    assert "\x1b]" not in both and "\x1b[2J" not in both, "terminal controls from data printed"
    errors = [line for line in outcome.err.splitlines() if line.startswith("error:")]
    batch_failures = command == "score" and outcome.code == 3
    assert len(errors) <= 1 or batch_failures, outcome.err
    signalled = outcome.code in {128 + int(s) for s in SIGNALS.values()}
    if outcome.code == 0 or signalled:
        assert not errors, outcome.err
    elif command == "doctor" and not errors:
        assert "FAIL" in outcome.out, outcome.out
    elif batch_failures:
        assert errors and "could not be scored" in outcome.err, outcome.err
    else:
        lines = [line for line in outcome.err.splitlines() if line.strip()]
        assert errors and lines[-1] == errors[0], f"no one-line error at the end:\n{outcome.err}"
    _check_expected(outcome, expect, errors, world)


def _check_expected(
    outcome: Outcome, expect: dict[str, Any], errors: list[str], world: World
) -> None:
    code = expect.get("exit", 0)
    if code == "any":
        pass
    elif code == "nonzero":
        assert outcome.code != 0, outcome.err
    else:
        assert outcome.code == code, f"exit {outcome.code}, not {code}:\n{outcome.err}"
    if "error" in expect:
        assert errors and re.search(expect["error"], errors[0]), (expect["error"], outcome.err)
    for key, text in (("stderr", outcome.err), ("stdout", outcome.out)):
        if key in expect:
            assert re.search(world.expand(expect[key]), text), (expect[key], text)
        if f"not_{key}" in expect:
            assert not re.search(world.expand(expect[f"not_{key}"]), text), text
    if "sessions" in expect:
        assert len(session_folders(world.home)) == expect["sessions"], session_folders(world.home)
    latest = world.latest_session()
    if "status" in expect or "turns" in expect:
        assert latest is not None, "no session"
        record = _load(latest)
        if "status" in expect:
            assert record["status"] == expect["status"], record["status"]
        if "turns" in expect:
            assert [t["status"] for t in record["turns"]] == expect["turns"], record["turns"]
    for pattern in expect.get("files", []):
        assert list(world.box.glob(world.expand(pattern))), f"no {pattern}"
    for pattern in expect.get("absent", []):
        assert not list(world.box.glob(world.expand(pattern))), f"{pattern} exists"


def _load(folder: Path) -> dict[str, Any]:
    from ai_interviewer.storage.session import SessionStore

    return SessionStore(folder).load().model_dump(mode="json")


def check_world(
    world: World, before: dict[str, tuple[int, int]], outcomes: list[Outcome], keys: list[str]
) -> None:
    """What holds after every case: nothing written outside the data folder, no temporary file,
    private files, readable and complete sessions, saved answers on disk, no key anywhere."""
    after = snapshot(world.box, world.home)
    assert after == before, f"written outside the data folder: {_changes(before, after)}"
    leftovers = [p for p in world.box.rglob("*") if re.search(r"(^\..*\.tmp$|^\.doctor-)", p.name)]
    assert not leftovers, f"temporary files left: {leftovers}"
    if world.home.is_dir():
        _check_private(world.home)
    for folder in session_folders(world.home):
        _check_session(folder, world.damaged_ok)
    for key in keys:
        for outcome in outcomes:
            assert key not in outcome.out + outcome.err, "a key was printed"
        for path in world.box.rglob("*"):
            if path.is_file() and not path.is_fifo() and world.inputs not in path.parents:
                assert key.encode() not in path.read_bytes(), f"a key was written to {path}"


def _changes(before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]]) -> list[str]:
    names = set(before) | set(after)
    return sorted(n for n in names if before.get(n) != after.get(n))


def _check_private(home: Path) -> None:
    for path in [home, *home.rglob("*")]:
        if path.is_symlink():
            continue
        mode = stat.S_IMODE(path.lstat().st_mode)
        expected = 0o700 if path.is_dir() else 0o600
        assert mode == expected, f"{oct(mode)} {path}"


def _check_session(folder: Path, damaged_ok: bool) -> None:
    from ai_interviewer.errors import InterviewError
    from ai_interviewer.storage.session import SessionStore

    store = SessionStore(folder)
    if not store.session_file.exists():
        return  # a folder cut off before its first save is left for purge
    try:
        record = store.load()
    except InterviewError:
        assert damaged_ok, f"{store.session_file} is not a readable session"
        return
    if record.status in ("complete", "ended_early"):
        assert not store.missing_reports(), f"{folder.name} is {record.status} without reports"
    for turn in record.turns:
        if turn.answer_audio is not None and turn.status != "asked":
            audio = folder / turn.answer_audio
            assert folder in audio.resolve().parents, f"{audio} is outside its session"
            assert audio.is_file() and audio.stat().st_size > 0, f"lost answer {audio}"


# --- the disk -----------------------------------------------------------------------------------


@contextlib.contextmanager
def small_disk(mount_point: Path, size: str = "2m") -> Iterator[Path]:
    """A tmpfs of `size` mounted at `mount_point` (0700), unmounted afterwards."""
    mount_point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        import pytest

        pytest.skip(f"cannot mount a small tmpfs to fill a disk: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


FILLER = ".filler"


def fill(disk: Path, leave: int = 0) -> None:
    """Fill `disk` up (a private file in it), leaving about `leave` bytes free (0: none)."""
    free = os.statvfs(disk)
    room = free.f_bavail * free.f_frsize - leave
    descriptor = os.open(disk / FILLER, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with contextlib.suppress(OSError), os.fdopen(descriptor, "wb", buffering=0) as filler:
        filler.write(b"\0" * max(0, room))
        while leave == 0:
            filler.write(b"\0" * 4096)


def remount_read_only(disk: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
