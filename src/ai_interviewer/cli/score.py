"""`ai-interview score DIR`: score answers recorded earlier, one job seeker's or a cohort's.

Parses, reads the manifest (every problem listed before any work), sets up the transcription,
the scorer and the output, runs the batch and says what failed. The work is `batch.runner`'s.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import typer

from ai_interviewer.cli.common import (
    DebugOption,
    HomeOption,
    JdOption,
    JdTextOption,
    OfflineOption,
    VerboseOption,
    start_command,
)
from ai_interviewer.console import Terminal
from ai_interviewer.errors import UsageError

if TYPE_CHECKING:
    from ai_interviewer.batch.manifest import AnswerItem, Problem
    from ai_interviewer.batch.output import LineWriter, Scored
    from ai_interviewer.batch.runner import BatchResult, Scorer, Transcription
    from ai_interviewer.config import Settings
    from ai_interviewer.interview.signals import Stopped

EXIT_SOME_FAILED = 3  # some answers could not be scored; the others were
FORMAT_HELP = "table (default), jsonl or csv (streamed as answers finish), json, or markdown."


def score_command(
    answers: Path = typer.Argument(
        ..., help="Folder of recordings or transcripts, with a manifest.csv or manifest.jsonl."
    ),
    resume: Path | None = typer.Option(
        None, "--resume", help="Resume (PDF, .txt, .md) for rows that name none."
    ),
    jd: str | None = JdOption,
    jd_text: str | None = JdTextOption,
    output_format: str | None = typer.Option(None, "--format", help=FORMAT_HELP),
    as_json: bool = typer.Option(False, "--json", help="Same as --format json."),
    as_jsonl: bool = typer.Option(False, "--jsonl", help="Same as --format jsonl."),
    as_csv: bool = typer.Option(False, "--csv", help="Same as --format csv."),
    as_markdown: bool = typer.Option(False, "--markdown", help="Same as --format markdown."),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Write to this file instead of stdout; a rerun adds only what it lacks.",
    ),
    llm: str | None = typer.Option(
        None, "--llm", help="Scoring: auto, offline, or a LiteLLM model (e.g. openai/gpt-4o-mini)."
    ),
    router: Path | None = typer.Option(
        None, "--router", help="LiteLLM Router configuration (YAML): several deployments or keys."
    ),
    stt: str | None = typer.Option(
        None, "--stt", help="Speech to text: auto, speechmatics (batch) or whisper."
    ),
    use_ray: bool = typer.Option(
        False, "--ray", help="Local Whisper on Ray (RAY_ADDRESS joins a cluster)."
    ),
    offline: bool = OfflineOption,
    concurrency: int | None = typer.Option(
        None,
        "--concurrency",
        min=1,
        help="Model calls at once (default: 2 for a local server, else 4); half as many answers"
        " again are readied meanwhile.",
    ),
    rpm: float | None = typer.Option(
        None, "--rpm", min=0.1, help="At most this many model requests a minute."
    ),
    processes: int | None = typer.Option(
        None,
        "--processes",
        min=1,
        help="Processes that call the model (default: one per 8 calls at once, up to the"
        " cores, when there are 32 answers or more for each).",
    ),
    force: bool = typer.Option(
        False, "--force", help="Score everything again, ignoring earlier results."
    ),
    max_audio_minutes: float = typer.Option(
        10.0, "--max-audio-minutes", min=0.1, help="Refuse recordings longer than this."
    ),
    home: Path | None = HomeOption,
    verbose: bool = VerboseOption,
    debug: bool = DebugOption,
) -> int:
    """Score earlier answers (WAV, FLAC, MP3, OGG or .txt) against a resume and a job."""

    chosen = _chosen_format(output_format, as_json, as_jsonl, as_csv, as_markdown, output)
    terminal, settings = start_command(
        verbose, llm=llm, stt=stt, offline=offline or None, llm_concurrency=concurrency, home=home
    )
    batch = _prepare(terminal, settings, answers, resume, jd, jd_text, router, use_ray, processes)
    batch.max_audio_minutes = max_audio_minutes
    batch.force = force
    run = BatchRun(terminal, chosen, output, len(batch.items) + len(batch.problems))
    return _score(terminal, settings, batch, run, rpm, debug)


def _chosen_format(
    given: str | None, json_: bool, jsonl: bool, csv_: bool, md: bool, output: Path | None
) -> str:
    from ai_interviewer.batch.output import FORMATS, format_for

    flags = [name for name, on in (("json", json_), ("jsonl", jsonl), ("csv", csv_)) if on]
    flags += ["markdown"] if md else []
    if given is not None:
        if given not in FORMATS:
            raise UsageError(f"--format {given!r} is not one of: {', '.join(FORMATS)}")
        flags.append(given)
    if len(set(flags)) > 1:
        raise UsageError(f"choose one output format, not {' and '.join('--' + f for f in flags)}")
    return format_for(flags[0] if flags else None, output)


# --- before any work: the manifest, the documents, the model ---------------------------------


@dataclass
class PreparedBatch:
    items: list[AnswerItem]
    problems: list[Problem]
    documents: Any
    scorer: Scorer
    transcription: Transcription | None
    concurrency: int = 4
    max_audio_minutes: float = 10.0
    force: bool = False
    processes: int = 1  # that call the model
    notices: list[str] = field(default_factory=list)


def _prepare(
    terminal: Terminal,
    settings: Settings,
    folder: Path,
    resume: Path | None,
    jd: str | None,
    jd_text: str | None,
    router: Path | None,
    use_ray: bool,
    processes: int | None,
) -> PreparedBatch:
    """Everything checked before the first answer: the manifest's rows (every problem listed),
    the documents, the speech recogniser and the model (and how many processes call it)."""
    from ai_interviewer.batch.documents import DefaultDocuments, DocumentSet
    from ai_interviewer.batch.manifest import read_manifest
    from ai_interviewer.config import OFFLINE_LINE

    if jd is not None and jd_text is not None:
        raise UsageError("give the job description once: --jd FILE or --jd-text TEXT")
    if settings.offline:
        terminal.info(OFFLINE_LINE)
    model, offline_reason = settings.chosen_model()
    in_processes = _may_use_processes(settings, model, router, processes)
    if (model is not None or router is not None) and not in_processes:
        _warm_model()  # LiteLLM's import overlaps reading the manifest and documents
    manifest = read_manifest(folder).without_missing_files()
    documents = DocumentSet(DefaultDocuments(resume, jd, jd_text))
    items, document_problems = documents.load(manifest.items, manifest.name)
    problems = [*manifest.problems, *document_problems]
    for warning in dict.fromkeys(documents.warnings):
        terminal.warning(warning)
    for problem in problems:
        terminal.error(problem.one_line())
    if not items:
        raise UsageError(f"no answer in {folder} can be scored", _no_items_hint(problems))
    if offline_reason and router is None:
        terminal.info(offline_reason)
    scorer = _scorer(settings, model, router)
    at_once = _concurrency(settings, scorer)
    count = _processes(scorer, processes, len(items), at_once)
    if in_processes and count == 1:
        _warm_model()
    transcription = _transcription(settings, items, documents, use_ray, at_once)
    batch = PreparedBatch(items, problems, documents, scorer, transcription, at_once)
    batch.processes = count
    return batch


def _warm_model() -> None:
    from ai_interviewer.providers.llm import warm_in_background

    warm_in_background()


def _may_use_processes(
    settings: Settings, model: str | None, router: Path | None, processes: int | None
) -> bool:
    """Known before the manifest is read: whether the model may be called from other processes
    (then this one never imports LiteLLM)."""
    from ai_interviewer.batch.processes import scoring_processes, usable_cores

    if model is None or router is not None:
        return False
    if processes is not None:
        return processes > 1
    at_once = settings.llm_concurrency or settings.limits_for(model).concurrency
    return scoring_processes(sys.maxsize, at_once, usable_cores()) > 1  # however many answers


def _processes(scorer: Scorer, given: int | None, answers: int, at_once: int) -> int:
    """How many processes call the model: one for the offline rubric and for a router (whose
    limits per deployment are kept in one process), else as given or as the batch calls for."""
    from ai_interviewer.batch.processes import scoring_processes, usable_cores
    from ai_interviewer.batch.runner import ModelScorer
    from ai_interviewer.providers.llm import RoutedLLMClient

    if not isinstance(scorer, ModelScorer) or isinstance(scorer.client, RoutedLLMClient):
        return 1
    return min(given, at_once) if given else scoring_processes(answers, at_once, usable_cores())


def _no_items_hint(problems: list[Problem]) -> str | None:
    return "fix the rows listed above" if problems else None


def _transcription(
    settings: Settings, items: list[AnswerItem], documents: Any, use_ray: bool, at_once: int
) -> Transcription | None:
    """Speech recognition only when there is a recording: a folder of transcripts never sets
    it up. Set up before the first answer, so that a bad --stt choice stops before any work."""
    import hashlib

    from ai_interviewer.batch.runner import async_transcription
    from ai_interviewer.cli.common import speech_vocabulary
    from ai_interviewer.interview.setup import choose_transcriber, speechmatics_key

    recordings = [item for item in items if item.is_recording]
    if not recordings:
        if use_ray:
            raise UsageError("--ray transcribes recordings, and this folder holds transcripts only")
        return None
    first = documents.for_item(recordings[0])
    vocabulary = speech_vocabulary(first.profile, first.job)
    from ai_interviewer.providers.stt_whisper import whisper_prompt

    prompt = hashlib.sha256(whisper_prompt(vocabulary).encode()).hexdigest()[:12]
    whisper = f"whisper:{settings.whisper_model}:{prompt}"
    if use_ray:
        if speechmatics_key(settings) is not None:
            raise UsageError(
                "--ray runs local Whisper, and Speechmatics was chosen", "add --stt whisper"
            )
        from ai_interviewer.batch.ray_stt import ray_transcription

        return ray_transcription(settings.whisper_model, vocabulary, whisper)
    if speechmatics_key(settings) is not None:  # a service: as many files as are in flight
        transcriber = choose_transcriber(settings, vocabulary)
        identity = f"speechmatics:{settings.language}:{settings.accuracy}|{whisper}"
        return async_transcription(transcriber, identity, at_once)
    from ai_interviewer.batch.processes import usable_cores
    from ai_interviewer.providers.stt_whisper import WhisperTranscriber

    cores = usable_cores()  # one file a core, each on one thread: more would only queue
    local = WhisperTranscriber(
        settings.whisper_model, vocabulary=vocabulary, threads=1, decoders=cores
    )
    return async_transcription(local, whisper, cores)


def _scorer(settings: Settings, model: str | None, router: Path | None) -> Scorer:
    from ai_interviewer.batch.runner import OfflineScorer

    if router is not None:
        from ai_interviewer.providers.llm import load_router_config

        config = load_router_config(router, None if settings.llm == "auto" else settings.llm)
        return _model_scorer(settings, None, config)
    if model is None:
        return OfflineScorer()
    return _model_scorer(settings, model, None)


def _model_scorer(settings: Settings, model: str | None, config: Any) -> Scorer:
    from ai_interviewer.batch.runner import ModelScorer, for_a_batch
    from ai_interviewer.interview.setup import make_llm_client
    from ai_interviewer.providers.llm import RoutedLLMClient

    if config is not None:
        first = config.deployments[0]["litellm_params"]
        deployment = replace(settings, llm_api_base=first.get("api_base"))
        limits = deployment.limits_for(str(first.get("model", "")))
        client: Any = RoutedLLMClient(config, limits=limits)
    else:
        assert model is not None
        client = make_llm_client(settings, model)
    return ModelScorer(for_a_batch(client), name=client.name)


# --- the run ---------------------------------------------------------------------------------


@dataclass
class BatchRun:
    """Where results go as they finish, and what is kept for the end (little: memory stays
    flat in the batch unless the chosen format needs every result, the table or a JSON array)."""

    terminal: Terminal
    format: str
    output: Path | None
    total: int
    writer: LineWriter | None = None
    kept: list[BatchResult] = field(default_factory=list)
    scored: list[Scored] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    done: int = 0
    calls: int = 0
    tokens: int = 0
    cost: float | None = None

    def take(self, result: BatchResult) -> None:
        from ai_interviewer.batch.output import scored_of

        if self.writer is not None:
            self.writer.write(result)
        if self.format in ("table", "json"):
            self.kept.append(result)
        elif self.format == "markdown":
            self.scored.append(scored_of(result))
        if result.failure:
            self.failures.append(result.failure)
        self.done += 1
        if not result.cached:
            for call in result.llm_calls:
                self.calls += 1
                self.tokens += call.prompt_tokens + call.completion_tokens
                if call.cost_usd is not None:
                    self.cost = (self.cost or 0.0) + call.cost_usd


def _score(
    terminal: Terminal,
    settings: Settings,
    batch: PreparedBatch,
    run: BatchRun,
    rpm: float | None,
    debug: bool,
) -> int:
    from ai_interviewer.batch.cache import ScoreCache, cache_folder
    from ai_interviewer.batch.processes import ProcessScorer
    from ai_interviewer.batch.runner import BatchJob, ModelScorer, answers_at_once
    from ai_interviewer.cli.score_view import Progress

    items = batch.items
    with (
        _output(run, items, batch.force) as items,
        _scoring(settings, batch, rpm, terminal) as scorer,
    ):
        job = BatchJob(
            cache=ScoreCache(cache_folder(settings.home), force=batch.force),
            scorer=scorer,
            documents=batch.documents.for_item,
            transcription=batch.transcription,
            max_audio_minutes=batch.max_audio_minutes,
            concurrency=answers_at_once(batch.concurrency, isinstance(batch.scorer, ModelScorer)),
        )
        progress = Progress(terminal, len(items))
        if isinstance(scorer, ProcessScorer):  # seconds of LiteLLM loading before any answer
            scorer.on_start = lambda count: progress.status(f"starting {count} scoring processes")
        with progress.shown():
            stopped = _run(job, items, run, progress, terminal)
    code = _finish(terminal, batch, run)
    if stopped is None:
        return code
    terminal.error(
        f"stopped by {stopped.name}: {run.done} of {run.total} answers done, each kept; "
        "the same command carries on from them"
    )
    return stopped.exit_code


def _concurrency(settings: Settings, scorer: Scorer) -> int:
    from ai_interviewer.batch.runner import ModelScorer

    if settings.llm_concurrency is not None:
        return settings.llm_concurrency
    if isinstance(scorer, ModelScorer):
        return int(scorer.client.limits.concurrency)
    return 4


@contextlib.contextmanager
def _scoring(
    settings: Settings, batch: PreparedBatch, rpm: float | None, terminal: Terminal
) -> Iterator[Scorer]:
    """The batch's scorer: the offline rubric, the model in this process, or the model in
    `batch.processes` others, stopped at the end."""
    from ai_interviewer.batch.processes import ProcessScorer, WorkerSpec
    from ai_interviewer.batch.runner import ModelScorer
    from ai_interviewer.providers.llm import RequestPacer

    scorer = batch.scorer
    if not isinstance(scorer, ModelScorer):
        yield scorer
        return
    client = scorer.client
    client.pacer = RequestPacer(rpm)
    if batch.processes <= 1:
        yield scorer
        return
    spec = WorkerSpec(
        settings=settings,
        model=client.model,
        concurrency=batch.concurrency,
        rpm=rpm,
        verbose=terminal.verbose,
    )
    in_processes = ProcessScorer(scorer.name, spec, batch.processes)
    try:
        yield in_processes
    finally:
        in_processes.close()


def _run(
    job: Any, items: list[AnswerItem], run: BatchRun, progress: Any, terminal: Terminal
) -> Stopped | None:
    """The batch, to the end or until a signal stops it (then the signal, what is done kept)."""
    from ai_interviewer.batch.runner import run_batch
    from ai_interviewer.interview.signals import Stopped, run_session

    def emit(result: BatchResult) -> None:
        run.take(result)
        progress.advance(result.item.name)
        for notice in _drain(job.transcription):
            terminal.warning(notice)
        for notice in _drain(job.scorer):
            terminal.warning(notice)

    # one event loop for the batch: a Ctrl-C or SIGTERM cancels what is in flight (the results
    # emitted and cached are kept) and ends the command with 128 + the signal's number
    from ai_interviewer.batch.processes import ProcessScorer
    from ai_interviewer.core.lexicon import warm

    if not isinstance(job.scorer, ProcessScorer):  # else the workers score, and read them
        warm()  # the rubric's dictionaries, read before the loop starts, not at its first answer
    try:
        run_session(run_batch(items, job, emit))
    except Stopped as stopped:
        return stopped
    return None


def _drain(part: Any) -> list[str]:
    """What a part has to say: a speech service that failed and Whisper taking over, a model
    that did not answer its first call."""
    notices = getattr(part, "notices", None)
    if not notices:
        return []
    drained = list(notices)
    notices.clear()
    return drained


@contextlib.contextmanager
def _output(run: BatchRun, items: list[AnswerItem], force: bool) -> Iterator[list[AnswerItem]]:
    """Streamed formats: the writer, on stdout or on the output file (resumed: the answers it
    holds are not scored again). Yields the items still to score."""
    from ai_interviewer.batch.output import STREAMED, LineWriter

    if run.format not in STREAMED:
        yield items
        return
    if run.output is None:
        run.writer = LineWriter(sys.stdout, run.format)
        yield items
        return
    stream, items = _resume_output(run, items, force)
    try:
        run.writer = LineWriter(stream, run.format, header=stream.tell() == 0)
        yield items
    finally:
        stream.close()


def _resume_output(
    run: BatchRun, items: list[AnswerItem], force: bool
) -> tuple[IO[str], list[AnswerItem]]:
    from ai_interviewer.batch.output import ResumedFile, open_resumed, read_resumable

    assert run.output is not None
    resumed = ResumedFile() if force else read_resumable(run.output, run.format)
    todo = [
        item
        for item in items
        if (item.candidate, item.question.id, item.name, item.question.text) not in resumed.done
    ]
    if len(todo) < len(items):
        run.terminal.info(
            f"{run.output.name} holds {len(items) - len(todo)} of {len(items)} answers already;"
            f" scoring the other {len(todo)}"
        )
        run.total -= len(items) - len(todo)
    return open_resumed(run.output, run.format, resumed), todo


def _finish(terminal: Terminal, batch: PreparedBatch, run: BatchRun) -> int:
    from ai_interviewer.batch.output import markdown_summary, result_record
    from ai_interviewer.cli.score_view import results_table

    position = {id(item): index for index, item in enumerate(batch.items)}
    in_order = sorted(run.kept, key=lambda r: position.get(id(r.item), 0))
    text: str | None = None
    if run.format == "table":
        terminal.show(results_table(in_order))
    elif run.format == "json":
        import json

        text = json.dumps([result_record(r) for r in in_order], indent=2, ensure_ascii=False)
    elif run.format == "markdown":
        problems = [p.one_line() for p in batch.problems]
        text = markdown_summary(run.scored, [*problems, *run.failures])
    if text is not None:
        _write_whole(terminal, run.output, text + ("" if text.endswith("\n") else "\n"))
    _report_model_use(terminal, batch, run)
    for failure in run.failures:
        terminal.error(failure)
    failed = len(run.failures) + len(batch.problems)
    if failed:
        recordings = all(item.is_recording for item in batch.items)
        noun = "recordings" if recordings and not batch.problems else "answers"
        terminal.warning(f"{failed} of {run.total} {noun} could not be scored")
        return EXIT_SOME_FAILED
    return 0


def _write_whole(terminal: Terminal, output: Path | None, text: str) -> None:
    if output is None:
        terminal.out.file.write(text)
        return
    from ai_interviewer.storage.atomic import write_text_atomic

    write_text_atomic(output, text)


def _report_model_use(terminal: Terminal, batch: PreparedBatch, run: BatchRun) -> None:
    from ai_interviewer.batch.runner import ModelScorer

    if not isinstance(batch.scorer, ModelScorer):
        return
    cost = "cost unknown" if run.cost is None else f"${run.cost:.4f}"
    terminal.info(f"{batch.scorer.client.model}: {run.calls} calls, {run.tokens} tokens, {cost}")
