"""Names of files and folders made from data, and the check that a path stays in its folder.

Every path the tool builds from data (a question's id from a manifest or a model, a session id
typed by the user, a candidate's name, a file's extension) goes through `safe_name`, then
`inside`: a name that is not safe as it is gets a short digest of the original, so that two
different ids never share a file; and whatever the name, the path is checked to stay directly
in its folder before anything is written there.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from ai_interviewer.errors import StorageError, UsageError

MAX_NAME_CHARS = 80  # far below any file system's limit (255 bytes), with room for suffixes
MAX_NAME_BYTES = 255  # the longest file name most file systems take
_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")  # no dot: a stem's dot would read as an extension
_DIGEST_CHARS = 8


def safe_name(text: str, fallback: str = "item", limit: int = MAX_NAME_CHARS) -> str:
    """`text` as a file name's stem that is the same on every file system: ASCII letters,
    digits, dash and underscore, not starting with a dash, at most `limit` characters. A name
    that had to change ends with a digest of the original, so different texts stay apart."""
    if 0 < len(text) <= limit and not _UNSAFE.search(text) and not text.startswith("-"):
        return text
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    stem = _UNSAFE.sub("-", ascii_text).strip("-")[: limit - _DIGEST_CHARS - 1].strip("-")
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:_DIGEST_CHARS]
    return f"{stem or fallback}-{digest}"


def with_extension(stem: Path, extension: str) -> Path:
    """`stem` (a path made of a safe name) with a safe `extension`, checked inside its folder."""
    ext = safe_name(extension.lstrip(".").lower(), fallback="bin", limit=8)
    return inside(stem.parent, f"{stem.name}.{ext}")


def inside(folder: Path, name: str) -> Path:
    """`folder / name`, checked to be directly in `folder` (no separator, no '..', no link out):
    a StorageError otherwise, before anything is written."""
    path = folder / name
    if name in ("", ".", "..") or Path(name).name != name or "\\" in name:
        raise StorageError(f"refused to write {name!r}: not a plain file name in {folder}")
    if path.is_symlink() or path.resolve().parent != folder.resolve():
        raise StorageError(f"refused to write {path}: it leads out of {folder}")
    return path


def check_session_id(session_id: str, sessions_dir: Path) -> str:
    """A session id as typed: the name of a folder in the sessions folder, nothing else (a
    usage error that says so, whatever the text: a path, 300 characters, a NUL)."""
    size = len(session_id.encode("utf-8", "surrogatepass"))
    plain = session_id not in ("", ".", "..") and Path(session_id).name == session_id
    if plain and "\\" not in session_id and "\x00" not in session_id and size <= MAX_NAME_BYTES:
        return session_id
    shown = session_id if len(session_id) <= 40 else session_id[:40] + "…"
    raise UsageError(
        f"{shown!r} is not a session id: an id is the name of a folder in {sessions_dir}",
        "ai-interview sessions lists them",
    )
