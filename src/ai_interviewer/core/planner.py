"""The offline question plan: what to ask, in what order, and what a good answer would touch. Pure.

A plan opens with a warm-up about the candidate's background and the job ("this Registered Nurse
role in the Emergency Department at Providence Portland Medical Center"), then mixes four kinds
of question: "resume" (a role or achievement from their resume), "requirement" (one of the job's
requirements), "behavioral" (tell me about a time ...) and "situational" (what would you do
if ...), each tied to a requirement or a resume item where one exists. For five questions the mix
is one resume (the warm-up), two requirement, one behavioral and one situational.

The words come from the question bank of the job's field (`core.question_bank`; the field is the
job description's, else the resume's, else none and the neutral bank). Only requirements an
answer can evidence -- experience, skills, duties -- are asked about or tied to a question;
credentials, degrees, shifts, places, checks and physical demands are left to the application.
A requirement question names the requirement: by its technology in the software bank ("This role
needs solid experience with Kubernetes"), otherwise in the requirement's own words put into a
sentence ("Part of this role is to triage patients on arrival ...", see `spoken_requirement`).

Plans are reproducible: the same inputs and seed give the same plan; seed None means a fixed
default, so offline runs repeat unless a seed is asked for.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ai_interviewer.core.doctext import normalize
from ai_interviewer.core.fields import detect_field
from ai_interviewer.core.models import (
    JobDescription,
    Question,
    QuestionKind,
    Requirement,
    ResumeProfile,
    Role,
)
from ai_interviewer.core.profile import describe_role, highlight_roles
from ai_interviewer.core.question_bank import (
    BANKS,
    HIGHLIGHT_QUOTES,
    HIGHLIGHTS,
    HIGHLIGHTS_NO_ROLE,
    NEUTRAL,
    WARM_UP_ROLE_TAILS,
    WARM_UPS,
    QuestionBank,
    Scenario,
    TechnicalAsks,
    Theme,
)
from ai_interviewer.core.requirements import (
    classify_requirement,
    is_evidenced_by_answers,
    spoken_requirement,
)
from ai_interviewer.core.text import clip, stem, tokens
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


# --- the plan ------------------------------------------------------------------------------------


@dataclass
class _Planner:
    profile: ResumeProfile
    jd: JobDescription
    rng: random.Random
    bank: QuestionBank = NEUTRAL
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
        bank=bank_for(plan_field(profile, jd)),
        highlight_role=highlight_roles(profile) if profile.text else {},
        resume_terms=_resume_terms(profile),
    )
    _add_warm_up(planner)
    for kind in kind_sequence(count)[1:]:
        _add_of_kind(planner, kind)
    _top_up(planner, count)
    return planner.questions[:count]


def plan_field(profile: ResumeProfile, jd: JobDescription) -> str | None:
    """The field whose words the plan uses: the job's, else the resume's when the job says none."""
    if jd.field:
        return jd.field
    titles = " ".join(role.title for role in profile.roles)
    return detect_field(profile.headline or titles or None, profile.text)


def bank_for(field_name: str | None) -> QuestionBank:
    """The field's own question bank, or the neutral one."""
    return BANKS.get(field_name or "", NEUTRAL)


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
    """'this Registered Nurse role in the Emergency Department at Providence Portland Medical
    Center'; as much of it as the job description gives."""
    phrase = f"this {jd.title} role" if jd.title else "this role"
    unit = _unit_phrase(jd)
    if unit:
        phrase += f" in {unit}"
    if jd.company:
        phrase += f" at {jd.company}"
    return phrase


def _unit_phrase(jd: JobDescription) -> str | None:
    """'the Emergency Department', 'Year 2', 'Store 412'; None without a unit, or when the title
    already names it ('ICU Nurse' in the 'ICU')."""
    unit = jd.unit
    if not unit or (jd.title and unit.lower() in jd.title.lower()):
        return None
    if any(ch.isdigit() for ch in unit) or unit.lower().startswith("the "):
        return unit
    return f"the {unit}"


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
    """The requirements an answer can evidence: unused must-haves first (a seeded pick among the
    top ones), then nice-to-haves, then used ones. Conditions of the job are never asked about."""
    askable = [r for r in planner.jd.requirements if is_evidenced_by_answers(r)]
    reqs = sorted(askable, key=_only_counts_years)
    unused = [r for r in reqs if r.id not in planner.used_requirements]
    must = [r for r in unused if not r.nice_to_have]
    top, rest = must[:5], must[5:]
    planner.rng.shuffle(top)
    nice = [r for r in unused if r.nice_to_have]
    used = [r for r in reqs if r.id in planner.used_requirements]
    return top + rest + nice + used


_YEARS_FIRST = re.compile(r"^\s*\d+\s*\+?\s*(?:years?|yrs)\b", re.IGNORECASE)


def _only_counts_years(requirement: Requirement) -> bool:
    """'5+ years in software engineering': nothing to ask about beyond the count of years (at
    most one specific term)."""
    if not _YEARS_FIRST.match(requirement.text) or _focus_terms(requirement):
        return False
    return len([t for t in requirement.terms if not is_broad(t)]) <= 1


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
    opener = planner.rng.choice(WARM_UPS).format(role=_role_phrase(jd))
    texts = [opener]
    if role is not None:
        tail = planner.rng.choice(WARM_UP_ROLE_TAILS)
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
        expected=[*shared, *jd.terms[:3], *planner.bank.warm_up_words],
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
        expected = [*find_terms(highlight), *planner.bank.highlight_words]
        if planner.add(texts, "resume", where + clip(highlight, 90), None, highlight, expected):
            return True
    return False


def _highlight_texts(planner: _Planner, highlight: str, role: Role | None) -> list[str]:
    achievement = _quote(highlight, words=26)
    if _PAST_VERB.match(achievement) is None:
        return [t.format(quote=achievement) for t in planner.shuffled(HIGHLIGHT_QUOTES)]
    if role is None:
        return [t.format(achievement=achievement) for t in planner.shuffled(HIGHLIGHTS_NO_ROLE)]
    return [
        t.format(title=role.title, at_org=_at_org(role), achievement=achievement)
        for t in planner.shuffled(HIGHLIGHTS)
    ]


def _add_role(planner: _Planner) -> bool:
    for role in planner.profile.roles:
        label = describe_role(role)
        if label in planner.used_roles:
            continue
        planner.used_roles.append(label)
        texts = [
            t.format(title=role.title, at_org=_at_org(role))
            for t in planner.shuffled(planner.bank.roles)
        ]
        expected = [*tokens(role.title), *planner.bank.role_words]
        if planner.add(texts, "resume", f"Resume: {label}", None, label, expected):
            return True
    return False


def _add_skill(planner: _Planner) -> bool:
    wanted = set(planner.jd.terms)
    skills = [s for s in planner.profile.skills if s.lower() not in planner.used_skills]
    skills = [s for s in skills if _is_askable_skill(s)]
    skills.sort(key=lambda s: 0 if s.lower() in wanted else 1)
    for skill in skills:
        planner.used_skills.append(skill.lower())
        bank = planner.shuffled(planner.bank.skills)
        texts = [t.format(skill=display_name(skill)) for t in bank]
        expected = [skill.lower(), *planner.bank.skill_words]
        if planner.add(texts, "resume", f"Resume: skill {skill}", None, skill, expected):
            return True
    return False


def _is_askable_skill(skill: str) -> bool:
    """A resume skill worth a question: not a licence or certificate ('BLS certified')."""
    return classify_requirement(skill) in ("experience", "skill", "duty")


def _add_generic(planner: _Planner) -> bool:
    expected = [*planner.jd.terms[:4], *planner.bank.generic_words]
    texts = planner.shuffled(planner.bank.generic_resume)
    return planner.add(texts, "resume", planner.bank.generic_probe, None, None, expected)


# --- requirement ---------------------------------------------------------------------------------


def _add_requirement(planner: _Planner) -> bool:
    for requirement in _requirements_by_priority(planner):
        if requirement.id in planner.used_requirements:
            return False
        texts = _requirement_texts(planner, requirement)
        expected = [*requirement.terms, *planner.bank.requirement_words]
        if planner.add(
            texts, "requirement", _requirement_probe(requirement), requirement, None, expected
        ):
            return True
    return False


def _requirement_texts(planner: _Planner, requirement: Requirement) -> list[str]:
    technical = planner.bank.technical
    if technical is None:
        return _spoken_requirement_texts(planner, requirement)
    return _technical_requirement_texts(planner, requirement, technical)


def _spoken_requirement_texts(planner: _Planner, requirement: Requirement) -> list[str]:
    """The requirement in its own words, led by its shape, then an ask fit for it: 'Part of this
    role is to triage patients on arrival. Tell me about a time you did this well. ...'"""
    spoken = spoken_requirement(requirement)
    bank = planner.bank
    leads = planner.shuffled(_leads(bank, spoken.shape))
    doing = spoken.shape in ("duty", "doing")
    asks = planner.shuffled(bank.doing_asks if doing else bank.having_asks)
    return [
        f"{leads[n % len(leads)].format(words=spoken.words)} {ask}" for n, ask in enumerate(asks)
    ]


def _leads(bank: QuestionBank, shape: str) -> tuple[str, ...]:
    by_shape = {
        "duty": bank.duty_leads,
        "doing": bank.doing_leads,
        "need": bank.need_leads,
        "line": bank.line_leads,
    }
    return by_shape[shape]


def _technical_requirement_texts(
    planner: _Planner, requirement: Requirement, technical: TechnicalAsks
) -> list[str]:
    """By the technology the requirement names ('This role needs solid experience with
    Kubernetes'), with a twist when the resume has it or lacks it; by a quote when it names none."""
    focus_terms = _focus_terms(requirement, kind="technical")
    if not focus_terms:
        quote = _quote(requirement.text)
        return [t.format(quote=quote) for t in planner.shuffled(technical.quotes)]
    focus = _focus(focus_terms)
    profile = planner.profile
    has = [t for t in focus_terms if t in planner.resume_terms]
    texts = [t.format(focus=focus) for t in planner.shuffled(technical.focus)]
    if has and planner.rng.random() < 0.5:
        skill = display_name(has[0])
        bank = technical.same if skill == focus else technical.have
        special = [t.format(focus=focus, skill=skill) for t in bank]
        texts = planner.shuffled(special) + texts
    elif not has and (profile.text or profile.skills):
        texts = [t.format(focus=focus) for t in technical.gap] + texts
    return texts


# --- behavioral ----------------------------------------------------------------------------------


def _fits(requirement: Requirement, matches: Sequence[str]) -> bool:
    """True when one of the requirement's terms is one of `matches` (by stem: 'family' and
    'families' alike)."""
    return bool({stem(t) for t in requirement.terms} & {stem(m) for m in matches})


def _unused_requirement_fitting(planner: _Planner, matches: Sequence[str]) -> Requirement | None:
    """A requirement not asked about yet that a theme or scenario with these matches probes."""
    for requirement in _requirements_by_priority(planner):
        if requirement.id in planner.used_requirements:
            break
        if _fits(requirement, matches):
            return requirement
    return None


def _theme_requirement(planner: _Planner, theme: Theme) -> Requirement | None:
    """A requirement not asked about yet that this theme naturally probes."""
    return _unused_requirement_fitting(planner, theme.matches)


def _themes_in_order(planner: _Planner) -> list[Theme]:
    fresh = [t for t in planner.bank.themes if t.name not in planner.used_themes]
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
    planner: _Planner, theme: Theme, matched: Requirement | None
) -> tuple[Requirement | None, list[str]]:
    """The theme's questions and the requirement they are tied to. The software bank leads with
    the requirement's technology ('This role involves code review.'); the others ask the theme's
    question as it stands, tied to the requirement it fits, if any."""
    templates = planner.shuffled(theme.templates)
    if planner.bank.technical is None:
        return matched, [t.format(ctx="") for t in templates]
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
    scenarios = [s for s in planner.bank.scenarios if s.name not in planner.used_scenarios]
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
            requirement = _scenario_requirement(planner, scenario)
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


def _scenario_requirement(planner: _Planner, scenario: Scenario) -> Requirement | None:
    """The requirement a scenario is tied to: an unused one it fits, else the first in line."""
    fitting = _unused_requirement_fitting(planner, scenario.matches) if scenario.matches else None
    return fitting or next(iter(_requirements_by_priority(planner)), None)


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

    askable = [r for r in jd.requirements if is_evidenced_by_answers(r)]
    matched = answer_coverage(question.text, askable)
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
