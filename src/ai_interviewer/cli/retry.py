"""`ai-interview retry [ID|latest] --question N`: practise one question of a session again."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ai_interviewer.cli.common import (
    DebugOption,
    DetailsOption,
    HomeOption,
    InputDeviceOption,
    NoAudioOption,
    OfflineOption,
    VerboseOption,
    start_interview,
)
from ai_interviewer.console import Terminal

if TYPE_CHECKING:
    from ai_interviewer.config import Settings
    from ai_interviewer.storage.session import SessionStore


def retry_command(
    session: str = typer.Argument(
        "latest", help="Session id (its folder name), or latest.", show_default=False
    ),
    question: str = typer.Option(
        ...,
        "--question",
        "-q",
        help="What to answer again: its number (2), id (q02, q02f for a follow-up) or weakest.",
        show_default=False,
    ),
    text: bool = typer.Option(False, "--text", help="Type the answer; no audio at all."),
    answer: Path | None = typer.Option(
        None, "--answer", help="A recording (WAV) to play as the answer, instead of the microphone."
    ),
    no_audio: bool = NoAudioOption,
    tts: str | None = typer.Option(
        None, "--tts", help="Interviewer voice: auto, edge, system or none."
    ),
    stt: str | None = typer.Option(
        None, "--stt", help="Speech to text: auto, speechmatics, whisper or text."
    ),
    llm: str | None = typer.Option(None, "--llm", help="Scoring: auto, offline, or a model."),
    input_device: str | None = InputDeviceOption,
    home: Path | None = HomeOption,
    details: bool = DetailsOption,
    offline: bool = OfflineOption,
    verbose: bool = VerboseOption,
    debug: bool = DebugOption,
) -> int:
    """Answer one question of a session again: the new attempt is kept beside the first, and
    the report shows them side by side (the session's scores stay its first attempts)."""
    from ai_interviewer.errors import UsageError
    from ai_interviewer.storage.purge import named_session
    from ai_interviewer.storage.session import SessionStore

    if text and answer is not None:
        raise UsageError("--text and --answer both say how to answer", "choose one")
    if answer is not None and not answer.is_file():
        raise UsageError(f"no recording at {answer}")
    terminal, settings = start_interview(
        verbose,
        tts=tts,
        stt=stt,
        llm=llm,
        input_device=input_device,
        home=home,
        offline=offline or None,
        no_audio=no_audio or None,
    )
    store = SessionStore(named_session(settings.sessions_dir, session))
    store.lock()  # no resume or other retry of this session while this one runs
    try:
        return _retry(terminal, settings, store, question, text, answer, details)
    finally:
        store.unlock()


def _retry(
    terminal: Terminal,
    settings: Settings,
    store: SessionStore,
    question: str,
    text: bool,
    answer: Path | None,
    details: bool,
) -> int:
    from ai_interviewer.cli.common import speech_vocabulary
    from ai_interviewer.cli.run import Conduct, Display, conduct, make_read_line
    from ai_interviewer.interview.retry import next_attempt, question_to_retry
    from ai_interviewer.interview.setup import choose_providers

    record = store.load()
    chosen = question_to_retry(record, question)
    model, offline_reason = settings.chosen_model()
    providers = choose_providers(
        settings,
        typed=text,
        recordings=[answer] if answer is not None else None,
        read_line=make_read_line(terminal),
        vocabulary=speech_vocabulary(record.profile, record.job),
    )
    notices = list(providers.notices)
    if offline_reason:
        notices.append(offline_reason)
    start_model = None
    if model is not None:
        from ai_interviewer.interview.preparation import model_start

        start_model = model_start(settings, model, record.profile, record.job)
    record.notices += notices
    attempt = next_attempt(record, chosen)
    terminal.info(f"Retrying {chosen.id} of {store.id}: attempt {attempt}")
    return conduct(
        terminal,
        settings,
        Conduct(
            store,
            record,
            providers,
            model,
            start_model,
            0,
            Display(False, details),
            retry=chosen,
        ),
        notices,
    )
