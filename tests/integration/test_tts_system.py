"""The system voice (espeak-ng here) writes real speech to a WAV, or fails with a clear error."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ai_interviewer.errors import ProviderError
from ai_interviewer.providers.tts_system import (
    SystemSpeaker,
    list_system_voices,
    parse_espeak_voice_list,
    resolve_voice,
)

QUESTION = "Tell me about a time you disagreed with a teammate, and what you did about it."

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng missing")


def assert_speech(path: Path, min_seconds: float) -> None:
    samples, rate = soundfile.read(path, dtype="int16")
    assert rate > 8000
    assert len(samples) / rate >= min_seconds
    assert np.abs(samples).max() > 3000  # clearly audible, not just dither


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@needs_espeak
@pytest.mark.parametrize("backend", ["auto", "espeak", "pyttsx3"])
def test_each_backend_writes_a_wav_holding_speech(tmp_path: Path, backend: str) -> None:
    out = SystemSpeaker(backend=backend).speak_to_file(QUESTION, tmp_path / "q01.wav")

    assert out == tmp_path / "q01.wav"
    assert_speech(out, min_seconds=2.5)
    assert leftovers(tmp_path) == ["q01.wav"]  # no scratch file left behind


@needs_espeak
def test_slower_rate_gives_longer_audio(tmp_path: Path) -> None:
    fast = SystemSpeaker(rate=220).speak_to_file(QUESTION, tmp_path / "fast.wav")
    slow = SystemSpeaker(rate=120).speak_to_file(QUESTION, tmp_path / "slow.wav")

    assert soundfile.info(slow).duration > 1.4 * soundfile.info(fast).duration


@needs_espeak
def test_long_text_is_spoken_in_full(tmp_path: Path) -> None:
    # pyttsx3 2.99's espeak driver writes no file past ~200 characters; this must not matter
    long_question = " ".join(f"This is sentence number {i} of a long question." for i in range(10))

    assert_speech(SystemSpeaker().speak_to_file(long_question, tmp_path / "long.wav"), 10.0)


@needs_espeak
def test_a_failing_first_backend_falls_back_to_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ai_interviewer.providers.tts_system as tts

    calls: list[str] = []

    def pyttsx3_writes_nothing(job: object) -> None:
        calls.append("pyttsx3")  # the file stays empty, as pyttsx3 leaves it for long texts

    monkeypatch.setattr(tts.sys, "platform", "darwin")  # pyttsx3 goes first off Linux
    monkeypatch.setattr(tts, "_synthesize_pyttsx3", pyttsx3_writes_nothing)

    assert_speech(SystemSpeaker().speak_to_file(QUESTION, tmp_path / "q.wav"), 2.5)
    assert calls == ["pyttsx3"]
    assert leftovers(tmp_path) == ["q.wav"]


@needs_espeak
@pytest.mark.parametrize("voice", ["gmw/en-us", "en-us", "English (America)", "GMW/EN"])
def test_voice_by_id_language_or_name(tmp_path: Path, voice: str) -> None:
    assert_speech(SystemSpeaker(voice=voice).speak_to_file("Hello.", tmp_path / "v.wav"), 0.3)


def test_unknown_voice_is_a_clear_error_and_leaves_no_file(tmp_path: Path) -> None:
    with pytest.raises(ProviderError) as failure:
        SystemSpeaker(voice="no-such-voice").speak_to_file(QUESTION, tmp_path / "q.wav")

    assert "no-such-voice" in failure.value.message
    assert failure.value.hint and "voices" in failure.value.hint
    assert leftovers(tmp_path) == []


def test_empty_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProviderError):
        SystemSpeaker().speak_to_file("   ", tmp_path / "q.wav")
    assert leftovers(tmp_path) == []


def test_no_engine_at_all_raises_with_an_install_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # no espeak-ng program
    import ai_interviewer.providers.tts_system as tts

    def pyttsx3_unavailable(job: object) -> None:
        raise tts._BackendFailed("pyttsx3 is not installed")

    monkeypatch.setattr(tts, "_synthesize_pyttsx3", pyttsx3_unavailable)
    out_dir = tmp_path / "out"

    with pytest.raises(ProviderError) as failure:
        SystemSpeaker(voice="gmw/en-us").speak_to_file(QUESTION, out_dir / "q.wav")

    assert "espeak-ng" in failure.value.message
    assert failure.value.hint and "espeak-ng" in failure.value.hint
    assert leftovers(out_dir) == []


@needs_espeak
def test_check_passes_with_a_working_voice() -> None:
    SystemSpeaker().check()


@needs_espeak
def test_list_system_voices_has_english() -> None:
    voices = list_system_voices()

    assert len(voices) > 10
    ids = {voice_id for voice_id, _, _ in voices}
    assert "gmw/en-us" in ids
    assert all(isinstance(langs, list) for _, _, langs in voices)


def test_parse_espeak_voice_list() -> None:
    listing = (
        "Pty Language       Age/Gender VoiceName          File                 Other Languages\n"
        " 2  en-us           --/M      English_(America)  gmw/en-US            (en 3)\n"
        " 5  af              --/M      Afrikaans          gmw/af\n"
    )

    assert parse_espeak_voice_list(listing) == [
        ("gmw/en-us", "English (America)", ["en-us"]),
        ("gmw/af", "Afrikaans", ["af"]),
    ]


def test_resolve_voice_prefers_american_english_by_default() -> None:
    voices = [("gmw/en", "English", ["en-gb"]), ("gmw/en-us", "English (America)", ["en-us"])]

    assert resolve_voice(None, voices) == "gmw/en-us"
    assert resolve_voice(None, voices[:1]) is None  # the engine's own default
    assert resolve_voice("en-gb", voices) == "gmw/en"
