"""`ai-interview voices`: the interviewer voices there are to choose from.

Without a filter, a short list: the named Edge voices (no network needed to list them) and the
system's English voices. `--locale` lists every voice of one language (Edge's from the service,
when it can be reached), `--all` every voice there is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ai_interviewer.cli.common import DebugOption
from ai_interviewer.console import Terminal
from ai_interviewer.errors import UsageError

if TYPE_CHECKING:
    from ai_interviewer.providers.tts_edge import VoiceInfo

DEFAULT_LANGUAGE = "en"
MORE = (
    "More voices: ai-interview voices --locale fr (one language, e.g. de, en-GB) "
    "or --all (every voice)."
)


def voices_command(
    locale: str | None = typer.Option(
        None, "--locale", help="Every voice of this language, e.g. en, en-GB or fr."
    ),
    every: bool = typer.Option(False, "--all", help="Every voice, in every language."),
    debug: bool = DebugOption,
) -> int:
    """List interviewer voices: the named Edge voices and the system's English voices."""
    from ai_interviewer.providers.tts_edge import offline_voices

    if locale is not None and every:
        raise UsageError("choose one of --locale and --all")
    if locale is not None and not locale.strip():
        raise UsageError("--locale needs a language, e.g. en or en-GB")
    terminal = Terminal()
    if locale is None and not every:
        system = _system_voices(terminal, DEFAULT_LANGUAGE)
        _show_edge(terminal, "Named Edge voices (online, --voice NAME)", offline_voices())
        _show_system(terminal, "System voices in English (offline, --tts system)", system)
        terminal.info(MORE)
        return 0
    edge, title, unreachable = _edge_voices(locale)
    system = _system_voices(terminal, locale)
    if not edge and not system:
        checked = f"; {unreachable}: only its named voices were checked" if unreachable else ""
        raise UsageError(
            f"no voice speaks --locale {locale!r}{checked}",
            "ai-interview voices --all lists every one",
        )
    if unreachable:
        terminal.warning(f"{unreachable}: showing the named Edge voices only")
    if edge:
        _show_edge(terminal, title, edge)
    if system:
        _show_system(terminal, "System voices (offline, --tts system)", system)
    return 0


def _edge_voices(locale: str | None) -> tuple[list[VoiceInfo], str, str | None]:
    """The service's voices of that locale, a title, and why the service could not be asked
    (then the named voices stand in)."""
    import asyncio

    from ai_interviewer.errors import InterviewError
    from ai_interviewer.providers.tts_edge import filter_by_locale, list_voices, offline_voices

    try:
        voices = asyncio.run(list_voices(locale, timeout=5.0))
    except InterviewError as error:
        named = filter_by_locale(offline_voices(), locale)
        return named, "Named Edge voices (offline list)", error.message
    return voices, "Edge voices (online, --voice ID)", None


def _system_voices(terminal: Terminal, language: str | None) -> list[tuple[str, str, str]]:
    """The system voices speaking `language` ("en" takes en-gb, en-us, ...; None: all)."""
    from ai_interviewer.errors import InterviewError
    from ai_interviewer.providers.tts_system import list_system_voices

    try:
        found = list_system_voices()
    except InterviewError as error:
        terminal.warning(f"no system voices: {error.message}")
        return []
    wanted = (language or "").strip().lower()

    def speaks(languages: list[str]) -> bool:
        return any(
            lang.lower() == wanted or lang.lower().startswith(f"{wanted}-") for lang in languages
        )

    return [
        (voice_id, name, ", ".join(languages))
        for voice_id, name, languages in found
        if not wanted or speaks(languages)
    ]


def _show_edge(terminal: Terminal, title: str, voices: list[VoiceInfo]) -> None:
    from rich.table import Table

    from ai_interviewer.providers.tts_edge import NAMED_VOICES

    names = {voice_id: name for name, voice_id in NAMED_VOICES.items()}
    table = Table(title=title, title_justify="left", min_width=len(title))
    for column in ("Voice", "Name", "Gender", "Locale"):
        table.add_column(column)
    for voice in voices:
        table.add_row(voice.id, names.get(voice.id, ""), voice.gender, voice.locale)
    terminal.show(table)


def _show_system(terminal: Terminal, title: str, rows: list[tuple[str, str, str]]) -> None:
    from rich.table import Table

    table = Table(title=title, title_justify="left", min_width=len(title))
    for column in ("Voice", "Name", "Languages"):
        table.add_column(column)
    for row in rows:
        table.add_row(*row)
    terminal.show(table)
