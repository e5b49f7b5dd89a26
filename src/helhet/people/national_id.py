"""Norwegian national identity numbers: fødselsnummer and D-nummer, validated by python-stdnum.

Synthetic numbers (month + 80, the convention of Skatteetaten's test data) can never belong to a
real person; they are accepted only where settings.HELHET_ALLOW_SYNTHETIC_IDS is on (demo, tests).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.no import fodselsnummer

FNR = "fnr"
DNR = "dnr"
SYNTHETIC_MONTH_OFFSET = 80


@dataclass(frozen=True)
class NationalId:
    number: str
    kind: str
    birth_date: datetime.date
    sex: str  # "M" or "K" (kvinne)
    synthetic: bool

    @property
    def masked(self) -> str:
        return mask(self.number)


def mask(number: str) -> str:
    """The first six digits (the birth date part) and the rest hidden."""
    return f"{number[:6]} *****" if len(number) == 11 else "*****"


def _as_real(number: str) -> tuple[str, bool]:
    """Map a synthetic number's month back to the real month for date checks."""
    month = int(number[2:4])
    if month > SYNTHETIC_MONTH_OFFSET:
        return f"{number[:2]}{month - SYNTHETIC_MONTH_OFFSET:02d}{number[4:]}", True
    return number, False


def parse(raw: str, *, allow_synthetic: bool | None = None, today: datetime.date | None = None) -> NationalId:
    """Validate `raw` and return what it tells; raise ValidationError with a Norwegian message."""
    if allow_synthetic is None:
        allow_synthetic = settings.HELHET_ALLOW_SYNTHETIC_IDS
    number = fodselsnummer.compact(raw or "")
    if not number:
        raise ValidationError(_("Fyll inn fødselsnummer eller D-nummer."), code="required")
    if not number.isdigit():
        raise ValidationError(_("Fødselsnummeret kan bare inneholde siffer."), code="format")
    if len(number) != 11:
        raise ValidationError(
            _("Fødselsnummeret må ha 11 siffer, du skrev %(count)d.") % {"count": len(number)}, code="length"
        )
    if number[9] != fodselsnummer.calc_check_digit1(number) or number[10] != fodselsnummer.calc_check_digit2(
        number
    ):
        raise ValidationError(
            _("Kontrollsifrene stemmer ikke. Sjekk at fødselsnummeret er skrevet riktig."), code="checksum"
        )
    real, synthetic = _as_real(number)
    if synthetic and not allow_synthetic:
        raise ValidationError(_("Syntetiske testnummer kan ikke brukes her."), code="synthetic")
    if int(real[2:4]) > 40:
        raise ValidationError(
            _("Hjelpenummer (H-nummer) kan ikke brukes som identitet her."), code="h_number"
        )
    try:
        birth_date = fodselsnummer.get_birth_date(real)
    except stdnum_errors.ValidationError:
        raise ValidationError(
            _("Fødselsnummeret inneholder ingen gyldig fødselsdato."), code="birth_date"
        ) from None
    if birth_date > (today or datetime.date.today()):
        raise ValidationError(_("Fødselsdatoen i nummeret ligger fram i tid."), code="birth_date")
    kind = DNR if int(number[0]) >= 4 else FNR
    sex = "M" if fodselsnummer.get_gender(number) == "M" else "K"
    return NationalId(number=number, kind=kind, birth_date=birth_date, sex=sex, synthetic=synthetic)


def validate(raw: str) -> None:
    """A Django field validator."""
    parse(raw)


def _individual_range(year: int) -> range:
    if 1900 <= year <= 1999:
        return range(0, 500)
    if 2000 <= year <= 2039:
        return range(500, 1000)
    if 1854 <= year <= 1899:
        return range(500, 750)
    raise ValueError("no individual numbers for that birth year")


def make_synthetic(birth_date: datetime.date, *, seed: int, sex: str = "K", d_number: bool = False) -> str:
    """A valid synthetic national ID for test and demo data; `seed` picks among the free numbers."""
    day = birth_date.day + (40 if d_number else 0)
    prefix = f"{day:02d}{birth_date.month + SYNTHETIC_MONTH_OFFSET:02d}{birth_date.year % 100:02d}"
    individuals = _individual_range(birth_date.year)
    wanted_parity = 1 if sex == "M" else 0
    for step in range(len(individuals)):
        individual = individuals[(seed + step) % len(individuals)]
        if individual % 2 != wanted_parity:
            continue
        body = f"{prefix}{individual:03d}"
        first = fodselsnummer.calc_check_digit1(body)
        if first == "10":
            continue
        second = fodselsnummer.calc_check_digit2(body + first)
        if second == "10":
            continue
        return body + first + second
    raise ValueError("no free synthetic number for that date and sex")
