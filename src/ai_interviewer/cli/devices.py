"""`ai-interview devices`: the microphones and speakers this machine offers."""

from __future__ import annotations

from ai_interviewer.cli.common import DebugOption
from ai_interviewer.console import Terminal


def devices_command(debug: bool = DebugOption) -> int:
    """List audio inputs and outputs, with the index or name to pass to --input-device."""
    from rich.table import Table

    from ai_interviewer.providers.recorder import list_devices

    terminal = Terminal()
    found = list_devices()
    if not found:
        terminal.error("no audio devices found: is a sound server running? (--text needs none)")
        return 1
    table = Table(title="Audio devices", title_justify="left")
    for name in ("Index", "Name", "In", "Out", "Rate", "Default"):
        table.add_column(
            name, justify="right" if name in ("Index", "In", "Out", "Rate") else "left"
        )
    for device in found:
        default = ", ".join(
            kind
            for kind, is_default in (
                ("input", device.is_default_input),
                ("output", device.is_default_output),
            )
            if is_default
        )
        table.add_row(
            str(device.index),
            device.name,
            str(device.inputs),
            str(device.outputs),
            f"{device.default_samplerate:.0f}",
            default,
        )
    terminal.show(table)
    return 0
