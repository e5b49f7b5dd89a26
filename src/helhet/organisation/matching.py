"""Tolerant name matching for imported lists: suggestions with the reason each is made, never a choice.

A workshop writes "hjsp. sone nord", "Sone Nord hjemmesykepleie" and "Hjemmesykeplein Nord" for the same
department. `suggest` compares a name with the organisation's unit names after folding case, punctuation
and the Norwegian letters, expanding the usual abbreviations and ignoring word order, and says why it
suggests each unit. Nothing here decides: the user chooses.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from rapidfuzz import fuzz

# Abbreviations and short forms seen in municipal lists, written after `fold` (so "ø" is "o").
ABBREVIATIONS: dict[str, str] = {
    "hjsp": "hjemmesykepleien",
    "hsp": "hjemmesykepleien",
    "hjemmesykepl": "hjemmesykepleien",
    "hjemmespl": "hjemmesykepleien",
    "hjemmesykepleie": "hjemmesykepleien",
    "hjt": "hjemmetjenesten",
    "psyk": "psykisk",
    "tk": "tjenestekontoret",
    "tjk": "tjenestekontoret",
    "tjenestekontor": "tjenestekontoret",
    "tildelingskontor": "tjenestekontoret",
    "tildelingskontoret": "tjenestekontoret",
    "avd": "avdeling",
    "avdelingen": "avdeling",
    "bpa": "brukerstyrt personlig assistanse",
    "nav": "nav",
    "fysio": "fysioterapi",
    "ergo": "ergoterapi",
    "rehab": "rehabilitering",
    "hvr": "hverdagsrehabilitering",
    "hverdagsrehab": "hverdagsrehabilitering",
    "ke": "koordinerende enhet",
    "koord": "koordinerende",
    "bv": "barnevern",
    "bvt": "barnevernstjenesten",
    "fam": "familie",
    "sykeh": "sykehjem",
    "shj": "sykehjem",
    "ssk": "sykepleier",
    "helsestasj": "helsestasjon",
    "hs": "helsestasjon",
    "ppt": "pedagogisk psykologisk tjeneste",
    "dps": "distriktspsykiatrisk senter",
    "bup": "barne og ungdomspsykiatrisk poliklinikk",
    "rus": "rus",
    "oppf": "oppfolging",
    "okon": "okonomi",
    "fn": "funksjonsnedsettelser",
    "ptmf": "personer med funksjonsnedsettelser",
    "og": "og",
}
# Words that say little about which unit is meant.
_FILLER = frozenset(
    {"og", "i", "for", "med", "av", "til", "den", "det", "de", "avdeling", "enhet", "enheten"}
)


@functools.lru_cache(maxsize=10_000)
def fold(text: str) -> str:
    """Case, punctuation, spacing and the Norwegian letters folded away: "Øk.- og Serviceteam" → "ok og serviceteam"."""
    # Casefolding and decomposing can each undo the other (ℌ → H, İ → i̇), so both run until nothing changes;
    # a run of a's ("Haavik", "aaa") becomes one so that folding twice gives what folding once gave.
    previous = None
    while text != previous:
        previous = text
        text = unicodedata.normalize("NFKD", text.casefold())
        text = "".join(char for char in text if not unicodedata.combining(char))
    text = re.sub(r"a{2,}", "a", text.replace("æ", "ae").replace("ø", "o"))
    text = re.sub(r"[^\w]+|_", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def tokens(text: str) -> list[str]:
    return fold(text).split()


def expand(words: Iterable[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """The words with abbreviations written out, and which abbreviations were expanded (short, long)."""
    out: list[str] = []
    used: list[tuple[str, str]] = []
    for word in words:
        long = ABBREVIATIONS.get(word)
        if long and long != word:
            out.extend(long.split())
            used.append((word, long))
        else:
            out.append(word)
    return out, used


@dataclass(frozen=True)
class Suggestion:
    """A unit that may be meant, how sure (0–100) and why, in words."""

    unit_id: int
    name: str
    score: int
    reason: str


def _prefix_abbreviations(query: Sequence[str], candidate: Sequence[str]) -> list[tuple[str, str]] | None:
    """Each query word is a candidate word or the start of one (at least three letters): "hjemmesykepl" for
    "hjemmesykepleien", "fysio" for "fysioterapi". None when some word fits nowhere."""
    used: list[tuple[str, str]] = []
    remaining = list(candidate)
    for word in query:
        if word in remaining:
            remaining.remove(word)
            continue
        match = next(
            (
                c
                for c in remaining
                if (len(word) >= 3 and c.startswith(word)) or (len(c) >= 5 and word.startswith(c))
            ),
            None,
        )
        if match is None:
            return None
        remaining.remove(match)
        if len(word) < len(match):
            used.append((word, match))
    return used


def _meaningful(words: Iterable[str]) -> list[str]:
    return [word for word in words if word not in _FILLER]


@functools.lru_cache(maxsize=50_000)
def compare(name: str, candidate: str) -> tuple[int, str] | None:
    """How well `name` fits `candidate` and why, or None when it does not fit."""
    raw_q, raw_c = tokens(name), tokens(candidate)
    if not raw_q or not raw_c:
        return None
    if raw_q == raw_c:
        if re.sub(r"\W", "", name.casefold()) == re.sub(r"\W", "", candidate.casefold()):
            return 100, _("samme navn med andre store/små bokstaver eller tegn")
        return 99, _("samme navn skrevet uten æ, ø og å")
    if sorted(raw_q) == sorted(raw_c):
        return 98, _("samme ord i annen rekkefølge")
    query, used = expand(raw_q)
    cand, _cand_used = expand(raw_c)
    if used and sorted(query) == sorted(cand):
        return 96, _abbreviation_reason(used)
    prefixes = _prefix_abbreviations(query, cand)
    if prefixes is not None and len(query) == len(cand):
        if not used and not prefixes:
            return 94, _("samme ord, i bestemt eller ubestemt form")
        return 94, _abbreviation_reason(used + prefixes)
    meaningful_q = _meaningful(query)
    if prefixes is not None and meaningful_q and len(meaningful_q) >= 1:
        # Every word of the name is in the unit's name, which has more: "Psykisk helse" in "Psykisk helse og rus".
        missing = len(_meaningful(cand)) - len(meaningful_q)
        score = max(70, 90 - 5 * missing)
        if used or prefixes:
            return score, _("%(abbreviation)s; alle ordene finnes i «%(unit)s»") % {
                "abbreviation": _abbreviation_reason(used + prefixes),
                "unit": candidate,
            }
        return score, _("alle ordene finnes i «%(unit)s»") % {"unit": candidate}
    left, right = " ".join(query), " ".join(cand)
    similarity = max(fuzz.token_sort_ratio(left, right), fuzz.ratio(left, right))
    if similarity >= 80:
        return int(similarity) - 5, _("lik skrivemåte (%(percent)d %%)") % {"percent": round(similarity)}
    partial = fuzz.token_set_ratio(" ".join(_meaningful(query)), " ".join(_meaningful(cand)))
    if partial >= 90 and len(_meaningful(query)) >= 1:
        return int(partial) - 20, _("nesten de samme ordene (%(percent)d %%)") % {"percent": round(partial)}
    return None


def _abbreviation_reason(used: Sequence[tuple[str, str]]) -> str:
    parts = [
        (
            _("«%(short)s» er forkortelse for «%(long)s»")
            if len(short) < len(long) - 1
            else _("«%(short)s» er et annet navn for «%(long)s»")
        )
        % {"short": short, "long": long}
        for short, long in used
    ]
    return ", ".join(parts) if parts else _("lik skrivemåte")


def suggest(name: str, candidates: Iterable[tuple[int, str]], *, limit: int = 4) -> list[Suggestion]:
    """The units `name` may mean, best first, each with its reason; empty when none fits."""
    found: dict[int, Suggestion] = {}
    for unit_id, candidate in candidates:
        result = compare(name, candidate)
        if result is None:
            continue
        score, reason = result
        if unit_id not in found or found[unit_id].score < score:
            found[unit_id] = Suggestion(unit_id, candidate, score, reason)
    return sorted(found.values(), key=lambda s: (-s.score, s.name))[:limit]


# Words that tell an external party's kind; only a hint shown beside the choices, never chosen for the user.
_EXTERNAL_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("gp", ("fastleg", "legekontor", "legesenter", "allmennleg", "fastlegekontor")),
    (
        "hospital",
        ("sykehus", "spesialisthelse", "helseforetak", "dps", "bup", "poliklinikk", "hf", "ahus", "klinikk"),
    ),
    ("school", ("skole", "barnehage", "ppt", "sfo", "pedagogisk")),
    ("police", ("politi", "lensmann")),
    ("volunteers", ("frivillig", "rode kors", "sanitet", "besoksvenn", "kirkens")),
    ("users_relatives", ("pasient og brukerombud", "brukere", "bruker", "parorende", "brukerrad")),
    ("municipality", ("kommune", "interkommunal", "nabokommune")),
)
_ROLE_HINTS = (
    "koordinator",
    "lege",
    "sykepleier",
    "leder",
    "ledere",
    "fysioterapeut",
    "ergoterapeut",
    "saksbehandler",
    "kontaktperson",
    "verneombud",
    "tillitsvalgt",
    "miljoterapeut",
    "helsefagarbeider",
    "vernepleier",
    "psykolog",
    "jordmor",
    "radgiver",
)


def external_kind_hint(name: str) -> str | None:
    """The kind of external party the name sounds like ("gp" for "Fastlegene"), or None."""
    folded = fold(name)
    words = folded.split()
    for kind, stems in _EXTERNAL_HINTS:
        for stem in stems:
            if " " in stem and stem in folded:
                return kind
            if any(word.startswith(stem) if len(stem) > 3 else word == stem for word in words):
                return kind
    return None


def looks_like_role(name: str) -> bool:
    """A name such as "Koordinator" or "Ledere" that is a role rather than a place."""
    words = tokens(name)
    return 0 < len(words) <= 2 and any(
        word.rstrip("e").rstrip("n") in {r.rstrip("e").rstrip("n") for r in _ROLE_HINTS} for word in words
    )
