"""Leadership that rotates over set periods (NAV's agency leaders who lead each team for six months in turn).

A rotation plans its terms as ordinary Leadership rows through services.leadership_assign, so the chart, span
of control, the inbox's escalation and access all know who leads on any date. Saving a changed rotation
re-plans the future only: terms that started on or before today stay as they were."""

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhet.core.calendar import local_today, within_supported_range
from helhet.core.history import (
    history_record_create,
    history_record_delete,
    history_record_update,
    history_values,
)
from helhet.core.models import User
from helhet.organisation.models import (
    Leadership,
    LeadershipRotation,
    PeriodUnit,
    RotationMember,
    Staff,
    Unit,
)
from helhet.organisation.services import _leader_label, leadership_assign

# Terms are planned this far ahead; the daily job (rotations_extend) keeps the horizon moving.
PLAN_AHEAD_DAYS = 2 * 366
ROTATION_FIELDS = ["starts_on", "period_length", "period_unit", "title"]
LEADERSHIP_FIELDS = ["staff", "title", "valid_from", "valid_to"]
_MAX_PERIODS = 5000


def rotation_terms(
    rotation: LeadershipRotation, staff: Sequence[Staff], *, first_day: datetime.date, until: datetime.date
) -> list[tuple[datetime.date, Staff]]:
    """(start, leader) of every period starting in [first_day, until]; period i goes to staff[i mod n]. A period
    led by the same person as the one before it is no new term."""
    terms: list[tuple[datetime.date, Staff]] = []
    for index in range(_MAX_PERIODS):
        start = rotation.period_start(index)
        if start > until:
            break
        leader = staff[index % len(staff)]
        if start >= first_day and (not terms or terms[-1][1].pk != leader.pk):
            terms.append((start, leader))
    return terms


def _members(rotation: LeadershipRotation) -> list[Staff]:
    return [m.staff for m in rotation.members.select_related("staff").order_by("position")]


def _replan(rotation: LeadershipRotation, *, first_day: datetime.date, actor: User | None) -> int:
    """Remove the unit's terms from `first_day` on, let the term running the day before run on, and plan the
    rotation's terms from `first_day` to the horizon. Returns how many terms were planned."""
    unit = rotation.unit
    for term in Leadership.objects.select_for_update().filter(unit=unit, valid_from__gte=first_day):
        history_record_delete(
            term, actor=actor, fields=LEADERSHIP_FIELDS, scope=unit, label=_leader_label(term)
        )
        term.delete()
    day_before = first_day - datetime.timedelta(days=1)
    for running in Leadership.objects.select_for_update().filter(
        unit=unit, valid_from__lte=day_before, valid_to__gte=day_before
    ):
        before = history_values(running, ["valid_to"])
        running.valid_to = unit.valid_to
        running.save(update_fields=["valid_to"])
        history_record_update(running, before=before, actor=actor, scope=unit, label=_leader_label(running))
    until = max(first_day, local_today()) + datetime.timedelta(days=PLAN_AHEAD_DAYS)
    if unit.valid_to is not None:
        until = min(until, unit.valid_to)
    planned = 0
    current = Leadership.objects.valid_on(day_before).filter(unit=unit).order_by("-valid_from").first()
    for start, leader in rotation_terms(rotation, _members(rotation), first_day=first_day, until=until):
        if planned == 0 and current is not None and current.staff_id == leader.pk:
            continue  # the one leading already leads on: no new term
        leadership_assign(unit=unit, staff=leader, valid_from=start, title=rotation.title, actor=actor)
        planned += 1
    return planned


def _check(
    *, unit: Unit, staff: Sequence[Staff], starts_on: datetime.date, period_length: int, period_unit: str
) -> None:
    if not within_supported_range(starts_on):
        raise ValidationError({"starts_on": _("Datoen må være mellom 01.01.1900 og 31.12.2100.")})
    if period_unit not in PeriodUnit.values:
        raise ValidationError({"period_unit": _("Velg uker eller måneder.")})
    if not 1 <= period_length <= 104:
        raise ValidationError({"period_length": _("Perioden må være mellom 1 og 104 uker eller måneder.")})
    if not staff:
        raise ValidationError({"staff": _("Velg minst én leder i turnusen.")})
    if len({s.pk for s in staff}) != len(staff):
        raise ValidationError({"staff": _("Hver leder kan stå bare én gang i turnusen.")})
    if any(s.municipality_id != unit.municipality_id for s in staff):
        raise ValidationError({"staff": _("Lederne må være ansatt i samme kommune.")})
    if not unit.is_valid_on(max(starts_on, local_today())):
        raise ValidationError({"unit": _("Enheten finnes ikke lenger.")})


@transaction.atomic
def rotation_save(
    *,
    unit: Unit,
    staff: Sequence[Staff],
    starts_on: datetime.date,
    period_length: int,
    period_unit: str,
    title: str = "",
    actor: User | None,
) -> LeadershipRotation:
    """Create or change the unit's rotation. A new rotation starts today or later; a changed one keeps every
    term that started on or before today and re-plans from tomorrow."""
    if "\x00" in title:
        raise ValidationError({"title": _("Teksten inneholder ugyldige tegn.")})
    _check(unit=unit, staff=staff, starts_on=starts_on, period_length=period_length, period_unit=period_unit)
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # serialise plans for one unit
    rotation = LeadershipRotation.objects.filter(unit=unit).first()
    today = local_today()
    if rotation is None:
        if starts_on < today:
            raise ValidationError({"starts_on": _("En ny turnus kan ikke starte før i dag.")})
        rotation = LeadershipRotation(
            municipality_id=unit.municipality_id,
            unit=unit,
            starts_on=starts_on,
            period_length=period_length,
            period_unit=period_unit,
            title=title.strip(),
        )
        rotation.full_clean()
        rotation.save()
        history_record_create(rotation, actor=actor, fields=ROTATION_FIELDS, scope=unit)
        first_day = starts_on
    else:
        before = history_values(rotation, ROTATION_FIELDS)
        rotation.starts_on, rotation.period_length = starts_on, period_length
        rotation.period_unit, rotation.title = period_unit, title.strip()
        rotation.version += 1
        rotation.full_clean()
        rotation.save()
        history_record_update(rotation, before=before, actor=actor, scope=unit)
        first_day = today + datetime.timedelta(days=1)
        rotation.members.all().delete()
    RotationMember.objects.bulk_create(
        RotationMember(rotation=rotation, position=index, staff=member) for index, member in enumerate(staff)
    )
    _replan(rotation, first_day=first_day, actor=actor)
    return rotation


@transaction.atomic
def rotation_stop(*, unit: Unit, actor: User | None) -> None:
    """End the rotation: planned terms after today are removed; the one leading today leads on."""
    rotation = LeadershipRotation.objects.select_for_update().filter(unit=unit).first()
    if rotation is None:
        raise ValidationError({"unit": _("Enheten har ingen turnus.")})
    tomorrow = local_today() + datetime.timedelta(days=1)
    rotation.members.all().delete()
    history_record_delete(rotation, actor=actor, fields=ROTATION_FIELDS, scope=unit)
    for term in Leadership.objects.select_for_update().filter(unit=unit, valid_from__gte=tomorrow):
        history_record_delete(
            term, actor=actor, fields=LEADERSHIP_FIELDS, scope=unit, label=_leader_label(term)
        )
        term.delete()
    today = local_today()
    for running in Leadership.objects.select_for_update().filter(
        unit=unit, valid_from__lte=today, valid_to__gte=today
    ):
        before = history_values(running, ["valid_to"])
        running.valid_to = unit.valid_to
        running.save(update_fields=["valid_to"])
        history_record_update(running, before=before, actor=actor, scope=unit, label=_leader_label(running))
    rotation.delete()


@transaction.atomic
def rotations_extend(*, today: datetime.date | None = None) -> int:
    """Daily: plan each rotation's terms on to the horizon, after the last one planned (adds, never moves)."""
    today = today or local_today()
    extended = 0
    for rotation in LeadershipRotation.objects.select_related("unit").select_for_update(of=("self",)):
        last = Leadership.objects.filter(unit=rotation.unit).order_by("-valid_from").first()
        after = max(last.valid_from if last is not None else today, today)
        extended += _replan(rotation, first_day=after + datetime.timedelta(days=1), actor=None)
    return extended
