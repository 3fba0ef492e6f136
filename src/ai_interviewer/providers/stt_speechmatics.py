"""Speechmatics speech-to-text: batch jobs for recorded files, real-time streaming while speaking.

Built on the maintained SDKs, `speechmatics-batch` (REST v2) and `speechmatics-rt` (websocket
v2); the deprecated `speechmatics-python` is not used. Both SDKs are imported only when a
transcriber is used, so `ai-interview --help` stays fast.

- `SpeechmaticsBatchTranscriber.transcribe(path)` uploads a file and polls for the transcript.
  The SDK backs off between polls from `min_polling_interval`; it starts here at `poll_interval`
  (0.25 s), so a short answer is ready a fraction of a second after the server finishes it.
- `SpeechmaticsRealtime.open_session()` returns a `RealtimeSession` that streams microphone PCM
  while the candidate speaks (`feed` from any thread, never blocking), shows partial text through
  `on_partial`, and returns the final transcript a moment after `finish()`.

Disfluencies ("um", "uh") are tagged `disfluency` by Speechmatics and kept as words (the config
says `remove_disfluencies: false` explicitly), so filler metrics count them. Punctuation is
attached to the text, never a word of its own.

The API key is taken as a parameter only; it is sent in the Authorization header by the SDK and
never appears in a message or a log line (error details are scrubbed of it).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import dataclasses
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, Literal, cast

from ai_interviewer.core.models import Transcript, Word
from ai_interviewer.errors import TranscriptionError, UsageError
from ai_interviewer.timeouts import within

log = logging.getLogger("ai_interviewer")

BATCH_NAME = "speechmatics-batch"
REALTIME_NAME = "speechmatics-rt"
OPERATING_POINTS = ("standard", "enhanced")
MAX_POLL_INTERVAL = 1.0  # the backoff ceiling between status checks of a batch job
DISFLUENCY_TAG = "disfluency"

Reason = Literal[
    "auth",
    "rejected",
    "unreachable",
    "timeout",
    "not_found",
    "server_error",
    "dropped",
    "stalled",
    "failed",
]
PartialCallback = Callable[[str], None]


class SpeechmaticsError(TranscriptionError):
    """Speechmatics could not transcribe; `reason` says why in one word the caller can act on."""

    def __init__(self, message: str, reason: Reason, hint: str | None = None) -> None:
        super().__init__(message, hint)
        self.reason: Reason = reason


# --- results (json-v2 and real-time AddTranscript) -> Transcript ------------------------------


def to_transcript(
    results: Iterable[Mapping[str, Any] | Any], duration: float | None, source: str
) -> Transcript:
    """A Transcript from json-v2 style `results` (dicts, or the batch SDK's dataclasses).

    Words keep their times and confidence; disfluencies stay words; punctuation joins the text
    on the side it attaches to and is not a word."""
    words: list[Word] = []
    pieces: list[tuple[str, str]] = []  # (content, attaches_to) in order, for the text
    language = "en"
    for result in results:
        item = _as_mapping(result)
        alternative = _first_alternative(item)
        if alternative is None:
            continue
        content = str(alternative.get("content", "")).strip()
        if not content:
            continue
        if item.get("type") == "punctuation":
            pieces.append((content, str(item.get("attaches_to") or "previous")))
            continue
        if item.get("type") != "word":
            continue  # entities and the like repeat words already listed
        language = str(alternative.get("language") or language)
        words.append(_word_of(item, alternative, content))
        pieces.append((content, "word"))
    return Transcript(
        text=join_pieces(pieces),
        words=words,
        duration=duration,
        source=source,
        language=language,
    )


def join_pieces(pieces: Iterable[tuple[str, str]]) -> str:
    """Words separated by spaces; punctuation glued to the previous and/or next piece."""
    text = ""
    glue_next = False
    for content, attaches_to in pieces:
        glue_previous = attaches_to in ("previous", "both")
        if text and not glue_previous and not glue_next:
            text += " "
        text += content
        glue_next = attaches_to in ("next", "both")
    return text


def is_disfluency(result: Mapping[str, Any] | Any) -> bool:
    alternative = _first_alternative(_as_mapping(result)) or {}
    return DISFLUENCY_TAG in (alternative.get("tags") or [])


def _as_mapping(result: Any) -> Mapping[str, Any]:
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.asdict(result)
    return cast(Mapping[str, Any], result)


def _first_alternative(item: Mapping[str, Any]) -> Mapping[str, Any] | None:
    alternatives = item.get("alternatives") or []
    return alternatives[0] if alternatives else None


def _word_of(item: Mapping[str, Any], alternative: Mapping[str, Any], content: str) -> Word:
    confidence = alternative.get("confidence")
    return Word(
        text=content,
        start=float(item.get("start_time") or 0.0),
        end=float(item.get("end_time") or 0.0),
        confidence=1.0 if confidence is None else float(confidence),
    )


# --- shared helpers -------------------------------------------------------------------------


def _check_operating_point(operating_point: str) -> str:
    if operating_point not in OPERATING_POINTS:
        raise UsageError(
            f"Unknown Speechmatics operating point {operating_point!r}",
            f"use one of: {', '.join(OPERATING_POINTS)}",
        )
    return operating_point


def _scrub(text: str, api_key: str) -> str:
    """`text` without the key in it, shortened to one line."""
    if api_key:
        text = text.replace(api_key, "***")
    line = " ".join(text.split())
    return line if len(line) <= 200 else line[:197] + "..."


def _exception_chain(error: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


def _http_status_in(error: BaseException) -> int | None:
    """An HTTP status carried anywhere in the chain (batch TransportError, websockets handshake)."""
    for link in _exception_chain(error):
        status = getattr(link, "status_code", None)
        if isinstance(status, int):
            return status
        response = getattr(link, "response", None)
        status = getattr(response, "status_code", None)
        if isinstance(status, int):
            return status
    return None


def _is_connection_failure(error: BaseException) -> bool:
    names = {type(link).__name__ for link in _exception_chain(error)}
    return bool(
        names & {"ClientConnectorError", "ClientConnectorDNSError", "ClientOSError"}
        or any(isinstance(link, OSError) for link in _exception_chain(error))
    )


class _BearerRedactor(logging.Filter):
    """websockets logs the handshake's headers at DEBUG, the Authorization header included."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "Bearer " in message:
            record.msg = re.sub(r"Bearer\s+\S+", "Bearer ***", message)
            record.args = ()
        return True


def _redact_handshake_logs() -> None:
    client_log = logging.getLogger("websockets.client")
    if not any(isinstance(f, _BearerRedactor) for f in client_log.filters):
        client_log.addFilter(_BearerRedactor())


# --- batch ------------------------------------------------------------------------------------


class SpeechmaticsBatchTranscriber:
    """Transcribes a recorded answer with a Speechmatics batch job (upload, poll, fetch)."""

    name = BATCH_NAME

    def __init__(
        self,
        api_key: str,
        url: str | None = None,
        language: str = "en",
        operating_point: str = "standard",
        poll_interval: float = 0.25,
        timeout: float = 120.0,
    ) -> None:
        if not api_key:
            raise UsageError("A Speechmatics API key is needed", "set SPEECHMATICS_API_KEY")
        self._api_key = api_key
        self.url = url or os.environ.get("SPEECHMATICS_BATCH_URL") or None
        self.language = language
        self.operating_point = _check_operating_point(operating_point)
        self.poll_interval = poll_interval
        self.timeout = timeout

    def __repr__(self) -> str:  # never the key
        return f"SpeechmaticsBatchTranscriber(url={self.url!r}, language={self.language!r})"

    def transcribe(self, path: Path) -> Transcript:
        """`atranscribe` for a caller with no event loop running (batch scoring)."""
        return asyncio.run(self.atranscribe(path))

    async def atranscribe(self, path: Path) -> Transcript:
        path = Path(path)
        _check_audio_file(path)
        try:
            return await within(self._submit_and_wait(path), self.timeout)
        except SpeechmaticsError:
            raise
        except TimeoutError as exc:
            raise self._timed_out() from exc
        except Exception as exc:
            raise self._batch_error(exc) from exc

    async def _submit_and_wait(self, path: Path) -> Transcript:
        from speechmatics.batch import AsyncClient, ConnectionConfig

        started = time.monotonic()
        connection = ConnectionConfig(
            connect_timeout=min(10.0, self.timeout), operation_timeout=self.timeout
        )
        async with AsyncClient(
            api_key=self._api_key, url=self.url, conn_config=connection
        ) as client:
            job = await client.submit_job(str(path), transcription_config=self._config())
            log.debug("speechmatics batch job %s submitted (%s)", job.id, path.name)
            result = await client.wait_for_completion(
                job.id,
                polling_interval=max(self.poll_interval, MAX_POLL_INTERVAL),
                min_polling_interval=self.poll_interval,
                timeout=max(0.001, self.timeout - (time.monotonic() - started)),
            )
        log.debug("speechmatics batch job %s done in %.3f s", job.id, time.monotonic() - started)
        if isinstance(result, str):  # only for txt/srt formats, which are not asked for
            raise SpeechmaticsError("Speechmatics returned no word timings", "failed")
        return to_transcript(result.results, _duration_of(result, path), self.name)

    def _config(self) -> Any:
        from speechmatics.batch import Model, TranscriptFilteringConfig, TranscriptionConfig

        return TranscriptionConfig(
            language=self.language,
            model=Model(self.operating_point),
            transcript_filtering_config=TranscriptFilteringConfig(remove_disfluencies=False),
        )

    def _timed_out(self) -> SpeechmaticsError:
        return SpeechmaticsError(
            f"Speechmatics did not return the transcript within {self.timeout:g} s",
            "timeout",
            "try again, or use --stt whisper to transcribe on this machine",
        )

    def _batch_error(self, error: BaseException) -> SpeechmaticsError:
        from speechmatics import batch

        detail = _scrub(str(error), self._api_key)
        log.debug("speechmatics batch failed: %s: %s", type(error).__name__, detail)
        status = _http_status_in(error)
        if isinstance(error, batch.AuthenticationError) or status in (401, 403):
            return SpeechmaticsError(
                "Speechmatics refused the API key", "auth", "check SPEECHMATICS_API_KEY"
            )
        if isinstance(error, batch.TimeoutError) or "timeout" in detail.lower():
            return self._timed_out()
        if "rejected" in detail:
            return SpeechmaticsError(
                "Speechmatics rejected the transcription job",
                "rejected",
                "is the file audio, and not empty or too long?",
            )
        if status in (404, 410) or isinstance(error, batch.TranscriptNotReadyError):
            return SpeechmaticsError("Speechmatics does not know the job", "not_found")
        if status is not None and status >= 500:
            return SpeechmaticsError(
                f"Speechmatics answered with an error (HTTP {status})", "server_error"
            )
        if _is_connection_failure(error):
            return SpeechmaticsError(
                f"Cannot reach Speechmatics at {self.url or 'its default address'}",
                "unreachable",
                "check the network, or use --stt whisper",
            )
        return SpeechmaticsError(f"Speechmatics batch transcription failed: {detail}", "failed")


def _check_audio_file(path: Path) -> None:
    if not path.is_file():
        raise SpeechmaticsError(f"Audio file not found: {path}", "not_found")
    if path.stat().st_size == 0:
        raise SpeechmaticsError(
            f"Audio file is empty: {path}", "rejected", "the recording holds no audio"
        )


def _duration_of(result: Any, path: Path) -> float | None:
    duration = getattr(getattr(result, "job", None), "duration", None)
    if duration is not None:
        return float(duration)
    try:
        import soundfile

        return float(soundfile.info(str(path)).duration)
    except Exception:  # not a format soundfile reads: the duration is unknown
        return None


# --- real time --------------------------------------------------------------------------------


class SpeechmaticsRealtime:
    """Opens streaming sessions: transcripts while the candidate speaks, final just after."""

    name = REALTIME_NAME

    def __init__(
        self,
        api_key: str,
        url: str | None = None,
        language: str = "en",
        operating_point: str = "standard",
        sample_rate: int = 16000,
        ack_timeout: float = 5.0,
    ) -> None:
        if not api_key:
            raise UsageError("A Speechmatics API key is needed", "set SPEECHMATICS_API_KEY")
        self._api_key = api_key
        self.url = url or os.environ.get("SPEECHMATICS_RT_URL") or None
        self.language = language
        self.operating_point = _check_operating_point(operating_point)
        self.sample_rate = sample_rate
        self.ack_timeout = ack_timeout

    def __repr__(self) -> str:  # never the key
        return f"SpeechmaticsRealtime(url={self.url!r}, language={self.language!r})"

    def open_session(self, on_partial: PartialCallback | None = None) -> RealtimeSession:
        return RealtimeSession(
            api_key=self._api_key,
            url=self.url,
            language=self.language,
            operating_point=self.operating_point,
            sample_rate=self.sample_rate,
            on_partial=on_partial,
            ack_timeout=self.ack_timeout,
        )


class _End:
    """Queued after the last audio: the sender stops there."""


class RealtimeSession:
    """One streamed answer, on the caller's event loop.

    await start() -> feed(pcm, rate) ... (from any thread) -> await finish() -> Transcript, or
    abort() at any time. `on_partial(text)` is called on the loop with the whole text so far.
    `failed` holds the error as soon as the stream fails (the caller may stop feeding); finish()
    raises it.
    """

    name = REALTIME_NAME

    def __init__(
        self,
        api_key: str,
        url: str | None,
        language: str,
        operating_point: str,
        sample_rate: int,
        on_partial: PartialCallback | None = None,
        ack_timeout: float = 5.0,
    ) -> None:
        self._api_key = api_key
        self._url = url
        self._language = language
        self._operating_point = operating_point
        self.sample_rate = sample_rate
        self._on_partial = on_partial
        self._ack_timeout = ack_timeout

        self._loop: asyncio.AbstractEventLoop | None = None  # the caller's, from start()
        self._audio: asyncio.Queue[tuple[bytes, int] | _End] = asyncio.Queue()
        self._ended = asyncio.Event()  # EndOfTranscript or a failure
        self._failed_signal = threading.Event()
        self._client: Any = None
        self._tasks: list[asyncio.Task[None]] = []
        self._closer: asyncio.Task[None] | None = None
        self._resamplers: dict[int, LinearResampler] = {}
        self._carry = b""  # an odd trailing byte, kept for the next chunk
        self._unacked: collections.deque[tuple[int, float]] = collections.deque()

        self.failed: SpeechmaticsError | None = None
        self.frames_sent = 0
        self.samples_fed = 0.0  # in seconds of the rates they were fed at
        self.end_of_stream_sent_at: float | None = None  # time.monotonic()
        self.final_received_at: float | None = None
        self._final_results: list[dict[str, Any]] = []
        self._final_text = ""
        self._got_end_of_transcript = False
        self._closing = False
        self._started = False
        self._finished = False

    # -- the caller's side --

    async def start(self, timeout: float = 10.0) -> None:
        """Connect, send StartRecognition and wait for RecognitionStarted."""
        self._loop = asyncio.get_running_loop()
        try:
            await within(self._start(timeout), timeout)
        except TimeoutError as exc:
            await self.aclose()
            raise self._start_timeout(timeout) from exc
        except SpeechmaticsError:
            await self.aclose()
            raise
        except Exception as exc:
            await self.aclose()
            raise self._start_error(exc, timeout) from exc
        self._started = True

    def feed(self, pcm: bytes, rate: int) -> None:
        """Queue 16-bit mono PCM at `rate` Hz, from any thread. Never blocks: safe in an audio
        callback."""
        if self._finished or self.failed is not None or not pcm or self._loop is None:
            return
        with contextlib.suppress(RuntimeError):  # a closed loop: the session is over
            self._loop.call_soon_threadsafe(self._audio.put_nowait, (bytes(pcm), int(rate)))

    async def finish(self, timeout: float = 5.0) -> Transcript:
        """Send EndOfStream after the queued audio, wait for EndOfTranscript, return the text."""
        if self.failed is not None:
            await self.aclose()
            raise self.failed
        if not self._started:
            await self.aclose()
            raise SpeechmaticsError("The real-time session was never started", "failed")
        self._finished = True
        assert self._loop is not None
        self._loop.call_soon(self._audio.put_nowait, _End())  # after the audio fed before it
        try:
            return await within(self._finish(timeout), timeout + 2.0)
        except TimeoutError:
            self._fail(self._final_timeout(timeout))
            assert self.failed is not None
            raise self.failed from None
        finally:
            await self.aclose()

    def abort(self) -> None:
        """Drop the session: close the socket in the background. Safe to call more than once,
        from the loop's thread."""
        self._finished = True
        if self._closer is None and self._loop is not None and not self._loop.is_closed():
            self._closer = self._loop.create_task(self._close())

    async def aclose(self) -> None:
        """Drop the session and wait until the socket is closed."""
        self.abort()
        if self._closer is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(self._closer)

    def wait_for_failure(self, timeout: float) -> SpeechmaticsError | None:
        """Block up to `timeout` seconds for the stream to fail; the error, or None (from a
        thread other than the loop's)."""
        self._failed_signal.wait(timeout)
        return self.failed

    @property
    def duration(self) -> float:
        """Seconds of audio fed so far."""
        return self.samples_fed

    async def __aenter__(self) -> RealtimeSession:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # -- the loop's side --

    async def _start(self, timeout: float) -> None:
        from speechmatics.rt import (
            AsyncClient,
            AudioEncoding,
            AudioFormat,
            ConnectionConfig,
            ServerMessageType,
        )

        _redact_handshake_logs()
        self._client = AsyncClient(
            api_key=self._api_key,
            url=self._url,
            conn_config=ConnectionConfig(open_timeout=timeout, close_timeout=1.0),
        )
        client = self._client
        client.on(ServerMessageType.ADD_PARTIAL_TRANSCRIPT, self._on_partial_message)
        client.on(ServerMessageType.ADD_TRANSCRIPT, self._on_final_message)
        client.on(ServerMessageType.AUDIO_ADDED, self._on_audio_added)
        client.on(ServerMessageType.END_OF_TRANSCRIPT, self._on_end_of_transcript)
        client.on(ServerMessageType.ERROR, self._on_error)
        audio_format = AudioFormat(encoding=AudioEncoding.PCM_S16LE, sample_rate=self.sample_rate)
        await client.start_session(transcription_config=self._config(), audio_format=audio_format)
        self._tasks = [
            asyncio.create_task(self._send_audio()),
            asyncio.create_task(self._watch_connection()),
            asyncio.create_task(self._watch_acknowledgements()),
        ]

    def _config(self) -> Any:
        from speechmatics.rt import Model, TranscriptionConfig

        return TranscriptionConfig(
            language=self._language,
            model=Model(self._operating_point),
            enable_partials=True,
            transcript_filtering_config={"remove_disfluencies": False},
        )

    async def _send_audio(self) -> None:
        while True:
            item = await self._audio.get()
            if isinstance(item, _End):
                return
            if self.failed is not None:
                continue
            frame = self._prepare(*item)
            if not frame:
                continue
            try:
                await self._client.send_audio(frame)
            except Exception as exc:  # the socket is gone; _watch_connection says why
                log.debug("speechmatics rt: sending audio failed: %r", exc)
                continue
            self.frames_sent += 1
            self._unacked.append((self.frames_sent, time.monotonic()))

    def _prepare(self, pcm: bytes, rate: int) -> bytes:
        """The chunk as whole int16 samples at the session's rate."""
        data = self._carry + pcm
        usable = len(data) - len(data) % 2
        self._carry = data[usable:]
        data = data[:usable]
        self.samples_fed += (len(data) // 2) / rate
        if rate == self.sample_rate or not data:
            return data
        resampler = self._resamplers.get(rate)
        if resampler is None:
            resampler = self._resamplers[rate] = LinearResampler(rate, self.sample_rate)
        return resampler.process(data)

    async def _watch_connection(self) -> None:
        """The SDK ends its session quietly when the socket drops: notice it here."""
        await self._client._session_done_evt.wait()  # set on EndOfTranscript, Error or a drop
        if self._closing or self._got_end_of_transcript or self.failed is not None:
            return
        self._fail(
            SpeechmaticsError(
                "The Speechmatics real-time connection dropped",
                "dropped",
                "the recording is kept; it can be transcribed again",
            )
        )

    async def _watch_acknowledgements(self) -> None:
        period = max(0.02, min(0.25, self._ack_timeout / 4))
        while not self._ended.is_set():
            await asyncio.sleep(period)
            if self._unacked and time.monotonic() - self._unacked[0][1] > self._ack_timeout:
                self._fail(self._stalled())
                return

    async def _finish(self, timeout: float) -> Transcript:
        deadline = time.monotonic() + timeout
        sender = self._tasks[0] if self._tasks else None
        if sender is not None:
            await asyncio.wait({sender}, timeout=max(0.0, deadline - time.monotonic()))
        if self.failed is None:
            await self._send_end_of_stream()
        try:
            await within(self._ended.wait(), max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            self._fail(self._final_timeout(timeout))
        if self.failed is not None:
            raise self.failed
        return to_transcript(self._final_results, self.samples_fed, self.name)

    async def _send_end_of_stream(self) -> None:
        message = {"message": "EndOfStream", "last_seq_no": self.frames_sent}
        self.end_of_stream_sent_at = time.monotonic()
        try:
            await self._client.send_message(message)
        except Exception as exc:  # already dropped: _watch_connection reports it
            log.debug("speechmatics rt: EndOfStream not sent: %r", exc)
            self.end_of_stream_sent_at = None

    async def _close(self) -> None:
        self._closing = True
        self._ended.set()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._client is not None:
            try:
                await self._client.close()
            except Exception as exc:  # best effort
                log.debug("speechmatics rt: client close failed: %r", exc)

    # -- server messages (called by the SDK on the loop) --

    def _on_partial_message(self, message: dict[str, Any]) -> None:
        partial = str(message.get("metadata", {}).get("transcript", "")).strip()
        self._tell_partial(" ".join(part for part in (self._final_text, partial) if part))

    def _on_final_message(self, message: dict[str, Any]) -> None:
        self._final_results.extend(message.get("results") or [])
        final = str(message.get("metadata", {}).get("transcript", "")).strip()
        if final:
            self._final_text = f"{self._final_text} {final}".strip()
        self._tell_partial(self._final_text)

    def _tell_partial(self, text: str) -> None:
        if self._on_partial is None:
            return
        try:
            self._on_partial(text)
        except Exception as exc:  # the display's problem, not the transcription's
            log.debug("on_partial failed: %r", exc)

    def _on_audio_added(self, message: dict[str, Any]) -> None:
        seq_no = int(message.get("seq_no", 0))
        while self._unacked and self._unacked[0][0] <= seq_no:
            self._unacked.popleft()

    def _on_end_of_transcript(self, message: dict[str, Any]) -> None:
        self._got_end_of_transcript = True
        self.final_received_at = time.monotonic()
        self._ended.set()

    def _on_error(self, message: dict[str, Any]) -> None:
        kind = _scrub(str(message.get("type", "error")), self._api_key)
        reason = _scrub(str(message.get("reason", "")), self._api_key)
        self._fail(
            SpeechmaticsError(
                f"Speechmatics real-time reported an error: {kind}: {reason}".rstrip(": "),
                "server_error",
            )
        )

    def _fail(self, error: SpeechmaticsError) -> None:
        """On the loop: the stream failed."""
        if self.failed is None:
            log.debug("speechmatics rt failed: %s (%s)", error.message, error.reason)
            self.failed = error
            self._failed_signal.set()
        self._ended.set()

    # -- errors --

    def _stalled(self) -> SpeechmaticsError:
        return SpeechmaticsError(
            f"Speechmatics stopped acknowledging audio ({len(self._unacked)} chunks waiting)",
            "stalled",
            "the recording is kept; it can be transcribed again",
        )

    def _final_timeout(self, timeout: float) -> SpeechmaticsError:
        if self._unacked:
            return self._stalled()
        return SpeechmaticsError(
            f"Speechmatics sent no final transcript within {timeout:g} s of the end of speech",
            "timeout",
        )

    def _start_timeout(self, timeout: float) -> SpeechmaticsError:
        return SpeechmaticsError(
            f"Speechmatics real-time did not start within {timeout:g} s",
            "timeout",
            "check the network, or use --stt whisper",
        )

    def _start_error(self, error: BaseException, timeout: float) -> SpeechmaticsError:
        from speechmatics import rt

        detail = _scrub(str(error), self._api_key)
        log.debug("speechmatics rt start failed: %s: %s", type(error).__name__, detail)
        status = _http_status_in(error)
        if status in (401, 403) or isinstance(error, rt.AuthenticationError):
            return SpeechmaticsError(
                "Speechmatics refused the API key", "auth", "check SPEECHMATICS_API_KEY"
            )
        if isinstance(error, rt.TimeoutError):
            return self._start_timeout(timeout)
        if isinstance(error, rt.TranscriptionError):
            return SpeechmaticsError(
                f"Speechmatics real-time refused to start: {detail}", "server_error"
            )
        if _is_connection_failure(error) or isinstance(error, rt.ConnectionError):
            return SpeechmaticsError(
                f"Cannot reach Speechmatics real-time at {self._url or 'its default address'}",
                "unreachable",
                "check the network, or use --stt whisper",
            )
        return SpeechmaticsError(f"Speechmatics real-time failed to start: {detail}", "failed")


class LinearResampler:
    """Streaming linear-interpolation resampler for int16 mono PCM (chunk boundaries are seamless:
    the output is the same as resampling the whole stream at once)."""

    def __init__(self, rate_in: int, rate_out: int) -> None:
        self.rate_in = rate_in
        self.rate_out = rate_out
        self._step = rate_in / rate_out  # input samples per output sample
        self._consumed = 0  # input samples seen
        self._produced = 0  # output samples made
        self._tail: Any = None  # the last input sample, for interpolating across chunks

    def process(self, pcm: bytes) -> bytes:
        import numpy as np

        samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
        if samples.size == 0:
            return b""
        window = samples if self._tail is None else np.concatenate([self._tail, samples])
        window_start = self._consumed - (0 if self._tail is None else 1)
        self._consumed += samples.size
        last_output = int((self._consumed - 1) / self._step)  # the last output inside the input
        count = last_output + 1 - self._produced
        self._tail = samples[-1:]
        if count <= 0:
            return b""
        positions = np.arange(self._produced, self._produced + count) * self._step - window_start
        self._produced += count
        out = np.interp(positions, np.arange(window.size), window)
        return bytes(np.clip(np.rint(out), -32768, 32767).astype("<i2").tobytes())
