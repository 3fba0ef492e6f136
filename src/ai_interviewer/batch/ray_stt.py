"""Local Whisper on Ray, for when one machine is not enough: one task per recording.

`--ray` joins the cluster at `RAY_ADDRESS` (or the one this process already started), else
starts a local instance. Each task gets the recording's bytes (the workers need not share a
disk with this machine), writes them to a private temporary file, transcribes it with the
worker's own Whisper model (loaded once per worker process and kept, decoding on one thread as
a local batch does, so that both hear the same words) and returns the transcript;
results come back as each task finishes. Ray schedules the tasks, one CPU each: no scheduler of
our own. The cache and the outputs are this machine's, the same as for a local run.

Ray is an optional extra: `pip install 'ai-interviewer[ray]'`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ai_interviewer.batch.runner import Transcription
from ai_interviewer.core.models import Transcript
from ai_interviewer.errors import UsageError

RAY_HINT = "install the extra: pip install 'ai-interviewer[ray]'"


def ray_transcription(model: str, vocabulary: Sequence[str], identity: str) -> Transcription:
    """Transcription by Whisper on Ray tasks, joining (or starting) the cluster."""
    ray = _ray()
    if not ray.is_initialized():
        address = os.environ.get("RAY_ADDRESS") or None
        try:
            ray.init(
                address=address,
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.WARNING,
            )
        except Exception as error:  # an address nothing answers at, a version mismatch
            raise UsageError(
                f"cannot join the Ray cluster at {address or 'a new local instance'}: "
                f"{str(error).splitlines()[0] if str(error) else type(error).__name__}",
                "check RAY_ADDRESS, or run without --ray",
            ) from None
    task = ray.remote(num_cpus=1, max_retries=1, runtime_env=_same_code())(transcribe_bytes)
    words = list(vocabulary)

    async def transcribe(path: Path) -> Transcript:
        data = await asyncio.to_thread(path.read_bytes)
        reference = task.remote(data, path.suffix.lower(), model, words)
        del data  # the object store holds it until the task has run
        try:
            found = await reference
        except ray.exceptions.RayTaskError as error:
            raise _task_error(error) from None
        return Transcript.model_validate(found)

    return Transcription(f"ray:{identity}", transcribe)


def _same_code() -> dict[str, Any]:
    """Workers on this machine import this very package (a checkout run from its source, not
    whatever copy is installed); on other machines the folder is not there and Python skips
    it, so their installed package is used."""
    import ai_interviewer

    source = str(Path(ai_interviewer.__file__).resolve().parents[1])
    paths = [source, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    absolute = [str(Path(p).resolve()) for p in paths]
    return {"env_vars": {"PYTHONPATH": os.pathsep.join(dict.fromkeys(absolute))}}


def transcribe_bytes(data: bytes, suffix: str, model: str, vocabulary: list[str]) -> dict[str, Any]:
    """On a Ray worker: the recording's transcript, as plain data."""
    from ai_interviewer.providers.stt_whisper import WhisperTranscriber

    descriptor, name = tempfile.mkstemp(suffix=suffix, prefix="answer-")
    try:
        with os.fdopen(descriptor, "wb") as handle:  # mkstemp makes it 0600
            handle.write(data)
        whisper = WhisperTranscriber(model=model, vocabulary=vocabulary, threads=1)  # as local
        transcript = whisper.transcribe(Path(name))
    finally:
        os.unlink(name)
    return transcript.model_dump(mode="json")


def _task_error(error: Any) -> Exception:
    """The worker's own error (a recording Whisper cannot decode) as this side's."""
    from ai_interviewer.errors import InterviewError

    cause = getattr(error, "cause", None)
    if isinstance(cause, InterviewError):
        return cause
    return InterviewError(f"the Ray task failed: {type(cause or error).__name__}")


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise UsageError("--ray needs Ray, which is not installed", RAY_HINT) from None
    return ray
