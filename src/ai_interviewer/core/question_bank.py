"""The question bank: every template, theme and scenario the offline planner asks from. Data only.

A `QuestionBank` is one field of work's way of asking: its resume questions, how it puts a
requirement into a question, its behavioral themes ("tell me about a time ...") and its
situational scenarios ("what would you do if ..."), each with the words a good answer uses.
`BANKS` maps a field (see `core.fields`) to its bank; a field without one of its own uses
`NEUTRAL`, which reads well for any job. `SOFTWARE` is the only bank that names technical terms in
its questions ("a service that depends on PostgreSQL"); the others speak the field's own language
and put a requirement into words with `core.requirements.spoken_requirement`.

Placeholders, filled by the planner: {role} "this Registered Nurse role in the Emergency
Department at Providence Portland Medical Center"; {title} a resume role's title, or in a
scenario "the new Registered Nurse"; {at_org} " at <organization>" or ""; {achievement} a resume
line starting with a past verb; {quote} a resume or job line; {skill} a resume skill; {focus} a
technical term (software only); {ctx} " on work involving <focus>" or "" (software themes);
{words} a requirement's spoken words (in the `*_leads` templates, by the shape of the words).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """A behavioral theme: 'tell me about a time' questions and what a good answer mentions."""

    name: str
    templates: tuple[str, ...]
    matches: tuple[str, ...]  # requirement terms this theme naturally probes
    words: tuple[str, ...]  # kind-specific words a good answer uses


@dataclass(frozen=True)
class Scenario:
    """A situational prompt: 'what would you do if ...', with or without a technical focus."""

    name: str
    with_focus: str | None  # needs a technical {focus}
    generic: str
    words: tuple[str, ...]
    matches: tuple[str, ...] = ()  # requirement terms this scenario naturally probes


# --- for every field -----------------------------------------------------------------------------

WARM_UPS: tuple[str, ...] = (
    "To start, could you tell me a bit about your background, and what draws you to {role}?",
    "Let's begin with an overview. Walk me through your background and how it has prepared "
    "you for {role}.",
    "Thanks for making the time. Tell me about yourself, and the experience that makes you a "
    "good fit for {role}.",
    "Before we get into specifics, give me a short tour of your career so far, and why {role} "
    "is the right next step for you.",
)
WARM_UP_ROLE_TAILS: tuple[str, ...] = (
    " You might start with your time as {title}{at_org}.",
    " Feel free to focus on your work as {title}{at_org}.",
    " I'm especially interested in your time as {title}{at_org}.",
)

HIGHLIGHTS: tuple[str, ...] = (
    "In your role as {title}{at_org}, you {achievement}. Walk me through how you did that: what "
    "was your part, and how did you measure the result?",
    "Your resume says that as {title}{at_org} you {achievement}. What was the hardest part of "
    "that, and what would you do differently now?",
    "Let's go back to your time as {title}{at_org}. You {achievement}. Take me through the "
    "situation, what you did yourself, and the outcome.",
)
HIGHLIGHTS_NO_ROLE: tuple[str, ...] = (
    "Your resume says you {achievement}. Walk me through how you did that: what was your part, "
    "and how did you measure the result?",
    "I'd like to hear more about this: you {achievement}. What problem were you solving, and "
    "how do you know it worked?",
)
HIGHLIGHT_QUOTES: tuple[str, ...] = (
    "I'd like to hear more about this line in your resume: {quote}. What was the problem, what "
    "did you do yourself, and what came of it?",
    "One line in your resume caught my eye: {quote}. Take me through the situation and your "
    "part in it.",
)


# --- neutral: any job ----------------------------------------------------------------------------

ROLES: tuple[str, ...] = (
    "Tell me about your work as {title}{at_org}. What are you proudest of from that time, and "
    "what was your own part in it?",
    "Looking back at your time as {title}{at_org}, which decision are you proudest of, and "
    "what did it lead to?",
)
SKILLS: tuple[str, ...] = (
    "Your resume lists {skill}. Tell me about a time it made a real difference in your work: "
    "what was the situation, and what did you do?",
    "How have you used {skill} in your work? Pick one concrete example and take me through the "
    "situation, what you did, and the result.",
)
GENERIC_RESUME: tuple[str, ...] = (
    "Tell me about a piece of work you are proud of. What was your part in it, and what was the "
    "result?",
    "Walk me through the hardest thing you have handled at work, from the start to the outcome.",
)

# A requirement put into words: the lead names it by its shape (see `spoken_requirement`), an ask
# fit for the shape follows. "Part of this role is to triage patients on arrival. Tell me about a
# time you did this well. ..."
REQUIREMENT_LEADS: dict[str, tuple[str, ...]] = {
    "duty": (
        "Part of this role is to {words}.",
        "In this role you would {words}.",
    ),
    "doing": (
        "This role involves {words}.",
        "A big part of this role is {words}.",
    ),
    "need": (
        "This role calls for {words}.",
        "The job description puts real weight on {words}.",
    ),
    "line": (
        "The job description asks for this: {words}.",
        "One thing this role asks for is this: {words}.",
    ),
}
# after a duty ("Part of this role is to ...", "This role involves ...")
DOING_ASKS: tuple[str, ...] = (
    "Tell me about a time you did this well. What was the situation, what did you do, and how "
    "did it turn out?",
    "Walk me through a recent example from your own work: what was asked of you, how you went "
    "about it, and what came of it.",
    "Tell me about a time this was hard to get right. What made it difficult, and what did you do?",
)
# after a need or a line ("This role calls for ...", "The job description asks for this: ...")
HAVING_ASKS: tuple[str, ...] = (
    "Tell me about a time from your own work that shows this. What was the situation, what did "
    "you do, and how did it turn out?",
    "Which experience of yours shows it best? Walk me through it: the situation, what you did, "
    "and the result.",
    "Give me one concrete example from your own work where it made the difference. What "
    "happened, and what did you do?",
)

NEUTRAL_THEMES: tuple[Theme, ...] = (
    Theme(
        "disagreement",
        (
            "Tell me about a time you disagreed with a colleague about how something should be "
            "done. How did you handle it, and what happened in the end?",
            "Describe a time you had to work closely with someone whose approach was very "
            "different from yours. How did you make it work?",
        ),
        ("collaboration", "communication", "teamwork", "colleagues", "team", "relationships"),
        ("disagreement", "listened", "perspective", "compromise", "agreed", "outcome"),
    ),
    Theme(
        "mistake",
        (
            "Tell me about a time something you were responsible for went wrong. What happened, "
            "what did you do about it, and what did you change afterwards?",
            "Describe a mistake you made at work that had real consequences. How did you handle "
            "it, and what did you learn?",
        ),
        ("accuracy", "accurate", "quality", "standards", "safely", "compliance"),
        ("mistake", "owned", "fixed", "learned", "changed", "prevent"),
    ),
    Theme(
        "leadership",
        (
            "Tell me about a time you led a piece of work without being formally in charge. How "
            "did you get people moving in the same direction?",
            "Describe a time you took ownership of a problem nobody else wanted. What did you "
            "do, and what was the result?",
        ),
        ("leadership", "lead", "team leadership", "people management", "supervise", "manage"),
        ("led", "ownership", "aligned", "delegated", "goal", "result"),
    ),
    Theme(
        "pressure",
        (
            "Tell me about a time you had far more to do than time to do it. How did you decide "
            "what came first, and how did it go?",
            "Describe a time you realised you were not going to finish something on time. What "
            "did you do, and who did you tell?",
        ),
        ("prioritization", "time management", "organised", "organized", "deadlines", "workload"),
        ("prioritised", "deadline", "plan", "asked for help", "communicated", "finished"),
    ),
    Theme(
        "helping others grow",
        (
            "Tell me about a time you helped a less experienced colleague grow. What did you do, "
            "and how did you know it worked?",
            "Describe how you have helped a new team member find their feet. What worked, and "
            "what would you do differently?",
        ),
        ("mentoring", "coaching", "coach", "train", "training", "develop", "hiring"),
        ("supported", "feedback", "showed", "growth", "confidence", "independent"),
    ),
    Theme(
        "feedback",
        (
            "Tell me about a time you received critical feedback. What was it, and what did you do "
            "with it?",
            "Describe a time you had to give difficult feedback to a colleague. How did you "
            "approach the conversation, and what changed?",
        ),
        ("communication", "coaching", "feedback"),
        ("feedback", "listened", "specific", "changed", "improved", "follow-up"),
    ),
    Theme(
        "upset customer",
        (
            "Tell me about a time you dealt with someone who was upset or angry with you or your "
            "organisation. What did you do, and how did it end?",
        ),
        ("customer", "customers", "clients", "customer service", "complaints", "public"),
        ("listened", "calm", "apologised", "explained", "resolved", "followed up"),
    ),
    Theme(
        "learning",
        (
            "Tell me about a time you had to learn something new quickly for your work. How did "
            "you go about it, and what difference did it make?",
        ),
        ("learn", "learning", "adapt", "change"),
        ("learned", "asked", "practised", "notes", "applied", "quickly"),
    ),
    Theme(
        "improvement",
        (
            "Tell me about a time you noticed a better way of doing something at work and made "
            "it happen. What did you change, and what was the result?",
        ),
        ("process improvement", "continuous improvement", "improve", "efficiency", "standards"),
        ("noticed", "proposed", "tried", "measured", "changed", "result"),
    ),
)

NEUTRAL_SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "short-handed day",
        None,
        "Imagine you have just joined as {title}, and on a very busy day two colleagues call in "
        "sick. What would you do, step by step?",
        ("prioritise", "essentials", "ask for help", "communicate", "safety", "review"),
        ("staffing", "busy", "workload", "team"),
    ),
    Scenario(
        "competing priorities",
        None,
        "What would you do if, as {title}, three different people asked you for something urgent "
        "in the same week and you could only finish one?",
        ("prioritise", "impact", "communicate", "expectations", "deadline", "agree"),
        ("prioritization", "time management", "deadlines"),
    ),
    Scenario(
        "struggling colleague",
        None,
        "Suppose you notice that a colleague keeps missing things they agreed to do, and it is "
        "starting to affect the team. What would you do?",
        ("conversation", "feedback", "support", "expectations", "follow up", "listen"),
        ("team", "supervise", "lead", "coach"),
    ),
    Scenario(
        "unhappy customer",
        None,
        "Imagine someone you are looking after is unhappy with what they got, and asks for "
        "something you are not allowed to give. What would you do?",
        ("listen", "empathy", "options", "policy", "escalate", "follow up"),
        ("customer", "customers", "clients", "complaints"),
    ),
    Scenario(
        "own mistake",
        None,
        "Suppose you realise that a mistake you made last week has just caused a problem for "
        "someone else. What would you do?",
        ("own", "tell", "fix", "apologise", "prevent", "learn"),
    ),
    Scenario(
        "unfamiliar task",
        None,
        "Suppose you are asked to take on something nobody on the team knows well. How would you "
        "approach the first two weeks?",
        ("learn", "ask", "plan", "risks", "practise", "check"),
    ),
    Scenario(
        "taking over",
        None,
        "Imagine you take over someone's work after they left suddenly, with few notes. How would "
        "you go about it?",
        ("handover", "notes", "priorities", "ask", "risks", "plan"),
    ),
)


# --- what a bank is ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TechnicalAsks:
    """How a technical bank asks about a requirement: by the technology it names ({focus}), with
    a twist when the resume has it ({skill}) or lacks it; by a quote when it names none."""

    focus: tuple[str, ...]
    have: tuple[str, ...]  # the resume has a related skill
    same: tuple[str, ...]  # the resume has the very skill
    gap: tuple[str, ...]  # the resume shows none of it
    quotes: tuple[str, ...]  # the requirement names no technology: {quote}


@dataclass(frozen=True)
class QuestionBank:
    """One field's way of asking: its resume, requirement, behavioral and situational questions,
    and the words a good answer to each kind uses."""

    themes: tuple[Theme, ...]
    scenarios: tuple[Scenario, ...]
    roles: tuple[str, ...] = ROLES
    skills: tuple[str, ...] = SKILLS
    generic_resume: tuple[str, ...] = GENERIC_RESUME
    # a requirement in words: a lead by the shape of its words, then an ask
    duty_leads: tuple[str, ...] = REQUIREMENT_LEADS["duty"]
    doing_leads: tuple[str, ...] = REQUIREMENT_LEADS["doing"]
    need_leads: tuple[str, ...] = REQUIREMENT_LEADS["need"]
    line_leads: tuple[str, ...] = REQUIREMENT_LEADS["line"]
    doing_asks: tuple[str, ...] = DOING_ASKS
    having_asks: tuple[str, ...] = HAVING_ASKS
    technical: TechnicalAsks | None = None  # set: ask about requirements by their technology
    # words a good answer uses, by the kind of question
    warm_up_words: tuple[str, ...] = ("experience", "background")
    highlight_words: tuple[str, ...] = ("result", "impact", "measured")
    role_words: tuple[str, ...] = ("result", "impact", "delivered")
    skill_words: tuple[str, ...] = ("result", "impact", "example")
    generic_words: tuple[str, ...] = ("result", "impact", "example")
    generic_probe: str = "Resume: a piece of work of the candidate's choice"
    requirement_words: tuple[str, ...] = ("example", "result")


# --- healthcare ----------------------------------------------------------------------------------

HEALTHCARE_THEMES: tuple[Theme, ...] = (
    Theme(
        "unhappy patient or family",
        (
            "Tell me about a time a patient or a family member was unhappy with the care being "
            "given. What did you do, and how did it end?",
        ),
        ("families", "family", "relatives", "communication", "complaints", "patient experience"),
        ("listened", "explained", "empathy", "escalated", "documented", "resolved"),
    ),
    Theme(
        "deteriorating patient",
        (
            "Tell me about a time you noticed a patient getting worse before anyone else did. "
            "What did you see, what did you do, and what happened?",
        ),
        ("deteriorating", "escalate", "reassess", "triage", "assessment", "observations"),
        ("observations", "assessed", "escalated", "sbar", "documented", "outcome"),
    ),
    Theme(
        "speaking up",
        (
            "Describe a time you spoke up about something you thought was unsafe for a patient. "
            "How did you raise it, and what changed?",
        ),
        ("safety", "safely", "safe", "infection", "policy", "medications"),
        ("patient safety", "raised", "concern", "policy", "reported", "changed"),
    ),
    Theme(
        "busiest shift",
        (
            "Tell me about your busiest shift. How did you decide what to do first, and how did "
            "you work with the rest of the team?",
        ),
        ("prioritization", "workload", "acuity", "busy", "pressure", "teamwork"),
        ("prioritised", "delegated", "team", "safe", "communicated", "handover"),
    ),
    Theme(
        "supporting a new colleague",
        (
            "Tell me about a time you helped a new nurse or a student find their feet. What did "
            "you do, and how did you know it worked?",
        ),
        ("precept", "preceptor", "students", "graduate", "mentoring", "teaching"),
        ("supported", "feedback", "confidence", "competence", "supervised", "independent"),
    ),
    Theme(
        "mistake in care",
        (
            "Describe a time you made a mistake in a patient's care, or nearly did. What "
            "happened, what did you do, and what did you change afterwards?",
        ),
        ("medications", "medication", "document", "documentation", "accurate"),
        ("reported", "honest", "patient safety", "learned", "changed", "checked"),
    ),
    Theme(
        "disagreeing about care",
        (
            "Tell me about a time you disagreed with a doctor or a colleague about a patient's "
            "care. How did you handle it, and what happened?",
        ),
        ("physician", "physicians", "collaboration", "multidisciplinary", "team"),
        ("disagreed", "advocated", "evidence", "listened", "agreed", "patient"),
    ),
    Theme(
        "explaining care",
        (
            "Tell me about a time you helped a patient or a family understand something "
            "complicated about their care. How did you check they had understood?",
        ),
        ("educate", "education", "discharge", "families", "teach"),
        ("explained", "plain language", "teach-back", "questions", "understood", "discharge"),
    ),
)

HEALTHCARE_SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "deteriorating patient near handover",
        None,
        "Imagine you have just joined as {title}, and near the end of a long shift one of your "
        "patients starts to deteriorate just as you are getting ready to hand over. What would "
        "you do, step by step?",
        ("assess", "abcde", "escalate", "sbar", "handover", "document"),
        ("deteriorating", "escalate", "reassess", "triage"),
    ),
    Scenario(
        "upset relative",
        None,
        "A patient's daughter is upset at the bedside, saying her father has waited hours for "
        "pain relief and nobody is listening. What would you do?",
        ("listen", "acknowledge", "assess", "pain", "explain", "escalate"),
        ("families", "family", "relatives", "communication"),
    ),
    Scenario(
        "medication discrepancy",
        None,
        "At the start of your shift you find that the controlled drug count does not match the "
        "record. What would you do?",
        ("stop", "recount", "report", "nurse in charge", "policy", "document"),
        ("medications", "medication", "administer", "document"),
    ),
    Scenario(
        "unsafe staffing",
        None,
        "You arrive for a night shift and find the unit two nurses short with every bed full. "
        "What would you do?",
        ("escalate", "nurse in charge", "prioritise", "patient safety", "delegate", "report"),
        ("staffing", "workload", "acuity"),
    ),
    Scenario(
        "overwhelmed new nurse",
        None,
        "Suppose a newly qualified nurse you are supporting keeps falling behind with "
        "observations and looks overwhelmed. What would you do?",
        ("support", "conversation", "feedback", "prioritise", "check in", "escalate"),
        ("precept", "students", "graduate", "mentoring"),
    ),
)


# --- education -----------------------------------------------------------------------------------

EDUCATION_THEMES: tuple[Theme, ...] = (
    Theme(
        "behaviour",
        (
            "Tell me about a time a pupil's behaviour was making it hard for others to learn. "
            "What did you do, and what changed?",
        ),
        ("behaviour", "behavior", "classroom management", "manage", "policy"),
        ("routines", "consistent", "relationship", "calm", "praise", "parents"),
    ),
    Theme(
        "child falling behind",
        (
            "Tell me about a child who was falling behind and what you did to help them catch "
            "up. How did you know it was working?",
        ),
        ("progress", "assess", "assessment", "reading", "phonics", "intervention"),
        ("assessment", "gaps", "intervention", "small group", "progress", "evidence"),
    ),
    Theme(
        "difficult conversation with a parent",
        (
            "Describe a time you had a difficult conversation with a parent or carer. How did "
            "you prepare, and how did it go?",
        ),
        ("parents", "carers", "families", "relationships", "communication"),
        ("listened", "prepared", "evidence", "agreed", "next steps", "follow-up"),
    ),
    Theme(
        "wide range of needs",
        (
            "Tell me about a lesson you adapted for a class with a wide range of needs. What did "
            "you change, and what happened?",
        ),
        ("adapt", "range", "needs", "send", "sen", "inclusion"),
        ("adapted", "support", "challenge", "scaffolding", "assessment", "outcome"),
    ),
    Theme(
        "lesson that went wrong",
        (
            "Tell me about a lesson that did not go as planned. What did you notice, what did "
            "you do in the moment, and what did you change next time?",
        ),
        ("plan", "lessons", "curriculum", "teaching", "engaging"),
        ("noticed", "adjusted", "reflected", "changed", "pupils", "learning"),
    ),
    Theme(
        "working with colleagues",
        (
            "Tell me about a time you worked with a teaching assistant or a colleague to support "
            "a child. How did you share the work, and what came of it?",
        ),
        ("team", "colleagues", "collaboration", "assistants", "teamwork"),
        ("planned", "shared", "communication", "roles", "child", "progress"),
    ),
    Theme(
        "concern for a child",
        (
            "Without naming anyone, tell me about a time you were worried about a child's "
            "welfare. What did you do?",
        ),
        ("safeguarding", "welfare", "wellbeing"),
        ("concern", "recorded", "reported", "safeguarding lead", "policy", "followed up"),
    ),
    Theme(
        "feedback on teaching",
        (
            "Tell me about a time you were given feedback on your teaching that was hard to hear. "
            "What did you do with it?",
        ),
        ("feedback", "development", "reflective", "reflection"),
        ("observation", "feedback", "reflected", "changed", "improved", "pupils"),
    ),
)

EDUCATION_SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "disruptive pupil",
        None,
        "Imagine you have just joined as {title}, and one pupil keeps disrupting lessons, "
        "calling out and distracting others. What would you do over the first few weeks?",
        ("routines", "relationship", "consistent", "praise", "parents", "support"),
        ("behaviour", "behavior", "classroom management", "manage"),
    ),
    Scenario(
        "parent's complaint",
        None,
        "A parent writes to the head to complain that their child is not being challenged "
        "enough in your class. What would you do?",
        ("listen", "meeting", "evidence", "challenge", "plan", "follow up"),
        ("parents", "carers", "relationships"),
    ),
    Scenario(
        "behind in reading",
        None,
        "In your first assessments you find a child who is well behind in reading and seems to "
        "be losing confidence. What would you do?",
        ("assessment", "phonics", "intervention", "confidence", "parents", "progress"),
        ("reading", "phonics", "progress", "assess"),
    ),
    Scenario(
        "planning for a wide range",
        None,
        "You are planning a week of maths for a class where some children are working well "
        "below the expected level and a few are well above it. How would you plan it?",
        ("assessment", "adapt", "scaffolding", "challenge", "groups", "support"),
        ("adapt", "range", "needs", "send", "plan"),
    ),
    Scenario(
        "support staff away",
        None,
        "Your teaching assistant is away for two weeks, and two children in your class usually "
        "have one-to-one support. What would you do?",
        ("plan", "priorities", "senco", "routines", "communicate", "support"),
        ("team", "send", "sen", "needs"),
    ),
    Scenario(
        "worrying disclosure",
        None,
        "During a lesson, a child tells you something that makes you worried about their safety "
        "at home. What would you do?",
        ("listen", "reassure", "record", "safeguarding lead", "policy", "same day"),
        ("safeguarding", "welfare"),
    ),
)


# --- retail --------------------------------------------------------------------------------------

RETAIL_THEMES: tuple[Theme, ...] = (
    Theme(
        "angry customer",
        (
            "Tell me about a time you dealt with a customer who was angry or upset. What did you "
            "do, and how did it end?",
        ),
        ("customer", "customers", "complaints", "experience"),
        ("listened", "calm", "apologised", "options", "policy", "resolved"),
    ),
    Theme(
        "behind target",
        (
            "Tell me about a time your store or your team was behind its sales target. What did "
            "you change, and what was the result?",
        ),
        ("sales", "targets", "conversion", "trading", "figures", "drive"),
        ("target", "figures", "conversion", "actions", "team", "result"),
    ),
    Theme(
        "coaching a team member",
        (
            "Tell me about a time you coached a team member who was struggling. What did you do, "
            "and how did you know it worked?",
        ),
        ("coach", "coaching", "train", "develop", "recruit", "leaders"),
        ("observed", "feedback", "coached", "targets", "improved", "confidence"),
    ),
    Theme(
        "busiest trading day",
        (
            "Describe your busiest trading day. How did you plan the day, and what did you "
            "change as it went on?",
        ),
        ("schedule", "staffing", "rota", "deliveries", "payroll", "busy"),
        ("planned", "breaks", "queues", "adjusted", "team", "customers"),
    ),
    Theme(
        "stock or standards problem",
        (
            "Tell me about a time you found a problem with stock or standards in your store. "
            "What did you do about it?",
        ),
        ("stock", "shrink", "merchandising", "standards", "deliveries", "loss"),
        ("checked", "counted", "cause", "routine", "trained", "reduced"),
    ),
    Theme(
        "falling out in the team",
        (
            "Tell me about a time two people in your team did not get on and it was starting to "
            "show on the shop floor. What did you do?",
        ),
        ("team", "associates", "managers", "lead"),
        ("listened", "conversation", "expectations", "fair", "agreed", "followed up"),
    ),
    Theme(
        "leading a change",
        (
            "Describe a time you had to bring your team through a change they did not like, such "
            "as new hours or a new way of working. How did you handle it?",
        ),
        ("change", "lead", "standards", "brand"),
        ("explained", "listened", "why", "support", "adopted", "feedback"),
    ),
)

RETAIL_SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "short-staffed Saturday",
        None,
        "Imagine you have just joined as {title}, and on a busy Saturday two of your team call "
        "in sick before opening. What would you do, step by step?",
        ("cover", "priorities", "tills", "breaks", "customers", "team"),
        ("schedule", "staffing", "rota", "team"),
    ),
    Scenario(
        "refund outside policy",
        None,
        "A customer demands a full refund for something bought well outside the return window, "
        "and is getting louder at the till. What would you do?",
        ("listen", "calm", "policy", "options", "discretion", "follow up"),
        ("customer", "customers", "complaints", "experience"),
    ),
    Scenario(
        "stock loss",
        None,
        "Your latest stock count shows losses well above target in one department. What would "
        "you do?",
        ("investigate", "recount", "patterns", "deliveries", "routines", "team"),
        ("stock", "shrink", "loss", "deliveries"),
    ),
    Scenario(
        "sales slump",
        None,
        "One of your strongest sales associates has been well below target for a month. What "
        "would you do?",
        ("conversation", "listen", "figures", "coaching", "support", "targets"),
        ("coach", "sales", "targets", "develop"),
    ),
    Scenario(
        "visit tomorrow",
        None,
        "Your area manager visits tomorrow, and the stockroom is full of a delivery nobody has "
        "had time to put out. How would you plan today?",
        ("priorities", "team", "standards", "deliveries", "time", "customers"),
        ("deliveries", "stock", "merchandising", "standards"),
    ),
)


# --- sales ---------------------------------------------------------------------------------------

SALES_THEMES: tuple[Theme, ...] = (
    Theme(
        "lost deal",
        (
            "Tell me about a deal you lost that you expected to win. What happened, and what did "
            "you change afterwards?",
        ),
        ("closing", "close", "deals", "pipeline"),
        ("lost", "reasons", "qualification", "learned", "changed", "next deal"),
    ),
    Theme(
        "behind the number",
        (
            "Tell me about a quarter when you were behind your number. What did you do to close "
            "the gap, and how did it end?",
        ),
        ("quota", "targets", "forecast", "quarter", "pipeline"),
        ("pipeline", "forecast", "prioritised", "activity", "closed", "quota"),
    ),
    Theme(
        "hard negotiation",
        (
            "Tell me about a negotiation where the customer pushed hard on price. How did you "
            "handle it, and what did you agree?",
        ),
        ("negotiate", "negotiation", "pricing", "terms"),
        ("value", "walk-away", "concession", "terms", "agreed", "margin"),
    ),
    Theme(
        "winning a customer round",
        ("Describe a time you turned a difficult customer into a loyal one. What did you do?",),
        ("accounts", "account", "customers", "relationships", "account management"),
        ("listened", "trust", "follow-up", "value", "renewed", "referral"),
    ),
    Theme(
        "opening an account",
        (
            "Tell me about a time you opened a new account from a cold start. How did you get "
            "in, and how did you move it forward?",
        ),
        ("prospecting", "outbound", "referrals", "new business", "pipeline"),
        ("research", "outreach", "discovery", "champion", "next steps", "meeting"),
    ),
    Theme(
        "help from another team",
        (
            "Tell me about a time you needed help from another team to win or keep a customer. "
            "How did you get it?",
        ),
        ("onboarding", "team", "collaboration", "finance"),
        ("asked", "aligned", "handover", "customer", "agreed", "outcome"),
    ),
    Theme(
        "hearing no",
        (
            "Tell me about a stretch when you heard no far more often than yes. How did you keep "
            "going, and what did you change?",
        ),
        ("resilience", "cold calling", "outbound", "activity"),
        ("resilience", "activity", "feedback", "adjusted", "learned", "result"),
    ),
)

SALES_SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "key account leaving",
        None,
        "Imagine you have just joined as {title}, and in your second week your largest account "
        "says they will leave for a competitor at renewal. What would you do?",
        ("meeting", "listen", "reasons", "value", "executive sponsor", "plan"),
        ("accounts", "account", "customers", "renewals"),
    ),
    Scenario(
        "stalled at procurement",
        None,
        "A deal you have forecast to close this month has stalled with the customer's "
        "procurement team, who have gone quiet. What would you do?",
        ("champion", "timeline", "procurement", "next steps", "forecast", "multi-thread"),
        ("close", "closing", "forecast", "deals"),
    ),
    Scenario(
        "behind quota",
        None,
        "It is halfway through the quarter and you are at thirty percent of your quota. How "
        "would you plan the next six weeks?",
        ("pipeline", "prioritise", "activity", "forecast", "manager", "quota"),
        ("quota", "targets", "quarter", "pipeline"),
    ),
    Scenario(
        "prospect went quiet",
        None,
        "A prospect who was keen after a great demo has stopped answering your emails and calls. "
        "What would you do?",
        ("follow up", "value", "champion", "different contact", "timing", "next step"),
        ("prospecting", "demos", "discovery", "pipeline"),
    ),
    Scenario(
        "discount on the spot",
        None,
        "A prospect says they will sign today if you give them a thirty percent discount, well "
        "beyond what you are allowed to offer. What would you do?",
        ("value", "approval", "trade", "terms", "walk away", "margin"),
        ("negotiate", "negotiation", "pricing", "terms"),
    ),
)


# --- software: technical questions ---------------------------------------------------------------

SOFTWARE_ROLES: tuple[str, ...] = (
    "Tell me about your work as {title}{at_org}. What was the most important thing you "
    "delivered there, and what was your part in it?",
    "Looking back at your time as {title}{at_org}, which decision are you proudest of, and "
    "what did it lead to?",
)
SOFTWARE_SKILLS: tuple[str, ...] = (
    "Your resume lists {skill}. Tell me about the most substantial project where you used it, "
    "and what you personally built.",
    "How have you used {skill} in your work? Pick one concrete example and take me through the "
    "problem, your approach, and the result.",
)
SOFTWARE_GENERIC_RESUME: tuple[str, ...] = (
    "Tell me about a project you are proud of. What was your part in it, and what was the result?",
    "Walk me through the most complex piece of work you have delivered, from the problem to "
    "the outcome.",
)
SOFTWARE_REQUIREMENT_FOCUS: tuple[str, ...] = (
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
SOFTWARE_REQUIREMENT_HAVE: tuple[str, ...] = (
    "Your resume mentions {skill}, and this role needs {focus}. Tell me about the piece of work "
    "with {skill} you are proudest of: the problem, what you did, and the result.",
)
SOFTWARE_REQUIREMENT_SAME: tuple[str, ...] = (
    "You list {skill} on your resume, and it matters a lot in this role. Walk me through a hard "
    "problem you solved with {skill}, step by step.",
    "{skill} is on your resume and at the heart of this role. Tell me about the piece of work "
    "with {skill} you are proudest of: the problem, what you did, and the result.",
)
SOFTWARE_REQUIREMENT_GAP: tuple[str, ...] = (
    "This role needs experience with {focus}, and I don't see much of that on your resume. Tell "
    "me about the closest experience you have, and how you would get up to speed.",
)

SOFTWARE_REQUIREMENT_QUOTES: tuple[str, ...] = (
    "One part of this role reads: {quote}. Tell me about a time you did something similar. "
    "What was the situation, what did you do, and what was the result?",
    "The job description asks for this: {quote}. Which experience of yours comes closest? Walk "
    "me through it.",
)

SOFTWARE_THEMES: tuple[Theme, ...] = (
    Theme(
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
    Theme(
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
    Theme(
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
    Theme(
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
    Theme(
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
    Theme(
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
    Theme(
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
    Theme(
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
    Theme(
        "learning",
        (
            "Tell me about a time you had to learn a new technology or domain quickly{ctx}. How "
            "did you go about it, and what did you deliver?",
        ),
        ("machine learning", "llms", "generative ai", "data science"),
        ("learned", "documentation", "practiced", "asked", "delivered", "quickly"),
    ),
    Theme(
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

SOFTWARE_SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "production incident",
        "Imagine you have just joined as {title}, and in your second week a service that depends "
        "on {focus} starts failing in production during peak hours. What would you do, step by "
        "step?",
        "Imagine you have just joined as {title}, and in your second week something critical "
        "you are responsible for breaks during the busiest time of day. What would you do, step "
        "by step?",
        ("triage", "logs", "metrics", "rollback", "communicate", "root cause", "postmortem"),
    ),
    Scenario(
        "unfamiliar technology",
        "Suppose you are asked to deliver a feature that depends on {focus}, and nobody on the "
        "team has used it before. How would you approach the first two weeks?",
        "Suppose you are asked to deliver something in an area nobody on the team knows well. "
        "How would you approach the first two weeks?",
        ("learn", "prototype", "documentation", "risks", "plan", "ask"),
    ),
    Scenario(
        "technical disagreement",
        "What would you do if two senior teammates strongly disagreed about how to use {focus}, "
        "and the argument was blocking the team?",
        "What would you do if two senior teammates strongly disagreed about the right approach, "
        "and the argument was blocking the team?",
        ("trade-offs", "data", "criteria", "decide", "document", "align"),
    ),
    Scenario(
        "squeezed estimate",
        "Your manager asks you to cut the estimate for a {focus} project in half because of a "
        "customer commitment. What would you do?",
        "Your manager asks you to cut the estimate for your project in half because of a "
        "customer commitment. What would you do?",
        ("scope", "trade-offs", "risks", "priorities", "communicate", "stakeholders"),
    ),
    Scenario(
        "inherited system",
        "Imagine you inherit a critical system built on {focus}, with no tests and little "
        "documentation, and you need to change it next month. How would you go about it?",
        "Imagine you inherit a critical piece of work with no documentation, and the person who "
        "built it has left. How would you go about taking it over?",
        ("tests", "incremental", "monitor", "risk", "documentation", "refactor"),
    ),
    Scenario(
        "growth",
        "What would you do if the load on a system you own, built on {focus}, grew ten times in "
        "a month?",
        "What would you do if the demand on something you own grew ten times in a month?",
        ("bottleneck", "measure", "capacity", "scaling", "priorities", "load testing"),
    ),
    Scenario(
        "competing priorities",
        None,
        "What would you do if, as {title}, you got three urgent requests from different "
        "stakeholders in the same week and could only finish one?",
        ("prioritize", "impact", "stakeholders", "communicate", "trade-offs", "expectations"),
    ),
    Scenario(
        "struggling teammate",
        "Suppose you notice that a teammate's changes to the {focus} code keep causing bugs in "
        "production. What would you do?",
        "Suppose you notice that a teammate keeps missing commitments and it is starting to "
        "affect the team. What would you do?",
        ("conversation", "feedback", "support", "review", "tests", "expectations"),
    ),
)


# --- the banks -----------------------------------------------------------------------------------

NEUTRAL = QuestionBank(themes=NEUTRAL_THEMES, scenarios=NEUTRAL_SCENARIOS)
SOFTWARE = QuestionBank(
    themes=SOFTWARE_THEMES,
    scenarios=SOFTWARE_SCENARIOS,
    roles=SOFTWARE_ROLES,
    skills=SOFTWARE_SKILLS,
    generic_resume=SOFTWARE_GENERIC_RESUME,
    technical=TechnicalAsks(
        focus=SOFTWARE_REQUIREMENT_FOCUS,
        have=SOFTWARE_REQUIREMENT_HAVE,
        same=SOFTWARE_REQUIREMENT_SAME,
        gap=SOFTWARE_REQUIREMENT_GAP,
        quotes=SOFTWARE_REQUIREMENT_QUOTES,
    ),
    skill_words=("result", "impact", "project"),
    generic_words=("result", "impact", "project"),
    generic_probe="Resume: a project of the candidate's choice",
)
HEALTHCARE = QuestionBank(themes=HEALTHCARE_THEMES, scenarios=HEALTHCARE_SCENARIOS)
EDUCATION = QuestionBank(themes=EDUCATION_THEMES, scenarios=EDUCATION_SCENARIOS)
RETAIL = QuestionBank(themes=RETAIL_THEMES, scenarios=RETAIL_SCENARIOS)
SALES = QuestionBank(themes=SALES_THEMES, scenarios=SALES_SCENARIOS)

# The bank of each field that has its own; every other field (and an unclear one) uses NEUTRAL.
BANKS: dict[str, QuestionBank] = {
    "software": SOFTWARE,
    "healthcare": HEALTHCARE,
    "education": EDUCATION,
    "retail": RETAIL,
    "sales": SALES,
}
