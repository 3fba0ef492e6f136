"""The session folder: private, uniquely named, rewritten whole."""

from __future__ import annotations

import stat
from datetime import datetime, timezone
from pathlib import Path

import pytest

from ai_interviewer.core.models import JobDescription, Question, ResumeProfile
from ai_interviewer.storage.session import SessionRecord, SessionStore, slugify

NOW = datetime(2026, 11, 25, 14, 30, 12, tzinfo=timezone.utc)


def _record(store: SessionStore) -> SessionRecord:
    question = Question(id="q01", text="Tell me about yourself.", kind="resume", probes="Resume")
    return SessionRecord(
        id=store.id,
        created=NOW.isoformat(),
        updated=NOW.isoformat(),
        profile=ResumeProfile(name="Jordan Avery"),
        job=JobDescription(title="Engineer"),
        questions=[question],
    )


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Jordan Avery", "jordan-avery"),
        ("  Zoë  Ångström-Ñúñez ", "zoe-angstrom-nunez"),
        ("../../etc/passwd", "etc-passwd"),
        ("李雷", "candidate"),
        (None, "candidate"),
        ("a" * 80, "a" * 40),
    ],
)
def test_slug_is_safe_for_any_filesystem(name: str | None, slug: str) -> None:
    """Candidate names become short ascii slugs with no path separators."""
    assert slugify(name) == slug


def test_session_folder_is_named_by_time_and_candidate(tmp_path: Path) -> None:
    store = SessionStore.create(tmp_path, "Jordan Avery", NOW)
    assert store.id == "20261125-143012-jordan-avery"
    assert store.audio_dir.is_dir()


def test_a_second_session_in_the_same_second_gets_its_own_folder(tmp_path: Path) -> None:
    first = SessionStore.create(tmp_path, "Jordan Avery", NOW)
    second = SessionStore.create(tmp_path, "Jordan Avery", NOW)
    assert first.folder != second.folder
    assert second.id == "20261125-143012-jordan-avery-2"


def test_folders_and_files_are_private(tmp_path: Path) -> None:
    """Recordings of a person: folders 0700, files 0600."""
    store = SessionStore.create(tmp_path / "sessions", "Jordan Avery", NOW)
    store.save(_record(store), NOW)
    for folder in (tmp_path / "sessions", store.folder, store.audio_dir):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.session_file.stat().st_mode) == 0o600


def test_save_then_load_round_trips_and_leaves_no_temp_files(tmp_path: Path) -> None:
    store = SessionStore.create(tmp_path, "Jordan Avery", NOW)
    record = _record(store)
    store.save(record, NOW)
    record.status = "complete"
    store.save(record, NOW)
    loaded = store.load()
    assert loaded.status == "complete"
    assert loaded.questions[0].text == "Tell me about yourself."
    assert sorted(p.name for p in store.folder.iterdir()) == ["audio", "session.json"]
