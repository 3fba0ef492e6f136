"""Cloud voice latencies against local fakes of the real wire protocols, real SDKs:
end of speech to final transcript (real-time stream vs batch upload), and question text to
first audio (sentence-by-sentence vs the whole question at once)."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from ai_interviewer.providers.stt_speechmatics import (  # noqa: E402
    SpeechmaticsBatchTranscriber,
    SpeechmaticsRealtime,
)
from fakes.speechmatics_servers import running_batch_server, running_rt_server  # noqa: E402

LATENCY_S = 0.1
CLIP_S = 3.0
RATE = 16000


def _clip() -> bytes:
    t = np.arange(int(CLIP_S * RATE)) / RATE
    tone = (0.2 * np.sin(2 * np.pi * 220 * t) * 32767).astype(np.int16)
    return tone.tobytes()


async def _end_of_speech_to_transcript(stt: SpeechmaticsRealtime, pcm: bytes) -> float:
    """One streamed answer on this event loop, fed from a thread as the recorder feeds it."""
    session = stt.open_session()
    await session.start()

    def feed() -> None:
        for start in range(0, len(pcm), 3200):  # 100 ms blocks, as the recorder sends them
            session.feed(pcm[start : start + 3200], RATE)

    await asyncio.to_thread(feed)
    ended = time.perf_counter()
    await session.finish()
    return time.perf_counter() - ended


def bench_transcript(repeat: int = 7) -> list[str]:
    pcm = _clip()
    realtime, batch = [], []
    with running_rt_server(final_latency=LATENCY_S) as rt:
        stt = SpeechmaticsRealtime(api_key=rt.api_key, url=rt.url)
        for _ in range(repeat):
            realtime.append(asyncio.run(_end_of_speech_to_transcript(stt, pcm)))
    with (
        tempfile.TemporaryDirectory() as tmp,
        running_batch_server(processing_seconds=LATENCY_S) as server,
    ):
        wav = Path(tmp) / "answer.wav"
        soundfile.write(str(wav), np.frombuffer(pcm, dtype=np.int16), RATE, subtype="PCM_16")
        stt_batch = SpeechmaticsBatchTranscriber(api_key=server.api_key, url=server.url)
        for _ in range(repeat):
            ended = time.perf_counter()
            stt_batch.transcribe(wav)
            batch.append(time.perf_counter() - ended)
    r, b = statistics.median(realtime), statistics.median(batch)
    return [
        "## End of speech to final transcript (Speechmatics)",
        "",
        f"{CLIP_S:g} s answer, fake servers with {LATENCY_S * 1000:.0f} ms injected latency, real "
        f"SDKs (speechmatics-rt, speechmatics-batch), median of {repeat}:",
        "",
        "| path | end of speech to transcript | over the injected latency |",
        "| --- | --- | --- |",
        f"| real-time stream (audio sent while speaking) | {r * 1000:.0f} ms "
        f"| +{(r - LATENCY_S) * 1000:.0f} ms |",
        f"| batch upload + polling every 0.25 s | {b * 1000:.0f} ms "
        f"| +{(b - LATENCY_S) * 1000:.0f} ms |",
        "",
        "Target for the real-time path: under 300 ms plus the injected latency.",
        "",
    ]


def main() -> list[str]:
    sections = bench_transcript()
    try:
        import bench_voice
    except ImportError:
        return sections
    return sections + bench_voice.main()


if __name__ == "__main__":
    print("\n".join(main()))
