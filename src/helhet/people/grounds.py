"""The ground a citizen's read or application on Min side is access-logged with, worded in one place.

The log is a record, so the ground is always stored in bokmål whatever language the page is shown in;
the citizen's access-log page reads these words back (portal.citizen_access_log.plain_ground). Never a
fødselsnummer: the person is named, the representative is the row's user."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from helhet.people.models import Representation

if TYPE_CHECKING:
    from helhet.people.models import Person

SELF = "self"


def citizen_ground(relation: str, person: Person) -> str:
    """«Innbyggerens egen innsyn», or «Som fullmektig for Kari Nordmann» and the like for a representative."""
    with translation.override(settings.LANGUAGE_CODE):
        if relation == SELF:
            return _("Innbyggerens egen innsyn")
        labels: dict[str, str] = {
            Representation.POWER_OF_ATTORNEY: _("Som fullmektig for %(name)s"),
            Representation.GUARDIANSHIP: _("Som verge for %(name)s"),
            Representation.PARENTAL_RESPONSIBILITY: _("Med foreldreansvar for %(name)s"),
        }
        return labels.get(relation, _("Som representant for %(name)s")) % {"name": person.full_name}
