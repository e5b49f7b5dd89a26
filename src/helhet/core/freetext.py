"""A light check of organisation-level free text: no fødselsnummer (national identity number) in it.

Meeting minutes, workshop notes, scenario names and imported lists are about how the units work, never about
a person. Text holding an 11-digit run (optionally written 6 + 5 with a space) that is a valid fødselsnummer
or D-nummer is refused, so a number typed by mistake is not stored. It is a light check, not a guarantee.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.no import fodselsnummer

_ELEVEN_DIGITS = re.compile(r"(?<!\d)(\d{6}) ?(\d{5})(?!\d)", re.ASCII)


def looks_like_national_id(text: str) -> bool:
    """Whether `text` holds an 11-digit run that is a valid fødselsnummer or D-nummer."""
    return any(fodselsnummer.is_valid(a + b) for a, b in _ELEVEN_DIGITS.findall(text or ""))


def refuse_national_id(**texts: str | None) -> None:
    """Raise a Norwegian ValidationError on the first field whose text looks like it holds a fødselsnummer."""
    for field, text in texts.items():
        if text and looks_like_national_id(text):
            raise ValidationError(
                {
                    field: _(
                        "Teksten ser ut til å inneholde et fødselsnummer. Skriv ikke fødselsnummer, navn eller "
                        "andre opplysninger om brukerne av tjenestene her."
                    )
                }
            )


# Control characters (other than tab and line breaks) and the bidirectional overrides and isolates (U+202A–E,
# U+2066–9), which turn the text after them around on the reader's screen: never in what a person writes.
_UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def has_unsafe_characters(text: str) -> bool:
    return bool(_UNSAFE_CHARACTERS.search(text or ""))
