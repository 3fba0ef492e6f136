"""`ai-interview resume [ID]`: continue an interview that was cut off."""

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
    from ai_interviewer.cli.run import Display
    from ai_interviewer.config import Settings
    from ai_interviewer.storage.session import SessionStore


def resume_command(
    session: str | None = typer.Argument(
        None, help="Session id (its folder name); default: the latest unfinished one."
    ),
    text: bool = typer.Option(False, "--text", help="Type the answers; no audio at all."),
    tts: str | None = typer.Option(
        None, "--tts", help="Interviewer voice: auto, edge, system or none."
    ),
    stt: str | None = typer.Option(
        None, "--stt", help="Speech to text: auto, speechmatics, whisper or text."
    ),
    llm: str | None = typer.Option(None, "--llm", help="Scoring: auto, offline, or a model."),
    input_device: str | None = InputDeviceOption,
    home: Path | None = HomeOption,
    timings: bool = typer.Option(False, "--timings", help="Show each turn's timings."),
    details: bool = DetailsOption,
    no_audio: bool = NoAudioOption,
    offline: bool = OfflineOption,
    verbose: bool = VerboseOption,
    debug: bool = DebugOption,
) -> int:
    """Continue a session: saved answers are scored, the rest of the questions are asked."""
    from ai_interviewer.cli.run import Display
    from ai_interviewer.storage.private import check_data_folder
    from ai_interviewer.storage.reopen import find_session

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
    check_data_folder(settings.home)
    store = find_session(settings.sessions_dir, session)
    store.lock()  # a second resume of this session is refused until this one ends
    try:
        return _resume(terminal, settings, store, text, Display(timings, details))
    finally:
        store.unlock()


def _resume(
    terminal: Terminal, settings: Settings, store: SessionStore, text: bool, display: Display
) -> int:
    from ai_interviewer.cli.common import make_read_line, speech_vocabulary
    from ai_interviewer.cli.run import Conduct, conduct
    from ai_interviewer.interview.setup import choose_providers
    from ai_interviewer.storage.reopen import reopen, rewrite_missing_reports

    written = rewrite_missing_reports(store, store.load())
    if written is not None:
        terminal.success(f"Session {store.id} is complete; its report files were missing:")
        for path in written:
            terminal.info(f"  {path}")
        return 0
    record, notes = reopen(store)
    model, offline_reason = settings.chosen_model()
    answered = {turn.question.id for turn in record.turns}
    to_ask = [q for q in record.questions if q.id not in answered]
    to_score = [t for t in record.turns if t.status in ("recorded", "transcribed")]
    providers = choose_providers(
        settings,
        typed=text,
        recordings=None if to_ask or text else [],  # nothing to ask: no microphone
        read_line=make_read_line(terminal),
        vocabulary=speech_vocabulary(record.profile, record.job),
    )
    notices = [*notes, *providers.notices]
    if offline_reason:
        notices.append(offline_reason)
    start_model = None
    if model is not None:
        from ai_interviewer.interview.preparation import model_start

        start_model = model_start(settings, model, record.profile, record.job)
    record.notices += notices
    terminal.info(
        f"Resuming {store.id}: {len(to_score)} saved answer(s) to score, "
        f"{len(to_ask)} question(s) to ask"
    )
    return conduct(
        terminal,
        settings,
        Conduct(store, record, providers, model, start_model, 1, display),
        notices,
    )
