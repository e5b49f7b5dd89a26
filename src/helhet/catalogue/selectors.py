"""Reads of the catalogue, shaped for the pages: each service with its current rule in plain words."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from helhet.access import roles
from helhet.catalogue import search
from helhet.catalogue.models import (
    CareLevel,
    LegalRegime,
    LegalRegimeVersion,
    LifeSituation,
    SearchTerm,
    Service,
    ServiceOffice,
)
from helhet.catalogue.thresholds import _variables, describe, rules_valid_on
from helhet.core.models import Municipality, User
from helhet.organisation.models import Leadership, ServiceArea, Unit, UnitAlias, UnitParent
from helhet.organisation.selectors import normalise_name, staff_for_user

AREA_ORDER: tuple[str, ...] = (ServiceArea.HEALTH_CARE, ServiceArea.SOCIAL)


def area_of(service: Service) -> str:
    """The service area a service belongs to: that of its legal regime (health and care without one)."""
    regime = service.legal_regime
    return regime.service_area if regime is not None and regime.service_area else ServiceArea.HEALTH_CARE


def area_label(area: str) -> str:
    return str(ServiceArea(area).label) if area in ServiceArea.values else (area or "–")


def group_by_area(services: Iterable[Service]) -> list[tuple[str, list[Service]]]:
    """The services grouped by area, areas in a fixed order, services in the order given."""
    groups: dict[str, list[Service]] = {}
    for service in services:
        groups.setdefault(area_of(service), []).append(service)
    order = {area: i for i, area in enumerate(AREA_ORDER)}
    return sorted(groups.items(), key=lambda item: order.get(item[0], len(order)))


@dataclass(frozen=True)
class ServiceView:
    service: Service
    threshold_text: str
    rule_valid_from: datetime.date | None
    citizen_text: str = ""  # the rule for citizens: the same words without scores such as «(3+)»
    rights: tuple[str, ...] = ()  # the sections giving a right to the service, in full («… § 2-1 d»)


def services(
    municipality: Municipality, *, on: datetime.date, query: str = "", active_only: bool = True
) -> list[ServiceView]:
    """The services with their current rule in words; with a query, those that match it, best first."""
    found: QuerySet[Service] = Service.objects.filter(municipality=municipality)
    if active_only:
        found = found.filter(active=True)
    prefetches: list[Any] = [
        "life_situations",
        "provider_units",
        Prefetch("threshold_rules", queryset=rules_valid_on(on), to_attr="current_rules"),
    ]
    said = search.words(query)
    if said:
        prefetches.append(Prefetch("search_terms", queryset=SearchTerm.objects.only("word")))
    found = (
        found.select_related("care_level", "legal_regime")
        .prefetch_related("legal_regime__versions")
        .prefetch_related(*prefetches)
        .order_by("care_level__position", "name")
    )
    chosen: list[Service] = list(found)
    if query and not said:
        chosen = []
    elif said:
        chosen = _ranked(chosen, said)
    variables = _variables()
    views = []
    for service in chosen:
        # The service-wide rule describes the service; team rules (domain.md §0 D) are on its threshold page.
        rule = next((r for r in service.current_rules if r.team_id is None), None)  # type: ignore[attr-defined]
        text = citizen_text = ""
        if rule is not None:
            text = rule.plain_text or describe(rule.criteria, variables)
            citizen_text = rule.plain_text or describe(rule.criteria, variables, codes=False)
        views.append(
            ServiceView(
                service=service,
                threshold_text=text,
                rule_valid_from=rule.valid_from if rule else None,
                citizen_text=citizen_text,
                rights=rights_of(service, on),
            )
        )
    return views


# The sections that give a person a right to a service (the others are the municipality's duty to offer it):
# pasient- og brukerrettighetsloven is a rights act; in sosialtjenesteloven, §§ 18, 19, 27 and 29.
RIGHTS_ACTS = ("pbrl", "pasient- og brukerrettighetsloven")
RIGHTS_SECTIONS = {
    f"{act} § {section}" for act in ("sosialtjenesteloven", "sotjl") for section in ("18", "19", "27", "29")
}


def _is_right(reference: str) -> bool:
    head = reference.strip()
    if head.split(" ")[0] in RIGHTS_ACTS or head.startswith(RIGHTS_ACTS[1]):
        return True
    return any(head == section or head.startswith(f"{section} ") for section in RIGHTS_SECTIONS)


def rights_of(service: Service, on: datetime.date) -> tuple[str, ...]:
    """The references in the service's legal basis that give a right, written out with its legal regime's
    names of the acts on `on` (as the references stand when the service has no regime)."""
    references = [r for r in service.legal_basis or [] if isinstance(r, str) and _is_right(r)]
    if not references:
        return ()
    versions = service.legal_regime.versions.all() if service.legal_regime is not None else []
    version = next(
        (
            v
            for v in sorted(versions, key=lambda v: v.valid_from, reverse=True)
            if v.valid_from <= on and (v.valid_to is None or v.valid_to >= on)
        ),
        None,
    )
    return tuple(version.expand(r) if version is not None else r.strip() for r in references)


SEARCH_MIN_SCORE = 1.0
SEARCH_SHARE_OF_BEST = 0.3  # a match much weaker than the best one is noise («hjelp» is in every text)


def _ranked(found: list[Service], said: list[str]) -> list[Service]:
    scored = []
    for service in found:
        phrases = [search.words(term.word) for term in service.search_terms.all()]
        text = f"{service.description} {service.who_for}"
        scored.append((search.score(said, phrases, service.name, text), service))
    best = max((value for value, _service in scored), default=0.0)
    cut = max(SEARCH_MIN_SCORE, best * SEARCH_SHARE_OF_BEST)
    kept = [(value, service) for value, service in scored if value >= cut]
    kept.sort(key=lambda item: -item[0])  # stable: equal scores keep the care-ladder order
    return [service for _value, service in kept]


def offices_by_area(municipality: Municipality) -> dict[str, ServiceOffice]:
    """Where to apply, by service area."""
    return {o.service_area: o for o in ServiceOffice.objects.filter(municipality=municipality)}


def search_terms(municipality: Municipality) -> list[SearchTerm]:
    return list(
        SearchTerm.objects.filter(municipality=municipality).prefetch_related("services").order_by("word")
    )


def care_ladder(municipality: Municipality) -> list[CareLevel]:
    return list(CareLevel.objects.filter(municipality=municipality).order_by("position"))


def life_situations(municipality: Municipality) -> list[LifeSituation]:
    return list(LifeSituation.objects.filter(municipality=municipality).order_by("position", "name"))


def by_life_situation(
    views: list[ServiceView], situations: list[LifeSituation]
) -> list[tuple[LifeSituation, list[ServiceView]]]:
    groups = []
    for situation in situations:
        members = [v for v in views if any(s.pk == situation.pk for s in v.service.life_situations.all())]
        if members:
            groups.append((situation, members))
    return groups


def by_care_level(
    views: list[ServiceView], ladder: list[CareLevel]
) -> list[tuple[CareLevel | None, list[ServiceView]]]:
    groups = [(level, [v for v in views if v.service.care_level_id == level.pk]) for level in ladder]
    outside = [v for v in views if v.service.care_level_id is None]
    result: list[tuple[CareLevel | None, list[ServiceView]]] = [
        (level, members) for level, members in groups if members
    ]
    if outside:
        result.append((None, outside))
    return result


class NoLegalRegime(LookupError):
    pass


def regime_version_for(service: Service, on: datetime.date) -> LegalRegimeVersion:
    """The version of the service's legal regime in force on `on`."""
    version = None
    if service.legal_regime_id is not None:
        version = (
            LegalRegimeVersion.objects.filter(regime_id=service.legal_regime_id)
            .in_force_on(on)
            .select_related("regime")
            .first()
        )
    if version is None:
        raise NoLegalRegime(service.pk)
    return version


# Who may change a service's threshold rules (issue 9 §11, domain.md §0 D). The rule: an administrator of
# the municipality; the leader of a unit that provides the service, or of a unit above one; the leader of
# the service office, which is the unit the service's legal regime names as its deciding office
# ("Tjenestekontoret", "NAV Demo"; matched by name or saved alias), or of a unit above it; and, for a rule
# that belongs to a team, the leader of that team. Leading means a leadership valid on the day.


@dataclass(frozen=True)
class ThresholdRights:
    """What the user may change among the service's threshold rules."""

    service_wide: bool
    teams: tuple[Unit, ...]  # units whose team rules the user may set (empty when none)

    @property
    def any(self) -> bool:
        return self.service_wide or bool(self.teams)

    def allows(self, team: Unit | None) -> bool:
        return self.service_wide if team is None else any(t.pk == team.pk for t in self.teams)


def _parent_links(municipality_id: int, on: datetime.date) -> dict[int, int]:
    return dict(
        UnitParent.objects.valid_on(on)
        .filter(unit__municipality_id=municipality_id)
        .values_list("unit_id", "parent_id")
    )


def _with_ancestors(unit_ids: Iterable[int], links: dict[int, int]) -> set[int]:
    found: set[int] = set()
    for unit_id in unit_ids:
        current: int | None = unit_id
        while current is not None and current not in found:
            found.add(current)
            current = links.get(current)
    return found


def service_office_ids(service: Service, on: datetime.date) -> set[int]:
    """The units named as the deciding office in the service's legal regime in force on `on`."""
    try:
        office = regime_version_for(service, on).deciding_office
    except NoLegalRegime:
        return set()
    key = normalise_name(office)
    units = Unit.objects.valid_on(on).filter(municipality_id=service.municipality_id)
    found = {unit.pk for unit in units.only("pk", "name") if normalise_name(unit.name) == key}
    aliases = UnitAlias.objects.filter(municipality_id=service.municipality_id, alias_key=key)
    return found | set(aliases.values_list("unit_id", flat=True))


def threshold_teams(service: Service, on: datetime.date) -> list[Unit]:
    """The units a team rule of the service may belong to: its provider units and the units within them,
    and the service office."""
    links = _parent_links(service.municipality_id, on)
    roots = set(service.provider_units.values_list("pk", flat=True)) | service_office_ids(service, on)
    units = Unit.objects.valid_on(on).filter(municipality_id=service.municipality_id).order_by("name")
    return [unit for unit in units if _with_ancestors([unit.pk], links) & roots]


def threshold_rights(user: User, service: Service, *, on: datetime.date) -> ThresholdRights:
    none = ThresholdRights(service_wide=False, teams=())
    if user.municipality_id != service.municipality_id or not roles.roles_of(user):
        return none
    teams = threshold_teams(service, on)
    if roles.ADMIN in roles.roles_of(user):
        return ThresholdRights(service_wide=True, teams=tuple(teams))
    staff = staff_for_user(user)
    if staff is None:
        return none
    led = set(Leadership.objects.valid_on(on).filter(staff=staff).values_list("unit_id", flat=True))
    if not led:
        return none
    links = _parent_links(service.municipality_id, on)
    owners = set(service.provider_units.values_list("pk", flat=True)) | service_office_ids(service, on)
    if led & _with_ancestors(owners, links):
        return ThresholdRights(service_wide=True, teams=tuple(teams))
    return ThresholdRights(
        service_wide=False, teams=tuple(team for team in teams if led & _with_ancestors([team.pk], links))
    )


@dataclass(frozen=True)
class RegimeView:
    regime: LegalRegime
    current: LegalRegimeVersion | None
    services: list[Service]


def legal_regimes(municipality: Municipality, *, on: datetime.date) -> list[RegimeView]:
    """Each regime with the version in force on `on` and the services decided under it (three queries)."""
    regimes = list(
        LegalRegime.objects.filter(municipality=municipality)
        .prefetch_related(
            Prefetch("versions", queryset=LegalRegimeVersion.objects.order_by("-valid_from")),
            Prefetch("services", queryset=Service.objects.order_by("name")),
        )
        .order_by("name")
    )
    views = []
    for regime in regimes:
        current = next(
            (
                v
                for v in regime.versions.all()
                if v.valid_from <= on and (v.valid_to is None or v.valid_to >= on)
            ),
            None,
        )
        views.append(RegimeView(regime=regime, current=current, services=list(regime.services.all())))
    return views


def regime_version_for_area(
    municipality_id: int, service_area: str, on: datetime.date
) -> LegalRegimeVersion | None:
    """The version in force on `on` of the regime a service area's cases are decided under (None if none)."""
    return (
        LegalRegimeVersion.objects.filter(
            regime__municipality_id=municipality_id, regime__service_area=service_area
        )
        .in_force_on(on)
        .first()
    )
