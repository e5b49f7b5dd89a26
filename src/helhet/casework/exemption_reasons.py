"""Why a document or a note in a case is kept from the party's innsyn, as data: a code, a plain Norwegian
explanation for the person, and the legal reference. Staff choose a code; Min side shows the explanation and
the reference. The codes are stored on casework.DocumentExemption and are never removed (add new ones).

The texts were checked against forvaltningsloven §§ 18–19 and pasient- og brukerrettighetsloven § 5-1:
fvl § 18 a (organinterne dokumenter), § 18 b (innhentet utenfra for den interne saksforberedelsen; § 18 c:
facts and summaries of facts must still be given), § 19 første ledd bokstav d (unadvisable for the party's
own health or relations; a representative may be told on request), § 19 annet ledd bokstav a (another
person's health) and b (other matters that for special reasons should not be passed on), and pbrl § 5-1
annet ledd (journal: danger to life or serious harm to health, or clearly unadvisable for those close)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExemptionReason(models.TextChoices):
    INTERNAL = "fvl_18a", _("Internt arbeidsdokument (fvl. § 18 a)")
    OBTAINED_INTERNAL = "fvl_18b", _("Innhentet til intern saksforberedelse (fvl. § 18 b)")
    OWN_HEALTH = "fvl_19_1d", _("Utilrådelig av hensyn til partens helse (fvl. § 19 første ledd d)")
    OTHER_PERSONS_HEALTH = "fvl_19_2a", _("En annen persons helseforhold (fvl. § 19 annet ledd a)")
    OTHER_PERSONAL = "fvl_19_2b", _("Andre forhold som ikke bør gis videre (fvl. § 19 annet ledd b)")
    HEALTH_RECORD = "pbrl_5_1", _("Journalopplysning holdt tilbake (pbrl. § 5-1 annet ledd)")


@dataclass(frozen=True)
class Explanation:
    title: str
    text: str
    law: str


_EXPLANATIONS = {
    ExemptionReason.INTERNAL: (
        _("Internt arbeidsdokument"),
        _(
            "Dokumentet er laget for kommunens egen saksbehandling, for eksempel et utkast eller et notat. "
            "Du har ikke rett til å se det. Fakta som vi bygger på, har du likevel rett til å få vite."
        ),
        _("Forvaltningsloven § 18 a og § 18 c"),
    ),
    ExemptionReason.OBTAINED_INTERNAL: (
        _("Råd til kommunens saksbehandling"),
        _(
            "Dokumentet er et råd fra en sakkyndig eller rådgiver, hentet inn til kommunens egen "
            "saksbehandling. Fakta i det har du likevel rett til å få vite."
        ),
        _("Forvaltningsloven § 18 b og § 18 c"),
    ),
    ExemptionReason.OWN_HEALTH: (
        _("Hensyn til helsen din"),
        _(
            "Vi mener det kan skade helsen din eller forholdet til dine nærmeste om du leser dette nå. "
            "En som representerer deg, kan be om å få se det."
        ),
        _("Forvaltningsloven § 19 første ledd bokstav d"),
    ),
    ExemptionReason.OTHER_PERSONS_HEALTH: (
        _("Opplysninger om en annen person"),
        _("Dokumentet handler om helsen til en annen person enn deg."),
        _("Forvaltningsloven § 19 annet ledd bokstav a"),
    ),
    ExemptionReason.OTHER_PERSONAL: (
        _("Andres personlige forhold"),
        _(
            "Dokumentet har opplysninger, for eksempel om andre personers private forhold, som av "
            "særlige grunner ikke bør gis videre."
        ),
        _("Forvaltningsloven § 19 annet ledd bokstav b"),
    ),
    ExemptionReason.HEALTH_RECORD: (
        _("Helseopplysning holdt tilbake"),
        _(
            "Helsepersonell har holdt tilbake denne opplysningen fordi det er helt nødvendig for å hindre "
            "fare for livet ditt eller alvorlig skade på helsen din, eller fordi det klart ikke er "
            "tilrådelig av hensyn til noen som står deg nær."
        ),
        _("Pasient- og brukerrettighetsloven § 5-1 annet ledd"),
    ),
}


def explanation(code: str) -> Explanation:
    """The plain explanation of an exemption code (an unknown code, from a newer version, as stored)."""
    try:
        title, text, law = _EXPLANATIONS[ExemptionReason(code)]
    except ValueError:
        return Explanation(title=code, text="", law="")
    return Explanation(title=str(title), text=str(text), law=str(law))


def all_explanations() -> list[tuple[str, Explanation]]:
    return [(code, explanation(code)) for code in ExemptionReason.values]
