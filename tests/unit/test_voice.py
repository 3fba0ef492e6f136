"""The interviewer's voice: sentences played as they are ready, the next question made ahead."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from pathlib import Path

from ai_interviewer.core.models import Question
from ai_interviewer.errors import ProviderError
from ai_interviewer.interview.voice import QuestionVoice, Spoken

WAIT_S = 10.0


def _question(qid: str, text: str) -> Question:
    return Question(id=qid, text=text, kind="behavioral", probes="-")


class GatedSpeaker:
    """Writes each sentence at once, except the ones it is told to hold until released."""

    name = "gated"
    extension = "wav"

    def __init__(self, hold: set[str] | None = None, fail: set[str] | None = None) -> None:
        self.hold = hold or set()
        self.fail = fail or set()
        self.release = threading.Event()
        self.spoken: list[str] = []
        self.finished: list[str] = []
        self.made = threading.Event()

    async def synthesize(self, text: str, path: Path) -> Path:
        self.spoken.append(text)
        if text in self.fail:
            raise ProviderError("voice service hung up")
        if text in self.hold:
            assert await asyncio.to_thread(self.release.wait, WAIT_S), "never released"
        path.write_bytes(b"RIFF")
        self.finished.append(text)
        self.made.set()
        return path


class RecordingPlayer:
    name = "recording"

    def __init__(self, on_play: threading.Event | None = None) -> None:
        self.played: list[str] = []
        self.on_play = on_play
        self.stops = 0
        self.stopped = threading.Event()
        self.hold = False

    def play(self, path: Path) -> None:
        self.played.append(path.name)
        if self.on_play is not None:
            self.on_play.set()
        if self.hold:  # a long question, playing until stopped
            assert self.stopped.wait(WAIT_S), "never stopped"

    def stop(self) -> None:
        self.stops += 1
        self.stopped.set()


def _voice(tmp_path: Path, speaker: GatedSpeaker) -> QuestionVoice:
    return QuestionVoice(speaker, lambda qid, n, ext: tmp_path / f"{qid}-question-{n}.{ext}")


def _spoken(
    tmp_path: Path, speaker: GatedSpeaker, question: Question, player: RecordingPlayer | None
) -> Spoken:
    async def speak() -> Spoken:
        voice = _voice(tmp_path, speaker)
        try:
            return await voice.speak(question, player)
        finally:
            voice.close()

    return asyncio.run(speak())


def test_playback_starts_before_the_question_is_fully_synthesized(tmp_path: Path) -> None:
    """The second sentence is held back until the first has started playing: the question is
    only complete after its playback began, and still plays whole."""
    speaker = GatedSpeaker(hold={"Walk me through it."})
    player = RecordingPlayer(on_play=speaker.release)  # playing the first releases the second
    question = _question("q01", "Tell me about a hard bug. Walk me through it.")
    spoken = _spoken(tmp_path, speaker, question, player)
    assert player.played == ["q01-question-1.wav", "q01-question-2.wav"]
    assert spoken.failure is None and len(spoken.parts) == 2
    assert spoken.playback_started_s is not None and spoken.synthesized_s is not None
    assert spoken.playback_started_s <= spoken.synthesized_s


def test_the_next_question_is_made_while_the_candidate_answers(tmp_path: Path) -> None:
    speaker = GatedSpeaker()

    async def ahead() -> Spoken:
        voice = _voice(tmp_path, speaker)
        voice.prepare(_question("q02", "What did you learn?"))
        assert await asyncio.to_thread(speaker.made.wait, WAIT_S)  # while the candidate answers
        assert speaker.finished == ["What did you learn?"], "made before it is asked"
        spoken = await voice.speak(_question("q02", "What did you learn?"), RecordingPlayer())
        voice.close()
        return spoken

    spoken = asyncio.run(ahead())
    assert speaker.spoken == ["What did you learn?"], "made once, not again when asked"
    assert spoken.parts == [tmp_path / "q02-question-1.wav"]


def test_a_failing_sentence_is_reported_and_stops_the_question(tmp_path: Path) -> None:
    speaker = GatedSpeaker(fail={"Second part."})
    player = RecordingPlayer()
    spoken = _spoken(tmp_path, speaker, _question("q01", "First part. Second part."), player)
    assert player.played == ["q01-question-1.wav"]
    assert spoken.failure is not None and "hung up" in spoken.failure.message


def test_no_player_still_keeps_the_audio(tmp_path: Path) -> None:
    spoken = _spoken(tmp_path, GatedSpeaker(), _question("q01", "One. Two."), None)
    assert [p.name for p in spoken.parts] == ["q01-question-1.wav", "q01-question-2.wav"]
    assert spoken.played is False


def test_a_cancelled_question_stops_its_playback_before_going_on(tmp_path: Path) -> None:
    """Ctrl-C while a question plays: the player is stopped and its thread has returned by the
    time the cancellation reaches the interview (no sound left playing)."""
    playing = threading.Event()
    player = RecordingPlayer(on_play=playing)
    player.hold = True

    async def cancelled_mid_question() -> None:
        voice = _voice(tmp_path, GatedSpeaker())
        speaking = asyncio.ensure_future(voice.speak(_question("q01", "A long one."), player))
        assert await asyncio.to_thread(playing.wait, WAIT_S)
        speaking.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await speaking
        voice.close()

    asyncio.run(cancelled_mid_question())
    assert player.stops == 1 and player.stopped.is_set()
