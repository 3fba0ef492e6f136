"""Atomic file writes: a reader sees the old file whole or the new file whole, never half of one.

The data goes to a temporary file in the same folder (so the rename cannot cross filesystems),
is flushed and fsynced, gets its final mode, and then replaces the target with `os.replace`.
The folder is fsynced afterwards where the platform allows it, so the rename survives a crash.
A failure removes the temporary file and leaves the old file untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from ai_interviewer.storage.private import PRIVATE_FILE_MODE


def write_text_atomic(path: Path, text: str, mode: int = PRIVATE_FILE_MODE) -> None:
    """Replace `path` with `text` (UTF-8, newlines as given) in one atomic step."""
    write_bytes_atomic(path, text.encode("utf-8"), mode=mode)


def write_bytes_atomic(
    path: Path, data: bytes, mode: int = PRIVATE_FILE_MODE, durable: bool = True
) -> None:
    """Replace `path` with `data` in one atomic step; the file ends with permissions `mode`.
    `durable=False` skips the fsyncs: still whole or absent after a crash of the program, but
    a power cut may lose it (for a cache, where a lost entry is only work to do again)."""
    path = Path(path)
    folder = path.parent
    descriptor, temp_name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    if durable:
        _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable; a no-op where folders cannot be opened (Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
