"""What an answer contains, measured the way an interviewer listens to it. Pure.

The answer is cut into clauses (`clauses`) and words; each word gets its lemma (`lexicon`). Then:

* **Echo**: a run of four or more words copied from the question or the job ad (lemmas in the
  same order) is an echo. Echoed words earn nothing anywhere: they are not specifics, not topic,
  and a clause that is all echo is not an action or a result.
* **Given words**: the question's and the job ad's own content words. Used in a sentence of the
  candidate's own they still count for relevance, never as specifics.
* **Specifics** (rare and concrete, the candidate's own): names (capitalised words inside a
  sentence: people, places, units, acronyms), quantities with what they count (`quantities`),
  dates and times, and domain words uncommon in everyday English (`lexicon.is_rare`), except
  abstract nouns and jargon ("communication", "synergy", "stakeholder").
* **Actions**: clauses where "I" does something, in any trade's verbs ("I called", "I gave",
  "I held", "I rewired", "I would check"); mental states ("I think", "I felt"), being and
  wanting are not actions; an action needs a word of the candidate's own beside its verb, so
  "I decided to take action" is not one. "We" actions are counted apart.
* **Outcomes**: clauses after the first action that say what changed: a consequence ("as a
  result", "in the end", "since then", "the next week"), a change ("she started asking for help",
  "sales were up", "the family calmed down", "we finished on time") or a comparison ("one fall
  instead of five", "from 40 minutes to 10"). A number measures an outcome only inside such a
  clause and only as an amount (not tenure, a self-rating or a year).
* **Reasoning** ("because", "so that", "instead of", "the risk was") and **reflection** ("I
  learned", "next time", "since then I always").
* **Vague words** ("stuff", "things", "basically"), **generic claims** ("people person",
  "passionate", "hard worker") and **jargon** ("synergy", "leverage").
* **Topic**: the question's focus words the answer uses outside echoes, tolerant of inflections,
  word families and related words (`related_words`: "surgeon" answers "physician").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from ai_interviewer.core.clauses import clause_spans
from ai_interviewer.core.intent import GENERIC_QUESTION_WORDS
from ai_interviewer.core.lexicon import (
    VERY_COMMON_ZIPF,
    can_be_verb,
    commonness,
    is_past_verb,
    is_rare,
    lemma,
    lemmas,
    related_forms,
    word_lemmas,
    zipf,
)
from ai_interviewer.core.quantities import Quantity, find_quantities
from ai_interviewer.core.related_words import RELATED_GROUPS

ECHO_MIN_WORDS = 4  # a copied run this long (with two content words) is an echo

FUNCTION_WORDS: frozenset[str] = frozenset(
    """
    a an the and or but nor so yet for of in on at to from by with without within into onto upon
    about above below over under after before since until while during through across along
    around against between among i me my mine myself we us our ours ourselves you your yours he
    him his she her hers they them their theirs it its itself this that these those who whom
    whose which what when where why how there here is am are was were be been being do does did
    doing done have has had having will would shall should can could may might must 'd 'll 've
    'm 're 's not no yes if then than as also just very really quite too only even still again
    all any both each every few many more most much some such own same other another one ones
    up down out off away back now ever never always often sometimes usually maybe perhaps
    oh okay ok well yeah yep like um uh er ah hmm mm erm uhm i'm i've i'd i'll we're we've we'd
    we'll it's that's there's they're they've don't didn't wasn't weren't couldn't wouldn't
    can't won't isn't aren't haven't hadn't let's
    """.split()  # noqa: SIM905 - a word list reads best as text
)
# Words too abstract or too much like jargon to be a specific, however rare.
ABSTRACT_WORDS: frozenset[str] = frozenset(
    """
    stakeholder synergy synergies leverage leveraged alignment aligned holistic proactive
    proactively paradigm deliverable deliverables bandwidth streamline streamlined optimise
    optimize optimised optimized empower empowered innovative innovation dynamic robust seamless
    seamlessly world-class cutting-edge best-in-class value-add actionable impactful scalable
    ecosystem framework mindset passionate passion motivated self-starter detail-oriented
    results-driven go-getter hardworking hard-working dedicated dedication diligent diligence
    excellence outstanding exceptional effectively efficiently successfully professionally
    collaboratively interdisciplinary multidisciplinary cross-functional fast-paced patient-centred
    patient-centered customer-centric person-centred person-centered student-centred
    child-centred compassionate empathetic empathy resilience resilient adaptable flexibility
    proficient proficiency competency competencies utilise utilize utilised utilized facilitate
    facilitated stakeholders methodology methodologies initiative initiatives strategic
    strategically optimal ensure ensured ensuring overall various numerous wide-ranging
    """.split()  # noqa: SIM905
)
# Words any answer may use that say nothing about this one: the story's own scaffolding.
GENERIC_ANSWER_WORDS: frozenset[str] = frozenset(
    """
    result outcome action situation task challenge problem issue goal decide decision take took
    previous current last first next work worked job company role position team teams improve
    improvement success successful effective ensure make sure time thing things way lot everyone
    someone people person manage handle deal address skill skills experience knowledge
    opportunity responsibility responsible able approach process help helped helping support
    supported provide provided end happy great good better best well important really able
    difficult hard matter case kind part day week year years month months workplace employer
    organisation organization business colleague colleagues staff member members stakeholder
    stakeholders felt feel think thought know knew believe believed want wanted need needed
    scenario example instance occasion experience impact effect difference value outcome
    """.split()  # noqa: SIM905
)
_ABSTRACT_SUFFIXES = (
    "tion", "sion", "ment", "ness", "ity", "ance", "ence", "ancy", "ency", "ism", "ship", "ize",
    "ise",
)  # fmt: skip
_ABSTRACT_RARE_BELOW = 3.3  # an abstract noun rarer than this is a term of art ("intubation")

VAGUE_WORDS: tuple[str, ...] = (
    "stuff", "things", "something", "somehow", "whatever", "etc", "basically", "various",
    "everything", "anything", "and so on", "all that", "a lot of things", "and everything",
    "generally", "kind of stuff", "or something", "you name it",
)  # fmt: skip
GENERIC_CLAIMS: tuple[str, ...] = (
    "people person", "team player", "hard worker", "hardworking", "hard-working", "passionate",
    "fast learner", "quick learner", "perfectionist", "self-starter", "go-getter",
    "detail-oriented", "detail oriented", "results-driven", "natural leader", "my best",
    "110%", "110 percent", "hundred and ten percent", "think outside the box", "wear many hats",
    "go above and beyond", "above and beyond", "get along with everyone", "get on with everyone",
    "love working with people", "love people", "strong work ethic", "work ethic",
    "attention to detail", "active listening", "actively listening", "showing empathy",
    "take ownership", "top performer", "continuous learning", "best practice", "best practices",
    "go the extra mile", "extra mile", "think on my feet", "customer-first", "culture of",
    "the best nurse", "the best teacher", "the best rep", "best they've ever", "ever had",
    "ever worked with", "second to none", "never lost", "exceed expectations",
    "exceeded expectations", "exceeding expectations", "critical thinking", "soft skills",
)  # fmt: skip
REASONING_CUES = re.compile(
    r"\b(?:because|since (?:it|the|he|she|they|we|that|this)|so that|in order to|to make sure"
    r"|to avoid|otherwise|instead of|instead|rather than|the reason|which meant|that meant"
    r"|that way|the risk|the trade-?off|weighed|weighing|i knew|i noticed|i suspected"
    r"|i reali[sz]ed|i checked whether|which would|if .{1,40} then|the priority"
    r"|priorit(?:y|ise|ize)|the safest|worried that|concerned that|given that|as long as|unless"
    r"|[,;] so (?:i|we)\b|\bi (?:looked at|compared|worked out|figured out|weighed)"
    r"|(?:which|that|this) told (?:me|us)|\bwhat did it\b"
    r"|so (?:i|we|they|he|she|nobody|no one|everyone|the \w+)(?:'m|'re|'ll|'d|'s)? (?:\w+ )?"
    r"(?:not|can|could|won't|don't|wouldn't|never|always|have|know|get|isn't|aren't|doesn't"
    r"|didn't|blocked|stuck|waiting))\b",
    re.IGNORECASE,
)
REFLECTION_CUES = re.compile(
    r"\b(?:i learn(?:ed|t)|lesson|next time|since then|from then on|now i (?:always|make|check"
    r"|ask|do)|looking back|in hindsight|i realised|i realized|taught me|i would do .{0,20}"
    r"differently|i changed (?:how|the way|my)|i still)\b",
    re.IGNORECASE,
)
_CONSEQUENCE = re.compile(
    r"\b(?:as a result|in the end|by the end|ended up|end result|the result|the outcome"
    r"|which meant|that meant|this meant|which led|that led|this led|resulted in|since then"
    r"|from then on|afterwards|after that|the next (?:day|week|month|morning|shift|term"
    r"|quarter|year|visit)|by (?:the )?(?:monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|morning|evening|noon|end of)|within (?:a|an|\w+) (?:hour|day|week|month|term)"
    r"|eventually|finally|turned out|so (?:she|he|they|the|we|it|our|my|his|her|their|no)"
    r"|now (?:she|he|they|the|we|it|our|his|her|their)|no longer|never again|any more"
    r"|anymore|for the first time|thanked|thanks to|(?:a|one|two|three|four|\w+) (?:days?|weeks?"
    r"|months?|hours?|years?) later|later that (?:day|week|month|shift|night)"
    r"|(?:didn't|did not|never|hasn't|haven't|hadn't|wasn't|weren't) \w+(?: \w+)? (?:again|another"
    r"|since)|(?:is|'s|are|'re) (?:\w+ ){0,3}now|still (?:with us|there|here|in touch|using|uses)"
    r"|(?:got|was|were|been) promoted|now(?=\s*[.!?,]|\s*$)|since(?=\s*[.!?,]|\s*$))",
    re.IGNORECASE,
)
_LASTING = re.compile(
    r"\b(?:now(?=\s*[.!?,]|\s*$)|since then|from then on|ever since|to this day)", re.IGNORECASE
)
_N = (
    r"(?:\d[\d.,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty"
    r"|thirty|forty|fifty|a hundred|half|a half|a third|a quarter|zero|none|nothing)"
)
_COMPARISON = re.compile(
    r"\binstead of\b"
    rf"|\bfrom (?:about |around |over |under |nearly )?{_N}\S*(?: \w+){{0,3}} (?:down |up )?to "
    rf"(?:about |around |under |just |only )?{_N}"
    r"|\bthan (?:before|last|the previous|usual|the year before|the month before|we|it|they)\b"
    r"|\bcompared (?:with|to)\b"
    rf"|\b(?:is|was|were|are|went|came|got|been|be) (?:up|down) (?:by )?{_N}"
    rf"|\b(?:by|to) {_N}(?: \w+)? (?:percent|per cent|%)"
    r"|\bby (?:half|a third|a quarter|\d+\s?%)"
    r"|\b(?:zero|no|none|not a single|not one|not another)\b[^.;]{0,40}?\b(?:since|after that"
    r"|again|afterwards|that (?:month|week|term|year|quarter|shift))\b"
    r"|\bno (?:more|further|other|new|repeat)\b"
    r"|\bwent (?:up|down|from)\b"
    r"|\b(?:which|that|and it|this) (?:\w+ )?(?:fixed|solved|sorted|stopped|ended|cleared|saved"
    r"|cut|brought|got|turned)\b",
    re.IGNORECASE,
)
# Verbs whose subject's state or numbers changed: what a result sounds like in any trade.
CHANGE_VERBS: frozenset[str] = frozenset(
    """
    start stop begin calm settle thank improve increase decrease drop fall rise grow reduce cut
    save recover pass finish complete sign renew close win return agree accept resolve stabilise
    stabilize discharge keep meet hit exceed beat double halve triple become end land secure
    earn gain lose shrink disappear vanish clear approve promote hire adopt pick sell open launch
    reach raise lift fix solve prevent avoid catch settle apologise apologize smile laugh relax
    engage join stay last continue survive heal walk talk read write manage cope succeed qualify
    graduate achieve deliver ship book buy order convert upgrade expand extend praise recommend
    """.split()  # noqa: SIM905
)
# "I ..." with these is a state, a wish or a thought, not something done.
NON_ACTION_VERBS: frozenset[str] = frozenset(
    """
    be have think feel believe guess hope want like love know remember mean suppose wish need
    seem enjoy prefer understand consider find wonder reckon imagine agree appreciate care tend
    am was were is are 'm work learn realise realize see hear watch admire
    """.split()  # noqa: SIM905
)
# With nothing of the candidate's own beside them, these say nothing about what was done.
EMPTY_ACTION_WORDS: frozenset[str] = frozenset(
    """
    take action step handle deal address manage ensure make sure work hard best do thing stuff
    everything situation issue problem matter necessary needed right appropriate effectively
    efficiently proactively collaborate communicate support help approach go try well good
    together team skill experience knowledge job role really just always
    """.split()  # noqa: SIM905
)
_OPINION_VERBS = frozenset("say rate describe call consider guess argue".split())  # noqa: SIM905
_MODALS = frozenset({"would", "will", "could", "should", "might", "'d", "'ll", "can", "must"})
_SKIPPABLE = frozenset(
    """
    then also first quickly immediately just actually personally eventually finally always
    straight right still even really basically also, so again later soon carefully calmly gently
    """.split()  # noqa: SIM905
)
_I_FORMS = frozenset({"i", "i'd", "i'll", "i've", "i'm"})
_WE_FORMS = frozenset({"we", "we'd", "we'll", "we've", "we're"})
_SITUATION_CUES = re.compile(
    r"\b(?:at my (?:last|previous|current|old|first|old)|in my (?:last|previous|current|first)"
    r"|when i (?:was|worked|joined|started|first)|while i (?:was|worked)|(?:last|this past) "
    r"(?:year|term|quarter|month|summer|spring|winter|autumn|fall|week|christmas)"
    r"|(?:a few|two|three|several|some) (?:weeks|months|years|days) ago|one (?:day|night|morning"
    r"|evening|afternoon|time|shift|weekend)|back (?:in|when)|during (?:a|an|my|our|the)"
    r"|on (?:a|one|my) (?:night|day|late|early|busy|weekend|saturday|sunday|monday|friday|\w+ "
    r"shift)|there was (?:a|an|this)|we had (?:a|an|this)|i had (?:a|an|this)|at the time"
    r"|the (?:situation|context|problem|challenge|issue) was|in (?:19|20)\d\d"
    r"|(?:a|one) (?:patient|customer|client|pupil|student|guest|colleague|resident|caller"
    r"|family|parent|tenant|member) (?:who|came|was|had|called|arrived))\b",
    re.IGNORECASE,
)
_TASK_CUES = re.compile(
    r"\b(?:(?:my|our|the) (?:goal|task|job|aim|objective|responsibility|brief|target) (?:was|is)"
    r"|i was (?:responsible|asked|tasked|in charge|supposed|expected|assigned|given)"
    r"|(?:i|we) (?:needed|had|wanted) to|it was (?:my|up to me)|the challenge was"
    r"|i (?:owned|took ownership|volunteered)|needed to|had to be)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W_](?:[\w'’.\-]*[^\W_])?")
_VAGUE_OUTCOME = re.compile(
    r"\b(?:it|that|this|things|everything|everyone|all) (?:went|worked out|was|were|got|turned"
    r" out) (?:well|fine|great|good|better|ok|okay|successful|positive)\b"
    r"|\b(?:the )?(?:numbers|results|figures|metrics) (?:just |really |all )?(?:went|got|were"
    r"|came|started going) (?:up|better|great|good)\b"
    r"|\b(?:positive|great|good) (?:outcome|result|feedback)\b|\bwas (?:a )?success(?:ful)?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Token:
    """One word of the answer, where it is, and what it is."""

    text: str
    lower: str
    lemma: str
    start: int
    end: int
    clause: int
    sentence_start: bool


@dataclass(frozen=True)
class Clause:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Specific:
    """A particular the candidate named: a name, a quantity, a date or a domain word."""

    text: str
    kind: str  # "name", "quantity", "date", "domain"
    clause: int
    weight: float = 1.0
    general: bool = False  # said in a clause about work in general ("I always ...")


@dataclass
class Analysis:
    """Everything measured about one answer that the criteria are scored from."""

    text: str
    tokens: list[Token]
    clauses: list[Clause]
    echo: set[int]  # token indices inside copied runs
    given: frozenset[str]  # lemmas of the question's and the job ad's content words
    own_content: list[Token]  # content words outside echoes and not given
    specifics: list[Specific]
    quantities: list[Quantity]
    actions: list[int]  # clause indices where "I" does something of substance (any tense)
    past_actions: list[int]  # ... in the past: a story
    hypothetical_actions: list[int]  # ... "I would": a plan
    we_actions: list[int]  # clause indices where only "we" does something
    empty_actions: list[int]  # "I decided to take action": an action form with nothing in it
    outcomes: list[int]  # clause indices that say what changed
    vague_outcomes: list[int]  # "it went well", "everything improved"
    outcome_numbers: list[Quantity]  # amounts inside outcome clauses
    situation: list[int]
    task: list[int]
    reasoning: list[int]
    reflection: list[int]
    vague_hits: list[str]
    claim_hits: list[str]
    topic_terms: list[str]  # the question's focus words
    crux_terms: list[str]  # the focus words the job ad does not use: what this question is about
    topic_hits: list[str]  # focus words the answer addresses (in the question's form)
    general: list[int]  # clauses that generalise ("always", "every", "consistently")
    steps: int  # ordered steps ("first", "then", "after that", "finally")
    word_count: int = 0
    content_count: int = 0
    repeated_share: float = 0.0  # share of three-word runs said before in the answer
    own_lemmas: dict[int, set[str]] = field(default_factory=dict)  # by clause, outside echoes
    extra: dict[str, object] = field(default_factory=dict)

    def clause_text(self, index: int) -> str:
        return self.clauses[index].text

    def substance(self, clause: int) -> int:
        """How much of the candidate's own the clause says: own words plus particulars."""
        return _substance(clause, self.own_content, self.specifics)

    @property
    def listed_share(self) -> float:
        """Share of the answer's words that are in lists of keywords ('ACLS, BLS, PALS, ...')."""
        if not self.tokens:
            return 0.0
        listed = {c.index for c in self.clauses if is_list(c.text)}
        return sum(1 for t in self.tokens if t.clause in listed) / len(self.tokens)

    @cached_property
    def meaningful(self) -> list[Token]:
        """The content words that are not words every answer uses."""
        return [t for t in self.tokens if is_content(t) and t.lemma not in GENERIC_ANSWER_WORDS]

    @cached_property
    def jargon_share(self) -> float:
        """Share of the meaningful words that are jargon (see `is_jargon`)."""
        meaningful = self.meaningful
        if len(meaningful) < 10:
            return 0.0
        return sum(1 for t in meaningful if is_jargon(t.lower)) / len(meaningful)

    @property
    def idle_share(self) -> float:
        """Share of the answer's words in clauses that say nothing of this story: talk about
        work in general ('you have to stay calm', 'I always ...') or nothing of the candidate's
        own at all."""
        if not self.tokens:
            return 0.0
        idle = {
            c.index for c in self.clauses if c.index in self.general or not self.substance(c.index)
        }
        return sum(1 for t in self.tokens if t.clause in idle) / len(self.tokens)

    @property
    def story_actions(self) -> list[int]:
        """Past actions of the candidate's own about one occasion (not 'I always ...')."""
        return [c for c in self.past_actions if c not in self.general]

    @property
    def story_outcomes(self) -> list[int]:
        """Outcomes of one occasion (not 'every patient I have had ...'); a habit changed by it
        ('I go to the MAR every single time now') counts."""
        return [
            c
            for c in self.outcomes
            if c not in self.general or _LASTING.search(self.clause_text(c))
        ]

    @property
    def borrowed_share(self) -> float:
        """Share of the answer's meaningful words that are the question's or the job ad's."""
        meaningful = self.meaningful
        if not meaningful:
            return 1.0
        return 1.0 - len(self.own_content) / len(meaningful)


def _substance(clause: int, own: Sequence[Token], specifics: Sequence[Specific]) -> int:
    return sum(1 for t in own if t.clause == clause) + sum(
        1 for s in specifics if s.clause == clause
    )


# --- words ---------------------------------------------------------------------------------------


def _normal(word: str) -> str:
    return word.lower().replace("’", "'").strip(".'-")


def is_content(token: Token) -> bool:
    """A word that carries meaning: not a function word, a filler or a number."""
    return is_content_word(token.lower)


@lru_cache(maxsize=65536)
def is_content_word(lower: str) -> bool:
    return lower not in FUNCTION_WORDS and len(lower) > 1 and any(ch.isalpha() for ch in lower)


def tokenize(text: str, spans: Sequence[tuple[int, int]]) -> list[Token]:
    """The words of the text with their lemma, position and clause."""
    result: list[Token] = []
    clause_at = 0
    for match in _WORD.finditer(text):
        start = match.start()
        while clause_at < len(spans) - 1 and start >= spans[clause_at][1]:
            clause_at += 1
        raw = match.group(0).rstrip(".")
        lower = _normal(raw)
        if not lower:
            continue
        before = text[:start].rstrip(" \t\"'“‘(")
        result.append(
            Token(
                text=raw,
                lower=lower,
                lemma=lemma(lower) if lower.isalpha() else lower,
                start=start,
                end=start + len(raw),
                clause=clause_at,
                sentence_start=not before or before[-1] in ".!?\n:;",
            )
        )
    return result


@lru_cache(maxsize=256)
def _given_sequence(text: str) -> tuple[str, ...]:
    return tuple(lemma(_normal(w)) for w in _WORD.findall(text) if _normal(w))


def _given_runs(texts: Iterable[str]) -> set[tuple[str, ...]]:
    runs: set[tuple[str, ...]] = set()
    for text in texts:
        seq = _given_sequence(text)
        for i in range(len(seq) - ECHO_MIN_WORDS + 1):
            runs.add(seq[i : i + ECHO_MIN_WORDS])
    return runs


def find_echo(tokens: Sequence[Token], given_texts: Sequence[str]) -> set[int]:
    """Indices of words inside runs copied from the question or the job ad."""
    runs = _given_runs(given_texts)
    echo: set[int] = set()
    lemmas_ = [t.lemma for t in tokens]
    for i in range(len(tokens) - ECHO_MIN_WORDS + 1):
        window = tuple(lemmas_[i : i + ECHO_MIN_WORDS])
        if window in runs and sum(1 for t in tokens[i : i + ECHO_MIN_WORDS] if is_content(t)) >= 2:
            echo.update(range(i, i + ECHO_MIN_WORDS))
    return echo


def given_lemmas(texts: Iterable[str]) -> frozenset[str]:
    """Every lemma of the content words of the texts (the question, the job ad)."""
    found: set[str] = set()
    for text in texts:
        found |= _text_lemmas(text)
    return frozenset(found)


@lru_cache(maxsize=256)
def _text_lemmas(text: str) -> frozenset[str]:
    found: set[str] = set()
    for word in _WORD.findall(text):
        lower = _normal(word)
        if lower and lower not in FUNCTION_WORDS:
            found |= word_lemmas(lower) if lower.isalpha() else {lower}
    return frozenset(found)


# --- specifics -----------------------------------------------------------------------------------


def is_jargon(word: str) -> bool:
    """Jargon: the abstract words of job ads and buzzword answers ('synergy', 'alignment',
    'solutions-focused', 'strengths-based', 'communication', 'optimisation')."""
    lower = word.lower()
    if lower in ABSTRACT_WORDS or lemma(lower) in ABSTRACT_WORDS:
        return True
    if "-" in lower:
        parts = [p for p in lower.split("-") if p]
        return len(parts) >= 2 and all(commonness(p) >= 3.0 for p in parts) and lower.endswith(
            ("based", "focused", "centred", "centered", "driven", "led", "informed", "oriented",
             "facing", "first", "class", "level", "wide", "time", "making")
        )  # fmt: skip
    return lower.endswith(_ABSTRACT_SUFFIXES) and commonness(lower) >= 3.3


def is_abstract(word: str) -> bool:
    """Jargon, or an abstract noun common enough to say nothing ('communication', 'management')."""
    lower = word.lower()
    if lower in ABSTRACT_WORDS or lemma(lower) in ABSTRACT_WORDS:
        return True
    return lower.endswith(_ABSTRACT_SUFFIXES) and commonness(lower) >= _ABSTRACT_RARE_BELOW


_ADJECTIVE_SUFFIXES = (
    "al", "ive", "ous", "ic", "ful", "less", "able", "ible", "ary", "ory", "ized", "ised",
)  # fmt: skip
_PREFIXES = ("co", "re", "pre", "non", "self", "multi", "cross", "de", "inter", "sub", "over")


def _is_domain_word(token: Token, heard: bool = False) -> bool:
    """A noun of the trade: uncommon in everyday English, concrete, not jargon. A hyphenated
    word counts only when a part of it is itself uncommon ('med-surg', not 'family-centered')."""
    word = token.lower
    if not word.replace("-", "").isalpha() or len(word) < 4 or is_abstract(word):
        return False
    if "-" in word:
        parts = [p for p in word.split("-") if p and p not in _PREFIXES]
        return bool(parts) and any(commonness(p) < 3.0 for p in parts)
    found = lemmas(word)
    if found and "NOUN" not in found:
        return False  # adjectives, adverbs and verbs are not particulars
    if heard and not found and zipf(word) == 0:
        return False  # heard, not typed: a word no dictionary knows is the recogniser's guess
    if not found and word.endswith(_ADJECTIVE_SUFFIXES):
        return False  # an unknown adjective: 'transformational', 'solutionsy'
    if word.endswith("ing") and commonness(word) >= 2.5:
        return False  # 'fostering', 'onboarding' as a noun is a process, not a particular
    return is_rare(word)


def _name_tokens(text: str, tokens: Sequence[Token]) -> list[list[Token]]:
    """Runs of capitalised words inside sentences (not 'I', not a sentence's first word), next
    to each other with a space between ('St. Luke's', 'Level 5', 'Sales Navigator')."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        first = token.text[0]
        capital = first.isupper() or (first.isdigit() and bool(current))
        if capital and not token.sentence_start and token.lower not in _I_FORMS:
            adjacent = current and text[current[-1].end : token.start].strip(" .") == ""
            if adjacent and current[-1].clause == token.clause:
                current.append(token)
            else:
                if current:
                    runs.append(current)
                current = [token]
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


_ABSTRACT_MEASURES: frozenset[str] = frozenset(
    """
    improvement increase rise reduction decrease gain growth boost compliance satisfaction
    engagement performance productivity efficiency quality morale effectiveness success safety
    excellence accuracy accountability retention experience outcome outcomes results impact
    """.split()  # noqa: SIM905
)


_CHANGE_NOUNS = frozenset(
    "improvement increase rise reduction decrease drop gain growth boost jump fall cut".split()  # noqa: SIM905
)
_CONNECTORS = frozenset("in of a an the on our my their its for at".split())  # noqa: SIM905
_NOT_MEASURED = frozenset(
    """
    by up down were was is are been went rose fell grew dropped improved increased decreased
    reduced cut raised lowered boosted jumped climbed saw had got over about around nearly almost
    than more less and to from
    """.split()  # noqa: SIM905
)


def _measured_noun(text: str, quantity: Quantity) -> str | None:
    """What a percentage measures: the noun after it ('a 30% drop in falls', the head of 'job
    site safety'), else the nearest one before it ('sales were up 11 percent')."""
    after = [w for w in re.findall(r"[a-z-]+", text[quantity.end : quantity.end + 50].lower())]
    after = [w for w in after if w not in _CONNECTORS]
    while after and after[0] in _CHANGE_NOUNS:
        after.pop(0)
    run: list[str] = []
    for word in after:
        if "NOUN" not in lemmas(word):
            break
        run.append(word)
    if run:
        return lemma(run[-1])
    before = re.findall(r"[a-z-]+", text[max(0, quantity.start - 60) : quantity.start].lower())
    for word in reversed(before):
        if word in _NOT_MEASURED or word in _CONNECTORS:
            continue
        return lemma(word) if "NOUN" in lemmas(word) else None
    return None


def _abstract_percentage(text: str, quantity: Quantity) -> bool:
    """'a 50% improvement in safety', '100% compliance', 'the top 1%': a percentage of nothing
    one could count is a claim, not a particular; 'a 30% drop in falls' measures falls."""
    if quantity.unit != "percent":
        return False
    if re.search(r"\btop\s*$", text[max(0, quantity.start - 12) : quantity.start].lower()):
        return True
    measured = _measured_noun(text, quantity)
    return measured is None or measured in _ABSTRACT_MEASURES


GIVEN_WEIGHT = 0.5  # a word of the job ad, used in the candidate's own story
LISTED_WEIGHT = 0.25  # a particular inside a list of keywords


def _specifics(
    text: str,
    tokens: Sequence[Token],
    free: set[int],
    given: frozenset[str],
    quantities: Sequence[Quantity],
    story: set[int],
    self_described: set[int],
    listed: set[int],
    heard: bool = False,
) -> list[Specific]:
    """Names, quantities, dates and words of the trade. `free`: indices of words outside echoes;
    a word of the question or the job ad counts half, and only in a clause of the story (`story`:
    clauses with an action, a result or a setting), so a list of the ad's keywords earns nothing;
    nothing counts in a self-description ('I'm a hunter, not a farmer')."""

    def weight(indices: Sequence[int]) -> float:
        clause = tokens[indices[0]].clause
        if any(i not in free for i in indices) or clause in self_described:
            return 0.0
        if all(word_lemmas(tokens[i].lower) & given for i in indices):
            share = GIVEN_WEIGHT if clause in story else 0.0
        else:
            share = 1.0
        return share * LISTED_WEIGHT if clause in listed else share

    found: list[Specific] = []
    seen: set[str] = set()
    position = {id(t): i for i, t in enumerate(tokens)}
    for run in _name_tokens(text, tokens):
        name = text[run[0].start : run[-1].end]
        key = name.lower()
        share = weight([position[id(t)] for t in run])
        single_letter = len(name) == 1
        if share and not single_letter and key not in seen and commonness(key) < VERY_COMMON_ZIPF:
            seen.add(key)
            found.append(Specific(name, "name", run[0].clause, share))
    named = [(run[0].start, run[-1].end) for run in _name_tokens(text, tokens)]
    for quantity in quantities:
        key = quantity.text.lower()
        inside_name = any(a <= quantity.start < b for a, b in named)
        empty_unit = quantity.unit in GENERIC_ANSWER_WORDS or is_jargon(quantity.unit or "")
        empty_unit = empty_unit or _abstract_percentage(text, quantity)
        if quantity.kind == "rating" or key in seen or inside_name or empty_unit:
            continue
        seen.add(key)
        kind = "date" if quantity.kind == "date" else "quantity"
        clause = next((t.clause for t in tokens if t.start >= quantity.start), 0)
        share = 0.5 if quantity.kind == "tenure" else 1.0
        share *= LISTED_WEIGHT if clause in listed else 1.0
        found.append(Specific(quantity.text, kind, clause, share))
    names = {s.text.lower() for s in found if s.kind == "name"}
    in_quantity = [(q.start, q.end) for q in quantities]
    for i, token in enumerate(tokens):
        if token.lemma in seen or token.lower in names or not _is_domain_word(token, heard):
            continue
        if token.lemma in GENERIC_ANSWER_WORDS:
            continue
        if any(a <= token.start < b for a, b in in_quantity) or token.lower in _NUMBER_WORDS:
            continue
        if token.text[0].isupper() and not token.sentence_start:
            continue  # already a name
        share = weight([i])
        if share:
            seen.add(token.lemma)
            found.append(Specific(token.text, "domain", token.clause, share))
    return found


_ACRONYM_OK: frozenset[str] = frozenset()
_NUMBER_WORDS: frozenset[str] = frozenset(
    """
    zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety
    hundred thousand million billion dozen half twice thrice
    """.split()  # noqa: SIM905
)


# --- actions, outcomes, STAR cues ----------------------------------------------------------------


# Verbs whose past form is their base form: past when the answer tells a past story.
_SAME_IN_PAST = frozenset(
    [
        "put",
        "cut",
        "set",
        "let",
        "read",
        "hit",
        "shut",
        "quit",
        "spread",
        "cast",
        "cost",
        "hurt",
        "split",
        "upset",
        "bet",
        "broadcast",
    ]
)


@dataclass(frozen=True)
class ActionFound:
    clause: int
    verb: int  # token index of the verb
    who: str  # "I" or "we"
    tense: str  # "past", "present", "hypothetical" or "either" (put, cut, set, ...)
    solid: bool  # something of the candidate's own is said beside the verb


def _action_verb(tokens: Sequence[Token], at: int) -> tuple[int | None, str]:
    """The index of the verb that the pronoun at `at` does, and its tense."""
    if tokens[at].lower in ("i'm", "we're"):
        return None, ""  # "I'm aligned": a state
    tense = "hypothetical" if tokens[at].lower in ("i'd", "i'll", "we'd", "we'll") else ""
    j = at + 1
    steps = 0
    while j < len(tokens) and steps < 4 and tokens[j].clause == tokens[at].clause:
        word = tokens[j].lower
        if word in _MODALS:
            tense = "hypothetical"
        elif word in ("am", "was", "were", "is", "are", "been", "be"):
            return None, tense  # "I was tired", "I was asked": a state or a task
        elif word in ("had", "have", "'ve") and j + 1 < len(tokens):
            nxt = tokens[j + 1].lower
            if nxt == "to" or not is_past_verb(nxt):
                return None, tense  # "I had to": a task; "I had a patient": a situation
            tense = tense or "past"
        elif word not in _SKIPPABLE and not word.endswith("ly"):
            if tense == "hypothetical" and lemma_of_verb(word) in _OPINION_VERBS:
                return None, tense  # "I'd say", "I'd rate myself": an opinion, not a step
            if can_be_verb(word) and lemma_of_verb(word) not in NON_ACTION_VERBS:
                if not tense:
                    tense = (
                        "either" if word in _SAME_IN_PAST
                        else "past" if is_past_verb(word) else "present"
                    )  # fmt: skip
                return j, tense
            return None, tense
        j += 1
        steps += 1
    return None, tense


def lemma_of_verb(word: str) -> str:
    forms = lemmas(word).get("VERB", ())
    return forms[0] if forms else lemma(word)


def _says_something(text: str, tokens: Sequence[Token], start: int, said: set[int]) -> bool:
    """True when the verb at `start` and what it governs (up to the next comma or the next
    'because', 'but', 'so') say what was done ('I called the rapid response team'), not only
    'I took action' or 'I tried to help him, and ...'."""
    clause = tokens[start].clause
    for i in range(start + 1, len(tokens)):
        token = tokens[i]
        between = text[tokens[i - 1].end : token.start]
        if token.clause != clause or any(mark in between for mark in ",;:—"):
            break
        if token.lower in ("because", "but", "so", "while", "although", "though"):
            break
        if (
            i in said
            and token.lemma not in EMPTY_ACTION_WORDS
            and token.lemma not in ABSTRACT_WORDS
        ):
            return True
    return False


def find_actions(text: str, tokens: Sequence[Token], said: set[int]) -> list[ActionFound]:
    """Every 'I ...' and 'we ...' doing something, with its tense and whether it is solid."""
    found: list[ActionFound] = []
    for i, token in enumerate(tokens):
        if token.lower not in _I_FORMS and token.lower not in _WE_FORMS:
            continue
        verb, tense = _action_verb(tokens, i)
        if verb is None:
            continue
        solid = _says_something(text, tokens, verb, said) or _is_specific_verb(tokens[verb])
        who = "I" if token.lower in _I_FORMS else "we"
        found.append(ActionFound(token.clause, verb, who, tense, solid))
    found += _imperatives(text, tokens, said)
    told_in_past = any(a.tense == "past" for a in found)
    return [
        a if a.tense != "either" else ActionFound(
            a.clause, a.verb, a.who, "past" if told_in_past else "present", a.solid
        )
        for a in found
    ]  # fmt: skip


_STEP_OPENERS = frozenset(
    ["first", "then", "next", "and", "so", "also", "after", "afterwards", "finally"]
)
_OBJECT_STARTS = frozenset(
    [
        "the",
        "a",
        "an",
        "my",
        "your",
        "his",
        "her",
        "their",
        "them",
        "him",
        "it",
        "everyone",
        "everybody",
        "people",
        "sure",
        "out",
        "up",
        "off",
        "with",
        "to",
        "what",
        "whether",
        "that",
        "nobody",
        "someone",
        "anyone",
        "our",
        "this",
        "those",
        "these",
    ]
)


def _imperatives(text: str, tokens: Sequence[Token], said: set[int]) -> list[ActionFound]:
    """Plan steps said as instructions ('First, make sure nobody's hurt. Then stop work in that
    aisle'): a clause that opens with a verb's base form and its object. Counted as 'I would'."""
    found: list[ActionFound] = []
    starts = [i for i, t in enumerate(tokens) if i == 0 or tokens[i - 1].clause != t.clause]
    for i in starts:
        j = i
        while (
            j < len(tokens) - 1
            and tokens[j].lower in _STEP_OPENERS
            and tokens[j].clause == tokens[i].clause
        ):
            j += 1
        word, nxt = tokens[j].lower, tokens[j + 1].lower if j + 1 < len(tokens) else ""
        if tokens[j].clause != tokens[i].clause or nxt not in _OBJECT_STARTS:
            continue
        if word in lemmas(word).get("VERB", ()) and lemma_of_verb(word) not in NON_ACTION_VERBS:
            solid = _says_something(text, tokens, j, said) or _is_specific_verb(tokens[j])
            found.append(ActionFound(tokens[j].clause, j, "I", "hypothetical", solid))
    return found


def _clauses_of(actions: Sequence[ActionFound], **match: object) -> list[int]:
    chosen = [
        a.clause for a in actions if a.solid and all(getattr(a, k) == v for k, v in match.items())
    ]
    return sorted(dict.fromkeys(chosen))


def _is_specific_verb(token: Token) -> bool:
    """A verb that says what was done on its own ('rewired', 'triaged'), not 'did' or 'handled'."""
    return is_rare(token.lower) and lemma_of_verb(token.lower) not in EMPTY_ACTION_WORDS


def _clause_tokens(tokens: Sequence[Token], clause: int) -> list[Token]:
    return [t for t in tokens if t.clause == clause]


_PRONOUNS = frozenset(
    [
        "i",
        "i'd",
        "i'll",
        "i've",
        "i'm",
        "we",
        "we'd",
        "we'll",
        "we've",
        "we're",
        "he",
        "he'd",
        "he's",
        "she",
        "she'd",
        "she's",
        "they",
        "they'd",
        "they've",
        "they're",
        "it",
        "it's",
        "you",
        "you'd",
    ]
)
# "I ..." with these, in the past, is itself a result: "I finished the year at 104 percent".
ACHIEVEMENT_VERBS: frozenset[str] = frozenset(
    """
    finish hit close win pass earn exceed beat reach land secure sign qualify graduate promote
    become double triple halve cut save raise grow stop change
    """.split()  # noqa: SIM905
)


def _verb_lemma(word: str) -> str | None:
    verbs = lemmas(word).get("VERB", ())
    if verbs:
        return verbs[0]
    if word.startswith("re") and len(word) > 5:  # "rebooked", "reopened"
        again = lemmas(word[2:]).get("VERB", ())
        return again[0] if again else None
    return None


def _subject_is_me(words: Sequence[Token]) -> bool | None:
    """True when the clause's first subject is 'I' or 'we', False for someone or something else,
    None when there is no verb to tell."""
    for token in words:
        if token.lower in _PRONOUNS:
            return token.lower in _I_FORMS or token.lower in _WE_FORMS
        if is_past_verb(token.lower) and token.lower not in ("had", "was", "were", "did"):
            return False  # "Tracking updates backed up": a noun did it
    return None


def _is_change(words: Sequence[Token]) -> bool:
    """Someone or something other than the candidate changed, responded or ended up somewhere:
    'she started asking for help', 'sales were up', 'she added one', 'they signed'."""
    if _subject_is_me(words) is not False:
        return False
    for k, token in enumerate(words):
        verb = _verb_lemma(token.lower)
        if verb is None or verb in NON_ACTION_VERBS or token.lower in ("had", "was", "were"):
            continue
        if is_past_verb(token.lower) or (verb in CHANGE_VERBS and token.lower.endswith("s")):
            return True
        if token.lower in ("up", "down") and k > 0 and words[k - 1].lower in (
            "were", "was", "is", "are", "went", "came", "got"
        ):  # fmt: skip
            return True
    return False


def _is_achievement(words: Sequence[Token], quantities_here: bool) -> bool:
    """'I finished the year at 104 percent', 'I got my licence in 2020', 'I passed first time'."""
    if _subject_is_me(words) is not True:
        return False
    for token in words:
        verb = _verb_lemma(token.lower)
        if verb in ACHIEVEMENT_VERBS and is_past_verb(token.lower):
            return quantities_here or verb in (
                "pass",
                "win",
                "qualify",
                "graduate",
                "promote",
                "stop",
                "change",
                "become",
            )
    return False


def _outcomes(
    clauses: Sequence[Clause],
    tokens: Sequence[Token],
    first_action: int | None,
    said: set[int],
    quantities: Sequence[Quantity],
) -> tuple[list[int], list[int]]:
    """Clauses (from the first action on) that say what changed; and those that only say it
    went well. `said`: indices of the words that say something (not echoes, not fillers)."""
    solid: list[int] = []
    vague: list[int] = []
    start_at = first_action if first_action is not None else 0
    for clause in clauses[start_at:]:
        indices = [i for i, t in enumerate(tokens) if t.clause == clause.index]
        words = [tokens[i] for i in indices]
        if not words or is_list(clause.text):
            continue
        counted = any(_in_clause(clause, q) for q in quantities)
        signal = (
            _CONSEQUENCE.search(clause.text)
            or _COMPARISON.search(clause.text)
            or _is_change(words)
            or _is_achievement(words, counted)
        )
        if not signal:
            continue
        if _VAGUE_OUTCOME.search(clause.text) or not any(i in said for i in indices):
            vague.append(clause.index)
        else:
            solid.append(clause.index)
    return solid, vague


def _in_clause(clause: Clause, quantity: Quantity) -> bool:
    return clause.start <= quantity.start < clause.end


def _outcome_numbers(
    clauses: Sequence[Clause], outcomes: Sequence[int], quantities: Sequence[Quantity]
) -> list[Quantity]:
    return [
        q
        for q in quantities
        if q.kind == "amount" and any(_in_clause(clauses[i], q) for i in outcomes)
    ]


def is_list(text: str) -> bool:
    """A clause that is a list of keywords ('ServSafe, temperature logs, cooling logs, FIFO, ...'):
    four or more commas, the items three words or fewer on average."""
    items = [i for i in text.split(",") if i.strip()]
    return len(items) >= 5 and sum(len(i.split()) for i in items) / len(items) <= 3.0


def _cue_clauses(clauses: Sequence[Clause], cue: re.Pattern[str]) -> list[int]:
    return [c.index for c in clauses if cue.search(c.text)]


def _phrase_hits(text: str, phrases: Iterable[str]) -> list[str]:
    lowered = " " + re.sub(r"\s+", " ", text.lower().replace("’", "'")) + " "
    hits: list[str] = []
    for phrase in phrases:
        if phrase in lowered:  # most are not: no pattern to run
            hits.extend([phrase] * len(_whole_phrase(phrase).findall(lowered)))
    return hits


@lru_cache(maxsize=4096)
def _whole_phrase(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])")


SELF_DESCRIPTION = re.compile(
    r"\b(?:i'm|i am|i've always been|i have always been|i consider myself|i'd describe myself"
    r"|i would describe myself|i see myself|people (?:say|tell me) i'm|i pride myself)\b",
    re.IGNORECASE,
)
_HABIT = (
    r"(?:always|never|usually|typically|generally|consistently|regularly|routinely|constantly"
    r"|invariably|normally)"
)
# The candidate (or "you", anyone) in general, not one occasion: "I always ...", "every patient
# I've had ...", "whenever I ...", "you have to stay calm", "there's always someone ...". A
# habit inside a story ("I gave him a job every morning") is not one.
GENERALISING = re.compile(
    rf"\b(?:i|i've|i'm|i'd|we|we've|we're)\s+(?:\w+\s+)?{_HABIT}\b"
    r"|\b(?:every|each|any|all the)\s+(?:\w+\s+){0,2}(?:i|i've|i'd|we|we've)\s+(?:have|had|'ve"
    r"|work|worked|deal|dealt|meet|met|train|trained|manage|managed|see|saw|take|took|get|got"
    r"|serve|served|teach|taught|hire|hired|develop|developed|coach|coached)\b"
    r"|\bwhenever\b|\beach time\b|\bevery time\b|\ball the time\b|\bmany times\b"
    r"|\byou(?:'ve got| have got| have| need| just| can't| cannot| don't| always| never| want"
    r"| should| must| get| gotta)\b"
    r"|\bthere(?:'s| is| are) always\b|\bit(?:'s| is) always\b|\ball my\b"
    r"|\b(?:has|have|had|'s|'ve) always been\b|\bevery single\b"
    r"|\b(?:100|a hundred|one hundred) percent of the time\b"
    rf"|\b(?:are|is|were|was|been|be)\s+{_HABIT}\b",
    re.IGNORECASE,
)
_STEP_CUES = re.compile(
    r"\b(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|then|next|after that|afterwards|finally"
    r"|lastly|to start|to begin|once (?:that|i|it|he|she|they|the)|at the same time|meanwhile"
    r"|before (?:that|i|anything))\b",
    re.IGNORECASE,
)


# --- topic ---------------------------------------------------------------------------------------


_CLAIM_SENTENCE = re.compile(
    r"\b(?:your (?:resume|cv|résumé|profile)|you (?:mentioned|wrote|list|listed))\b", re.IGNORECASE
)


def asked_part(question_text: str) -> str:
    """The part of a question that asks: 'Your resume says you made President's Club in 2023.
    What got you there?' asks what got you there, and an answer need not repeat the claim."""
    parts = re.split(r"(?<=[.!?])\s+", question_text.strip())
    asked = [p for p in parts if not _CLAIM_SENTENCE.search(p)]
    return " ".join(asked) if asked and len(asked) < len(parts) else question_text


def focus_words(question_text: str) -> list[str]:
    """The question's content words (as written, lowercase), without the words every interview
    question uses, without adverbs ('nearly', 'quickly'), and without a claim of the resume it
    quotes (see `asked_part`)."""
    words: list[str] = []
    for raw in _WORD.findall(asked_part(question_text)):
        lower = _normal(raw)
        if not lower.isalpha() or lower in FUNCTION_WORDS or lower in GENERIC_QUESTION_WORDS:
            continue
        found = lemmas(lower)
        if found and not ({"NOUN", "VERB", "ADJ", "PROPN"} & set(found)):
            continue
        if word_lemmas(lower) & GENERIC_QUESTION_WORDS or len(lower) < 3:
            continue
        if lower not in words:
            words.append(lower)
    return words


def crux_words(focus: Sequence[str], job: frozenset[str]) -> list[str]:
    """The focus words that set this question apart from the job's everyday words: in a nurse's
    interview 'patient' and 'blood' are the setting, 'refused' is the question."""
    crux = [w for w in focus if not (word_lemmas(w) & job)]
    return crux or list(focus)


@lru_cache(maxsize=1)
def _groups_of() -> dict[str, frozenset[int]]:
    found: dict[str, set[int]] = {}
    for n, group in enumerate(RELATED_GROUPS):
        for word in group:
            found.setdefault(word, set()).add(n)
    return {word: frozenset(ids) for word, ids in found.items()}


@lru_cache(maxsize=131072)
def same_idea(a: str, b: str) -> bool:
    """Two lemmas an interviewer hears as one idea: one word family, or one related group."""
    if related_forms(a, b):
        return True
    groups = _groups_of()
    return bool(groups.get(a, frozenset()) & groups.get(b, frozenset()))


def addresses(word: str, heard: Iterable[str]) -> bool:
    """True when any of the heard lemmas is the same idea as one of the word's lemmas."""
    forms = word_lemmas(word)
    return any(same_idea(form, h) for form in forms for h in heard)


def lemmas_by_clause(tokens: Sequence[Token], echo: set[int]) -> dict[int, set[str]]:
    """Every lemma of the answer's own content words (outside echoes), by clause."""
    found: dict[int, set[str]] = {}
    for i, t in enumerate(tokens):
        if i not in echo and is_content(t):
            found.setdefault(t.clause, set()).update(word_lemmas(t.lower))
    return found


def _topic_hits(
    focus: Sequence[str], lemmas: dict[int, set[str]], clauses: Iterable[int]
) -> list[str]:
    """The focus words that the answer's own clauses (those that say something of the
    candidate's own) address."""
    own: set[str] = set()
    for clause in clauses:
        own |= lemmas.get(clause, set())
    return [word for word in focus if addresses(word, own)]


def _repeated_share(tokens: Sequence[Token]) -> float:
    words = [t.lemma for t in tokens if is_content(t)]
    grams = [tuple(words[i : i + 3]) for i in range(len(words) - 2)]
    if len(grams) < 10:
        return 0.0
    seen: set[tuple[str, ...]] = set()
    repeats = 0
    for gram in grams:
        if gram in seen:
            repeats += 1
        seen.add(gram)
    return repeats / len(grams)


# --- the analysis --------------------------------------------------------------------------------


def analyse(
    text: str, question_text: str, job_texts: Sequence[str], heard: bool = False
) -> Analysis:
    """Measure one answer against its question and the job ad (see the module notes). `heard`:
    the text is a speech recogniser's, so a word no dictionary knows is not trusted as a term of
    the trade ('telehock' for what was said)."""
    spans = clause_spans(text)
    clauses = [Clause(i, a, b, text[a:b]) for i, (a, b) in enumerate(spans)]
    tokens = tokenize(text, spans)
    echo = find_echo(tokens, [question_text, *job_texts])
    given = given_lemmas([question_text, *job_texts])
    own = [
        t
        for i, t in enumerate(tokens)
        if i not in echo
        and is_content(t)
        and t.lemma not in GENERIC_ANSWER_WORDS
        and not (word_lemmas(t.lower) & given)
    ]
    said = {
        i
        for i, t in enumerate(tokens)
        if i not in echo and is_content(t) and t.lemma not in GENERIC_ANSWER_WORDS
    }
    quantities = find_quantities(text)
    found = find_actions(text, tokens, said)
    mine = _clauses_of(found, who="I")
    ours = [c for c in _clauses_of(found, who="we") if c not in mine]
    empty = sorted({a.clause for a in found if not a.solid} - set(mine) - set(ours))
    first_action = min(mine + ours) if (mine or ours) else None
    outcomes, vague_outcomes = _outcomes(clauses, tokens, first_action, said, quantities)
    focus = focus_words(question_text)
    general = _cue_clauses(clauses, GENERALISING)
    described = set(_cue_clauses(clauses, SELF_DESCRIPTION))
    story = set(mine + ours + outcomes + _cue_clauses(clauses, _SITUATION_CUES))
    free = {i for i in range(len(tokens)) if i not in echo}
    listed = {c.index for c in clauses if is_list(c.text)}
    specifics = [
        Specific(s.text, s.kind, s.clause, s.weight, s.clause in general)
        for s in _specifics(text, tokens, free, given, quantities, story, described, listed, heard)
    ]
    own_clauses = [c.index for c in clauses if _substance(c.index, own, specifics) >= 2]
    own_lemmas = lemmas_by_clause(tokens, echo)
    return Analysis(
        text=text,
        tokens=tokens,
        clauses=clauses,
        echo=echo,
        given=given,
        own_content=own,
        specifics=specifics,
        quantities=quantities,
        actions=mine,
        past_actions=_clauses_of(found, who="I", tense="past"),
        hypothetical_actions=_clauses_of(found, who="I", tense="hypothetical"),
        we_actions=ours,
        empty_actions=empty,
        outcomes=outcomes,
        vague_outcomes=vague_outcomes,
        outcome_numbers=_outcome_numbers(clauses, outcomes, quantities),
        situation=_cue_clauses(clauses, _SITUATION_CUES),
        task=_cue_clauses(clauses, _TASK_CUES),
        reasoning=_cue_clauses(clauses, REASONING_CUES),
        reflection=_cue_clauses(clauses, REFLECTION_CUES),
        vague_hits=_phrase_hits(text, VAGUE_WORDS),
        claim_hits=_phrase_hits(text, GENERIC_CLAIMS),
        topic_terms=focus,
        crux_terms=crux_words(focus, given_lemmas(job_texts)),
        topic_hits=_topic_hits(focus, own_lemmas, own_clauses),
        general=general,
        steps=len(_STEP_CUES.findall(text)),
        word_count=len(tokens),
        content_count=sum(1 for t in tokens if is_content(t)),
        repeated_share=_repeated_share(tokens),
        own_lemmas=own_lemmas,
    )
