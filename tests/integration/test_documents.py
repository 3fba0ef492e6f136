"""Loading resumes and job descriptions from real files: PDFs made here, text, every bad input."""

from __future__ import annotations

import importlib.util
import io
import logging
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from ai_interviewer import documents
from ai_interviewer.documents import load_job_description, load_resume
from ai_interviewer.errors import EXIT_FAILURE, EXIT_USAGE, DocumentError, UsageError

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_RESUME = ROOT / "examples" / "resume.pdf"
EXAMPLE_JD = ROOT / "examples" / "job_description.txt"
DEJAVU_SANS = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

RESUME_TEXT = """Casey Morgan
Data Engineer | casey.morgan@example.com
Experience
Data Engineer, Contoso Ltd — 2018–Present
• Rebuilt the nightly ETL in Airflow, cutting runtime by 65%
Skills
Python, SQL, Airflow
"""


def _text_pdf(pages: list[str], font: str | None = None) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=LETTER, invariant=1)
    for page in pages:
        if font is not None:
            canvas.setFont(font, 12)
        y = 720.0
        for line in page.splitlines():
            canvas.drawString(72, y, line)
            y -= 14
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _encrypted(data: bytes, password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# --- the examples --------------------------------------------------------------------------------


def test_example_resume_pdf_parses() -> None:
    profile, warnings = load_resume(EXAMPLE_RESUME)
    assert warnings == []
    assert profile.name == "Jordan Avery"
    assert profile.email == "jordan.avery@example.com"
    assert profile.headline == "Senior Software Engineer"
    assert [(r.organization, r.start_year, r.end_year) for r in profile.roles] == [
        ("Lumen Freight", 2020, None),
        ("Copperleaf Health", 2016, 2020),
        ("Brightside Media", 2014, 2016),
    ]
    assert {"Python", "Go", "Kubernetes", "PostgreSQL", "CI/CD"} <= set(profile.skills)
    assert profile.years_experience == 9.0
    assert len(profile.highlights) >= 5
    assert all(h[0].isupper() for h in profile.highlights)


def test_example_resume_build_is_deterministic(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "build_example_resume", ROOT / "scripts" / "build_example_resume.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    module.build(first)
    module.build(second)
    assert first.read_bytes() == second.read_bytes()
    assert load_resume(first)[0].name == "Jordan Avery"


def test_example_job_description_loads() -> None:
    jd, warnings = load_job_description(str(EXAMPLE_JD))
    assert warnings == []
    assert jd.title == "Senior Backend Engineer"
    assert jd.company == "Northwind Analytics"
    assert len(jd.requirements) >= 7


# --- resumes that load ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["resume.txt", "resume.md", "resume", "resume.text"])
def test_text_resumes(tmp_path: Path, name: str) -> None:
    profile, warnings = load_resume(_write(tmp_path, name, RESUME_TEXT))
    assert warnings == []
    assert profile.name == "Casey Morgan"
    assert profile.text == RESUME_TEXT


def test_pdf_resume_keeps_a_name_with_diacritics_as_written(tmp_path: Path) -> None:
    if not DEJAVU_SANS.is_file():
        pytest.skip(f"needs the DejaVu Sans font (for Ł and ü in the PDF) at {DEJAVU_SANS}")
    pdfmetrics.registerFont(TTFont("DejaVuSans", str(DEJAVU_SANS)))
    text = RESUME_TEXT.replace("Casey Morgan", "José Müller-Łukasz").replace("casey.morgan", "jose")
    path = _write(tmp_path, "resume.pdf", _text_pdf([text], font="DejaVuSans"))
    profile, warnings = load_resume(path)
    assert warnings == []
    assert profile.name == "José Müller-Łukasz"
    assert profile.roles[0].organization == "Contoso Ltd"


def test_text_resume_keeps_an_irish_name_as_written(tmp_path: Path) -> None:
    text = RESUME_TEXT.replace("Casey Morgan", "Aoife Ní Bhriain").replace("casey.morgan", "aoife")
    profile, _ = load_resume(_write(tmp_path, "resume.txt", text))
    assert profile.name == "Aoife Ní Bhriain"


def test_a_pdf_with_another_extension_is_read_as_pdf(tmp_path: Path) -> None:
    path = _write(tmp_path, "resume.download", _text_pdf([RESUME_TEXT]))
    profile, _ = load_resume(path)
    assert profile.name == "Casey Morgan"
    assert profile.roles[0].organization == "Contoso Ltd"


def test_pdf_with_an_empty_user_password_loads(tmp_path: Path) -> None:
    path = _write(tmp_path, "open.pdf", _encrypted(_text_pdf([RESUME_TEXT]), ""))
    assert load_resume(path)[0].name == "Casey Morgan"


def test_utf8_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = _write(tmp_path, "bom.txt", "\ufeff".encode() + RESUME_TEXT.encode())
    profile, warnings = load_resume(path)
    assert warnings == []
    assert profile.name == "Casey Morgan"
    assert not profile.text.startswith("\ufeff")


def test_non_utf8_text_is_read_with_a_warning(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "cp1252.txt", RESUME_TEXT.replace("—", "-").encode("cp1252") + b"Caf\xe9"
    )
    profile, warnings = load_resume(path)
    assert profile.name == "Casey Morgan"
    assert profile.text.endswith("Café")
    assert warnings == [f"{path} is not UTF-8; read as Windows-1252"]


def test_very_long_resume_is_cut_with_a_warning(tmp_path: Path) -> None:
    path = _write(tmp_path, "long.txt", RESUME_TEXT + "Built things. " * 6000)
    profile, warnings = load_resume(path)
    assert len(profile.text) == documents.MAX_RESUME_CHARS
    assert warnings == [f"{path} is very long; only the first 60,000 characters are used"]


def test_huge_text_file_is_read_only_in_part(tmp_path: Path) -> None:
    path = _write(tmp_path, "huge.txt", RESUME_TEXT + "x" * (5 * 1024 * 1024))
    profile, warnings = load_resume(path)
    assert profile.name == "Casey Morgan"
    assert any("larger than 4 MB" in w for w in warnings)
    assert any("only the first 60,000 characters" in w for w in warnings)


def test_long_pdf_reads_the_first_thirty_pages(tmp_path: Path) -> None:
    pages = [RESUME_TEXT] + [f"Page {n} of project notes" for n in range(2, 35)]
    profile, warnings = load_resume(_write(tmp_path, "long.pdf", _text_pdf(pages)))
    assert profile.name == "Casey Morgan"
    assert warnings == [f"{tmp_path / 'long.pdf'} has 34 pages; only the first 30 are read"]
    assert "Page 30 of" in profile.text
    assert "Page 31 of" not in profile.text


def test_pypdf_complaints_go_to_the_log_not_the_terminal(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    data = _text_pdf([RESUME_TEXT])
    at = data.rfind(b"startxref")
    broken = data[:at] + b"startxref\n12345\n%%EOF\n"  # a wrong cross-reference offset
    with caplog.at_level(logging.WARNING, logger="pypdf"):
        profile, _ = load_resume(_write(tmp_path, "odd.pdf", broken))
    assert profile.name == "Casey Morgan"
    assert any(r.name.startswith("pypdf") for r in caplog.records)
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


# --- resumes that do not load --------------------------------------------------------------------


def _document_error(path: Path) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        load_resume(path)
    error = caught.value
    assert type(error) is DocumentError
    assert error.exit_code == EXIT_FAILURE
    assert str(path) in error.message, "the message names the file"
    assert error.hint
    return error


def test_missing_file(tmp_path: Path) -> None:
    error = _document_error(tmp_path / "nope.pdf")
    assert error.message.startswith("resume not found")


def test_a_folder(tmp_path: Path) -> None:
    assert "is a folder" in _document_error(tmp_path).message


def test_a_pdf_name_on_something_else(tmp_path: Path) -> None:
    error = _document_error(_write(tmp_path, "resume.pdf", RESUME_TEXT))
    assert "is named .pdf but is not a PDF" in error.message


@pytest.mark.parametrize("keep", [0.05, 0.5, 0.95])
def test_corrupt_pdf(tmp_path: Path, keep: float) -> None:
    data = _text_pdf([RESUME_TEXT])
    error = _document_error(_write(tmp_path, "cut.pdf", data[: int(len(data) * keep)]))
    assert "damaged PDF" in error.message


def test_garbage_after_a_pdf_header(tmp_path: Path) -> None:
    error = _document_error(_write(tmp_path, "junk.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 8))
    assert "damaged PDF" in error.message


def test_password_protected_pdf(tmp_path: Path) -> None:
    path = _write(tmp_path, "locked.pdf", _encrypted(_text_pdf([RESUME_TEXT]), "secret"))
    error = _document_error(path)
    assert "is password-protected; export an unprotected copy" in error.message


def test_scanned_pdf_without_text(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    error = _document_error(_write(tmp_path, "scan.pdf", buffer.getvalue()))
    assert "looks like a scanned image: no text to read" in error.message
    assert error.hint == "export it as text or a text PDF"


@pytest.mark.parametrize("content", ["", "   \n\t\n"])
def test_empty_resume(tmp_path: Path, content: str) -> None:
    error = _document_error(_write(tmp_path, "empty.txt", content))
    assert error.message.startswith("resume is empty")


def test_word_document(tmp_path: Path) -> None:
    error = _document_error(_write(tmp_path, "resume.docx", b"PK\x03\x04" + b"\x00" * 64))
    assert "word-processor file" in error.message


def test_binary_file(tmp_path: Path) -> None:
    error = _document_error(_write(tmp_path, "photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"))
    assert "not a text file or a PDF" in error.message


def test_one_line_carries_the_hint(tmp_path: Path) -> None:
    error = _document_error(tmp_path / "missing.txt")
    assert (
        error.one_line()
        == f"resume not found: {tmp_path / 'missing.txt'} (check the path and the file name)"
    )


# --- job descriptions ----------------------------------------------------------------------------


def test_job_description_from_text() -> None:
    jd, warnings = load_job_description(None, text="Data Engineer\nRequirements\n- SQL\n")
    assert (jd.title, [r.text for r in jd.requirements], warnings) == ("Data Engineer", ["SQL"], [])


def test_job_description_from_stdin() -> None:
    stdin = io.StringIO("Data Engineer\nRequirements\n- Airflow\n")
    jd, _ = load_job_description("-", stdin=stdin)
    assert [r.text for r in jd.requirements] == ["Airflow"]


def test_job_description_as_a_pdf(tmp_path: Path) -> None:
    path = _write(tmp_path, "jd.pdf", _text_pdf(["QA Engineer", "Requirements", "- Selenium"]))
    jd, _ = load_job_description(str(path))
    assert jd.title == "QA Engineer"


@pytest.mark.parametrize(
    ("source", "text"),
    [(None, None), ("jd.txt", "Engineer"), ("-", "Engineer")],
)
def test_exactly_one_job_description_source(source: str | None, text: str | None) -> None:
    with pytest.raises(UsageError) as caught:
        load_job_description(source, text=text)
    assert caught.value.exit_code == EXIT_USAGE


@pytest.mark.parametrize(
    ("source", "text", "stdin", "name"),
    [
        (None, "  \n", None, "--jd-text"),
        ("-", None, io.StringIO(""), "standard input"),
    ],
)
def test_empty_job_description(
    source: str | None, text: str | None, stdin: io.StringIO | None, name: str
) -> None:
    with pytest.raises(DocumentError) as caught:
        load_job_description(source, text=text, stdin=stdin)
    assert caught.value.message == f"job description is empty: {name}"


def test_empty_job_description_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "jd.txt", "")
    with pytest.raises(DocumentError, match="job description is empty") as caught:
        load_job_description(str(path))
    assert str(path) in caught.value.message


def test_missing_job_description_file(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="job description not found"):
        load_job_description(str(tmp_path / "jd.txt"))


def test_long_job_description_is_cut_with_a_warning() -> None:
    text = "Engineer\nRequirements\n- Python\n" + "We value kindness. " * 3000
    jd, warnings = load_job_description(None, text=text)
    assert len(jd.text) == documents.MAX_JD_CHARS
    assert warnings == ["--jd-text is very long; only the first 40,000 characters are used"]


def test_long_job_description_on_stdin_is_cut_with_a_warning() -> None:
    stdin = io.StringIO("Engineer\n" + "We value kindness. " * 3000)
    jd, warnings = load_job_description("-", stdin=stdin)
    assert len(jd.text) == documents.MAX_JD_CHARS
    assert warnings == ["standard input is very long; only the first 40,000 characters are used"]
