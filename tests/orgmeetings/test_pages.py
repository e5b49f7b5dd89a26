"""The pages: who may see and do what, other municipalities' ids, bad input, and bounded queries."""

import datetime

import pytest
from django.urls import reverse

from helhet.core.calendar import local_today
from helhet.organisation.models import Leadership, LeadershipRotation, Room, RoomBooking, Staff
from helhet.organisation.rooms import room_create
from helhet.orgmeetings import services
from helhet.orgmeetings.models import Action, AgendaItem, MeetingSeries
from tests import factories
from tests.orgmeetings.conftest import staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def series(nav_leader, nav, team, next_monday):
    made, _taken = services.series_create(
        acting_user=nav_leader,
        name="Teammøte NAV",
        kind="team",
        owner_unit=nav,
        units=[team],
        weekday=2,
        starts=datetime.time(9),
        starts_on=next_monday,
    )
    return made


@pytest.fixture
def meeting(series):
    return series.occurrences.order_by("day").first()


def _client(client, user):
    client.force_login(user)
    return client


def test_the_leader_sets_up_a_series_on_the_page(client, nav_leader, nav, team, next_monday):
    _client(client, nav_leader)
    answer = client.post(
        reverse("orgmeetings:series_new"),
        {
            "name": "Fast møtepunkt med hjemmetjenesten",
            "kind": "meeting_point",
            "owner_unit": nav.pk,
            "units": [team.pk],
            "weekday": 3,
            "starts": "13:00",
            "duration": 60,
            "every_weeks": 2,
            "starts_on": next_monday.isoformat(),
            "ends_on": "",
            "room": "",
        },
    )
    series = MeetingSeries.objects.get()
    assert answer.status_code == 302 and answer.url == reverse("orgmeetings:series", args=[series.pk])
    page = client.get(answer.url).content.decode()
    assert "Fast møtepunkt med hjemmetjenesten" in page and "Hver 2. uke, torsdag kl. 13:00" in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("starts_on", "9999-12-31", "Datoen må være mellom 01.01.1900 og 31.12.2100."),
        ("starts_on", "2099-12-31", "En møteserie kan starte høyst to år fram i tid."),
        ("name", "Team\x00møte", "Teksten inneholder et ugyldig tegn (NUL)."),
        ("starts", "25:00", "Oppgi"),
        ("every_weeks", "0", "Verdien må være større enn eller lik 1."),
    ],
)
def test_bad_series_input_on_the_page_changes_nothing(
    client, nav_leader, nav, next_monday, field, value, message
):
    _client(client, nav_leader)
    data = {
        "name": "Teammøte",
        "kind": "team",
        "owner_unit": nav.pk,
        "weekday": 1,
        "starts": "09:00",
        "duration": 60,
        "every_weeks": 1,
        "starts_on": next_monday.isoformat(),
        field: value,
    }
    answer = client.post(reverse("orgmeetings:series_new"), data)
    assert answer.status_code in (200, 422)
    assert message in answer.content.decode()
    assert not MeetingSeries.objects.exists()


def test_staff_without_a_leader_role_cannot_set_up_series(client, adviser):
    _client(client, adviser)
    assert client.get(reverse("orgmeetings:series_new")).status_code == 403


def test_the_analyst_has_no_meeting_pages(client, analyst):
    _client(client, analyst)
    assert client.get(reverse("orgmeetings:series_list")).status_code == 403
    assert client.get(reverse("orgmeetings:rooms")).status_code == 403


def test_a_member_of_a_participating_unit_sees_and_works_in_the_meeting(client, adviser, meeting, team):
    _client(client, adviser)
    assert "Teammøte NAV" in client.get(reverse("orgmeetings:series_list")).content.decode()
    url = reverse("orgmeetings:occurrence", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert "Skriv ikke navn eller andre opplysninger om brukerne" in page
    assert client.post(url, {"what": "agenda", "title": "Ventetid", "text": ""}).status_code == 302
    assert (
        client.post(
            url, {"what": "minutes", "minutes": "Drøftet ventetid.", "version": meeting.version}
        ).status_code
        == 302
    )
    due = (local_today() + datetime.timedelta(days=7)).isoformat()
    answer = client.post(
        url, {"what": "action", "text": "Lage ny rutine", "responsible": f"u{team.pk}", "due_on": due}
    )
    assert answer.status_code == 302
    page = client.get(url).content.decode()
    assert "Ventetid" in page and "Drøftet ventetid." in page and "Lage ny rutine" in page
    action = Action.objects.get()
    assert client.post(reverse("orgmeetings:action_done", args=[action.pk])).status_code == 302
    action.refresh_from_db()
    assert action.done_at is not None


def test_bad_action_input_shows_a_message_and_changes_nothing(client, adviser, meeting, team):
    _client(client, adviser)
    url = reverse("orgmeetings:occurrence", args=[meeting.pk])
    for data, message in (
        (
            {"what": "action", "text": "x", "responsible": f"u{team.pk}", "due_on": "9999-12-31"},
            "Datoen må være mellom",
        ),
        (
            {"what": "action", "text": "x", "responsible": f"u{team.pk}", "due_on": "2099-12-31"},
            "Fristen kan være høyst to år fram i tid.",
        ),
        (
            {"what": "action", "text": "x", "responsible": "s99999999", "due_on": local_today().isoformat()},
            "Velg et gyldig valg",
        ),
        (
            {
                "what": "action",
                "text": "x\x00",
                "responsible": f"u{team.pk}",
                "due_on": local_today().isoformat(),
            },
            "ugyldig tegn (NUL)",
        ),
        ({"what": "agenda", "title": "x" * 5000}, "eller færre tegn"),
    ):
        answer = client.post(url, data)
        assert answer.status_code in (200, 422), data
        assert message in answer.content.decode(), data
    assert not Action.objects.exists() and not AgendaItem.objects.exists()


def test_staff_of_other_units_are_refused_and_other_municipalities_get_404(
    client, stranger, outsider, meeting, series
):
    _client(client, stranger)
    assert client.get(reverse("orgmeetings:occurrence", args=[meeting.pk])).status_code == 403
    assert client.get(reverse("orgmeetings:series", args=[series.pk])).status_code == 403
    assert "Teammøte NAV" not in client.get(reverse("orgmeetings:series_list")).content.decode()
    _client(client, outsider)
    assert client.get(reverse("orgmeetings:occurrence", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("orgmeetings:series", args=[series.pk])).status_code == 404
    assert (
        client.post(
            reverse("orgmeetings:occurrence", args=[meeting.pk]), {"what": "agenda", "title": "x"}
        ).status_code
        == 404
    )


def test_an_unknown_id_is_404(client, nav_leader):
    _client(client, nav_leader)
    assert client.get(reverse("orgmeetings:occurrence", args=[987654321])).status_code == 404
    assert client.post(reverse("orgmeetings:action_done", args=[987654321])).status_code == 404
    assert client.post(reverse("orgmeetings:booking_cancel", args=[987654321])).status_code == 404


@pytest.mark.parametrize("size", [1, 8])
def test_the_meeting_page_costs_a_fixed_number_of_queries(
    client, nav_leader, nav, team, series, size, django_assert_max_num_queries
):
    meeting = series.occurrences.order_by("day").first()
    for n in range(size):
        services.agenda_item_add(acting_user=nav_leader, occurrence=meeting, title=f"Sak {n}")
        services.action_add(
            acting_user=nav_leader,
            occurrence=meeting,
            text=f"Punkt {n}",
            due_on=local_today(),
            responsible_unit=team,
        )
        factories.user(nav.municipality, "saksbehandler", unit=team)
    _client(client, nav_leader)
    with django_assert_max_num_queries(24):
        assert client.get(reverse("orgmeetings:occurrence", args=[meeting.pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("orgmeetings:series", args=[series.pk])).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("orgmeetings:series_list")).status_code == 200


# Rooms ----------------------------------------------------------------------------------------------------


@pytest.fixture
def reception_room(nav):
    return room_create(unit=nav, name="Samtalerom 1", capacity=3, accessible=True, actor=None)


def test_reception_books_a_room_and_sees_it_in_the_week(client, adviser, reception_room, team):
    _client(client, adviser)
    day = local_today() + datetime.timedelta(days=1)
    answer = client.post(
        reverse("orgmeetings:booking_new"),
        {
            "room": reception_room.pk,
            "day": day.isoformat(),
            "starts": "10:00",
            "ends": "10:45",
            "purpose": "reception",
            "for_unit": team.pk,
            "note": "",
        },
    )
    assert answer.status_code == 302
    page = client.get(answer.url).content.decode()
    assert "10:00–10:45 Samtale i mottaket" in page
    again = client.post(
        reverse("orgmeetings:booking_new"),
        {
            "room": reception_room.pk,
            "day": day.isoformat(),
            "starts": "10:30",
            "ends": "11:00",
            "purpose": "joint",
            "for_unit": team.pk,
            "note": "",
        },
    )
    assert again.status_code == 422
    assert "Samtalerom 1 er allerede booket" in again.content.decode()
    assert RoomBooking.objects.count() == 1


@pytest.mark.parametrize(
    ("day", "starts", "ends", "message"),
    [
        (1, "11:00", "10:00", "Slutt må være etter start."),
        (-3, "10:00", "11:00", "Du kan ikke booke et rom tilbake i tid."),
        ("2099-12-31", "10:00", "11:00", "Et rom kan bookes høyst to år fram i tid."),
        ("9999-12-31", "10:00", "11:00", "Datoen må være mellom 01.01.1900 og 31.12.2100."),
    ],
)
def test_bad_bookings_on_the_page_change_nothing(
    client, adviser, reception_room, team, day, starts, ends, message
):
    _client(client, adviser)
    when = day if isinstance(day, str) else (local_today() + datetime.timedelta(days=day)).isoformat()
    answer = client.post(
        reverse("orgmeetings:booking_new"),
        {
            "room": reception_room.pk,
            "day": when,
            "starts": starts,
            "ends": ends,
            "purpose": "reception",
            "for_unit": team.pk,
            "note": "",
        },
    )
    assert answer.status_code == 422
    assert message in answer.content.decode().replace("&#x27;", "'")
    assert not RoomBooking.objects.exists()


def test_another_municipalitys_room_cannot_be_booked(client, outsider, reception_room, other_municipality):
    _client(client, outsider)
    unit = factories.unit(other_municipality, "Nabo")
    answer = client.post(
        reverse("orgmeetings:booking_new"),
        {
            "room": reception_room.pk,
            "day": local_today().isoformat(),
            "starts": "22:00",
            "ends": "23:00",
            "purpose": "reception",
            "for_unit": unit.pk,
        },
    )
    assert answer.status_code in (403, 422)
    assert not RoomBooking.objects.exists()


def test_only_leaders_add_rooms(client, adviser, nav_leader, nav):
    _client(client, adviser)
    assert (
        client.post(
            reverse("orgmeetings:room_new"), {"unit": nav.pk, "name": "Rom", "capacity": 2}
        ).status_code
        == 403
    )
    _client(client, nav_leader)
    assert (
        client.post(
            reverse("orgmeetings:room_new"),
            {"unit": nav.pk, "name": "Rom", "capacity": 2, "accessible": "on"},
        ).status_code
        == 302
    )
    assert Room.objects.get().accessible


def test_a_strange_week_falls_back_to_this_week(client, adviser, reception_room):
    _client(client, adviser)
    page = client.get(reverse("orgmeetings:rooms"), {"uke": "9999-12-31"}).content.decode()
    assert "viser denne uken" in page
    assert "viser denne uken" in client.get(reverse("orgmeetings:rooms"), {"uke": "abc"}).content.decode()
    assert client.get(reverse("orgmeetings:rooms"), {"uke": "abc\x00"}).status_code == 422


@pytest.mark.parametrize("size", [1, 10])
def test_the_week_view_costs_a_fixed_number_of_queries(
    client, adviser, nav, size, django_assert_max_num_queries
):
    from helhet.organisation.rooms import room_book
    from helhet.orgmeetings.recurrence import local_moment

    for n in range(size):
        room = room_create(unit=nav, name=f"Rom {n}", capacity=4, actor=None)
        day = local_today() + datetime.timedelta(days=1)
        room_book(
            room=room,
            starts_at=local_moment(day, datetime.time(20)),
            ends_at=local_moment(day, datetime.time(21)),
            purpose="meeting",
            for_unit=nav,
            actor=None,
        )
    _client(client, adviser)
    with django_assert_max_num_queries(18):
        assert (
            client.get(
                reverse("orgmeetings:rooms"),
                {"uke": (local_today() + datetime.timedelta(days=1)).isoformat()},
            ).status_code
            == 200
        )


# Rotation -------------------------------------------------------------------------------------------------


def test_the_leader_above_sets_a_rotation_and_the_terms_show(client, nav_leader, nav, team, municipality):
    leaders = [factories.user(municipality, "leder", unit=nav) for _ in range(2)]
    _client(client, nav_leader)
    url = reverse("orgmeetings:rotation_save", args=[team.pk])
    start = local_today() + datetime.timedelta(days=1)
    answer = client.post(
        url,
        {
            "starts_on": start.isoformat(),
            "period_length": 6,
            "period_unit": "months",
            "title": "Fagleder",
            "leader_1": staff_of(leaders[0]).pk,
            "leader_2": staff_of(leaders[1]).pk,
        },
    )
    assert answer.status_code == 302
    assert LeadershipRotation.objects.get().unit == team
    assert Leadership.objects.filter(unit=team).count() >= 4
    page = client.get(answer.url).content.decode()
    assert "Lederperioder i Oppfølgingsteam 1" in page


def test_rotation_refusals(client, adviser, outsider, nav_leader, team, municipality):
    _client(client, adviser)
    assert client.post(reverse("orgmeetings:rotation_save", args=[team.pk]), {}).status_code == 403
    _client(client, outsider)
    assert client.post(reverse("orgmeetings:rotation_save", args=[team.pk]), {}).status_code == 404
    _client(client, nav_leader)
    stranger = Staff.objects.create(
        municipality=factories.municipality("9997", "Tredje"), first_name="X", last_name="Y"
    )
    answer = client.post(
        reverse("orgmeetings:rotation_save", args=[team.pk]),
        {"starts_on": "9999-12-31", "period_length": 6, "period_unit": "months", "leader_1": stranger.pk},
    )
    assert answer.status_code == 422
    assert not LeadershipRotation.objects.exists()
