"""The organisation's own meetings as the demo's users meet them (domain.md §0 B, C, E): the service office's
weekly meeting point with home care, NAV's weekly team meeting in a booked room, the user council and housing
council of Bofellesskap Solsiden; NAV's four conversation rooms in reception and a joint-conversation morning
booked; the three professional leads who lead follow-up team 1 in turn, six months each."""

import datetime

from django.db import transaction

from helhet.access import roles
from helhet.core.models import User
from helhet.organisation.models import Room, Staff, Unit
from helhet.organisation.rooms import room_book, room_create
from helhet.organisation.rotation import rotation_save
from helhet.orgmeetings import services
from helhet.orgmeetings.recurrence import first_on_or_after, local_moment

TEAM_1 = "Oppfølgingsteam 1 (fødselsdag 1–10)"


def load(municipality, today: datetime.date) -> None:
    with transaction.atomic():
        if Room.objects.filter(municipality=municipality).exists():
            return
        admin = User.objects.get(username=roles.ADMIN)
        units = {u.name: u for u in Unit.objects.valid_on(today).filter(municipality=municipality)}
        reception = units["Mottak"]
        nav_rooms = [
            room_create(unit=reception, name=f"Samtalerom {n}", capacity=4, accessible=n == 1, actor=admin)
            for n in range(1, 5)
        ]
        room_create(
            unit=units["Servicetorget"], name="Samtalerommet", capacity=3, accessible=True, actor=admin
        )
        big = room_create(
            unit=units["NAV Demo"], name="Storemøterommet", capacity=20, accessible=True, actor=admin
        )

        series, _taken = services.series_create(
            acting_user=admin,
            name="Fast møtepunkt tjenestekontoret og hjemmetjenesten",
            kind="meeting_point",
            owner_unit=units["Tjenestekontoret"],
            units=[
                units["Hjemmesykepleien sone Nord"],
                units["Hjemmesykepleien sone Sør"],
                units["Praktisk bistand"],
            ],
            weekday=1,
            starts=datetime.time(13),
            starts_on=today,
        )
        first = series.occurrences.order_by("day").first()
        assert first is not None
        services.agenda_item_add(
            acting_user=admin, occurrence=first, title="Tjenestenivå: endringer siden sist"
        )
        services.agenda_item_add(acting_user=admin, occurrence=first, title="Ventetid på praktisk bistand")
        services.action_add(
            acting_user=admin,
            occurrence=first,
            text="Sende oversikt over vedtak som bør vurderes på nytt",
            due_on=first.day + datetime.timedelta(days=7),
            responsible_unit=units["Tjenestekontoret"],
        )
        services.series_create(
            acting_user=admin,
            name="Teammøte NAV",
            kind="team",
            owner_unit=units["NAV Demo"],
            units=[
                units[TEAM_1],
                units["Oppfølgingsteam 2 (fødselsdag 11–20)"],
                units["Oppfølgingsteam 3 (fødselsdag 21–31)"],
            ],
            weekday=0,
            starts=datetime.time(9),
            starts_on=today,
            room=big,
        )
        for name, kind, weeks in (
            ("Brukerråd Solsiden", "user_council", 6),
            ("Boligråd Solsiden", "housing_council", 4),
        ):
            services.series_create(
                acting_user=admin,
                name=name,
                kind=kind,
                owner_unit=units["Bofellesskap Solsiden"],
                weekday=3,
                starts=datetime.time(18),
                every_weeks=weeks,
                starts_on=today,
            )
        # The joint-conversation morning: two rooms for Wednesday's joint conversations.
        wednesday = first_on_or_after(today + datetime.timedelta(days=1), 2)
        for room in nav_rooms[:2]:
            room_book(
                room=room,
                starts_at=local_moment(wednesday, datetime.time(9)),
                ends_at=local_moment(wednesday, datetime.time(12)),
                purpose="joint",
                for_unit=units["NAV Demo"],
                note="Fellessamtaledag",
                actor=admin,
            )
        leads = list(
            Staff.objects.filter(
                municipality=municipality, title="Fagleder", engagements__unit=units["NAV Demo"]
            ).order_by("pk")[:3]
        )
        if leads:
            rotation_save(
                unit=units[TEAM_1],
                staff=leads,
                starts_on=today,
                period_length=6,
                period_unit="months",
                title="Fagleder",
                actor=admin,
            )
