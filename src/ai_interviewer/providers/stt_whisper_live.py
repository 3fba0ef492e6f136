"""Local Whisper while the candidate speaks: the answer is transcribed as it grows, offline.

The recorder hands every block to the session once it is on disk (`feed`). The session resamples
it to 16 kHz and finds the pauses in it with the recorder's energy VAD: a stretch of speech ends
at a pause of `PAUSE_S`, and a worker thread transcribes it at once (with a little audio either
side, and Whisper's own VAD filter inside), so silence is never decoded. While a long stretch is
still going on, the worker transcribes its open part every `INTERIM_EVERY_S` and commits the
words that two passes in a row agree on (the whisper_streaming idea, "local agreement"); the next
pass starts after the committed words, so the window stays a few seconds long whatever the
answer's length (after `MAX_WINDOW_S` with no agreement, all but the last words are committed).
The captions under the meter show the committed words.

When the recording stops (`finish`), only the end of the last stretch of speech is still to be
transcribed: usually nothing, since the recorder waits out a few seconds of silence before it
stops and the worker uses them. The saved WAV stays the source of truth: the session counts the
audio it was fed (`fed_seconds`), and the caller transcribes the file instead when the two
disagree or the session fails.
"""

from __future__ import annotations

import logging
import queue
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
INTERIM_EVERY_S = 2.0  # a long stretch of speech is transcribed again this often
PROMPT_WORDS = 24  # the last committed words go into the next decode's prompt
MAX_WINDOW_S = 12.0  # a window this long with no agreement commits all but its last words
KEEP_WORDS = 3


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
    kind: str  # "final" or "interim"
    start: int  # sample index (16 kHz) where the audio to decode starts
    end: int


@dataclass
class _State:
    """The worker's view of the answer; the caption reads it under the lock."""

    committed: list[Word] = field(default_factory=list)  # final words, times from the start
    committed_until: int = 0  # sample up to which words are committed: never decoded again
    window_start: int | None = None  # where the open stretch's next decode starts
    previous: list[Word] = field(default_factory=list)  # the last uncommitted hypothesis


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
        self._last_interim = 0
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._state = _State()
        self._busy = threading.Event()
        self._worker = threading.Thread(target=self._work, name="whisper-live", daemon=True)
        self._error: BaseException | None = None
        self._aborted = False

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

    async def finish(self) -> Transcript:
        """The whole answer's transcript, once the end of the last stretch is transcribed (in a
        worker thread; a cancelled wait aborts the session)."""
        return await in_thread(self.finish_now, stop=self.abort)

    def finish_now(self, timeout: float = 30.0) -> Transcript:
        """`finish`, blocking."""
        if self._open_start is not None:
            end = min(self._size, self._speech_end() + int(POSTROLL_S * RATE))
            self._jobs.put(_Job("final", self._open_start, max(end, self._open_start + 1)))
            self._open_start = None
        self._jobs.put(None)
        self._worker.join(timeout)
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
        self._aborted = True
        self._jobs.put(None)

    # --- voice activity ----------------------------------------------------------------------

    def _step(self, block: np.ndarray) -> None:
        done = self._processed  # samples up to this block's end
        rms = block_rms((block * 32767).astype(self._np.int16))
        self._vad.update(rms, done / RATE)
        speaking_now = self._vad.speech_started and self._vad.last_speech_end * RATE >= done - 1
        if self._open_start is None:
            if speaking_now:
                preroll = int((PREROLL_S + 3 * BLOCK_S) * RATE)  # the VAD confirms after 3 blocks
                self._open_start = max(0, done - preroll)
                self._last_interim = done
            return
        if done - self._speech_end() >= int(PAUSE_S * RATE):
            end = min(done, self._speech_end() + int(POSTROLL_S * RATE))
            self._jobs.put(_Job("final", self._open_start, end))
            self._open_start = None
        elif done - self._last_interim >= int(INTERIM_EVERY_S * RATE) and not self._busy.is_set():
            self._busy.set()
            self._jobs.put(_Job("interim", self._open_start, done))
            self._last_interim = done

    def _speech_end(self) -> int:
        return int(self._vad.last_speech_end * RATE)

    # --- the worker --------------------------------------------------------------------------

    def _work(self) -> None:
        try:
            while not self._aborted:
                job = self._jobs.get()
                if job is None:
                    return
                self._run(job)
                if job.kind == "interim":
                    self._busy.clear()
                self._show()
        except BaseException as error:  # surfaced by finish(); the WAV is transcribed instead
            log.debug("live Whisper failed: %r", error)
            self._error = error

    def _run(self, job: _Job) -> None:
        """Decode the open stretch from where its committed words end; a final job commits all
        of it, an interim one what two passes agree on (and cuts the window after it)."""
        with self._lock:
            start = max(job.start, self._state.window_start or 0, self._state.committed_until)
        words = self._decode(self._audio_between(start, job.end), start) if start < job.end else []
        with self._lock:
            fresh = [w for w in words if w.end * RATE > self._state.committed_until + 800]
            if job.kind == "final":
                self._commit(fresh, job.end)
                self._state.window_start, self._state.previous = None, []
                return
            agreed = _common_prefix(self._state.previous, fresh)
            if not agreed and (job.end - start) > MAX_WINDOW_S * RATE and len(fresh) > KEEP_WORDS:
                agreed = fresh[:-KEEP_WORDS]  # no agreement for too long: keep the window short
            self._state.previous = fresh[len(agreed) :]
            if agreed:
                self._commit(agreed, int(agreed[-1].end * RATE))
                self._state.window_start = self._state.committed_until

    def _commit(self, words: list[Word], until: int) -> None:
        self._state.committed.extend(words)
        self._state.committed_until = max(self._state.committed_until, until)

    def _audio_between(self, start: int, end: int) -> np.ndarray:
        chunks = list(self._chunks)  # the feeding side only ever appends
        return self._np.concatenate(chunks)[start:end]

    def _decode(self, audio: np.ndarray, offset: int) -> list[Word]:
        model = load_model(self._whisper.model, self._whisper.compute_type)
        with self._lock:
            context = " ".join(w.text for w in self._state.committed[-PROMPT_WORDS:])
        prompt = f"{self._whisper.prompt} {context}".strip()
        segments, _ = on_whisper_thread(self._whisper.decode, model, audio, prompt)
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
        if self._on_partial is None:
            return
        with self._lock:
            words = list(self._state.committed)
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
