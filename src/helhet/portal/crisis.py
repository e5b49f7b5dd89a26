"""Crisis help on the citizens' search: words that may mean danger → the phone numbers to show first.

Data, not logic: a danger word (matched like the everyday words, so a slip still counts) names the lines to
show; the lines are national numbers, the same in every municipality. 113 is always shown first.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from helhet.catalogue import search


@dataclass(frozen=True)
class CrisisLine:
    """One number to call: «hjelpetelefon»."""

    key: str
    name: str | Promise
    number: str  # as dialled; empty when the line is a kind of place, not one number
    when: str | Promise


LINES: tuple[CrisisLine, ...] = (
    CrisisLine("akutt", _("Medisinsk nødtelefon"), "113", _("Når liv er i fare, ring 113 med en gang.")),
    CrisisLine("politi", _("Politiet"), "112", _("Når noen blir utsatt for vold eller trusler nå.")),
    CrisisLine("legevakt", _("Legevakten"), "116117", _("Når du trenger lege i dag og ikke kan vente.")),
    CrisisLine(
        "mental_helse",
        _("Mental Helse hjelpetelefon"),
        "116123",
        _("Når du trenger noen å snakke med, hele døgnet."),
    ),
    CrisisLine(
        "alarmtelefonen",
        _("Alarmtelefonen for barn og unge"),
        "116111",
        _(
            "Når et barn er redd, blir utsatt for vold, eller du er bekymret for et barn. Gratis, hele døgnet."
        ),
    ),
    CrisisLine(
        "vold_overgrep",
        _("Vold- og overgrepslinjen"),
        "116006",
        _("Når du blir utsatt for vold eller overgrep, eller er redd for noen hjemme."),
    ),
    CrisisLine(
        "krisesenter",
        _("Krisesenteret"),
        "",
        _(
            "Et trygt sted å bo for deg og barna om du må bort fra vold hjemme. Ring 116 006 for nærmeste senter."
        ),
    ),
)

_SUICIDE = ("akutt", "legevakt", "mental_helse")
_VIOLENCE = ("akutt", "politi", "vold_overgrep", "krisesenter")
_CHILD = ("akutt", "politi", "alarmtelefonen", "vold_overgrep")

# Danger word → the lines to show for it. Phrases are matched word by word, every word must be there.
DANGER_WORDS: dict[str, tuple[str, ...]] = {
    "selvmord": _SUICIDE,
    "selvmordstanker": _SUICIDE,
    "ta livet mitt": _SUICIDE,
    "ta livet av meg": _SUICIDE,
    "vil ikke leve": _SUICIDE,
    "vil dø": _SUICIDE,
    "skade meg selv": _SUICIDE,
    "kutter meg": _SUICIDE,
    "håpløst": _SUICIDE,
    "vold": _VIOLENCE,
    "slår meg": _VIOLENCE,
    "slått": _VIOLENCE,
    "truet": _VIOLENCE,
    "mishandlet": _VIOLENCE,
    "voldtatt": _VIOLENCE + ("legevakt",),
    "overgrep": _VIOLENCE + ("alarmtelefonen",),
    "krisesenter": _VIOLENCE,
    "redd for barnet": _CHILD,
    "redd for barna": _CHILD,
    "bekymret for barnet": _CHILD,
    "barnevern": _CHILD,
    "barnevernet": _CHILD,
    "omsorgssvikt": _CHILD,
}


def crisis_lines(query: str) -> list[CrisisLine]:
    """The lines to show above the results for what the citizen wrote; none when no danger word is in it."""
    said = search.words(query)
    wanted: set[str] = set()
    for phrase, keys in DANGER_WORDS.items():
        if search.phrase_match(said, search.words(phrase)) >= 0.9:
            wanted.update(keys)
    return [line for line in LINES if line.key in wanted]
