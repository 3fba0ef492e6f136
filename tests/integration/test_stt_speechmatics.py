"""The real Speechmatics SDKs (speechmatics-batch, speechmatics-rt) against local fakes of their
wire protocols: the happy paths and each way they fail, with timings from the servers' clocks."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ai_interviewer.core.models import Transcript
from ai_interviewer.errors import TranscriptionError
from ai_interviewer.providers.stt_speechmatics import (
    LinearResampler,
    RealtimeSession,
    SpeechmaticsBatchTranscriber,
    SpeechmaticsError,
    SpeechmaticsRealtime,
    to_transcript,
)
from fakes.speechmatics_servers import (
    DEFAULT_KEY,
    BatchServer,
    punctuation,
    running_batch_server,
    running_rt_server,
    word,
)

EXPECTED_TEXT = "um, I led the migration. It took three weeks."
EXPECTED_WORDS = ["um", "I", "led", "the", "migration", "It", "took", "three", "weeks"]
MIC_RATE = 44100
CHUNK_SECONDS = 0.1  # what a sounddevice callback typically delivers


# --- audio helpers --------------------------------------------------------------------------------


@pytest.fixture
def tone_wav(tmp_path: Path) -> Path:
    path = tmp_path / "answer.wav"
    soundfile.write(path, sine(16000, 1.5), 16000, subtype="PCM_16")
    return path


def sine(rate: int, seconds: float, hz: float = 220.0) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (np.sin(2 * np.pi * hz * t) * 8000).astype("<i2")


def speech_at_mic_rate(speech_wav: Callable[..., Path]) -> np.ndarray:
    """The project's offline voice, brought to 44.1 kHz as a laptop microphone records."""
    samples, rate = soundfile.read(speech_wav("I led the migration. It took three weeks."))
    samples = np.asarray(samples, dtype=np.float64)
    if samples.ndim > 1:
        samples = samples.mean(axis=1)
    positions = np.arange(int(len(samples) * MIC_RATE / rate)) * rate / MIC_RATE
    resampled = np.interp(positions, np.arange(len(samples)), samples)
    return np.asarray(np.clip(resampled * 32767, -32768, 32767), dtype="<i2")


def chunks(pcm: bytes, rate: int, seconds: float = CHUNK_SECONDS) -> list[bytes]:
    size = int(rate * seconds) * 2
    return [pcm[i : i + size] for i in range(0, len(pcm), size)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def assert_expected_transcript(transcript: Transcript) -> None:
    assert transcript.text == EXPECTED_TEXT
    assert [w.text for w in transcript.words] == EXPECTED_WORDS  # "um" kept, no punctuation
    um, i_word = transcript.words[0], transcript.words[1]
    assert (um.start, um.end, um.confidence) == (0.20, 0.45, 0.90)
    assert (i_word.start, i_word.end) == (0.60, 0.70)
    starts = [w.start for w in transcript.words]
    assert starts == sorted(starts)


# --- the shared conversion ------------------------------------------------------------------------


def test_to_transcript_attaches_punctuation_and_keeps_disfluencies() -> None:
    results = [
        punctuation('"', 0.0, "next"),
        word("uh", 0.1, 0.3, 0.8, "disfluency"),
        word("well", 0.4, 0.6),
        punctuation('"', 0.6),
        word("state", 0.7, 0.9),
        punctuation("-", 0.9, "both"),
        word("of", 0.9, 1.0),
        punctuation("-", 1.0, "both"),
        word("art", 1.0, 1.2),
        punctuation("?", 1.2),
    ]
    transcript = to_transcript(results, duration=1.5, source="speechmatics-batch")
    assert transcript.text == '"uh well" state-of-art?'
    assert [w.text for w in transcript.words] == ["uh", "well", "state", "of", "art"]
    assert transcript.duration == 1.5 and transcript.source == "speechmatics-batch"


def test_to_transcript_of_nothing_is_empty() -> None:
    transcript = to_transcript([], duration=0.0, source="speechmatics-rt")
    assert transcript.text == "" and transcript.words == []


# --- batch ----------------------------------------------------------------------------------------


def batch(server: BatchServer, **options: float) -> SpeechmaticsBatchTranscriber:
    return SpeechmaticsBatchTranscriber(api_key=server.api_key, url=server.url, **options)  # type: ignore[arg-type]


def test_batch_happy_path(tone_wav: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with running_batch_server() as server:
        transcriber = SpeechmaticsBatchTranscriber(
            api_key=server.api_key, url=server.url, language="en", operating_point="enhanced"
        )
        transcript = transcriber.transcribe(tone_wav)
    assert_expected_transcript(transcript)
    assert transcript.source == "speechmatics-batch" and transcript.duration == 3.0
    job = server.jobs[0]
    config = job.config["transcription_config"]
    assert job.config["type"] == "transcription"
    assert config["language"] == "en" and config["model"] == "enhanced"
    assert config["transcript_filtering_config"] == {"remove_disfluencies": False}
    assert job.file_name == "answer.wav" and job.file_size == tone_wav.stat().st_size
    assert DEFAULT_KEY not in caplog.text and DEFAULT_KEY not in repr(transcriber)


def test_batch_polls_briefly_for_a_short_answer(tone_wav: Path) -> None:
    with running_batch_server(polls_before_done=1) as server:
        started = time.monotonic()
        batch(server, poll_interval=0.25).transcribe(tone_wav)
        elapsed = time.monotonic() - started
    polls = server.polls()
    assert [r.path for r in polls] == ["/v2/jobs/job0001"] * 2  # running, then done
    assert polls[1].at - polls[0].at < 0.5  # the old SDK waited 15 s here
    assert elapsed < 1.5


def test_batch_wrong_key_is_auth(tone_wav: Path) -> None:
    with running_batch_server() as server:
        transcriber = SpeechmaticsBatchTranscriber(api_key="sm-wrong-key-999", url=server.url)
        with pytest.raises(SpeechmaticsError) as caught:
            transcriber.transcribe(tone_wav)
    assert caught.value.reason == "auth"
    assert isinstance(caught.value, TranscriptionError)
    assert "sm-wrong-key-999" not in caught.value.one_line()
    assert server.requests[0].status == 401


def test_batch_rejected_job(tone_wav: Path) -> None:
    with (
        running_batch_server(final_status="rejected") as server,
        pytest.raises(SpeechmaticsError) as caught,
    ):
        batch(server).transcribe(tone_wav)
    assert caught.value.reason == "rejected"


def test_batch_refused_port_is_unreachable(tone_wav: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/v2"
    with pytest.raises(SpeechmaticsError) as caught:
        SpeechmaticsBatchTranscriber(api_key=DEFAULT_KEY, url=url).transcribe(tone_wav)
    assert caught.value.reason == "unreachable"
    assert DEFAULT_KEY not in caught.value.one_line()


def test_batch_job_that_never_finishes_times_out(tone_wav: Path) -> None:
    with running_batch_server(polls_before_done=10_000) as server:
        started = time.monotonic()
        with pytest.raises(SpeechmaticsError) as caught:
            batch(server, timeout=0.6).transcribe(tone_wav)
    assert caught.value.reason == "timeout"
    assert time.monotonic() - started < 2.0


def test_batch_slow_server_times_out(tone_wav: Path) -> None:
    with (
        running_batch_server(response_delay=1.0) as server,
        pytest.raises(SpeechmaticsError) as caught,
    ):
        batch(server, timeout=0.3).transcribe(tone_wav)
    assert caught.value.reason == "timeout"


def test_batch_unknown_job_is_not_found(tone_wav: Path) -> None:
    with running_batch_server(lose_jobs=True) as server, pytest.raises(SpeechmaticsError) as caught:
        batch(server).transcribe(tone_wav)
    assert caught.value.reason == "not_found"


def test_batch_missing_file_is_not_found(tmp_path: Path) -> None:
    with running_batch_server() as server, pytest.raises(SpeechmaticsError) as caught:
        batch(server).transcribe(tmp_path / "nothing.wav")
    assert caught.value.reason == "not_found"
    assert server.requests == []


def test_batch_is_awaited_on_a_loop_or_called_plainly(tone_wav: Path) -> None:
    """The interview awaits it on its event loop; batch scoring calls it with no loop."""
    with running_batch_server(polls_before_done=0) as server:
        transcriber = batch(server)
        awaited = asyncio.run(transcriber.atranscribe(tone_wav))
        plain = transcriber.transcribe(tone_wav)
    assert awaited.text == plain.text == EXPECTED_TEXT


# --- real time ------------------------------------------------------------------------------------


def realtime(url: str, key: str = DEFAULT_KEY, ack_timeout: float = 5.0) -> SpeechmaticsRealtime:
    return SpeechmaticsRealtime(api_key=key, url=url, ack_timeout=ack_timeout)


def stream(session: RealtimeSession, pcm: bytes, rate: int) -> None:
    for chunk in chunks(pcm, rate):
        session.feed(chunk, rate)


async def fed(session: RealtimeSession, pcm: bytes, rate: int) -> None:
    """Start the session on this loop and feed it from another thread, as the recorder does."""
    await session.start()
    await asyncio.to_thread(stream, session, pcm, rate)


async def transcribed(session: RealtimeSession, pcm: bytes, rate: int) -> Transcript:
    await fed(session, pcm, rate)
    return await session.finish()


async def failed_while_fed(
    session: RealtimeSession, pcm: bytes, rate: int, finish_timeout: float = 5.0
) -> tuple[SpeechmaticsError | None, SpeechmaticsError]:
    """The failure seen while feeding (waited for off the loop), then the one finish raises."""
    await fed(session, pcm, rate)
    failure = await asyncio.to_thread(session.wait_for_failure, 5)
    session.feed(b"\x00\x00" * 100, 16000)  # after a failure: ignored, no error
    with pytest.raises(SpeechmaticsError) as caught:
        await session.finish(timeout=finish_timeout)
    return failure, caught.value


def test_realtime_happy_path_with_speech_at_44100(
    speech_wav: Callable[..., Path], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    mic = speech_at_mic_rate(speech_wav)
    partials: list[str] = []
    with running_rt_server() as server:
        session = realtime(server.url).open_session(on_partial=partials.append)
        transcript = asyncio.run(transcribed(session, mic.tobytes(), MIC_RATE))

    assert_expected_transcript(transcript)
    assert transcript.source == "speechmatics-rt"
    assert transcript.duration == pytest.approx(len(mic) / MIC_RATE, abs=1e-6)
    assert server.start_config is not None
    assert server.start_config["audio_format"] == {
        "type": "raw",
        "encoding": "pcm_s16le",
        "sample_rate": 16000,
    }
    config = server.start_config["transcription_config"]
    assert config["language"] == "en" and config["model"] == "standard"
    assert config["enable_partials"] is True
    assert config["transcript_filtering_config"] == {"remove_disfluencies": False}
    received = np.frombuffer(bytes(server.audio), dtype="<i2")
    assert abs(len(received) - len(mic) * 16000 / MIC_RATE) <= 2
    whole_stream = np.frombuffer(LinearResampler(MIC_RATE, 16000).process(mic.tobytes()), "<i2")
    assert np.array_equal(received, whole_stream)  # chunk boundaries leave no trace
    assert server.last_seq_no == server.frames == len(chunks(mic.tobytes(), MIC_RATE))
    assert partials[0] == "um I" and partials[-1] == EXPECTED_TEXT
    client_side = [r for r in caplog.records if not r.name.startswith("websockets.server")]
    assert any("Bearer ***" in r.getMessage() for r in client_side)  # the handshake, redacted
    assert not any(DEFAULT_KEY in r.getMessage() for r in client_side)


def test_realtime_audio_at_the_session_rate_arrives_unchanged() -> None:
    pcm = sine(16000, 1.0).tobytes()
    with running_rt_server() as server:
        session = realtime(server.url).open_session()
        transcript = asyncio.run(transcribed(session, pcm, 16000))
    assert bytes(server.audio) == pcm
    assert transcript.duration == pytest.approx(1.0)


def test_realtime_partials_accumulate_with_finals() -> None:
    partials: list[str] = []
    with running_rt_server(partial_after=0.2, final_after=0.5) as server:
        session = realtime(server.url).open_session(on_partial=partials.append)
        asyncio.run(transcribed(session, sine(MIC_RATE, 1.0).tobytes(), MIC_RATE))
    # the partial, then the first sentence final (mid-stream), then all of it
    assert partials == ["um I", "um, I led the migration.", EXPECTED_TEXT]
    assert [m["message"] for m in server.sent("AddTranscript")] == ["AddTranscript"] * 2


def test_realtime_final_transcript_follows_end_of_stream_closely() -> None:
    with running_rt_server(final_latency=0.1) as server:
        session = realtime(server.url).open_session()
        asyncio.run(transcribed(session, sine(MIC_RATE, 2.0).tobytes(), MIC_RATE))
    assert server.end_of_stream_at is not None and server.end_of_transcript_at is not None
    assert session.end_of_stream_sent_at is not None and session.final_received_at is not None
    server_side = server.end_of_transcript_at - server.end_of_stream_at
    assert server_side >= 0.1  # the injected latency
    # the final comes after the injected latency, on the event rather than on finish()'s 5 s
    # timeout (speed itself is measured in bench/; the server stamps after its send returns,
    # so the client may read the final a moment before that stamp)
    assert session.final_received_at - server.end_of_stream_at >= 0.1
    assert abs(session.final_received_at - server.end_of_transcript_at) < 1.0
    assert session.end_of_stream_sent_at <= server.end_of_stream_at


def test_realtime_server_error_fails_the_session_at_once() -> None:
    with running_rt_server(mode="error", fail_after_frames=2) as server:
        session = realtime(server.url).open_session()
        failure, raised = asyncio.run(
            failed_while_fed(session, sine(MIC_RATE, 1.0).tobytes(), MIC_RATE)
        )
    assert failure is not None and failure.reason == "server_error"
    assert "invalid_audio_type" in failure.message
    assert raised.reason == "server_error"


def test_realtime_dropped_socket() -> None:
    with running_rt_server(mode="drop", fail_after_frames=3) as server:
        session = realtime(server.url).open_session()
        failure, raised = asyncio.run(
            failed_while_fed(session, sine(MIC_RATE, 1.0).tobytes(), MIC_RATE)
        )
    assert failure is not None and failure.reason == "dropped"
    assert raised.reason == "dropped"


def test_realtime_unacknowledged_audio_stalls() -> None:
    with running_rt_server(mode="stall") as server:
        session = realtime(server.url, ack_timeout=0.3).open_session()
        failure, raised = asyncio.run(
            failed_while_fed(session, sine(MIC_RATE, 0.5).tobytes(), MIC_RATE, 1.0)
        )
    assert failure is not None and failure.reason == "stalled"
    assert raised.reason == "stalled"
    assert server.frames == 5


def test_realtime_wrong_key_is_auth() -> None:
    with running_rt_server() as server:
        session = realtime(server.url, key="sm-wrong-key-999").open_session()
        with pytest.raises(SpeechmaticsError) as caught:
            asyncio.run(session.start())
    assert caught.value.reason == "auth"
    assert "sm-wrong-key-999" not in caught.value.one_line()
    assert server.handshake_statuses == [401]


def test_realtime_refused_port_is_unreachable() -> None:
    session = realtime(f"ws://127.0.0.1:{free_port()}/v2").open_session()
    with pytest.raises(SpeechmaticsError) as caught:
        asyncio.run(session.start())
    assert caught.value.reason == "unreachable"


def test_realtime_silent_server_times_out_on_start() -> None:
    with running_rt_server(mode="silent") as server:
        session = realtime(server.url).open_session()
        started = time.monotonic()
        with pytest.raises(SpeechmaticsError) as caught:
            asyncio.run(session.start(timeout=0.5))
        assert time.monotonic() - started < 2.0
    assert caught.value.reason == "timeout"


def test_realtime_feed_never_blocks_even_while_the_session_is_busy() -> None:
    """The event loop is held inside on_partial while another thread feeds audio: every feed()
    still returns at once, and no audio is lost."""
    loop_held = threading.Event()
    feeding_done = threading.Event()
    durations: list[float] = []

    def slow_display(text: str) -> None:
        if not loop_held.is_set():
            loop_held.set()
            feeding_done.wait(timeout=10)

    first, rest = sine(16000, 0.5).tobytes(), sine(16000, 2.0, hz=330).tobytes()

    def feed_from_audio_thread(session: RealtimeSession) -> None:
        assert loop_held.wait(timeout=5)
        for chunk in chunks(rest, 16000, seconds=0.01):
            began = time.perf_counter()
            session.feed(chunk, 16000)
            durations.append(time.perf_counter() - began)
        feeding_done.set()

    async def held_while_fed(session: RealtimeSession) -> Transcript:
        await fed(session, first, 16000)
        feeder = threading.Thread(target=feed_from_audio_thread, args=(session,))
        feeder.start()
        await asyncio.to_thread(feeder.join, 10)
        return await session.finish()

    with running_rt_server(partial_after=0.1) as server:
        session = realtime(server.url).open_session(on_partial=slow_display)
        transcript = asyncio.run(held_while_fed(session))
    assert len(durations) == 200 and max(durations) < 0.5  # a blocked feed waits for the loop
    assert bytes(server.audio) == first + rest
    assert transcript.text == EXPECTED_TEXT


def test_realtime_finish_without_start_fails_cleanly() -> None:
    session = realtime("ws://127.0.0.1:9/v2").open_session()
    with pytest.raises(SpeechmaticsError):
        asyncio.run(session.finish())
    session.abort()  # twice is fine


def test_linear_resampler_counts_and_continuity() -> None:
    tone = sine(MIC_RATE, 1.0)
    resampler = LinearResampler(MIC_RATE, 16000)
    pieces = [resampler.process(c) for c in chunks(tone.tobytes(), MIC_RATE, seconds=0.0123)]
    out = np.frombuffer(b"".join(pieces), "<i2")
    assert abs(len(out) - 16000) <= 1
    expected = np.interp(np.arange(len(out)) * MIC_RATE / 16000, np.arange(len(tone)), tone)
    assert np.max(np.abs(out - np.rint(expected))) <= 1
