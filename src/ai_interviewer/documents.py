"""Loading the resume and the job description from disk or standard input, with clear errors.

This is the I/O edge in front of the pure readers in `core.profile` and `core.jobdesc`. Every
problem a user can fix becomes a `DocumentError` (exit 1) that names the file and says what to do;
limits that only shorten the input (size, pages) become warnings the caller shows, and the load
goes on.

Each input is opened and read once, then parsed from memory: a pipe or FIFO (`<(cat cv.txt)`,
`--jd -`) gives all it has, like a file. Text is decoded by the one policy of `core.decoding`
(UTF-8, else Windows-1252 with a warning), file names included.
"""

from __future__ import annotations

import io
import logging
import sys
import warnings
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ai_interviewer.core.decoding import FALLBACK, decode, os_text
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
            f"resume is empty: {shown(path)}",
            hint="check that it is the right file and has text in it",
        )
    return parse_resume(text), warnings_out


def load_job_description(
    source: str | None, text: str | None = None, stdin: IO[Any] | None = None
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
        name, body = "--jd-text", _cap_text(os_text(text), "--jd-text", MAX_JD_CHARS, warnings_out)
    elif source == "-":
        name = _STDIN_NAME
        data = _read_stream(stdin if stdin is not None else sys.stdin)
        body = document_text(data, name, "", MAX_JD_CHARS, warnings_out)
    else:
        assert source is not None
        name = shown(source)
        body = read_document(Path(source), "job description", MAX_JD_CHARS, warnings_out)
    if not body.strip():
        raise DocumentError(
            f"job description is empty: {name}",
            hint="paste the job posting into a text file and pass it with --jd",
        )
    return parse_job_description(body), warnings_out


def shown(path: object) -> str:
    """A path as text for a message or the session (a name's odd bytes decoded by the policy)."""
    return os_text(str(path))


# --- reading: every input is read once, then parsed from memory ----------------------------------


def read_document(path: Path, what: str, max_chars: int, warnings_out: list[str]) -> str:
    """The text of a PDF or text file, capped at `max_chars`; problems as `DocumentError`.

    The file is opened and read once, so a pipe or FIFO (`<(cat cv.txt)`) works like a file."""
    _check_is_file(path, what)
    data = _read_once(path)
    return document_text(data, shown(path), path.suffix.lower(), max_chars, warnings_out)


def document_text(
    data: bytes, name: str, suffix: str, max_chars: int, warnings_out: list[str]
) -> str:
    """The text of a document's bytes (a PDF, or text by the one decoding policy)."""
    head = data[:_SNIFF_BYTES]
    if _PDF_MAGIC in head:
        text = read_pdf_text(data, name, warnings_out)
    elif suffix == ".pdf":
        raise DocumentError(
            f"{name} is named .pdf but is not a PDF",
            hint="export the document again as PDF, or save it as a plain .txt file",
        )
    else:
        text = _text_of(data, name, suffix, warnings_out)
    return _cap_text(text, name, max_chars, warnings_out)


def _check_is_file(path: Path, what: str) -> None:
    try:
        if path.is_dir():
            raise DocumentError(
                f"{shown(path)} is a folder, not a {what} file",
                hint=f"pass the {what} file itself: a PDF, .txt or .md",
            )
        found = path.exists()
    except OSError as exc:  # a name too long, a loop of links
        raise DocumentError(f"cannot read {shown(path)}: {exc.strerror or exc}") from None
    if not found:
        raise DocumentError(
            f"{what} not found: {shown(path)}", hint="check the path and the file name"
        )


def _read_once(path: Path) -> bytes:
    """The file's first bytes, then as many more as its kind may need: at most MAX_PDF_BYTES
    for a PDF, MAX_TEXT_FILE_BYTES (and one more, to tell it was longer) for text."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SNIFF_BYTES)
            limit = MAX_PDF_BYTES if _PDF_MAGIC in head else MAX_TEXT_FILE_BYTES
            return head + handle.read(limit + 1 - len(head))
    except OSError as exc:
        raise DocumentError(
            f"cannot read {shown(path)}: {exc.strerror or exc}",
            hint="check the file's permissions",
        ) from exc


def _read_stream(stream: IO[Any] | None) -> bytes:
    """Standard input's bytes, read once up to the text limit (and one more byte)."""
    if stream is None:
        raise DocumentError(
            "standard input is closed: there is no job description to read",
            hint="give --jd a file, or --jd-text TEXT",
        )
    buffer = getattr(stream, "buffer", None)
    try:
        if buffer is not None:
            data: bytes = buffer.read(MAX_TEXT_FILE_BYTES + 1)
            return data
        text = stream.read(MAX_TEXT_FILE_BYTES + 1)  # a text stream (a test's StringIO)
    except OSError as exc:
        raise DocumentError(f"cannot read standard input: {exc.strerror or exc}") from exc
    return text.encode("utf-8", "surrogateescape") if isinstance(text, str) else bytes(text)


def _text_of(data: bytes, name: str, suffix: str, warnings_out: list[str]) -> str:
    head = data[:_SNIFF_BYTES]
    if head.startswith(_ZIP_MAGIC) or suffix in (".docx", ".doc", ".odt", ".pages"):
        raise DocumentError(
            f"{name} is a word-processor file, which is not read",
            hint="export it as PDF or save it as a plain .txt file",
        )
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(
            f"{name} is not a text file or a PDF", hint="save it as PDF or as a plain .txt file"
        )
    truncated = len(data) > MAX_TEXT_FILE_BYTES
    if truncated:
        data = data[:MAX_TEXT_FILE_BYTES]
        warnings_out.append(
            f"{name} is larger than {MAX_TEXT_FILE_BYTES // (1024 * 1024)} MB; "
            "only its beginning is read"
        )
    decoded = decode(data, truncated=truncated)
    if decoded.fell_back:
        warnings_out.append(f"{name} is not UTF-8; read as {FALLBACK}")
    return decoded.text


def _cap_text(text: str, name: str, max_chars: int, warnings_out: list[str]) -> str:
    if len(text) <= max_chars:
        return text
    warnings_out.append(f"{name} is very long; only the first {max_chars:,} characters are used")
    return text[:max_chars]


# --- PDF -----------------------------------------------------------------------------------------


def read_pdf_text(data: bytes, name: str, warnings_out: list[str]) -> str:
    """The text of a PDF's pages (at most MAX_PDF_PAGES); errors name the file and the fix."""
    if len(data) > MAX_PDF_BYTES:
        raise DocumentError(
            f"{name} is over {MAX_PDF_BYTES // (1024 * 1024)} MB, far beyond a resume or job "
            "description",
            hint="export a smaller PDF (text only, no images) or save it as .txt",
        )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        reader = _open_pdf(name, data)
        _unlock(reader, name)
        text = _extract_pages(reader, name, warnings_out)
    for warning in caught:
        log.info("pypdf warning for %s: %s", name, warning.message)
    if not text.strip():
        raise DocumentError(
            f"{name} looks like a scanned image: no text to read",
            hint="export it as text or a text PDF",
        )
    return text


def _open_pdf(path: str, data: bytes) -> PdfReader:
    from pypdf import PdfReader

    try:
        return PdfReader(io.BytesIO(data), strict=False)
    except Exception as exc:  # pypdf raises many kinds for broken files; all mean "damaged"
        log.info("pypdf could not open %s: %r", path, exc)
        raise DocumentError(
            f"{path} is a damaged PDF and cannot be read",
            hint="open it and export a fresh copy as PDF, or save it as .txt",
        ) from exc


def _unlock(reader: PdfReader, path: str) -> None:
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


def _extract_pages(reader: PdfReader, path: str, warnings_out: list[str]) -> str:
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
