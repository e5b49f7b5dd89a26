"""Reads of the catalogue, shaped for the pages: each service with its current rule in plain words."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from helhet.catalogue.models import CareLevel, LegalRegime, LegalRegimeVersion, LifeSituation, Service
from helhet.catalogue.thresholds import _variables, describe, rules_valid_on


@dataclass(frozen=True)
class ServiceView:
    service: Service
    threshold_text: str
    rule_valid_from: datetime.date | None


def services(
    municipality, *, on: datetime.date, query: str = "", active_only: bool = True
) -> list[ServiceView]:
    found: QuerySet = Service.objects.filter(municipality=municipality)
    if active_only:
        found = found.filter(active=True)
    for term in query.split():
        found = found.filter(
            Q(name__icontains=term) | Q(description__icontains=term) | Q(who_for__icontains=term)
        )
    found = (
        found.select_related("care_level", "legal_regime")
        .prefetch_related(
            "life_situations",
            "provider_units",
            Prefetch("threshold_rules", queryset=rules_valid_on(on), to_attr="current_rules"),
        )
        .order_by("care_level__position", "name")
    )
    variables = _variables()
    views = []
    for service in found:
        rule = service.current_rules[0] if service.current_rules else None
        text = ""
        if rule is not None:
            text = rule.plain_text or describe(rule.criteria, variables)
        views.append(
            ServiceView(
                service=service, threshold_text=text, rule_valid_from=rule.valid_from if rule else None
            )
        )
    return views


def care_ladder(municipality) -> list[CareLevel]:
    return list(CareLevel.objects.filter(municipality=municipality).order_by("position"))


def life_situations(municipality) -> list[LifeSituation]:
    return list(LifeSituation.objects.filter(municipality=municipality).order_by("position", "name"))


def by_life_situation(
    views: list[ServiceView], situations: list[LifeSituation]
) -> list[tuple[LifeSituation, list]]:
    groups = []
    for situation in situations:
        members = [v for v in views if any(s.pk == situation.pk for s in v.service.life_situations.all())]
        if members:
            groups.append((situation, members))
    return groups


def by_care_level(views: list[ServiceView], ladder: list[CareLevel]) -> list[tuple[CareLevel | None, list]]:
    groups = [(level, [v for v in views if v.service.care_level_id == level.pk]) for level in ladder]
    outside = [v for v in views if v.service.care_level_id is None]
    result = [(level, members) for level, members in groups if members]
    if outside:
        result.append((None, outside))
    return result


class NoLegalRegime(LookupError):
    pass


def regime_version_for(service, on: datetime.date) -> LegalRegimeVersion:
    """The version of the service's legal regime in force on `on`."""
    version = None
    if service.legal_regime_id is not None:
        version = (
            LegalRegimeVersion.objects.filter(regime_id=service.legal_regime_id, valid_from__lte=on)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
            .select_related("regime")
            .order_by("-valid_from")
            .first()
        )
    if version is None:
        raise NoLegalRegime(service.pk)
    return version


@dataclass(frozen=True)
class RegimeView:
    regime: LegalRegime
    current: LegalRegimeVersion | None
    services: list


def legal_regimes(municipality, *, on: datetime.date) -> list[RegimeView]:
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
