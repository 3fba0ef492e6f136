"""What a question asks for, read from its words: the rubric judges each answer against it. Pure.

* ``example``: a real past situation ("tell me about a time", "describe a situation where",
  "walk me through how you did that"): a story told as situation, task, action, result (STAR);
* ``hypothetical``: a plan ("what would you do if", "imagine", "suppose", "how would you"):
  steps in order, priorities and why;
* ``background``: the candidate's story and fit ("tell me about yourself", "your background",
  "why this role"): where they have been, what they did there, and why this job;
* ``approach``: how they work ("how do you", "what is your approach", "how have you used"):
  their practice, best shown with an example.

The words of the question come first; the question's kind (from the planner or a manifest) only
decides when the words say nothing. The question's focus words are what it is about once the
words every interview question uses ("tell", "time", "describe", "situation") are set aside.
"""

from __future__ import annotations

import re
from typing import Literal

Intent = Literal["example", "hypothetical", "background", "approach"]

_BACKGROUND = re.compile(
    r"\b(?:tell (?:me|us) (?:a (?:bit|little) )?about yourself|introduce yourself"
    r"|(?:your|my) (?:background|career(?: so far)?|journey)\b"
    r"|walk (?:me|us) through your (?:background|career|cv|resume|experience)"
    r"|why (?:do you want|are you (?:interested|applying)|did you apply|this (?:role|job|position)"
    r"|should we hire|us\b|here\b)|what (?:draws|brings|attracts) you|what interests you"
    r"|where do you see yourself|what makes you (?:a good fit|the right)"
    r"|tour of your career|tell me about your (?:experience|work history)\b(?! (?:with|of|in)))",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:what would you do|how would you|what would you|imagine|suppose|supposing"
    r"|if you (?:were|had|found|noticed|saw|got|discovered|joined)|what if|say (?:a|you|that)"
    r"|what steps would|would you handle|you would)\b",
    re.IGNORECASE,
)
_EXAMPLE = re.compile(
    r"\b(?:tell (?:me|us) about (?:a|an|the|one|your (?:most|best|biggest|hardest|proudest))"
    r"|describe (?:a|an|the|one) |give (?:me |us )?(?:an? )?(?:example|instance)"
    r"|(?:a|one) time (?:when|you|that)|a situation (?:where|when|in which)|have you ever"
    r"|when have you|share (?:an?|one) (?:experience|example|time)|think of a time"
    r"|walk (?:me|us) through (?:how you|the|a|an|that|what you)|take (?:me|us) through"
    r"|what did you do|what happened|what was your part|how did you (?:handle|deal|do|manage)"
    r"|your resume (?:says|mentions|lists)|i'd like to hear more about)",
    re.IGNORECASE,
)
_APPROACH = re.compile(
    r"\b(?:how do you|how have you|what is your approach|what's your approach"
    r"|how do you go about|what do you do when|how would you describe your)\b",
    re.IGNORECASE,
)

_BY_KIND: dict[str, Intent] = {
    "behavioral": "example",
    "resume": "example",
    "requirement": "approach",
    "situational": "hypothetical",
}

# Words that any interview question uses: they say how to answer, not what about.
GENERIC_QUESTION_WORDS: frozenset[str] = frozenset(
    """
    tell describe time times example examples walk talk give explain share handle handled approach
    situation situations specific particular something recent recently past previous last would
    could did went happened happen kind think thought feel felt us me lot whole got going take
    through about your you what when where which how why who whom that this these those there
    have has had was were been being will can want like ask asked answer question questions
    experience experiences role job position work worked working day instance occasion moment
    one tour start begin bit little more most best hard hardest proud proudest result results
    outcome part step steps first next go make made get do does done way ways say said see
    know let please really also just even well still own many much some any each every other
    again later before after while during since ever never always often usually anything
    everything someone anyone everyone people person thing things stuff area areas matter
    background career yourself interested interest draws brings bring fit apply applied
    """.split()  # noqa: SIM905 - a word list reads best as text
)


def question_intent(text: str, kind: str | None = None) -> Intent:
    """What the question asks for: from its words first, else from its kind."""
    if _BACKGROUND.search(text):
        return "background"
    if _HYPOTHETICAL.search(text):
        return "hypothetical"
    if _EXAMPLE.search(text):
        return "example"
    if _APPROACH.search(text):
        return "approach"
    return _BY_KIND.get(kind or "", "example")


def asks_for_story(intent: Intent) -> bool:
    """True when the answer should be one real situation told as STAR."""
    return intent == "example"
