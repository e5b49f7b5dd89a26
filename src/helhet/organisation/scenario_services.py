"""Write use cases for reorganisation scenarios. Each is one transaction; a refusal changes nothing.

Editing changes only the draft tables. Publishing turns the differences between the draft and its base
(the copy) into calls of the organisation services (units_merge, unit_create, unit_move,
leadership_assign, engagement_end/engagement_add), so the live organisation changes from the chosen
date with the same history as any other change.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.core.calendar import local_today
from helhet.core.freetext import refuse_national_id
from helhet.core.history import history_record_create, history_record_values
from helhet.core.models import Municipality, User
from helhet.organisation import services
from helhet.organisation.chart import chart_on
from helhet.organisation.models import (
    Engagement,
    Leadership,
    Staff,
    Unit,
    UnitKind,
    UnitParent,
)
from helhet.organisation.scenario_models import (
    Scenario,
    ScenarioPlacement,
    ScenarioStatus,
    ScenarioUnit,
)
from helhet.organisation.scenario_selectors import descendant_ids, resolve

ONE_DAY = datetime.timedelta(days=1)
MAX_YEARS_AHEAD = 5


def _name(name: str, field: str = "name") -> str:
    name = (name or "").replace("\x00", "").strip()
    if not name:
        raise ValidationError({field: _("Skriv et navn.")})
    if len(name) > 150:
        raise ValidationError({field: _("Navnet kan være høyst 150 tegn.")})
    refuse_national_id(**{field: name})
    return name


def _kind(kind: str) -> str:
    if kind not in UnitKind.values:
        raise ValidationError({"kind": _("Velg en type enhet.")})
    return kind


def _lock_draft(scenario: Scenario, expected_version: int | None = None) -> Scenario:
    locked = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if not locked.is_draft:
        raise ValidationError(
            _("Scenarioet er publisert %(day)s og kan ikke endres.")
            % {"day": locked.published_from.strftime("%d.%m.%Y") if locked.published_from else ""}
        )
    if expected_version is not None and expected_version != locked.version:
        raise ValidationError(
            _("Scenarioet er endret av noen andre siden du åpnet siden. Se over endringene og prøv igjen.")
        )
    return locked


def _note(scenario: Scenario, text: str, actor: User | None) -> None:
    """One history row per operation on the draft, and a new version of the scenario."""
    Scenario.objects.filter(pk=scenario.pk).update(version=F("version") + 1, updated_at=timezone.now())
    scenario.refresh_from_db(fields=["version", "updated_at"])
    history_record_values(
        scenario,
        actor=actor,
        changes={"operation": ("", text[:2000])},
        field_labels={"operation": _("Endring")},
    )


def _active(scenario: Scenario, unit: ScenarioUnit, field: str) -> ScenarioUnit:
    found = ScenarioUnit.objects.filter(pk=unit.pk, scenario=scenario).first()
    if found is None or not found.is_active:
        raise ValidationError({field: _("Enheten finnes ikke i scenarioet.")})
    return found


def _check_staff(scenario: Scenario, staff: Staff, field: str = "leader") -> None:
    if staff.municipality_id != scenario.municipality_id:
        raise ValidationError({field: _("Lederen må være ansatt i samme kommune.")})


@transaction.atomic
def scenario_create(
    *, municipality: Municipality, name: str, actor: User, on: datetime.date | None = None
) -> Scenario:
    """Copy the organisation as it stands on `on` (today) into a new draft: own units, their places,
    leaders and engagements (units shared from another municipality are not ours to reorganise)."""
    on = on or local_today()
    scenario = Scenario(municipality=municipality, name=_name(name), based_on=on, created_by=actor)
    scenario.full_clean()
    scenario.save()
    chart = chart_on(municipality, on)
    nodes = [node for node in chart.walk() if node.shared_from is None]
    copies = ScenarioUnit.objects.bulk_create(
        ScenarioUnit(
            scenario=scenario,
            source=node.unit,
            name=node.unit.name,
            kind=node.unit.kind,
            leader=node.own_leader,
            base_leader=node.own_leader,
        )
        for node in nodes
    )
    copy_of = {node.unit.pk: copy for node, copy in zip(nodes, copies, strict=True)}
    for node, copy in zip(nodes, copies, strict=True):
        if node.parent is not None and node.parent.unit.pk in copy_of:
            copy.parent = copy.base_parent = copy_of[node.parent.unit.pk]
    ScenarioUnit.objects.bulk_update(copies, ["parent", "base_parent"])
    ScenarioPlacement.objects.bulk_create(
        ScenarioPlacement(
            scenario=scenario,
            staff_id=engagement.staff_id,
            unit=copy_of[engagement.unit_id],
            base_unit=copy_of[engagement.unit_id],
            source_engagement=engagement,
            fte=engagement.fte,
            role=engagement.role,
        )
        for engagement in Engagement.objects.valid_on(on).filter(unit_id__in=copy_of).order_by("pk")
    )
    history_record_create(scenario, actor=actor, fields=["name", "based_on", "status"])
    return scenario


@transaction.atomic
def scenario_units_merge(
    *,
    scenario: Scenario,
    units: Iterable[ScenarioUnit],
    name: str,
    kind: str,
    parent: ScenarioUnit | None = None,
    leader: Staff | None = None,
    actor: User,
    expected_version: int | None = None,
) -> ScenarioUnit:
    """Merge draft units into a new one: their staff and child units move to it. A unit new in the
    draft is folded in (it never existed); at least two units of today's organisation must take part."""
    scenario = _lock_draft(scenario, expected_version)
    chosen = {unit.pk: _active(scenario, unit, "units") for unit in units}
    if len(chosen) < 2:
        raise ValidationError({"units": _("Velg minst to enheter å slå sammen.")})
    name, kind = _name(name), _kind(kind)
    if leader is not None:
        _check_staff(scenario, leader)
    all_units = list(ScenarioUnit.objects.filter(scenario=scenario))
    by_id = {unit.pk: unit for unit in all_units}
    below: set[int] = set()
    for unit in chosen.values():
        below |= descendant_ids(unit, all_units)
    if parent is None:
        parents = {unit.parent_id for unit in chosen.values()}
        if len(parents) > 1:
            raise ValidationError(
                {"parent": _("Enhetene har ulike overordnede enheter; velg hvor den nye skal ligge.")}
            )
        parent_id = parents.pop()
        parent = by_id[parent_id] if parent_id is not None else None
    else:
        parent = _active(scenario, parent, "parent")
        if parent.pk in chosen or parent.pk in below:
            raise ValidationError(
                {
                    "parent": _(
                        "Den nye enheten kan ikke ligge under en av enhetene som slås sammen eller deres underenheter."
                    )
                }
            )
    members = [unit for unit in all_units if unit.source_id is not None and resolve(unit.pk, by_id) in chosen]
    live_members = [unit for unit in members if unit.pk in chosen or unit.merged_into_id in chosen]
    if len({unit.pk for unit in live_members}) < 2:
        raise ValidationError(
            {"units": _("Minst to av enhetene må finnes i dagens organisasjon; flytt heller de ansatte.")}
        )
    merged = ScenarioUnit.objects.create(
        scenario=scenario, name=name, kind=kind, parent=parent, leader=leader
    )
    ids = list(chosen)
    ScenarioUnit.objects.filter(scenario=scenario, parent_id__in=ids).update(parent=merged)
    ScenarioPlacement.objects.filter(scenario=scenario, unit_id__in=ids).update(unit=merged)
    ScenarioUnit.objects.filter(scenario=scenario, merged_into_id__in=ids).update(merged_into=merged)
    folded = [pk for pk, unit in chosen.items() if unit.source_id is None]
    ScenarioUnit.objects.filter(scenario=scenario, pk__in=ids, source__isnull=False).update(
        merged_into=merged, parent=None
    )
    # A unit new in the draft leaves no trace: placements that started there count from the merger.
    ScenarioPlacement.objects.filter(scenario=scenario, base_unit_id__in=folded).update(base_unit=merged)
    ScenarioUnit.objects.filter(pk__in=folded).delete()
    _note(
        scenario,
        _("Slo sammen %(units)s til %(name)s")
        % {"units": ", ".join(sorted(unit.name for unit in chosen.values())), "name": name},
        actor,
    )
    return merged


@transaction.atomic
def scenario_unit_split(
    *,
    scenario: Scenario,
    unit: ScenarioUnit,
    name: str,
    placements: Iterable[ScenarioPlacement],
    kind: str | None = None,
    leader: Staff | None = None,
    actor: User,
    expected_version: int | None = None,
) -> ScenarioUnit:
    """Split a new unit off `unit`, beside it under the same parent, taking the chosen staff along."""
    scenario = _lock_draft(scenario, expected_version)
    unit = _active(scenario, unit, "unit")
    name = _name(name)
    kind = _kind(kind) if kind else unit.kind
    chosen = [p.pk for p in placements]
    moving = list(ScenarioPlacement.objects.filter(scenario=scenario, unit=unit, pk__in=chosen))
    if not moving or len(moving) != len(set(chosen)):
        raise ValidationError(
            {
                "placements": _("Velg hvilke ansatte i %(unit)s som skal over i den nye enheten.")
                % {"unit": unit}
            }
        )
    if leader is not None:
        _check_staff(scenario, leader)
    new = ScenarioUnit.objects.create(
        scenario=scenario, name=name, kind=kind, parent=unit.parent, leader=leader
    )
    ScenarioPlacement.objects.filter(pk__in=[p.pk for p in moving]).update(unit=new)
    _note(
        scenario,
        _("Delte %(unit)s: %(name)s med %(n)d ansatte") % {"unit": unit.name, "name": name, "n": len(moving)},
        actor,
    )
    return new


@transaction.atomic
def scenario_unit_move(
    *,
    scenario: Scenario,
    unit: ScenarioUnit,
    new_parent: ScenarioUnit,
    actor: User,
    expected_version: int | None = None,
) -> ScenarioUnit:
    scenario = _lock_draft(scenario, expected_version)
    unit = _active(scenario, unit, "unit")
    new_parent = _active(scenario, new_parent, "parent")
    all_units = list(ScenarioUnit.objects.filter(scenario=scenario))
    if new_parent.pk == unit.pk or new_parent.pk in descendant_ids(unit, all_units):
        raise ValidationError(
            {"parent": _("En enhet kan ikke ligge under seg selv eller sine egne underenheter.")}
        )
    if unit.parent_id == new_parent.pk:
        raise ValidationError(
            {"parent": _("%(unit)s ligger allerede under %(parent)s.") % {"unit": unit, "parent": new_parent}}
        )
    unit.parent = new_parent
    unit.save(update_fields=["parent"])
    _note(scenario, _("Flyttet %(unit)s til under %(parent)s") % {"unit": unit, "parent": new_parent}, actor)
    return unit


@transaction.atomic
def scenario_leader_set(
    *,
    scenario: Scenario,
    unit: ScenarioUnit,
    staff: Staff,
    actor: User,
    expected_version: int | None = None,
) -> ScenarioUnit:
    scenario = _lock_draft(scenario, expected_version)
    unit = _active(scenario, unit, "unit")
    _check_staff(scenario, staff)
    if unit.leader_id == staff.pk:
        raise ValidationError(
            {"leader": _("%(staff)s leder allerede %(unit)s.") % {"staff": staff, "unit": unit}}
        )
    unit.leader = staff
    unit.save(update_fields=["leader"])
    _note(scenario, _("Ny leder for %(unit)s: %(staff)s") % {"unit": unit, "staff": staff}, actor)
    return unit


@transaction.atomic
def scenario_staff_move(
    *,
    scenario: Scenario,
    placement: ScenarioPlacement,
    to_unit: ScenarioUnit,
    actor: User,
    expected_version: int | None = None,
) -> ScenarioPlacement:
    scenario = _lock_draft(scenario, expected_version)
    found = (
        ScenarioPlacement.objects.filter(pk=placement.pk, scenario=scenario)
        .select_related("staff", "unit")
        .first()
    )
    if found is None:
        raise ValidationError({"placement": _("Den ansatte finnes ikke i scenarioet.")})
    placement = found
    to_unit = _active(scenario, to_unit, "unit")
    if placement.unit_id == to_unit.pk:
        raise ValidationError(
            {"unit": _("%(staff)s er allerede i %(unit)s.") % {"staff": placement.staff, "unit": to_unit}}
        )
    before = placement.unit.name
    placement.unit = to_unit
    placement.save(update_fields=["unit"])
    _note(
        scenario,
        _("Flyttet %(staff)s fra %(old)s til %(new)s")
        % {"staff": placement.staff, "old": before, "new": to_unit},
        actor,
    )
    return placement


# Publishing ---------------------------------------------------------------------------------------


def _changes(units: list[ScenarioUnit], placements: list[ScenarioPlacement]):
    """What the draft changes compared with its base: units whose place, leader or existence changes,
    and placements that move."""
    by_id = {unit.pk: unit for unit in units}

    def same(a: int | None, b: int | None) -> bool:
        if a is None or b is None:
            return a is b
        return resolve(a, by_id) == resolve(b, by_id)

    moved_units = [
        u for u in units if u.source_id and u.is_active and not same(u.parent_id, u.base_parent_id)
    ]
    new_leaders = [u for u in units if u.source_id and u.is_active and u.leader_id != u.base_leader_id]
    merged = [u for u in units if u.source_id and not u.is_active]
    moved_staff = [p for p in placements if not same(p.unit_id, p.base_unit_id)]
    return by_id, moved_units, new_leaders, merged, moved_staff


def scenario_conflicts(scenario: Scenario, day: datetime.date) -> list[str]:
    """Where the live organisation on `day` no longer matches the copy in what the draft changes."""
    units = list(ScenarioUnit.objects.filter(scenario=scenario).select_related("source"))
    placements = list(
        ScenarioPlacement.objects.filter(scenario=scenario).select_related("staff", "source_engagement")
    )
    by_id, moved_units, new_leaders, merged, moved_staff = _changes(units, placements)
    touched = {u.pk: u for u in [*moved_units, *new_leaders, *merged]}
    for p in moved_staff:
        base = by_id[p.base_unit_id]
        if base.source_id:
            touched.setdefault(base.pk, base)
    source_ids = {u.source_id for u in touched.values()}
    alive = set(Unit.objects.valid_on(day).filter(pk__in=source_ids).values_list("pk", flat=True))
    parents = dict(
        UnitParent.objects.valid_on(day).filter(unit_id__in=source_ids).values_list("unit_id", "parent_id")
    )
    leaders: dict[int, int] = {}
    for unit_id, staff_id in (
        Leadership.objects.valid_on(day)
        .filter(unit_id__in=source_ids)
        .order_by("valid_from", "pk")
        .values_list("unit_id", "staff_id")
    ):
        leaders.setdefault(unit_id, staff_id)
    problems: list[str] = []
    for unit in sorted(touched.values(), key=lambda u: u.name):
        name = unit.source.name if unit.source else unit.name
        if unit.source_id not in alive:
            problems.append(_("«%(unit)s» finnes ikke lenger i organisasjonen.") % {"unit": name})
            continue
        base_parent = by_id[unit.base_parent_id].source_id if unit.base_parent_id else None
        if (unit in moved_units or unit in merged) and parents.get(unit.source_id) != base_parent:
            problems.append(
                _("«%(unit)s» har fått en annen overordnet enhet siden scenarioet ble kopiert.")
                % {"unit": name}
            )
        if (unit in new_leaders or unit in merged) and leaders.get(unit.source_id) != unit.base_leader_id:
            problems.append(
                _("«%(unit)s» har fått en annen leder siden scenarioet ble kopiert.") % {"unit": name}
            )
    for p in moved_staff:
        engagement = p.source_engagement
        base = by_id[p.base_unit_id]
        if base.source_id is None:
            continue
        if engagement is None or engagement.unit_id != base.source_id or not engagement.is_valid_on(day):
            problems.append(
                _("%(staff)s har ikke lenger stillingen i «%(unit)s» som scenarioet flytter.")
                % {"staff": p.staff, "unit": base.name}
            )
    return problems


def publish_day_error(on: datetime.date, today: datetime.date) -> str | None:
    if on < today:
        return _("Datoen kan ikke være tilbake i tid; velg i dag eller en senere dag.")
    if on > today + datetime.timedelta(days=365 * MAX_YEARS_AHEAD):
        return _("Velg en dato innen fem år fra i dag.")
    return None


@transaction.atomic
def scenario_publish(
    *, scenario: Scenario, on: datetime.date, actor: User, expected_version: int | None = None
) -> Scenario:
    """Make the draft the organisation from `on`. Refused when already published, when `on` is in the
    past or absurd, or when the live organisation changed since the copy under what the draft changes."""
    locked = Scenario.objects.select_for_update().get(pk=scenario.pk)
    if not locked.is_draft:
        raise ValidationError(
            _("Scenarioet er allerede publisert (gjelder fra %(day)s) og kan ikke publiseres på nytt.")
            % {"day": locked.published_from.strftime("%d.%m.%Y") if locked.published_from else ""}
        )
    scenario = _lock_draft(locked, expected_version)
    today = local_today()
    error = publish_day_error(on, today)
    if error:
        raise ValidationError({"on": error})
    problems = scenario_conflicts(scenario, max(today, on - ONE_DAY))
    if problems:
        raise ValidationError(
            {"on": [_("Organisasjonen er endret siden scenarioet ble kopiert:"), *problems]}
        )
    municipality = scenario.municipality
    units = list(ScenarioUnit.objects.filter(scenario=scenario).select_related("source", "leader"))
    placements = list(ScenarioPlacement.objects.filter(scenario=scenario).select_related("staff"))
    by_id, moved_units, new_leaders, _merged, moved_staff = _changes(units, placements)
    members: dict[int, list[Unit]] = {}
    for unit in units:
        if unit.source is not None and not unit.is_active:
            members.setdefault(resolve(unit.pk, by_id), []).append(unit.source)
    children: dict[int | None, list[ScenarioUnit]] = {}
    for unit in units:
        if unit.is_active:
            children.setdefault(unit.parent_id, []).append(unit)
    live: dict[int, Unit] = {}
    order: list[ScenarioUnit] = []
    stack = sorted(children.get(None, []), key=lambda u: u.pk, reverse=True)
    while stack:  # parents before children, so a new unit's parent already exists
        unit = stack.pop()
        order.append(unit)
        stack.extend(sorted(children.get(unit.pk, []), key=lambda u: u.pk, reverse=True))
    for unit in order:
        parent = live.get(unit.parent_id) if unit.parent_id else None
        if unit.source is not None:
            live[unit.pk] = unit.source
        elif unit.pk in members:
            live[unit.pk] = services.units_merge(
                units=sorted(members[unit.pk], key=lambda u: u.pk),
                name=unit.name,
                kind=unit.kind,
                on=on,
                parent=parent,
                leader=unit.leader,
                actor=actor,
            )
        else:
            live[unit.pk] = services.unit_create(
                municipality=municipality,
                name=unit.name,
                kind=unit.kind,
                valid_from=on,
                parent=parent,
                actor=actor,
            )
            if unit.leader is not None:
                services.leadership_assign(unit=live[unit.pk], staff=unit.leader, valid_from=on, actor=actor)
    for unit in moved_units:
        if unit.parent_id is not None:
            services.unit_move(unit=unit.source, new_parent=live[unit.parent_id], on=on, actor=actor)
    for unit in new_leaders:
        if unit.leader is not None:
            services.leadership_assign(unit=unit.source, staff=unit.leader, valid_from=on, actor=actor)
    for p in moved_staff:
        old_unit = live[resolve(p.base_unit_id, by_id)]
        new_unit = live[resolve(p.unit_id, by_id)]
        open_here = Engagement.objects.valid_on(on).filter(staff=p.staff, unit=old_unit).order_by("pk")
        engagement = open_here.filter(fte=p.fte).first() or open_here.first()
        if engagement is None:
            raise ValidationError(
                {
                    "on": _("%(staff)s har ikke lenger stilling i «%(unit)s».")
                    % {"staff": p.staff, "unit": old_unit}
                }
            )
        until = engagement.valid_to
        services.engagement_end(engagement=engagement, valid_to=on - ONE_DAY, actor=actor)
        services.engagement_add(
            staff=p.staff, unit=new_unit, fte=p.fte, valid_from=on, valid_to=until, role=p.role, actor=actor
        )
    for unit in order:
        unit.published_as = live[unit.pk]
    ScenarioUnit.objects.bulk_update(order, ["published_as"])
    before = {"status": str(ScenarioStatus.DRAFT.label), "published_from": ""}
    scenario.status = ScenarioStatus.PUBLISHED
    scenario.published_from = on
    scenario.published_at = timezone.now()
    scenario.published_by = actor
    scenario.version += 1
    scenario.save()
    history_record_values(
        scenario,
        actor=actor,
        changes={
            "status": (before["status"], str(ScenarioStatus.PUBLISHED.label)),
            "published_from": ("", on.strftime("%d.%m.%Y")),
        },
    )
    return scenario
