"""Private files and folders: everything the tool writes is readable by its owner only.

Files are created 0600 and folders 0700 from the start (never made private after the fact):
`os.open` with a mode for files, `make_private_dir` for folders (every level it creates, not
only the last, which `mkdir(parents=True)` would leave at the default), and a process umask of
077 while a command runs, for what libraries and child processes create (SQLite's journal,
espeak's WAV).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from ai_interviewer.errors import StorageError, storage_error

PRIVATE_FILE_MODE = 0o600
PRIVATE_FOLDER_MODE = 0o700
PRIVATE_UMASK = 0o077


def make_private_dir(path: Path) -> Path:
    """`path` as a folder, created 0700 with every missing parent (folders that exist already
    are left as they are: a data folder given with --home may be the user's own)."""
    path = Path(path)
    missing = []
    for level in (path, *path.parents):
        if level.exists():
            break
        missing.append(level)
    for level in reversed(missing):
        with contextlib.suppress(FileExistsError):  # made meanwhile by another process
            level.mkdir(mode=PRIVATE_FOLDER_MODE)
    if not path.is_dir():
        raise NotADirectoryError(path)
    return path


def check_data_folder(home: Path) -> Path:
    """The data folder, for a command that only reads it: a StorageError when a file stands
    where it (or a folder above it) should be; a folder that does not exist yet is fine."""
    for level in (home, *home.parents):
        if level.is_dir():
            return home
        if level.exists() or level.is_symlink():
            raise StorageError(
                f"cannot use {home} as the data folder: {level} is a file, not a folder",
                "give another folder with --home or AI_INTERVIEWER_HOME",
            )
    return home


def ensure_folder(path: Path, what: str) -> Path:
    """`make_private_dir`, with a failure as one line saying what and where: a file standing
    where the folder should be, a read-only file system, a full disk."""
    try:
        return make_private_dir(path)
    except (NotADirectoryError, FileExistsError):
        blocker = next((p for p in (path, *path.parents) if p.exists() and not p.is_dir()), path)
        raise StorageError(
            f"cannot use {path} as the {what}: {blocker} is a file, not a folder",
            "give another folder with --home or AI_INTERVIEWER_HOME",
        ) from None
    except OSError as error:
        raise storage_error(f"cannot create the {what}", path, error) from None


def create_private_file(path: Path) -> None:
    """Create `path` empty with mode 0600 unless it exists (its content is left alone)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE_MODE)
    try:
        os.fchmod(descriptor, PRIVATE_FILE_MODE)  # one made before, by hand or an older version
    finally:
        os.close(descriptor)


def open_private(path: Path) -> int:
    """A new or truncated file opened for writing, mode 0600 from its creation: a descriptor."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    try:
        os.fchmod(descriptor, PRIVATE_FILE_MODE)  # a file that was there keeps its mode else
    except OSError:
        os.close(descriptor)
        raise
    return descriptor


def copy_private(source: Path, target: Path) -> None:
    """Copy a file's bytes into `target`, created 0600."""
    with open(source, "rb") as reader, os.fdopen(open_private(target), "wb") as writer:
        shutil.copyfileobj(reader, writer)


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """While inside, anything created without an explicit mode is private (umask 077)."""
    previous = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(previous)
