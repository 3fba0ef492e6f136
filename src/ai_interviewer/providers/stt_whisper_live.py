"""Local Whisper while the candidate speaks: the answer is transcribed as it grows, offline.

The recorder hands every block to the session once it is on disk (`feed`). The session resamples
it to 16 kHz and finds the pauses in it with the recorder's energy VAD: a stretch of speech ends
at a pause of `PAUSE_S`. One worker thread transcribes the closed stretches (with a little audio
either side, and Whisper's own VAD filter inside), so silence is never decoded.

Whisper encodes 30 s of audio whatever it is given, so a decode costs about the same for 3 s of
speech as for 20 s, and it hears a sentence better with its neighbours. The worker therefore
decodes the closed stretches together, up to `MAX_DECODE_S` of audio: once `MIN_BATCH_S` of
speech is waiting, or the speaker has paused for `LONG_PAUSE_S` (perhaps the end of the answer),
or the recording has stopped. On a busy machine it falls behind by one decode, never by a
growing queue. While it has nothing to decode, it decodes what is waiting and the open stretch
for the captions (greedy, cheaper); those words are a hypothesis, shown and decoded again with
the rest; a caption that took longer than `CAPTION_MAX_S` to decode means the machine is too
busy for them, and the answer goes on without captions. A stretch that goes on for
`LONG_STRETCH_S` without a pause commits the words two such passes agree on (the whisper_streaming
idea, "local agreement"), so that no decode ever has to go back over a minute.

When the recording stops (`finish`), the end of the last stretch is all that is still to be
transcribed, and usually it is done already: the recorder waits out a few seconds of silence
before it stops, and the worker uses them. The saved WAV stays the source of truth: the session
counts the audio it was fed (`fed_seconds`), and the caller transcribes the file instead when the
two disagree or the session fails.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ai_interviewer.blocking import in_thread
from ai_interviewer.core.models import Transcript, Word
from ai_interviewer.errors import TranscriptionError
from ai_interviewer.providers.recorder import EnergyVad, block_rms
from ai_interviewer.providers.stt_whisper import (
    WhisperTranscriber,
    load_model,
    on_whisper_thread,
    words_of,
)

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger("ai_interviewer")

RATE = 16000
BLOCK_S = 0.05
PAUSE_S = 0.5  # a pause this long ends a stretch of speech
PREROLL_S = 0.3  # audio kept before the speech starts and after it ends
POSTROLL_S = 0.25
MAX_DECODE_S = 25.0  # closed stretches decoded together, up to this much audio (Whisper's 30 s)
MIN_BATCH_S = 10.0  # this much speech waiting is decoded without waiting for a longer pause
LONG_PAUSE_S = 0.5  # silence this long after a stretch: decode what waits (the answer may be over)
INTERIM_EVERY_S = 2.0  # the captions are decoded again after this much new audio
LONG_STRETCH_S = 20.0  # a caption window this long commits what two passes agree on
PROMPT_WORDS = 24  # the last committed words go into the next decode's prompt
KEEP_WORDS = 3
FINISH_TIMEOUT_S = 30.0  # plus the seconds of audio still to decode
CAPTION_MAX_S = 1.5  # a caption decode slower than this: no more captions in this answer
CAPTION_BEAM = 1
FINAL_BEAM = 5


def resample(samples: np.ndarray, rate: int) -> np.ndarray:
    """int16 samples at `rate` as float32 at 16 kHz (linear interpolation)."""
    import numpy as np

    audio = samples.astype(np.float32) / 32768.0
    if rate == RATE or audio.size == 0:
        return audio
    count = max(1, round(audio.size * RATE / rate))
    positions = np.linspace(0, audio.size - 1, count)
    return np.interp(positions, np.arange(audio.size), audio).astype(np.float32)


@dataclass
class _Job:
    kind: str  # "final" (closed stretches) or "caption" (the open one)
    start: int  # sample index (16 kHz) where the audio to decode starts
    end: int


@dataclass
class _Stretch:
    start: int
    end: int


@dataclass
class _State:
    """What the feeding side and the worker share, under the session's lock."""

    closed: list[_Stretch] = field(default_factory=list)  # closed, not yet decoded
    open: _Stretch | None = None  # the stretch still going on, up to the audio fed so far
    heard_until: int = 0  # samples through the VAD
    captioned_until: int = 0  # audio already decoded for the captions
    committed: list[Word] = field(default_factory=list)  # final words, times from the start
    committed_until: int = 0  # sample up to which words are committed: never decoded again
    previous: list[Word] = field(default_factory=list)  # the last caption pass, not committed
    captions_off: bool = False  # the machine is too busy for them
    finishing: bool = False
    aborted: bool = False
    decodes: int = 0  # final decodes so far


class WhisperLiveSession:
    """One answer's live transcription (see the module notes)."""

    def __init__(
        self,
        whisper: WhisperTranscriber,
        on_partial: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        import numpy as np

        self._np = np
        self._whisper = whisper
        self._on_partial = on_partial
        self._clock = clock
        self._chunks: list[np.ndarray] = []
        self._size = 0  # samples at 16 kHz so far
        self._processed = 0  # of which through the VAD
        self._fed = 0  # samples at the source rate, to check against the WAV
        self._fed_rate = RATE
        self._vad = EnergyVad(BLOCK_S)
        self._pending = np.zeros(0, dtype=np.float32)  # less than a block, not yet through VAD
        self._open_start: int | None = None  # sample where the open stretch of speech starts
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._state = _State()
        self._worker = threading.Thread(target=self._work, name="whisper-live", daemon=True)
        self._error: BaseException | None = None

    # --- the recorder's side -----------------------------------------------------------------

    async def start(self) -> None:
        self._worker.start()

    def feed(self, pcm: bytes, rate: int) -> None:
        samples = self._np.frombuffer(pcm, dtype=self._np.int16)
        self._fed += samples.size
        self._fed_rate = rate
        audio = resample(samples, rate)
        self._chunks.append(audio)
        self._size += audio.size
        self._pending = self._np.concatenate([self._pending, audio])
        block = int(RATE * BLOCK_S)
        while self._pending.size >= block:
            self._processed += block
            self._step(self._pending[:block])
            self._pending = self._pending[block:]

    @property
    def fed_seconds(self) -> float:
        """Seconds of audio fed so far (to compare with the saved WAV)."""
        return self._fed / self._fed_rate

    @property
    def decodes(self) -> int:
        """How many decodes made the final transcript (captions not counted)."""
        with self._lock:
            return self._state.decodes

    async def finish(self) -> Transcript:
        """The whole answer's transcript, once the end of the last stretch is transcribed (in a
        worker thread; a cancelled wait aborts the session)."""
        return await in_thread(self.finish_now, stop=self.abort)

    def finish_now(self, timeout: float | None = None) -> Transcript:
        """`finish`, blocking; by default it waits `FINISH_TIMEOUT_S` plus the audio still to
        decode."""
        with self._wake:
            if self._open_start is not None:
                end = min(self._size, self._speech_end() + int(POSTROLL_S * RATE))
                self._state.closed.append(
                    _Stretch(self._open_start, max(end, self._open_start + 1))
                )
                self._open_start = None
            self._state.open = None
            self._state.finishing = True
            waiting = sum(
                s.end - max(s.start, self._state.committed_until) for s in self._state.closed
            )
            self._wake.notify()
        self._worker.join(FINISH_TIMEOUT_S + max(0, waiting) / RATE if timeout is None else timeout)
        if self._worker.is_alive():
            raise TranscriptionError("Live transcription did not finish in time")
        if self._error is not None:
            raise TranscriptionError(f"Live transcription failed: {self._error}")
        with self._lock:
            words = sorted(self._state.committed, key=lambda w: w.start)
        return Transcript(
            text=" ".join(w.text for w in words),
            words=words,
            duration=round(self._size / RATE, 3),
            source=f"{self._whisper.name} (live)",
        )

    def abort(self) -> None:
        with self._wake:
            self._state.aborted = True
            self._wake.notify()

    # --- voice activity ----------------------------------------------------------------------

    def _step(self, block: np.ndarray) -> None:
        done = self._processed  # samples up to this block's end
        rms = block_rms((block * 32767).astype(self._np.int16))
        self._vad.update(rms, done / RATE)
        speaking_now = self._vad.speech_started and self._vad.last_speech_end * RATE >= done - 1
        if self._open_start is None and speaking_now:
            preroll = int((PREROLL_S + 3 * BLOCK_S) * RATE)  # the VAD confirms after 3 blocks
            self._open_start = max(0, done - preroll)
        with self._wake:
            self._state.heard_until = done
            if self._open_start is not None:
                if done - self._speech_end() >= int(PAUSE_S * RATE):
                    end = min(done, self._speech_end() + int(POSTROLL_S * RATE))
                    self._state.closed.append(_Stretch(self._open_start, end))
                    self._state.open = None
                    self._open_start = None
                else:
                    self._state.open = _Stretch(self._open_start, done)
            self._wake.notify()

    def _speech_end(self) -> int:
        return int(self._vad.last_speech_end * RATE)

    # --- the worker --------------------------------------------------------------------------

    def _work(self) -> None:
        try:
            while (job := self._next_job()) is not None:
                self._run(job)
                self._show()
        except BaseException as error:  # surfaced by finish(); the WAV is transcribed instead
            log.debug("live Whisper failed: %r", error)
            self._error = error

    def _next_job(self) -> _Job | None:
        """The closed stretches as one decode when it is time; else the captions once there is
        enough new audio; else wait. None once finished or aborted."""
        with self._wake:
            state = self._state
            while not state.aborted:
                if state.closed and self._decode_due():
                    return self._batch()
                if state.finishing:
                    return None
                caption = self._caption_job()
                if caption is not None:
                    return caption
                self._wake.wait()
            return None

    def _decode_due(self) -> bool:
        """Time to decode the closed stretches (under the lock)."""
        state = self._state
        last = state.open.end if state.open is not None else state.closed[-1].end
        waiting = last - max(state.closed[0].start, state.committed_until)
        paused = state.open is None and state.heard_until - last >= LONG_PAUSE_S * RATE
        return state.finishing or paused or waiting >= MIN_BATCH_S * RATE

    def _caption_job(self) -> _Job | None:
        """What is waiting and the open stretch, decoded for the captions when it has grown by
        `INTERIM_EVERY_S` (under the lock)."""
        state = self._state
        if state.captions_off or (state.open is None and not state.closed):
            return None
        start = state.closed[0].start if state.closed else state.open.start  # type: ignore[union-attr]
        end = state.open.end if state.open is not None else state.closed[-1].end
        if end - max(start, state.captioned_until, state.committed_until) < INTERIM_EVERY_S * RATE:
            return None
        state.captioned_until = end
        return _Job("caption", start, end)

    def _batch(self) -> _Job:
        """Every closed stretch waiting, from the first, while they fit in one decode (called
        under the lock)."""
        closed = self._state.closed
        start = max(closed[0].start, self._state.committed_until)
        count = 1
        while count < len(closed) and closed[count].end - start <= MAX_DECODE_S * RATE:
            count += 1
        end = closed[count - 1].end
        del closed[:count]
        return _Job("final", start, end)

    def _run(self, job: _Job) -> None:
        """Decode from where the committed words end; a final job commits all of it, a caption
        job shows its words and, over a long window, commits what two passes agree on."""
        with self._lock:
            start = max(job.start, self._state.committed_until)
        if start >= job.end:
            return
        beam = FINAL_BEAM if job.kind == "final" else CAPTION_BEAM
        began = self._clock()
        words = self._decode(self._audio_between(start, job.end), start, beam)
        with self._lock:
            state = self._state
            if job.kind == "caption" and self._clock() - began > CAPTION_MAX_S:
                state.captions_off = True
            fresh = [w for w in words if w.end * RATE > state.committed_until + 800]
            if job.kind == "final":
                state.decodes += 1
                self._commit(fresh, job.end)
                state.previous = [w for w in state.previous if w.start * RATE >= job.end]
                return
            agreed: list[Word] = []
            if job.end - start > LONG_STRETCH_S * RATE:
                agreed = _common_prefix(state.previous, fresh)
                if not agreed and len(fresh) > KEEP_WORDS:
                    agreed = fresh[:-KEEP_WORDS]  # no agreement: keep the window from growing
            if agreed:
                self._commit(agreed, int(agreed[-1].end * RATE))
            state.previous = fresh[len(agreed) :]

    def _commit(self, words: list[Word], until: int) -> None:
        self._state.committed.extend(words)
        self._state.committed_until = max(self._state.committed_until, until)

    def _audio_between(self, start: int, end: int) -> np.ndarray:
        chunks = list(self._chunks)  # the feeding side only ever appends
        return self._np.concatenate(chunks)[start:end]

    def _decode(self, audio: np.ndarray, offset: int, beam: int) -> list[Word]:
        model = load_model(self._whisper.model, self._whisper.compute_type)
        with self._lock:
            context = " ".join(w.text for w in self._state.committed[-PROMPT_WORDS:])
        prompt = f"{self._whisper.prompt} {context}".strip()
        segments, _ = on_whisper_thread(self._whisper.decode, model, audio, prompt, None, beam)
        seconds = offset / RATE
        return [
            Word(
                text=w.text,
                start=round(w.start + seconds, 3),
                end=round(w.end + seconds, 3),
                confidence=w.confidence,
            )
            for segment in segments
            for w in words_of(segment)
        ]

    def _show(self) -> None:
        """The captions: the committed words, then the open stretch's latest hypothesis."""
        if self._on_partial is None:
            return
        with self._lock:
            words = [*self._state.committed, *self._state.previous]
        self._on_partial(" ".join(w.text for w in words))


def _key(word: str) -> str:
    return word.lower().strip(" .,?!;:\"'")


def _common_prefix(previous: list[Word], current: list[Word]) -> list[Word]:
    """The words at the start of `current` that the previous pass heard the same."""
    same = 0
    for a, b in zip(previous, current, strict=False):
        if _key(a.text) != _key(b.text):
            break
        same += 1
    return current[:same]


class WhisperLive:
    """Local Whisper as a live transcriber: one `WhisperLiveSession` per answer."""

    def __init__(self, whisper: WhisperTranscriber) -> None:
        self.whisper = whisper
        self.name = whisper.name

    def open_session(self, on_partial: Callable[[str], None] | None = None) -> Any:
        return WhisperLiveSession(self.whisper, on_partial)
