"""How the commands read in --help and in usage errors.

Typer shows every option's type, so a flag reads `--text <bool>` as if it took a value, and writes
a required argument `{resume}` in the usage line. Here a flag shows no type, and arguments are
written as a person reads them: `RESUME` when required, `[SESSION]` when not, the same in the
usage line, the arguments panel and "Missing argument 'RESUME'".
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup


def _plain(params: list[Any]) -> list[Any]:
    for param in params:
        if isinstance(param, TyperArgument):
            if param.metavar is None:
                param.metavar = (param.name or "").upper()
        elif getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""  # a flag takes no value: no type to show
    return params


def _usage_pieces(command: TyperCommand | TyperGroup, ctx: Any) -> list[str]:
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if isinstance(param, TyperArgument):
            name = param.metavar or (param.name or "").upper()
            pieces.append(name if param.required else f"[{name}]")
    return pieces


class PlainCommand(TyperCommand):
    """A command whose help shows flags without a type and arguments as RESUME / [SESSION]."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain(super().get_params(ctx))

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return _usage_pieces(self, ctx)


class PlainGroup(TyperGroup):
    """The top-level command: its flags (--version, --help) without a type either."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _plain(super().get_params(ctx))
