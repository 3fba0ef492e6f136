"""A local OpenAI-compatible server for tests: `POST /v1/chat/completions` and `GET /v1/models`.

It listens on 127.0.0.1, port 0, in a background thread, and answers what the test scripts:
a queue of `Reply` values (`server.enqueue(...)`), or a function `handler(request_json) -> Reply`
for the requests the queue does not cover, or else `default`. A reply can be JSON content, raw
text (malformed JSON), an OpenAI-style error with its HTTP status, a delay before answering,
or a dropped connection. A request with `"stream": true` is answered as server-sent events, a
few characters a chunk, with usage last when `stream_options.include_usage` asks for it; a reply
can pace its chunks (`chunk_delay_s`) or go silent after some of them (`stall_after`).
Every request is recorded with the server's receive and send times
(time.monotonic) and its JSON body, so a test can see what the prompt said and whether two
requests overlapped.

    with running_openai_server() as server:
        server.enqueue(Reply.rate_limited(retry_after=0), Reply.json({"score": 7}))
        ... litellm.acompletion(model="openai/fake-model", api_base=server.base_url, ...)
        assert server.requests[1].json["messages"][0]["content"] == "..."
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

JsonObject = dict[str, Any]


@dataclass(frozen=True)
class Reply:
    """One scripted answer. Build it with the class methods; the fields are the wire details."""

    status: int = 200
    content: str | None = None  # choices[0].message.content when status is 200
    error: JsonObject | None = None  # the OpenAI-style {"error": {...}} body otherwise
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # wait this long before answering (slow answers, timeouts)
    drop: bool = False  # close the connection without any response
    usage: tuple[int, int] | None = None  # (prompt, completion) tokens; None: counted words
    chunk_chars: int = 12  # streamed: characters of content per chunk
    chunk_delay_s: float = 0.0  # streamed: wait before each chunk after the first
    stall_after: int | None = None  # streamed: send this many chunks, then nothing (held open)

    @classmethod
    def json(
        cls, payload: Any, delay_s: float = 0.0, usage: tuple[int, int] | None = None
    ) -> Reply:
        return cls(content=json.dumps(payload), delay_s=delay_s, usage=usage)

    @classmethod
    def text(cls, content: str, delay_s: float = 0.0) -> Reply:
        return cls(content=content, delay_s=delay_s)

    @classmethod
    def stalling(cls, payload: Any, after_chunks: int = 2) -> Reply:
        """JSON that starts streaming, then stops: the connection stays open, silent."""
        return cls(content=json.dumps(payload), stall_after=after_chunks)

    @classmethod
    def failure(
        cls,
        status: int,
        message: str,
        error_type: str = "api_error",
        code: str | None = None,
        headers: dict[str, str] | None = None,
        delay_s: float = 0.0,
    ) -> Reply:
        body = {"error": {"message": message, "type": error_type, "param": None, "code": code}}
        return cls(status=status, error=body, headers=headers or {}, delay_s=delay_s)

    @classmethod
    def rate_limited(cls, retry_after: float | None = None) -> Reply:
        headers = {} if retry_after is None else {"Retry-After": f"{retry_after:g}"}
        return cls.failure(
            429, "Rate limit reached for requests", "requests", "rate_limit_exceeded", headers
        )

    @classmethod
    def server_error(cls) -> Reply:
        return cls.failure(500, "The server had an error while processing your request.")

    @classmethod
    def unavailable(cls) -> Reply:
        return cls.failure(503, "The engine is currently overloaded, please try again later.")

    @classmethod
    def unauthorized(cls) -> Reply:
        return cls.failure(
            401, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key"
        )

    @classmethod
    def model_not_found(cls, model: str = "fake-model") -> Reply:
        message = f"The model `{model}` does not exist or you do not have access to it."
        return cls.failure(404, message, "invalid_request_error", "model_not_found")

    @classmethod
    def insufficient_quota(cls) -> Reply:
        message = (
            "You exceeded your current quota, please check your plan and billing details: "
            "insufficient credit balance."
        )
        return cls.failure(400, message, "insufficient_quota", "insufficient_quota")

    @classmethod
    def dropped(cls, delay_s: float = 0.0) -> Reply:
        return cls(drop=True, delay_s=delay_s)


Handler = Callable[[JsonObject], Reply]


@dataclass
class RecordedRequest:
    method: str
    path: str
    json: JsonObject
    headers: dict[str, str]
    received: float  # time.monotonic() once the body was read
    sent: float | None = None  # time.monotonic() once the answer was written; None if dropped
    reply: Reply | None = None

    @property
    def prompt_text(self) -> str:
        """Every message's content, joined: what the model was told."""
        return "\n".join(str(m.get("content", "")) for m in self.json.get("messages", []))


class OpenAIServer:
    """The scriptable server. Use `running_openai_server()` to start and stop it."""

    def __init__(
        self,
        default: Reply | None = None,
        models: tuple[str, ...] = ("fake-model",),
    ) -> None:
        self.default = default or Reply.text("OK")
        self.models = models
        self.handler: Handler | None = None
        self.requests: list[RecordedRequest] = []
        self._replies: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._connections: set[socket.socket] = set()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_request_handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.02,), name="fake-openai", daemon=True
        )  # a short poll interval: stop() returns at once

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        """What to pass as `api_base`: http://127.0.0.1:PORT/v1."""
        return f"http://127.0.0.1:{self.port}/v1"

    @property
    def completions(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def most_at_once(self) -> int:
        """The most completion requests this server was answering at one moment."""
        events = []
        for request in self.completions:
            if request.sent is not None:
                events += [(request.received, 1), (request.sent, -1)]
        busy = most = 0
        for _, step in sorted(events):
            busy += step
            most = max(most, busy)
        return most

    def enqueue(self, *replies: Reply) -> None:
        with self._lock:
            self._replies.extend(replies)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._closing.set()  # ends scripted delays at once
        self._httpd.shutdown()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:  # keep-alive connections idle in their threads
            _shut(connection)
        self._httpd.server_close()
        self._thread.join(timeout=5)

    # --- used by the request handler ---------------------------------------------------------

    def next_reply(self, request_json: JsonObject) -> Reply:
        with self._lock:
            if self._replies:
                return self._replies.popleft()
        if self.handler is not None:
            return self.handler(request_json)
        return self.default

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def wait(self, seconds: float) -> None:
        self._closing.wait(seconds)

    def track(self, connection: socket.socket, open_: bool) -> None:
        with self._lock:
            if open_:
                self._connections.add(connection)
            else:
                self._connections.discard(connection)


@contextmanager
def running_openai_server(
    default: Reply | None = None, models: tuple[str, ...] = ("fake-model",)
) -> Iterator[OpenAIServer]:
    server = OpenAIServer(default=default, models=models)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released): connections are refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


STALL_HOLD_S = 120.0  # a stalled stream is held open this long, or until the server stops


def chunk_body(
    request_json: JsonObject, number: int, delta: JsonObject, finish: str | None
) -> JsonObject:
    return {
        "id": f"chatcmpl-fake-{number}",
        "object": "chat.completion.chunk",
        "created": int(time.time()),
        "model": request_json.get("model", "fake-model"),
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


def completion_body(request_json: JsonObject, reply: Reply, number: int) -> JsonObject:
    content = reply.content or ""
    prompt_tokens, completion_tokens = reply.usage or (
        _count_words(request_json),
        len(content.split()),
    )
    return {
        "id": f"chatcmpl-fake-{number}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": request_json.get("model", "fake-model"),
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


def _count_words(request_json: JsonObject) -> int:
    messages = request_json.get("messages", [])
    return sum(len(str(m.get("content", "")).split()) for m in messages)


def _shut(connection: socket.socket) -> None:
    with suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)


def _make_request_handler(server: OpenAIServer) -> type[BaseHTTPRequestHandler]:
    class RequestHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the OpenAI client expects
        disable_nagle_algorithm = True  # else small answers wait ~40 ms for a delayed ACK
        wbufsize = -1  # headers and body leave in one write, on flush

        def setup(self) -> None:
            super().setup()
            server.track(self.connection, open_=True)

        def finish(self) -> None:
            server.track(self.connection, open_=False)
            with suppress(OSError):
                super().finish()

        def log_message(self, format: str, *args: Any) -> None:
            return  # quiet: pytest output stays clean

        def do_GET(self) -> None:
            request = self._receive({})
            if self.path.rstrip("/").endswith("/models"):
                data = [{"id": m, "object": "model", "owned_by": "fake"} for m in server.models]
                self._send(request, 200, {"object": "list", "data": data})
            else:
                self._send(request, 404, _not_found_body(self.path))

        def do_POST(self) -> None:
            request_json = self._read_json()
            request = self._receive(request_json)
            if not self.path.rstrip("/").endswith("/chat/completions"):
                self._send(request, 404, _not_found_body(self.path))
                return
            reply = server.next_reply(request_json)
            request.reply = reply
            if reply.delay_s:
                server.wait(reply.delay_s)
            if reply.drop:
                self._drop()
            elif reply.status == 200 and request_json.get("stream"):
                self._stream(request, request_json, reply, len(server.requests))
            elif reply.status == 200:
                body = completion_body(request_json, reply, len(server.requests))
                self._send(request, 200, body, reply.headers)
            else:
                self._send(request, reply.status, reply.error or {}, reply.headers)

        def _read_json(self) -> JsonObject:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b"{}"
            try:
                parsed = json.loads(raw)
            except json.JSONDecodeError:
                return {"_unparsed": raw.decode("utf-8", "replace")}
            return parsed if isinstance(parsed, dict) else {"_json": parsed}

        def _receive(self, request_json: JsonObject) -> RecordedRequest:
            request = RecordedRequest(
                method=self.command,
                path=self.path,
                json=request_json,
                headers={k.lower(): v for k, v in self.headers.items()},
                received=time.monotonic(),
            )
            server.record(request)
            return request

        def _send(
            self,
            request: RecordedRequest,
            status: int,
            body: JsonObject,
            headers: dict[str, str] | None = None,
        ) -> None:
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
                self.wfile.flush()
            except OSError:  # the client gave up (timeout) and closed the connection
                self.close_connection = True
                return
            request.sent = time.monotonic()

        def _stream(
            self, request: RecordedRequest, request_json: JsonObject, reply: Reply, number: int
        ) -> None:
            """The reply as server-sent events, then the connection is closed."""
            self.close_connection = True
            content = reply.content or ""
            step = max(1, reply.chunk_chars)
            pieces = [content[i : i + step] for i in range(0, len(content), step)]
            events = [chunk_body(request_json, number, {"role": "assistant"}, None)]
            events += [chunk_body(request_json, number, {"content": p}, None) for p in pieces]
            events.append(chunk_body(request_json, number, {}, "stop"))
            if (request_json.get("stream_options") or {}).get("include_usage"):
                usage = completion_body(request_json, reply, number)["usage"]
                events.append(
                    {**chunk_body(request_json, number, {}, None), "choices": [], "usage": usage}
                )
            try:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                for index, event in enumerate(events):
                    if reply.stall_after is not None and index > reply.stall_after:
                        server.wait(STALL_HOLD_S)  # silent, the connection open
                        return
                    if index > 1 and reply.chunk_delay_s:
                        server.wait(reply.chunk_delay_s)
                    self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
            except OSError:  # the client gave up and closed the connection
                return
            request.sent = time.monotonic()

        def _drop(self) -> None:
            self.close_connection = True
            _shut(self.connection)

    return RequestHandler


def _not_found_body(path: str) -> JsonObject:
    return {"error": {"message": f"no route {path}", "type": "invalid_request_error"}}
