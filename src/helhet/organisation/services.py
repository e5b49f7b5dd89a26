"""Write use cases for the organisation. Each is one transaction; a breach changes nothing."""

import datetime
import uuid
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from helhet.core.history import (
    history_record_create,
    history_record_delete,
    history_record_update,
    history_record_values,
    history_values,
)
from helhet.core.models import Municipality, User
from helhet.organisation.models import (
    CollaborationLink,
    Engagement,
    Leadership,
    Staff,
    Unit,
    UnitAlias,
    UnitParent,
    UnitShare,
)
from helhet.organisation.selectors import ancestors_on, normalise_name
from helhet.organisation.signals import units_merged

ONE_DAY = datetime.timedelta(days=1)
_M = TypeVar("_M", bound=Model)
UNIT_FIELDS = ["name", "kind", "valid_from", "valid_to"]
PERIOD_FIELDS = ["valid_from", "valid_to"]


def _day(day: datetime.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _parent_label(link: UnitParent) -> str:
    return _("Overordnet enhet: %(parent)s") % {"parent": link.parent}


def _leader_label(term: Leadership) -> str:
    return _("Leder: %(staff)s") % {"staff": term.staff}


def _engagement_label(engagement: Engagement) -> str:
    return _("Stilling: %(staff)s i %(unit)s") % {"staff": engagement.staff, "unit": engagement.unit}


def _open_on(queryset: QuerySet[_M], day: datetime.date) -> QuerySet[_M]:
    """Rows still running on `day` (started before or on it, not ended before it)."""
    return queryset.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day), valid_from__lte=day)


def _check_unit_valid(unit: Unit, day: datetime.date, field: str) -> None:
    if not unit.is_valid_on(day):
        raise ValidationError(
            {field: _("%(unit)s finnes ikke på %(day)s.") % {"unit": unit, "day": day.strftime("%d.%m.%Y")}}
        )


@transaction.atomic
def unit_create(
    *,
    municipality: Municipality,
    name: str,
    kind: str,
    valid_from: datetime.date,
    parent: Unit | None = None,
    actor: User | None,
    group: uuid.UUID | None = None,
) -> Unit:
    unit = Unit(municipality=municipality, name=name.strip(), kind=kind, valid_from=valid_from)
    unit.full_clean()
    if parent is not None:
        if parent.municipality_id != municipality.pk:
            raise ValidationError({"parent": _("Overordnet enhet må høre til samme kommune.")})
        _check_unit_valid(parent, valid_from, "parent")
    unit.save()
    history_record_create(unit, actor=actor, fields=UNIT_FIELDS, group=group)
    if parent is not None:
        link = UnitParent.objects.create(unit=unit, parent=parent, valid_from=valid_from)
        history_record_create(
            link,
            actor=actor,
            fields=["parent", *PERIOD_FIELDS],
            scope=unit,
            label=_parent_label(link),
            group=group,
        )
    return unit


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit, on: datetime.date, actor: User) -> UnitParent:
    """Place `unit` under `new_parent` from `on`; the old parent link ends the day before."""
    _check_unit_valid(unit, on, "unit")
    _check_unit_valid(new_parent, on, "parent")
    if new_parent.municipality_id != unit.municipality_id:
        raise ValidationError({"parent": _("Overordnet enhet må høre til samme kommune.")})
    if new_parent.pk == unit.pk or unit.pk in ancestors_on(new_parent, on):
        raise ValidationError(
            {"parent": _("En enhet kan ikke ligge under seg selv eller sine egne underenheter.")}
        )
    for link in _open_on(UnitParent.objects.filter(unit=unit), on).select_for_update():
        if link.valid_from == on:
            history_record_delete(
                link, actor=actor, fields=["parent", *PERIOD_FIELDS], scope=unit, label=_parent_label(link)
            )
            link.delete()
        else:
            before = history_values(link, ["valid_to"])
            link.valid_to = on - ONE_DAY
            link.save(update_fields=["valid_to"])
            history_record_update(link, before=before, actor=actor, scope=unit, label=_parent_label(link))
    link = UnitParent.objects.create(unit=unit, parent=new_parent, valid_from=on)
    history_record_create(
        link, actor=actor, fields=["parent", *PERIOD_FIELDS], scope=unit, label=_parent_label(link)
    )
    return link


@transaction.atomic
def staff_create(
    *,
    municipality: Municipality,
    first_name: str,
    last_name: str,
    profession: str = "",
    title: str = "",
    user: User | None = None,
    actor: User | None,
) -> Staff:
    staff = Staff(
        municipality=municipality,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        profession=profession.strip(),
        title=title.strip(),
        user=user,
    )
    staff.full_clean()
    staff.save()
    history_record_create(
        staff, actor=actor, fields=["first_name", "last_name", "profession", "title", "user"]
    )
    return staff


def _fte_peak(
    staff: Staff, start: datetime.date, end: datetime.date | None, exclude_pk: int | None = None
) -> Decimal:
    """The highest FTE the staff member already has on any day of [start, end]."""
    others = Engagement.objects.filter(staff=staff).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    if end is not None:
        others = others.filter(valid_from__lte=end)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    rows = list(others.values_list("valid_from", "valid_to", "fte"))
    checkpoints = {start} | {row[0] for row in rows if row[0] >= start}
    peak = Decimal(0)
    for day in checkpoints:
        total = sum(
            (fte for begin, finish, fte in rows if begin <= day and (finish is None or finish >= day)),
            Decimal(0),
        )
        peak = max(peak, total)
    return peak


@transaction.atomic
def engagement_add(
    *,
    staff: Staff,
    unit: Unit,
    fte: Decimal | float | str,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    role: str = "",
    actor: User,
) -> Engagement:
    """Engage `staff` in `unit`; the FTE is above 0 and at most 1, and never above 1 in total at any time."""
    Staff.objects.select_for_update().filter(pk=staff.pk).first()  # serialise engagements of one person
    fte = Decimal(str(fte))
    engagement = Engagement(
        staff=staff, unit=unit, fte=fte, valid_from=valid_from, valid_to=valid_to, role=role
    )
    if not (Decimal(0) < fte <= Decimal(1)):
        raise ValidationError({"fte": _("Stillingsandelen må være større enn 0 og høyst 1 (100 %).")})
    engagement.full_clean()
    if unit.municipality_id != staff.municipality_id:
        raise ValidationError({"unit": _("Enheten hører til en annen kommune.")})
    _check_unit_valid(unit, valid_from, "unit")
    peak = _fte_peak(staff, valid_from, valid_to)
    if peak + fte > Decimal(1):
        raise ValidationError(
            {
                "fte": _(
                    "%(name)s har allerede %(used)s stilling i perioden; samlet kan det ikke bli mer enn 1,0."
                )
                % {"name": staff, "used": f"{peak:.2f}".replace(".", ",")}
            }
        )
    engagement.save()
    history_record_create(
        engagement,
        actor=actor,
        fields=["staff", "unit", "role", "fte", *PERIOD_FIELDS],
        scope=unit,
        label=_engagement_label(engagement),
    )
    return engagement


@transaction.atomic
def engagement_end(*, engagement: Engagement, valid_to: datetime.date, actor: User) -> Engagement:
    """End the engagement on `valid_to` (its last day). Ended before it began, it is removed: it never ran."""
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if engagement.valid_to is not None and engagement.valid_to < valid_to:
        raise ValidationError(
            {
                "valid_to": _("Arbeidsforholdet er allerede avsluttet %(day)s.")
                % {"day": engagement.valid_to.strftime("%d.%m.%Y")}
            }
        )
    label = _engagement_label(engagement)
    if valid_to < engagement.valid_from:
        history_record_delete(
            engagement,
            actor=actor,
            fields=["staff", "unit", "role", "fte", *PERIOD_FIELDS],
            scope=engagement.unit,
            label=label,
        )
        engagement.delete()
        return engagement
    before = history_values(engagement, ["valid_to"])
    engagement.valid_to = valid_to
    engagement.full_clean()
    engagement.save(update_fields=["valid_to"])
    history_record_update(engagement, before=before, actor=actor, scope=engagement.unit, label=label)
    return engagement


@transaction.atomic
def staff_user_link(*, staff: Staff, user: User, actor: User | None) -> Staff:
    """Give a member of staff their login; a staff record has at most one, and a user at most one record."""
    staff = Staff.objects.select_for_update().get(pk=staff.pk)
    if staff.municipality_id != user.municipality_id:
        raise ValidationError({"staff": _("Den ansatte hører til en annen kommune.")})
    if staff.user_id is not None and staff.user_id != user.pk:
        raise ValidationError({"staff": _("Den ansatte har allerede en annen bruker.")})
    if Staff.objects.filter(user=user).exclude(pk=staff.pk).exists():
        raise ValidationError({"staff": _("Brukeren er allerede knyttet til en annen ansatt.")})
    before = history_values(staff, ["user"])
    staff.user = user
    staff.save(update_fields=["user", "updated_at"])
    history_record_update(staff, before=before, actor=actor)
    return staff


def leadership_assign(
    *,
    unit: Unit,
    staff: Staff,
    valid_from: datetime.date,
    title: str = "",
    actor: User | None,
    group: uuid.UUID | None = None,
) -> Leadership:
    """Make `staff` the unit's leader from `valid_from`; the previous leader's term ends the day before."""
    _check_unit_valid(unit, valid_from, "unit")
    if staff.municipality_id != unit.municipality_id:
        raise ValidationError({"staff": _("Lederen må være ansatt i samme kommune.")})
    fields = ["staff", "title", *PERIOD_FIELDS]
    for current in _open_on(Leadership.objects.filter(unit=unit), valid_from).select_for_update():
        before = history_values(current, ["valid_to"])
        current.valid_to = valid_from - ONE_DAY
        if current.valid_to < current.valid_from:
            history_record_delete(
                current, actor=actor, fields=fields, scope=unit, label=_leader_label(current), group=group
            )
            current.delete()
        else:
            current.save(update_fields=["valid_to"])
            history_record_update(
                current, before=before, actor=actor, scope=unit, label=_leader_label(current), group=group
            )
    term = Leadership.objects.create(unit=unit, staff=staff, valid_from=valid_from, title=title)
    history_record_create(
        term, actor=actor, fields=fields, scope=unit, label=_leader_label(term), group=group
    )
    return term


def _end(queryset: QuerySet[Any], day: datetime.date) -> None:
    queryset.update(valid_to=day)


@transaction.atomic
def units_merge(
    *,
    units: list[Unit],
    name: str,
    kind: str,
    on: datetime.date,
    parent: Unit | None = None,
    leader: Staff | None = None,
    actor: User | None,
) -> Unit:
    """Merge `units` into a new unit `name` from `on`. The old units end the day before; staff, child
    units, aliases and open responsibilities move to the new unit; history before `on` is untouched."""
    if len(units) < 2:
        raise ValidationError({"units": _("Velg minst to enheter å slå sammen.")})
    municipality_ids = {unit.municipality_id for unit in units}
    if len(municipality_ids) != 1:
        raise ValidationError({"units": _("Enhetene må høre til samme kommune.")})
    last_day = on - ONE_DAY
    for unit in units:
        if not (unit.is_valid_on(last_day) and unit.is_valid_on(on)):
            raise ValidationError(
                {"units": _("%(unit)s må finnes både før og på sammenslåingsdatoen.") % {"unit": unit}}
            )
    old_ids = [unit.pk for unit in units]
    if parent is None:
        parents = {
            link.parent_id for link in _open_on(UnitParent.objects.filter(unit_id__in=old_ids), last_day)
        }
        if len(parents) > 1:
            raise ValidationError(
                {"parent": _("Enhetene har ulike overordnede enheter; velg hvor den nye skal ligge.")}
            )
        parent = Unit.objects.get(pk=parents.pop()) if parents else None
    if parent is not None and parent.pk in old_ids:
        raise ValidationError(
            {"parent": _("Den nye enheten kan ikke ligge under en av enhetene som slås sammen.")}
        )

    group = uuid.uuid4()
    merged = unit_create(
        municipality=units[0].municipality,
        name=name,
        kind=kind,
        valid_from=on,
        parent=parent,
        actor=actor,
        group=group,
    )
    merged_into = _("Slått sammen til %(unit)s fra %(day)s") % {"unit": merged.name, "day": _day(on)}
    for unit in units:
        history_record_values(
            unit,
            actor=actor,
            changes={"valid_to": (_day(unit.valid_to), _day(last_day))},
            reason=merged_into,
            group=group,
        )
    Unit.objects.filter(pk__in=old_ids).update(valid_to=last_day)
    _end(_open_on(UnitParent.objects.filter(unit_id__in=old_ids), last_day), last_day)
    UnitParent.objects.filter(unit_id__in=old_ids, valid_from__gte=on).delete()
    _end(_open_on(Leadership.objects.filter(unit_id__in=old_ids, valid_from__lt=on), on), last_day)
    Leadership.objects.filter(unit_id__in=old_ids, valid_from__gte=on).delete()

    moving = list(
        _open_on(Engagement.objects.filter(unit_id__in=old_ids, valid_from__lt=on), on).select_related(
            "staff", "unit"
        )
    )
    for engagement in moving:
        history_record_values(
            engagement,
            actor=actor,
            changes={"unit": (engagement.unit.name, merged.name)},
            scope=engagement.unit,
            label=_engagement_label(engagement),
            reason=merged_into,
            group=group,
        )
    Engagement.objects.bulk_create(
        Engagement(
            staff_id=e.staff_id, unit=merged, role=e.role, fte=e.fte, valid_from=on, valid_to=e.valid_to
        )
        for e in moving
    )
    _end(Engagement.objects.filter(pk__in=[e.pk for e in moving]), last_day)
    Engagement.objects.filter(unit_id__in=old_ids, valid_from__gte=on).update(unit=merged)

    children = list(
        _open_on(UnitParent.objects.filter(parent_id__in=old_ids, valid_from__lt=on), on).select_related(
            "unit", "parent"
        )
    )
    for link in children:
        history_record_values(
            link,
            actor=actor,
            changes={"parent": (link.parent.name, merged.name)},
            scope=link.unit,
            label=_parent_label(link),
            reason=merged_into,
            group=group,
        )
    UnitParent.objects.bulk_create(
        UnitParent(unit_id=link.unit_id, parent=merged, valid_from=on, valid_to=link.valid_to)
        for link in children
    )
    _end(UnitParent.objects.filter(pk__in=[link.pk for link in children]), last_day)
    UnitParent.objects.filter(parent_id__in=old_ids, valid_from__gte=on).update(parent=merged)

    shares = list(_open_on(UnitShare.objects.filter(unit_id__in=old_ids, valid_from__lt=on), on))
    UnitShare.objects.bulk_create(
        UnitShare(unit=merged, municipality_id=s.municipality_id, valid_from=on, valid_to=s.valid_to)
        for s in shares
    )
    _end(UnitShare.objects.filter(pk__in=[s.pk for s in shares]), last_day)
    UnitShare.objects.filter(unit_id__in=old_ids, valid_from__gte=on).update(unit=merged)

    UnitAlias.objects.filter(unit_id__in=old_ids).update(unit=merged)
    for unit in units:
        UnitAlias.objects.get_or_create(
            municipality_id=unit.municipality_id,
            alias_key=normalise_name(unit.name),
            defaults={"alias": unit.name, "unit": merged},
        )
    CollaborationLink.objects.filter(unit_id__in=old_ids).update(unit=merged)
    CollaborationLink.objects.filter(partner_id__in=old_ids).update(partner=merged)
    if leader is not None:
        leadership_assign(unit=merged, staff=leader, valid_from=on, actor=actor, group=group)
    units_merged.send(sender=Unit, old_units=units, new_unit=merged, on=on)
    for unit in units:
        unit.refresh_from_db()
    return merged


@transaction.atomic
def unit_alias_save(*, municipality: Municipality, alias: str, unit: Unit, actor: User | None) -> UnitAlias:
    if unit.municipality_id != municipality.pk:
        raise ValidationError({"unit": _("Enheten hører til en annen kommune.")})
    alias = alias.strip()
    if not alias:
        raise ValidationError({"alias": _("Skriv navnet som skal knyttes til enheten.")})
    key = normalise_name(alias)
    if UnitAlias.objects.filter(municipality=municipality, alias_key=key).exists():
        raise ValidationError({"alias": _("Dette navnet er allerede knyttet til en enhet.")})
    saved = UnitAlias.objects.create(municipality=municipality, alias=alias, alias_key=key, unit=unit)
    history_record_create(saved, actor=actor, fields=["alias", "unit"], scope=unit)
    return saved


@transaction.atomic
def unit_share(
    *,
    unit: Unit,
    municipality: Municipality,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    actor: User | None,
) -> UnitShare:
    """Share an inter-municipal unit (hosted by its own municipality) with a partner municipality."""
    if municipality.pk == unit.municipality_id:
        raise ValidationError({"municipality": _("En enhet kan ikke deles med sin egen vertskommune.")})
    _check_unit_valid(unit, valid_from, "unit")
    overlapping = UnitShare.objects.filter(unit=unit, municipality=municipality).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    )
    if valid_to is not None:
        overlapping = overlapping.filter(valid_from__lte=valid_to)
    if overlapping.exists():
        raise ValidationError({"municipality": _("Enheten er allerede delt med denne kommunen i perioden.")})
    share = UnitShare(unit=unit, municipality=municipality, valid_from=valid_from, valid_to=valid_to)
    share.full_clean()
    share.save()
    history_record_create(
        share,
        actor=actor,
        fields=["municipality", *PERIOD_FIELDS],
        scope=unit,
        label=_("Delt med %(municipality)s") % {"municipality": municipality},
    )
    return share
