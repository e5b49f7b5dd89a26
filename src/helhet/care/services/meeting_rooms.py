"""A conversation room for a meeting with the person (the joint-conversation day, a conversation in reception):
booked through the organisation's rooms, so the room is never double booked. The booking's note names the
kind of meeting only, never the person."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.care.models import Meeting, MeetingKind
from helhet.care.selectors import require_member
from helhet.core.models import User
from helhet.organisation.models import BookingPurpose, Room
from helhet.organisation.rooms import booking_cancel, room_book


@transaction.atomic
def meeting_room_book(*, acting_user: User, meeting: Meeting, room: Room) -> Meeting:
    """Hold `room` for the meeting's time (replacing a room booked before); refused when it is taken."""
    require_member(acting_user, meeting.organiser_id, roles.MEETING_ROLES)
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("room_booking").get(pk=meeting.pk)
    )
    if room.municipality_id != meeting.municipality_id:
        raise ValidationError({"room": _("Rommet hører til en annen kommune.")})
    previous = meeting.room_booking
    if previous is not None and previous.cancelled_at is None:
        booking_cancel(booking=previous, actor=acting_user)
    booking = room_book(
        room=room,
        starts_at=meeting.starts_at,
        ends_at=meeting.starts_at + datetime.timedelta(minutes=meeting.duration),
        purpose=BookingPurpose.JOINT if meeting.kind == MeetingKind.JOINT else BookingPurpose.MEETING,
        for_unit=meeting.organiser,
        note=str(MeetingKind(meeting.kind).label),
        actor=acting_user,
    )
    meeting.room_booking = booking
    meeting.save(update_fields=["room_booking", "updated_at"])
    return meeting
