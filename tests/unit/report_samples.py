"""Realistic sample reports for the report renderers' tests.

`answered_report()` is a four-question interview of a fictional candidate: three answered
(two spoken with word timings, one typed) and one skipped. `empty_report()` has no answers at all.
"""

from __future__ import annotations

from ai_interviewer.core.models import (
    CRITERIA,
    CompetencyScore,
    CoverageRow,
    CriterionScore,
    DeliveryMetrics,
    Evaluation,
    Question,
    QuestionKind,
    Report,
    StarAnalysis,
    StarComponent,
    Transcript,
    Turn,
    Word,
)

CANDIDATE = "Jordan Avery"
ROLE = "Senior Backend Engineer"

Q1_ANSWER = (
    "At Northwind Freight our [legacy] billing service took eight hours to close the month. "
    "I was asked to cut that before peak season. I split the batch job into per-region "
    "workers, um, added idempotent retries and moved the reports to a read replica. "
    "The close dropped to forty minutes, about 90% faster, and we had no missed invoices."
)
Q2_ANSWER = (
    "I run our services on Kubernetes. I wrote the Helm charts, set resource limits from "
    "load tests and added a canary stage, so a bad deploy | rollback takes two minutes."
)
Q4_ANSWER = (
    "I would first, uh, check the dashboards to see if the error rate is real, then "
    "page the owner and roll back if it keeps rising."
)


def timed_words(text: str, start: float = 0.4, seconds_per_word: float = 0.4) -> list[Word]:
    """Word timestamps at a steady pace, one 2.5 s pause after the first sentence."""
    words: list[Word] = []
    clock = start
    for token in text.split():
        words.append(Word(text=token, start=clock, end=clock + seconds_per_word * 0.8))
        clock += seconds_per_word
        if token.endswith(".") and len(words) < 20:
            clock += 2.5
    return words


def criteria(
    scores: tuple[int, int, int, int, int, int], evidence: str | None
) -> list[CriterionScore]:
    reasons = {
        "relevance": "Answers the question that was asked.",
        "structure": "Situation, task, action and result in order.",
        "specificity": "Names the system, the steps and the tools.",
        "impact": "States the result with a number.",
        "clarity": "Short sentences, few fillers.",
        "depth": "Shows how the system works, not only what was done.",
    }
    return [
        CriterionScore(criterion=name, score=score, reason=reasons[name], evidence=evidence)
        for name, score in zip(CRITERIA, scores, strict=True)
    ]


def question(
    number: int, text: str, kind: QuestionKind, probes: str, requirement: str | None
) -> Question:
    return Question(
        id=f"q{number:02d}",
        text=text,
        kind=kind,
        probes=probes,
        requirement_id=requirement,
    )


def billing_turn() -> Turn:
    words = timed_words(Q1_ANSWER)
    star = StarAnalysis(
        situation=StarComponent(
            present=True, quote="our [legacy] billing service took eight hours"
        ),
        task=StarComponent(present=True, quote="I was asked to cut that before peak season"),
        action=StarComponent(present=True, quote="I split the batch job into per-region workers"),
        result=StarComponent(present=True, quote="The close dropped to forty minutes"),
        quantified=True,
        numbers=["forty minutes", "90%"],
    )
    delivery = DeliveryMetrics(
        word_count=len(words),
        duration_s=round(words[-1].end - words[0].start, 1),
        wpm=142.0,
        fillers=1,
        filler_words={"um": 1},
        fillers_per_100=1.6,
        pauses_over_2s=3,
        longest_pause_s=2.6,
        i_count=3,
        we_count=1,
        timed=True,
    )
    evaluation = Evaluation(
        question_id="q01",
        criteria=criteria((9, 9, 8, 9, 7, 7), "The close dropped to forty minutes"),
        overall=82,
        tip="Say in one sentence why per-region workers were the right split.",
        delivery=delivery,
        star=star,
        requirements_evidenced=["R1", "R3"],
        matched_terms=["python", "postgresql", "batch"],
        competency_signals={"problem_solving": 9, "technical_expertise": 8},
    )
    return Turn(
        question=question(
            1,
            "Tell me about the billing close you sped up at Northwind Freight.",
            "resume",
            "Resume: billing close from 8 hours to 40 minutes",
            None,
        ),
        status="scored",
        question_audio="audio/q01-question.mp3",
        answer_audio="audio/q01-answer.wav",
        transcript=Transcript(
            text=Q1_ANSWER, words=words, duration=words[-1].end + 0.5, source="whisper:tiny.en"
        ),
        evaluation=evaluation,
        timings={"stt_final": 0.41, "llm_eval": 0.02, "llm_next": 0.01, "gap": 0.62},
    )


def kubernetes_turn() -> Turn:
    words = timed_words(Q2_ANSWER, seconds_per_word=0.35)
    star = StarAnalysis(
        action=StarComponent(present=True, quote="I wrote the Helm charts"),
        result=StarComponent(present=True, quote="rollback takes two minutes"),
        quantified=True,
        numbers=["two minutes"],
    )
    delivery = DeliveryMetrics(
        word_count=len(words),
        duration_s=round(words[-1].end - words[0].start, 1),
        wpm=171.0,
        fillers=0,
        fillers_per_100=0.0,
        pauses_over_2s=1,
        longest_pause_s=2.5,
        i_count=3,
        timed=True,
    )
    evaluation = Evaluation(
        question_id="q02",
        criteria=criteria((8, 5, 7, 6, 8, 7), "a bad deploy | rollback takes two minutes"),
        overall=68,
        tip="Start with the situation: what went wrong before the canary stage existed?",
        delivery=delivery,
        star=star,
        requirements_evidenced=["R2"],
        matched_terms=["kubernetes", "helm"],
        competency_signals={"technical_expertise": 8},
    )
    return Turn(
        question=question(
            2,
            "How have you run services on Kubernetes in production?",
            "requirement",
            "Requirement R2: Kubernetes in production",
            "R2",
        ),
        status="scored",
        transcript=Transcript(text=Q2_ANSWER, words=words, duration=12.0, source="speechmatics"),
        evaluation=evaluation,
        timings={"stt_final": 0.18, "llm_eval": 1.9, "llm_next": 1.2, "tts_first_audio": 0.3},
    )


def skipped_turn() -> Turn:
    return Turn(
        question=question(
            3,
            "Tell me about a time you disagreed with a product decision.",
            "behavioral",
            "Collaboration under disagreement",
            None,
        ),
        status="skipped",
    )


def incident_turn() -> Turn:
    star = StarAnalysis(action=StarComponent(present=True, quote="roll back if it keeps rising"))
    delivery = DeliveryMetrics(
        word_count=len(Q4_ANSWER.split()),
        fillers=1,
        filler_words={"uh": 1},
        fillers_per_100=4.0,
        hedges=1,
        i_count=1,
        timed=False,
    )
    evaluation = Evaluation(
        question_id="q04",
        criteria=criteria((6, 3, 4, 2, 6, 4), "roll back if it keeps rising"),
        overall=41,
        tip="Give a real incident you handled and what the error rate was after the fix.",
        delivery=delivery,
        star=star,
        requirements_evidenced=[],
        competency_signals={"adaptability_learning": 4},
    )
    return Turn(
        question=question(
            4,
            "The error rate doubles right after your deploy. What do you do?",
            "situational",
            "Requirement R4: on-call and incident response",
            "R4",
        ),
        status="scored",
        transcript=Transcript(text=Q4_ANSWER, source="text"),
        evaluation=evaluation,
    )


def competencies() -> list[CompetencyScore]:
    return [
        CompetencyScore(
            competency="technical_expertise", score=8, reason="Kubernetes and batch design."
        ),
        CompetencyScore(competency="problem_solving", score=8, reason="Cut the close by 90%."),
        CompetencyScore(competency="communication", score=7, reason="Clear, a little fast."),
        CompetencyScore(competency="leadership_ownership", score=6, reason="Owned one migration."),
        CompetencyScore(competency="collaboration", score=3, reason="Skipped the question on it."),
        CompetencyScore(
            competency="adaptability_learning", score=4, reason="Incident answer was hypothetical."
        ),
    ]


def coverage() -> list[CoverageRow]:
    return [
        CoverageRow(requirement_id="R1", text="5+ years of Python services", evidenced_by=["q01"]),
        CoverageRow(requirement_id="R2", text="Kubernetes in production", evidenced_by=["q02"]),
        CoverageRow(requirement_id="R3", text="PostgreSQL performance", evidenced_by=["q01"]),
        CoverageRow(requirement_id="R4", text="On-call and incident response", evidenced_by=[]),
    ]


def answered_report() -> Report:
    """Three answered turns (two spoken, one typed) and one skipped."""
    turns = [billing_turn(), kubernetes_turn(), skipped_turn(), incident_turn()]
    return Report(
        candidate=CANDIDATE,
        role=ROLE,
        overall=64,
        answered=3,
        asked=4,
        criteria_means={
            "relevance": 7.7,
            "structure": 5.7,
            "specificity": 6.3,
            "impact": 5.7,
            "clarity": 7.0,
            "depth": 6.0,
        },
        competencies=competencies(),
        strengths=[
            "Quantified the billing close result: 8 hours to 40 minutes.",
            "Concrete tooling on Kubernetes: Helm, resource limits, canary stage.",
        ],
        improvements=[
            "Answer situational questions with a real incident, not a plan.",
            "Slow down to 130-160 words a minute on technical answers.",
        ],
        coverage=coverage(),
        turns=turns,
        delivery_summary={
            "wpm": 156.5,
            "fillers_per_100": 1.9,
            "pauses_over_2s": 4,
            "longest_pause_s": 2.6,
            "timed_answers": 2,
        },
    )


def empty_report() -> Report:
    """The candidate skipped every question."""
    first = skipped_turn()
    second = incident_turn().model_copy(
        update={"status": "skipped", "transcript": None, "evaluation": None}
    )
    return Report(
        candidate=CANDIDATE,
        role=ROLE,
        overall=0,
        answered=0,
        asked=2,
        coverage=[row.model_copy(update={"evidenced_by": []}) for row in coverage()],
        turns=[first, second],
    )
