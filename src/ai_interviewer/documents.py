"""Loading the resume and the job description from disk or standard input, with clear errors.

This is the I/O edge in front of the pure readers in `core.profile` and `core.jobdesc`. Every
problem a user can fix becomes a `DocumentError` (exit 1) that names the file and says what to do;
limits that only shorten the input (size, pages) become warnings the caller shows, and the load
goes on.
"""

from __future__ import annotations

import io
import logging
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ai_interviewer.core.jobdesc import parse_job_description
from ai_interviewer.core.models import JobDescription, ResumeProfile
from ai_interviewer.core.profile import parse_resume
from ai_interviewer.errors import DocumentError, UsageError

if TYPE_CHECKING:  # pypdf is imported on first use: it is not needed for --help
    from pypdf import PdfReader

log = logging.getLogger(__name__)

# pypdf logs its complaints about odd PDFs at WARNING; with no handler anywhere Python would print
# them on the terminal. They belong in the log only.
logging.getLogger("pypdf").addHandler(logging.NullHandler())

MAX_TEXT_FILE_BYTES = 4 * 1024 * 1024
MAX_PDF_BYTES = 50 * 1024 * 1024
MAX_PDF_PAGES = 30
MAX_RESUME_CHARS = 60_000
MAX_JD_CHARS = 40_000
_SNIFF_BYTES = 1024
_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_STDIN_NAME = "standard input"


def load_resume(path: Path) -> tuple[ResumeProfile, list[str]]:
    """Read a resume (PDF, .txt, .md or any text file); returns the profile and warnings."""
    warnings_out: list[str] = []
    text = read_document(Path(path), "resume", MAX_RESUME_CHARS, warnings_out)
    if not text.strip():
        raise DocumentError(
            f"resume is empty: {path}", hint="check that it is the right file and has text in it"
        )
    return parse_resume(text), warnings_out


def load_job_description(
    source: str | None, text: str | None = None, stdin: TextIO | None = None
) -> tuple[JobDescription, list[str]]:
    """Read the job description from a file, from '-' (standard input) or from `text`."""
    if source is not None and text is not None:
        raise UsageError(
            "give the job description once: a file (--jd) or text (--jd-text), not both"
        )
    if source is None and text is None:
        raise UsageError(
            "a job description is needed",
            hint="pass --jd FILE, --jd - to read it from standard input, or --jd-text TEXT",
        )
    warnings_out: list[str] = []
    if text is not None:
        name, body = "--jd-text", _cap_text(text, "--jd-text", MAX_JD_CHARS, warnings_out)
    elif source == "-":
        name = _STDIN_NAME
        body = _read_stream(stdin if stdin is not None else sys.stdin, warnings_out)
    else:
        assert source is not None
        name = source
        body = read_document(Path(source), "job description", MAX_JD_CHARS, warnings_out)
    if not body.strip():
        raise DocumentError(
            f"job description is empty: {name}",
            hint="paste the job posting into a text file and pass it with --jd",
        )
    return parse_job_description(body), warnings_out


# --- reading files -------------------------------------------------------------------------------


def read_document(path: Path, what: str, max_chars: int, warnings_out: list[str]) -> str:
    """The text of a PDF or text file, capped at `max_chars`; problems as `DocumentError`."""
    _check_is_file(path, what)
    head = _read_bytes(path, _SNIFF_BYTES)
    if _PDF_MAGIC in head:
        text = read_pdf_text(path, warnings_out)
    elif path.suffix.lower() == ".pdf":
        raise DocumentError(
            f"{path} is named .pdf but is not a PDF",
            hint="export the document again as PDF, or save it as a plain .txt file",
        )
    else:
        text = _read_text_file(path, head, warnings_out)
    return _cap_text(text, str(path), max_chars, warnings_out)


def _check_is_file(path: Path, what: str) -> None:
    if path.is_dir():
        raise DocumentError(
            f"{path} is a folder, not a {what} file",
            hint=f"pass the {what} file itself: a PDF, .txt or .md",
        )
    if not path.exists():
        raise DocumentError(f"{what} not found: {path}", hint="check the path and the file name")


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(limit)
    except OSError as exc:
        raise DocumentError(
            f"cannot read {path}: {exc.strerror or exc}", hint="check the file's permissions"
        ) from exc


def _read_text_file(path: Path, head: bytes, warnings_out: list[str]) -> str:
    if head.startswith(_ZIP_MAGIC) or path.suffix.lower() in (".docx", ".doc", ".odt", ".pages"):
        raise DocumentError(
            f"{path} is a word-processor file, which is not read",
            hint="export it as PDF or save it as a plain .txt file",
        )
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(
            f"{path} is not a text file or a PDF", hint="save it as PDF or as a plain .txt file"
        )
    data = _read_bytes(path, MAX_TEXT_FILE_BYTES + 1)
    truncated = len(data) > MAX_TEXT_FILE_BYTES
    if truncated:
        data = data[:MAX_TEXT_FILE_BYTES]
        warnings_out.append(
            f"{path} is larger than {MAX_TEXT_FILE_BYTES // (1024 * 1024)} MB; "
            "only its beginning is read"
        )
    return decode_text(data, str(path), warnings_out, truncated=truncated)


def decode_text(data: bytes, name: str, warnings_out: list[str], truncated: bool = False) -> str:
    """UTF-8 (with or without a byte-order mark, or UTF-16 with one); else UTF-8 with stand-ins."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if truncated:  # a character cut in two at the size limit is not worth a warning
            try:
                return data[:-3].decode("utf-8-sig") + data[-3:].decode("utf-8", errors="ignore")
            except UnicodeDecodeError:
                pass
    warnings_out.append(f"{name} is not UTF-8; some characters were replaced")
    return data.decode("utf-8", errors="replace")


def _read_stream(stream: TextIO, warnings_out: list[str]) -> str:
    try:
        text = stream.read(MAX_JD_CHARS + 1)
    except UnicodeDecodeError as exc:
        raise DocumentError(
            "standard input is not UTF-8 text", hint="save the job description as a UTF-8 file"
        ) from exc
    return _cap_text(text, _STDIN_NAME, MAX_JD_CHARS, warnings_out)


def _cap_text(text: str, name: str, max_chars: int, warnings_out: list[str]) -> str:
    if len(text) <= max_chars:
        return text
    warnings_out.append(f"{name} is very long; only the first {max_chars:,} characters are used")
    return text[:max_chars]


# --- PDF -----------------------------------------------------------------------------------------


def read_pdf_text(path: Path, warnings_out: list[str]) -> str:
    """The text of a PDF's pages (at most MAX_PDF_PAGES); errors name the file and the fix."""
    size = path.stat().st_size
    if size > MAX_PDF_BYTES:
        raise DocumentError(
            f"{path} is {size // (1024 * 1024)} MB, far beyond a resume or job description",
            hint="export a smaller PDF (text only, no images) or save it as .txt",
        )
    data = _read_bytes(path, MAX_PDF_BYTES)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reader = _open_pdf(path, data)
        _unlock(reader, path)
        text = _extract_pages(reader, path, warnings_out)
    for warning in caught:
        log.info("pypdf warning for %s: %s", path, warning.message)
    if not text.strip():
        raise DocumentError(
            f"{path} looks like a scanned image: no text to read",
            hint="export it as text or a text PDF",
        )
    return text


def _open_pdf(path: Path, data: bytes) -> PdfReader:
    from pypdf import PdfReader

    try:
        return PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:  # pypdf raises many kinds for broken files; all mean "damaged"
        log.info("pypdf could not open %s: %r", path, exc)
        raise DocumentError(
            f"{path} is a damaged PDF and cannot be read",
            hint="open it and export a fresh copy as PDF, or save it as .txt",
        ) from exc


def _unlock(reader: PdfReader, path: Path) -> None:
    from pypdf import PasswordType

    if not reader.is_encrypted:
        return
    try:
        unlocked = reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except Exception as exc:  # unsupported encryption or a missing crypto library
        log.info("pypdf could not decrypt %s: %r", path, exc)
        unlocked = False
    if not unlocked:
        raise DocumentError(
            f"{path} is password-protected; export an unprotected copy",
            hint="open it, then print or export it to a new PDF without a password",
        )


def _extract_pages(reader: PdfReader, path: Path, warnings_out: list[str]) -> str:
    try:
        pages = list(reader.pages)
    except Exception as exc:
        log.info("pypdf could not list the pages of %s: %r", path, exc)
        raise DocumentError(
            f"{path} is a damaged PDF and cannot be read",
            hint="open it and export a fresh copy as PDF, or save it as .txt",
        ) from exc
    if len(pages) > MAX_PDF_PAGES:
        warnings_out.append(
            f"{path} has {len(pages)} pages; only the first {MAX_PDF_PAGES} are read"
        )
        pages = pages[:MAX_PDF_PAGES]
    texts: list[str] = []
    unreadable: list[int] = []
    for number, page in enumerate(pages, start=1):
        try:
            texts.append(page.extract_text() or "")
        except Exception as exc:
            log.info("pypdf could not read page %d of %s: %r", number, path, exc)
            unreadable.append(number)
    if unreadable and len(unreadable) == len(pages):
        raise DocumentError(
            f"{path} is a damaged PDF and cannot be read",
            hint="open it and export a fresh copy as PDF, or save it as .txt",
        )
    if unreadable:
        listed = ", ".join(str(n) for n in unreadable)
        warnings_out.append(f"{path}: page(s) {listed} could not be read and were skipped")
    return "\n".join(texts)
