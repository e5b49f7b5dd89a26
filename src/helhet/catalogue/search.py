"""Matching a citizen's own words against services: everyday words (SearchTerm), service names and texts.

Tolerant of spelling with the standard library only: a word matches another when difflib's ratio is high
enough for its length (one slip in a five-letter word, two in a long one), or when it begins with it
(«rusproblemer» begins with «rus»). Nothing here reads the database; the selector gives it the words.
"""

import re
import unicodedata
from collections.abc import Iterable
from difflib import SequenceMatcher

# Words that say nothing about which help someone needs.
STOP_WORDS = frozenset(
    [
        "å",
        "av",
        "bare",
        "det",
        "eg",
        "en",
        "er",
        "et",
        "etter",
        "for",
        "fra",
        "får",
        "gi",
        "ha",
        "har",
        "hjelp",
        "hjelpe",
        "hva",
        "hvor",
        "i",
        "ikke",
        "jeg",
        "kan",
        "kort",  # «kort tid», «TT-kort», «parkeringskort»: not «korttidsopphold»
        "med",
        "meg",
        "min",
        "mine",
        "mitt",
        "noe",
        "og",
        "om",
        "på",
        "seg",
        "som",
        "til",
        "trenger",
        "vi",
        "vil",
        "vår",
    ]
)
WORD_WEIGHT = 3.0  # an everyday word the municipality has tied to the service
NAME_WEIGHT = 2.0
TEXT_WEIGHT = 1.0
PHRASE_BONUS = 0.25  # per extra word of a matching everyday phrase, up to three words
_SPLIT = re.compile(r"[^\wæøå]+")


def normalise(text: str) -> str:
    """Lower case, one space between words, no punctuation or control characters."""
    text = unicodedata.normalize("NFC", text or "").lower()
    return " ".join(w for w in _SPLIT.split(text) if w and w != "_")


def words(text: str) -> list[str]:
    return [w for w in normalise(text).split() if w not in STOP_WORDS]


def _needed_ratio(length: int) -> float:
    if length <= 3:
        return 1.0  # «rus», «bpa»: exact (or as the start of a longer word)
    if length <= 5:
        return 0.8
    return 0.78


def _covers(part: str, whole: str) -> bool:
    """Whether a beginning is long enough to stand for a whole word in a name or text: «kort» is not
    «korttidsopphold», «selv» is not «selvmord», «hjemme» is not «hjemmehjelp»."""
    return len(part) >= 4 and len(part) >= 0.6 * len(whole)


def similar(said: str, known: str, *, loose: bool = True) -> float:
    """How well one word the citizen wrote matches a known word: 1 exact, below 1 close, 0 not at all.

    Loose (for everyday words) lets a short known word begin a longer one said («rus» → «rusproblemer»);
    strict (for service names and texts) wants the beginning to be most of the word."""
    if said == known:
        return 1.0
    if said.startswith(known) and (len(known) >= 3 if loose else _covers(known, said)):
        return 0.95
    if known.startswith(said) and (len(said) >= 4 if loose else _covers(said, known)):
        return 0.9
    ratio = SequenceMatcher(None, said, known, autojunk=False).ratio()
    return ratio if ratio >= _needed_ratio(min(len(said), len(known))) else 0.0


def phrase_match(said: list[str], phrase: list[str]) -> float:
    """Every word of the phrase must be close to some word said; the weakest decides."""
    if not phrase or not said:
        return 0.0
    weakest = 1.0
    for known in phrase:
        best = max(similar(word, known) for word in said)
        if best == 0.0:
            return 0.0
        weakest = min(weakest, best)
    return weakest


def _phrase_weight(said: list[str], phrase: list[str]) -> float:
    match = phrase_match(said, phrase)
    return match * WORD_WEIGHT * (1 + PHRASE_BONUS * (min(len(phrase), 3) - 1)) if match else 0.0


def score(said: list[str], term_phrases: Iterable[list[str]], name: str, text: str) -> float:
    """A service's score for the words said: its everyday words count most, then its name, then its texts.

    An everyday phrase that matches more of the words said counts a little more («vaske huset» beats «vaske»)."""
    total = max((_phrase_weight(said, phrase) for phrase in term_phrases), default=0.0)
    name_words = words(name)
    text_words = words(text)
    for word in said:
        total += max((similar(word, w, loose=False) for w in name_words), default=0.0) * NAME_WEIGHT
        if len(word) >= 4 and any(similar(word, w, loose=False) >= 0.9 for w in text_words):
            total += TEXT_WEIGHT
    return total
