"""Meeting series, their meetings and actions: occurrences made ahead, the room booked, actions in the inbox."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhet.core.calendar import local_today
from helhet.inbox.models import Item, ItemKind
from helhet.inbox.selectors import items_for
from helhet.organisation.models import RoomBooking
from helhet.organisation.rooms import room_book, room_create
from helhet.orgmeetings import services
from helhet.orgmeetings.models import Action, MeetingSeries, Occurrence
from tests.orgmeetings.conftest import staff_of

pytestmark = pytest.mark.django_db


def _series(user, owner, units, start, **extra):
    arguments = {
        "acting_user": user,
        "name": "Teammøte",
        "kind": "team",
        "owner_unit": owner,
        "units": units,
        "weekday": 1,
        "starts": datetime.time(9),
        "starts_on": start,
    }
    return services.series_create(**{**arguments, **extra})


def test_a_weekly_series_makes_a_year_of_meetings_and_books_its_room(nav_leader, nav, team, next_monday):
    room = room_create(unit=nav, name="Storemøterommet", capacity=20, actor=None)
    series, taken = _series(nav_leader, nav, [team], next_monday, room=room)
    meetings = list(series.occurrences.order_by("day"))
    assert taken == []
    assert meetings[0].day == next_monday + datetime.timedelta(days=1)  # the Tuesday
    assert all(m.day.weekday() == 1 for m in meetings)
    assert (meetings[-1].day - local_today()).days <= 365
    assert 50 <= len(meetings) <= 53
    assert RoomBooking.objects.filter(room=room, cancelled_at__isnull=True).count() == len(meetings)


def test_a_taken_room_leaves_that_meeting_without_a_room(nav_leader, nav, team, next_monday):
    room = room_create(unit=nav, name="Storemøterommet", capacity=20, actor=None)
    tuesday = next_monday + datetime.timedelta(days=1)
    from helhet.orgmeetings.recurrence import local_moment

    room_book(
        room=room,
        starts_at=local_moment(tuesday, datetime.time(8, 30)),
        ends_at=local_moment(tuesday, datetime.time(9, 30)),
        purpose="joint",
        for_unit=nav,
        actor=None,
    )
    series, taken = _series(
        nav_leader, nav, [team], next_monday, room=room, ends_on=tuesday + datetime.timedelta(days=14)
    )
    assert taken == [tuesday]
    assert Occurrence.objects.get(series=series, day=tuesday).booking is None
    assert series.occurrences.filter(booking__isnull=False).count() == 2


def test_every_second_week_until_an_end(nav_leader, nav, team, next_monday):
    series, _taken = _series(
        nav_leader, nav, [team], next_monday, every_weeks=2, ends_on=next_monday + datetime.timedelta(days=60)
    )
    days = list(series.occurrences.order_by("day").values_list("day", flat=True))
    assert [(b - a).days for a, b in zip(days, days[1:], strict=False)] == [14] * (len(days) - 1)
    assert days[-1] <= next_monday + datetime.timedelta(days=60)


def test_only_the_units_leader_or_admin_sets_up_a_series(adviser, nav, team, next_monday, admin_user):
    with pytest.raises(PermissionDenied):
        _series(adviser, team, [], next_monday)
    series, _taken = _series(admin_user, team, [], next_monday)
    assert series.owner_unit == team


def test_a_leader_above_may_set_up_a_series_for_a_team(nav_leader, team, next_monday):
    series, _taken = _series(nav_leader, team, [], next_monday)
    assert series.owner_unit == team


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"starts": datetime.time(3)}, "Møtet må starte mellom 06:00 og 22:00."),
        ({"every_weeks": 0}, "Møtet holdes fra hver uke til hver 52. uke."),
        ({"name": "Team\x00"}, "Teksten inneholder ugyldige tegn."),
        ({"starts_on": datetime.date(2020, 1, 1)}, "En møteserie kan ikke starte før i dag."),
        ({"starts_on": datetime.date(9999, 12, 31)}, "En møteserie kan starte høyst to år fram i tid."),
    ],
)
def test_bad_series_input_changes_nothing(nav_leader, nav, team, next_monday, extra, message):
    with pytest.raises(ValidationError) as refused:
        _series(nav_leader, nav, [team], next_monday, **extra)
    assert message in refused.value.messages
    assert not MeetingSeries.objects.exists() and not Occurrence.objects.exists()


def test_an_action_for_a_member_of_staff_is_in_their_inbox_until_done(
    nav_leader, nav, team, adviser, next_monday
):
    series, _taken = _series(nav_leader, nav, [team], next_monday)
    meeting = series.occurrences.order_by("day").first()
    due = local_today() + datetime.timedelta(days=10)
    action = services.action_add(
        acting_user=nav_leader,
        occurrence=meeting,
        text="Oppdatere rutinen for mottak",
        due_on=due,
        responsible_staff=staff_of(adviser),
    )
    item = Item.objects.get(kind=ItemKind.ACTION, target_app="orgmeetings", target_id=action.pk)
    assert (item.for_user, item.for_unit, item.due_on, item.person_id) == (adviser, team, due, None)
    assert item in items_for(adviser)
    services.action_done(acting_user=adviser, action=action)
    item.refresh_from_db()
    assert item.closed_at is not None and item.closed_by == adviser
    assert Action.objects.get(pk=action.pk).done_by == adviser


def test_an_action_for_a_unit_is_in_the_units_inbox(nav_leader, nav, team, adviser, next_monday):
    series, _taken = _series(nav_leader, nav, [team], next_monday)
    meeting = series.occurrences.order_by("day").first()
    action = services.action_add(
        acting_user=nav_leader,
        occurrence=meeting,
        text="Se på ventetiden",
        due_on=local_today(),
        responsible_unit=team,
    )
    item = Item.objects.get(target_app="orgmeetings", target_id=action.pk)
    assert item.for_user is None and item.for_unit == team
    assert item in items_for(adviser)


def test_actions_refuse_bad_input_and_outsiders(
    nav_leader, nav, team, adviser, stranger, next_monday, other_municipality
):
    series, _taken = _series(nav_leader, nav, [team], next_monday)
    meeting = series.occurrences.order_by("day").first()
    with pytest.raises(ValidationError, match="enten en ansatt eller en enhet"):
        services.action_add(acting_user=nav_leader, occurrence=meeting, text="x", due_on=local_today())
    with pytest.raises(ValidationError, match="tilbake i tid"):
        services.action_add(
            acting_user=nav_leader,
            occurrence=meeting,
            text="x",
            due_on=local_today() - datetime.timedelta(days=1),
            responsible_unit=team,
        )
    from tests import factories

    with pytest.raises(ValidationError, match="annen kommune"):
        services.action_add(
            acting_user=nav_leader,
            occurrence=meeting,
            text="x",
            due_on=local_today(),
            responsible_unit=factories.unit(other_municipality),
        )
    with pytest.raises(PermissionDenied):
        services.action_add(
            acting_user=stranger, occurrence=meeting, text="x", due_on=local_today(), responsible_unit=team
        )
    assert not Action.objects.exists() and not Item.objects.exists()


def test_agenda_items_are_numbered_and_minutes_refuse_a_stale_save(
    nav_leader, nav, team, adviser, next_monday
):
    from helhet.core.errors import ConflictError

    series, _taken = _series(nav_leader, nav, [team], next_monday)
    meeting = series.occurrences.order_by("day").first()
    services.agenda_item_add(acting_user=adviser, occurrence=meeting, title="Ventetid i mottaket")
    services.agenda_item_add(acting_user=nav_leader, occurrence=meeting, title="Ferieavvikling")
    assert list(meeting.agenda.values_list("position", "title")) == [
        (1, "Ventetid i mottaket"),
        (2, "Ferieavvikling"),
    ]
    version = meeting.version
    services.minutes_save(
        acting_user=adviser, occurrence=meeting, minutes="Drøftet ventetid.", expected_version=version
    )
    with pytest.raises(ConflictError):
        services.minutes_save(
            acting_user=nav_leader, occurrence=meeting, minutes="Noe annet.", expected_version=version
        )
    meeting.refresh_from_db()
    assert meeting.minutes == "Drøftet ventetid."


def test_ending_a_series_removes_empty_later_meetings_and_their_bookings(nav_leader, nav, team, next_monday):
    room = room_create(unit=nav, name="Storemøterommet", capacity=20, actor=None)
    series, _taken = _series(nav_leader, nav, [team], next_monday, room=room)
    last = next_monday + datetime.timedelta(days=21)
    services.series_end(acting_user=nav_leader, series=series, ends_on=last)
    assert series.occurrences.filter(day__gt=last).count() == 0
    assert series.occurrences.count() == 3
    assert RoomBooking.objects.filter(cancelled_at__isnull=True).count() == 3


def test_meeting_text_with_a_fødselsnummer_is_refused_and_nothing_is_saved(
    nav_leader, nav, team, adviser, next_monday
):
    series, _taken = _series(nav_leader, nav, [team], next_monday)
    meeting = series.occurrences.order_by("day").first()
    for call in (
        lambda: services.agenda_item_add(acting_user=adviser, occurrence=meeting, title="Om 15108695088"),
        lambda: services.minutes_save(
            acting_user=adviser, occurrence=meeting, minutes="Bruker 151086 95088", expected_version=0
        ),
        lambda: services.action_add(
            acting_user=nav_leader,
            occurrence=meeting,
            text="Ring 15108695088",
            due_on=local_today(),
            responsible_unit=team,
        ),
    ):
        with pytest.raises(ValidationError) as caught:
            call()
        assert "fødselsnummer" in " ".join(caught.value.messages)
    meeting.refresh_from_db()
    assert meeting.minutes == "" and not meeting.agenda.exists() and not Action.objects.exists()
