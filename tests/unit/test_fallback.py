"""Cloud first, offline after: one notice per switch, and nothing lost on the way."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from ai_interviewer.core.models import Question, Transcript
from ai_interviewer.errors import ProviderError, TranscriptionError
from ai_interviewer.interview.answers import MicrophoneAnswers
from ai_interviewer.providers.base import Recording, StopPolicy
from ai_interviewer.providers.fallback import FallbackSpeaker, FallbackTranscriber


class Voice:
    def __init__(self, name: str, extension: str, fail: bool = False) -> None:
        self.name, self.extension, self.fail = name, extension, fail
        self.calls = 0

    async def synthesize(self, text: str, path: Path) -> Path:
        self.calls += 1
        if self.fail:
            raise ProviderError("no network")
        path.write_bytes(b"x")
        return path


def test_a_failing_voice_hands_over_once_and_for_the_session(tmp_path: Path) -> None:
    edge, system = Voice("edge", "mp3", fail=True), Voice("system", "wav")
    speaker = FallbackSpeaker([edge, system])
    first = asyncio.run(speaker.synthesize("Hello.", tmp_path / "q01-question-1.mp3"))
    second = asyncio.run(speaker.synthesize("Again.", tmp_path / "q02-question-1.mp3"))
    assert first.suffix == ".wav" and second.exists()
    assert edge.calls == 1 and system.calls == 2
    assert len(speaker.notices) == 1 and "system voice speaks from here on" in speaker.notices[0]


class Stt:
    def __init__(self, name: str, reason: str | None = None) -> None:
        self.name, self.reason = name, reason
        self.calls = 0

    def transcribe(self, path: Path) -> Transcript:
        self.calls += 1
        if self.reason:
            error = TranscriptionError(f"{self.name} said no")
            error.reason = self.reason  # type: ignore[attr-defined]
            raise error
        return Transcript(text="fine", source=self.name)

    async def atranscribe(self, path: Path) -> Transcript:
        return self.transcribe(path)


@pytest.mark.parametrize(("reason", "cloud_calls"), [("auth", 1), ("rejected", 2)])
def test_a_service_that_is_down_is_skipped_but_a_rejected_file_is_not(
    reason: str, cloud_calls: int, tmp_path: Path
) -> None:
    cloud, local = Stt("speechmatics-batch", reason), Stt("whisper:tiny.en")
    chain = FallbackTranscriber([cloud, local])
    assert chain.transcribe(tmp_path / "a.wav").source == "whisper:tiny.en"
    assert chain.transcribe(tmp_path / "b.wav").source == "whisper:tiny.en"
    assert cloud.calls == cloud_calls
    assert len(chain.notices) == cloud_calls


def test_the_last_transcriber_failing_raises(tmp_path: Path) -> None:
    with pytest.raises(TranscriptionError):
        FallbackTranscriber([Stt("a", "auth"), Stt("b", "auth")]).transcribe(tmp_path / "x.wav")


class FakeRecorder:
    name = "fake"

    def stop(self) -> None:
        raise AssertionError("nothing stops these recordings")

    def record(self, path, policy, on_level=None, on_audio=None):  # type: ignore[no-untyped-def]
        path.write_bytes(b"RIFF")  # on disk before anything else hears of it
        if on_audio is not None:
            on_audio(b"\x00\x01" * 800, 16000)
        return Recording(path, 1.0, 16000, "silence", speech_detected=True)


class LiveSession:
    def __init__(self, fail_on: str | None) -> None:
        self.fail_on = fail_on
        self.fed = 0
        self.aborted = False

    async def start(self) -> None:
        if self.fail_on == "start":
            raise TranscriptionError("cannot reach the live service")

    def feed(self, pcm: bytes, rate: int) -> None:
        self.fed += len(pcm)

    async def finish(self) -> Transcript:
        if self.fail_on == "finish":
            raise TranscriptionError("socket dropped")
        return Transcript(text="live words", source="speechmatics-rt")

    def abort(self) -> None:
        self.aborted = True


class Live:
    name = "speechmatics-rt"

    def __init__(self, fail_on: str | None = None) -> None:
        self.sessions: list[LiveSession] = []
        self.fail_on = fail_on

    def open_session(self, on_partial=None):  # type: ignore[no-untyped-def]
        self.sessions.append(LiveSession(self.fail_on))
        return self.sessions[-1]


QUESTION = Question(id="q01", text="Why?", kind="behavioral", probes="-")


def test_live_transcript_comes_with_the_recording(tmp_path: Path) -> None:
    live = Live()
    answers = MicrophoneAnswers(FakeRecorder(), StopPolicy(), live=live)
    answer = asyncio.run(answers.answer(QUESTION, tmp_path / "q01-answer"))
    assert answer is not None and answer.pending is not None and answer.audio is not None
    transcript = asyncio.run(answer.pending())  # the engine's, under its "Transcribing" status
    assert transcript is not None and transcript.text == "live words"
    assert live.sessions[0].fed == 1600


@pytest.mark.parametrize("fail_on", ["start", "finish"])
def test_a_failing_live_service_leaves_the_recording_to_be_transcribed(
    fail_on: str, tmp_path: Path
) -> None:
    live = Live(fail_on)
    answers = MicrophoneAnswers(FakeRecorder(), StopPolicy(), live=live)
    first = asyncio.run(answers.answer(QUESTION, tmp_path / "q01-answer"))
    assert first is not None and first.audio is not None
    assert first.pending is None or asyncio.run(first.pending()) is None
    second = asyncio.run(answers.answer(QUESTION, tmp_path / "q02-answer"))
    assert first.audio.read_bytes() == b"RIFF"
    assert second is not None and second.pending is None
    assert len(live.sessions) == 1, "not tried again this session"
    assert len(answers.notices) == 1 and "saved recording" in answers.notices[0]
