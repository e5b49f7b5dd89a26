"""Reads for the organisation's meetings, rotations and rooms, each page in a fixed number of queries."""

import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from helhet.core.calendar import local_today
from helhet.core.models import User
from helhet.organisation.models import Engagement, Leadership, LeadershipRotation, Staff, Unit, UnitParent
from helhet.orgmeetings import rules
from helhet.orgmeetings.models import Action, MeetingSeries, Occurrence

LIST_SIZE = 100


def series_for(user: User) -> QuerySet[MeetingSeries]:
    """The series of the user's units (owner or participant); all of the municipality's for the administrator."""
    series = MeetingSeries.objects.filter(municipality_id=rules.municipality_of(user))
    if not rules.is_admin(user):
        mine = rules.member_unit_ids(user)
        series = series.filter(Q(owner_unit_id__in=mine) | Q(units__in=mine)).distinct()
    return series.select_related("owner_unit", "room").prefetch_related("units").order_by("name")


def series_get(user: User, series_id: int) -> MeetingSeries:
    """The series of the user's municipality (404 otherwise), with its units; refused to staff outside them."""
    series = (
        MeetingSeries.objects.filter(municipality_id=rules.municipality_of(user), pk=series_id)
        .select_related("owner_unit", "room")
        .prefetch_related("units")
        .first()
    )
    if series is None:
        raise Http404
    rules.require_part(user, unit_ids(series))
    return series


def unit_ids(series: MeetingSeries) -> set[int]:
    return {series.owner_unit_id, *(u.pk for u in series.units.all())}


def occurrences_around(
    series: MeetingSeries, *, today: datetime.date, size: int = 12
) -> tuple[list[Occurrence], list[Occurrence]]:
    upcoming = list(
        series.occurrences.filter(day__gte=today).select_related("booking__room").order_by("day")[:size]
    )
    past = list(series.occurrences.filter(day__lt=today).order_by("-day")[:size])
    return upcoming, past


def open_actions(series: MeetingSeries) -> list[Action]:
    return list(
        Action.objects.filter(occurrence__series=series, done_at__isnull=True)
        .select_related("responsible_staff", "responsible_unit", "occurrence")
        .order_by("due_on", "pk")[:LIST_SIZE]
    )


def occurrence_get(user: User, occurrence_id: int) -> Occurrence:
    occurrence = (
        Occurrence.objects.filter(municipality_id=rules.municipality_of(user), pk=occurrence_id)
        .select_related("series__owner_unit", "series__room", "booking__room", "minutes_by")
        .prefetch_related(
            "series__units",
            "agenda",
            Prefetch(
                "actions",
                queryset=Action.objects.select_related(
                    "responsible_staff", "responsible_unit", "done_by"
                ).order_by("due_on", "pk"),
            ),
        )
        .first()
    )
    if occurrence is None:
        raise Http404
    rules.require_part(user, unit_ids(occurrence.series))
    return occurrence


def rotations_of(user: User) -> list[LeadershipRotation]:
    return list(
        LeadershipRotation.objects.filter(municipality_id=rules.municipality_of(user))
        .select_related("unit")
        .prefetch_related("members__staff")
        .order_by("unit__name")
    )


def terms_of(unit: Unit, *, since: datetime.date, size: int = 24) -> list[Leadership]:
    """The unit's leadership terms running on or after `since`, in order (the planned ones included)."""
    return list(
        Leadership.objects.filter(unit=unit)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=since))
        .select_related("staff")
        .order_by("valid_from")[:size]
    )


def now_local() -> datetime.datetime:
    return timezone.localtime()


def today() -> datetime.date:
    return local_today()


def municipality_units(user: User) -> list[Unit]:
    return list(
        Unit.objects.valid_on(local_today())
        .filter(municipality_id=rules.municipality_of(user))
        .order_by("name")
    )


def staff_of_units(unit_ids: set[int]) -> QuerySet[Staff]:
    """Everyone working in or leading one of the units today, by name, in one query."""
    on = local_today()
    engaged = Engagement.objects.valid_on(on).filter(unit_id__in=unit_ids).values("staff_id")
    led = Leadership.objects.valid_on(on).filter(unit_id__in=unit_ids).values("staff_id")
    return Staff.objects.filter(Q(pk__in=engaged) | Q(pk__in=led)).order_by("last_name", "first_name")[:300]


def rotation_candidates(unit: Unit) -> list[Staff]:
    """Who may be put in a unit's rotation: today's leaders anywhere in the municipality and the staff of the
    unit and its parent (NAV's agency leaders lead teams they do not work in), in one query."""
    on = local_today()
    parent = UnitParent.objects.valid_on(on).filter(unit=unit).values("parent_id")
    engaged = Engagement.objects.valid_on(on).filter(Q(unit=unit) | Q(unit_id__in=parent)).values("staff_id")
    leaders = (
        Leadership.objects.valid_on(on).filter(unit__municipality_id=unit.municipality_id).values("staff_id")
    )
    return list(
        Staff.objects.filter(municipality_id=unit.municipality_id)
        .filter(Q(pk__in=engaged) | Q(pk__in=leaders))
        .order_by("last_name", "first_name")[:300]
    )
