"""Whether a transcribed recording holds an answer to score at all.

Silence, a file with no samples, or a clip too short for anyone to have answered must not be
scored as an answer: a score of 0/100 reads as a verdict on the candidate, and speech
recognisers invent a word or two for a quarter of a second of audio, which would be measured at
hundreds of words a minute. Such a recording is reported as what it is ("no speech heard",
"too short to judge") and counted as not scored. Pure: the caller decides what to do with it.
"""

from __future__ import annotations

from ai_interviewer.core.models import Transcript

NO_SPEECH = "no speech heard"
MIN_ANSWER_SECONDS = 1.0  # shorter than any answer: a word or two at most


def why_unscorable(transcript: Transcript) -> str | None:
    """Why a recording's transcript cannot be scored, or None when it can. A typed answer or a
    transcript given as text (no audio) is always scorable: its emptiness is the answer's."""
    if transcript.source == "text":
        return None
    if not transcript.text.strip() and not transcript.words:
        return NO_SPEECH
    length = _audio_seconds(transcript)
    if length is not None and length < MIN_ANSWER_SECONDS:
        return f"too short to judge ({length:.2f} s of audio)"
    return None


def _audio_seconds(transcript: Transcript) -> float | None:
    if transcript.duration is not None:
        return transcript.duration
    if transcript.words:
        return max(0.0, transcript.words[-1].end - transcript.words[0].start)
    return None
