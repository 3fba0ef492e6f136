"""Local fakes of the two Speechmatics wire protocols, for the real SDKs to talk to in tests.

Both listen on 127.0.0.1, port 0, in a background thread, check `Authorization: Bearer <key>`,
and record what they were sent with time.monotonic() stamps (the same clock as the client's).

Batch (REST v2, stdlib HTTP server):

    with running_batch_server(polls_before_done=2) as server:
        SpeechmaticsBatchTranscriber(api_key=server.api_key, url=server.url).transcribe(wav)
        server.jobs[0].config["transcription_config"]["language"] == "en"

    POST /v2/jobs (multipart: `config` JSON + `data_file`) -> 201 {"id"}; GET /v2/jobs/{id} ->
    "running" for `polls_before_done` polls (and until `processing_seconds` have passed since the
    upload), then `final_status` ("done" or "rejected"); GET /v2/jobs/{id}/transcript -> json-v2
    with `results`. A wrong key is 401; `lose_jobs` answers 404 for every job; `response_delay`
    delays every answer.

Real time (websocket v2, the `websockets` library):

    with running_rt_server(mode="normal", final_latency=0.1) as server:
        session = SpeechmaticsRealtime(api_key=server.api_key, url=server.url).open_session()
        ... server.audio (bytes received), server.start_config, server.end_of_stream_at ...

    A wrong key is 401 on the handshake. StartRecognition -> RecognitionStarted; each binary
    frame -> AudioAdded(seq_no); AddPartialTranscript once `partial_after` seconds of audio have
    arrived; the first final segment as AddTranscript mid-stream after `final_after` seconds;
    EndOfStream -> (after `final_latency`) the remaining AddTranscript, then EndOfTranscript.
    Modes: "normal", "error" (an Error message after `fail_after_frames` frames), "drop" (close
    1011 after `fail_after_frames` frames), "stall" (audio is never acknowledged), "silent"
    (StartRecognition is never answered).
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

JsonObject = dict[str, Any]
DEFAULT_KEY = "sm-test-key-0123456789"


# --- scripted words -----------------------------------------------------------------------------


def word(
    content: str, start: float, end: float, confidence: float = 0.95, *tags: str
) -> JsonObject:
    alternative: JsonObject = {
        "content": content,
        "confidence": confidence,
        "language": "en",
        "speaker": "UU",
    }
    if tags:
        alternative["tags"] = list(tags)
    return {"type": "word", "start_time": start, "end_time": end, "alternatives": [alternative]}


def punctuation(mark: str, at: float, attaches_to: str = "previous") -> JsonObject:
    return {
        "type": "punctuation",
        "start_time": at,
        "end_time": at,
        "attaches_to": attaches_to,
        "is_eos": mark in ".?!",
        "alternatives": [{"content": mark, "confidence": 1.0, "language": "en", "speaker": "UU"}],
    }


def default_segments() -> list[list[JsonObject]]:
    """'Um, I led the migration. It took three weeks.' in two final segments."""
    return [
        [
            word("um", 0.20, 0.45, 0.90, "disfluency"),
            punctuation(",", 0.45),
            word("I", 0.60, 0.70),
            word("led", 0.70, 0.95),
            word("the", 0.95, 1.05),
            word("migration", 1.05, 1.60, 0.88),
            punctuation(".", 1.60),
        ],
        [
            word("It", 1.90, 2.00),
            word("took", 2.00, 2.20),
            word("three", 2.20, 2.50),
            word("weeks", 2.50, 2.90),
            punctuation(".", 2.90),
        ],
    ]


def all_results(segments: list[list[JsonObject]]) -> list[JsonObject]:
    return [result for segment in segments for result in segment]


def segment_text(results: list[JsonObject]) -> str:
    text = ""
    for result in results:
        content = result["alternatives"][0]["content"]
        glue = result["type"] == "punctuation"
        text += content if glue or not text else f" {content}"
    return text


# --- batch ----------------------------------------------------------------------------------------


@dataclass
class SubmittedJob:
    id: str
    config: JsonObject
    file_name: str
    file_size: int
    submitted_at: float
    polls: int = 0


@dataclass
class RecordedRequest:
    method: str
    path: str
    at: float
    status: int = 0


@dataclass
class BatchServer:
    api_key: str = DEFAULT_KEY
    polls_before_done: int = 1  # "running" answers before the job is done
    processing_seconds: float = 0.0  # and the job is running at least this long after upload
    final_status: Literal["done", "rejected"] = "done"
    results: list[JsonObject] = field(default_factory=lambda: all_results(default_segments()))
    audio_duration: float = 3.0
    response_delay: float = 0.0  # before every answer
    lose_jobs: bool = False  # 404 for every job: "not found"
    url: str = ""
    jobs: list[SubmittedJob] = field(default_factory=list)
    requests: list[RecordedRequest] = field(default_factory=list)
    transcript_sent_at: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    submitted: threading.Event = field(default_factory=threading.Event)  # a job came in

    def job(self, job_id: str) -> SubmittedJob | None:
        return next((job for job in self.jobs if job.id == job_id), None)

    def polls(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.method == "GET" and r.path.count("/") == 3]


def _make_batch_handler(server: BatchServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if not self._begin("POST"):
                return
            if self.path.split("?")[0] != "/v2/jobs":
                self._reply(404, {"code": 404, "error": "Not found"})
                return
            config, file_name, file_size = _parse_multipart(self.headers["Content-Type"], body)
            with server.lock:
                job = SubmittedJob(
                    id=f"job{len(server.jobs) + 1:04d}",
                    config=config,
                    file_name=file_name,
                    file_size=file_size,
                    submitted_at=time.monotonic(),
                )
                server.jobs.append(job)
            self._reply(201, {"id": job.id})
            server.submitted.set()

        def do_GET(self) -> None:
            if not self._begin("GET"):
                return
            path = self.path.split("?")[0]
            match = re.fullmatch(r"/v2/jobs/([^/]+)(/transcript)?", path)
            job = server.job(match.group(1)) if match else None
            if match is None or job is None or server.lose_jobs:
                self._reply(404, {"code": 404, "error": "Job not found"})
            elif match.group(2):
                self._send_transcript(job)
            else:
                self._send_status(job)

        def _begin(self, method: str) -> bool:
            with server.lock:
                server.requests.append(RecordedRequest(method, self.path, time.monotonic()))
            if server.response_delay:
                time.sleep(server.response_delay)
            if self.headers.get("Authorization") != f"Bearer {server.api_key}":
                self._reply(401, {"code": 401, "error": "Permission Denied"})
                return False
            return True

        def _status_of(self, job: SubmittedJob) -> str:
            processing = time.monotonic() - job.submitted_at < server.processing_seconds
            if job.polls <= server.polls_before_done or processing:
                return "running"
            return server.final_status

        def _send_status(self, job: SubmittedJob) -> None:
            job.polls += 1
            status = self._status_of(job)
            self._reply(200, {"job": _job_info(job, status, server.audio_duration)})

        def _send_transcript(self, job: SubmittedJob) -> None:
            if self._status_of(job) != "done":
                self._reply(404, {"code": 404, "error": "Job not done"})
                return
            body = {
                "format": "2.9",
                "job": _job_info(job, "done", server.audio_duration),
                "metadata": {
                    "created_at": "2026-01-01T00:00:00Z",
                    "type": "transcription",
                    "transcription_config": job.config.get("transcription_config", {}),
                },
                "results": server.results,
            }
            self._reply(200, body)
            server.transcript_sent_at = time.monotonic()

        def _reply(self, status: int, payload: JsonObject) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            with server.lock:
                if server.requests:
                    server.requests[-1].status = status

    return Handler


def _job_info(job: SubmittedJob, status: str, duration: float) -> JsonObject:
    return {
        "id": job.id,
        "status": status,
        "created_at": "2026-01-01T00:00:00Z",
        "data_name": job.file_name,
        "duration": duration,
        "config": job.config,
    }


def _parse_multipart(content_type: str, body: bytes) -> tuple[JsonObject, str, int]:
    """The `config` JSON and the uploaded file's name and size."""
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    config: JsonObject = {}
    file_name, file_size = "", 0
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        payload = payload if isinstance(payload, bytes) else b""
        if name == "config":
            config = json.loads(payload.decode())
        elif name == "data_file":
            file_name = part.get_filename() or ""
            file_size = len(payload)
    return config, file_name, file_size


@contextmanager
def running_batch_server(**settings: Any) -> Iterator[BatchServer]:
    server = BatchServer(**settings)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_batch_handler(server))
    httpd.daemon_threads = True
    server.url = f"http://127.0.0.1:{httpd.server_address[1]}/v2"
    thread = threading.Thread(
        target=httpd.serve_forever,
        kwargs={"poll_interval": 0.05},
        name="fake-sm-batch",
        daemon=True,
    )
    thread.start()
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


# --- real time ------------------------------------------------------------------------------------

RtMode = Literal["normal", "error", "drop", "stall", "silent"]


@dataclass
class RtServer:
    api_key: str = DEFAULT_KEY
    mode: RtMode = "normal"
    segments: list[list[JsonObject]] = field(default_factory=default_segments)
    partial_after: float = 0.5  # seconds of audio before the first AddPartialTranscript
    final_after: float | None = 1.5  # seconds of audio before the first segment goes final
    final_latency: float = 0.0  # after EndOfStream, before the remaining AddTranscript
    fail_after_frames: int = 3  # "error" and "drop" modes
    url: str = ""
    start_config: JsonObject | None = None
    audio: bytearray = field(default_factory=bytearray)
    frames: int = 0
    last_seq_no: int | None = None  # what EndOfStream said
    messages_sent: list[JsonObject] = field(default_factory=list)
    handshake_statuses: list[int] = field(default_factory=list)
    end_of_stream_at: float | None = None
    end_of_transcript_at: float | None = None
    connected: threading.Event = field(default_factory=threading.Event)

    @property
    def sample_rate(self) -> int:
        assert self.start_config is not None
        return int(self.start_config["audio_format"]["sample_rate"])

    def audio_seconds(self) -> float:
        return len(self.audio) / 2 / self.sample_rate if self.start_config else 0.0

    def sent(self, message_type: str) -> list[JsonObject]:
        return [m for m in self.messages_sent if m["message"] == message_type]


class _RtSession:
    """One websocket connection, scripted by the RtServer."""

    def __init__(self, server: RtServer, websocket: Any) -> None:
        self.server = server
        self.ws = websocket
        self.partial_sent = False
        self.finals_sent = 0

    async def send(self, message: JsonObject) -> None:
        self.server.messages_sent.append(message)
        await self.ws.send(json.dumps(message))

    async def run(self) -> None:
        from websockets.exceptions import ConnectionClosed

        with suppress(ConnectionClosed):
            await self._converse()

    async def _converse(self) -> None:
        start = json.loads(await self.ws.recv())
        assert start["message"] == "StartRecognition", start
        self.server.start_config = start
        self.server.connected.set()
        if self.server.mode == "silent":
            await self.ws.wait_closed()
            return
        await self.send({"message": "RecognitionStarted", "id": "rt-session-1"})
        async for message in self.ws:
            if isinstance(message, bytes):
                if await self._on_audio(message):
                    return
            elif json.loads(message).get("message") == "EndOfStream":
                await self._on_end_of_stream(json.loads(message))

    async def _on_audio(self, frame: bytes) -> bool:
        """Handle one frame; True when the session is over (error or drop)."""
        server = self.server
        server.frames += 1
        server.audio.extend(frame)
        if server.mode != "stall":
            await self.send({"message": "AudioAdded", "seq_no": server.frames})
        if server.mode in ("error", "drop") and server.frames >= server.fail_after_frames:
            return await self._fail()
        seconds = server.audio_seconds()
        if not self.partial_sent and seconds >= server.partial_after:
            self.partial_sent = True
            await self._send_partial()
        final_due = server.final_after is not None and seconds >= server.final_after
        if final_due and self.finals_sent == 0 and len(server.segments) > 1:
            await self._send_final(server.segments[0])
        return False

    async def _fail(self) -> bool:
        if self.server.mode == "error":
            await self.send(
                {"message": "Error", "type": "invalid_audio_type", "reason": "audio is not PCM"}
            )
        await self.ws.close(code=1011, reason="internal error")
        return True

    async def _send_partial(self) -> None:
        first = self.server.segments[0]
        partial = [result for result in first if result["type"] == "word"][:2]
        await self.send(
            {
                "message": "AddPartialTranscript",
                "format": "2.9",
                "metadata": {
                    "start_time": 0.0,
                    "end_time": 1.0,
                    "transcript": segment_text(partial),
                },
                "results": partial,
            }
        )

    async def _send_final(self, results: list[JsonObject]) -> None:
        self.finals_sent += 1
        start = results[0]["start_time"] if results else 0.0
        end = results[-1]["end_time"] if results else 0.0
        await self.send(
            {
                "message": "AddTranscript",
                "format": "2.9",
                "metadata": {
                    "start_time": start,
                    "end_time": end,
                    "transcript": segment_text(results) + " ",
                },
                "results": results,
            }
        )

    async def _on_end_of_stream(self, message: JsonObject) -> None:
        server = self.server
        server.end_of_stream_at = time.monotonic()
        server.last_seq_no = message.get("last_seq_no")
        if server.mode == "stall":
            return  # never finishes: the client's timeout decides
        if server.final_latency:
            await asyncio.sleep(server.final_latency)
        for segment in server.segments[self.finals_sent :]:
            await self._send_final(segment)
        await self.send({"message": "EndOfTranscript"})
        server.end_of_transcript_at = time.monotonic()


async def _serve_rt(server: RtServer, ready: threading.Event, stop: asyncio.Event) -> None:
    from http import HTTPStatus

    from websockets.asyncio.server import serve

    def check_key(connection: Any, request: Any) -> Any:
        if request.headers.get("Authorization") != f"Bearer {server.api_key}":
            server.handshake_statuses.append(401)
            return connection.respond(HTTPStatus.UNAUTHORIZED, "Unauthorized\n")
        server.handshake_statuses.append(101)
        return None

    async def handle(websocket: Any) -> None:
        await _RtSession(server, websocket).run()

    async with serve(handle, "127.0.0.1", 0, process_request=check_key) as ws_server:
        port = next(iter(ws_server.sockets)).getsockname()[1]
        server.url = f"ws://127.0.0.1:{port}/v2"
        ready.set()
        await stop.wait()


@contextmanager
def running_rt_server(**settings: Any) -> Iterator[RtServer]:
    server = RtServer(**settings)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(_serve_rt(server, ready, stop))

    thread = threading.Thread(target=run, name="fake-sm-rt", daemon=True)
    thread.start()
    if not ready.wait(timeout=5):
        raise RuntimeError("the fake real-time server did not start")
    try:
        yield server
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=5)
        loop.close()
