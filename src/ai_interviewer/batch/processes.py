"""Scoring in several processes: a large batch's model calls spread over the machine's cores.

Each model call costs the caller CPU as well as waiting: LiteLLM's handling of a request and its
reply, the offline rubric the model's scores are checked against, and the checks themselves, a
few tens of milliseconds an answer. On one event loop that bounds a batch however many calls are
in flight (at 16 at once, calls of 200 ms leave 12.5 ms an answer), so a batch with many answers
at once scores them in `processes` worker processes, each with its own loop and its own client.

`ProcessScorer` is a `runner.Scorer`: the batch, its cache and its output stay in this process,
and only the scoring of an answer not done before crosses over (the question, the transcript
and the documents; the evaluation and the call records back). It answers to the same name as the
in-process scorer, so a result cached by either is found by both. The workers start at the first
answer that needs the model (a rerun of a finished batch starts none), ignore Ctrl-C (this
process decides, and cancels what is in flight), and end when their pipe closes, so a killed
batch leaves none behind. The calls at once and the requests-a-minute limit are shared out
between them (together never more than the batch's).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from ai_interviewer.core.models import (
    Evaluation,
    JobDescription,
    LLMCall,
    Question,
    ResumeProfile,
    Transcript,
)

if TYPE_CHECKING:
    from ai_interviewer.config import Settings

log = logging.getLogger("ai_interviewer")

MIN_ANSWERS_PER_PROCESS = 32  # a process costs a LiteLLM import (seconds of CPU) to start
CALLS_PER_PROCESS = 8  # calls in flight that one process's loop keeps up with
STOP_WAIT_S = 5.0


def scoring_processes(answers: int, concurrency: int, cores: int) -> int:
    """How many processes score a batch of `answers` with `concurrency` in flight: one per
    `CALLS_PER_PROCESS` calls at once, each with `MIN_ANSWERS_PER_PROCESS` answers at least,
    never more than the cores."""
    wanted = math.ceil(concurrency / CALLS_PER_PROCESS)
    return max(1, min(wanted, cores, answers // MIN_ANSWERS_PER_PROCESS))


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class WorkerSpec:
    """What a worker needs to make the same client as this process's: the settings (its key
    is read from the environment it inherits), the model, and its share of the limits."""

    settings: Settings
    model: str
    concurrency: int
    rpm: float | None
    verbose: bool


def shares(total: int, parts: int) -> list[int]:
    """`total` calls at once split between `parts` processes, as evenly as whole calls allow
    (16 between 3: 6, 5, 5): together never more than `total`."""
    return [total // parts + (1 if n < total % parts else 0) for n in range(parts)]


@dataclass
class _Worker:
    process: Any
    conn: Connection
    places: int  # its calls at once
    waiting: dict[int, asyncio.Future[Any]] = field(default_factory=dict)  # sent, not answered
    scored: int = 0
    ended: bool = False


class ProcessScorer:
    """A `runner.Scorer` whose answers are scored by `processes` worker processes."""

    def __init__(self, name: str, spec: WorkerSpec, processes: int) -> None:
        self.name = name
        self.spec = spec
        self.processes = processes
        self.notices: list[str] = []
        self._workers: list[_Worker] = []
        self._numbers = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._checked: asyncio.Future[Any] | None = None
        self.on_start: Callable[[int], None] | None = None  # told how many processes start

    async def ready(self) -> None:
        """Every worker started (LiteLLM and the rubric's dictionaries loaded), and the model's
        first call made by one of them: a fatal error raises here, as it does in one process."""
        if self._checked is None:
            self._start()
            self._checked = asyncio.ensure_future(
                asyncio.gather(
                    *(self._ask(w, ("ready", n == 0)) for n, w in enumerate(self._workers))
                )
            )
        from ai_interviewer.providers.llm import LLMError

        try:
            await asyncio.shield(self._checked)
        except LLMError as error:
            if error.kind == "process":  # a worker that could not start: the batch cannot run
                raise LLMError(
                    "the scoring processes could not start", error.hint, kind="process", fatal=True
                ) from None
            raise

    async def score(
        self,
        question: Question,
        transcript: Transcript,
        profile: ResumeProfile,
        job: JobDescription,
    ) -> tuple[Evaluation, tuple[LLMCall, ...]]:
        await self.ready()
        working = [w for w in self._workers if not w.ended]
        if not working:
            raise _worker_ended()
        worker = max(working, key=lambda w: w.places - len(w.waiting))  # the most room
        evaluation, calls = await self._ask(worker, ("score", question, transcript, profile, job))
        return evaluation, tuple(calls)

    async def aclose(self) -> None:
        return None  # the workers close their own connections; `close` stops them

    def close(self) -> None:
        """Each worker told to stop, then waited for a moment, then ended. (Closing the pipe is
        not enough: this side's reader, blocked on it, keeps it open until the worker ends.)"""
        for worker in self._workers:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
        for number, worker in enumerate(self._workers, 1):
            log.info(
                "scoring process %d (pid %s) scored %d answers",
                number,
                worker.process.pid,
                worker.scored,
            )
            worker.process.join(STOP_WAIT_S)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(STOP_WAIT_S)
            with contextlib.suppress(OSError):
                worker.conn.close()
        self._workers.clear()

    # --- this side of the pipes ------------------------------------------------------------------

    def _start(self) -> None:
        self._loop = asyncio.get_running_loop()
        context = multiprocessing.get_context("spawn")  # never fork a process that has threads
        places = [n for n in shares(self.spec.concurrency, self.processes) if n > 0]
        log.info("starting %d scoring processes", len(places))
        if self.on_start is not None:
            self.on_start(len(places))
        for number, calls in enumerate(places):
            rpm = self.spec.rpm
            share = replace(
                self.spec, concurrency=calls, rpm=None if rpm is None else rpm * calls / sum(places)
            )
            here, there = context.Pipe()
            process = context.Process(
                target=serve, args=(there, share), name=f"ai-interview-score-{number + 1}"
            )
            process.daemon = True
            process.start()
            there.close()
            worker = _Worker(process, here, calls)
            threading.Thread(target=self._read, args=(worker,), daemon=True).start()
            self._workers.append(worker)

    async def _ask(self, worker: _Worker, request: tuple[Any, ...]) -> Any:
        assert self._loop is not None
        self._numbers += 1
        number = self._numbers
        answer: asyncio.Future[Any] = self._loop.create_future()
        worker.waiting[number] = answer
        try:
            worker.conn.send((number, *request))
            return await answer
        except OSError:
            raise _worker_ended() from None
        finally:
            worker.waiting.pop(number, None)

    def _read(self, worker: _Worker) -> None:
        """A worker's answers, handed to the loop as they come; its end fails what it held."""
        assert self._loop is not None
        loop = self._loop
        try:
            while True:
                try:
                    number, ok, value = worker.conn.recv()
                except (EOFError, OSError):
                    break
                loop.call_soon_threadsafe(self._settle, worker, number, ok, value)
            loop.call_soon_threadsafe(self._ended, worker)
        except RuntimeError:  # the batch's loop has closed: nothing waits for an answer
            return

    def _settle(self, worker: _Worker, number: int, ok: bool, value: Any) -> None:
        answer = worker.waiting.get(number)
        if answer is None or answer.done():
            return
        if ok:
            result, notices = value
            self.notices.extend(notices)
            worker.scored += result is not None  # not the start's "ready"
            answer.set_result(result)
        else:
            answer.set_exception(_error_from(value))

    def _ended(self, worker: _Worker) -> None:
        """A worker that ended (or was told to): what it held fails, each answer on its own, and
        the others take the rest."""
        worker.ended = True
        for answer in list(worker.waiting.values()):
            if not answer.done():
                answer.set_exception(_worker_ended())


def _worker_ended() -> Exception:
    from ai_interviewer.providers.llm import LLMError

    return LLMError("a scoring process ended before it answered", kind="process", fatal=False)


def _error_state(error: BaseException) -> dict[str, Any]:
    """An error as data that crosses the pipe (an exception's own pickling may not)."""
    from ai_interviewer.providers.llm import LLMError

    if isinstance(error, LLMError):
        return {
            "llm": True,
            "message": error.message,
            "hint": error.hint,
            "kind": error.kind,
            "fatal": error.fatal,
            "status": error.status,
            "call": error.call,
        }
    from ai_interviewer.errors import InterviewError

    if isinstance(error, InterviewError):
        return {"llm": False, "message": error.message, "hint": error.hint}
    return {"llm": False, "message": f"scoring failed: {type(error).__name__}: {error}"}


def _error_from(state: dict[str, Any]) -> Exception:
    from ai_interviewer.errors import InterviewError
    from ai_interviewer.providers.llm import LLMError

    if not state["llm"]:
        return InterviewError(state["message"], state.get("hint"))
    error = LLMError(
        state["message"],
        state["hint"],
        kind=state["kind"],
        fatal=state["fatal"],
        status=state["status"],
    )
    error.call = state["call"]
    return error


# --- the worker's side ---------------------------------------------------------------------------


def serve(conn: Connection, spec: WorkerSpec) -> None:
    """A worker process: score what comes down the pipe until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the batch's
    from ai_interviewer.cli.common import log_to_stderr

    log_to_stderr(spec.verbose)  # as the batch logs
    from ai_interviewer.core.lexicon import warm

    warm()
    from ai_interviewer.providers.llm import warm_call_path

    warm_call_path()  # a worker's first real call would otherwise stall on LiteLLM's imports
    scorer = _model_scorer(spec)
    try:
        asyncio.run(_serve(conn, scorer))
    finally:
        with contextlib.suppress(OSError):
            conn.close()
    from ai_interviewer.cli.common import exit_without_a_last_collection

    exit_without_a_last_collection()


def _model_scorer(spec: WorkerSpec) -> Any:
    from ai_interviewer.batch.runner import ModelScorer, for_a_batch
    from ai_interviewer.interview.setup import make_llm_client
    from ai_interviewer.providers.llm import RequestPacer

    client = for_a_batch(make_llm_client(spec.settings, spec.model))
    client.limits = replace(client.limits, concurrency=spec.concurrency)
    client.pacer = RequestPacer(spec.rpm)
    return ModelScorer(client, name=client.name)


async def _serve(conn: Connection, scorer: Any) -> None:
    loop = asyncio.get_running_loop()
    requests: asyncio.Queue[tuple[Any, ...] | None] = asyncio.Queue()

    def read() -> None:
        while True:
            try:
                request = conn.recv()
            except (EOFError, OSError):  # the batch ended without a word (killed)
                break
            if request is None:  # told to stop
                break
            loop.call_soon_threadsafe(requests.put_nowait, request)
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(requests.put_nowait, None)

    threading.Thread(target=read, daemon=True).start()
    tasks: set[asyncio.Task[None]] = set()
    try:
        while (request := await requests.get()) is not None:
            task = asyncio.ensure_future(_answer(conn, scorer, request))
            tasks.add(task)
            task.add_done_callback(tasks.discard)
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await scorer.aclose()


async def _answer(conn: Connection, scorer: Any, request: tuple[Any, ...]) -> None:
    number, what, *args = request
    try:
        if what == "ready":
            if args[0]:  # the one worker that makes the model's first call
                await scorer.ready()
            value: Any = None
        else:
            evaluation, calls = await scorer.score(*args)
            value = (evaluation, list(calls))
        notices = list(scorer.notices)
        scorer.notices.clear()
        reply: tuple[Any, ...] = (number, True, (value, notices))
    except Exception as error:  # every failure is the answer's, sent back as data
        reply = (number, False, _error_state(error))
    with contextlib.suppress(OSError):
        conn.send(reply)
