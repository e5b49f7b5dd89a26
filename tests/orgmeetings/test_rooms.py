"""Conversation rooms: no double booking (also under concurrent requests on PostgreSQL), bad times refused."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from helhet.access import roles
from helhet.organisation.models import RoomBooking
from helhet.organisation.rooms import booking_cancel, room_book, room_create
from helhet.orgmeetings.recurrence import local_moment
from tests import factories


@pytest.fixture
def reception_office(municipality):
    return factories.unit(municipality, "Mottak", kind="office")


@pytest.fixture
def room(reception_office):
    return room_create(unit=reception_office, name="Samtalerom 1", capacity=4, accessible=True, actor=None)


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    return local_moment(timezone.localdate() + datetime.timedelta(days=days), datetime.time(hour, minute))


def _book(room, unit, start, end, **extra):
    return room_book(
        room=room, starts_at=start, ends_at=end, purpose="reception", for_unit=unit, actor=None, **extra
    )


@pytest.mark.django_db
def test_a_second_booking_that_overlaps_is_refused(room, reception_office):
    _book(room, reception_office, _at(1, 10), _at(1, 11))
    with pytest.raises(ValidationError, match="Samtalerom 1 er allerede booket"):
        _book(room, reception_office, _at(1, 10, 30), _at(1, 11, 30))
    with pytest.raises(ValidationError, match="allerede booket"):
        _book(room, reception_office, _at(1, 9), _at(1, 12))  # around it
    assert RoomBooking.objects.count() == 1
    # Back to back fits: the end is exclusive.
    _book(room, reception_office, _at(1, 11), _at(1, 12))
    assert RoomBooking.objects.count() == 2


@pytest.mark.django_db
def test_a_cancelled_booking_frees_the_room(room, reception_office):
    first = _book(room, reception_office, _at(1, 10), _at(1, 11))
    booking_cancel(booking=first, actor=None)
    _book(room, reception_office, _at(1, 10), _at(1, 11))
    assert RoomBooking.objects.filter(cancelled_at__isnull=True).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ((1, 11), (1, 10), "Slutt må være etter start."),
        ((-1, 10), (-1, 11), "Du kan ikke booke et rom tilbake i tid."),
        ((900, 10), (900, 11), "Et rom kan bookes høyst to år fram i tid."),
        ((1, 6), (1, 20), "En booking kan vare høyst 12 timer."),
    ],
)
def test_unreasonable_times_are_refused(room, reception_office, start, end, message):
    with pytest.raises(ValidationError) as refused:
        _book(room, reception_office, _at(*start), _at(*end))
    assert message in refused.value.messages
    assert not RoomBooking.objects.exists()


@pytest.mark.django_db
def test_nul_bytes_and_another_municipalitys_unit_are_refused(room, reception_office, other_municipality):
    with pytest.raises(ValidationError, match="ugyldige tegn"):
        _book(room, reception_office, _at(1, 10), _at(1, 11), note="a\x00b")
    foreign = factories.unit(other_municipality, "Nabo mottak")
    with pytest.raises(ValidationError, match="annen kommune"):
        _book(room, foreign, _at(1, 10), _at(1, 11))
    assert not RoomBooking.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL in tests")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_for_one_slot_book_it_once(municipality, monkeypatch):
    office = factories.unit(municipality, "Mottak", kind="office")
    one = factories.user(municipality, roles.RECEPTION, username="mottak1", unit=office)
    two = factories.user(municipality, roles.RECEPTION, username="mottak2", unit=office)
    room = room_create(unit=office, name="Samtalerom 2", capacity=2, actor=None)
    slow_clean = RoomBooking.full_clean

    def clean_slowly(self, *args, **kwargs):
        time.sleep(0.3)  # the other request arrives while this one holds the room
        return slow_clean(self, *args, **kwargs)

    monkeypatch.setattr(RoomBooking, "full_clean", clean_slowly)
    day = timezone.localdate() + datetime.timedelta(days=2)
    body = {
        "room": room.pk,
        "day": day.isoformat(),
        "starts": "10:00",
        "ends": "11:00",
        "purpose": "reception",
        "for_unit": office.pk,
        "note": "",
    }
    barrier = threading.Barrier(2)
    answers = []

    def post(user):
        try:
            client = Client()
            client.force_login(user)
            barrier.wait()
            answers.append(client.post(reverse("orgmeetings:booking_new"), body))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(u,)) for u in (one, two)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [302, 422]
    refused = next(a for a in answers if a.status_code == 422)
    assert "er allerede booket" in refused.content.decode()
    assert RoomBooking.objects.filter(room=room).count() == 1
