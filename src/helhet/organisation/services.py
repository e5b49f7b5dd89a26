"""Write use cases for the organisation. Each is one transaction; a breach changes nothing."""

import datetime
import uuid
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model, Q, QuerySet
from django.utils.translation import gettext as _

from helhet.core.calendar import OUT_OF_RANGE_MESSAGE, local_today, within_supported_range
from helhet.core.freetext import refuse_national_id
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
    Consideration,
    Engagement,
    ExternalParty,
    Leadership,
    Staff,
    ThemeRanking,
    Unit,
    UnitAlias,
    UnitParent,
    UnitShare,
    Workshop,
    WorkshopGroup,
    WorkshopPhase,
    WorkshopTheme,
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
    if "\x00" in name:
        raise ValidationError({"name": _("Navnet inneholder et ugyldig tegn.")})
    if not within_supported_range(valid_from):
        raise ValidationError({"valid_from": str(OUT_OF_RANGE_MESSAGE)})
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


@transaction.atomic
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


def _end_recorded(
    rows: QuerySet[Any],
    day: datetime.date,
    *,
    label: Any,
    actor: User | None,
    reason: str,
    group: uuid.UUID | None,
) -> None:
    """End each running row (a unit's leader or parent link) on `day`, with one history row each."""
    ended = list(rows)
    for row in ended:
        history_record_values(
            row,
            actor=actor,
            changes={"valid_to": (_day(row.valid_to), _day(day))},
            scope=row.unit,
            label=label(row),
            reason=reason,
            group=group,
        )
    _end(rows.model.objects.filter(pk__in=[row.pk for row in ended]), day)


def _delete_recorded(
    rows: QuerySet[Any],
    *,
    fields: list[str],
    label: Any,
    actor: User | None,
    reason: str,
    group: uuid.UUID | None,
) -> None:
    """Remove rows that would only have started after the merge (they never ran), with one history row each."""
    removed = list(rows)
    for row in removed:
        history_record_delete(
            row, actor=actor, fields=fields, scope=row.unit, label=label(row), reason=reason, group=group
        )
    rows.model.objects.filter(pk__in=[row.pk for row in removed]).delete()


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
    recorded: dict[str, Any] = {"actor": actor, "reason": merged_into, "group": group}
    _end_recorded(
        _open_on(UnitParent.objects.filter(unit_id__in=old_ids), last_day).select_related("unit", "parent"),
        last_day,
        label=_parent_label,
        **recorded,
    )
    _delete_recorded(
        UnitParent.objects.filter(unit_id__in=old_ids, valid_from__gte=on).select_related("unit", "parent"),
        fields=["parent", *PERIOD_FIELDS],
        label=_parent_label,
        **recorded,
    )
    _end_recorded(
        _open_on(Leadership.objects.filter(unit_id__in=old_ids, valid_from__lt=on), on).select_related(
            "unit", "staff"
        ),
        last_day,
        label=_leader_label,
        **recorded,
    )
    _delete_recorded(
        Leadership.objects.filter(unit_id__in=old_ids, valid_from__gte=on).select_related("unit", "staff"),
        fields=["staff", "title", *PERIOD_FIELDS],
        label=_leader_label,
        **recorded,
    )

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
    # Collaboration between two of the merged units becomes work inside one unit: such a link would
    # name the new unit twice with the same roles, which the model forbids.
    CollaborationLink.objects.filter(
        unit_id__in=old_ids, partner_id__in=old_ids, role=F("partner_role")
    ).delete()
    CollaborationLink.objects.filter(unit_id__in=old_ids).update(unit=merged)
    CollaborationLink.objects.filter(partner_id__in=old_ids).update(partner=merged)
    if leader is not None:
        leadership_assign(unit=merged, staff=leader, valid_from=on, actor=actor, group=group)
    units_merged.send(sender=Unit, old_units=units, new_unit=merged, on=on)
    for unit in units:
        unit.refresh_from_db()
    return merged


ALIAS_FIELDS = ["alias", "unit", "role", "external_party"]


def _alias_target(
    municipality: Municipality, unit: Unit | None, external_party: ExternalParty | None, role: str
) -> str:
    if unit is not None and unit.municipality_id != municipality.pk:
        raise ValidationError({"unit": _("Enheten hører til en annen kommune.")})
    if external_party is not None and external_party.municipality_id != municipality.pk:
        raise ValidationError({"external_party": _("Samarbeidsparten hører til en annen kommune.")})
    if unit is not None and external_party is not None:
        raise ValidationError({"unit": _("Velg enten en enhet eller en ekstern samarbeidspart, ikke begge.")})
    role = (role or "").strip()
    if len(role) > 100 or "\x00" in role:
        raise ValidationError({"role": _("Rollen kan ha høyst 100 tegn.")})
    if unit is None and external_party is None and not role:
        raise ValidationError(
            {"unit": _("Velg hva navnet skal stå for: en enhet, en ekstern part eller en rolle.")}
        )
    if external_party is not None and role:
        raise ValidationError({"role": _("En ekstern samarbeidspart har ingen rolle her.")})
    return role


@transaction.atomic
def unit_alias_save(
    *,
    municipality: Municipality,
    alias: str,
    unit: Unit | None = None,
    external_party: ExternalParty | None = None,
    role: str = "",
    actor: User | None,
) -> UnitAlias:
    """Save another name for a unit (possibly in a role there), for an external party, or for a role."""
    role = _alias_target(municipality, unit, external_party, role)
    alias = alias.strip()
    if not alias:
        raise ValidationError({"alias": _("Skriv navnet som skal knyttes til enheten.")})
    if len(alias) > 150 or "\x00" in alias:
        raise ValidationError({"alias": _("Navnet kan ha høyst 150 tegn.")})
    key = normalise_name(alias)
    if UnitAlias.objects.filter(municipality=municipality, alias_key=key).exists():
        raise ValidationError({"alias": _("Dette navnet er allerede knyttet til en enhet.")})
    saved = UnitAlias.objects.create(
        municipality=municipality,
        alias=alias,
        alias_key=key,
        unit=unit,
        external_party=external_party,
        role=role,
    )
    history_record_create(
        saved, actor=actor, fields=ALIAS_FIELDS, scope=unit or external_party or municipality
    )
    return saved


@transaction.atomic
def unit_alias_change(
    *,
    alias: UnitAlias,
    unit: Unit | None = None,
    external_party: ExternalParty | None = None,
    role: str = "",
    actor: User | None,
) -> UnitAlias:
    """Point a saved name at another unit, external party or role."""
    alias = UnitAlias.objects.select_for_update().get(pk=alias.pk)
    role = _alias_target(alias.municipality, unit, external_party, role)
    before = history_values(alias, ALIAS_FIELDS)
    alias.unit, alias.external_party, alias.role = unit, external_party, role
    alias.save(update_fields=["unit", "external_party", "role"])
    history_record_update(alias, before=before, actor=actor, scope=alias.municipality)
    return alias


@transaction.atomic
def unit_alias_delete(*, alias: UnitAlias, actor: User | None) -> None:
    """Forget a saved name: the next import asks about it again. Links already imported stay."""
    history_record_delete(alias, actor=actor, fields=ALIAS_FIELDS, scope=alias.municipality)
    alias.delete()


@transaction.atomic
def external_party_create(
    *, municipality: Municipality, name: str, kind: str, valid_from: datetime.date, actor: User | None
) -> ExternalParty:
    """A GP, the hospital, a school, the police, volunteers, users and relatives or another municipality
    that units work with. It is never a unit: not in the chart, span of control or routing."""
    name = (name or "").strip()
    if "\x00" in name:
        raise ValidationError({"name": _("Navnet inneholder et ugyldig tegn.")})
    party = ExternalParty(
        municipality=municipality, name=name, name_key=normalise_name(name), kind=kind, valid_from=valid_from
    )
    party.full_clean()
    party.save()
    history_record_create(party, actor=actor, fields=["name", "kind", *PERIOD_FIELDS])
    return party


@transaction.atomic
def unit_rename(*, unit: Unit, name: str, actor: User | None) -> Unit:
    """Give the unit a new name; the old name is kept as an alias so earlier lists still match."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Skriv enhetens nye navn.")})
    if len(name) > 150 or "\x00" in name:
        raise ValidationError({"name": _("Navnet kan ha høyst 150 tegn.")})
    if name == unit.name:
        raise ValidationError({"name": _("Enheten heter allerede «%(name)s».") % {"name": name}})
    if unit.valid_to is not None and unit.valid_to < local_today():
        raise ValidationError({"name": _("Enheten er avsluttet og kan ikke få nytt navn.")})
    clash = (
        Unit.objects.filter(municipality_id=unit.municipality_id, valid_to__isnull=True)
        .exclude(pk=unit.pk)
        .filter(name__iexact=name)
    )
    if clash.exists():
        raise ValidationError({"name": _("En annen enhet heter allerede «%(name)s».") % {"name": name}})
    before = history_values(unit, ["name"])
    old_name = unit.name
    unit.name = name
    unit.full_clean()
    unit.save(update_fields=["name", "updated_at"])
    history_record_update(unit, before=before, actor=actor)
    old_key = normalise_name(old_name)
    if not UnitAlias.objects.filter(municipality_id=unit.municipality_id, alias_key=old_key).exists():
        unit_alias_save(municipality=unit.municipality, alias=old_name, unit=unit, actor=actor)
    return unit


@transaction.atomic
def unit_end(*, unit: Unit, valid_to: datetime.date, actor: User | None) -> Unit:
    """End the unit on `valid_to` (its last day). Refused while staff, leaders or units below it remain after
    that day: move or end them first."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not within_supported_range(valid_to):
        raise ValidationError({"valid_to": str(OUT_OF_RANGE_MESSAGE)})
    if unit.valid_to is not None and unit.valid_to <= valid_to:
        raise ValidationError(
            {"valid_to": _("Enheten er allerede avsluttet %(day)s.") % {"day": _day(unit.valid_to)}}
        )
    if valid_to < unit.valid_from:
        raise ValidationError(
            {
                "valid_to": _("Enheten ble opprettet %(day)s; den kan ikke avsluttes før det.")
                % {"day": _day(unit.valid_from)}
            }
        )
    after = valid_to + ONE_DAY
    still_open = Q(valid_to__isnull=True) | Q(valid_to__gte=after)
    engagements = Engagement.objects.filter(still_open, unit=unit).count()
    if engagements:
        raise ValidationError(
            {
                "valid_to": _(
                    "Enheten har %(n)d arbeidsforhold som løper etter %(day)s. Avslutt dem eller flytt de "
                    "ansatte til en annen enhet først."
                )
                % {"n": engagements, "day": _day(valid_to)}
            }
        )
    children = UnitParent.objects.filter(still_open, parent=unit, unit__municipality_id=unit.municipality_id)
    children = children.filter(Q(unit__valid_to__isnull=True) | Q(unit__valid_to__gte=after))
    if children.exists():
        names = ", ".join(sorted({link.unit.name for link in children.select_related("unit")}))
        raise ValidationError(
            {
                "valid_to": _(
                    "Enheten har underenheter etter %(day)s (%(names)s). Flytt eller avslutt dem først."
                )
                % {"day": _day(valid_to), "names": names}
            }
        )
    before = history_values(unit, ["valid_to"])
    unit.valid_to = valid_to
    unit.full_clean()
    unit.save(update_fields=["valid_to", "updated_at"])
    history_record_update(unit, before=before, actor=actor)
    recorded: dict[str, Any] = {"actor": actor, "reason": "", "group": None}
    for model, related, fields, label in (
        (UnitParent, "parent", ["parent", *PERIOD_FIELDS], _parent_label),
        (Leadership, "staff", ["staff", "title", *PERIOD_FIELDS], _leader_label),
    ):
        rows = model.objects.filter(unit=unit).select_related("unit", related)
        _end_recorded(_open_on(rows, valid_to), valid_to, label=label, **recorded)
        _delete_recorded(rows.filter(valid_from__gt=valid_to), fields=fields, label=label, **recorded)
    _end(_open_on(UnitShare.objects.filter(unit=unit), valid_to), valid_to)
    UnitShare.objects.filter(unit=unit, valid_from__gt=valid_to).delete()
    return unit


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


# --- Workshop priorities (domain.md §0 C) --------------------------------------------------------------

WORKSHOP_FIELDS = ["title", "question", "held_on", "phase"]


def _clean_text(value: str, *, field: str, limit: int, what: str) -> str:
    value = (value or "").replace("\x00", "")
    text = value.strip() if field == "text" else " ".join(value.split())
    if not text:
        raise ValidationError({field: _("Skriv %(what)s.") % {"what": what}})
    if len(text) > limit:
        raise ValidationError({field: _("Høyst %(n)d tegn.") % {"n": limit}})
    refuse_national_id(**{field: text})
    return text


def _workshop_phase(workshop: Workshop, *phases: str) -> Workshop:
    current = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if current.phase not in phases:
        raise ValidationError(
            {
                "phase": _("Verkstedet er i fasen «%(phase)s»; det kan ikke endres slik nå.")
                % {"phase": current.get_phase_display()}
            }
        )
    return current


@transaction.atomic
def workshop_create(
    *, municipality: Municipality, title: str, held_on: datetime.date, question: str = "", actor: User | None
) -> Workshop:
    workshop = Workshop(
        municipality=municipality,
        title=_clean_text(title, field="title", limit=200, what=_("en tittel")),
        question=(question or "").replace("\x00", "").strip(),
        held_on=held_on,
    )
    if len(workshop.question) > 2000:
        raise ValidationError({"question": _("Høyst %(n)d tegn.") % {"n": 2000}})
    refuse_national_id(question=workshop.question)
    workshop.full_clean()
    workshop.save()
    history_record_create(workshop, actor=actor, fields=WORKSHOP_FIELDS)
    return workshop


@transaction.atomic
def workshop_group_add(*, workshop: Workshop, name: str, actor: User | None) -> WorkshopGroup:
    _workshop_phase(workshop, WorkshopPhase.OPEN)
    name = _clean_text(name, field="name", limit=100, what=_("gruppens navn"))
    if workshop.groups.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("Det finnes allerede en gruppe som heter «%(name)s».") % {"name": name}}
        )
    group = WorkshopGroup.objects.create(workshop=workshop, name=name)
    history_record_create(group, actor=actor, fields=["name"], scope=workshop)
    return group


@transaction.atomic
def consideration_add(*, group: WorkshopGroup, text: str, actor: User | None) -> Consideration:
    workshop = _workshop_phase(group.workshop, WorkshopPhase.OPEN)
    consideration = Consideration.objects.create(
        workshop=workshop,
        group=group,
        text=_clean_text(text, field="text", limit=1000, what=_("hensynet")),
    )
    history_record_create(
        consideration,
        actor=actor,
        fields=["group", "text"],
        scope=workshop,
        label=f"{group}: {consideration}",
    )
    return consideration


@transaction.atomic
def consideration_remove(*, consideration: Consideration, actor: User | None) -> None:
    workshop = _workshop_phase(consideration.workshop, WorkshopPhase.OPEN)
    history_record_delete(consideration, actor=actor, fields=["group", "text", "theme"], scope=workshop)
    consideration.delete()


@transaction.atomic
def workshop_theme_create(*, workshop: Workshop, name: str, actor: User | None) -> WorkshopTheme:
    _workshop_phase(workshop, WorkshopPhase.OPEN)
    name = _clean_text(name, field="name", limit=150, what=_("temaets navn"))
    if workshop.themes.filter(name__iexact=name).exists():
        raise ValidationError(
            {"name": _("Det finnes allerede et tema som heter «%(name)s».") % {"name": name}}
        )
    theme = WorkshopTheme.objects.create(workshop=workshop, name=name)
    history_record_create(theme, actor=actor, fields=["name"], scope=workshop)
    return theme


@transaction.atomic
def considerations_group(*, workshop: Workshop, themes: dict[int, int | None], actor: User | None) -> int:
    """Place considerations (by id) under themes (by id, None: no theme). Returns how many changed."""
    workshop = _workshop_phase(workshop, WorkshopPhase.OPEN)
    theme_by_id = {theme.pk: theme for theme in workshop.themes.all()}
    considerations = {c.pk: c for c in workshop.considerations.select_related("theme")}
    unknown = [pk for pk in themes if pk not in considerations]
    bad_themes = [pk for pk in themes.values() if pk is not None and pk not in theme_by_id]
    if unknown or bad_themes:
        raise ValidationError(_("Hensynet eller temaet finnes ikke i dette verkstedet."))
    changed = []
    for pk, theme_id in themes.items():
        consideration = considerations[pk]
        if consideration.theme_id == theme_id:
            continue
        old = consideration.theme.name if consideration.theme else ""
        consideration.theme = theme_by_id.get(theme_id) if theme_id else None
        changed.append(consideration)
        history_record_values(
            consideration,
            actor=actor,
            changes={"theme": (old, consideration.theme.name if consideration.theme else "")},
            scope=workshop,
        )
    Consideration.objects.bulk_update(changed, ["theme"])
    return len(changed)


_NEXT_PHASE = {
    WorkshopPhase.OPEN: (WorkshopPhase.RANKING,),
    WorkshopPhase.RANKING: (WorkshopPhase.OPEN, WorkshopPhase.CLOSED),
    WorkshopPhase.CLOSED: (),
}


@transaction.atomic
def workshop_phase_set(
    *, workshop: Workshop, phase: str, actor: User | None, close_without_all_rankings: bool = False
) -> Workshop:
    """Open → ranking (themes are then fixed, so every group ranks the same list) → closed (final).
    Ranking can go back to open to mend the themes; a closed workshop stays closed. Closing while a group
    has not ranked needs `close_without_all_rankings`: the result would silently miss that group."""
    current = Workshop.objects.select_for_update().get(pk=workshop.pk)
    if phase not in _NEXT_PHASE.get(WorkshopPhase(current.phase), ()):
        raise ValidationError(
            {
                "phase": _("Verkstedet kan ikke gå fra «%(from)s» til den valgte fasen.")
                % {"from": current.get_phase_display()}
            }
        )
    if phase == WorkshopPhase.RANKING:
        if current.themes.count() < 2:
            raise ValidationError({"phase": _("Lag minst to temaer før gruppene rangerer.")})
        if not current.groups.exists():
            raise ValidationError({"phase": _("Legg til minst én gruppe før gruppene rangerer.")})
    if phase == WorkshopPhase.CLOSED and not close_without_all_rankings:
        missing = [
            str(g.name) for g in current.groups.filter(rankings__isnull=True).distinct().order_by("name")
        ]
        if missing:
            raise ValidationError(
                {
                    "phase": _(
                        "Disse gruppene har ikke rangert ennå: %(groups)s. Legg inn rangeringen, eller kryss av "
                        "for å avslutte likevel."
                    )
                    % {"groups": ", ".join(missing)}
                }
            )
    before = history_values(current, ["phase"])
    current.phase = phase
    current.save(update_fields=["phase", "updated_at"])
    history_record_update(current, before=before, actor=actor)
    workshop.phase = current.phase
    return current


@transaction.atomic
def group_ranking_save(*, group: WorkshopGroup, places: dict[int, int | None], actor: User | None) -> None:
    """Save a group's places for the themes (theme id → 1 = most important; None: not placed). Equal
    places are a tie. Replaces the group's earlier ranking."""
    workshop = _workshop_phase(group.workshop, WorkshopPhase.RANKING)
    theme_ids = set(workshop.themes.values_list("pk", flat=True))
    if any(pk not in theme_ids for pk in places):
        raise ValidationError(_("Temaet finnes ikke i dette verkstedet."))
    n = len(theme_ids)
    for place in places.values():
        if place is not None and not 1 <= place <= n:
            raise ValidationError({"place": _("Plassen må være et tall fra 1 til %(n)d.") % {"n": n}})
    old = {r.theme_id: r.place for r in group.rankings.all()}
    new = {pk: place for pk, place in places.items() if place is not None}
    if old == new:
        return
    ThemeRanking.objects.filter(group=group).delete()
    ThemeRanking.objects.bulk_create(ThemeRanking(group=group, theme_id=pk, place=p) for pk, p in new.items())
    names = dict(workshop.themes.values_list("pk", "name"))

    def text(ranking: dict[int, int]) -> str:
        return "; ".join(
            f"{p}. {names.get(pk, '?')}" for pk, p in sorted(ranking.items(), key=lambda i: i[1])
        )

    history_record_values(group, actor=actor, changes={"rankings": (text(old), text(new))}, scope=workshop)
