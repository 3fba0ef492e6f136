"""Edge TTS: the real edge-tts SDK against a local fake of the service's websocket protocol."""

from __future__ import annotations

import asyncio
import io
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import aclosing
from pathlib import Path

import edge_tts.communicate
import edge_tts.constants
import edge_tts.voices
import pytest
import soundfile
from edge_tts.drm import DRM

from ai_interviewer.errors import ProviderError, UsageError
from ai_interviewer.providers.tts_edge import (
    NAMED_VOICES,
    EdgeSpeaker,
    EdgeTTSError,
    VoiceInfo,
    list_voices,
    offline_voices,
    resolve_voice,
    voice_list_url_for,
    websocket_url,
)
from fakes.edge_server import EdgeServer, Mode, running_edge_server
from fakes.openai_server import closed_port

QUESTION = "Tell me about a project you are proud of, and what you did to make it work."
LONG_NAME = "Microsoft Server Speech Text to Speech Voice ({locale}, {name})"


@pytest.fixture(autouse=True)
def no_endpoint_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No developer EDGE_TTS_* settings; the SDK's globals and clock skew as they were."""
    monkeypatch.delenv("EDGE_TTS_URL", raising=False)
    monkeypatch.delenv("EDGE_TTS_VOICES_URL", raising=False)
    skew = DRM.clock_skew_seconds
    yield
    assert edge_tts.communicate.WSS_URL == edge_tts.constants.WSS_URL
    assert edge_tts.voices.VOICE_LIST == edge_tts.constants.VOICE_LIST
    DRM.clock_skew_seconds = skew


@pytest.fixture
def edge_server() -> Iterator[EdgeServer]:
    with running_edge_server() as server:
        yield server


def speaker_for(server: EdgeServer, **options: object) -> EdgeSpeaker:
    return EdgeSpeaker(url=server.ws_url, **options)  # type: ignore[arg-type]


def duration_of_mp3(path: Path) -> float:
    info = soundfile.info(str(path))
    return float(info.frames) / info.samplerate


async def receive_times(speaker: EdgeSpeaker, text: str) -> tuple[list[bytes], list[float]]:
    chunks: list[bytes] = []
    times: list[float] = []
    async for chunk in speaker.stream(text):
        times.append(time.monotonic())
        chunks.append(chunk)
    return chunks, times


# --- voices and settings ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "voice_id"),
    [
        ("alex", "en-US-GuyNeural"),
        ("Aria", "en-US-AriaNeural"),
        ("NATASHA", "en-AU-NatashaNeural"),
        (" sonia ", "en-GB-SoniaNeural"),
        ("en-US-JennyNeural", "en-US-JennyNeural"),
    ],
)
def test_named_voices_resolve_and_other_ids_pass_through(name: str, voice_id: str) -> None:
    assert resolve_voice(name) == voice_id
    assert EdgeSpeaker(voice=name).voice_id == voice_id


def test_offline_voices_are_the_four_named_ones() -> None:
    voices = offline_voices()
    assert [v.id for v in voices] == list(NAMED_VOICES.values())
    assert VoiceInfo("en-US-GuyNeural", "Male", "en-US") in voices
    assert VoiceInfo("en-GB-SoniaNeural", "Female", "en-GB") in voices


@pytest.mark.parametrize(
    "options",
    [
        {"rate": "10%"},
        {"rate": "+10"},
        {"rate": "fast"},
        {"rate": "+1 0%"},
        {"pitch": "+2"},
        {"pitch": "2Hz"},
        {"pitch": "high"},
        {"voice": "bob"},
        {"receive_timeout": 0},
    ],
)
def test_bad_settings_are_usage_errors(options: dict[str, object]) -> None:
    with pytest.raises(UsageError) as caught:
        EdgeSpeaker(**options)  # type: ignore[arg-type]
    assert caught.value.hint or "seconds" in caught.value.message


def test_good_settings_are_kept() -> None:
    speaker = EdgeSpeaker(voice="alex", rate="-5%", pitch="+2Hz")
    assert (speaker.voice_id, speaker.rate, speaker.pitch) == ("en-US-GuyNeural", "-5%", "+2Hz")
    assert speaker.name == "edge"


def test_endpoint_urls_are_normalised_and_the_voice_list_is_derived() -> None:
    assert websocket_url("http://127.0.0.1:9/edge/v1") == (
        "ws://127.0.0.1:9/edge/v1?TrustedClientToken=6A5AA1D4EAFF4E9FB37E23D68491D6F4"
    )
    assert websocket_url("wss://host/x/edge/v1?T=1") == "wss://host/x/edge/v1?T=1"
    assert voice_list_url_for("ws://127.0.0.1:9/a/edge/v1?T=1") == (
        "http://127.0.0.1:9/a/voices/list?T=1"
    )
    assert voice_list_url_for("wss://host/a/edge/v1/?T=1") == "https://host/a/voices/list?T=1"


# --- speaking ---------------------------------------------------------------------------------


def test_synthesize_writes_the_mp3_and_sends_the_voice_rate_and_pitch(
    edge_server: EdgeServer, tmp_path: Path
) -> None:
    speaker = speaker_for(edge_server, voice="sonia", rate="+10%", pitch="-2Hz")
    out = asyncio.run(
        speaker.synthesize("Why this role & why now?", tmp_path / "audio" / "q01.mp3")
    )

    assert out == tmp_path / "audio" / "q01.mp3"
    assert out.read_bytes() == edge_server.audio
    assert 0.9 < duration_of_mp3(out) < 1.2
    (request,) = edge_server.requests
    assert request.voice == LONG_NAME.format(locale="en-GB", name="SoniaNeural")
    assert (request.rate, request.pitch) == ("+10%", "-2Hz")
    assert request.text == "Why this role &amp; why now?"  # XML-escaped on the wire
    assert request.query["TrustedClientToken"] == "x"
    assert "Sec-MS-GEC" in request.query and "ConnectionId" in request.query


def test_the_default_voice_is_aria(edge_server: EdgeServer, tmp_path: Path) -> None:
    asyncio.run(speaker_for(edge_server).synthesize(QUESTION, tmp_path / "q.mp3"))
    (request,) = edge_server.requests
    assert request.voice == LONG_NAME.format(locale="en-US", name="AriaNeural")
    assert (request.rate, request.pitch) == ("+0%", "+0Hz")


def test_stream_yields_every_audio_frame_in_order(edge_server: EdgeServer) -> None:
    chunks, _ = asyncio.run(receive_times(speaker_for(edge_server), QUESTION))
    assert chunks == edge_server.frames
    assert b"".join(chunks) == edge_server.audio
    samples, rate = soundfile.read(io.BytesIO(b"".join(chunks)))
    assert rate == 24000 and len(samples) > 0


def test_the_first_chunk_arrives_before_the_server_sends_the_last_frame() -> None:
    with running_edge_server(mode="slow", frame_delay=0.05, frame_count=8) as server:
        chunks, received_at = asyncio.run(receive_times(speaker_for(server), QUESTION))
        sent_at = list(server.frames_sent_at)
    assert len(chunks) == len(sent_at) == 8
    assert received_at[0] < sent_at[1] < sent_at[-1]  # playing can start 7 frames early
    assert received_at[-1] >= sent_at[-1]


def test_synthesize_on_the_sessions_event_loop(edge_server: EdgeServer, tmp_path: Path) -> None:
    async def on_the_loop() -> Path:
        return await speaker_for(edge_server).synthesize(QUESTION, tmp_path / "q.mp3")

    assert asyncio.run(on_the_loop()).read_bytes() == edge_server.audio


def test_the_endpoint_comes_from_edge_tts_url(
    edge_server: EdgeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDGE_TTS_URL", edge_server.ws_url)
    asyncio.run(EdgeSpeaker().synthesize(QUESTION, tmp_path / "q.mp3"))
    assert len(edge_server.requests) == 1


def test_empty_text_is_refused_without_a_request(edge_server: EdgeServer, tmp_path: Path) -> None:
    with pytest.raises(ProviderError, match="empty"):
        asyncio.run(speaker_for(edge_server).synthesize("  \n", tmp_path / "q.mp3"))
    assert edge_server.handshakes == 0
    assert not (tmp_path / "q.mp3").exists()


# --- the cache --------------------------------------------------------------------------------


def test_a_cache_hit_makes_no_second_request(edge_server: EdgeServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = asyncio.run(
        speaker_for(edge_server, cache_dir=cache).synthesize(QUESTION, tmp_path / "a.mp3")
    )
    again = asyncio.run(
        speaker_for(edge_server, cache_dir=cache).synthesize(QUESTION, tmp_path / "b.mp3")
    )

    assert edge_server.handshakes == 1
    assert again.read_bytes() == first.read_bytes() == edge_server.audio
    assert [p.suffix for p in cache.iterdir()] == [".mp3"]


@pytest.mark.parametrize(
    "change", [{"voice": "alex"}, {"rate": "+5%"}, {"pitch": "+1Hz"}, {"text": "Another one."}]
)
def test_a_different_voice_rate_pitch_or_text_is_a_cache_miss(
    edge_server: EdgeServer, tmp_path: Path, change: dict[str, str]
) -> None:
    cache = tmp_path / "cache"
    asyncio.run(speaker_for(edge_server, cache_dir=cache).synthesize(QUESTION, tmp_path / "a.mp3"))
    text = change.pop("text", QUESTION)
    asyncio.run(
        speaker_for(edge_server, cache_dir=cache, **change).synthesize(text, tmp_path / "b.mp3")
    )
    assert edge_server.handshakes == 2
    assert len(list(cache.iterdir())) == 2


def test_without_a_cache_dir_every_call_asks(edge_server: EdgeServer, tmp_path: Path) -> None:
    speaker = speaker_for(edge_server)
    asyncio.run(speaker.synthesize(QUESTION, tmp_path / "a.mp3"))
    asyncio.run(speaker.synthesize(QUESTION, tmp_path / "a.mp3"))
    assert edge_server.handshakes == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mp3"]


# --- failures ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("forbidden", "forbidden"),
        ("no_audio", "no_audio"),
        ("truncated", "truncated"),
        ("silent", "timeout"),
        ("silent_handshake", "timeout"),
    ],
)
def test_each_failure_has_its_reason_and_leaves_no_file(
    tmp_path: Path, mode: Mode, reason: str
) -> None:
    folder = tmp_path / "audio"
    skew = DRM.clock_skew_seconds
    with running_edge_server(mode=mode) as server:
        speaker = speaker_for(server, receive_timeout=0.3, cache_dir=tmp_path / "cache")
        started = time.monotonic()
        with pytest.raises(EdgeTTSError) as caught:
            asyncio.run(speaker.synthesize(QUESTION, folder / "q01.mp3"))
        elapsed = time.monotonic() - started
    assert caught.value.reason == reason
    assert isinstance(caught.value, ProviderError) and caught.value.hint
    assert list(folder.iterdir()) == []  # no 0-byte file, no temporary file
    assert not (tmp_path / "cache").exists() or list((tmp_path / "cache").iterdir()) == []
    assert DRM.clock_skew_seconds == skew
    assert elapsed < 5


def test_forbidden_is_retried_once_by_the_sdk_and_its_clock_skew_is_undone(
    tmp_path: Path,
) -> None:
    DRM.clock_skew_seconds = 1.5  # whatever it was before stays
    with running_edge_server(mode="forbidden") as server:
        with pytest.raises(EdgeTTSError) as caught:
            asyncio.run(speaker_for(server).synthesize(QUESTION, tmp_path / "q.mp3"))
        assert server.handshakes == 2  # the SDK's own retry after a clock-skew fix
    assert caught.value.reason == "forbidden"
    assert DRM.clock_skew_seconds == 1.5


def test_a_refused_connection_is_unreachable(tmp_path: Path) -> None:
    speaker = EdgeSpeaker(url=f"ws://127.0.0.1:{closed_port()}/edge/v1?TrustedClientToken=x")
    with pytest.raises(EdgeTTSError) as caught:
        asyncio.run(speaker.synthesize(QUESTION, tmp_path / "q.mp3"))
    assert caught.value.reason == "unreachable"
    assert list(tmp_path.iterdir()) == []


def test_a_failure_keeps_the_file_that_was_there(tmp_path: Path) -> None:
    target = tmp_path / "q.mp3"
    target.write_bytes(b"the earlier question")
    with running_edge_server(mode="truncated") as server, pytest.raises(EdgeTTSError):
        asyncio.run(speaker_for(server).synthesize(QUESTION, target))
    assert target.read_bytes() == b"the earlier question"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["q.mp3"]


def test_a_truncated_stream_raises_after_the_chunks_it_got() -> None:
    got: list[bytes] = []

    async def consume(speaker: EdgeSpeaker) -> None:
        async for chunk in speaker.stream(QUESTION):
            got.append(chunk)

    with running_edge_server(mode="truncated", frame_count=8) as server:
        with pytest.raises(EdgeTTSError) as caught:
            asyncio.run(consume(speaker_for(server)))
        assert got == server.frames[:4]
    assert caught.value.reason == "truncated"


# --- the endpoint override does not leak ------------------------------------------------------


def test_an_abandoned_stream_gives_the_endpoint_back(edge_server: EdgeServer) -> None:
    async def first_chunk_only() -> bytes:
        async with aclosing(speaker_for(edge_server).stream(QUESTION)) as chunks:
            async for chunk in chunks:
                assert edge_tts.communicate.WSS_URL.startswith(edge_server.ws_url)
                return chunk
        raise AssertionError("no audio")

    assert asyncio.run(first_chunk_only()) == edge_server.frames[0]
    assert edge_tts.communicate.WSS_URL == edge_tts.constants.WSS_URL


def test_speakers_on_two_endpoints_in_one_loop_each_reach_their_own() -> None:
    with (
        running_edge_server(mode="slow", frame_count=4) as first,
        running_edge_server(mode="slow", frame_count=4) as second,
    ):

        async def both() -> list[bytes]:
            return list(
                await asyncio.gather(
                    speaker_for(first, voice="alex").audio("first question"),
                    speaker_for(second, voice="sonia").audio("second question"),
                    speaker_for(first, voice="alex").audio("third question"),
                )
            )

        audio = asyncio.run(both())
        assert audio == [first.audio, second.audio, first.audio]
        assert sorted(r.text for r in first.requests) == ["first question", "third question"]
        assert [r.text for r in second.requests] == ["second question"]
        assert all("GuyNeural" in r.voice for r in first.requests)


def test_speakers_on_two_endpoints_in_two_threads_each_reach_their_own(tmp_path: Path) -> None:
    with (
        running_edge_server(mode="slow", frame_count=4) as first,
        running_edge_server(mode="slow", frame_count=4) as second,
        ThreadPoolExecutor(max_workers=4) as pool,
    ):
        jobs = [
            pool.submit(
                asyncio.run, speaker_for(server).synthesize(f"question {i}", tmp_path / f"{i}.mp3")
            )
            for i, server in enumerate([first, second, first, second])
        ]
        paths = [job.result(timeout=20) for job in jobs]
        assert sorted(r.text for r in first.requests) == ["question 0", "question 2"]
        assert sorted(r.text for r in second.requests) == ["question 1", "question 3"]
    assert all(path.stat().st_size > 0 for path in paths)


# --- the voice list ---------------------------------------------------------------------------


def test_the_voice_list_comes_from_the_service(edge_server: EdgeServer) -> None:
    voices = asyncio.run(list_voices(url=edge_server.voices_url))
    assert len(voices) == 6
    assert VoiceInfo("en-US-GuyNeural", "Male", "en-US") in voices
    assert [v.id for v in voices] == sorted(v.id for v in voices)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en-GB", ["en-GB-SoniaNeural"]),
        ("EN-us", ["en-US-AriaNeural", "en-US-GuyNeural"]),
        ("fr", ["fr-FR-DeniseNeural"]),
        ("ja-JP", []),
    ],
)
def test_the_voice_list_by_locale_or_language(
    edge_server: EdgeServer, locale: str, expected: list[str]
) -> None:
    voices = asyncio.run(list_voices(locale, url=edge_server.voices_url))
    assert [v.id for v in voices] == expected


def test_the_voice_list_url_follows_edge_tts_url(
    edge_server: EdgeServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDGE_TTS_URL", edge_server.ws_url)
    assert len(asyncio.run(list_voices("en"))) == 4
    assert len(asyncio.run(speaker_for(edge_server).voices("en-AU"))) == 1
    assert edge_server.voice_list_requests == 2


def test_edge_tts_voices_url_wins(edge_server: EdgeServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDGE_TTS_URL", f"ws://127.0.0.1:{closed_port()}/edge/v1?T=x")
    monkeypatch.setenv("EDGE_TTS_VOICES_URL", edge_server.voices_url)
    assert len(asyncio.run(list_voices())) == 6


@pytest.mark.parametrize(("mode", "reason"), [("forbidden", "forbidden")])
def test_voice_list_failures_have_reasons(mode: Mode, reason: str) -> None:
    skew = DRM.clock_skew_seconds
    with running_edge_server(mode=mode) as server, pytest.raises(EdgeTTSError) as caught:
        asyncio.run(list_voices(url=server.voices_url))
    assert caught.value.reason == reason
    assert DRM.clock_skew_seconds == skew


def test_an_unreachable_voice_list_is_unreachable() -> None:
    url = f"http://127.0.0.1:{closed_port()}/voices/list?T=x"
    with pytest.raises(EdgeTTSError) as caught:
        asyncio.run(list_voices(url=url))
    assert caught.value.reason == "unreachable"


# --- the lazy import --------------------------------------------------------------------------


def test_importing_the_adapter_does_not_import_edge_tts_or_aiohttp() -> None:
    code = (
        "import sys, ai_interviewer.providers.tts_edge\n"
        "print(sorted(m for m in ('edge_tts', 'aiohttp') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
