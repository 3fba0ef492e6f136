"""The offline question plan: what to ask, in what order, and what a good answer would touch. Pure.

A plan opens with a warm-up about the candidate's background, then mixes four kinds of question:
"resume" (a role or achievement from their resume), "requirement" (one of the job's
requirements), "behavioral" (tell me about a time ...) and "situational" (what would you do
if ...), each tied to a requirement or a resume item where one exists. For five questions the mix
is one resume (the warm-up), two requirement, one behavioral and one situational.

Plans are reproducible: the same inputs and seed give the same plan; seed None means a fixed
default, so offline runs repeat unless a seed is asked for.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ai_interviewer.core.doctext import normalize
from ai_interviewer.core.models import (
    JobDescription,
    Question,
    QuestionKind,
    Requirement,
    ResumeProfile,
    Role,
)
from ai_interviewer.core.profile import describe_role, highlight_roles
from ai_interviewer.core.text import clip, tokens
from ai_interviewer.core.vocabulary import (
    display_name,
    find_terms,
    is_broad,
    is_known,
    is_technical,
    is_tool,
)

DEFAULT_SEED = 20240601
MAX_QUESTIONS = 15
MAX_EXPECTED_TERMS = 12

# After the warm-up, slots are filled in this order (5 questions: 2 requirement, 1 behavioral,
# 1 situational after the warm-up; 15: 4 resume, 5 requirement, 3 behavioral, 3 situational).
_KIND_CYCLE: tuple[QuestionKind, ...] = (
    "requirement",
    "behavioral",
    "requirement",
    "situational",
    "resume",
    "requirement",
    "behavioral",
    "situational",
    "resume",
    "requirement",
    "behavioral",
    "requirement",
    "situational",
    "resume",
)


# --- the template bank ---------------------------------------------------------------------------

_WARM_UPS: tuple[str, ...] = (
    "To start, could you tell me a bit about your background, and what draws you to {role}?",
    "Let's begin with an overview. Walk me through your background and how it has prepared "
    "you for {role}.",
    "Thanks for making the time. Tell me about yourself, and the experience that makes you a "
    "good fit for {role}.",
    "Before we get into specifics, give me a short tour of your career so far, and why {role} "
    "is the right next step for you.",
)
_WARM_UP_ROLE_TAILS: tuple[str, ...] = (
    " You might start with your time as {title}{at_org}.",
    " Feel free to focus on your work as {title}{at_org}.",
    " I'm especially interested in your time as {title}{at_org}.",
)

_HIGHLIGHT_TEMPLATES: tuple[str, ...] = (
    "In your role as {title}{at_org}, you {achievement}. Walk me through how you did that: what "
    "was your part, and how did you measure the result?",
    "Your resume says that as {title}{at_org} you {achievement}. What was the hardest part of "
    "that, and what would you do differently now?",
    "Let's go back to your time as {title}{at_org}. You {achievement}. Take me through the "
    "situation, what you did yourself, and the outcome.",
)
_HIGHLIGHT_NO_ROLE_TEMPLATES: tuple[str, ...] = (
    "Your resume says you {achievement}. Walk me through how you did that: what was your part, "
    "and how did you measure the result?",
    "I'd like to hear more about this: you {achievement}. What problem were you solving, and "
    "how do you know it worked?",
)
_HIGHLIGHT_QUOTE_TEMPLATES: tuple[str, ...] = (
    "I'd like to hear more about this line in your resume: {quote}. What was the problem, what "
    "did you do yourself, and what came of it?",
    "One line in your resume caught my eye: {quote}. Take me through the situation and your "
    "part in it.",
)
_ROLE_TEMPLATES: tuple[str, ...] = (
    "Tell me about your work as {title}{at_org}. What was the most important thing you "
    "delivered there, and what was your part in it?",
    "Looking back at your time as {title}{at_org}, which decision are you proudest of, and "
    "what did it lead to?",
)
_SKILL_TEMPLATES: tuple[str, ...] = (
    "Your resume lists {skill}. Tell me about the most substantial project where you used it, "
    "and what you personally built.",
    "How have you used {skill} in your work? Pick one concrete example and take me through the "
    "problem, your approach, and the result.",
)
_GENERIC_RESUME: tuple[str, ...] = (
    "Tell me about a project you are proud of. What was your part in it, and what was the result?",
    "Walk me through the most complex piece of work you have delivered, from the problem to "
    "the outcome.",
)

_REQUIREMENT_TEMPLATES: tuple[str, ...] = (
    "This role needs solid experience with {focus}. Tell me about a time you used {focus} to "
    "solve a real problem. What was the situation, what did you do, and how did it turn out?",
    "The job description puts real weight on {focus}. Walk me through the most demanding piece "
    "of work you have done with {focus}, and what you would do differently today.",
    "Let's talk about {focus}, which this role relies on. Describe a project where that was "
    "your responsibility end to end. What decisions did you make, and what was the result?",
    "How have you used {focus} in your recent work? Pick one concrete example and take me "
    "through the problem, your approach, and the outcome.",
    "This team depends on {focus}. Tell me about a time something went wrong in your work with "
    "{focus}, and how you put it right.",
)
_REQUIREMENT_HAVE_TEMPLATES: tuple[str, ...] = (
    "Your resume mentions {skill}, and this role needs {focus}. Tell me about the piece of work "
    "with {skill} you are proudest of: the problem, what you did, and the result.",
)
_REQUIREMENT_SAME_TEMPLATES: tuple[str, ...] = (
    "You list {skill} on your resume, and it matters a lot in this role. Walk me through a hard "
    "problem you solved with {skill}, step by step.",
    "{skill} is on your resume and at the heart of this role. Tell me about the piece of work "
    "with {skill} you are proudest of: the problem, what you did, and the result.",
)
_REQUIREMENT_GAP_TEMPLATES: tuple[str, ...] = (
    "This role needs experience with {focus}, and I don't see much of that on your resume. Tell "
    "me about the closest experience you have, and how you would get up to speed.",
)
_REQUIREMENT_QUOTE_TEMPLATES: tuple[str, ...] = (
    "One part of this role reads: {quote}. Tell me about a time you did something similar. "
    "What was the situation, what did you do, and what was the result?",
    "The job description asks for this: {quote}. Which experience of yours comes closest? Walk "
    "me through it.",
)


@dataclass(frozen=True)
class _Theme:
    """A behavioral theme: 'tell me about a time' questions and what a good answer mentions."""

    name: str
    templates: tuple[str, ...]
    matches: tuple[str, ...]  # requirement terms this theme naturally probes
    words: tuple[str, ...]  # kind-specific words a good answer uses


_THEMES: tuple[_Theme, ...] = (
    _Theme(
        "conflict",
        (
            "Tell me about a time you disagreed with a teammate about an important decision{ctx}. "
            "How did you handle it, and what happened in the end?",
            "Describe a time you had to work closely with someone whose approach was very "
            "different from yours{ctx}. How did you make it work?",
        ),
        (
            "collaboration",
            "cross-functional collaboration",
            "stakeholder management",
            "communication",
            "code review",
        ),
        ("disagreement", "listened", "perspective", "compromise", "agreed", "outcome"),
    ),
    _Theme(
        "failure",
        (
            "Tell me about a time something you owned failed{ctx}. What happened, what did you "
            "do about it, and what did you change afterwards?",
            "Describe a mistake you made at work{ctx} that had real consequences. How did you "
            "handle it, and what did you learn?",
        ),
        ("testing", "postmortems", "debugging", "test automation"),
        ("mistake", "root cause", "fixed", "learned", "changed", "prevent"),
    ),
    _Theme(
        "leadership",
        (
            "Tell me about a time you led a piece of work without being formally in charge{ctx}. "
            "How did you get people moving in the same direction?",
            "Describe a time you took ownership of a problem nobody else wanted{ctx}. What did "
            "you do, and what was the result?",
        ),
        ("leadership", "team leadership", "people management", "project management"),
        ("led", "ownership", "aligned", "delegated", "goal", "result"),
    ),
    _Theme(
        "deadline",
        (
            "Tell me about a time you had to deliver under a tight deadline{ctx}. How did you "
            "decide what to cut, and how did it go?",
            "Describe a time you realised a project was going to be late{ctx}. What did you do, "
            "and who did you tell?",
        ),
        ("prioritization", "project management", "agile", "scrum", "time management"),
        ("deadline", "prioritized", "scope", "trade-off", "communicated", "delivered"),
    ),
    _Theme(
        "mentoring",
        (
            "Tell me about a time you helped a less experienced colleague grow{ctx}. What did "
            "you do, and how did you know it worked?",
            "Describe how you have brought a new team member up to speed{ctx}. What worked, "
            "and what would you do differently?",
        ),
        ("mentoring", "coaching", "hiring"),
        ("mentored", "feedback", "pairing", "growth", "confidence", "independent"),
    ),
    _Theme(
        "incident",
        (
            "Tell me about the most stressful production problem you have dealt with{ctx}. What "
            "did you do in the first hour, and what happened after?",
            "Describe a time you were paged for an outage{ctx}. How did you find the cause, and "
            "what did you change so it would not happen again?",
        ),
        ("incident response", "on-call", "observability", "monitoring", "sre", "high availability"),
        ("incident", "diagnosed", "rollback", "communicated", "postmortem", "root cause"),
    ),
    _Theme(
        "feedback",
        (
            "Tell me about a time you received critical feedback{ctx}. What was it, and what did "
            "you do with it?",
            "Describe a time you had to give difficult feedback to a colleague{ctx}. How did you "
            "approach the conversation, and what changed?",
        ),
        ("communication", "code review", "coaching"),
        ("feedback", "listened", "specific", "changed", "improved", "follow-up"),
    ),
    _Theme(
        "ambiguity",
        (
            "Tell me about a time you had to make progress with unclear requirements{ctx}. How "
            "did you decide what to do first?",
            "Describe a project that started with a vague goal{ctx}. How did you turn it into a "
            "plan, and how did it end up?",
        ),
        ("system design", "software architecture", "product management", "api design"),
        ("clarified", "assumptions", "stakeholders", "prototype", "iterate", "plan"),
    ),
    _Theme(
        "learning",
        (
            "Tell me about a time you had to learn a new technology or domain quickly{ctx}. How "
            "did you go about it, and what did you deliver?",
        ),
        ("machine learning", "llms", "generative ai", "data science"),
        ("learned", "documentation", "practiced", "asked", "delivered", "quickly"),
    ),
    _Theme(
        "influence",
        (
            "Tell me about a time you convinced others to change direction{ctx}. How did you make "
            "the case, and what happened?",
        ),
        (
            "software architecture",
            "strategic planning",
            "product strategy",
            "stakeholder management",
        ),
        ("data", "proposal", "persuaded", "trade-offs", "agreed", "evidence"),
    ),
)


@dataclass(frozen=True)
class _Scenario:
    """A situational prompt: 'what would you do if ...', with or without a technical focus."""

    name: str
    with_focus: str | None  # needs a technical {focus}
    generic: str
    words: tuple[str, ...]


_SCENARIOS: tuple[_Scenario, ...] = (
    _Scenario(
        "production incident",
        "Imagine you have just joined as {title}, and in your second week a service that depends "
        "on {focus} starts failing in production during peak hours. What would you do, step by "
        "step?",
        "Imagine you have just joined as {title}, and in your second week something critical "
        "you are responsible for breaks during the busiest time of day. What would you do, step "
        "by step?",
        ("triage", "logs", "metrics", "rollback", "communicate", "root cause", "postmortem"),
    ),
    _Scenario(
        "unfamiliar technology",
        "Suppose you are asked to deliver a feature that depends on {focus}, and nobody on the "
        "team has used it before. How would you approach the first two weeks?",
        "Suppose you are asked to deliver something in an area nobody on the team knows well. "
        "How would you approach the first two weeks?",
        ("learn", "prototype", "documentation", "risks", "plan", "ask"),
    ),
    _Scenario(
        "technical disagreement",
        "What would you do if two senior teammates strongly disagreed about how to use {focus}, "
        "and the argument was blocking the team?",
        "What would you do if two senior teammates strongly disagreed about the right approach, "
        "and the argument was blocking the team?",
        ("trade-offs", "data", "criteria", "decide", "document", "align"),
    ),
    _Scenario(
        "squeezed estimate",
        "Your manager asks you to cut the estimate for a {focus} project in half because of a "
        "customer commitment. What would you do?",
        "Your manager asks you to cut the estimate for your project in half because of a "
        "customer commitment. What would you do?",
        ("scope", "trade-offs", "risks", "priorities", "communicate", "stakeholders"),
    ),
    _Scenario(
        "inherited system",
        "Imagine you inherit a critical system built on {focus}, with no tests and little "
        "documentation, and you need to change it next month. How would you go about it?",
        "Imagine you inherit a critical piece of work with no documentation, and the person who "
        "built it has left. How would you go about taking it over?",
        ("tests", "incremental", "monitor", "risk", "documentation", "refactor"),
    ),
    _Scenario(
        "growth",
        "What would you do if the load on a system you own, built on {focus}, grew ten times in "
        "a month?",
        "What would you do if the demand on something you own grew ten times in a month?",
        ("bottleneck", "measure", "capacity", "scaling", "priorities", "load testing"),
    ),
    _Scenario(
        "competing priorities",
        None,
        "What would you do if, as {title}, you got three urgent requests from different "
        "stakeholders in the same week and could only finish one?",
        ("prioritize", "impact", "stakeholders", "communicate", "trade-offs", "expectations"),
    ),
    _Scenario(
        "struggling teammate",
        "Suppose you notice that a teammate's changes to the {focus} code keep causing bugs in "
        "production. What would you do?",
        "Suppose you notice that a teammate keeps missing commitments and it is starting to "
        "affect the team. What would you do?",
        ("conversation", "feedback", "support", "review", "tests", "expectations"),
    ),
)

_KIND_WORDS: dict[str, tuple[str, ...]] = {
    "warm-up": ("experience", "background"),
    "resume": ("result", "impact"),
    "requirement": ("example", "result"),
}


# --- the plan ------------------------------------------------------------------------------------


@dataclass
class _Planner:
    profile: ResumeProfile
    jd: JobDescription
    rng: random.Random
    questions: list[Question] = field(default_factory=list)
    used_texts: set[str] = field(default_factory=set)
    used_requirements: list[str] = field(default_factory=list)
    used_highlights: list[str] = field(default_factory=list)
    used_roles: list[str] = field(default_factory=list)
    used_themes: list[str] = field(default_factory=list)
    used_scenarios: list[str] = field(default_factory=list)
    used_skills: list[str] = field(default_factory=list)
    highlight_role: dict[str, Role] = field(default_factory=dict)
    resume_terms: set[str] = field(default_factory=set)

    def add(
        self,
        texts: Sequence[str],
        kind: QuestionKind,
        probes: str,
        requirement: Requirement | None = None,
        resume_item: str | None = None,
        expected: Sequence[str] = (),
    ) -> bool:
        """Add the first of `texts` not asked yet; False when every one was asked already."""
        for raw in texts:
            text = speakable(raw)
            if text.lower() in self.used_texts:
                continue
            self.used_texts.add(text.lower())
            self.questions.append(
                Question(
                    id=f"q{len(self.questions) + 1:02d}",
                    text=text,
                    kind=kind,
                    probes=probes,
                    requirement_id=requirement.id if requirement else None,
                    resume_item=resume_item,
                    expected_terms=expected_terms(expected),
                )
            )
            if requirement is not None:
                self.used_requirements.append(requirement.id)
            return True
        return False

    def shuffled(self, items: Sequence[str]) -> list[str]:
        copy = list(items)
        self.rng.shuffle(copy)
        return copy


def plan_questions(
    profile: ResumeProfile, jd: JobDescription, count: int = 5, seed: int | None = None
) -> list[Question]:
    """`count` questions (1..15): a warm-up, then resume, requirement, behavioral, situational."""
    count = max(1, min(count, MAX_QUESTIONS))
    planner = _Planner(
        profile=profile,
        jd=jd,
        rng=random.Random(DEFAULT_SEED if seed is None else seed),
        highlight_role=highlight_roles(profile) if profile.text else {},
        resume_terms=_resume_terms(profile),
    )
    _add_warm_up(planner)
    for kind in kind_sequence(count)[1:]:
        _add_of_kind(planner, kind)
    _top_up(planner, count)
    return planner.questions[:count]


def kind_sequence(count: int) -> list[QuestionKind]:
    """The planned kinds in order: the warm-up (a resume question), then the cycle."""
    rest = [_KIND_CYCLE[i % len(_KIND_CYCLE)] for i in range(max(count - 1, 0))]
    return ["resume", *rest]


def _add_of_kind(planner: _Planner, kind: QuestionKind) -> None:
    makers: dict[str, tuple[Callable[[_Planner], bool], ...]] = {
        "resume": (_add_resume, _add_behavioral),
        "requirement": (_add_requirement, _add_resume, _add_behavioral),
        "behavioral": (_add_behavioral, _add_situational),
        "situational": (_add_situational, _add_behavioral),
    }
    for maker in makers[kind]:
        if maker(planner):
            return


def _top_up(planner: _Planner, count: int) -> None:
    """When the sources ran dry, fill the plan with whatever still gives a new question."""
    makers = (_add_behavioral, _add_situational, _add_resume, _add_requirement)
    attempts = 0
    while len(planner.questions) < count and attempts < 4 * MAX_QUESTIONS:
        if not makers[attempts % len(makers)](planner) and attempts % len(makers) == 3:
            planner.used_themes.clear()
            planner.used_scenarios.clear()
        attempts += 1


# --- helpers for every kind ----------------------------------------------------------------------


def speakable(text: str) -> str:
    """Plain words for the voice: no markdown, no brackets, tidy spacing and punctuation."""
    text = text.replace("&", " and ")
    text = re.sub(r"\s*\(\s*", ", ", text)
    text = re.sub(r"\s*\)\s*", ", ", text)
    text = re.sub(r"[\[\]{}*_#`<>|~\"]", " ", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.?!:;])", r"\1", text)
    text = re.sub(r",\s*([,.?!:;])", r"\1", text)
    text = re.sub(r"([.?!:;]),", r"\1", text)
    text = text.strip(" ,")
    return text[:1].upper() + text[1:]


def expected_terms(terms: Sequence[str]) -> list[str]:
    seen: dict[str, None] = {}
    for term in terms:
        clean = " ".join(term.lower().split())
        if clean:
            seen.setdefault(clean, None)
    return list(seen)[:MAX_EXPECTED_TERMS]


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _quote(text: str, words: int = 22) -> str:
    """A requirement or resume line as a spoken phrase: no trailing stop, a sensible length."""
    cleaned = speakable(text).rstrip(" .;:")
    parts = cleaned.split()
    if len(parts) > words:
        cleaned = " ".join(parts[:words]).rstrip(",;:")
    return _lower_first(cleaned)


def _role_phrase(jd: JobDescription) -> str:
    if jd.title and jd.company:
        return f"this {jd.title} role at {jd.company}"
    if jd.title:
        return f"this {jd.title} role"
    return "this role"


def _title(jd: JobDescription) -> str:
    return f"the new {jd.title}" if jd.title else "a new member of the team"


def _at_org(role: Role) -> str:
    return f" at {role.organization}" if role.organization else ""


def _resume_terms(profile: ResumeProfile) -> set[str]:
    """Every skill the resume shows: its listed skills and known terms anywhere in its text."""
    return {s.lower() for s in profile.skills} | set(find_terms(normalize(profile.text)))


def _focus_terms(requirement: Requirement, kind: str = "any") -> list[str]:
    """The known terms (two at most; broad ones like 'backend' left out) a question is about.

    kind: "any" known term, "technical" (technology, area or practice) or "tool" (a named thing
    one builds on, fit for "a service built on ...").
    """
    known = [t for t in requirement.terms if is_known(t)]
    if kind == "technical":
        known = [t for t in known if is_technical(t)]
    elif kind == "tool":
        known = [t for t in known if is_tool(t)]
    specific = [t for t in known if not is_broad(t)]
    return specific[:1] if kind == "tool" else specific[:2]


def _focus(terms: Sequence[str]) -> str:
    shown = [display_name(t) for t in terms]
    return " and ".join(shown)


def _requirement_probe(requirement: Requirement) -> str:
    tail = " (nice to have)" if requirement.nice_to_have else ""
    return f"Requirement {requirement.id}: {clip(requirement.text, 90)}{tail}"


def _requirements_by_priority(planner: _Planner) -> list[Requirement]:
    """Unused must-haves first (a seeded pick among the top ones), then nice-to-haves, then used."""
    reqs = sorted(planner.jd.requirements, key=_only_counts_years)
    unused = [r for r in reqs if r.id not in planner.used_requirements]
    must = [r for r in unused if not r.nice_to_have]
    top, rest = must[:5], must[5:]
    planner.rng.shuffle(top)
    nice = [r for r in unused if r.nice_to_have]
    used = [r for r in reqs if r.id in planner.used_requirements]
    return top + rest + nice + used


_YEARS_FIRST = re.compile(r"^\s*\d+\s*\+?\s*(?:years?|yrs)\b", re.IGNORECASE)


def _only_counts_years(requirement: Requirement) -> bool:
    """'5+ years in software engineering': nothing to ask about beyond the count of years."""
    return bool(_YEARS_FIRST.match(requirement.text)) and not _focus_terms(requirement)


def _most_recent_role(profile: ResumeProfile) -> Role | None:
    if not profile.roles:
        return None
    current = [r for r in profile.roles if r.start_year is not None and r.end_year is None]
    if current:
        return current[0]
    dated = [r for r in profile.roles if r.end_year is not None or r.start_year is not None]
    if not dated:
        return profile.roles[0]
    return max(dated, key=lambda r: r.end_year or r.start_year or 0)


# --- warm-up -------------------------------------------------------------------------------------


def _add_warm_up(planner: _Planner) -> None:
    profile, jd = planner.profile, planner.jd
    role = _most_recent_role(profile)
    opener = planner.rng.choice(_WARM_UPS).format(role=_role_phrase(jd))
    texts = [opener]
    if role is not None:
        tail = planner.rng.choice(_WARM_UP_ROLE_TAILS)
        texts.insert(0, opener + tail.format(title=role.title, at_org=_at_org(role)))
        planner.used_roles.append(describe_role(role))
    shared = [t for t in jd.terms if t in planner.resume_terms][:6]
    focus = jd.title or "the role"
    probes = f"Warm-up: background and fit for {focus}"
    if role is not None:
        probes += f"; Resume: {describe_role(role)}"
    planner.add(
        texts,
        "resume",
        probes,
        resume_item=describe_role(role) if role else None,
        expected=[*shared, *jd.terms[:3], *_KIND_WORDS["warm-up"]],
    )


# --- resume --------------------------------------------------------------------------------------


_PAST_VERB = re.compile(
    r"^(?:[A-Za-z]+ed|led|built|ran|grew|drove|won|wrote|made|cut|set|took|brought|rebuilt"
    r"|taught|sold|kept|spent|shipped|owned|founded|saved)\b",
    re.IGNORECASE,
)


def _highlight_priority(planner: _Planner, highlight: str) -> float:
    terms = set(find_terms(highlight))
    relevant = len(terms & set(planner.jd.terms))
    has_number = any(ch.isdigit() for ch in highlight)
    return relevant * 2 + (2 if has_number else 0) + planner.rng.random()


def _add_resume(planner: _Planner) -> bool:
    return (
        _add_highlight(planner)
        or _add_role(planner)
        or _add_skill(planner)
        or _add_generic(planner)
    )


def _add_highlight(planner: _Planner) -> bool:
    fresh = [h for h in planner.profile.highlights if h not in planner.used_highlights]
    fresh.sort(key=lambda h: -_highlight_priority(planner, h))
    for highlight in fresh:
        planner.used_highlights.append(highlight)
        role = planner.highlight_role.get(highlight)
        texts = _highlight_texts(planner, highlight, role)
        where = f"Resume: {describe_role(role)}: " if role else "Resume: "
        expected = [*find_terms(highlight), *_KIND_WORDS["resume"], "measured"]
        if planner.add(texts, "resume", where + clip(highlight, 90), None, highlight, expected):
            return True
    return False


def _highlight_texts(planner: _Planner, highlight: str, role: Role | None) -> list[str]:
    achievement = _quote(highlight, words=26)
    if _PAST_VERB.match(achievement) is None:
        return [t.format(quote=achievement) for t in planner.shuffled(_HIGHLIGHT_QUOTE_TEMPLATES)]
    if role is None:
        bank = planner.shuffled(_HIGHLIGHT_NO_ROLE_TEMPLATES)
        return [t.format(achievement=achievement) for t in bank]
    return [
        t.format(title=role.title, at_org=_at_org(role), achievement=achievement)
        for t in planner.shuffled(_HIGHLIGHT_TEMPLATES)
    ]


def _add_role(planner: _Planner) -> bool:
    for role in planner.profile.roles:
        label = describe_role(role)
        if label in planner.used_roles:
            continue
        planner.used_roles.append(label)
        texts = [
            t.format(title=role.title, at_org=_at_org(role))
            for t in planner.shuffled(_ROLE_TEMPLATES)
        ]
        expected = [*tokens(role.title), *_KIND_WORDS["resume"], "delivered"]
        if planner.add(texts, "resume", f"Resume: {label}", None, label, expected):
            return True
    return False


def _add_skill(planner: _Planner) -> bool:
    wanted = set(planner.jd.terms)
    skills = [s for s in planner.profile.skills if s.lower() not in planner.used_skills]
    skills.sort(key=lambda s: 0 if s.lower() in wanted else 1)
    for skill in skills:
        planner.used_skills.append(skill.lower())
        texts = [t.format(skill=display_name(skill)) for t in planner.shuffled(_SKILL_TEMPLATES)]
        expected = [skill.lower(), *_KIND_WORDS["resume"], "project"]
        if planner.add(texts, "resume", f"Resume: skill {skill}", None, skill, expected):
            return True
    return False


def _add_generic(planner: _Planner) -> bool:
    expected = [*planner.jd.terms[:4], *_KIND_WORDS["resume"], "project"]
    texts = planner.shuffled(_GENERIC_RESUME)
    return planner.add(
        texts, "resume", "Resume: a project of the candidate's choice", None, None, expected
    )


# --- requirement ---------------------------------------------------------------------------------


def _add_requirement(planner: _Planner) -> bool:
    for requirement in _requirements_by_priority(planner):
        if requirement.id in planner.used_requirements:
            return False
        texts = _requirement_texts(planner, requirement)
        expected = [*requirement.terms, *_KIND_WORDS["requirement"]]
        if planner.add(
            texts, "requirement", _requirement_probe(requirement), requirement, None, expected
        ):
            return True
    return False


def _requirement_texts(planner: _Planner, requirement: Requirement) -> list[str]:
    focus_terms = _focus_terms(requirement, kind="technical")
    if not focus_terms:
        quote = _quote(requirement.text)
        return [t.format(quote=quote) for t in planner.shuffled(_REQUIREMENT_QUOTE_TEMPLATES)]
    focus = _focus(focus_terms)
    profile = planner.profile
    has = [t for t in focus_terms if t in planner.resume_terms]
    texts = [t.format(focus=focus) for t in planner.shuffled(_REQUIREMENT_TEMPLATES)]
    if has and planner.rng.random() < 0.5:
        skill = display_name(has[0])
        bank = _REQUIREMENT_SAME_TEMPLATES if skill == focus else _REQUIREMENT_HAVE_TEMPLATES
        special = [t.format(focus=focus, skill=skill) for t in bank]
        texts = planner.shuffled(special) + texts
    elif not has and (profile.text or profile.skills):
        texts = [t.format(focus=focus) for t in _REQUIREMENT_GAP_TEMPLATES] + texts
    return texts


# --- behavioral ----------------------------------------------------------------------------------


def _theme_requirement(planner: _Planner, theme: _Theme) -> Requirement | None:
    """A requirement not asked about yet that this theme naturally probes."""
    for requirement in _requirements_by_priority(planner):
        if requirement.id in planner.used_requirements:
            break
        if set(requirement.terms) & set(theme.matches):
            return requirement
    return None


def _themes_in_order(planner: _Planner) -> list[_Theme]:
    fresh = [t for t in _THEMES if t.name not in planner.used_themes]
    planner.rng.shuffle(fresh)
    fresh.sort(key=lambda t: 0 if _theme_requirement(planner, t) is not None else 1)
    return fresh


def _add_behavioral(planner: _Planner) -> bool:
    for theme in _themes_in_order(planner):
        planner.used_themes.append(theme.name)
        matched = _theme_requirement(planner, theme)
        requirement, texts = _behavioral_texts(planner, theme, matched)
        probes = f"Behavioral: {theme.name}"
        if requirement is not None:
            probes += f"; {_requirement_probe(requirement)}"
        expected = [*(requirement.terms[:4] if requirement else ()), *theme.words]
        if planner.add(texts, "behavioral", probes, requirement, None, expected):
            return True
    return False


def _behavioral_texts(
    planner: _Planner, theme: _Theme, matched: Requirement | None
) -> tuple[Requirement | None, list[str]]:
    templates = planner.shuffled(theme.templates)
    if matched is not None:
        shared = [t for t in matched.terms if t in theme.matches][:2]
        lead = f"This role involves {_focus(shared)}. "
        return matched, [lead + t.format(ctx="") for t in templates]
    for requirement in _requirements_by_priority(planner):
        focus_terms = _focus_terms(requirement, kind="technical")
        if focus_terms:
            ctx = f" on work involving {_focus(focus_terms)}"
            return requirement, [t.format(ctx=ctx) for t in templates]
    return None, [t.format(ctx="") for t in templates]


# --- situational ---------------------------------------------------------------------------------


def _add_situational(planner: _Planner) -> bool:
    scenarios = [s for s in _SCENARIOS if s.name not in planner.used_scenarios]
    planner.rng.shuffle(scenarios)
    title = _title(planner.jd)
    for scenario in scenarios:
        planner.used_scenarios.append(scenario.name)
        requirement, focus_terms = _tool_requirement(planner)
        if scenario.with_focus is not None and requirement is not None:
            text = scenario.with_focus.format(focus=_focus(focus_terms), title=title)
            probes = f"Situational: {scenario.name}; {_requirement_probe(requirement)}"
            expected = [*focus_terms, *scenario.words]
        else:
            requirement = next(iter(_requirements_by_priority(planner)), None)
            text = scenario.generic.format(title=title)
            probes = f"Situational: {scenario.name}"
            if planner.jd.title:
                probes += f" as {planner.jd.title}"
            if requirement is not None:
                probes += f"; {_requirement_probe(requirement)}"
            terms = requirement.terms[:3] if requirement else planner.jd.terms[:2]
            expected = [*terms, *scenario.words]
        if planner.add([text], "situational", probes, requirement, None, expected):
            return True
    return False


def _tool_requirement(planner: _Planner) -> tuple[Requirement | None, list[str]]:
    for requirement in _requirements_by_priority(planner):
        focus_terms = _focus_terms(requirement, kind="tool")
        if focus_terms:
            return requirement, focus_terms
    return None, []


def ground_question(question: Question, jd: JobDescription) -> Question:
    """Tie a question written elsewhere (a manifest, a user) to the job requirement it asks
    about, so that its answer is scored for relevance against that requirement's terms."""
    if question.requirement_id is not None:
        return question
    from ai_interviewer.core.coverage import answer_coverage

    matched = answer_coverage(question.text, jd.requirements)
    if not matched:
        return question
    requirement = next(r for r in jd.requirements if r.id == matched[0])
    return question.model_copy(
        update={
            "requirement_id": requirement.id,
            "probes": _requirement_probe(requirement),
            "expected_terms": expected_terms([*question.expected_terms, *requirement.terms]),
        }
    )
