"""The turn loop: speak -> answer -> transcribe -> evaluate, saved to disk after every step.

The engine knows the outside world only through the provider Protocols and an `InterviewView`
that shows what happens; it has no Rich, no sounddevice, no pygame of its own. It runs on the
session's one event loop (`signals.run_session`): the model's calls are awaited there, the
blocking parts (the microphone, Whisper, the system voice, pygame) run in worker threads, and a
signal cancels whatever it waits for, in one place (`run`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

from ai_interviewer.blocking import STOP_GRACE_S
from ai_interviewer.core import lexicon
from ai_interviewer.core.audibility import why_unscorable
from ai_interviewer.core.llm_checks import offline_fallback
from ai_interviewer.core.models import (
    ENDED_HERE,
    LLMCall,
    Question,
    Report,
    ResumeProfile,
    Transcript,
    Turn,
)
from ai_interviewer.core.summary import build_report
from ai_interviewer.errors import InterviewError, NothingTyped
from ai_interviewer.interview.answers import Answer, AnswerSource
from ai_interviewer.interview.interviewer import Interviewer, OfflineInterviewer, TurnAssessment
from ai_interviewer.interview.retry import next_attempt
from ai_interviewer.interview.signals import (
    Stopped,
    ending,
    run_session,
    second_signal_cancels,
    shielded,
    stop_requested,
)
from ai_interviewer.interview.voice import QuestionVoice
from ai_interviewer.providers.base import Player, Speaker, Transcriber
from ai_interviewer.storage.session import SessionRecord, SessionStatus, SessionStore

log = logging.getLogger("ai_interviewer")


class InterviewView(Protocol):
    """What the person sees. The CLI implements it with Rich; tests with a list."""

    def notice(self, message: str) -> None: ...
    def working(self, what: str) -> AbstractContextManager[None]:
        """Shown while the engine works (transcribing, scoring), with the time it has taken."""
        ...

    def question(self, question: Question, index: int, total: int) -> None: ...
    def answering(self, question: Question) -> None: ...
    def answered(self, answer: Answer) -> None: ...
    def transcript(self, transcript: Transcript) -> None: ...
    def feedback(self, turn: Turn) -> None: ...


def local_now() -> datetime:
    return datetime.now().astimezone()


@dataclass
class ModelReady:
    """The model, checked and ready to score: its interviewer, and when it planned the rest of
    the interview while the first question was asked, its reading of the resume and its
    questions after the opening one."""

    interviewer: Interviewer
    profile: ResumeProfile | None = None
    questions: list[Question] | None = None
    notices: list[str] = field(default_factory=list)


StartModel = Callable[[], Awaitable[ModelReady]]


@dataclass
class Interview:
    store: SessionStore
    record: SessionRecord
    answers: AnswerSource
    view: InterviewView
    speaker: Speaker | None = None
    player: Player | None = None
    transcriber: Transcriber | None = None
    interviewer: Interviewer | None = None  # None: the offline rubric (or `start_model`'s)
    follow_ups_per_question: int = 1
    keep_recordings: bool = True  # False (--no-audio): an answer's recording goes once transcribed
    start_model: StartModel | None = None  # checks the model and plans, once the first is shown
    clock: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] = local_now
    interrupted: bool = field(default=False, init=False)
    ended_early: bool = field(default=False, init=False)
    stopped: Stopped | None = field(default=None, init=False)  # the signal that ended it

    def __post_init__(self) -> None:
        self._judge: Interviewer = self.interviewer or OfflineInterviewer(
            self.record.profile, self.record.job
        )
        self._voice = (
            QuestionVoice(self.speaker, self._question_part_path, self.clock)
            if self.speaker is not None
            else None
        )
        self._answer_ended: float | None = None  # when the last answer's recording stopped
        self._gap_turn: Turn | None = None  # the turn whose gap to the next question is open
        self._model: asyncio.Task[ModelReady] | None = None
        self._model_failure: BaseException | None = None  # a fatal model error: the run ends
        self._warming: asyncio.Future[None] | None = None  # the rubric's dictionaries, read

    def run(self) -> Report:
        """`run_async` on an event loop of its own (what the CLI does, for scripts and tests)."""
        return run_session(self.run_async())

    async def run_async(self) -> Report:
        """Ask every planned question (and the follow-ups the interviewer adds); Ctrl-C,
        SIGTERM or SIGHUP end early with a report of what was answered. A model that cannot be
        used at all ends the run with its error, once every complete answer is saved."""
        asked = {turn.question.id for turn in self.record.turns}
        waiting = [q for q in self.record.questions if q.id not in asked]
        if self._voice is not None and waiting:
            self._voice.prepare(waiting[0])  # while the screen fills
        # the rubric's dictionaries, read while the first question is answered (a second or two
        # that would otherwise come between the first answer and its feedback)
        self._warming = asyncio.ensure_future(asyncio.to_thread(lexicon.warm))
        try:
            await self._ask_all(asked)
            await self._model_ready()  # a bad key ends even a run the candidate ended at once
        except asyncio.CancelledError:
            await self._cancelled()
        except NothingTyped:
            try:  # a model that cannot be used is the error to report
                await self._model_ready()
            except asyncio.CancelledError:  # its failure cancelled the interview
                await self._cancelled()
            finally:
                await self._stop_model()
            raise
        try:
            return await self._finish()
        finally:
            if self._voice is not None:
                self._voice.close()

    async def _wind_down(self) -> None:
        """What ran beside the questions, ended: the model's setup, the dictionaries' reading."""
        await self._stop_model()
        warming = self._warming
        if warming is not None:
            await asyncio.wait({warming})
            if not warming.cancelled() and warming.exception() is not None:
                log.debug("reading the rubric's dictionaries failed: %r", warming.exception())

    async def _stop_model(self) -> None:
        """Cancel the model's setup if it is still going, and wait a moment for it to end: a
        library that turns the cancellation into an error of its own must not leave it to the
        loop's shutdown to print."""
        model = self._model
        if model is None or model.done():
            return
        model.cancel()
        await asyncio.wait({model}, timeout=STOP_GRACE_S)
        if model.done() and not model.cancelled() and model.exception() is not None:
            log.debug("the model's setup ended with %r once cancelled", model.exception())

    def retry(self, question: Question) -> Report:
        """`retry_async` on an event loop of its own."""
        return run_session(self.retry_async(question))

    async def retry_async(self, question: Question) -> Report:
        """Ask one question of the session again, as its next attempt (kept beside the others,
        no follow-up), then report the session anew. The session's status stays what it was;
        an attempt left unanswered (the input ended, Ctrl-C before the answer was complete) is
        not kept."""
        status, kept = self.record.status, len(self.record.turns)
        planned = [q for q in self.record.questions if q.id == question.id]
        if not planned:
            raise InterviewError(f"{question.id} is not a question of session {self.record.id}")
        question = planned[0]  # the plan's own, which the turn's copy may not equal field for field
        attempt = next_attempt(self.record, question)
        self.follow_ups_per_question = 0
        if self._voice is not None:
            self._voice.prepare(question)
        position = self.record.questions.index(question) + 1
        try:
            await self._turn(question, position, len(self.record.questions), attempt)
            await self._model_ready()
        except asyncio.CancelledError:
            await self._cancelled()
        except NothingTyped:  # the input ended before the answer: an attempt not made
            log.info("%s: the retry was not answered", question.id)
        finally:
            await self._stop_model()
        with shielded():
            self.record.turns[kept:] = [
                t for t in self.record.turns[kept:] if t.status not in ("asked", "skipped")
            ]
            self._save()
        try:
            report = await self._finish()
        finally:
            if self._voice is not None:
                self._voice.close()
        with shielded():
            self.record.status = status
            self._save()
        return report

    async def _ask_all(self, asked: set[str]) -> None:
        for turn in self.record.turns:
            if turn.status in ("recorded", "transcribed"):  # resumed: answered, not scored
                await self._complete_saved_turn(turn)
        index, opening = 0, True
        while index < len(self.record.questions):
            if not opening:
                await self._model_ready()  # its questions, when it planned, come next
            question = self.record.questions[index]
            index += 1
            if question.id in asked:
                continue
            opening = False
            if not await self._turn(question, index, len(self.record.questions)):
                self.ended_early = True
                return

    async def _cancelled(self) -> None:
        """What cancelled the interview: a signal (end early with a report), or the model
        failing for good (raise its error, the answers saved)."""
        task = asyncio.current_task()
        if task is not None:
            task.uncancel()
        with shielded():
            self._mark_current_interrupted()
        if self._model_failure is not None:
            raise self._model_failure
        self.stopped = stop_requested() or Stopped()
        self.interrupted = self.ended_early = True
        self.view.notice(
            f"Interview ended by {self.stopped.name}: every complete answer is kept; "
            "reporting what was answered."
        )

    # --- the model, checked and planning while the first question is asked ---------------------

    def _start_model(self) -> None:
        """Start checking the model (and its plan), once: a fatal failure cancels the interview
        wherever it waits."""
        if self.start_model is None or self._model is not None:
            return
        interview = asyncio.current_task()
        self._model = asyncio.ensure_future(self.start_model())

        def failed(model: asyncio.Task[ModelReady]) -> None:
            if model.cancelled() or model.exception() is None:
                return
            self._model_failure = model.exception()
            if interview is not None:
                interview.cancel()

        self._model.add_done_callback(failed)

    async def _model_ready(self) -> None:
        """Wait for the model (with a status when it is not there yet), then score with it and
        ask its questions."""
        self._start_model()
        if self._model is None:
            return
        if not self._model.done():
            with self.view.working("Waiting for the model"):
                await asyncio.shield(self._model)
        ready = self._model.result()
        self._model, self.start_model = None, None
        self._judge = ready.interviewer
        self.record.providers["scoring"] = ready.interviewer.name
        if ready.profile is not None:
            self.record.profile = ready.profile
        if ready.questions is not None:
            asked = {turn.question.id for turn in self.record.turns}
            kept = [q for q in self.record.questions if q.id in asked]
            self.record.questions = kept + [q for q in ready.questions if q.id not in asked]
        for message in ready.notices:
            self._notice(message)
        self._save()

    # --- one turn ----------------------------------------------------------------------------

    async def _turn(self, question: Question, index: int, total: int, attempt: int = 1) -> bool:
        turn = Turn(question=question, attempt=attempt)
        self.record.turns.append(turn)
        self._save()
        self.view.question(question, index, total)
        shown = self.clock()
        self._start_model()
        await self._speak(question, turn)
        self._mark_gap(shown + turn.timings.get("tts_first_audio", 0.0))
        self._drain_provider_notices()

        self.view.answering(question)
        started = self.clock()
        stem = self.store.audio_path(question.id, "answer", "wav").with_suffix("")
        if attempt > 1:  # beside the first attempt's recording, never over it
            stem = stem.with_name(f"{stem.name}-{attempt}")
        answer = await self.answers.answer(question, stem)
        self._answer_ended = self.clock()
        self._gap_turn = turn
        turn.timings["answer"] = round(self._answer_ended - started, 3)
        self._drain_provider_notices()
        if answer is None:
            turn.status = "skipped"
            turn.error = ENDED_HERE  # not a chosen skip: `resume` asks it again
            self._save()
            log.info("%s: the candidate ended the interview", question.id)
            return False
        self.view.answered(answer)
        if answer.audio is not None:
            turn.answer_audio = self.store.relative(answer.audio)
            turn.status = "recorded"
            self._save()  # the recording is on disk and in the session before anything else
        if answer.skipped:
            turn.status = "skipped"
            turn.error = "no speech heard" if answer.audio is not None else None
            self._save()
            heard = "no speech heard, " if answer.audio is not None else ""
            self.view.notice(f"{question.id}: {heard}skipped.")
            return True

        transcript = await self._transcribe(answer, turn)
        self._drain_provider_notices()
        if transcript is None or self._unscorable(turn, transcript):
            return True
        turn.transcript = transcript
        turn.status = "transcribed"
        self._save()
        self._forget_recording(turn)
        self.view.transcript(transcript)
        await self._score(turn, transcript)
        return True

    async def _complete_saved_turn(self, turn: Turn) -> None:
        """A turn whose answer was saved before the session was cut off: transcribe it from
        disk if needed, then score it, without asking again."""
        self._start_model()
        transcript = turn.transcript
        if transcript is None and turn.answer_audio is not None:
            answer = Answer(audio=self.store.folder / turn.answer_audio)
            transcript = await self._transcribe(answer, turn)
            self._drain_provider_notices()
            if transcript is None or self._unscorable(turn, transcript):
                return
            turn.transcript = transcript
            turn.status = "transcribed"
            self._save()
            self._forget_recording(turn)
        if transcript is None:
            return
        self.view.notice(f"{turn.question.id}: scoring the answer saved before the interruption.")
        self.view.transcript(transcript)
        await self._score(turn, transcript)

    def _unscorable(self, turn: Turn, transcript: Transcript) -> bool:
        """A recording with no speech, or too short for an answer, is said to be so and not
        scored (a 0/100 would read as a verdict, and a recogniser invents words for a quarter
        of a second of sound)."""
        reason = why_unscorable(transcript)
        if reason is None:
            return False
        turn.transcript = transcript
        turn.status = "skipped"
        turn.error = reason
        self._save()
        self.view.notice(f"{turn.question.id}: {reason}; not scored.")
        return True

    async def _score(self, turn: Turn, transcript: Transcript) -> None:
        question = turn.question
        await self._model_ready()
        assessment = await self._assess(question, transcript, turn)
        turn.evaluation = assessment.evaluation
        turn.llm_calls = assessment.calls
        if assessment.follow_up is not None:
            self._insert_follow_up(question, assessment.follow_up)
        turn.status = "scored"
        self._save()
        if self._gap_turn is turn and self._answer_ended is not None:
            turn.timings["to_feedback"] = round(self.clock() - self._answer_ended, 3)
        log.info(
            "%s scored %d (%s); timings %s",
            question.id,
            turn.evaluation.overall,
            turn.evaluation.scorer,
            turn.timings,
        )
        self.view.feedback(turn)

    async def _speak(self, question: Question, turn: Turn) -> None:
        """Say the question (sentence by sentence, as each is ready), then start making the
        next one's audio while the candidate answers."""
        if self._voice is None:
            return
        try:
            spoken = await self._voice.speak(question, self.player)
        except InterviewError as error:  # the output device failed mid-interview
            self.player = None
            self._notice(f"Audio output failed, questions are shown only: {error.one_line()}")
            return
        turn.question_audio_parts = [self.store.relative(p) for p in spoken.parts]
        turn.question_audio = turn.question_audio_parts[0] if spoken.parts else None
        for mark, value in (
            ("tts_first_audio", spoken.first_audio_s),
            ("synthesize", spoken.synthesized_s),
            ("speak", spoken.playback_s),
        ):
            if value is not None:
                turn.timings[mark] = round(value, 3)
        if spoken.failure is not None:
            self._disable_speech(f"the interviewer's voice failed ({spoken.failure.one_line()})")
            return
        upcoming = self.record.questions.index(question) + 1
        if upcoming < len(self.record.questions) and turn.attempt == 1:  # a retry has no next
            self._voice.prepare(self.record.questions[upcoming])

    async def _transcribe(self, answer: Answer, turn: Turn) -> Transcript | None:
        if answer.audio is None:
            return Transcript(text=answer.text or "", source="text")
        if answer.transcript is not None:
            return answer.transcript
        started = self.clock()
        if answer.pending is not None:  # transcribed live: only its last words are left
            with self.view.working("Transcribing"):
                live = await answer.pending()
            self._drain_provider_notices()
            if live is not None:
                turn.timings["stt_final"] = round(self.clock() - started, 3)
                return live
        if self.transcriber is None:
            raise InterviewError("a recorded answer needs a transcriber", "use --stt whisper")
        try:
            with self.view.working("Transcribing"):
                transcript = await self.transcriber.atranscribe(answer.audio)
        except InterviewError as error:
            turn.status = "failed"
            turn.error = error.one_line()
            self._save()
            self._notice(
                f"{turn.question.id}: could not transcribe the answer ({error.message}); "
                f"the recording is kept at {turn.answer_audio}"
            )
            return None
        turn.timings["transcribe"] = round(self.clock() - started, 3)
        turn.timings["stt_final"] = turn.timings["transcribe"]
        return transcript

    async def _assess(
        self, question: Question, transcript: Transcript, turn: Turn
    ) -> TurnAssessment:
        """Score the answer and choose what comes next, at the same time."""
        interviewer = self._judge
        upcoming = self.record.questions[self.record.questions.index(question) + 1 :]
        started = self.clock()
        what = (
            "Scoring" if interviewer.name == "offline" else "Scoring and choosing what comes next"
        )
        try:
            with self.view.working(what):
                assessment = await interviewer.assess(
                    question, transcript, upcoming, self._follow_ups_left(question)
                )
        except InterviewError as error:  # a fatal model error mid-interview: go on offline
            self._judge = OfflineInterviewer(self.record.profile, self.record.job)
            self._notice(
                f"The model stopped answering ({error.one_line()}); scoring offline from here on."
            )
            offline = await self._judge.assess(question, transcript, upcoming, 0)
            failed = getattr(error, "call", None)
            assessment = TurnAssessment(
                offline_fallback(offline.evaluation, error.message),
                calls=[failed] if isinstance(failed, LLMCall) else [],
            )
        turn.timings["assess"] = round(self.clock() - started, 3)
        for call in assessment.calls:
            mark = {"evaluate": "llm_eval", "next": "llm_next"}.get(call.purpose, call.purpose)
            turn.timings[mark] = round(turn.timings.get(mark, 0.0) + call.seconds, 3)
        return assessment

    def _mark_gap(self, first_sound: float) -> None:
        """The gap the candidate feels: from the end of their answer to the next question's
        first sound (or its text, when the questions are not spoken), on the answered turn."""
        if self._gap_turn is not None and self._answer_ended is not None:
            gap = first_sound - self._answer_ended
            self._gap_turn.timings["gap"] = round(max(0.0, gap), 3)
        self._gap_turn = None

    def _question_part_path(self, question_id: str, part: int, extension: str) -> Path:
        return self.store.question_part_path(question_id, part, extension)

    def _follow_ups_left(self, question: Question) -> int:
        if question.follow_up_of is not None:
            return 0
        asked = sum(1 for q in self.record.questions if q.follow_up_of == question.id)
        return max(0, self.follow_ups_per_question - asked)

    def _insert_follow_up(self, question: Question, follow_up: Question) -> None:
        position = self.record.questions.index(question) + 1
        self.record.questions.insert(position, follow_up)
        log.info("%s: follow-up %s added", question.id, follow_up.id)

    # --- bookkeeping -------------------------------------------------------------------------

    def _disable_speech(self, reason: str) -> None:
        if self._voice is not None:
            self._voice.close()
        self._voice = None
        self._notice(f"Questions will be shown, not spoken: {reason}.")

    def _drain_provider_notices(self) -> None:
        """Fallbacks the providers made (a voice, a transcriber): shown, logged, recorded."""
        for provider in (self.speaker, self.answers, self.transcriber):
            notices = getattr(provider, "notices", None)
            while notices:
                self._notice(notices.pop(0))

    def _notice(self, message: str) -> None:
        self.record.notices.append(message)
        log.warning(message)
        self.view.notice(message)

    def _mark_current_interrupted(self) -> None:
        """A turn cut off before its answer was complete is marked so (`resume` asks it again);
        a complete answer, recorded or typed but not yet scored, stays as it is (`resume`
        scores it from disk, without asking again)."""
        if self.record.turns and self.record.turns[-1].status == "asked":
            current = self.record.turns[-1]
            current.status = "skipped"
            current.error = "interrupted"
        self._save()

    def _forget_recording(self, turn: Turn) -> None:
        """--no-audio: the answer's recording deleted once its transcript is saved."""
        if self.keep_recordings or turn.answer_audio is None:
            return
        (self.store.folder / turn.answer_audio).unlink(missing_ok=True)
        turn.answer_audio = None
        self._save()

    def _save(self) -> None:
        self.store.save(self.record, self.now())

    async def _finish(self) -> Report:
        """The report of what was answered, saved; a signal that came as the interview was
        ending on its own ends it as stopped (the exit code says so) and is not lost."""
        with ending():
            try:
                await self._wind_down()
            except asyncio.CancelledError:  # asked for just before the interview was ending
                await self._cancelled()
                await self._wind_down()
            report = await self._report()
        if self.stopped is None:
            self.stopped = stop_requested()
        return report

    async def _report(self) -> Report:
        report = build_report(self.record.turns, self.record.profile, self.record.job)
        report.created = self.record.created
        try:
            if self.stopped is None or self.stopped.name == "Ctrl-C":  # SIGTERM: end promptly
                with second_signal_cancels():
                    report = await self._judge.conclude(report)
        except InterviewError as error:
            self._notice(f"No final assessment from the model: {error.one_line()}")
        except asyncio.CancelledError:  # a second Ctrl-C: the report without it
            task = asyncio.current_task()
            if task is not None:
                task.uncancel()
            self._notice("Final assessment skipped.")
        with shielded():
            for message in self._judge.notices:
                self._notice(message)
            self._judge.notices.clear()
            self.record.report = report
            status: SessionStatus = "ended_early" if self.ended_early else "complete"
            self.store.finish(self.record, status, self.now())  # the report files, then status
        return report
