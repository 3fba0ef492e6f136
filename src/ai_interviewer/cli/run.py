"""`ai-interview run RESUME --jd JD`: the spoken mock interview."""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, cast

import typer

from ai_interviewer.cli.common import (
    DebugOption,
    DescriptorLines,
    DetailsOption,
    HomeOption,
    InputDeviceOption,
    JdOption,
    JdTextOption,
    LineSource,
    NoAudioOption,
    OfflineOption,
    VerboseOption,
    load_documents,
    log,
    make_read_line,
    speech_vocabulary,
    start_interview,
)
from ai_interviewer.console import Terminal
from ai_interviewer.errors import InterviewError, UsageError

if TYPE_CHECKING:
    from ai_interviewer.config import Settings
    from ai_interviewer.core.models import JobDescription, Question, ResumeProfile
    from ai_interviewer.interview.engine import StartModel
    from ai_interviewer.interview.interviewer import Difficulty, InterviewType
    from ai_interviewer.interview.setup import Providers
    from ai_interviewer.storage.session import SessionRecord, SessionStore


def run_command(
    resume: Path = typer.Argument(..., help="Your resume: PDF, .txt or .md."),
    jd: str | None = JdOption,
    jd_text: str | None = JdTextOption,
    questions: int = typer.Option(
        5, "--questions", "-n", min=1, max=15, help="How many questions."
    ),
    seed: int | None = typer.Option(None, "--seed", help="Make the question plan reproducible."),
    text: bool = typer.Option(
        False, "--text", help="Type the answers; the questions are printed, or spoken with --tts."
    ),
    answers: Path | None = typer.Option(
        None,
        "--answers",
        help="Play earlier recordings (a folder with manifest.csv) as the answers.",
    ),
    tts: str | None = typer.Option(
        None, "--tts", help="Interviewer voice: auto, edge, system or none."
    ),
    stt: str | None = typer.Option(
        None, "--stt", help="Speech to text: auto, speechmatics, whisper or text."
    ),
    language: str | None = typer.Option(None, "--language", help="Answer language (default en)."),
    accuracy: str | None = typer.Option(
        None, "--accuracy", help="Speechmatics accuracy: standard or enhanced."
    ),
    llm: str | None = typer.Option(
        None, "--llm", help="Scoring: auto, offline, or a LiteLLM model (e.g. openai/gpt-4o-mini)."
    ),
    interview_type: str = typer.Option(
        "mixed", "--type", help="With a model: behavioral, technical, situational or mixed."
    ),
    difficulty: str = typer.Option(
        "medium", "--difficulty", help="With a model: easy, medium or hard."
    ),
    follow_ups: int = typer.Option(
        1, "--follow-ups", min=0, max=3, help="With a model: follow-ups allowed per question."
    ),
    voice: str | None = typer.Option(
        None,
        "--voice",
        help="Interviewer voice: alex, aria, natasha, sonia, an Edge voice id, or a system voice.",
    ),
    rate: str | None = typer.Option(None, "--rate", help="Edge voice speed, e.g. +10% or -5%."),
    pitch: str | None = typer.Option(None, "--pitch", help="Edge voice pitch, e.g. +2Hz."),
    input_device: str | None = InputDeviceOption,
    silence_seconds: float | None = typer.Option(
        None, "--silence-seconds", help="Quiet after speech that ends an answer (default 3)."
    ),
    max_answer_seconds: float | None = typer.Option(
        None, "--max-answer-seconds", help="Longest answer (default 180)."
    ),
    home: Path | None = HomeOption,
    timings: bool = typer.Option(False, "--timings", help="Show each turn's timings."),
    details: bool = DetailsOption,
    no_audio: bool = NoAudioOption,
    offline: bool = OfflineOption,
    verbose: bool = VerboseOption,
    debug: bool = DebugOption,
) -> int:
    """Run a mock interview from your resume and a job description."""
    from ai_interviewer.config import check_choice

    # Ctrl-C, SIGTERM and SIGHUP end the interview early with a report, even when started
    # where SIGINT was ignored
    terminal, settings = start_interview(
        verbose,
        tts=tts,
        stt=stt,
        language=language,
        accuracy=accuracy,
        llm=llm,
        voice=voice,
        edge_rate=rate,
        edge_pitch=pitch,
        input_device=input_device,
        silence_seconds=silence_seconds,
        max_answer_seconds=max_answer_seconds,
        home=home,
        offline=offline or None,
        no_audio=no_audio or None,
    )
    check_choice("--type", interview_type, ("behavioral", "technical", "situational", "mixed"))
    check_choice("--difficulty", difficulty, ("easy", "medium", "hard"))
    model, offline_reason = settings.chosen_model()
    typed_from = _typed_answers_source(text, jd)  # before stdin is read for the job description
    profile, job, warnings = load_documents(terminal, resume, jd, jd_text)
    plan, recordings = _plan(profile, job, questions, seed, answers)
    speak_typed = text and tts not in (None, "none")
    providers = _providers(
        terminal,
        settings,
        Answering(text, speak_typed, typed_from),
        recordings,
        speech_vocabulary(profile, job),
    )
    if offline_reason:
        providers.notices.append(offline_reason)
    run = RunState(
        resume=resume,
        jd=jd,
        profile=profile,
        job=job,
        plan=plan,
        warnings=warnings,
        follow_ups=follow_ups,
    )
    if model is not None:
        run.model = model
        run.start_model = _model_start(
            settings, run, model, interview_type, difficulty, replaying=recordings is not None
        )
    return _interview(terminal, settings, run, providers, Display(timings, details))


@dataclass
class RunState:
    """What the run has gathered before the interview starts."""

    resume: Path
    jd: str | None
    profile: ResumeProfile
    job: JobDescription
    plan: list[Question]
    warnings: list[str]
    follow_ups: int
    model: str | None = None
    start_model: StartModel | None = None


def _model_start(
    settings: Settings,
    run: RunState,
    model: str,
    interview_type: str,
    difficulty: str,
    replaying: bool,
) -> StartModel:
    """The model's start, run while the first question is asked: the preflight (a failure
    stops the run in one line), then the model reads the resume and plans the questions after
    the opening one; recordings keep the questions they answer."""
    from ai_interviewer.interview.preparation import PlanRequest, model_start

    plan = None
    if not replaying:
        plan = PlanRequest(
            count=len(run.plan),
            interview_type=cast("InterviewType", interview_type),
            difficulty=cast("Difficulty", difficulty),
            offline_plan=run.plan,
        )
    return model_start(settings, model, run.profile, run.job, plan)


def _plan(
    profile: ResumeProfile,
    job: JobDescription,
    count: int,
    seed: int | None,
    answers_dir: Path | None,
) -> tuple[list[Question], list[Path] | None]:
    """The questions to ask: planned from the documents, or those the recordings answer."""
    if answers_dir is None:
        from ai_interviewer.core.planner import plan_questions

        return plan_questions(profile, job, count, seed), None
    from ai_interviewer.batch import load_manifest
    from ai_interviewer.core.planner import ground_question

    items = load_manifest(answers_dir)
    recordings = [item.file for item in items if not item.is_transcript and item.file]
    if len(recordings) < len(items):
        transcript = next(item for item in items if item.is_transcript)
        raise UsageError(
            f"--answers plays recordings, and {transcript.name} is a transcript",
            f"score transcripts with: ai-interview score {answers_dir}",
        )
    questions = [ground_question(item.question, job) for item in items]
    seen: set[str] = set()
    for question in questions:  # an id names the answer's recording and its turn
        if question.id in seen:
            raise UsageError(
                f"{answers_dir}: the id {question.id!r} is given to two questions",
                "give each row of the manifest its own id",
            )
        seen.add(question.id)
    return questions, recordings


@dataclass(frozen=True)
class Answering:
    """How the candidate answers: typed (--text), with the questions spoken or printed, and
    where typed answers are read from."""

    typed: bool
    speak_typed: bool
    source: LineSource | None  # None: standard input


def _typed_answers_source(text: bool, jd: str | None) -> LineSource | None:
    """Where typed answers come from: standard input, or the terminal itself when the job
    description is read from standard input; refused in one line when there is no terminal."""
    if not text or jd != "-":
        return None
    try:
        return DescriptorLines(os.open("/dev/tty", os.O_RDONLY))
    except OSError:
        raise UsageError(
            "--jd - reads the job description from standard input, so typed answers cannot "
            "come from it too",
            "give --jd a file (or --jd-text), or run in a terminal",
        ) from None


def _providers(
    terminal: Terminal,
    settings: Settings,
    answering: Answering,
    recordings: list[Path] | None,
    vocabulary: list[str],
) -> Providers:
    from ai_interviewer.interview.setup import choose_providers

    return choose_providers(
        settings,
        typed=answering.typed,
        recordings=recordings,
        read_line=make_read_line(terminal, answering.source),
        vocabulary=vocabulary,
        speak_typed=answering.speak_typed,
    )


@dataclass(frozen=True)
class Display:
    """What the run shows beyond the compact feedback."""

    timings: bool = False  # each turn's timings at the end
    details: bool = False  # the full breakdown after each answer


def _interview(
    terminal: Terminal, settings: Settings, run: RunState, providers: Providers, display: Display
) -> int:
    from ai_interviewer.interview.engine import local_now
    from ai_interviewer.storage.session import SessionRecord, SessionStore

    now = local_now()
    store = SessionStore.create(settings.sessions_dir, run.profile.name, now)
    record = SessionRecord(
        id=store.id,
        created=now.isoformat(timespec="seconds"),
        updated=now.isoformat(timespec="seconds"),
        resume_file=str(run.resume),
        job_file=run.jd if run.jd not in (None, "-") else None,
        providers=providers.names(),
        notices=[*run.warnings, *providers.notices],
        profile=run.profile,
        job=run.job,
        questions=run.plan,
    )
    store.lock()  # another ai-interview cannot resume it while this one runs
    try:
        return conduct(
            terminal,
            settings,
            Conduct(
                store,
                record,
                providers,
                run.model,
                run.start_model,
                run.follow_ups,
                display,
                new_session=True,
            ),
            list(providers.notices),
        )
    finally:
        store.unlock()


@dataclass
class Conduct:
    """Everything the interview needs once its session folder exists."""

    store: SessionStore
    record: SessionRecord
    providers: Providers
    model: str | None  # scores, once `start_model` has checked it
    start_model: StartModel | None
    follow_ups: int
    display: Display
    new_session: bool = False  # made by this run: removed when it ends with nothing said
    retry: Question | None = None  # ask only this question again, as its next attempt


def conduct(terminal: Terminal, settings: Settings, job: Conduct, notices: list[str]) -> int:
    """Run the interview in an existing session folder, then write and show the report."""
    from ai_interviewer.cli.run_view import RichInterviewView
    from ai_interviewer.interview.answers import MicrophoneAnswers
    from ai_interviewer.interview.engine import Interview, local_now
    from ai_interviewer.report.terminal import report_view, timings_table

    providers, store, record = job.providers, job.store, job.record
    record.providers = providers.names()  # a resumed session may go on with other providers
    if job.model is not None:
        record.providers["scoring"] = job.model
    try:
        store.save(record, local_now())  # a full disk fails here first
    except InterviewError as error:
        raise _failed(settings, job, error) from None
    hint = None
    if isinstance(providers.answers, MicrophoneAnswers):
        hint = f"Enter or {settings.silence_seconds:g} s of silence ends the answer"
    view = RichInterviewView(terminal, listening_hint=hint, details=job.display.details)
    if isinstance(providers.answers, MicrophoneAnswers):
        providers.answers.on_level = view.level
        providers.answers.on_partial = view.partial
    try:
        handler = store.attach_log(log)
    except InterviewError as error:
        raise _failed(settings, job, error) from None
    _announce(terminal, record, store, notices, settings.offline)
    if providers.transcriber is not None:
        threading.Thread(target=_preload, args=(providers.transcriber,), daemon=True).start()
    interview = Interview(
        store=store,
        record=record,
        answers=providers.answers,
        view=view,
        speaker=providers.speaker,
        player=providers.player,
        transcriber=providers.transcriber,
        follow_ups_per_question=job.follow_ups,
        start_model=job.start_model,
        keep_recordings=not settings.no_audio,
    )
    try:
        report = interview.run() if job.retry is None else interview.retry(job.retry)
        paths = store.report_files()  # written before the session was marked complete
    except InterviewError as error:  # the model could not be used at all, the disk failed
        failure: InterviewError | None = error
    else:
        failure = None
    finally:
        log.removeHandler(handler)
        handler.close()
    if failure is not None:
        raise _failed(settings, job, failure)
    terminal.show(report_view(report))
    if job.display.timings:
        terminal.show(timings_table(record.turns))
    terminal.success(f"Session saved in {store.folder}")
    for path in paths:
        terminal.info(f"  {path.name}")
    return interview.stopped.exit_code if interview.stopped is not None else 0


def _failed(settings: Settings, job: Conduct, error: InterviewError) -> InterviewError:
    """A run ended by an error before the report: a session this run made is removed when the
    candidate had said nothing yet (nothing is lost), else kept for `resume`, which the error
    then says."""
    from ai_interviewer.storage.purge import purge

    store, record = job.store, job.record
    answered = [t for t in record.turns if t.status in ("recorded", "transcribed", "scored")]
    if job.new_session and not answered:
        store.unlock()
        try:
            purge(settings.sessions_dir, [store.folder])
        except Exception as problem:  # the disk that failed the run may fail this too
            log.warning("the empty session %s was not removed: %s", store.id, problem)
        return error
    saved = f"your answers are saved: ai-interview resume {store.id}"
    if error.hint and store.id in error.hint:
        return error  # the error already says how to resume (a full disk: free space first)
    error.hint = f"{error.hint}; {saved}" if error.hint else saved
    return error


def _preload(transcriber: object) -> None:
    preload = getattr(transcriber, "preload", None)
    if preload is None:
        return
    try:
        preload()
    except Exception as error:  # the first transcription will report it properly
        log.debug("model preload failed: %s", error)


def _announce(
    terminal: Terminal,
    record: SessionRecord,
    store: SessionStore,
    notices: list[str],
    offline: bool = False,
) -> None:
    profile, job = record.profile, record.job
    from ai_interviewer.report.phrasing import candidate_name

    who = candidate_name(profile.name)
    terminal.info(f"Interview for {who}" + (f" — {job.title}" if job.title else ""))
    about = " · ".join(part for part in (profile.headline, profile.seniority) if part)
    if about:
        terminal.info(f"Read from the resume: {about}")
    if profile.skills:
        terminal.info("Key skills: " + ", ".join(profile.skills[:8]))
    for highlight in profile.highlights[:2]:
        terminal.info(f"  • {highlight}")
    names = record.providers
    if offline:
        from ai_interviewer.config import OFFLINE_LINE

        terminal.info(OFFLINE_LINE)
    terminal.info(" · ".join(f"{role}: {name}" for role, name in names.items()))
    for notice in notices:
        terminal.warning(notice)
        log.warning(notice)
    log.info("session %s; providers %s", store.id, names)
    terminal.info(f"Session folder: {store.folder}")
