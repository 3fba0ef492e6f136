"""A local fake of the Edge TTS read-aloud service: its websocket and its voice list.

It speaks the wire protocol of PROTOCOLS.md ("Edge TTS") on 127.0.0.1, port 0, from an aiohttp
server on its own event loop in a background thread. For each websocket it reads the client's
two text frames (speech.config, then ssml), records the SSML, and answers turn.start, response,
audio.metadata, the MP3 (real MP3 bytes made with soundfile, split into binary frames), the
empty end-of-audio frame, and turn.end. The mode scripts what goes wrong:

    normal     as above; `frame_delay` seconds between audio frames (0 by default)
    slow       the same with 50 ms between frames unless `frame_delay` says otherwise
    forbidden  HTTP 403 on the handshake (with a Date header an hour ahead, as a skewed clock
               would get), for the websocket and the voice list alike
    no_audio   turn.start, response, then turn.end straight away
    truncated  half the audio frames, then a clean close without turn.end
    silent     completes the websocket handshake, reads the request, then never answers
               (aiohttp 3.14 drops its read timeout once a websocket is open: only the
               adapter's own wait ends this)
    silent_handshake  accepts the connection but never answers the HTTP upgrade

    with running_edge_server(mode="slow") as server:
        speaker = EdgeSpeaker(url=server.ws_url)
        ...
        assert "(en-US, AriaNeural)" in server.requests[0].voice  # the long service name
        server.frames_sent_at   # time.monotonic() as each audio frame goes out
        server.voices_url       # GET: a JSON voice list like the real one
"""

from __future__ import annotations

import asyncio
import functools
import io
import json
import re
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import formatdate
from typing import Any, Literal

import numpy as np
import soundfile
from aiohttp import WSMsgType, web

Mode = Literal["normal", "slow", "forbidden", "no_audio", "truncated", "silent", "silent_handshake"]
MODES: tuple[Mode, ...] = (
    "normal",
    "slow",
    "forbidden",
    "no_audio",
    "truncated",
    "silent",
    "silent_handshake",
)

SERVICE_PATH = "/consumer/speech/synthesize/readaloud"
SLOW_FRAME_DELAY = 0.05
SAMPLE_RATE = 24000  # what Edge sends: audio-24khz-48kbitrate-mono-mp3
TICKS_PER_SECOND = 10_000_000
SKEWED_DATE_AHEAD_SECONDS = 3600.0

VOICE_LIST: list[dict[str, Any]] = [
    {
        "Name": f"Microsoft Server Speech Text to Speech Voice ({locale}, {short})",
        "ShortName": f"{locale}-{short}",
        "Gender": gender,
        "Locale": locale,
        "SuggestedCodec": "audio-24khz-48kbitrate-mono-mp3",
        "FriendlyName": f"Microsoft {short.removesuffix('Neural')} Online (Natural) - {language}",
        "Status": "GA",
        "VoiceTag": {"ContentCategories": ["General"], "VoicePersonalities": ["Friendly"]},
    }
    for locale, short, gender, language in (
        ("en-US", "AriaNeural", "Female", "English (United States)"),
        ("en-US", "GuyNeural", "Male", "English (United States)"),
        ("en-GB", "SoniaNeural", "Female", "English (United Kingdom)"),
        ("en-AU", "NatashaNeural", "Female", "English (Australia)"),
        ("fr-FR", "DeniseNeural", "Female", "French (France)"),
        ("de-DE", "KatjaNeural", "Female", "German (Germany)"),
    )
]


@dataclass(frozen=True)
class SsmlRequest:
    """One synthesis request as the server saw it."""

    ssml: str
    voice: str  # the long service name, e.g. "Microsoft Server Speech Text to Speech Voice (...)"
    rate: str
    pitch: str
    volume: str
    text: str  # still XML-escaped, as sent
    word_boundaries: bool  # speech.config asked for WordBoundary (else SentenceBoundary)
    query: dict[str, str]  # the websocket URL's query: TrustedClientToken, ConnectionId, ...


@functools.lru_cache(maxsize=4)
def tone_mp3(seconds: float = 1.0, frequency: float = 440.0) -> bytes:
    """A real MP3 (24 kHz mono) of a quiet tone, made with soundfile."""
    times = np.arange(int(SAMPLE_RATE * seconds)) / SAMPLE_RATE
    samples = (0.3 * np.sin(2 * np.pi * frequency * times)).astype(np.float32)
    buffer = io.BytesIO()
    soundfile.write(buffer, samples, SAMPLE_RATE, format="MP3")
    return buffer.getvalue()


def split_into_frames(data: bytes, count: int) -> list[bytes]:
    """`count` consecutive pieces of `data`, as even as possible (none empty)."""
    count = max(1, min(count, len(data)))
    size = -(-len(data) // count)
    return [data[i : i + size] for i in range(0, len(data), size)]


def text_message(path: str, request_id: str, body: str, content_type: str) -> str:
    return f"X-RequestId:{request_id}\r\nContent-Type:{content_type}\r\nPath:{path}\r\n\r\n{body}"


def audio_message(request_id: str, mp3: bytes) -> bytes:
    """2-byte big-endian header length, the headers (ending CRLF), the MP3 bytes."""
    content_type = "Content-Type:audio/mpeg\r\n" if mp3 else ""
    headers = f"X-RequestId:{request_id}\r\n{content_type}Path:audio\r\n".encode()
    return len(headers).to_bytes(2, "big") + headers + mp3


def parse_ssml_request(frame: str, word_boundaries: bool, query: dict[str, str]) -> SsmlRequest:
    ssml = frame.split("\r\n\r\n", 1)[1]

    def find(pattern: str) -> str:
        match = re.search(pattern, ssml, re.DOTALL)
        return match.group(1) if match else ""

    return SsmlRequest(
        ssml=ssml,
        voice=find(r"<voice name='([^']*)'>"),
        rate=find(r"rate='([^']*)'"),
        pitch=find(r"pitch='([^']*)'"),
        volume=find(r"volume='([^']*)'"),
        text=find(r"<prosody[^>]*>(.*)</prosody>"),
        word_boundaries=word_boundaries,
        query=query,
    )


def request_id_of(frame: str) -> str:
    match = re.search(r"X-RequestId:([^\r\n]+)", frame)
    return match.group(1) if match else uuid.uuid4().hex


class EdgeServer:
    """The scriptable fake. Use `running_edge_server()` to start and stop it."""

    def __init__(
        self,
        mode: Mode = "normal",
        frame_delay: float | None = None,
        frame_count: int = 8,
        audio_seconds: float = 1.0,
        words_per_reply: int | None = None,
    ) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        self.mode: Mode = mode
        default_delay = SLOW_FRAME_DELAY if mode == "slow" else 0.0
        self.frame_delay = default_delay if frame_delay is None else frame_delay
        self.frame_count = frame_count
        self.words_per_reply = words_per_reply  # like the real service: longer text, more audio
        self.audio = tone_mp3(audio_seconds)
        self.requests: list[SsmlRequest] = []  # every SSML request, in order
        self.frames_sent_at: list[float] = []  # time.monotonic() as each audio frame goes out
        self.handshakes = 0  # websocket connection attempts (a 403 retry makes two)
        self.voice_list_requests = 0
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="fake-edge", daemon=True
        )
        self._runner: web.AppRunner | None = None
        self._stopping: asyncio.Event | None = None

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}{SERVICE_PATH}/edge/v1?TrustedClientToken=x"

    @property
    def voices_url(self) -> str:
        return f"http://127.0.0.1:{self.port}{SERVICE_PATH}/voices/list?trustedclienttoken=x"

    @property
    def frames(self) -> list[bytes]:
        """The MP3 pieces each reply sends, in order (joined, they are `audio`)."""
        return split_into_frames(self.audio, self.frame_count)

    def start(self) -> None:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(timeout=10)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()

    async def _serve(self) -> None:
        self._stopping = asyncio.Event()
        app = web.Application()
        app.router.add_get(f"{SERVICE_PATH}/edge/v1", self._speak)
        app.router.add_get(f"{SERVICE_PATH}/voices/list", self._voice_list)
        self._runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])

    async def _shutdown(self) -> None:
        assert self._stopping is not None and self._runner is not None
        self._stopping.set()  # silent handlers return
        await self._runner.cleanup()

    # --- handlers --------------------------------------------------------------------------

    async def _voice_list(self, request: web.Request) -> web.StreamResponse:
        self.voice_list_requests += 1
        if self.mode == "forbidden":
            return forbidden_response()
        return web.json_response(VOICE_LIST)

    async def _speak(self, request: web.Request) -> web.StreamResponse:
        self.handshakes += 1
        if self.mode == "forbidden":
            return forbidden_response()
        if self.mode == "silent_handshake":
            await self._wait_for_stop()
            return web.Response(status=503)
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        config = await ws.receive_str()
        ssml_frame = await ws.receive_str()
        word_boundaries = '"wordBoundaryEnabled":"true"' in config
        self.requests.append(parse_ssml_request(ssml_frame, word_boundaries, dict(request.query)))
        await self._answer(ws, request_id_of(ssml_frame), self.requests[-1])
        return ws

    async def _answer(self, ws: web.WebSocketResponse, request_id: str, req: SsmlRequest) -> None:
        if self.mode == "silent":
            await self._wait_for_stop()
            return
        await ws.send_str(text_message("turn.start", request_id, "{}", "application/json"))
        await ws.send_str(text_message("response", request_id, "{}", "application/json"))
        if self.mode == "no_audio":
            await self._end_turn(ws, request_id)
            return
        await ws.send_str(metadata_message(request_id, req))
        frames = self.frames
        if self.words_per_reply:
            frames = frames * max(1, -(-len(req.text.split()) // self.words_per_reply))
        if self.mode == "truncated":
            await self._send_audio(ws, request_id, frames[: max(1, len(frames) // 2)])
            await ws.close()  # a clean close, no turn.end: edge-tts raises nothing
            return
        await self._send_audio(ws, request_id, frames)
        await ws.send_bytes(audio_message(request_id, b""))  # Edge's end-of-audio frame
        await self._end_turn(ws, request_id)

    async def _wait_for_stop(self) -> None:
        assert self._stopping is not None
        await self._stopping.wait()

    async def _send_audio(
        self, ws: web.WebSocketResponse, request_id: str, frames: list[bytes]
    ) -> None:
        for index, frame in enumerate(frames):
            if index and self.frame_delay:
                await asyncio.sleep(self.frame_delay)
            # stamped as the frame goes out: the client may read it before send_bytes returns
            self.frames_sent_at.append(time.monotonic())
            await ws.send_bytes(audio_message(request_id, frame))

    async def _end_turn(self, ws: web.WebSocketResponse, request_id: str) -> None:
        await ws.send_str(text_message("turn.end", request_id, "{}", "application/json"))
        message = await ws.receive(timeout=5)  # the client closes once it has turn.end
        if message.type not in (WSMsgType.CLOSE, WSMsgType.CLOSING, WSMsgType.CLOSED):
            await ws.close()


def metadata_message(request_id: str, request: SsmlRequest) -> str:
    """WordBoundary per word, or one SentenceBoundary, as speech.config asked."""
    words = request.text.split() or [""]
    step = TICKS_PER_SECOND // 4
    if request.word_boundaries:
        entries = [boundary("WordBoundary", i * step, step, word) for i, word in enumerate(words)]
    else:
        entries = [boundary("SentenceBoundary", 0, step * len(words), request.text)]
    body = json.dumps({"Metadata": entries})
    return text_message("audio.metadata", request_id, body, "application/json")


def boundary(kind: str, offset: int, duration: int, text: str) -> dict[str, Any]:
    return {
        "Type": kind,
        "Data": {
            "Offset": offset,
            "Duration": duration,
            "text": {"Text": text, "Length": len(text), "BoundaryType": kind},
        },
    }


def forbidden_response() -> web.Response:
    """403 with a Date an hour ahead: edge-tts adjusts its clock skew from it and retries."""
    skewed = formatdate(time.time() + SKEWED_DATE_AHEAD_SECONDS, usegmt=True)
    return web.Response(status=403, text="Forbidden", headers={"Date": skewed})


@contextmanager
def running_edge_server(
    mode: Mode = "normal",
    frame_delay: float | None = None,
    frame_count: int = 8,
    audio_seconds: float = 1.0,
    words_per_reply: int | None = None,
) -> Iterator[EdgeServer]:
    server = EdgeServer(mode, frame_delay, frame_count, audio_seconds, words_per_reply)
    server.start()
    try:
        yield server
    finally:
        server.stop()
