"""Everything the tool writes is its user's only: folders 0700 and files 0600 from their creation,
whatever the umask of the shell that started it."""

from __future__ import annotations

import asyncio
import stat
from pathlib import Path

import pytest

from ai_interviewer.core.models import Question
from ai_interviewer.interview.answers import RecordedAnswers
from ai_interviewer.providers.recorder import IncrementalWavWriter
from ai_interviewer.storage.private import copy_private, make_private_dir, private_umask


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("shell_umask")
def test_every_folder_made_for_a_path_is_private(tmp_path: Path) -> None:
    """The data folder and every parent made for it are 0700, not only the last one."""
    make_private_dir(tmp_path / "a" / "b" / "home")

    for folder in (tmp_path / "a", tmp_path / "a" / "b", tmp_path / "a" / "b" / "home"):
        assert _mode(folder) == 0o700, folder


@pytest.mark.usefixtures("shell_umask")
def test_a_folder_that_exists_is_left_as_it_is(tmp_path: Path) -> None:
    """A data folder given with --home may be the user's own: its mode is theirs."""
    tmp_path.chmod(0o755)
    make_private_dir(tmp_path)
    assert _mode(tmp_path) == 0o755


@pytest.mark.usefixtures("shell_umask")
def test_a_recording_is_private_from_its_first_byte(tmp_path: Path) -> None:
    """The answer's WAV is created 0600 (it is written while the candidate speaks)."""
    writer = IncrementalWavWriter(tmp_path / "q01-answer.wav", 16000)
    try:
        assert _mode(tmp_path / "q01-answer.wav") == 0o600
        writer.write(b"\0\0" * 160)
    finally:
        writer.close()
    assert _mode(tmp_path / "q01-answer.wav") == 0o600


@pytest.mark.usefixtures("shell_umask")
def test_replayed_recordings_are_copied_private(tmp_path: Path) -> None:
    """A recording given with --answers is copied into the session 0600, whatever its own mode."""
    source = tmp_path / "given.wav"
    source.write_bytes(b"RIFF....WAVE")
    source.chmod(0o644)

    asked = Question(id="q01", text="Tell me about yourself.", kind="resume", probes="-")
    answer = asyncio.run(RecordedAnswers([source]).answer(asked, tmp_path / "q01-answer"))

    assert answer is not None and answer.audio is not None
    assert answer.audio.read_bytes() == b"RIFF....WAVE"
    assert _mode(answer.audio) == 0o600
    copy_private(source, tmp_path / "again.wav")
    assert _mode(tmp_path / "again.wav") == 0o600


@pytest.mark.usefixtures("shell_umask")
def test_while_a_command_runs_anything_created_is_private(tmp_path: Path) -> None:
    """Inside `private_umask` (as every command runs) a file or folder a library makes without a
    mode is private; the umask is restored after."""
    with private_umask():
        (tmp_path / "made-by-a-library.txt").write_text("x")
        (tmp_path / "folder").mkdir()
    (tmp_path / "after.txt").write_text("x")

    assert _mode(tmp_path / "made-by-a-library.txt") == 0o600
    assert _mode(tmp_path / "folder") == 0o700
    assert _mode(tmp_path / "after.txt") == 0o644
