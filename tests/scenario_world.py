"""A small organisation with hand-computed figures, for the reorganisation scenario tests.

Velferd (area, led by Kari Kommunalsjef)
├── Helse og familie (led by Hanne Helse; Hilde and Hans)
├── Barnevern (led by Bjørn Barnevern; Berit, Bodil and Bernt)
└── Hjemmetjenester (led by Jens Hjem; Jorunn, Jon, Jan, Janne)

Collaboration: Helse og familie ↔ Barnevern daily (6), Helse og familie ↔ Hjemmetjenester weekly (5),
Barnevern ↔ Velferd monthly (3). Handoffs in the last year: Helse og familie → Barnevern 3, Barnevern →
Helse og familie 1, Helse og familie → Hjemmetjenester 2; one more to Barnevern 400 days ago.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from helhet.intake.models import Handoff, Inquiry
from helhet.organisation import services
from helhet.organisation.models import CollaborationLink, Staff, Unit

START = datetime.date(2020, 1, 1)


@dataclass
class World:
    area: Unit
    health: Unit
    child: Unit
    home: Unit
    leaders: dict[str, Staff] = field(default_factory=dict)
    staff: dict[str, Staff] = field(default_factory=dict)


def _person(municipality, first, last, unit):
    staff = services.staff_create(actor=None, municipality=municipality, first_name=first, last_name=last)
    services.engagement_add(actor=None, staff=staff, unit=unit, fte="1", valid_from=START)
    return staff


def build(municipality, user, *, handoffs=True) -> World:
    with transaction.atomic():  # leadership_assign locks rows: it needs a transaction around it
        return _build(municipality, user, handoffs=handoffs)


def _build(municipality, user, *, handoffs: bool) -> World:
    def unit(name, kind, parent=None):
        return services.unit_create(
            actor=None, municipality=municipality, name=name, kind=kind, valid_from=START, parent=parent
        )

    area = unit("Velferd", "area")
    world = World(
        area=area,
        health=unit("Helse og familie", "unit", area),
        child=unit("Barnevern", "unit", area),
        home=unit("Hjemmetjenester", "unit", area),
    )
    for key, first, last, target in (
        ("K", "Kari", "Kommunalsjef", world.area),
        ("H", "Hanne", "Helse", world.health),
        ("B", "Bjørn", "Barnevern", world.child),
        ("J", "Jens", "Hjem", world.home),
    ):
        world.leaders[key] = _person(municipality, first, last, target)
        services.leadership_assign(actor=None, unit=target, staff=world.leaders[key], valid_from=START)
    for first, target in (
        ("Hilde", world.health),
        ("Hans", world.health),
        ("Berit", world.child),
        ("Bodil", world.child),
        ("Bernt", world.child),
        ("Jorunn", world.home),
        ("Jon", world.home),
        ("Jan", world.home),
        ("Janne", world.home),
    ):
        world.staff[first] = _person(municipality, first, "Ansatt", target)
    for a, b, frequency in (
        (world.health, world.child, "daily"),
        (world.health, world.home, "weekly"),
        (world.child, world.area, "monthly"),
    ):
        CollaborationLink.objects.create(municipality=municipality, unit=a, partner=b, frequency=frequency)
    if handoffs:
        inquiry = Inquiry.objects.create(
            municipality=municipality,
            contact_name="Ukjent",
            channel="phone",
            about="Hjelp",
            registered_by=user,
            received_at=timezone.now(),
        )
        for source, target, count in (
            (world.health, world.child, 3),
            (world.child, world.health, 1),
            (world.health, world.home, 2),
        ):
            for _ in range(count):
                Handoff.objects.create(
                    municipality=municipality,
                    inquiry=inquiry,
                    from_unit=source,
                    to_unit=target,
                    reason="Rett sted",
                    by=user,
                )
        old = Handoff.objects.create(
            municipality=municipality,
            inquiry=inquiry,
            from_unit=world.health,
            to_unit=world.child,
            reason="Lenge siden",
            by=user,
        )
        Handoff.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=400))
    municipality.span_of_control_limit = 3
    municipality.save(update_fields=["span_of_control_limit"])
    return world
