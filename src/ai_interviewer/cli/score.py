"""`ai-interview score DIR --resume R --jd JD`: score answers recorded earlier, for scripts."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ai_interviewer.cli.common import (
    DebugOption,
    JdOption,
    JdTextOption,
    OfflineOption,
    VerboseOption,
    setup_logging,
)
from ai_interviewer.console import Terminal
from ai_interviewer.errors import EXIT_FAILURE, UsageError

if TYPE_CHECKING:
    from rich.table import Table

    from ai_interviewer.batch import AnswerItem, BatchResult
    from ai_interviewer.config import Settings
    from ai_interviewer.core.models import JobDescription, ResumeProfile, Transcript
    from ai_interviewer.interview.loop import BackgroundLoop
    from ai_interviewer.providers.base import Transcriber
    from ai_interviewer.providers.llm import LLMClient


def score_command(
    answers: Path = typer.Argument(
        ..., help="Folder of recordings or transcripts, with a manifest.csv."
    ),
    resume: Path = typer.Option(..., "--resume", help="Your resume: PDF, .txt or .md."),
    jd: str | None = JdOption,
    jd_text: str | None = JdTextOption,
    as_json: bool = typer.Option(False, "--json", help="Print JSON on stdout."),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV on stdout."),
    llm: str | None = typer.Option(
        None, "--llm", help="Scoring: auto, offline, or a LiteLLM model (e.g. openai/gpt-4o-mini)."
    ),
    stt: str | None = typer.Option(
        None, "--stt", help="Speech to text: auto, speechmatics (batch) or whisper."
    ),
    offline: bool = OfflineOption,
    concurrency: int | None = typer.Option(
        None,
        "--concurrency",
        min=1,
        help="Model calls at once (default: 2 for a local server, 4 for a cloud API).",
    ),
    verbose: bool = VerboseOption,
    debug: bool = DebugOption,
) -> int:
    """Score earlier answers (WAV, FLAC, MP3, OGG or .txt) against a resume and a job."""
    from ai_interviewer.batch import load_manifest
    from ai_interviewer.cli.common import load_documents
    from ai_interviewer.config import OFFLINE_LINE, Settings, load_dotenv_file
    from ai_interviewer.core.planner import ground_question

    if as_json and as_csv:
        raise UsageError("choose one of --json and --csv")
    terminal = Terminal(verbose=verbose)
    setup_logging(terminal)
    load_dotenv_file()
    settings = Settings.from_environment(
        llm=llm, stt=stt, offline=offline or None, llm_concurrency=concurrency
    )
    if settings.offline:
        terminal.info(OFFLINE_LINE)
    model, offline_reason = settings.chosen_model()
    if model is not None:
        from ai_interviewer.providers.llm import warm_in_background

        warm_in_background()  # LiteLLM's import overlaps the transcriptions
    items = load_manifest(answers)
    profile, job, _ = load_documents(terminal, resume, jd, jd_text)
    if offline_reason:
        terminal.info(offline_reason)
    items = [dataclasses.replace(i, question=ground_question(i.question, job)) for i in items]
    if model is None:
        results = _score_all(terminal, settings, items, profile, job)
    else:
        from ai_interviewer.interview.setup import connect_model

        client, loop = connect_model(settings, model)  # a bad key stops here, before transcribing
        with loop:
            results = _score_all(terminal, settings, items, profile, job)
            results = _score_with_model(terminal, loop, client, results, profile, job)
    if as_json:
        terminal.out.print_json(json.dumps([_result_dict(r) for r in results]))
    elif as_csv:
        terminal.out.file.write(_results_csv(results))
    else:
        terminal.show(_results_table(results))
    failed = [r for r in results if not r.ok]
    for result in failed:
        terminal.error(result.failure or "")
    if failed:
        noun = "recordings" if all(r.item.is_recording for r in results) else "answers"
        terminal.warning(f"{len(failed)} of {len(results)} {noun} could not be scored")
        return EXIT_FAILURE
    return 0


def _score_with_model(
    terminal: Terminal,
    loop: BackgroundLoop,
    client: LLMClient,
    results: list[BatchResult],
    profile: ResumeProfile,
    job: JobDescription,
) -> list[BatchResult]:
    """The model scores the transcribed answers, as many at once as its concurrency allows; a
    failure keeps the offline estimate for that answer, marked as such."""
    import asyncio
    import dataclasses

    from ai_interviewer.core.llm_checks import cost_summary
    from ai_interviewer.interview.interviewer import ModelInterviewer

    interviewer = ModelInterviewer(client, profile, job)

    async def rescore(result: BatchResult) -> BatchResult:
        if result.transcript is None:
            return result
        assessment = await interviewer.assess(result.item.question, result.transcript, [], 0)
        return dataclasses.replace(
            result, evaluation=assessment.evaluation, llm_calls=tuple(assessment.calls)
        )

    async def rescore_all() -> list[BatchResult]:
        return list(await asyncio.gather(*(rescore(r) for r in results)))

    limit = client.limits.concurrency
    with terminal.err.status(f"Scoring with {client.model}, {limit} at a time…"):
        rescored = loop.run(rescore_all())
    summary = cost_summary(client.calls)
    cost = "cost unknown" if summary.cost_usd is None else f"${summary.cost_usd:.4f}"
    terminal.info(
        f"{client.model}: {summary.calls} calls, "
        f"{summary.prompt_tokens + summary.completion_tokens} tokens, {cost}"
    )
    return rescored


def _score_all(
    terminal: Terminal,
    settings: Settings,
    items: list[AnswerItem],
    profile: ResumeProfile,
    job: JobDescription,
) -> list[BatchResult]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from ai_interviewer.batch import score_item

    transcriber = _transcriber_for(settings, items, profile, job)
    transcribe = transcriber.transcribe if transcriber is not None else _never_transcribe
    notices: list[str] = getattr(transcriber, "notices", [])
    results = []
    columns = (
        TextColumn("Scoring"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}"),
    )
    quiet = not terminal.err.is_terminal  # no bar (and no stray blank line) in pipes and CI
    with Progress(*columns, console=terminal.err, transient=True, disable=quiet) as progress:
        task = progress.add_task("", total=len(items))
        for item in items:
            progress.update(task, description=item.name)
            results.append(score_item(item, transcribe, profile, job))
            for notice in notices:
                terminal.warning(notice)
            notices.clear()
            progress.advance(task)
    return results


def _transcriber_for(
    settings: Settings, items: list[AnswerItem], profile: ResumeProfile, job: JobDescription
) -> Transcriber | None:
    """Speech recognition only when there is a recording to transcribe: a folder of
    transcripts never sets it up, and local Whisper loads its model on the first recording.
    Set up before the first answer, so that a bad --stt choice stops before any work."""
    if not any(item.is_recording for item in items):
        return None
    from ai_interviewer.cli.common import speech_vocabulary
    from ai_interviewer.interview.setup import choose_transcriber

    return choose_transcriber(settings, speech_vocabulary(profile, job))


def _never_transcribe(path: Path) -> Transcript:
    raise AssertionError(f"{path.name} sent to speech recognition, with no recording to score")


# Delivery measures that need word timings: a transcript has none, so they are not measured.
TIMED_MEASURES = ("duration_s", "wpm", "pauses_over_2s", "longest_pause_s")


def _input_of(result: BatchResult) -> str:
    return "transcript" if result.item.is_transcript else "audio"


def _delivery_note(result: BatchResult) -> str:
    """Whether pace and pauses were measured, and why not."""
    if result.evaluation is not None and result.evaluation.delivery.timed:
        return "measured (word timings)"
    if result.item.is_transcript:
        return "not measured (transcript)"
    return "not measured (no word timings)"


def _result_dict(result: BatchResult) -> dict[str, object]:
    row: dict[str, object] = {
        "file": result.item.name,
        "question_id": result.item.question.id,
        "question": result.item.question.text,
        "input": _input_of(result),
        "ok": result.ok,
        "error": result.error,
    }
    if result.transcript is not None:
        row["transcript"] = result.transcript.text
    if result.evaluation is not None:
        evaluation = result.evaluation.model_dump(mode="json")
        if not result.evaluation.delivery.timed:  # null, not 0: nothing was timed
            evaluation["delivery"].update(dict.fromkeys(TIMED_MEASURES))
        row["delivery"] = _delivery_note(result)
        row["evaluation"] = evaluation
    if result.llm_calls:
        row["llm_calls"] = [call.model_dump(mode="json") for call in result.llm_calls]
    return row


def _results_csv(results: list[BatchResult]) -> str:
    """One row per answer: its question and transcript, and its scores under the criteria's
    labels (as the report names them)."""
    from ai_interviewer.core.criteria import CRITERIA, label_of

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "file",
            "question_id",
            "question",
            "overall",
            *[label_of(c) for c in CRITERIA],
            "wpm",
            "fillers_per_100",
            "star",
            "quantified",
            "label",
            "error",
            "input",
            "transcript",
        ]
    )
    for r in results:
        e = r.evaluation
        transcript = r.transcript.text if r.transcript is not None else ""
        asked = [r.item.name, r.item.question.id, r.item.question.text]
        if e is None:
            writer.writerow(
                [*asked, *[""] * (len(CRITERIA) + 6), r.error, _input_of(r), transcript]
            )
            continue
        wpm = "" if e.delivery.wpm is None else f"{e.delivery.wpm:.0f}"
        writer.writerow(
            [
                *asked,
                e.overall,
                *[e.score_of(c) for c in CRITERIA],
                wpm,
                f"{e.delivery.fillers_per_100:.1f}",
                "".join(p[0].upper() for p in e.star.found),
                str(e.star.quantified).lower(),
                e.label,
                "",
                _input_of(r),
                transcript,
            ]
        )
    return out.getvalue()


QUESTION_WIDTH = 28  # the table shows the start of each question; --csv and --json have it all


def _results_table(results: list[BatchResult]) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    from ai_interviewer.core.criteria import CRITERIA, short_label_of
    from ai_interviewer.core.text import clip

    label = next((r.evaluation.label for r in results if r.evaluation), "offline estimate")
    what = "Recorded answers" if all(r.item.is_recording for r in results) else "Answers"
    untimed = [r for r in results if r.evaluation is not None and not r.evaluation.delivery.timed]
    caption = None
    if untimed:
        transcripts = any(r.item.is_transcript for r in untimed)
        why = "transcripts have no word timings" if transcripts else "no word timings"
        caption = f"WPM -: not measured ({why})"
    table = Table(
        title=f"{what} ({label})",
        title_justify="left",
        caption=caption,
        caption_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    short = [short_label_of(c) for c in CRITERIA]
    table.add_column("File and question")
    for name in ("Overall", *short, "WPM", "STAR"):
        right = name != "STAR"
        table.add_column(name, justify="right" if right else "left", no_wrap=True)
    for r in results:
        e = r.evaluation
        question = clip(r.item.question.text, QUESTION_WIDTH)
        asked = Text.assemble(r.item.name, "\n", (question, "dim"))
        if e is None:
            table.add_row(asked, "failed", *[""] * (len(CRITERIA) + 2))
            continue
        wpm = "-" if e.delivery.wpm is None else f"{e.delivery.wpm:.0f}"
        story = e.intent in (None, "example")  # STAR only for questions that ask for a story
        star = ("".join(p[0].upper() for p in e.star.found) or "-") if story else "n/a"
        table.add_row(
            asked,
            f"{e.overall}/100",
            *[str(e.score_of(c)) for c in CRITERIA],
            wpm,
            star,
        )
    return table
