"""Scoring answers given earlier, for one job seeker or a cohort: `manifest` (which answers,
which questions, every problem listed up front), `inputs` (transcripts and recordings),
`cache` (what was done already), `runner` (several answers at once, streamed as they finish),
`output` (JSONL, CSV, Markdown) and `ray_stt` (local Whisper on a Ray cluster)."""

from ai_interviewer.batch.manifest import (
    AUDIO_SUFFIXES,
    MANIFEST,
    AnswerItem,
    Manifest,
    Problem,
    load_manifest,
    make_question,
    read_manifest,
)
from ai_interviewer.batch.runner import BatchResult

__all__ = [
    "AUDIO_SUFFIXES",
    "MANIFEST",
    "AnswerItem",
    "BatchResult",
    "Manifest",
    "Problem",
    "load_manifest",
    "make_question",
    "read_manifest",
]
