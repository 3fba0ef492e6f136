"""Records the example answers in examples/answers/ with the project's own offline voice.

The answers are of mixed quality on purpose (a strong STAR answer, a vague one with fillers, a
short one), so that the demo and `ai-interview score` show the scorer telling them apart. They
are saved in the four formats `score` reads: WAV, FLAC, OGG and MP3.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

import soundfile

from ai_interviewer.providers.tts_system import SystemSpeaker

OUT = Path(__file__).resolve().parents[1] / "examples" / "answers"

ANSWERS = [
    (
        "q1-background.ogg",
        "resume",
        "Tell me about your background and what brings you to this backend role.",
        "I am a backend engineer with nine years of experience, most recently at Lumen Freight, "
        "where I work on the shipment tracking platform: thirty Python and Go services on "
        "PostgreSQL and Kubernetes. Before that I built the scheduling service at Copperleaf "
        "Health. I want this role because your forecasting pipeline has the scale problems I "
        "enjoy most.",
    ),
    (
        "q2-postgres.flac",
        "requirement",
        "This role needs deep PostgreSQL experience. Tell me about a time you made a slow "
        "database fast.",
        "Last year our shipment tracking API became slow during the holiday peak. I was "
        "responsible for the fix. I profiled the slowest queries with explain analyze, redesigned "
        "two indexes, and moved the hot reads to a Redis cache. As a result, the p95 latency fell "
        "by forty five percent, from nine hundred to five hundred milliseconds.",
    ),
    (
        "q3-disagreement.mp3",
        "behavioral",
        "Tell me about a time you disagreed with a teammate about a technical decision.",
        "Um, so, yeah, I mean, we disagree sometimes, I guess. Like, you know, people have "
        "opinions. Um, I think we kind of talked about it and, uh, it was fine in the end, "
        "probably. It is, you know, important to communicate.",
    ),
    (
        "q4-kubernetes.wav",
        "requirement",
        "How have you used Kubernetes and CI/CD to ship safely? Walk me through an example.",
        "When we moved thirty services to Kubernetes on AWS, I led the migration. I wrote the "
        "Helm charts, set up a GitHub Actions pipeline with canary deploys and automatic "
        "rollback, and mentored two engineers through it. We went from weekly releases to "
        "several deploys a day, with zero customer facing downtime.",
    ),
    (
        "q5-on-call.ogg",
        "situational",
        "It is two in the morning, you are on call, and the API error rate jumps to twenty "
        "percent. What do you do?",
        "I would check the dashboards and restart things.",
    ),
]


def record(speaker: SystemSpeaker, text: str, target: Path, tmp: Path) -> None:
    wav = speaker.speak_to_file(text, tmp / "speech.wav")
    data, rate = soundfile.read(str(wav), dtype="float32")
    formats = {
        ".wav": ("WAV", "PCM_16"),
        ".flac": ("FLAC", "PCM_16"),
        ".ogg": ("OGG", "VORBIS"),
        ".mp3": ("MP3", "MPEG_LAYER_III"),
    }
    fmt, subtype = formats[target.suffix]
    soundfile.write(str(target), data, rate, format=fmt, subtype=subtype)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    speaker = SystemSpeaker(rate=160)
    with tempfile.TemporaryDirectory() as tmp:
        for name, _, _, answer in ANSWERS:
            record(speaker, answer, OUT / name, Path(tmp))
            print(f"recorded {OUT / name}")
    with (OUT / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "kind", "question"])
        for name, kind, question, _ in ANSWERS:
            writer.writerow([name, kind, question])
    return 0


if __name__ == "__main__":
    sys.exit(main())
