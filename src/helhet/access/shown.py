"""Every person a response shows is access-logged, in one batch per response.

Selectors and views say which persons they put on a page, a partial or an API answer with `persons_shown`
(lists: the queue, the desk, the calendar, a message book...) and which reads were refused with
`person_refused`. While a request runs (see `AccessLogMiddleware`) these are collected per request; after
the response is made the collected persons are written with `access_log_write_many`, one row per person
per response in one insert (the row names what the response showed: "Saksliste ...; Fristoversikt ..."),
and persons whose data the request already logged on its own (a person page, a case page:
`authorize_person_read`) get no second row.
Outside a request (a management command, a test calling a selector) the rows are written at once.
"""

import contextvars
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from helhet.access.models import AccessAction
from helhet.access.records import PersonRecord
from helhet.access.services import AccessLogUnavailable, access_log_write, access_log_write_many
from helhet.core.models import User


@dataclass
class _Shown:
    person: PersonRecord
    whats: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    channel: str = "web"


@dataclass
class _Refused:
    person: PersonRecord
    what: str
    reason: str
    channel: str


@dataclass
class ShownCollector:
    """What one request has shown (and refused to show), per user, until the response is made."""

    channel: str = "web"
    shown: dict[tuple[int, int], _Shown] = field(default_factory=dict)
    users: dict[int, User] = field(default_factory=dict)
    logged: set[tuple[int, int]] = field(default_factory=set)
    refused: list[tuple[User, _Refused]] = field(default_factory=list)

    def add(self, user: User, person: PersonRecord, *, what: str, reason: str, channel: str) -> None:
        key = (user.pk, person.pk)
        self.users[user.pk] = user
        entry = self.shown.setdefault(key, _Shown(person=person, channel=channel))
        if what not in entry.whats:
            entry.whats.append(what)
        if reason not in entry.reasons:
            entry.reasons.append(reason)

    def flush(self, *, shown: bool = True) -> None:
        """Write what was collected: the refused attempts, then one bulk insert for the persons shown."""
        refused, self.refused = self.refused, []
        for user, entry in refused:
            access_log_write(
                user=user,
                person=entry.person,
                action=AccessAction.REFUSED,
                what=entry.what,
                reason=entry.reason,
                channel=entry.channel,
            )
        collected, self.shown = self.shown, {}
        if not shown:
            return
        # One insert per response: every person the response showed gets one row, naming what the response
        # showed (its lists, in the order they were collected) and why.
        # Each row gives the reasons that person was shown for (one inbox item's ground is not another's).
        groups: dict[tuple[int, str], tuple[list[PersonRecord], list[str], dict[int, str]]] = {}
        for (user_pk, person_pk), shown_entry in collected.items():
            if (user_pk, person_pk) in self.logged:
                continue
            persons, whats, reasons = groups.setdefault((user_pk, shown_entry.channel), ([], [], {}))
            persons.append(shown_entry.person)
            whats.extend(what for what in shown_entry.whats if what not in whats)
            reasons[person_pk] = "; ".join(shown_entry.reasons)
        for (user_pk, channel), (persons, whats, reasons) in groups.items():
            access_log_write_many(
                user=self.users[user_pk],
                persons=persons,
                what="; ".join(whats),
                reason="-",
                reasons=reasons,
                channel=channel,
            )


_current: contextvars.ContextVar[ShownCollector | None] = contextvars.ContextVar("helhet_shown", default=None)


def current() -> ShownCollector | None:
    return _current.get()


def persons_shown(
    user: User | None,
    persons: Iterable[PersonRecord | None],
    *,
    what: str,
    reason: str,
    channel: str | None = None,
) -> None:
    """Log that `persons` (Person objects, or anything with pk and municipality_id) were shown to `user`:
    names, birth dates, addresses or contact details on a list, a partial or in an API answer."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    collector = _current.get()
    channel = channel or (collector.channel if collector else "web")
    unique = {person.pk: person for person in persons if person is not None and person.pk is not None}
    if not unique:
        return
    if collector is None:
        access_log_write_many(user=user, persons=unique.values(), what=what, reason=reason, channel=channel)
        return
    for person in unique.values():
        collector.add(user, person, what=str(what), reason=str(reason), channel=channel)


def person_shown(
    user: User | None, person: PersonRecord | None, *, what: str, reason: str, channel: str | None = None
) -> None:
    persons_shown(user, [person], what=what, reason=reason, channel=channel)


def person_logged(user: User | None, person: PersonRecord | None) -> None:
    """The request has written its own row for this person (a read); lists on the same response add none."""
    collector = _current.get()
    if collector is not None and user is not None and person is not None:
        collector.logged.add((user.pk, person.pk))


def person_refused(
    user: User | None, person: PersonRecord | None, *, what: str, reason: str, channel: str | None = None
) -> None:
    """Log a refused attempt to read `person`'s data, with why it was refused, for the person and auditors."""
    if user is None or not getattr(user, "is_authenticated", False) or person is None or person.pk is None:
        return
    collector = _current.get()
    channel = channel or (collector.channel if collector else "web")
    entry = _Refused(person=person, what=str(what), reason=str(reason) or "-", channel=channel)
    if collector is None:
        access_log_write(
            user=user,
            person=person,
            action=AccessAction.REFUSED,
            what=entry.what,
            reason=entry.reason,
            channel=channel,
        )
        return
    if any(u.pk == user.pk and r.person.pk == person.pk for u, r in collector.refused):
        return
    collector.refused.append((user, entry))


class AccessLogMiddleware:
    """Collects the persons a request shows and writes their access-log rows once the response is made."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        collector = ShownCollector(channel="api" if request.path.startswith("/api/") else "web")
        token = _current.set(collector)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        # A server error showed nobody; refused attempts are written whatever the answer.
        try:
            collector.flush(shown=response.status_code < 500)
        except AccessLogUnavailable:
            return log_unavailable_response(
                request
            )  # the response made is never sent: its rows are not written
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """A view whose own access-log row could not be written (authorize_person_read) shows nothing."""
        if isinstance(exception, AccessLogUnavailable):
            return log_unavailable_response(request)
        return None


def log_unavailable_response(request: HttpRequest) -> HttpResponse:
    """503: Helhet shows no person data it cannot log; the security event names the recovery command."""
    message = _(
        "Helhet kunne ikke skrive tilgangsloggen, og viser derfor ingen personopplysninger akkurat nå. "
        "Driften er varslet. Prøv igjen om litt."
    )
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=503)
    response = render(request, "503_access_log.html", {"message": message}, status=503)
    response["Retry-After"] = "60"
    return response
