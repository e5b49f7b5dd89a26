"""Triage: which team receives an application or a forwarded inquiry, and why. First matching rule wins."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from helhet.catalogue.models import Service
from helhet.catalogue.selectors import group_by_area
from helhet.intake.models import RoutingKind, RoutingRule
from helhet.organisation.models import ServiceArea, Unit


@dataclass(frozen=True)
class Route:
    team: Unit
    rule: RoutingRule
    explanation: str


def _age(person, on: datetime.date) -> int:
    return (
        on.year
        - person.birth_date.year
        - ((on.month, on.day) < (person.birth_date.month, person.birth_date.day))
    )


def _explain(rule: RoutingRule, person, services, on) -> str | None:
    """Why `rule` matches, in words, or None when it does not. A rule of another kind that names a
    service applies only to applications for that service (the NAV model: by birth day within NAV)."""
    if rule.kind != RoutingKind.SERVICE and rule.service_id:
        if rule.service_id not in {service.pk for service in services}:
            return None
        inner = _explain_kind(rule, person, on)
        if inner is None:
            return None
        assert rule.service is not None  # rule.service_id is set
        return _("Søknaden gjelder «%(service)s»; %(inner)s") % {
            "service": rule.service.name,
            "inner": inner[0].lower() + inner[1:],
        }
    if rule.kind == RoutingKind.SERVICE:
        if rule.service_id in {service.pk for service in services}:
            assert rule.service is not None  # a service rule names its service
            return _("Søknaden gjelder «%(service)s»") % {"service": rule.service.name}
        return None
    return _explain_kind(rule, person, on)


def _explain_kind(rule: RoutingRule, person, on) -> str | None:
    if rule.kind == RoutingKind.BIRTH_DAY:
        day = person.birth_date.day
        if rule.day_from <= day <= rule.day_to:
            return _("Født den %(day)d. i måneden (dag %(low)d–%(high)d)") % {
                "day": day,
                "low": rule.day_from,
                "high": rule.day_to,
            }
        return None
    if rule.kind == RoutingKind.ZONE:
        if person.zone_id and person.zone_id == rule.zone_id:
            assert rule.zone is not None  # the person's zone is the rule's
            return _("Bor i sone %(zone)s") % {"zone": rule.zone.name}
        return None
    if rule.kind == RoutingKind.AGE:
        age = _age(person, on)
        if (rule.age_from or 0) <= age <= (rule.age_to if rule.age_to is not None else 200):
            return _("Er %(age)d år (aldersgruppe %(low)d–%(high)s)") % {
                "age": age,
                "low": rule.age_from or 0,
                "high": rule.age_to if rule.age_to is not None else "…",
            }
        return None
    return _("Ingen annen regel passet; reserveteamet tar saken")


def route(municipality, *, person, services=(), on: datetime.date) -> Route:
    rules = (
        RoutingRule.objects.filter(municipality=municipality, active=True)
        .select_related("team", "service", "zone")
        .order_by("position")
    )
    for rule in rules:
        explanation = _explain(rule, person, services, on)
        if explanation is not None:
            return Route(team=rule.team, rule=rule, explanation=f"{explanation} → {rule.team.name}")
    raise ValidationError(
        {
            "routing": _(
                "Ingen rutingsregel passet, og kommunen har ikke satt et reserveteam. Be administrator legge inn ett."
            )
        }
    )


@dataclass(frozen=True)
class AreaRoute:
    """One service area of an application, its wished services and the team that takes that case."""

    area: str
    services: tuple[Service, ...]
    route: Route


def routes_by_area(municipality, *, person, services=(), on: datetime.date) -> list[AreaRoute]:
    """One route per service area the wished services lie in (issue 9 §8); with no wishes, one route by
    the rules for an application that names no service (the service office decides which help fits)."""
    groups = group_by_area(services) or [(ServiceArea.HEALTH_CARE, [])]
    return [
        AreaRoute(
            area=area,
            services=tuple(group),
            route=route(municipality, person=person, services=group, on=on),
        )
        for area, group in groups
    ]
