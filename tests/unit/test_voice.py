"""The interviewer's voice: sentences played as they are ready, the next question made ahead."""

from __future__ import annotations

import threading
from pathlib import Path

from ai_interviewer.core.models import Question
from ai_interviewer.errors import ProviderError
from ai_interviewer.interview.voice import QuestionVoice

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

    def synthesize(self, text: str, path: Path) -> Path:
        self.spoken.append(text)
        if text in self.fail:
            raise ProviderError("voice service hung up")
        if text in self.hold:
            assert self.release.wait(WAIT_S), "never released"
        path.write_bytes(b"RIFF")
        self.finished.append(text)
        return path


class RecordingPlayer:
    name = "recording"

    def __init__(self, on_play: threading.Event | None = None) -> None:
        self.played: list[str] = []
        self.on_play = on_play

    def play(self, path: Path) -> None:
        self.played.append(path.name)
        if self.on_play is not None:
            self.on_play.set()

    def stop(self) -> None: ...


def _voice(tmp_path: Path, speaker: GatedSpeaker) -> QuestionVoice:
    return QuestionVoice(speaker, lambda qid, n, ext: tmp_path / f"{qid}-question-{n}.{ext}")


def test_playback_starts_before_the_question_is_fully_synthesized(tmp_path: Path) -> None:
    """The second sentence is held back until the first has started playing: the question is
    only complete after its playback began, and still plays whole."""
    speaker = GatedSpeaker(hold={"Walk me through it."})
    first_played = threading.Event()
    player = RecordingPlayer(on_play=first_played)
    voice = _voice(tmp_path, speaker)
    releaser = threading.Thread(
        target=lambda: first_played.wait(WAIT_S) and speaker.release.set(), daemon=True
    )
    releaser.start()
    spoken = voice.speak(_question("q01", "Tell me about a hard bug. Walk me through it."), player)
    assert player.played == ["q01-question-1.wav", "q01-question-2.wav"]
    assert spoken.failure is None and len(spoken.parts) == 2
    assert spoken.playback_started_s is not None and spoken.synthesized_s is not None
    assert spoken.playback_started_s <= spoken.synthesized_s
    voice.close()


def test_the_next_question_is_made_while_the_candidate_answers(tmp_path: Path) -> None:
    speaker = GatedSpeaker()
    voice = _voice(tmp_path, speaker)
    voice.prepare(_question("q02", "What did you learn?"))
    spoken = voice.speak(_question("q02", "What did you learn?"), RecordingPlayer())
    assert speaker.spoken == ["What did you learn?"], "made once, not again when asked"
    assert spoken.parts == [tmp_path / "q02-question-1.wav"]
    voice.close()


def test_a_failing_sentence_is_reported_and_stops_the_question(tmp_path: Path) -> None:
    speaker = GatedSpeaker(fail={"Second part."})
    player = RecordingPlayer()
    spoken = _voice(tmp_path, speaker).speak(_question("q01", "First part. Second part."), player)
    assert player.played == ["q01-question-1.wav"]
    assert spoken.failure is not None and "hung up" in spoken.failure.message


def test_no_player_still_keeps_the_audio(tmp_path: Path) -> None:
    spoken = _voice(tmp_path, GatedSpeaker()).speak(_question("q01", "One. Two."), None)
    assert [p.name for p in spoken.parts] == ["q01-question-1.wav", "q01-question-2.wav"]
    assert spoken.played is False
