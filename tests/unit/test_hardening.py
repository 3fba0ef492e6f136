"""Issue 11's defects, one in-process test (or a few) each: what broke, at its cause.

The bad-input corpus (tests/hostile) runs the same faults end to end through the command line;
these pin each cause down where it was fixed, quickly.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest

from ai_interviewer.config import Settings, load_dotenv_file
from ai_interviewer.console import one_line, printable
from ai_interviewer.core.audibility import NO_SPEECH, why_unscorable
from ai_interviewer.core.models import (
    ENDED_HERE,
    JobDescription,
    Question,
    Report,
    ResumeProfile,
    Transcript,
    Turn,
    Word,
)
from ai_interviewer.documents import load_job_description, read_document
from ai_interviewer.errors import (
    EXIT_IO,
    SessionBusy,
    SessionDamaged,
    StorageError,
    UsageError,
)
from ai_interviewer.storage.names import check_session_id, inside, safe_name
from ai_interviewer.storage.private import check_data_folder, ensure_folder, open_private
from ai_interviewer.storage.reopen import find_session, reopen, rewrite_missing_reports
from ai_interviewer.storage.session import SessionRecord, SessionStore

NOW = datetime(2026, 11, 25, 9, 0, 0, tzinfo=timezone.utc)


def _question(question_id: str) -> Question:
    return Question(id=question_id, text="Question?", kind="behavioral", probes="Behaviour")


def _store(tmp_path: Path, turns: list[Turn] | None = None) -> tuple[SessionStore, SessionRecord]:
    store = SessionStore.create(tmp_path / "sessions", "Jordan Avery", NOW)
    questions = [_question(f"q{i}") for i in (1, 2)]
    record = SessionRecord(
        id=store.id,
        created=NOW.isoformat(),
        updated=NOW.isoformat(),
        profile=ResumeProfile(name="Jordan Avery"),
        job=JobDescription(title="Engineer"),
        questions=questions,
        turns=turns or [],
    )
    store.save(record, NOW)
    return store, record


# --- 1. a manifest id escapes the session folder -------------------------------------------------


def test_1_an_id_with_dots_and_slashes_stays_in_the_audio_folder(tmp_path: Path) -> None:
    store, _ = _store(tmp_path)
    path = store.audio_path("../../../../../victim/PWNED", "answer", "wav")
    assert path.parent == store.audio_dir
    assert path.suffix == ".wav"


def test_1_ids_that_differ_only_in_unsafe_characters_get_different_files() -> None:
    assert safe_name("a/b") != safe_name("a:b")
    assert safe_name("q1") == "q1"


def test_1_inside_refuses_a_name_that_leads_out(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("..", "../x", "a/b", ""):
        with pytest.raises(StorageError):
            inside(tmp_path / "in", name)
    (tmp_path / "in" / "link").symlink_to(tmp_path)
    with pytest.raises(StorageError):
        inside(tmp_path / "in", "link")


# --- 2. a resume or job description given as a pipe is cut -------------------------------------


def _pipe(data: bytes) -> Path:
    read_end, write_end = os.pipe()

    def write() -> None:
        with os.fdopen(write_end, "wb") as writer:
            writer.write(data)

    threading.Thread(target=write, daemon=True).start()
    return Path(f"/dev/fd/{read_end}")


def test_2_a_long_resume_from_a_pipe_is_read_whole() -> None:
    text = "Jordan Avery\nBackend Engineer\n" + "Built Python services. " * 900  # ~20 KB
    path = _pipe(text.encode())
    try:
        read = read_document(path, "resume", 100_000, [])
    finally:
        os.close(int(path.name))
    assert read == text


def test_2_a_short_job_description_from_a_pipe_is_not_empty() -> None:
    path = _pipe(b"Backend Engineer\nRequirements\n- Python\n")
    try:
        job, _ = load_job_description(str(path))
    finally:
        os.close(int(path.name))
    assert job.title == "Backend Engineer"


# --- 3. text that is not UTF-8 ------------------------------------------------------------------


def test_3_jd_text_with_a_latin1_byte_is_decoded(tmp_path: Path) -> None:
    job, _ = load_job_description(None, text=os.fsdecode(b"Barista at Caf\xe9\n- espresso\n"))
    assert "Café" in job.text


def test_3_a_surrogate_that_reaches_the_session_is_saved_decoded(tmp_path: Path) -> None:
    transcript = Transcript(text=os.fsdecode(b"Caf\xe9"), source="text")
    question = _question("q1")
    store, _ = _store(tmp_path, [Turn(question=question, transcript=transcript)])
    assert store.load().turns[0].transcript.text == "Café"  # type: ignore[union-attr]


# --- 4. a failed report write leaves a session that looks complete -------------------------------


def test_4_a_full_disk_at_the_report_leaves_the_session_unfinished(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, record = _store(tmp_path)
    record.report = Report(overall=0, answered=0, asked=0)

    def full(report: Report, folder: Path) -> list[Path]:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("ai_interviewer.report.json_report.write_reports", full)
    with pytest.raises(StorageError) as caught:
        store.finish(record, "complete", NOW)
    assert caught.value.exit_code == EXIT_IO
    assert "disk is full" in caught.value.one_line()
    assert store.load().status == "in_progress"


def test_4_a_complete_session_missing_its_report_gets_it_written(tmp_path: Path) -> None:
    store, record = _store(tmp_path)
    record.report = Report(overall=0, answered=0, asked=0)
    store.finish(record, "complete", NOW)
    (store.folder / "report.html").unlink()
    written = rewrite_missing_reports(store, store.load())
    assert written is not None and not store.missing_reports()


# --- 5. resume skips what the candidate never answered -------------------------------------------


def test_5_a_question_ended_by_quit_is_asked_again(tmp_path: Path) -> None:
    question = _question("q1")
    store, _ = _store(tmp_path, [Turn(question=question, status="skipped", error=ENDED_HERE)])
    record, _ = reopen(store)
    assert record.turns == []


def test_5_a_chosen_skip_is_not_asked_again(tmp_path: Path) -> None:
    question = _question("q1")
    store, _ = _store(tmp_path, [Turn(question=question, status="skipped")])
    record, _ = reopen(store)
    assert [t.status for t in record.turns] == ["skipped"]


# --- 6. two resumes of one session ---------------------------------------------------------------


def test_6_a_second_process_cannot_take_a_locked_session(tmp_path: Path) -> None:
    store, _ = _store(tmp_path)
    store.lock()
    try:
        with pytest.raises(SessionBusy):
            SessionStore(store.folder).lock()
    finally:
        store.unlock()
    other = SessionStore(store.folder)
    other.lock()  # free again
    other.unlock()


# --- 7. recordings are private -------------------------------------------------------------------


def test_7_a_file_that_was_there_0644_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "q1-answer.wav"
    path.write_bytes(b"old")
    path.chmod(0o644)
    os.close(open_private(path))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# --- 8. a corrupt session.json -------------------------------------------------------------------


def test_8_a_corrupt_session_is_one_line(tmp_path: Path) -> None:
    store, _ = _store(tmp_path)
    store.session_file.write_text('{"id": 3}')
    with pytest.raises(SessionDamaged) as caught:
        store.load()
    assert "\n" not in caught.value.one_line() and "damaged" in caught.value.message


def test_8_resume_passes_over_a_damaged_session(tmp_path: Path) -> None:
    older, _ = _store(tmp_path)
    newer = SessionStore.create(tmp_path / "sessions", "Jordan Avery", NOW)
    newer.session_file.write_text("not json")
    assert find_session(tmp_path / "sessions", None).folder == older.folder


# --- 9. terminal escapes from data ---------------------------------------------------------------


def test_9_escape_sequences_are_stripped() -> None:
    assert printable("cv\x1b]0;owned\x07\x1b[2J.pdf") == "cv.pdf"
    assert printable("a\x9b2Jb\tc\n") == "ab\tc\n"
    assert one_line("line one\nline two\x1b[1A") == "line one line two"


# --- 11. a .env with non-UTF-8 bytes ------------------------------------------------------------


def test_11_a_latin1_env_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AI_INTERVIEWER_NO_DOTENV", raising=False)
    monkeypatch.delenv("AI_INTERVIEWER_VOICE_TEST", raising=False)
    env = tmp_path / ".env"
    env.write_bytes(b"# caf\xe9\nAI_INTERVIEWER_VOICE_TEST=Caf\xe9\n")
    assert load_dotenv_file(env) == env
    assert os.environ["AI_INTERVIEWER_VOICE_TEST"] == "Café"
    monkeypatch.delenv("AI_INTERVIEWER_VOICE_TEST")


# --- 12. file-system faults read as bugs ---------------------------------------------------------


def test_12_a_data_folder_that_is_a_file_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "home").write_text("")
    with pytest.raises(StorageError, match="is a file, not a folder"):
        check_data_folder(tmp_path / "home" / "deeper")
    with pytest.raises(StorageError, match="is a file, not a folder"):
        ensure_folder(tmp_path / "home" / "sessions", "sessions folder")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_12_a_read_only_data_folder_is_one_line(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(StorageError, match="cannot create the sessions folder"):
            ensure_folder(tmp_path / "sessions", "sessions folder")
    finally:
        tmp_path.chmod(0o700)


def test_12_a_full_disk_while_saving_says_resume(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, record = _store(tmp_path)

    def full(path: Path, text: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("ai_interviewer.storage.session.write_text_atomic", full)
    with pytest.raises(StorageError) as caught:
        store.save(record, NOW)
    assert f"ai-interview resume {store.id}" in caught.value.one_line()


# --- 13. validation gaps -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"silence_seconds": float("nan")},
        {"max_answer_seconds": float("inf")},
        {"silence_seconds": 0.0},
        {"llm_api_base": "http://[::1"},
        {"llm_api_base": "ftp://host"},
    ],
)
def test_13_settings_out_of_range_are_usage_errors(tmp_path: Path, change: dict) -> None:
    from dataclasses import replace

    settings = replace(Settings(home=tmp_path), **change)
    with pytest.raises(UsageError):
        settings.validate()


@pytest.mark.parametrize("value", ["nan", "1e400", "inf", "fast"])
def test_13_env_numbers_must_be_finite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("AI_INTERVIEWER_SPEECH_RATE", value)
    with pytest.raises(UsageError, match="is not a number"):
        Settings.from_environment(home=tmp_path)


def test_13_a_300_character_session_id_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="is not a session id"):
        check_session_id("s" * 300, tmp_path)
    with pytest.raises(UsageError):
        find_session(tmp_path / "sessions", "s" * 300)


# --- 14. misleading results ----------------------------------------------------------------------


def test_14_silence_and_a_quarter_second_are_not_scored() -> None:
    assert why_unscorable(Transcript(text="", source="whisper", duration=3.0)) == NO_SPEECH
    clip = Transcript(
        text="I am", source="whisper", duration=0.25, words=[Word(text="I", start=0, end=0.2)]
    )
    assert "too short" in (why_unscorable(clip) or "")
    assert why_unscorable(Transcript(text="", source="text")) is None  # typed: its own answer


# --- 15. messages --------------------------------------------------------------------------------


def test_15_a_model_with_no_provider_is_one_line() -> None:
    from ai_interviewer.providers.llm import provider_detail

    class BadRequestError(Exception):
        message = (
            "litellm.BadRequestError: LLM Provider NOT provided. Pass in the LLM provider you "
            "are trying to call.\n You passed model=nonsense/model"
        )

    assert "\n" not in provider_detail(BadRequestError())
