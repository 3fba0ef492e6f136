"""What `score` has done already, kept in the data folder so that a rerun skips it.

Two kinds of entry, one small JSON file each, written atomically (a kill leaves the old entry or
the new one, never half of one; not fsynced, as an entry a power cut loses is only a miss), files
0600 in folders 0700 (they hold what candidates said):

- `cache/score/transcripts/`: a recording's transcript, keyed by the audio's SHA-256 and the
  speech recogniser (its name and the words it was told to expect). Two rows naming one file
  are transcribed once.
- `cache/score/results/`: a scored answer, keyed by what its score depends on: the answer (the
  audio's or the text's SHA-256, and the recogniser), the question, the documents it is scored
  against, the model, and the rubric's version (`RUBRIC_VERSION`, with a digest of the scoring
  code itself, so that a change to the rubric never serves an old score).

An entry that cannot be read is a miss, never an error. `--force` ignores the entries (and
replaces them).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from ai_interviewer.core.models import Transcript
from ai_interviewer.storage.atomic import write_bytes_atomic
from ai_interviewer.storage.private import make_private_dir

log = logging.getLogger("ai_interviewer")

SCORING_SOURCES = ("core", "interview/prompts.py", "interview/interviewer.py")


def cache_folder(home: Path) -> Path:
    return home / "cache" / "score"


@functools.cache
def scoring_version() -> str:
    """The rubric's version and a digest of the code that scores (the rubric, the criteria, the
    model's prompts): a cached score is reused only by the same scoring."""
    from ai_interviewer.core.criteria import RUBRIC_VERSION

    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for source in SCORING_SOURCES:
        path = package / source
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            try:
                digest.update(file.read_bytes())
            except OSError:  # installed without sources: the version alone decides
                continue
    return f"{RUBRIC_VERSION}+{digest.hexdigest()[:12]}"


def key_of(*parts: str) -> str:
    """One key from its parts (each may hold any text)."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


class ScoreCache:
    """Transcripts and scored answers by key; `force` reads nothing (but still writes)."""

    def __init__(self, folder: Path, force: bool = False) -> None:
        self.folder = folder
        self.force = force

    def transcript(self, key: str) -> Transcript | None:
        data = self._read("transcripts", key)
        if data is None:
            return None
        try:
            return Transcript.model_validate(data)
        except ValueError:
            return None

    def keep_transcript(self, key: str, transcript: Transcript) -> None:
        self._write("transcripts", key, transcript.model_dump(mode="json"))

    def result(self, key: str) -> dict[str, Any] | None:
        return self._read("results", key)

    def keep_result(self, key: str, entry: dict[str, Any]) -> None:
        self._write("results", key, entry)

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.json"

    def _read(self, kind: str, key: str) -> dict[str, Any] | None:
        if self.force:
            return None
        try:
            data = json.loads(self._path(kind, key).read_bytes())
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _write(self, kind: str, key: str, data: dict[str, Any]) -> None:
        path = self._path(kind, key)
        try:
            make_private_dir(path.parent)
            data_bytes = json.dumps(data, ensure_ascii=False).encode("utf-8")
            write_bytes_atomic(path, data_bytes, durable=False)  # a lost entry is a miss
        except OSError as error:  # a full disk costs the rerun's time, not this result
            log.warning("could not cache %s: %s", path.name, error.strerror or error)
