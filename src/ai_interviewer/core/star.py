"""STAR detection: situation, task, action and result of an answer, each with its quote. Pure.

The answer is cut into clauses (`clause_spans`): sentences, and inside a long or unpunctuated
sentence, at clause cues ("so", "then", "as a result", "which", ...). Each STAR part is the first
clause that carries one of its cue phrases; the result prefers a clause with a number. Every
quote is a verbatim slice of the answer. `quantified` is true when the result carries a number,
or the answer states a measured amount anywhere (a percentage, money, a time, a multiple).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ai_interviewer.core.models import StarAnalysis, StarComponent

MAX_QUOTE_WORDS = 35
SPLIT_SENTENCES_OVER_WORDS = 18
MIN_CLAUSE_WORDS = 4

_FLAGS = re.IGNORECASE

_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")
_CLAUSE_CUE = re.compile(
    r"(?:,\s*|\s)(?:and\s+)?(?=(?:so that|so|and then|then|but|as a result|which|after that|"
    r"afterwards|"
    r"in the end|finally|eventually|because|until|my goal|our goal|i had to|we had to|"
    r"the result|the outcome|overall|first|next|and i|and we)\b)",
    _FLAGS,
)

SITUATION_CUES = re.compile(
    r"\b(?:at my (?:last|previous|current|old|first) (?:job|company|role|team|employer|position)"
    r"|in my (?:last|previous|current|old|first) (?:job|company|role|team|position)"
    r"|(?:at|in) (?:my|our) (?:company|startup|team|job|department)"
    r"|when (?:i|we) (?:was|were|worked|joined|started)|while (?:i|we) (?:was|were|worked)"
    r"|we had (?:a|an|this) (?:\w+ )?(?:problem|issue|situation|bug|outage|incident|deadline)"
    r"|(?:our|the) (?:team|company|product|service|system) (?:was|were|had)"
    r"|there was (?:a|an)|the (?:situation|context|problem|challenge|issue) was"
    r"|we were (?:facing|dealing|running|struggling|seeing|building|migrating|losing)"
    r"|(?:last|this past) (?:year|quarter|month|summer|spring|winter|autumn|fall)"
    r"|(?:a few|two|three|several) (?:weeks|months|years) ago|one time|back (?:in|when)"
    r"|during (?:a|an|my|our|the) )",
    _FLAGS,
)
TASK_CUES = re.compile(
    r"\b(?:(?:my|our|the) (?:goal|task|job|objective|mission|responsibility|brief) (?:was|is)"
    r"|i was (?:responsible|asked|tasked|in charge|supposed|expected|assigned)"
    r"|(?:i|we) needed to|needed to|(?:i|we) had to|it was my (?:job|responsibility)"
    r"|i (?:owned|took ownership|volunteered)|the challenge was|(?:i|we) wanted to"
    r"|(?:i|we) (?:had|have) to (?:make|get|find|figure)|so that)",
    _FLAGS,
)
_ACTION_VERBS = (
    "built|implemented|designed|led|wrote|rewrote|migrated|decided|created|set up|introduced|"
    "added|refactored|automated|organized|organised|proposed|analyzed|analysed|profiled|"
    "measured|investigated|debugged|traced|fixed|deployed|launched|ran|started|moved|changed|"
    "split|replaced|configured|optimized|optimised|cached|indexed|instrumented|documented|"
    "trained|hired|mentored|coached|prioritized|prioritised|broke|reached out|talked|spoke|met|"
    "asked|scheduled|negotiated|convinced|persuaded|coordinated|paired|reviewed|tested|wrote|"
    "rolled out|shipped|drove|ran|took|made|chose|used|applied|learned|learnt|read|studied|"
    "practised|practiced|escalated|rolled back|reproduced|isolated|identified|found|benchmarked|"
    "containerized|containerised|parallelized|simplified|streamlined|standardized|"
    "presented|explained|pushed|sat down|worked|collaborated|facilitated|delegated|"
    "would|will|'d|'ll|then|first|personally|"
    # present tense, for how-I-work answers: "I write tests", "we review every change"
    "write|add|use|run|build|set up|review|measure|check|profile|automate|document|monitor|"
    "deploy|prioritize|prioritise|split|design|pair|ask|test"
)
ACTION_CUES = re.compile(
    r"\b(?:i|we|i've|we've)\s*(?:then |first |also |quickly |personally |eventually |finally )?"
    rf"(?:{_ACTION_VERBS})\b|\bmy approach was|\bthe first thing i|\bwhat i did\b",
    _FLAGS,
)
_RESULT_VERBS = (
    "reduced|increased|cut|saved|improved|doubled|tripled|halved|lowered|raised|dropped|fell|"
    "grew|boosted|sped up|shortened|eliminated|prevented|avoided|recovered|won|hit|met|beat|"
    "exceeded|delivered|shipped|launched|went (?:down|up)|brought|kept|reduce|increase|improve|"
    "save|lower|speed up|prevent|avoid|cut down"
)
RESULT_CUES = re.compile(
    r"\b(?:as a result|in the end|the (?:outcome|result|impact|effect)|resulted in|ended up"
    r"|which (?:meant|led to)|that (?:meant|led to)|this (?:meant|led to)|afterwards"
    r"|eventually|finally|since then|from then on|by the end"
    rf"|(?:which|that|this|it|we|they) (?:\w+ )?(?:{_RESULT_VERBS})"
    rf"|(?:{_RESULT_VERBS}) (?:\w+ ){{0,4}}(?:by|from|to) )",
    _FLAGS,
)

_NUMBER = r"\d+(?:[.,]\d+)*"
_SCALE = r"(?:\s?(?:k|m|bn|million|billion|thousand)\b)?"
_UNITS = (
    r"%|percent\b|per cent\b|x\b|times\b|fold\b|k\b|ms\b|milliseconds?\b|seconds?\b|secs?\b|"
    r"minutes?\b|mins?\b|hours?\b|hrs?\b|days?\b|weeks?\b|months?\b|years?\b|quarters?\b|"
    r"sprints?\b|users?\b|customers?\b|clients?\b|requests?\b|engineers?\b|people\b|"
    r"developers?\b|tickets?\b|bugs?\b|incidents?\b|servers?\b|services?\b|teams?\b|"
    r"dollars?\b|euros?\b|pounds?\b|gb\b|tb\b|mb\b|rps\b|qps\b|points?\b"
)
_SPELLED = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|a hundred|hundred|a thousand|thousand|a dozen|"
    r"dozens|half|a few|several)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine|hundred|"
    r"thousand|million))?"
)
NUMBER_PATTERN = re.compile(
    rf"[$€£]\s?{_NUMBER}{_SCALE}"
    rf"|(?<![\w.]){_NUMBER}(?:\s?(?:{_UNITS}))?(?![\w])"
    rf"|\b{_SPELLED}\s(?:{_UNITS})"
    r"|\b(?:twice|thrice|doubled|tripled|quadrupled|halved|in half)\b",
    _FLAGS,
)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_BARE_NUMBER = re.compile(rf"^{_NUMBER}$")


def _split(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    """Spans of text[start:end] between matches of pattern, stripped of surrounding spaces."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in pattern.finditer(text, start, end):
        spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, end))
    return [s for s in (_strip(text, a, b) for a, b in spans) if s[0] < s[1]]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\r\n,;:-":
        start += 1
    while end > start and text[end - 1] in " \t\r\n,;:-":
        end -= 1
    return start, end


def _word_count(text: str) -> int:
    return len(text.split())


def _merge_short(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for span in spans:
        if merged and _word_count(text[span[0] : span[1]]) < MIN_CLAUSE_WORDS:
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    if len(merged) > 1 and _word_count(text[merged[0][0] : merged[0][1]]) < MIN_CLAUSE_WORDS:
        merged[1] = (merged[0][0], merged[1][1])
        merged.pop(0)
    return merged


def clause_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each clause of the text: sentences, long ones cut at clause cues."""
    spans: list[tuple[int, int]] = []
    for start, end in _split(text, 0, len(text), _SENTENCE_BREAK):
        if _word_count(text[start:end]) > SPLIT_SENTENCES_OVER_WORDS:
            spans.extend(_merge_short(text, _split(text, start, end, _CLAUSE_CUE)))
        else:
            spans.append((start, end))
    return spans


def clauses(text: str) -> list[str]:
    """The clauses of a text (each a verbatim slice of it)."""
    return [text[a:b] for a, b in clause_spans(text)]


def trim_quote(quote: str, max_words: int = MAX_QUOTE_WORDS) -> str:
    """The quote cut after `max_words` words, still a verbatim slice; trailing commas dropped."""
    matches = list(re.finditer(r"\S+", quote))
    if len(matches) > max_words:
        quote = quote[: matches[max_words - 1].end()]
    return quote.rstrip(" ,;:-")


def find_numbers(text: str) -> list[str]:
    """Numbers, percentages, money, amounts of time, multiples; digits and spelled-out; no years."""
    found: list[str] = []
    for match in NUMBER_PATTERN.finditer(text):
        value = match.group(0).strip()
        if _YEAR.match(value) or value in found:
            continue
        found.append(value)
    return found


def is_measure(number: str) -> bool:
    """True for an amount with a unit (40%, 3 weeks, $2k, twice), not a bare figure like '3'."""
    return not _BARE_NUMBER.match(number)


def _iter_matching(
    text: str, spans: list[tuple[int, int]], cues: re.Pattern[str]
) -> Iterator[tuple[int, int]]:
    return (span for span in spans if cues.search(text, span[0], span[1]))


Span = tuple[int, int]


def _take_first(preferred: list[Span], fallback: list[Span], taken: set[Span]) -> Span | None:
    """The first preferred span not taken yet (else the first at all), marked as taken."""
    fresh = [s for s in preferred if s not in taken]
    candidates = fresh or preferred or fallback
    if not candidates:
        return None
    taken.add(candidates[0])
    return candidates[0]


def _pick(text: str, spans: list[Span], cues: re.Pattern[str], taken: set[Span]) -> Span | None:
    """The first clause with a cue, preferring one not already used by another STAR part."""
    return _take_first(list(_iter_matching(text, spans, cues)), [], taken)


def _pick_result(text: str, spans: list[Span], taken: set[Span]) -> Span | None:
    """The first result clause, preferring one that carries a number."""
    matching = list(_iter_matching(text, spans, RESULT_CUES))
    with_number = [s for s in matching if find_numbers(text[s[0] : s[1]])]
    return _take_first(with_number or matching, matching, taken)


def _component(text: str, span: Span | None) -> StarComponent:
    if span is None:
        return StarComponent()
    return StarComponent(present=True, quote=trim_quote(text[span[0] : span[1]]))


def detect_star(text: str) -> StarAnalysis:
    """Find the STAR parts of an answer, each with the clause that shows it."""
    spans = clause_spans(text)
    taken: set[tuple[int, int]] = set()
    result = _pick_result(text, spans, taken)
    situation = _pick(text, spans, SITUATION_CUES, taken)
    task = _pick(text, spans, TASK_CUES, taken)
    action = _pick(text, spans, ACTION_CUES, taken)
    numbers = find_numbers(text)
    result_numbers = find_numbers(text[result[0] : result[1]]) if result else []
    quantified = bool(result_numbers) or any(is_measure(n) for n in numbers)
    return StarAnalysis(
        situation=_component(text, situation),
        task=_component(text, task),
        action=_component(text, action),
        result=_component(text, result),
        quantified=quantified,
        numbers=numbers,
    )
