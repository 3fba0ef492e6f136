"""Realistic sample reports for the report renderers' tests.

`answered_report()` is a four-question interview of a fictional candidate: three answered
(two spoken with word timings, one typed) and one skipped. `empty_report()` has no answers at all.
`llm_report()` is the same interview scored by a language model: a follow-up question, one answer
the offline scorer had to score instead, the model's final assessment and what the calls cost.
"""

from __future__ import annotations

from ai_interviewer.core.criteria import CRITERIA
from ai_interviewer.core.models import (
    CompetencyScore,
    CostSummary,
    CoverageRow,
    CriterionScore,
    DeliveryMetrics,
    Evaluation,
    FinalAssessment,
    LLMCall,
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


# --- scored by a language model --------------------------------------------------------------

MODEL = "mistral/mistral-large-latest"
LLM_SCORER = f"llm:{MODEL}"
LLM_LABEL = f"scored by {MODEL}"
FALLBACK_REASON = "the model timed out after 30 s"
Q2F_ANSWER = (
    "The canary took five percent of traffic for ten minutes. We watched the error rate and "
    "p99 latency, and the rollout stopped itself when either went over the baseline."
)
STRONGER_ANSWER = (
    "Last March a deploy of our billing API doubled the error rate within two minutes. "
    "I was on call, so I checked the dashboards, saw the errors came from one new endpoint "
    "and rolled back. The error rate was back to 0.1% within five minutes, and I added a "
    "canary stage so the next bad deploy stopped itself."
)


def llm_call(
    purpose: str, question_id: str | None, seconds: float, cost_usd: float | None = 0.0021
) -> LLMCall:
    return LLMCall(
        purpose=purpose,
        model=MODEL,
        question_id=question_id,
        prompt_tokens=900,
        completion_tokens=240,
        cost_usd=cost_usd,
        seconds=seconds,
    )


def scored_by_model(turn: Turn, calls: list[LLMCall]) -> Turn:
    """The turn as the model scored it: its label, and the calls made while it was asked."""
    assert turn.evaluation is not None
    evaluation = turn.evaluation.model_copy(update={"scorer": LLM_SCORER, "label": LLM_LABEL})
    return turn.model_copy(update={"evaluation": evaluation, "llm_calls": calls})


def follow_up_turn() -> Turn:
    """q02f, the model's follow-up to the Kubernetes answer."""
    parent = kubernetes_turn()
    assert parent.evaluation is not None
    words = timed_words(Q2F_ANSWER, seconds_per_word=0.4)
    delivery = DeliveryMetrics(
        word_count=len(words),
        duration_s=round(words[-1].end - words[0].start, 1),
        wpm=148.0,
        pauses_over_2s=1,
        longest_pause_s=2.5,
        we_count=1,
        timed=True,
    )
    evaluation = parent.evaluation.model_copy(
        update={
            "question_id": "q02f",
            "criteria": criteria((8, 6, 8, 7, 8, 8), "the rollout stopped itself"),
            "overall": 74,
            "tip": "Say what the baseline was and who chose it.",
            "delivery": delivery,
            "star": StarAnalysis(
                action=StarComponent(present=True, quote="We watched the error rate"),
                result=StarComponent(present=True, quote="the rollout stopped itself"),
                quantified=True,
                numbers=["five percent", "ten minutes"],
            ),
            "scorer": LLM_SCORER,
            "label": LLM_LABEL,
        }
    )
    return Turn(
        question=Question(
            id="q02f",
            text="What did the canary stage measure before it let a deploy through?",
            kind="requirement",
            follow_up_of="q02",
            probes="Requirement R2: Kubernetes in production",
            requirement_id="R2",
        ),
        status="scored",
        transcript=Transcript(
            text=Q2F_ANSWER, words=words, duration=11.0, source="whisper:tiny.en"
        ),
        evaluation=evaluation,
        timings={"stt_final": 0.22, "llm_eval": 2.4, "llm_next": 1.1},
        llm_calls=[llm_call("evaluate", "q02f", 2.4), llm_call("next", "q02f", 1.1)],
    )


def fallback_turn() -> Turn:
    """q04, which the model did not score in time: the offline scorer's estimate stands in."""
    turn = incident_turn()
    assert turn.evaluation is not None
    turn.evaluation.fallback_reason = FALLBACK_REASON
    turn.llm_calls = [
        LLMCall(
            purpose="evaluate",
            model=MODEL,
            question_id="q04",
            seconds=30.0,
            attempts=2,
            ok=False,
            error="timed out",
        )
    ]
    return turn


def assessment() -> FinalAssessment:
    return FinalAssessment(
        strengths=[
            "Leads with measured results: the billing close went from 8 hours to 40 minutes.",
            "Explains deployment safety in concrete steps: canary, error rate, rollback.",
        ],
        improvements=[
            "Answer incident questions with an incident you handled, not a plan.",
            "Name who you worked with and what you decided together.",
        ],
        weakest_question_id="q04",
        stronger_answer=STRONGER_ANSWER,
        readiness="nearly ready",
        readiness_summary=(
            "Strong on backend delivery and Kubernetes; on-call experience is not yet shown."
        ),
        gaps=[
            "No on-call or incident response shown (R4).",
            "Collaboration was not discussed: the question on it was skipped.",
        ],
    )


def cost_summary() -> CostSummary:
    return CostSummary(
        calls=9,
        prompt_tokens=8_100,
        completion_tokens=2_160,
        cost_usd=0.0189,
        by_purpose={
            "final": 0.0042,
            "analysis": 0.0021,
            "plan": 0.0021,
            "evaluate": 0.0063,
            "next": 0.0042,
        },
    )


def llm_report() -> Report:
    """Scored by a model: q01, q02 and the follow-up q02f by the model, q04 offline instead."""
    turns = [
        scored_by_model(
            billing_turn(), [llm_call("evaluate", "q01", 1.8), llm_call("next", "q01", 0.9)]
        ),
        scored_by_model(
            kubernetes_turn(), [llm_call("evaluate", "q02", 1.9), llm_call("next", "q02", 1.2)]
        ),
        follow_up_turn(),
        fallback_turn(),
    ]
    report = answered_report()
    return report.model_copy(
        update={
            "overall": 66,
            "label": LLM_LABEL,
            "answered": 4,
            "asked": 4,
            "turns": turns,
            "scorer": LLM_SCORER,
            "assessment": assessment(),
            "cost": cost_summary(),
        }
    )


# --- a question asked again ------------------------------------------------------------------

Q4_RETRY_ANSWER = (
    "Last March our billing API's error rate doubled two minutes after a deploy. I was on call: "
    "I checked the dashboards, saw the errors came from one new endpoint and rolled back. The "
    "error rate was back to 0.1% within five minutes."
)


def incident_retry_turn() -> Turn:
    """q04 asked again: a real incident this time, spoken, with a measured result."""
    words = timed_words(Q4_RETRY_ANSWER, seconds_per_word=0.42)
    delivery = DeliveryMetrics(
        word_count=len(words),
        duration_s=round(words[-1].end - words[0].start, 1),
        wpm=150.0,
        fillers=0,
        fillers_per_100=0.0,
        pauses_over_2s=2,
        longest_pause_s=2.5,
        hedges=1,
        i_count=3,
        timed=True,
    )
    evaluation = Evaluation(
        question_id="q04",
        criteria=criteria((8, 7, 7, 7, 5, 4), "back to 0.1% within five minutes"),
        overall=66,
        tip="Say what you changed so that the next bad deploy stops itself.",
        delivery=delivery,
        star=StarAnalysis(
            situation=StarComponent(present=True, quote="our billing API's error rate doubled"),
            action=StarComponent(present=True, quote="I checked the dashboards"),
            result=StarComponent(present=True, quote="back to 0.1% within five minutes"),
            quantified=True,
            numbers=["0.1%", "five minutes"],
        ),
        requirements_evidenced=["R4"],
        competency_signals={"adaptability_learning": 6},
    )
    first = incident_turn()
    return Turn(
        question=first.question,
        attempt=2,
        status="scored",
        answer_audio="audio/q04-answer-2.wav",
        transcript=Transcript(
            text=Q4_RETRY_ANSWER, words=words, duration=words[-1].end + 0.5, source="whisper"
        ),
        evaluation=evaluation,
    )


def retried_report() -> Report:
    """The answered interview with q04 asked again at the end: the retry is kept beside the first
    attempt, and the scores stay those of the first attempts."""
    report = answered_report()
    report.turns.append(incident_retry_turn())
    return report
