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
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from helhet.access.policy import AccessDecision, may_search_register, visible_persons
from helhet.access.services import PersonNotVisible, authorize_person_read
from helhet.access.shown import person_refused, persons_shown
from helhet.core.models import ChangeRecord, User
from helhet.people.models import Person, Representation

MIN_QUERY_LENGTH = 2


class SearchTooShort(ValueError):
    pass


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januar", "jan"),
            ("februar", "feb"),
            ("mars", "mar"),
            ("april", "apr"),
            ("mai",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt"),
            ("november", "nov"),
            ("desember", "des"),
        ),
        start=1,
    )
    for name in names
}
# The ways Helhet itself writes a day: 08.01.1928, 8.1.1928, 08.01.28, 1928-01-08, 8. januar 1928.
_NUMERIC_DAY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDED_DAY = re.compile(r"^(\d{1,2})\.?\s+([a-zæøå]+)\.?\s+(\d{4})$")


def _days(day: int, month: int, year: str) -> list[datetime.date]:
    """The real dates `day`.`month`.`year` can be; a two-digit year may be either century."""
    years = [int(year)] if len(year) == 4 else [1900 + int(year), 2000 + int(year)]
    found = []
    for full_year in years:
        with contextlib.suppress(ValueError):
            found.append(datetime.date(full_year, month, day))
    return found


def _birth_dates(query: str) -> list[datetime.date] | None:
    """The dates a query written as a date means (none when it is a date that cannot be); None if no date."""
    text = query.strip().casefold()
    if match := _NUMERIC_DAY.match(text):
        return _days(int(match[1]), int(match[2]), match[3])
    if match := _ISO_DAY.match(text):
        return _days(int(match[3]), int(match[2]), match[1])
    if (match := _WORDED_DAY.match(text)) and match[2] in _MONTHS:
        return _days(int(match[1]), _MONTHS[match[2]], match[3])
    return None


def _search_filter(query: str) -> Q:
    dates = _birth_dates(query)
    if dates is not None:
        return Q(birth_date__in=dates)
    compact = re.sub(r"[\s.-]", "", query)
    if compact.isdigit():
        if len(compact) == 11:
            return Q(national_id=compact)
        if len(compact) == 6:
            return Q(birth_date__in=_days(int(compact[:2]), int(compact[2:4]), compact[4:]))
        if len(compact) == 8:  # ddmmåååå, or the first eight digits of a fødselsnummer
            return Q(national_id__startswith=compact) | Q(
                birth_date__in=_days(int(compact[:2]), int(compact[2:4]), compact[4:])
            )
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
    return _shown_fields(persons).order_by("last_name", "first_name", "pk")


def _search_listing(persons: QuerySet[Person]) -> QuerySet[Person]:
    """Search hits in name order, case-insensitively (the casefolded keys).

    The order is one no index walks: a common surname such as «hansen» matches a few hundred thousand rows of
    a large register, and walking a name index in order while filtering for them reads every name before
    it. With no ordered index to walk, PostgreSQL finds the hits from the prefix indexes on the keys and sorts
    only those (a top-N sort for the page), as the page's count of hits reads them anyway.
    """
    return _shown_fields(persons).order_by(
        Lower("last_name_key"), Lower("first_name_key"), "last_name", "first_name", "pk"
    )


def _shown_fields(persons: QuerySet[Person]) -> QuerySet[Person]:
    return persons.select_related("zone").only(
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


def person_search(
    user: User, *, query: str, page_number: int | str | None = 1, channel: str = "web"
) -> Page[Person]:
    """Search the register (municipality-wide roles); every person shown is logged."""
    if not may_search_register(user):
        raise PermissionDenied(_("Din rolle gir ikke tilgang til å søke i personregisteret."))
    query = (query or "").strip()
    if len(query) < MIN_QUERY_LENGTH:
        raise SearchTooShort(
            _("Skriv minst to tegn av navnet, eller fødselsdato (dd.mm.åååå) eller fødselsnummer.")
        )
    persons = visible_persons(user, Person.objects.filter(_search_filter(query)))
    return _logged_page(
        user,
        _search_listing(persons),
        page_number,
        channel,
        what=_("Navn og fødselsdato i søkeresultat"),
        reason=_("Søk i personregisteret"),
    )


def person_caseload(user: User, *, page_number: int | str | None = 1, channel: str = "web") -> Page[Person]:
    """Persons the user's units or the user personally are responsible for today; each shown is logged."""
    return _logged_page(
        user,
        _listing(visible_persons(user, Person.objects.all())),
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
    page = Paginator(persons, settings.HELHET_PAGE_SIZE).get_page(page_number)
    persons_shown(user, page.object_list, what=what, reason=reason, channel=channel)
    return page


@dataclass(frozen=True)
class PersonRead:
    person: Person
    access: AccessDecision


def person_detail(
    user: User,
    person_id: int,
    *,
    what: str,
    channel: str = "web",
    emergency: bool = False,
    emergency_what: str = "",
) -> PersonRead:
    """One person with zone and relatives, if the user has need-to-know (or, with `emergency`, an active
    emergency access, logged as `emergency_what` if given); the read is logged."""
    person = (
        Person.objects.select_related("zone", "municipality")
        .prefetch_related("relatives")
        .filter(pk=person_id)
        .first()
    )
    if person is None:
        raise PersonNotVisible()
    decision = authorize_person_read(
        user, person, what=what, channel=channel, emergency=emergency, emergency_what=emergency_what
    )
    return PersonRead(person=person, access=decision)


def person_refused_by_id(user: User, person_id: int, *, what: str, reason: str, channel: str = "web") -> None:
    """Log a refused attempt (403) to read the data of the person with `person_id`, when that person exists,
    so the person's access log and an auditor see it."""
    person = Person.objects.filter(pk=person_id).only("pk", "municipality_id").first()
    if person is not None:
        person_refused(user, person, what=what, reason=reason, channel=channel)


def citizen_changes_for(person: Person, *, limit: int = 20) -> list[ChangeRecord]:
    """What the person (or a representative) changed on Min side (consents), newest first: the change history
    rows written with a citizen's login as the actor, for the person page."""
    return list(
        ChangeRecord.objects.filter(
            scope_type=person._meta.label_lower, scope_id=person.pk, actor__citizen_account__isnull=False
        ).order_by("-at", "-pk")[:limit]
    )


@dataclass(frozen=True)
class RepresentationRow:
    relative: object
    in_force: bool
    status: str


def relatives_with_status(person: Person, today: datetime.date) -> list[RepresentationRow]:
    """The person's relatives, each representative marked as in force, not yet begun, expired or ended."""
    rows = []
    for relative in person.relatives.all():
        status = ""
        if relative.representation:
            if relative.ended_on is not None and relative.ended_on <= today:
                status = _("avsluttet %(day)s") % {"day": relative.ended_on.strftime("%d.%m.%Y")}
            elif relative.valid_to is not None and relative.valid_to < today:
                status = _("utløpt %(day)s") % {"day": relative.valid_to.strftime("%d.%m.%Y")}
            elif (
                relative.representation == Representation.PARENTAL_RESPONSIBILITY
                and person.age_on(today) >= 18
            ):
                status = _("barnet er over 18 år")
            elif relative.valid_from is not None and relative.valid_from > today:
                status = _("gjelder fra %(day)s") % {"day": relative.valid_from.strftime("%d.%m.%Y")}
        in_force = relative.represents_on(today) and not (
            relative.representation == Representation.PARENTAL_RESPONSIBILITY and person.age_on(today) >= 18
        )
        rows.append(RepresentationRow(relative, in_force, status))
    return rows
