"""What the rubric knows about English words, from libraries that carry their data in the wheel.

* Lemmas and parts of speech come from lemminflect's dictionary ("taught" -> teach, a verb;
  "patients" -> patient, a noun), so "I called", "I gave", "I held" are actions in any trade and
  "falls" matches "fall".
* How common a word is comes from wordfreq's Zipf scale (about 7 for "the", 5 for "plan", 4 for
  "surgeon", 3 for "triage", under 2 for "planogram"): a word that is uncommon in everyday English
  is a domain word, whatever the domain.
* Word families: "disagree" / "disagreement", "teach" / "teacher", "nurse" / "nursing" are the same
  idea when one lemma is the other plus a derivational suffix.

Everything here is a deterministic lookup, cached; nothing is read until it is first needed, so
starting the command line stays fast.
"""

from __future__ import annotations

from functools import lru_cache

RARE_ZIPF = 4.2  # rarer than this in everyday English: a domain word
VERY_COMMON_ZIPF = 5.5  # as common as "time", "work", "make": never a specific

_DERIVATIONAL_SUFFIXES: tuple[str, ...] = (
    "ment", "ments", "er", "ers", "or", "ors", "ing", "ion", "ions", "ation", "ations", "al",
    "ally", "ly", "ness", "ity", "ful", "ive", "ance", "ence", "ist", "ists", "y", "ic", "ical",
    "ship", "ee", "ees", "ure", "able", "ible",
)  # fmt: skip


@lru_cache(maxsize=65536)
def lemmas(word: str) -> dict[str, tuple[str, ...]]:
    """The word's lemmas by part of speech ({'VERB': ('teach',)}); {} for unknown words."""
    import lemminflect

    found: dict[str, tuple[str, ...]] = lemminflect.getAllLemmas(word.lower())
    return found


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The word's base form: the noun's when it is one ('falls' -> 'fall'), else the verb's,
    else the adjective's; unknown words lose a plural 's' only."""
    lower = word.lower()
    found = lemmas(lower)
    for pos in ("NOUN", "VERB", "ADJ", "ADV", "PROPN", "AUX"):
        if found.get(pos):
            return found[pos][0]
    if len(lower) > 4 and lower.endswith("s") and not lower.endswith("ss"):
        return lower[:-1]
    return lower


@lru_cache(maxsize=65536)
def word_lemmas(word: str) -> frozenset[str]:
    """Every base form the word may have ('nursing' -> nursing, nurse)."""
    found = lemmas(word)
    forms = {form for group in found.values() for form in group}
    return frozenset(forms | {lemma(word)})


def warm() -> None:
    """Read the dictionaries now (a second or more) rather than at the first answer scored."""
    is_past_verb("taught")
    zipf("the")


def can_be_verb(word: str) -> bool:
    """True when the dictionary knows the word as a verb form ('called', 'held', 'triaged')."""
    return "VERB" in lemmas(word)


@lru_cache(maxsize=65536)
def is_past_verb(word: str) -> bool:
    """A past tense or past participle: 'called', 'gave', 'taught', 'rewired', 'put' (not
    'cases', 'gets' or 'going')."""
    import lemminflect

    lower = word.lower()
    for base in lemmas(lower).get("VERB", ()):
        past = lemminflect.getInflection(base, "VBD") + lemminflect.getInflection(base, "VBN")
        if lower in past:
            return True
    return False


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """How common the word is in English, on the Zipf scale (0 for unknown words)."""
    from wordfreq import zipf_frequency

    return float(zipf_frequency(word.lower(), "en"))


def commonness(word: str) -> float:
    """The Zipf value of the word or of its lemma, whichever is higher ('patients' as common as
    'patient')."""
    return max(zipf(word), zipf(lemma(word)))


def is_rare(word: str) -> bool:
    """Uncommon in everyday English: 'triage', 'telemetry', 'planogram', 'phonics', 'rewired'."""
    return commonness(word) < RARE_ZIPF


def related_forms(a: str, b: str) -> bool:
    """Two lemmas of one word family: equal, or one is the other plus a derivational suffix
    ('disagree'/'disagreement', 'teach'/'teacher', 'nurse'/'nursing'); not 'patient'/'patience'."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) < 4:
        return False
    for base in (short, short.rstrip("e")):
        if len(base) >= 4 and long.startswith(base) and long[len(base) :] in _DERIVATIONAL_SUFFIXES:
            return True
    return False
