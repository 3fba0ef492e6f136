"""Which question each answer answers, and what the answer is: a recording, a transcript in a
.txt file or in the manifest's transcript column; manifest.csv, or files side by side."""

from __future__ import annotations

import asyncio
from pathlib import Path

import numpy as np
import pytest
import soundfile

from ai_interviewer.batch import AnswerItem, BatchResult, load_manifest
from ai_interviewer.batch.cache import ScoreCache
from ai_interviewer.batch.runner import (
    BatchJob,
    Documents,
    OfflineScorer,
    Transcription,
    score_answer,
)
from ai_interviewer.core.models import JobDescription, ResumeProfile, Transcript, Word
from ai_interviewer.errors import UsageError

PROFILE = ResumeProfile(name="Sample", skills=["Python", "PostgreSQL"], text="Python engineer.")
JD = JobDescription(title="Backend Engineer", terms=["python", "postgresql", "latency"])
ANSWER = (
    "Last year our API got slow. I was responsible for the fix, um, so I profiled the queries "
    "and added two PostgreSQL indexes. As a result latency fell by forty percent."
)


class FakeTranscriber:
    """Stands in for speech recognition: records the files it was asked for, timed words."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, path: Path) -> Transcript:
        self.calls.append(path.name)
        words = [
            Word(text=w, start=i * 0.4, end=i * 0.4 + 0.3) for i, w in enumerate(ANSWER.split())
        ]
        return Transcript(text=ANSWER, words=words, duration=12.0, source="whisper:fake")


def _score_all(items: list[AnswerItem], transcribe: FakeTranscriber) -> list[BatchResult]:
    async def recognise(path: Path) -> Transcript:
        return transcribe(path)

    job = BatchJob(
        cache=ScoreCache(Path("/nonexistent-cache"), force=True),
        scorer=OfflineScorer(),
        documents=lambda item: Documents(PROFILE, JD, "documents"),
        transcription=Transcription("fake", recognise),
    )
    return [asyncio.run(score_answer(item, job)) for item in items]


def _tone(path: Path) -> None:
    """A second of a tone: a recording the checks pass (the fake recogniser hears the answer)."""
    t = np.arange(16_000) / 16_000
    soundfile.write(str(path), 0.3 * np.sin(2 * np.pi * 440 * t), 16_000)


def _write_csv(folder: Path, text: str) -> None:
    (folder / "manifest.csv").write_text(text, encoding="utf-8")


def test_manifest_gives_questions_in_row_order(tmp_path: Path) -> None:
    (tmp_path / "manifest.csv").write_text(
        "file,question,kind\n"
        'b.wav,"Tell me about a conflict, and how it ended.",behavioral\n'
        "#skipped.wav,commented out,\n"
        "a.flac,Why this role?,resume\n",
        encoding="utf-8",
    )
    items = load_manifest(tmp_path)
    assert [i.file.name for i in items] == ["b.wav", "a.flac"]
    assert [i.question.id for i in items] == ["q01", "q02"]
    assert items[0].question.text == "Tell me about a conflict, and how it ended."
    assert items[1].question.kind == "resume"


def test_manifest_ids_are_kept(tmp_path: Path) -> None:
    (tmp_path / "manifest.csv").write_text("id,file,question\nintro,x.wav,Hello?\n")
    assert load_manifest(tmp_path)[0].question.id == "intro"


def test_sidecar_text_files_work_without_a_manifest(tmp_path: Path) -> None:
    (tmp_path / "one.wav").write_bytes(b"")
    (tmp_path / "one.txt").write_text("What did you ship last?\n")
    items = load_manifest(tmp_path)
    assert items[0].question.text == "What did you ship last?"
    assert items[0].question.id == "one"


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "has no manifest.csv and no recordings or transcripts"),
        ({"a.wav": ""}, "no question for a.wav"),
        ({"manifest.csv": "name,text\nx,y\n"}, "needs a header row"),
        ({"manifest.csv": "file,question\n"}, "lists no recordings or transcripts"),
        ({"manifest.csv": "file,question,kind\nx.wav,Why?,riddle\n"}, "unknown question kind"),
    ],
)
def test_bad_folders_are_usage_errors(tmp_path: Path, files: dict[str, str], message: str) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(UsageError, match=message):
        load_manifest(tmp_path)


def test_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        load_manifest(tmp_path / "nope")


def test_quoted_cells_keep_their_line_breaks(tmp_path: Path) -> None:
    """A quoted cell spanning lines keeps its line break, so words on either side stay apart."""
    (tmp_path / "manifest.csv").write_text(
        'file,question\nx.wav,"Tell me about a project.\nWhat did you own?"\n', encoding="utf-8"
    )
    assert load_manifest(tmp_path)[0].question.text == "Tell me about a project.\nWhat did you own?"


def test_a_row_with_more_cells_than_the_header_is_a_usage_error(tmp_path: Path) -> None:
    """An unquoted comma makes an extra cell: a usage error naming the line, not a crash."""
    (tmp_path / "manifest.csv").write_text(
        "file,question\na.wav,Why?\nb.wav,Tell me about a conflict, and how it ended.\n",
        encoding="utf-8",
    )
    with pytest.raises(UsageError, match=r"row 3: 3 cells but the header has 2") as caught:
        load_manifest(tmp_path)
    assert "quotes" in caught.value.one_line()


def test_transcript_column_answers_without_a_file(tmp_path: Path) -> None:
    """A transcript column holds the answer; with no file the row is named by its id, and the
    answer is text with no timings: scored with delivery not timed, never transcribed."""
    _write_csv(
        tmp_path,
        "id,file,question,transcript\n"
        f'postgres,,"Tell me about a slow query you fixed.","{ANSWER}"\n'
        ',,Why this role?,"Because I like, um, backend work."\n',
    )
    items = load_manifest(tmp_path)
    assert [i.name for i in items] == ["postgres", "q02"]
    assert all(i.file is None and i.is_transcript and not i.is_recording for i in items)
    transcribe = FakeTranscriber()

    results = _score_all(items, transcribe)

    assert transcribe.calls == []
    first = results[0]
    assert first.ok and first.error is None
    assert first.transcript == Transcript(text=ANSWER, words=[], duration=None, source="text")
    assert first.evaluation is not None
    delivery = first.evaluation.delivery
    assert delivery.timed is False
    assert delivery.wpm is None and delivery.duration_s is None
    assert delivery.fillers == 1  # fillers are counted from the text
    assert results[1].evaluation is not None
    assert results[1].evaluation.delivery.fillers == 2


def test_transcript_column_keeps_line_breaks_and_commas(tmp_path: Path) -> None:
    """A quoted transcript cell may span lines and hold commas; it is the answer's text."""
    _write_csv(tmp_path, 'file,question,transcript\n,Why?,"First, this.\nThen that."\n')
    assert load_manifest(tmp_path)[0].text == "First, this.\nThen that."


def test_transcript_only_manifest_needs_no_file_column(tmp_path: Path) -> None:
    """A header of question and transcript is enough."""
    _write_csv(tmp_path, "question,transcript\nWhy?,Because.\n")
    [item] = load_manifest(tmp_path)
    assert (item.name, item.text, item.question.text) == ("q01", "Because.", "Why?")


def test_file_naming_a_txt_is_a_transcript_read_as_utf8(tmp_path: Path) -> None:
    """A file ending in .txt holds the transcript: read as UTF-8, a byte-order mark dropped,
    surrounding blank lines trimmed, never transcribed."""
    _write_csv(tmp_path, "file,question\nq1.txt,Tell me about a slow query you fixed.\n")
    (tmp_path / "q1.txt").write_bytes(("\ufeff" + ANSWER + " Café.\n\n").encode("utf-8"))
    [item] = load_manifest(tmp_path)
    assert item.is_transcript and item.name == "q1.txt"
    transcribe = FakeTranscriber()

    [result] = _score_all([item], transcribe)

    assert transcribe.calls == []
    assert result.ok, result.error
    assert result.transcript is not None
    assert result.transcript.text == ANSWER + " Café."
    assert result.transcript.source == "text" and result.transcript.duration is None


def test_mixed_manifest_transcribes_only_the_recording(tmp_path: Path) -> None:
    """Audio, a .txt transcript and a transcript cell in one manifest, in row order: only the
    audio goes to speech recognition, and only its delivery is timed."""
    _write_csv(
        tmp_path,
        "file,question,transcript\n"
        "a.wav,First question?,\n"
        "b.txt,Second question?,\n"
        f',Third question?,"{ANSWER}"\n',
    )
    _tone(tmp_path / "a.wav")
    (tmp_path / "b.txt").write_text(ANSWER, encoding="utf-8")
    items = load_manifest(tmp_path)
    assert [(i.name, i.is_recording, i.is_transcript) for i in items] == [
        ("a.wav", True, False),
        ("b.txt", False, True),
        ("q03", False, True),
    ]
    transcribe = FakeTranscriber()

    results = _score_all(items, transcribe)

    assert transcribe.calls == ["a.wav"]
    assert all(r.ok for r in results), [r.error for r in results]
    timed = [r.evaluation.delivery.timed for r in results if r.evaluation]
    assert timed == [True, False, False]


def test_row_with_a_file_and_a_transcript_is_scored_from_the_transcript(tmp_path: Path) -> None:
    """A transcript cell with text wins over the file, which then only names the row (to score
    a recording's own hand transcript under the recording's name)."""
    _write_csv(tmp_path, f'file,question,transcript\nq1.wav,Why?,"{ANSWER}"\n')
    [item] = load_manifest(tmp_path)
    assert item.name == "q1.wav" and item.is_transcript and not item.is_recording
    transcribe = FakeTranscriber()
    [result] = _score_all([item], transcribe)  # q1.wav does not even exist
    assert transcribe.calls == []
    assert result.ok and result.transcript is not None and result.transcript.text == ANSWER


@pytest.mark.parametrize(
    ("manifest", "files"),
    [
        ("file,question\nempty.txt,Why?\n", {"empty.txt": "\n"}),
        ("file,question,transcript\n,Why?,\n", {}),
        ('file,question,transcript\n,Why?,"  "\n', {}),
    ],
    ids=["empty-file", "empty-cell", "blank-cell"],
)
def test_an_empty_transcript_is_an_empty_answer(
    tmp_path: Path, manifest: str, files: dict[str, str]
) -> None:
    """An empty transcript (file or cell) is scored as an answer with nothing in it, not an
    error: overall 0, no words."""
    _write_csv(tmp_path, manifest)
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")

    [result] = _score_all(load_manifest(tmp_path), FakeTranscriber())

    assert result.ok, result.error
    assert result.evaluation is not None
    assert result.evaluation.overall == 0
    assert result.evaluation.delivery.word_count == 0
    assert result.evaluation.delivery.wpm is None


def test_a_missing_txt_file_fails_that_answer_in_one_line(tmp_path: Path) -> None:
    """A .txt named in the manifest but absent: that answer fails with one line naming the
    file, like a missing recording; the other answers are still scored."""
    _write_csv(tmp_path, "file,question\nmissing.txt,Why?\nhere.txt,And then?\n")
    (tmp_path / "here.txt").write_text(ANSWER, encoding="utf-8")

    missing, here = _score_all(load_manifest(tmp_path), FakeTranscriber())

    assert not missing.ok
    assert missing.failure == "missing.txt: file not found"
    assert here.ok


def test_a_txt_file_that_is_not_utf8_fails_that_answer_naming_it(tmp_path: Path) -> None:
    """A transcript saved in another encoding is not guessed at: its answer fails with one line
    naming the file and saying to save it as UTF-8."""
    _write_csv(tmp_path, "file,question\nlatin1.txt,Why?\n")
    (tmp_path / "latin1.txt").write_bytes(
        "J'ai travaillé sur la base de données.".encode("latin-1")
    )

    [result] = _score_all(load_manifest(tmp_path), FakeTranscriber())

    assert not result.ok and result.evaluation is None
    assert result.failure == "latin1.txt: not UTF-8 text (save it as UTF-8)"
    assert result.failure is not None and "\n" not in result.failure


def test_transcript_row_without_a_question_names_its_line(tmp_path: Path) -> None:
    """A transcript row with no file and no question: the usage error names the line."""
    _write_csv(tmp_path, "file,question,transcript\n,Why?,Because.\n,,I did it.\n")
    with pytest.raises(UsageError, match="row 3: no question"):
        load_manifest(tmp_path)


def test_transcripts_without_a_manifest_are_name_dot_transcript_txt(tmp_path: Path) -> None:
    """Without a manifest, NAME.transcript.txt is the answer and NAME.txt its question, beside
    recordings that keep NAME.wav + NAME.txt; in file-name order, ids from the names."""
    _tone(tmp_path / "a1.wav")
    (tmp_path / "a1.txt").write_text("What did you ship last?\n")
    (tmp_path / "a2.transcript.txt").write_text(ANSWER, encoding="utf-8")
    (tmp_path / "a2.txt").write_text("\ufeffTell me about a slow query.\n", encoding="utf-8")

    items = load_manifest(tmp_path)

    assert [(i.name, i.question.id, i.is_recording) for i in items] == [
        ("a1.wav", "a1", True),
        ("a2.transcript.txt", "a2", False),
    ]
    assert items[1].question.text == "Tell me about a slow query."
    transcribe = FakeTranscriber()
    results = _score_all(items, transcribe)
    assert transcribe.calls == ["a1.wav"]
    assert results[1].transcript is not None and results[1].transcript.text == ANSWER


@pytest.mark.parametrize(
    ("files", "message", "hint"),
    [
        ({"a.transcript.txt": "I did it."}, "no question for a.transcript.txt", "a.txt"),
        (
            {"a.wav": "", "a.transcript.txt": "I did it.", "a.txt": "Why?"},
            "a.transcript.txt and a.wav both answer the question in a.txt",
            "keep one",
        ),
        (
            {"a.txt": "I did it."},
            "has no manifest.csv and no recordings or transcripts",
            "NAME.transcript.txt",
        ),
    ],
    ids=["no-question", "two-answers", "only-txt"],
)
def test_transcripts_without_a_manifest_bad_folders(
    tmp_path: Path, files: dict[str, str], message: str, hint: str
) -> None:
    """A transcript with no question, a recording and a transcript for one question, and a
    folder of plain .txt files (read as questions) are usage errors that say what to do."""
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(UsageError, match=message) as caught:
        load_manifest(tmp_path)
    assert hint in caught.value.one_line()
