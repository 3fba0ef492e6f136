"""Errors the user can act on. The CLI turns each into one line on stderr and an exit code."""

from __future__ import annotations

import errno

EXIT_FAILURE = 1  # the command could not do its work: a bad document, a provider that failed
EXIT_USAGE = 2  # bad arguments, options or settings
EXIT_IO = 74  # the file system failed: a full disk, a read-only or missing folder (EX_IOERR)
EXIT_BUSY = 75  # the session is in use by another ai-interview: try again later (EX_TEMPFAIL)
EXIT_INTERRUPTED = 130  # Ctrl-C; SIGTERM and SIGHUP exit with 128 + their number too


class InterviewError(Exception):
    """A problem the user can fix; `hint` says how. Shown as one line, never a traceback."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def one_line(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageError(InterviewError):
    """Bad arguments or options: exit code 2, like any command-line usage error."""

    exit_code = EXIT_USAGE


class NothingTyped(UsageError):
    """Typed answers were asked for, and standard input ended (or was closed) before the first."""


class DocumentError(InterviewError):
    """A resume or job description that cannot be read."""


class AudioDeviceError(InterviewError):
    """No PortAudio, no input or output device, a busy device."""


class TranscriptionError(InterviewError):
    """Speech-to-text failed for a recording."""


class ProviderError(InterviewError):
    """An external part (voice, model, service) is missing or failed."""


class StorageError(InterviewError):
    """A file or folder that cannot be written or read: says what and where (exit 74)."""

    exit_code = EXIT_IO


class SessionBusy(InterviewError):
    """Another ai-interview has this session open (exit 75)."""

    exit_code = EXIT_BUSY


class SessionDamaged(InterviewError):
    """A session.json that cannot be read as a session."""


def storage_error(
    action: str, path: object, error: OSError, hint: str | None = None
) -> StorageError:
    """An OSError as one line: what was being done, where, and the system's reason."""
    reason = error.strerror or type(error).__name__
    return StorageError(f"{action} {path}: {reason}", hint or _hint_for(error))


_HINTS = {
    errno.ENOSPC: "the disk is full: free some space",
    getattr(errno, "EDQUOT", -1): "the disk quota is used up: free some space",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "check the permissions",
    errno.EPERM: "check the permissions",
    errno.ENOTDIR: "a file stands where a folder is needed",
    errno.ENAMETOOLONG: "the name is too long for the file system",
}


def _hint_for(error: OSError) -> str | None:
    return _HINTS.get(error.errno or 0)
