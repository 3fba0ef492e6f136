"""The words the speech recogniser is told to expect: the interview's own vocabulary."""

from __future__ import annotations

from ai_interviewer.core.vocabulary import speech_hints
from ai_interviewer.providers.stt_whisper import FILLER_PROMPT, whisper_prompt


def test_hints_take_skills_known_job_terms_and_names_once_each() -> None:
    hints = speech_hints(
        ["PostgreSQL", "Python"],
        ["postgresql", "kubernetes", "synergy"],
        ["Lumen Freight", "lumen freight"],
    )
    assert hints == ["PostgreSQL", "Python", "Kubernetes", "Lumen Freight"]


def test_hints_are_capped() -> None:
    assert len(speech_hints([f"skill{i}" for i in range(100)], [], [], limit=24)) == 24


def test_prompt_keeps_the_fillers_and_adds_the_topics() -> None:
    prompt = whisper_prompt(["PostgreSQL", "Kubernetes"])
    assert prompt.startswith(FILLER_PROMPT)
    assert prompt.endswith("Topics: PostgreSQL, Kubernetes.")
    assert whisper_prompt([]) == FILLER_PROMPT


def test_prompt_stays_short_enough_for_whisper() -> None:
    prompt = whisper_prompt([f"Technology{i}" for i in range(200)])
    assert len(prompt) <= 400
    assert prompt.endswith(".")
