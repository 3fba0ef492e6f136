"""Edge TTS: the interviewer's neural voice, streamed as MP3 from Microsoft Edge's read aloud.

`EdgeSpeaker(voice="aria", rate="+0%", pitch="+0Hz")` speaks through the real edge-tts SDK:

- `await stream(text)` yields the MP3 bytes as they arrive (play from the first chunk);
- `synthesize(text, path)` writes the whole MP3 atomically (never a 0-byte or partial file),
  from `cache_dir` when the same voice, rate, pitch and text were spoken before;
- `list_voices(locale)` asks the service for its voices; `offline_voices()` are the named four.

Voices: a name from NAMED_VOICES ("aria", any case) or an Edge voice id ("en-US-JennyNeural").

Endpoint: `url`, else EDGE_TTS_URL, else the SDK's own. The SDK reads the module global
`edge_tts.communicate.WSS_URL` when it connects (setting `edge_tts.constants.WSS_URL` does
nothing), and `edge_tts.voices.VOICE_LIST` for the voice list; both are set only while a call
needs them, shared by calls that want the same URL and restored when the last one ends (a call
wanting another URL waits for that), so nothing leaks between speakers. The voice list comes from
`EDGE_TTS_VOICES_URL`, else from the same base as the websocket (`.../edge/v1` ->
`.../voices/list`, ws -> http).

Every failure of the service is an `EdgeTTSError` (a ProviderError) with a `reason`:
"unreachable" (DNS, refused, connection lost before any audio), "forbidden" (HTTP 403 after the
SDK's own clock-skew retry; the skew it learnt is undone), "rejected" (another HTTP status),
"timeout" (no data within `receive_timeout`), "no_audio" (the turn ended with no audio),
"truncated" (the connection ended before the service said the turn was over: edge-tts raises
nothing then, so the audio bytes received are compared with those the SDK counted as completed
turns), "protocol" (a message edge-tts does not understand).

edge_tts and aiohttp are imported inside the functions, so `ai-interview --help` stays fast.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import math
import os
import re
import threading
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from ai_interviewer.errors import ProviderError, UsageError
from ai_interviewer.storage.atomic import write_bytes_atomic
from ai_interviewer.storage.private import make_private_dir
from ai_interviewer.timeouts import within

NAMED_VOICES = {
    "alex": "en-US-GuyNeural",
    "aria": "en-US-AriaNeural",
    "natasha": "en-AU-NatashaNeural",
    "sonia": "en-GB-SoniaNeural",
}
NAMED_VOICE_DETAILS = {  # id -> (gender, locale), so the named voices need no network
    "en-US-GuyNeural": ("Male", "en-US"),
    "en-US-AriaNeural": ("Female", "en-US"),
    "en-AU-NatashaNeural": ("Female", "en-AU"),
    "en-GB-SoniaNeural": ("Female", "en-GB"),
}
DEFAULT_VOICE = "aria"
URL_VARIABLE = "EDGE_TTS_URL"
VOICES_URL_VARIABLE = "EDGE_TTS_VOICES_URL"
DEFAULT_TOKEN_QUERY = "TrustedClientToken=6A5AA1D4EAFF4E9FB37E23D68491D6F4"

RATE_PATTERN = re.compile(r"^[+-]\d{1,3}%$")
PITCH_PATTERN = re.compile(r"^[+-]\d{1,4}Hz$")
SHORT_VOICE_ID_PATTERN = re.compile(r"^[a-z]{2,}-[A-Z]{2,}-.+Neural$")
LONG_VOICE_ID_PATTERN = re.compile(r"^Microsoft Server Speech Text to Speech Voice \(.+,.+\)$")

OFFLINE_HINT = "check the network, or use --tts system for the offline voice"
VOICE_HINT = (
    "use alex, aria, natasha or sonia, or an Edge voice id such as en-US-JennyNeural "
    "(`ai-interview voices` lists them)"
)
OVERRIDE_POLL_SECONDS = 0.005

Reason = Literal[
    "unreachable", "forbidden", "rejected", "timeout", "no_audio", "truncated", "protocol"
]


class EdgeTTSError(ProviderError):
    """Edge TTS could not speak; `reason` says why (see the module docstring)."""

    def __init__(self, message: str, hint: str | None = None, *, reason: Reason) -> None:
        super().__init__(message, hint)
        self.reason: Reason = reason


@dataclass(frozen=True)
class VoiceInfo:
    id: str  # the Edge voice id, e.g. en-US-AriaNeural
    gender: str  # "Female" or "Male"
    locale: str  # e.g. en-US


# --- voices ------------------------------------------------------------------------------------


def resolve_voice(name_or_id: str) -> str:
    """The Edge voice id for a named voice (any case); any other string is taken as an id."""
    cleaned = name_or_id.strip()
    return NAMED_VOICES.get(cleaned.lower(), cleaned)


def is_edge_voice_id(voice_id: str) -> bool:
    """Whether edge-tts accepts this id (short "en-US-AriaNeural" or the long service name)."""
    return bool(SHORT_VOICE_ID_PATTERN.match(voice_id) or LONG_VOICE_ID_PATTERN.match(voice_id))


def offline_voices() -> list[VoiceInfo]:
    """The named voices, known without asking the service."""
    return [
        VoiceInfo(voice_id, *NAMED_VOICE_DETAILS[voice_id]) for voice_id in NAMED_VOICES.values()
    ]


async def list_voices(
    locale: str | None = None, *, url: str | None = None, timeout: float = 10.0
) -> list[VoiceInfo]:
    """The service's voices, sorted by id; `locale` "en" or "en-GB" keeps the matching ones.

    `url` is the voice-list URL; without it EDGE_TTS_VOICES_URL, else one derived from
    EDGE_TTS_URL, else the SDK's own.
    """
    import edge_tts
    import edge_tts.voices

    voices_url = voice_list_url(url)
    skew_before = _clock_skew()
    async with _ENDPOINTS.holding(edge_tts.voices, "VOICE_LIST", voices_url):
        try:
            listing = await within(edge_tts.list_voices(), timeout)
        except Exception as exc:
            _reraise_as_edge_error(exc, audio_received=False, skew_before=skew_before)
            raise
    voices = [VoiceInfo(v["ShortName"], v["Gender"], v["Locale"]) for v in listing]
    return sorted(filter_by_locale(voices, locale), key=lambda voice: voice.id)


def filter_by_locale(voices: list[VoiceInfo], locale: str | None) -> list[VoiceInfo]:
    """Voices of that locale ("en-GB") or language ("en"), compared case-insensitively."""
    if not locale:
        return list(voices)
    wanted = locale.strip().lower()
    return [
        v for v in voices if v.locale.lower() == wanted or v.locale.lower().startswith(wanted + "-")
    ]


# --- endpoints ---------------------------------------------------------------------------------


def websocket_url(url: str | None = None) -> str | None:
    """The websocket endpoint to use: `url`, else EDGE_TTS_URL, else None (the SDK's own).

    http(s) becomes ws(s), and a URL without a query gets the SDK's token query, because the
    SDK appends `&ConnectionId=...` to it.
    """
    chosen = url or os.environ.get(URL_VARIABLE) or None
    return _with_query(_as_websocket_scheme(chosen)) if chosen else None


def voice_list_url(url: str | None = None) -> str | None:
    """The voice-list endpoint: `url`, EDGE_TTS_VOICES_URL, derived from EDGE_TTS_URL, or None."""
    explicit = url or os.environ.get(VOICES_URL_VARIABLE)
    if explicit:
        return _with_query(explicit)
    base = websocket_url()
    return voice_list_url_for(base) if base else None


def voice_list_url_for(ws_url: str) -> str:
    """The voice list beside a websocket endpoint: `.../edge/v1?q` -> `.../voices/list?q`."""
    parts = urlsplit(ws_url)
    scheme = {"ws": "http", "wss": "https"}.get(parts.scheme, parts.scheme)
    path = parts.path.rstrip("/")
    path = path.removesuffix("/edge/v1") + "/voices/list"
    return _with_query(urlunsplit((scheme, parts.netloc, path, parts.query, "")))


def _as_websocket_scheme(url: str) -> str:
    parts = urlsplit(url)
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    return urlunsplit((scheme, parts.netloc, parts.path, parts.query, parts.fragment))


def _with_query(url: str) -> str:
    return url if "?" in url else f"{url}?{DEFAULT_TOKEN_QUERY}"


@dataclass
class _Hold:
    value: str
    saved: Any
    users: int


class _SharedOverrides:
    """Module globals set for as long as some call needs them, then restored.

    Calls wanting the same value share it; a call wanting another value waits (without blocking
    its event loop) until the last user of the current one is done. Thread-safe, so speakers on
    different threads and event loops cannot see each other's endpoints.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holds: dict[tuple[str, str], _Hold] = {}

    @contextlib.asynccontextmanager
    async def holding(
        self, module: ModuleType, attribute: str, value: str | None
    ) -> AsyncIterator[None]:
        """Set `module.attribute` to `value` (None: the SDK's default) for the block."""
        wanted = value if value is not None else _sdk_default(attribute)
        while not self._try_acquire(module, attribute, wanted):
            await asyncio.sleep(OVERRIDE_POLL_SECONDS)
        try:
            yield
        finally:
            self._release(module, attribute)

    def _try_acquire(self, module: ModuleType, attribute: str, value: str) -> bool:
        key = (module.__name__, attribute)
        with self._lock:
            hold = self._holds.get(key)
            if hold is None:
                self._holds[key] = _Hold(value, getattr(module, attribute), 1)
                setattr(module, attribute, value)
                return True
            if hold.value == value:
                hold.users += 1
                return True
            return False

    def _release(self, module: ModuleType, attribute: str) -> None:
        key = (module.__name__, attribute)
        with self._lock:
            hold = self._holds[key]
            hold.users -= 1
            if hold.users == 0:
                setattr(module, attribute, hold.saved)
                del self._holds[key]


def _sdk_default(attribute: str) -> str:
    """The SDK's own value of an endpoint (WSS_URL, VOICE_LIST), kept in edge_tts.constants."""
    import edge_tts.constants

    return str(getattr(edge_tts.constants, attribute))


_ENDPOINTS = _SharedOverrides()


# --- the speaker -------------------------------------------------------------------------------


class EdgeSpeaker:
    """Speaks with a Microsoft Edge neural voice into an MP3 file (or a stream of MP3 bytes)."""

    name = "edge"
    extension = "mp3"

    def __init__(
        self,
        voice: str = DEFAULT_VOICE,
        rate: str = "+0%",
        pitch: str = "+0Hz",
        url: str | None = None,
        receive_timeout: float = 10.0,
        cache_dir: Path | None = None,
    ) -> None:
        self.voice_id = _checked_voice(voice)
        self.rate = _checked_setting("rate", rate, RATE_PATTERN, '"+10%" or "-5%"')
        self.pitch = _checked_setting("pitch", pitch, PITCH_PATTERN, '"+2Hz" or "-3Hz"')
        self.url = websocket_url(url)
        self.receive_timeout = _checked_seconds("receive_timeout", receive_timeout)
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None

    async def stream(self, text: str) -> AsyncGenerator[bytes, None]:
        """The MP3 bytes as the service sends them; EdgeTTSError when it fails or stops short.

        A stream cut short is only known at its end, after its first chunks were yielded.
        Close an abandoned stream (`contextlib.aclosing`) so its endpoint is released at once.
        """
        import edge_tts
        import edge_tts.communicate

        _require_text(text)
        communicate = self._communicate(text)
        received = 0
        skew_before = _clock_skew()
        async with _ENDPOINTS.holding(edge_tts.communicate, "WSS_URL", self.url):
            messages = communicate.stream()
            try:
                while (audio := await self._next_audio(messages)) is not None:
                    received += len(audio)
                    yield audio
            except Exception as exc:
                _reraise_as_edge_error(exc, audio_received=received > 0, skew_before=skew_before)
                raise
            finally:
                await messages.aclose()
        _check_turns_completed(communicate, received)

    async def _next_audio(self, messages: AsyncIterator[Any]) -> bytes | None:
        """The next audio bytes from the SDK's stream, None at its end; TimeoutError when no
        audio comes within `receive_timeout` (for the first: connecting included).

        The wait is ours: aiohttp (3.14) drops the session's read timeout once the websocket is
        open, so edge-tts would wait forever on a server that accepted and then went quiet.
        """
        async with asyncio.timeout(self.receive_timeout):
            async for message in messages:
                if message["type"] == "audio" and message.get("data"):
                    return bytes(message["data"])
        return None

    async def audio(self, text: str) -> bytes:
        """The whole MP3 for `text`, from the service (no cache)."""
        chunks = [chunk async for chunk in self.stream(text)]
        return b"".join(chunks)

    async def synthesize(self, text: str, path: Path) -> Path:
        """Write the MP3 of `text` to `path` atomically (from the cache when it has it)."""
        _require_text(text)
        path = Path(path)
        make_private_dir(path.parent)
        audio = self._cached_audio(text)
        if audio is None:
            audio = await self.audio(text)
            self._store_in_cache(text, audio)
        write_bytes_atomic(path, audio)
        return path

    async def voices(self, locale: str | None = None) -> list[VoiceInfo]:
        """The service's voices, from the voice list beside this speaker's endpoint."""
        url = voice_list_url_for(self.url) if self.url else None
        return await list_voices(locale, url=url, timeout=self.receive_timeout)

    def cache_key(self, text: str) -> str:
        """sha256 of the voice id, rate, pitch and text: what makes two MP3s the same."""
        material = json.dumps([self.voice_id, self.rate, self.pitch, text], ensure_ascii=False)
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    def cache_path(self, text: str) -> Path | None:
        if self.cache_dir is None:
            return None
        return self.cache_dir / f"{self.cache_key(text)}.mp3"

    def _cached_audio(self, text: str) -> bytes | None:
        cached = self.cache_path(text)
        if cached is None or not cached.is_file():
            return None
        audio = cached.read_bytes()
        return audio or None

    def _store_in_cache(self, text: str, audio: bytes) -> None:
        cached = self.cache_path(text)
        if cached is None:
            return
        make_private_dir(cached.parent)
        write_bytes_atomic(cached, audio)

    def _communicate(self, text: str) -> Any:
        import aiohttp
        import edge_tts

        communicate = edge_tts.Communicate(
            text,
            self.voice_id,
            rate=self.rate,
            pitch=self.pitch,
            connect_timeout=math.ceil(self.receive_timeout),
            receive_timeout=math.ceil(self.receive_timeout),
        )
        # The SDK takes whole seconds only; its session timeout is what it uses, so set it exactly
        # (it bounds connecting and the handshake; _next_audio bounds the rest).
        communicate.session_timeout = aiohttp.ClientTimeout(
            total=None,
            connect=None,
            sock_connect=self.receive_timeout,
            sock_read=self.receive_timeout,
        )
        return communicate


# --- checks ----------------------------------------------------------------------------------


def _checked_voice(voice: str) -> str:
    voice_id = resolve_voice(voice)
    if not is_edge_voice_id(voice_id):
        raise UsageError(f"Unknown Edge voice {voice!r}", VOICE_HINT)
    return voice_id


def _checked_setting(label: str, value: str, pattern: re.Pattern[str], example: str) -> str:
    cleaned = value.strip() if isinstance(value, str) else ""
    if not pattern.match(cleaned):
        raise UsageError(f"Edge voice {label} {value!r} is not valid", f"write it like {example}")
    return cleaned


def _checked_seconds(label: str, seconds: float) -> float:
    if not seconds > 0:
        raise UsageError(f"Edge {label} must be more than 0 seconds, not {seconds!r}")
    return float(seconds)


def _require_text(text: str) -> None:
    if not text.strip():
        raise ProviderError("Nothing to say: the text is empty")


def _check_turns_completed(communicate: Any, received: int) -> None:
    """Raise "truncated" unless every audio byte belongs to a turn that ended with turn.end.

    edge-tts adds a turn's audio bytes to `cumulative_audio_bytes` only on `turn.end`; when the
    server closes the socket before it, the SDK ends quietly and the bytes stay uncounted.
    """
    completed = communicate.state.get("cumulative_audio_bytes")
    if completed is not None and completed != received:
        raise EdgeTTSError(
            f"Edge TTS stopped early: the connection closed after {received} bytes of audio, "
            "before the end of the speech",
            OFFLINE_HINT,
            reason="truncated",
        )


# --- errors ----------------------------------------------------------------------------------


def _clock_skew() -> float:
    from edge_tts.drm import DRM

    return float(DRM.clock_skew_seconds)


def _restore_clock_skew(seconds: float) -> None:
    from edge_tts.drm import DRM

    DRM.clock_skew_seconds = seconds


def _reraise_as_edge_error(exc: Exception, audio_received: bool, skew_before: float) -> None:
    """Raise the EdgeTTSError for a failure of the service; return for anything else."""
    failure = edge_error_for(exc, audio_received)
    if failure is None:
        return
    if failure.reason == "forbidden":
        _restore_clock_skew(skew_before)  # the SDK's skew fix did not help: do not keep it
    raise failure from exc


def edge_error_for(exc: BaseException, audio_received: bool) -> EdgeTTSError | None:
    """The EdgeTTSError for a failure of the service, or None for anything else."""
    import aiohttp
    from edge_tts import exceptions as sdk

    if isinstance(exc, aiohttp.ClientResponseError | sdk.SkewAdjustmentError):
        status = getattr(exc, "status", 403)
        if status == 403:
            return EdgeTTSError(
                "Edge TTS refused the request (HTTP 403)",
                "the system clock may be wrong, or edge-tts may need an update",
                reason="forbidden",
            )
        return EdgeTTSError(f"Edge TTS answered HTTP {status}", OFFLINE_HINT, reason="rejected")
    if isinstance(exc, aiohttp.ClientConnectorError):
        cause = exc.os_error.strerror or type(exc.os_error).__name__
        where = f"{exc.host}:{exc.port}"
        return EdgeTTSError(
            f"Edge TTS is unreachable ({where}: {cause})", OFFLINE_HINT, reason="unreachable"
        )
    if isinstance(exc, TimeoutError):  # aiohttp.SocketTimeoutError and asyncio's are both
        return EdgeTTSError("Edge TTS did not answer in time", OFFLINE_HINT, reason="timeout")
    if isinstance(exc, sdk.NoAudioReceived):
        return EdgeTTSError("Edge TTS sent no audio for the text", VOICE_HINT, reason="no_audio")
    if isinstance(exc, aiohttp.ClientConnectionError | sdk.WebSocketError):
        if audio_received:
            return EdgeTTSError(
                f"Edge TTS stopped early: the connection broke ({exc})",
                OFFLINE_HINT,
                reason="truncated",
            )
        return EdgeTTSError(f"Edge TTS is unreachable ({exc})", OFFLINE_HINT, reason="unreachable")
    if isinstance(exc, sdk.UnexpectedResponse | sdk.UnknownResponse):
        return EdgeTTSError(
            f"Edge TTS sent something edge-tts does not understand ({exc})",
            "edge-tts may need an update",
            reason="protocol",
        )
    return None
