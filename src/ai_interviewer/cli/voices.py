"""`ai-interview voices`: the interviewer voices there are to choose from."""

from __future__ import annotations

import typer

from ai_interviewer.cli.common import DebugOption
from ai_interviewer.console import Terminal


def voices_command(
    locale: str | None = typer.Option(
        None, "--locale", help="Only this language, e.g. en or en-GB."
    ),
    debug: bool = DebugOption,
) -> int:
    """List Edge voices (online), or the named four and the system voices (offline)."""
    import asyncio

    from rich.table import Table

    from ai_interviewer.errors import InterviewError
    from ai_interviewer.providers.tts_edge import NAMED_VOICES, filter_by_locale, list_voices
    from ai_interviewer.providers.tts_edge import offline_voices as named_voices

    terminal = Terminal()
    names = {voice_id: name for name, voice_id in NAMED_VOICES.items()}
    try:
        voices = asyncio.run(list_voices(locale, timeout=5.0))
        source = "Edge voices"
    except InterviewError as error:
        terminal.warning(f"{error.message}: showing the named voices and the system voices")
        voices = filter_by_locale(named_voices(), locale)
        source = "Named Edge voices (offline list)"
    table = Table(title=source, title_justify="left")
    for column in ("Voice", "Name", "Gender", "Locale"):
        table.add_column(column)
    for voice in voices:
        table.add_row(voice.id, names.get(voice.id, ""), voice.gender, voice.locale)
    terminal.show(table)
    _show_system_voices(terminal, locale)
    return 0


def _show_system_voices(terminal: Terminal, locale: str | None) -> None:
    from rich.table import Table

    from ai_interviewer.errors import InterviewError
    from ai_interviewer.providers.tts_system import list_system_voices

    try:
        system = list_system_voices()
    except InterviewError as error:
        terminal.warning(f"no system voices: {error.message}")
        return
    wanted = (locale or "").lower()
    rows = [
        (voice_id, name, ", ".join(languages))
        for voice_id, name, languages in system
        if not wanted or any(lang.lower().startswith(wanted) for lang in languages)
    ]
    table = Table(title="System voices (offline, --tts system)", title_justify="left")
    for column in ("Voice", "Name", "Languages"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    terminal.show(table)
