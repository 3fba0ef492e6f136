"""`ai-interview devices` lists what the sound server offers."""

from __future__ import annotations

import pytest

from cli_helpers import run_cli
from virtual_audio import VirtualAudio

pytestmark = pytest.mark.audio


def test_devices_lists_the_virtual_microphone_as_default_input(
    virtual_audio: VirtualAudio,
) -> None:
    result = run_cli("devices", env=virtual_audio.env)
    assert result.code == 0, result.stderr
    assert "Audio devices" in result.stdout
    default_rows = [line for line in result.stdout.splitlines() if "input" in line]
    assert default_rows, result.stdout
