"""Reads of persons. Every read goes through the access layer and is logged."""

import contextlib
import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from helhet.access.policy import AccessDecision, may_search_register, visible_persons
from helhet.access.services import PersonNotVisible, authorize_person_read
from helhet.access.shown import person_refused, persons_shown
from helhet.core.models import User
from helhet.people.models import Person

MIN_QUERY_LENGTH = 2


class SearchTooShort(ValueError):
    pass


def _search_filter(query: str) -> Q:
    compact = re.sub(r"[\s.-]", "", query)
    if compact.isdigit():
        if len(compact) == 11:
            return Q(national_id=compact)
        if len(compact) == 6:
            day, month, year = int(compact[:2]), int(compact[2:4]), int(compact[4:])
            dates = []
            for century in (1900, 2000):
                with contextlib.suppress(ValueError):
                    dates.append(datetime.date(century + year, month, day))
            return Q(birth_date__in=dates)
        return Q(national_id__startswith=compact)
    condition = Q()
    for term in query.casefold().split():
        condition &= _prefix("last_name_key", term) | _prefix("first_name_key", term)
    return condition


def _prefix(field: str, term: str) -> Q:
    if connection.vendor == "sqlite":
        # SQLite cannot answer LIKE 'term%' from an index; a range on the casefolded key it can.
        return Q(**{f"{field}__gte": term, f"{field}__lt": term + "\U0010ffff"})
    # PostgreSQL answers LIKE 'term%' from the varchar_pattern_ops index Django adds to the field.
    return Q(**{f"{field}__startswith": term})


def _listing(persons: QuerySet[Person]) -> QuerySet[Person]:
    return (
        persons.select_related("zone")
        .only(
            "pk",
            "municipality_id",
            "national_id",
            "birth_date",
            "first_name",
            "middle_name",
            "last_name",
            "postal_place",
            "zone__name",
        )
        .order_by("last_name", "first_name", "pk")
    )


def person_search(
    user: User, *, query: str, page_number: int | str | None = 1, channel: str = "web"
) -> Page[Person]:
    """Search the register (municipality-wide roles); every person shown is logged."""
    if not may_search_register(user):
        raise PermissionDenied(_("Din rolle gir ikke tilgang til å søke i personregisteret."))
    query = (query or "").strip()
    if len(query) < MIN_QUERY_LENGTH:
        raise SearchTooShort(
            _("Skriv minst to tegn av navnet, eller fødselsdato (ddmmåå) eller fødselsnummer.")
        )
    persons = visible_persons(user, Person.objects.filter(_search_filter(query)))
    return _logged_page(
        user,
        persons,
        page_number,
        channel,
        what=_("Navn og fødselsdato i søkeresultat"),
        reason=_("Søk i personregisteret"),
    )


def person_caseload(user: User, *, page_number: int | str | None = 1, channel: str = "web") -> Page[Person]:
    """Persons the user's units or the user personally are responsible for today; each shown is logged."""
    return _logged_page(
        user,
        visible_persons(user, Person.objects.all()),
        page_number,
        channel,
        what=_("Navn og fødselsdato i brukerliste"),
        reason=_("Brukere enheten har ansvar for"),
    )


def _logged_page(
    user: User,
    persons: QuerySet[Person],
    page_number: int | str | None,
    channel: str,
    *,
    what: str,
    reason: str,
) -> Page[Person]:
    page = Paginator(_listing(persons), settings.HELHET_PAGE_SIZE).get_page(page_number)
    persons_shown(user, page.object_list, what=what, reason=reason, channel=channel)
    return page


@dataclass(frozen=True)
class PersonRead:
    person: Person
    access: AccessDecision


def person_detail(
    user: User, person_id: int, *, what: str, channel: str = "web", emergency: bool = False
) -> PersonRead:
    """One person with zone and relatives, if the user has need-to-know (or, with `emergency`, an active
    emergency access); the read is logged."""
    person = (
        Person.objects.select_related("zone", "municipality")
        .prefetch_related("relatives")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise PersonNotVisible()
    decision = authorize_person_read(user, person, what=what, channel=channel, emergency=emergency)
    return PersonRead(person=person, access=decision)


def person_refused_by_id(user: User, person_id: int, *, what: str, reason: str, channel: str = "web") -> None:
    """Log a refused attempt (403) to read the data of the person with `person_id`, when that person exists,
    so the person's access log and an auditor see it."""
    person = Person.objects.filter(pk=person_id).only("pk", "municipality_id").first()
    if person is not None:
        person_refused(user, person, what=what, reason=reason, channel=channel)
