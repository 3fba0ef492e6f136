"""From a question's text to its first audible sound, with Edge TTS (real SDK) against the fake
Edge server sending its audio frames 50 ms apart: sentence by sentence vs the whole question."""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from ai_interviewer.core.models import Question  # noqa: E402
from ai_interviewer.interview.voice import QuestionVoice, Spoken  # noqa: E402
from ai_interviewer.providers.tts_edge import EdgeSpeaker  # noqa: E402
from fakes.edge_server import running_edge_server  # noqa: E402

TEXT = (
    "Let's talk about reliability. Tell me about an incident you led from the first page to the "
    "postmortem. What did you change afterwards so it would not happen again?"
)
FRAME_DELAY_S = 0.05
WORDS_PER_SECOND_OF_AUDIO = 3  # each 3 words of text bring one second of audio, in 8 frames


class FirstPlay:
    """A player that notes when the first sound would start, and plays nothing."""

    name = "timer"

    def __init__(self) -> None:
        self.first: float | None = None
        self.last_end: float | None = None

    def play(self, path: Path) -> None:
        if self.first is None:
            self.first = time.perf_counter()
        self.last_end = time.perf_counter()

    def stop(self) -> None: ...


async def _spoken(speaker: EdgeSpeaker, folder: Path, n: int, player: FirstPlay) -> Spoken:
    voice = QuestionVoice(speaker, lambda q, i, ext: folder / f"{n}-{q}-{i}.{ext}")
    try:
        return await voice.speak(
            Question(id="q01", text=TEXT, kind="behavioral", probes="-"), player
        )
    finally:
        voice.close()


def bench_first_audio(repeat: int = 5) -> list[str]:
    whole, pipelined, synthesized, first_chunk = [], [], [], []
    with (
        running_edge_server(
            mode="slow", frame_delay=FRAME_DELAY_S, words_per_reply=WORDS_PER_SECOND_OF_AUDIO
        ) as server,
        tempfile.TemporaryDirectory() as tmp,
    ):
        speaker = EdgeSpeaker(url=server.ws_url)
        for n in range(repeat):
            started = time.perf_counter()
            asyncio.run(speaker.synthesize(TEXT, Path(tmp) / f"whole-{n}.mp3"))
            whole.append(time.perf_counter() - started)

            player = FirstPlay()
            started = time.perf_counter()
            spoken = asyncio.run(_spoken(speaker, Path(tmp), n, player))
            assert player.first is not None and spoken.synthesized_s is not None
            pipelined.append(player.first - started)
            synthesized.append(spoken.synthesized_s)

            first_chunk.append(asyncio.run(_first_chunk(speaker)))
    w, p, s, c = (statistics.median(x) for x in (whole, pipelined, synthesized, first_chunk))
    return [
        "## Question text to first audible sound (Edge TTS)",
        "",
        f"A three-sentence question; fake Edge server sending one second of audio per "
        f"{WORDS_PER_SECOND_OF_AUDIO} words in 8 frames {FRAME_DELAY_S * 1000:.0f} ms apart; real "
        f"edge-tts SDK; median of {repeat}:",
        "",
        "| how | to first sound |",
        "| --- | --- |",
        f"| whole question synthesized, then played | {w * 1000:.0f} ms |",
        f"| sentence by sentence (what the interview does) | {p * 1000:.0f} ms |",
        f"| first MP3 chunk of the stream, for scale | {c * 1000:.0f} ms |",
        "",
        f"Sentence by sentence, playback starts {p * 1000:.0f} ms in, while the question's "
        f"synthesis ends at {s * 1000:.0f} ms: the first sentence plays while the rest is made. "
        "Planned questions are also made during the previous answer, so in an interview the "
        "first sound usually comes at once.",
        "",
    ]


async def _first_chunk(speaker: EdgeSpeaker) -> float:
    started = time.perf_counter()
    stream = speaker.stream(TEXT)
    async for _chunk in stream:
        elapsed = time.perf_counter() - started
        await stream.aclose()
        return elapsed
    raise RuntimeError("no audio")


def main() -> list[str]:
    return bench_first_audio()


if __name__ == "__main__":
    print("\n".join(main()))
