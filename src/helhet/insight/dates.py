import datetime

from django.utils.translation import gettext as _

from helhet.core.calendar import local_today, within_supported_range


def date_param(raw: str | None) -> tuple[datetime.date, str | None]:
    """The date asked for (YYYY-MM-DD), or today with a message when it cannot be read."""
    if not raw:
        return local_today(), None
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        return local_today(), _(
            "Datoen «%(raw)s» kunne ikke leses. Skriv den som ÅÅÅÅ-MM-DD; viser i dag."
        ) % {"raw": raw[:20]}
    if not within_supported_range(day):
        return local_today(), _("Datoen må være mellom 01.01.1900 og 31.12.2100; viser i dag.")
    return day, None
