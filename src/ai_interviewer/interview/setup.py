"""Choosing the providers for a session from the settings, and saying plainly which were chosen.

Everything that can fail for lack of a device or an engine is checked here, before a session
folder exists, so that a run that cannot start leaves nothing behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ai_interviewer.config import Settings
from ai_interviewer.errors import InterviewError, UsageError
from ai_interviewer.interview.answers import (
    AnswerSource,
    LiveTranscriber,
    MicrophoneAnswers,
    RecordedAnswers,
    TypedAnswers,
)
from ai_interviewer.providers.base import Player, Speaker, StopPolicy, Transcriber

if TYPE_CHECKING:
    from ai_interviewer.providers.llm import LLMClient

log = logging.getLogger("ai_interviewer")


@dataclass
class Providers:
    answers: AnswerSource
    speaker: Speaker | None = None
    player: Player | None = None
    transcriber: Transcriber | None = None
    notices: list[str] = field(default_factory=list)

    def names(self) -> dict[str, str]:
        transcription = self.transcriber.name if self.transcriber else "none (typed)"
        live = getattr(self.answers, "live", None)
        if live is not None:
            transcription = f"{live.name} (live), {transcription}"
        return {
            "voice": self.speaker.name if self.speaker else "none (questions shown)",
            "playback": self.player.name if self.player else "none",
            "answers": self.answers.name,
            "transcription": transcription,
            "scoring": "offline estimate",
        }


def choose_speaker(settings: Settings, notices: list[str]) -> Speaker | None:
    """Edge's neural voice first (no key needed), the system voice standing in when it fails;
    or only the system voice; or none."""
    if settings.tts == "none":
        return None
    check_voice(settings.voice)
    system = _system_speaker(settings, notices)
    if settings.tts == "system":
        if system is None:
            raise UsageError("--tts system: " + notices.pop(), "use --tts none to read instead")
        return system
    from ai_interviewer.providers.fallback import FallbackSpeaker
    from ai_interviewer.providers.tts_edge import EdgeSpeaker

    edge = EdgeSpeaker(
        voice=_edge_voice(settings.voice),
        rate=settings.edge_rate,
        pitch=settings.edge_pitch,
        cache_dir=settings.tts_cache_dir,
    )
    return FallbackSpeaker([edge, system] if system is not None else [edge])


def check_voice(voice: str | None) -> None:
    """A voice asked for must be one: a named Edge voice, an Edge voice id, or a voice of this
    system; anything else is refused, never silently replaced by another."""
    if voice is None or _is_edge_voice(voice):
        return
    from ai_interviewer.providers.tts_system import list_system_voices, resolve_voice

    try:
        resolve_voice(voice, list_system_voices())
    except InterviewError:
        raise UsageError(
            f"--voice {voice!r} is not a voice: alex, aria, natasha, sonia, an Edge voice id "
            "or a system voice",
            "ai-interview voices lists them",
        ) from None


def _system_speaker(settings: Settings, notices: list[str]) -> Speaker | None:
    from ai_interviewer.providers.tts_system import SystemSpeaker

    voice = None if _is_edge_voice(settings.voice) else settings.voice
    speaker = SystemSpeaker(voice=voice, rate=settings.speech_rate)
    try:
        speaker.check()
    except InterviewError as error:
        notices.append(f"No system voice: {error.one_line()}")
        return None
    return speaker


def _is_edge_voice(voice: str | None) -> bool:
    from ai_interviewer.providers.tts_edge import NAMED_VOICES, is_edge_voice_id

    return voice is not None and (voice.lower() in NAMED_VOICES or is_edge_voice_id(voice))


def _edge_voice(voice: str | None) -> str:
    return voice if voice is not None and _is_edge_voice(voice) else "aria"


def choose_player(notices: list[str]) -> Player | None:
    from ai_interviewer.providers.playback import open_player

    player, reason = open_player("auto")
    if reason:
        notices.append(f"Questions are shown, not heard: {reason}")
        return None
    return player


def choose_transcriber(settings: Settings, vocabulary: Sequence[str] = ()) -> Transcriber:
    """Speechmatics batch first when chosen (local Whisper stands in when it fails), else
    local Whisper alone."""
    from ai_interviewer.providers.stt_whisper import WhisperTranscriber

    whisper = WhisperTranscriber(model=settings.whisper_model, vocabulary=vocabulary)
    key = speechmatics_key(settings)
    if key is None:
        return whisper
    from ai_interviewer.providers.fallback import FallbackTranscriber
    from ai_interviewer.providers.stt_speechmatics import SpeechmaticsBatchTranscriber

    batch = SpeechmaticsBatchTranscriber(
        api_key=key, language=settings.language, operating_point=settings.accuracy
    )
    return FallbackTranscriber([batch, whisper])


def speechmatics_key(settings: Settings) -> str | None:
    """The key when Speechmatics is to be used: chosen, or `auto` with a key set."""
    from ai_interviewer.config import read_key

    if settings.stt not in ("auto", "speechmatics"):
        return None
    key = read_key("SPEECHMATICS_API_KEY")
    if key is None and settings.stt == "speechmatics":
        raise UsageError(
            "--stt speechmatics needs SPEECHMATICS_API_KEY",
            "set it in the environment or .env, or use --stt whisper",
        )
    return key


def choose_microphone(
    settings: Settings, on_level: Callable[[float, float], None] | None
) -> MicrophoneAnswers:
    from ai_interviewer.providers.recorder import (
        SoundDeviceRecorder,
        list_devices,
        resolve_input_device,
    )

    resolve_input_device(_device_choice(settings.input_device), list_devices())
    recorder = SoundDeviceRecorder(device=_device_choice(settings.input_device))
    policy = StopPolicy(
        silence_seconds=settings.silence_seconds, max_seconds=settings.max_answer_seconds
    )
    key = speechmatics_key(settings)
    live = None
    if key is not None:
        from ai_interviewer.providers.stt_speechmatics import SpeechmaticsRealtime

        live = SpeechmaticsRealtime(
            api_key=key, language=settings.language, operating_point=settings.accuracy
        )
    return MicrophoneAnswers(recorder, policy, on_level, live=live)


def local_live_transcriber(transcriber: Transcriber | None) -> LiveTranscriber | None:
    """Local Whisper, live while the candidate speaks, when Whisper is what transcribes."""
    from ai_interviewer.providers.stt_whisper import WhisperTranscriber
    from ai_interviewer.providers.stt_whisper_live import WhisperLive

    return WhisperLive(transcriber) if isinstance(transcriber, WhisperTranscriber) else None


def _device_choice(value: str | None) -> int | str | None:
    if value is None:
        return None
    return int(value) if value.strip().isdigit() else value


def choose_providers(
    settings: Settings,
    *,
    typed: bool,
    recordings: list[Path] | None,
    read_line: Callable[[str], str | None],
    vocabulary: Sequence[str] = (),
    speak_typed: bool = False,
) -> Providers:
    """Pick every provider for a run, or fail with one clear error before anything is written.

    Typed answers (--text) come with printed questions, or spoken ones when a voice was chosen
    (`speak_typed`: --text with --tts)."""
    if typed and recordings is not None:
        raise UsageError("--text and --answers cannot be used together")
    notices: list[str] = []
    if typed:
        if not speak_typed:
            return Providers(answers=TypedAnswers(read_line), notices=notices)
        speaker = choose_speaker(settings, notices)
        player = choose_player(notices) if speaker is not None else None
        return Providers(TypedAnswers(read_line), speaker, player, None, notices)
    answers: AnswerSource
    transcriber: Transcriber | None = None
    if recordings is not None:
        answers = RecordedAnswers(recordings)
    elif settings.stt == "text":
        answers = TypedAnswers(read_line)
    else:
        answers = choose_microphone(settings, None)
    if answers.needs_transcription:
        transcriber = choose_transcriber(settings, vocabulary)
    if isinstance(answers, MicrophoneAnswers) and answers.live is None:
        answers.live = local_live_transcriber(transcriber)
    speaker = choose_speaker(settings, notices)
    player = choose_player(notices) if speaker is not None else None
    return Providers(answers, speaker, player, transcriber, notices)


async def checked_model(settings: Settings, model: str) -> LLMClient:
    """The model's client, checked by a preflight call on the session's event loop: a bad key,
    an unknown model, no credit or nothing listening stops here, in one line."""
    client = make_llm_client(settings, model)
    await client.preflight()
    return client


def make_llm_client(settings: Settings, model: str) -> LLMClient:
    """The model's client, with the timeouts and concurrency that fit where it runs. LLM_API_KEY
    is passed on when set; otherwise LiteLLM reads the provider's own key by its name, and a
    server on this machine, which needs none, gets a placeholder."""
    from ai_interviewer.config import key_env_var, read_key
    from ai_interviewer.providers.llm import LLMClient

    limits = settings.limits_for(model)
    key = read_key("LLM_API_KEY")
    if key is None and limits.local and read_key(key_env_var(model)) is None:
        key = LOCAL_PLACEHOLDER_KEY  # the OpenAI client insists on one; a local server ignores it
    return LLMClient(model=model, api_base=settings.llm_api_base, api_key=key, limits=limits)


LOCAL_PLACEHOLDER_KEY = "sk-local-no-key"
