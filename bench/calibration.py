"""The calibration set, scored: does the offline rubric order strong answers above weak ones?

For every profession file in bench/calibration/ (see its README): the job ad and resume are read by
the project's own parsers, each pair's strong and weak answer are scored by the offline rubric, and
each gaming answer is scored too. Typed, the answers go in as text; spoken, they are said by the
project's offline voice, transcribed by local Whisper and scored from the transcript with its word
timings, as in a real interview.

    python bench/calibration.py            # typed
    python bench/calibration.py --spoken   # through the offline voice and Whisper
    python bench/calibration.py --failures # also list the pairs ordered wrongly or within 15

Reported per profession: pairs ordered strong above weak, the median and smallest margin, and
the highest gaming score.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CALIBRATION = REPO / "bench" / "calibration"
CACHE = REPO / "bench" / ".cache" / "calibration"
MARGIN_TARGET = 15
GAMING_CEILING = 40

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("HF_HUB_OFFLINE", "1")


@dataclass(frozen=True)
class Pair:
    id: str
    question: str
    kind: str
    strong: str
    weak: str
    weak_kind: str
    why: str


@dataclass(frozen=True)
class Gaming:
    id: str
    question: str
    answer: str


@dataclass(frozen=True)
class Profession:
    name: str
    field: str
    job_description: str
    resume: str
    pairs: tuple[Pair, ...]
    gaming: tuple[Gaming, ...]


@dataclass
class Scored:
    profession: str
    pairs: list[tuple[Pair, int, int]] = field(default_factory=list)  # pair, strong, weak
    gaming: list[tuple[Gaming, int]] = field(default_factory=list)

    @property
    def margins(self) -> list[int]:
        return [s - w for _, s, w in self.pairs]

    @property
    def ordered(self) -> int:
        return sum(1 for m in self.margins if m > 0)


def load_professions(folder: Path = CALIBRATION) -> list[Profession]:
    """Every profession file of the set, in name order."""
    professions = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        professions.append(
            Profession(
                name=data["profession"],
                field=data["field"],
                job_description=data["job_description"],
                resume=data["resume"],
                pairs=tuple(
                    Pair(**{k: p[k] for k in Pair.__dataclass_fields__}) for p in data["pairs"]
                ),
                gaming=tuple(
                    Gaming(g["id"], g["question"], g["answer"]) for g in data.get("gaming", [])
                ),
            )
        )
    return professions


Transcribe = Callable[..., object]  # (answer text, speech vocabulary) -> Transcript


def typed(text: str, vocabulary: tuple[str, ...] = ()) -> object:
    from ai_interviewer.core.models import Transcript

    return Transcript(text=text)


def score_profession(profession: Profession, transcribe: Transcribe = typed) -> Scored:
    """Scores of each pair's two answers and of each gaming answer."""
    from ai_interviewer.cli.common import speech_vocabulary
    from ai_interviewer.core.jobdesc import parse_job_description
    from ai_interviewer.core.models import Question, Transcript
    from ai_interviewer.core.profile import parse_resume
    from ai_interviewer.core.scorer import evaluate_offline

    jd = parse_job_description(profession.job_description)
    resume = parse_resume(profession.resume)
    vocabulary = tuple(speech_vocabulary(resume, jd))  # what the app's Whisper is told to expect

    def score(qid: str, text: str, kind: str, answer: str) -> int:
        question = Question(id=qid, text=text, kind=kind, probes="calibration")  # type: ignore[arg-type]
        transcript = transcribe(answer, vocabulary)
        assert isinstance(transcript, Transcript)
        return evaluate_offline(question, transcript, resume, jd).overall

    scored = Scored(profession.name)
    for pair in profession.pairs:
        strong = score(pair.id, pair.question, pair.kind, pair.strong)
        weak = score(pair.id, pair.question, pair.kind, pair.weak)
        scored.pairs.append((pair, strong, weak))
    kinds = {p.question: p.kind for p in profession.pairs}
    for gaming in profession.gaming:
        kind = kinds.get(gaming.question, "behavioral")
        scored.gaming.append((gaming, score(gaming.id, gaming.question, kind, gaming.answer)))
    return scored


def spoken_transcriber() -> Transcribe:
    """Answer text -> what local Whisper hears when the offline voice says it, prompted with the
    interview's vocabulary as the app prompts it (cached on disk)."""
    from ai_interviewer.core.models import Transcript
    from ai_interviewer.providers.stt_whisper import WhisperTranscriber
    from ai_interviewer.providers.tts_system import SystemSpeaker

    speaker = SystemSpeaker()
    CACHE.mkdir(parents=True, exist_ok=True)

    def transcribe(text: str, vocabulary: tuple[str, ...] = ()) -> object:
        whisper = WhisperTranscriber(vocabulary=vocabulary)
        key = hashlib.sha256(f"{whisper.prompt}\n{text}".encode()).hexdigest()[:20]
        cached = CACHE / f"{key}.json"
        if cached.is_file():
            return Transcript.model_validate_json(cached.read_text(encoding="utf-8"))
        wav = speaker.speak_to_file(text, CACHE / f"{key}.wav")
        transcript = whisper.transcribe(Path(wav))
        cached.write_text(transcript.model_dump_json(), encoding="utf-8")
        Path(wav).unlink(missing_ok=True)
        return transcript

    return transcribe


def summary_rows(results: Iterable[Scored]) -> list[str]:
    """A Markdown table: one row per profession and one for the whole set."""
    rows = [
        "| profession | pairs | ordered | median margin | smallest margin | gaming max |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    everything = Scored("all")
    for r in results:
        everything.pairs += r.pairs
        everything.gaming += r.gaming
        rows.append(_row(r))
    rows.append(_row(everything, bold=True))
    return rows


def _row(r: Scored, bold: bool = False) -> str:
    margins = r.margins
    gaming = max((s for _, s in r.gaming), default=0)
    cells = [
        r.profession,
        str(len(margins)),
        f"{r.ordered} ({100 * r.ordered / len(margins):.0f}%)" if margins else "-",
        f"{statistics.median(margins):.0f}" if margins else "-",
        f"{min(margins)}" if margins else "-",
        f"{gaming} of {len(r.gaming)}" if r.gaming else "-",
    ]
    if bold:
        cells = [f"**{c}**" for c in cells]
    return "| " + " | ".join(cells) + " |"


def failures(results: Iterable[Scored]) -> list[str]:
    lines = []
    for r in results:
        for pair, strong, weak in r.pairs:
            if strong - weak < MARGIN_TARGET:
                lines.append(f"{pair.id} ({pair.weak_kind}): strong {strong}, weak {weak}")
        for gaming, score in r.gaming:
            if score > GAMING_CEILING:
                lines.append(f"{gaming.id} (gaming): {score}")
    return lines


HOLDOUT = REPO / "bench" / "holdout"


def results_section(spoken: bool = True) -> list[str]:
    """The Markdown section of bench/RESULTS.md: typed and spoken, the set and the held-out set."""
    lines = [
        "## Offline rubric: the calibration set",
        "",
        "Strong and weak answers to the same questions across professions (bench/calibration/, "
        "with why each pair is ordered so), and gaming answers built from the question, the job "
        "ad and STAR cue phrases. Targets: at least 97% of pairs ordered strong above weak, a "
        f"median margin of {MARGIN_TARGET} points, every gaming answer at most "
        f"{GAMING_CEILING}. The held-out set (bench/holdout/) was written apart and is not "
        "tuned to.",
        "",
    ]
    runs = [("typed", typed)]
    if spoken:
        runs.append(("spoken (offline voice, then local Whisper)", spoken_transcriber()))
    for label, transcribe in runs:
        for name, folder in (("calibration set", CALIBRATION), ("held-out set", HOLDOUT)):
            results = [score_profession(p, transcribe) for p in load_professions(folder)]
            lines += [f"### {name.capitalize()}, {label}", "", *summary_rows(results), ""]
            wrong = failures(results)
            if wrong:
                lines += ["Under the margin or over the ceiling: " + "; ".join(wrong) + ".", ""]
    return lines


def main(argv: list[str] | None = None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spoken", action="store_true")
    parser.add_argument("--failures", action="store_true")
    args = parser.parse_args(argv)
    transcribe = spoken_transcriber() if args.spoken else typed
    results = [score_profession(p, transcribe) for p in load_professions()]
    lines = summary_rows(results)
    if args.failures:
        lines += ["", *failures(results)]
    return lines


if __name__ == "__main__":
    sys.path.insert(0, str(REPO / "src"))
    print("\n".join(main()))
