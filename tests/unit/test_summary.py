"""The interview report: overall, criteria, competencies, strengths, improvements, delivery."""

from __future__ import annotations

import pytest

from ai_interviewer.core.criteria import CRITERIA
from ai_interviewer.core.models import (
    COMPETENCIES,
    OFFLINE_LABEL,
    JobDescription,
    Question,
    Report,
    Requirement,
    ResumeProfile,
    Transcript,
    Turn,
    TurnStatus,
    Word,
)
from ai_interviewer.core.scorer import evaluate_offline
from ai_interviewer.core.summary import build_report, is_answered

PROFILE = ResumeProfile(name="Sample Candidate", skills=["Python", "PostgreSQL", "Redis"])
JD = JobDescription(
    title="Backend Engineer",
    requirements=[
        Requirement(id="R1", text="Python APIs", terms=["python", "api"]),
        Requirement(id="R2", text="PostgreSQL", terms=["postgresql", "sql"]),
        Requirement(id="R3", text="Kubernetes in production", terms=["kubernetes"]),
    ],
    terms=["python", "api", "postgresql", "redis", "kubernetes", "latency"],
)

GOOD = (
    "At my last job our checkout API was timing out during sales. I was responsible for fixing it. "
    "I profiled the endpoint, found a slow PostgreSQL query, added an index and a Redis cache. "
    "As a result p95 latency dropped from 900 ms to 180 ms and errors fell by 60%."
)
TEAM = (
    "At my previous company a teammate and I disagreed about the queue. We had to decide quickly, "
    "so I wrote a benchmark and we reviewed it together with our lead, because data beats opinion. "
    "We agreed to keep PostgreSQL and it handled 5x our peak load."
)
WEAK = "Um, I guess I, uh, just do stuff, you know, and things usually work out, um, somehow."


def spoken(text: str, seconds_per_word: float = 0.4) -> Transcript:
    """A Whisper-like transcript with evenly timed words."""
    words = [
        Word(text=f" {w}", start=i * seconds_per_word, end=(i + 1) * seconds_per_word)
        for i, w in enumerate(text.split())
    ]
    return Transcript(text=text, words=words, source="whisper:tiny.en")


def turn(qid: str, answer: str | Transcript | None, status: TurnStatus = "scored") -> Turn:
    """A turn, scored offline when it has an answer."""
    question = Question(
        id=qid,
        text="Tell me about a time you improved a slow API.",
        kind="behavioral",
        probes="test",
    )
    if answer is None:
        return Turn(question=question, status=status)
    transcript = answer if isinstance(answer, Transcript) else Transcript(text=answer)
    evaluation = evaluate_offline(question, transcript, PROFILE, JD)
    return Turn(question=question, status=status, transcript=transcript, evaluation=evaluation)


def report(*turns: Turn) -> Report:
    """The report of these turns."""
    return build_report(list(turns), PROFILE, JD)


def test_overall_is_the_mean_of_answered_turns() -> None:
    """Overall is the rounded mean of the answered turns' overall scores."""
    turns = [turn("q01", GOOD), turn("q02", WEAK)]
    expected = round(sum(t.evaluation.overall for t in turns if t.evaluation) / 2)
    assert report(*turns).overall == expected


def test_skipped_turns_count_as_zero_and_are_named() -> None:
    """A skipped turn counts as 0 in the overall, and the report names it and why."""
    r = report(turn("q01", GOOD), turn("q02", None, "skipped"))
    alone = report(turn("q01", GOOD)).overall
    assert (r.answered, r.asked, len(r.turns)) == (1, 2, 2)
    assert r.overall == round(alone / 2)
    assert r.counted_as_zero == {"q02": "skipped"}


@pytest.mark.parametrize(
    "spoiled",
    [
        ("q02", None, "skipped"),
        ("q02", "", "scored"),
        ("q02", "   ", "scored"),
        ("q02", None, "failed"),
        ("q02", None, "asked"),
    ],
)
@pytest.mark.parametrize("answers", [[GOOD], [GOOD, WEAK], [WEAK], [WEAK, WEAK, GOOD]])
def test_skipping_or_emptying_an_answer_never_raises_the_score(
    spoiled: tuple[str, str | None, TurnStatus], answers: list[str]
) -> None:
    """Replacing any answer by a skip, an empty answer, a failure or no answer at all never
    raises the overall, whatever the other answers were."""
    turns = [turn(f"q{i:02d}", text) for i, text in enumerate(answers, start=1)]
    base = report(*turns).overall
    for i in range(len(turns)):
        qid = turns[i].question.id
        changed = [*turns[:i], turn(qid, spoiled[1], spoiled[2]), *turns[i + 1 :]]
        assert report(*changed).overall <= base


def test_overall_is_the_mean_of_the_overalls_shown() -> None:
    """The overall is the plain mean of every question's overall as the table shows it (0 for
    unanswered ones), so nobody can work out a different mean from the same table."""
    turns = [turn("q01", GOOD), turn("q02", WEAK), turn("q03", None, "skipped"), turn("q04", "")]
    r = report(*turns)
    shown = [t.evaluation.overall if is_answered(t) and t.evaluation else 0 for t in r.turns]
    assert r.overall == round(sum(shown) / len(shown))


@pytest.mark.parametrize(
    ("status", "answer", "answered"),
    [
        ("scored", GOOD, True),
        ("skipped", None, False),
        ("failed", None, False),
        ("scored", "", False),
        ("scored", "   ", False),
    ],
)
def test_is_answered(status: TurnStatus, answer: str | None, answered: bool) -> None:
    """Only scored turns with something said count as answered."""
    assert is_answered(turn("q01", answer, status)) is answered


def test_unanswered_questions_are_named_in_improvements() -> None:
    """Skipped questions appear in an improvement that names them."""
    r = report(turn("q01", GOOD), turn("q02", TEAM), turn("q03", None, "skipped"))
    assert any("q03" in line and "Answer every question" in line for line in r.improvements)


def test_zero_answered_turns() -> None:
    """A report with nothing answered works: overall 0, improvements say to answer."""
    r = report(turn("q01", None, "skipped"), turn("q02", "", "scored"))
    assert (r.overall, r.answered, r.asked) == (0, 0, 2)
    assert r.strengths == []
    assert r.improvements and "Answer the questions" in r.improvements[0]
    assert all(c.score == 0 for c in r.competencies)


def test_empty_interview() -> None:
    """No turns at all still gives a report."""
    r = report()
    assert (r.overall, r.answered, r.asked) == (0, 0, 0)


def test_criteria_means_cover_all_six() -> None:
    """Every criterion has a mean within 0..10."""
    means = report(turn("q01", GOOD), turn("q02", WEAK)).criteria_means
    assert set(means) == set(CRITERIA)
    assert all(0 <= v <= 10 for v in means.values())


def test_competencies_are_the_six_in_order() -> None:
    """The six competencies, each scored 0..10 with a reason."""
    r = report(turn("q01", GOOD), turn("q02", TEAM))
    assert [c.competency for c in r.competencies] == list(COMPETENCIES)
    assert all(0 <= c.score <= 10 and c.reason for c in r.competencies)


def test_competency_without_evidence_says_so() -> None:
    """A competency no answer showed scores low and says 'No answer showed'."""
    r = report(turn("q01", GOOD))
    learning = next(c for c in r.competencies if c.competency == "adaptability_learning")
    assert learning.score == 0 and learning.reason.startswith("No answer showed")


def test_competency_with_evidence_names_questions() -> None:
    """A competency shown in answers names the questions that showed it."""
    r = report(turn("q01", GOOD), turn("q02", TEAM))
    collaboration = next(c for c in r.competencies if c.competency == "collaboration")
    assert collaboration.score > 0 and "q02" in collaboration.reason


def test_strengths_cite_questions() -> None:
    """2-4 strengths, each naming a question, quantified results among them."""
    r = report(turn("q01", GOOD), turn("q02", TEAM))
    assert 2 <= len(r.strengths) <= 4
    assert all("q0" in s for s in r.strengths)
    assert any(s.startswith("Quantified results in q01") for s in r.strengths)


def test_strong_interview_still_has_improvements() -> None:
    """Even a strong single answer gets 2-4 improvements."""
    assert 2 <= len(report(turn("q01", GOOD)).improvements) <= 4


def test_weak_interview_still_has_strengths_and_improvements() -> None:
    """Even weak answers give 2-4 strengths and 2-4 improvements."""
    r = report(turn("q01", WEAK), turn("q02", WEAK))
    assert 2 <= len(r.strengths) <= 4
    assert 2 <= len(r.improvements) <= 4


def test_improvements_cite_questions() -> None:
    """Improvements name the question they come from."""
    r = report(turn("q01", GOOD), turn("q02", WEAK))
    assert 2 <= len(r.improvements) <= 4
    assert any("q02" in line for line in r.improvements)


def test_uncovered_requirement_is_an_improvement() -> None:
    """A JD requirement no answer evidenced is named as a gap."""
    r = report(turn("q01", GOOD), turn("q02", TEAM))
    assert any("R3" in line for line in r.improvements)


def test_coverage_rows() -> None:
    """Coverage lists which questions evidenced each requirement."""
    rows = {row.requirement_id: row.evidenced_by for row in report(turn("q01", GOOD)).coverage}
    assert rows == {"R1": ["q01"], "R2": ["q01"], "R3": []}


def test_delivery_summary_from_timed_answers() -> None:
    """Mean WPM over timed answers, fillers per 100 words overall, long pauses in total."""
    r = report(turn("q01", spoken(GOOD)), turn("q02", WEAK))
    summary = r.delivery_summary
    assert summary["wpm"] == pytest.approx(150.0)
    assert summary["fillers_per_100"] is not None and summary["fillers_per_100"] > 0
    assert summary["pauses_over_2s"] == 0


def test_delivery_summary_without_timings() -> None:
    """Typed answers give no WPM."""
    assert report(turn("q01", GOOD)).delivery_summary["wpm"] is None


def test_report_names_candidate_role_and_label() -> None:
    """The report carries the candidate, the role and the offline label."""
    r = report(turn("q01", GOOD))
    assert (r.candidate, r.role, r.label) == ("Sample Candidate", "Backend Engineer", OFFLINE_LABEL)


def test_must_have_gaps_come_before_nice_to_have() -> None:
    """Among unevidenced requirements, must-haves are named before nice-to-haves."""
    jd = JD.model_copy(
        update={
            "requirements": [
                Requirement(id="R1", text="Go services", terms=["golang"], nice_to_have=True),
                Requirement(id="R2", text="Kubernetes in production", terms=["kubernetes"]),
            ]
        }
    )
    question = Question(id="q01", text="Tell me about a slow API.", kind="behavioral", probes="t")
    transcript = Transcript(text=GOOD)
    evaluation = evaluate_offline(question, transcript, PROFILE, jd)
    done = Turn(question=question, status="scored", transcript=transcript, evaluation=evaluation)
    r = build_report([done], PROFILE, jd)
    gap = next(line for line in r.improvements if line.startswith("No answer evidenced"))
    assert gap.index("R2") < gap.index("R1")
