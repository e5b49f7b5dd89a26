"""The access-log row for what a citizen reads on Min side: the citizen's user is the reader, and the ground
is their own innsyn or the representation («Som fullmektig for Kari Nordmann», never a fødselsnummer).

One row per page and person: the row is written at once and the request's collector is told, so lists on the
same response add no second row (helhet.access.shown)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext

from helhet.access import shown
from helhet.access.models import AccessAction
from helhet.access.services import access_log_write
from helhet.people import grounds
from helhet.portal.acting import Acting

CHANNEL = "web"


def logged_as(message: str, **params: object) -> str:
    """What a citizen's read is logged as, always in the log's own language (bokmål), whatever language the
    page is in: the log is read by staff and auditors, and one wording is searchable."""
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext(message)
        if not params:
            return text
        return text % {key: str(v) if isinstance(v, Promise) else v for key, v in params.items()}


def citizen_ground(acting: Acting) -> str:
    """Why the citizen may read the person's data, as the access log says it (people.grounds)."""
    return grounds.citizen_ground(acting.relation if acting.on_behalf else grounds.SELF, acting.person)


def citizen_read(acting: Acting, *, what: str) -> None:
    """Log that the citizen read `what` of the person's data on Min side."""
    user = acting.account.user
    access_log_write(
        user=user,
        person=acting.person,
        action=AccessAction.READ,
        what=what,
        reason=citizen_ground(acting),
        channel=CHANNEL,
    )
    shown.person_logged(user, acting.person)
