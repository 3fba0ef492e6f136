"""Errors the user can act on. The CLI turns each into one line on stderr and an exit code."""

from __future__ import annotations

EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


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


class DocumentError(InterviewError):
    """A resume or job description that cannot be read."""


class AudioDeviceError(InterviewError):
    """No PortAudio, no input or output device, a busy device."""


class TranscriptionError(InterviewError):
    """Speech-to-text failed for a recording."""


class ProviderError(InterviewError):
    """An external part (voice, model, service) is missing or failed."""
