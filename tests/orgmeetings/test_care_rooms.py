"""A care meeting (a joint conversation) takes a conversation room; a room taken is refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhet.care import services
from helhet.care.models import Meeting, MeetingKind
from helhet.care.services.meeting_rooms import meeting_room_book
from helhet.core.calendar import local_today
from helhet.organisation.models import RoomBooking
from helhet.organisation.rooms import room_create
from helhet.orgmeetings.recurrence import local_moment
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def joint(municipality, nav, nav_leader, home_care):
    ola = factories.person(municipality, first_name="Ola", last_name="Hansen")
    factories.responsibility(ola, unit=nav, reason="Oppfølging fra NAV")
    day = local_today() + datetime.timedelta(days=3)
    return services.meeting_schedule(
        acting_user=nav_leader,
        person=ola,
        kind=MeetingKind.JOINT,
        starts_at=local_moment(day, datetime.time(20)),
        organiser=nav,
        units=[home_care],
    )


def test_a_joint_conversation_holds_a_room_and_a_second_one_is_refused(
    joint, nav, nav_leader, municipality, home_care
):
    room = room_create(unit=nav, name="Samtalerom 1", capacity=4, actor=None)
    meeting_room_book(acting_user=nav_leader, meeting=joint, room=room)
    booking = Meeting.objects.get(pk=joint.pk).room_booking
    assert booking is not None and booking.purpose == "joint" and "Ola" not in booking.note
    other = Meeting.objects.create(
        municipality=municipality,
        kind=MeetingKind.GROUP,
        person=joint.person,
        starts_at=joint.starts_at,
        organiser=nav,
        created_by=nav_leader,
    )
    with pytest.raises(ValidationError, match="allerede booket"):
        meeting_room_book(acting_user=nav_leader, meeting=other, room=room)
    assert Meeting.objects.get(pk=other.pk).room_booking is None
    # Booking another room moves the meeting there and frees the first.
    second = room_create(unit=nav, name="Samtalerom 2", capacity=4, actor=None)
    meeting_room_book(acting_user=nav_leader, meeting=joint, room=second)
    assert RoomBooking.objects.filter(cancelled_at__isnull=True).get().room == second


def test_outside_staff_cannot_book_a_room_for_the_meeting(joint, nav, stranger):
    room = room_create(unit=nav, name="Samtalerom 1", capacity=4, actor=None)
    with pytest.raises(PermissionDenied):
        meeting_room_book(acting_user=stranger, meeting=joint, room=room)
    assert not RoomBooking.objects.exists()
