"""The turn loop: what is saved when, how it ends, and how failures are survived."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from ai_interviewer.core.models import (
    JobDescription,
    Question,
    Report,
    ResumeProfile,
    Transcript,
    Turn,
    Word,
)
from ai_interviewer.errors import ProviderError, TranscriptionError
from ai_interviewer.interview.answers import Answer, TypedAnswers
from ai_interviewer.interview.engine import Interview, ModelReady
from ai_interviewer.interview.interviewer import OfflineInterviewer
from ai_interviewer.storage.session import SessionRecord, SessionStore

NOW = datetime(2026, 11, 25, 9, 0, 0, tzinfo=timezone.utc)
GOOD = (
    "At my last job our checkout API was timing out during sales. I was responsible for fixing it. "
    "I profiled the PostgreSQL queries, added two indexes and a Redis cache, and as a result p95 "
    "latency dropped from 900 ms to 120 ms and conversion rose 4 percent."
)


class RecordingView:
    """An InterviewView that remembers what it was asked to show."""

    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def notice(self, message: str) -> None:
        self.events.append(("notice", message))

    def question(self, question: Question, index: int, total: int) -> None:
        self.events.append(("question", question.id))

    def answering(self, question: Question) -> None:
        self.events.append(("answering", question.id))

    def answered(self, answer: Answer) -> None:
        self.events.append(("answered", answer))

    def transcript(self, transcript: Transcript) -> None:
        self.events.append(("transcript", transcript.text))

    def feedback(self, turn: Turn) -> None:
        self.events.append(("feedback", turn.question.id))

    @contextlib.contextmanager
    def working(self, what: str) -> Iterator[None]:
        self.events.append(("working", what))
        yield

    def notices(self) -> list[str]:
        return [str(m) for kind, m in self.events if kind == "notice"]


def _questions(n: int) -> list[Question]:
    return [
        Question(
            id=f"q{i:02d}",
            text=f"Question {i} about PostgreSQL?",
            kind="requirement",
            probes="Requirement R1",
            expected_terms=["postgresql"],
        )
        for i in range(1, n + 1)
    ]


def _interview(tmp_path: Path, answers: object, n: int = 3, **kwargs: object) -> Interview:
    store = SessionStore.create(tmp_path / "sessions", "Jordan Avery", NOW)
    record = SessionRecord(
        id=store.id,
        created=NOW.isoformat(),
        updated=NOW.isoformat(),
        profile=ResumeProfile(name="Jordan Avery", skills=["postgresql"]),
        job=JobDescription(title="Backend Engineer"),
        questions=_questions(n),
    )
    return Interview(
        store=store,
        record=record,
        answers=answers,
        view=RecordingView(),  # type: ignore[arg-type]
        now=lambda: NOW,
        **kwargs,
    )  # type: ignore[arg-type]


def _lines(*lines: str | None) -> TypedAnswers:
    queue: Iterator[str | None] = iter(lines)
    return TypedAnswers(lambda prompt: next(queue, None))


def test_every_question_is_asked_and_scored(tmp_path: Path) -> None:
    interview = _interview(tmp_path, _lines(GOOD, GOOD, GOOD))
    report = interview.run()
    saved = interview.store.load()
    assert saved.status == "complete"
    assert [t.status for t in saved.turns] == ["scored"] * 3
    assert report.answered == 3
    assert saved.report is not None and saved.report.overall == report.overall


def test_quit_ends_early_with_a_report_of_what_was_answered(tmp_path: Path) -> None:
    interview = _interview(tmp_path, _lines(GOOD, "/quit"))
    report = interview.run()
    saved = interview.store.load()
    assert saved.status == "ended_early"
    assert [t.status for t in saved.turns] == ["scored", "skipped"]
    assert report.answered == 1


def test_skip_moves_on_without_scoring(tmp_path: Path) -> None:
    interview = _interview(tmp_path, _lines("/skip", GOOD, GOOD))
    interview.run()
    assert [t.status for t in interview.store.load().turns] == ["skipped", "scored", "scored"]


class InterruptingAnswers:
    """Answers the first question, then the candidate presses Ctrl-C while answering."""

    name = "interrupting"
    needs_transcription = False

    def __init__(self) -> None:
        self.calls = 0

    async def answer(self, question: Question, audio_stem: Path) -> Answer | None:
        self.calls += 1
        if self.calls == 1:
            return Answer(text=GOOD)
        os.kill(os.getpid(), signal.SIGINT)
        await asyncio.Event().wait()  # waits for an answer until the signal cancels it
        raise AssertionError("not cancelled")


def test_ctrl_c_ends_early_and_keeps_completed_turns(tmp_path: Path) -> None:
    interview = _interview(tmp_path, InterruptingAnswers())
    report = interview.run()
    saved = interview.store.load()
    assert interview.interrupted
    assert saved.status == "ended_early"
    assert [t.status for t in saved.turns] == ["scored", "skipped"]
    assert saved.turns[1].error == "interrupted"
    assert report.answered == 1


class SignalledWhileConcluding(OfflineInterviewer):
    """A final assessment during which Ctrl-C is pressed, just after the input ended."""

    async def conclude(self, report: Report) -> Report:
        os.kill(os.getpid(), signal.SIGINT)
        await asyncio.Event().wait()  # the model's final assessment, until the signal skips it
        raise AssertionError("not cancelled")


def test_ctrl_c_as_the_interview_ends_on_its_own_still_exits_as_stopped(tmp_path: Path) -> None:
    """The input ends and Ctrl-C comes a moment later, while the report is made: the report is
    written without the final assessment, and the run ends as stopped by Ctrl-C (exit 130)."""
    judge = SignalledWhileConcluding(ResumeProfile(name="Jordan Avery"), JobDescription())
    interview = _interview(tmp_path, _lines(GOOD), interviewer=judge)
    report = interview.run()
    saved = interview.store.load()
    assert interview.stopped is not None and interview.stopped.exit_code == 130
    assert saved.status == "ended_early" and saved.report is not None
    assert report.answered == 1
    assert "Final assessment skipped." in interview.view.notices()  # type: ignore[attr-defined]


class EndedWithCtrlC:
    """Answers the first question; on the second the input ends just as Ctrl-C is pressed."""

    name = "ended with Ctrl-C"
    needs_transcription = False

    def __init__(self) -> None:
        self.calls = 0

    async def answer(self, question: Question, audio_stem: Path) -> Answer | None:
        self.calls += 1
        if self.calls == 1:
            return Answer(text=GOOD)
        os.kill(os.getpid(), signal.SIGINT)  # handled on the loop's next turn, after this returns
        return None


def test_the_input_ending_as_ctrl_c_comes_ends_as_stopped_with_a_report(tmp_path: Path) -> None:
    interview = _interview(tmp_path, EndedWithCtrlC())
    report = interview.run()
    saved = interview.store.load()
    assert interview.stopped is not None and interview.stopped.exit_code == 130
    assert saved.status == "ended_early" and saved.report is not None
    assert [t.status for t in saved.turns] == ["scored", "skipped"]
    assert report.answered == 1


class RecordedFileAnswers:
    """Writes a (fake) recording into the session, as the microphone would."""

    name = "file"
    needs_transcription = True

    async def answer(self, question: Question, audio_stem: Path) -> Answer | None:
        path = audio_stem.with_suffix(".wav")
        path.write_bytes(b"RIFF")
        return Answer(audio=path, duration=1.0, stopped_by="silence")


class SnapshotTranscriber:
    """Checks, at the moment it is called, that the recording is already in session.json."""

    name = "snapshot"

    def __init__(self, store_folder: Path, fail_on: str | None = None) -> None:
        self.folder = store_folder
        self.fail_on = fail_on
        self.seen_status: list[str] = []

    def transcribe(self, path: Path) -> Transcript:
        session = json.loads((self.folder / "session.json").read_text())
        turn = session["turns"][-1]
        self.seen_status.append(turn["status"])
        assert turn["answer_audio"] == f"audio/{path.name}"
        if self.fail_on and path.name.startswith(self.fail_on):
            raise TranscriptionError(f"could not decode {path.name}")
        words = [Word(text=w, start=i * 0.4, end=i * 0.4 + 0.3) for i, w in enumerate(GOOD.split())]
        return Transcript(text=GOOD, words=words, duration=len(words) * 0.4, source="snapshot")

    async def atranscribe(self, path: Path) -> Transcript:
        return self.transcribe(path)


def test_recording_is_saved_in_the_session_before_transcription(tmp_path: Path) -> None:
    interview = _interview(tmp_path, RecordedFileAnswers())
    transcriber = SnapshotTranscriber(interview.store.folder)
    interview.transcriber = transcriber
    interview.run()
    assert transcriber.seen_status == ["recorded"] * 3


def test_a_failed_transcription_keeps_the_recording_and_goes_on(tmp_path: Path) -> None:
    interview = _interview(tmp_path, RecordedFileAnswers())
    interview.transcriber = SnapshotTranscriber(interview.store.folder, fail_on="q02")
    report = interview.run()
    saved = interview.store.load()
    assert [t.status for t in saved.turns] == ["scored", "failed", "scored"]
    assert (interview.store.folder / "audio" / "q02-answer.wav").exists()
    assert "could not transcribe" in interview.view.notices()[0]  # type: ignore[attr-defined]
    assert report.answered == 2


class BrokenSpeaker:
    name = "broken"
    extension = "wav"

    def __init__(self) -> None:
        self.calls = 0

    async def synthesize(self, text: str, path: Path) -> Path:
        self.calls += 1
        raise ProviderError("espeak-ng exited with status 1")


def test_a_failing_voice_falls_back_to_printed_questions_once(tmp_path: Path) -> None:
    speaker = BrokenSpeaker()
    interview = _interview(tmp_path, _lines(GOOD, GOOD, GOOD), speaker=speaker)
    interview.run()
    assert speaker.calls == 1
    notices = interview.view.notices()  # type: ignore[attr-defined]
    assert len(notices) == 1 and "shown, not spoken" in notices[0]
    assert interview.store.load().notices == notices


@pytest.mark.parametrize("n", [1, 5])
def test_session_is_rewritten_after_each_step(tmp_path: Path, n: int) -> None:
    """Each turn is saved as asked, then as scored: at least two writes per turn, plus the end."""
    interview = _interview(tmp_path, _lines(*[GOOD] * n), n=n)
    writes: list[str] = []
    real_save = interview.store.save

    def counting_save(record: SessionRecord, now: datetime) -> None:
        writes.append(record.turns[-1].status if record.turns else "-")
        real_save(record, now)

    interview.store.save = counting_save  # type: ignore[method-assign]
    interview.run()
    assert writes.count("asked") == n
    assert len(writes) >= 3 * n + 1


# --- the model starting while the first question is asked -----------------------------------------


class GatedModel:
    """A model start that waits until the test lets it finish (or fail)."""

    def __init__(self, questions: list[Question] | None = None, error: Exception | None = None):
        self.questions = questions
        self.error = error
        self.started = 0
        self.gate: asyncio.Event | None = None

    async def __call__(self) -> ModelReady:
        self.started += 1
        self.gate = asyncio.Event()
        await self.gate.wait()
        if self.error is not None:
            raise self.error
        profile = ResumeProfile(name="Jordan Avery", skills=["postgresql"])
        return ModelReady(
            OfflineInterviewer(profile, JobDescription(title="Backend Engineer"), name="model"),
            questions=self.questions,
            notices=["the model planned the rest"],
        )


class AnswersThatOpenTheGate:
    """Typed answers; answering the first question lets the model finish starting."""

    name = "gated"
    needs_transcription = False

    def __init__(self, model: GatedModel, lines: list[str]) -> None:
        self.model, self.lines, self.asked = model, list(lines), []

    async def answer(self, question: Question, audio_stem: Path) -> Answer | None:
        self.asked.append(question.id)
        await asyncio.sleep(0)  # a real answer waits on a thread: the model's start runs
        assert self.model.started == 1, "the model starts once the first question is shown"
        if self.model.gate is not None and not self.model.gate.is_set():
            assert len(self.asked) == 1, "nothing after the first question before the model"
            self.model.gate.set()
        if not self.lines:
            return None
        line = self.lines.pop(0)
        return Answer(skipped=True) if line == "/skip" else Answer(text=line)


def test_the_first_question_comes_before_the_model_and_its_plan_follows(tmp_path: Path) -> None:
    planned = [
        Question(id="q02", text="The model's second question?", kind="behavioral", probes="-"),
        Question(id="q03", text="The model's third question?", kind="behavioral", probes="-"),
    ]
    model = GatedModel(planned)
    answers = AnswersThatOpenTheGate(model, [GOOD, GOOD, GOOD])
    interview = _interview(tmp_path, answers, start_model=model)
    interview.run()
    saved = interview.store.load()
    assert answers.asked == ["q01", "q02", "q03"]
    assert [t.question.text for t in saved.turns][1:] == [q.text for q in planned]
    assert {t.evaluation.scorer for t in saved.turns if t.evaluation} == {"offline"}
    assert saved.providers["scoring"] == "model"
    assert "the model planned the rest" in saved.notices
    events = interview.view.events  # type: ignore[attr-defined]
    assert ("working", "Waiting for the model") in events  # a status, not a silent wait


def test_a_skipped_first_answer_still_waits_for_the_models_questions(tmp_path: Path) -> None:
    planned = [Question(id="q02", text="Only the model asks this?", kind="behavioral", probes="-")]
    model = GatedModel(planned)
    answers = AnswersThatOpenTheGate(model, ["/skip", GOOD])
    interview = _interview(tmp_path, answers, n=5, start_model=model)
    interview.run()
    saved = interview.store.load()
    assert [t.question.id for t in saved.turns] == ["q01", "q02"]
    assert saved.turns[1].question.text == "Only the model asks this?"


class WaitingForever:
    name = "waiting"
    needs_transcription = False

    async def answer(self, question: Question, audio_stem: Path) -> Answer | None:
        await asyncio.Event().wait()  # the candidate is still answering
        raise AssertionError("not cancelled")


def test_a_model_that_cannot_be_used_ends_the_run_while_the_first_is_answered(
    tmp_path: Path,
) -> None:
    async def refused() -> ModelReady:
        raise ProviderError("the model refused the API key", "check LLM_API_KEY")

    interview = _interview(tmp_path, WaitingForever(), start_model=refused)
    with pytest.raises(ProviderError, match="refused the API key"):
        interview.run()
    saved = interview.store.load()
    assert saved.status != "complete" and saved.report is None
    assert [(t.status, t.error) for t in saved.turns] == [("skipped", "interrupted")]
