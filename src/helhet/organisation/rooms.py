"""Conversation rooms: writes (one transaction each; a refusal changes nothing) and the reads of a week.

No double booking: room_book locks the room's row (select_for_update) before it looks for an overlap, so two
bookings of one room are checked one after the other, whichever arrives first wins and the other is refused."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.core.history import history_record_create, history_record_update, history_values
from helhet.core.models import Municipality, User
from helhet.organisation.models import BookingPurpose, Room, RoomBooking, Unit

ROOM_FIELDS = ["unit", "name", "capacity", "accessible"]
BOOKING_FIELDS = ["room", "starts_at", "ends_at", "purpose", "note", "for_unit"]
# A booking is at most a working day long and at most two years ahead: beyond that a date is a typo.
LONGEST_BOOKING = datetime.timedelta(hours=12)
FURTHEST_AHEAD = datetime.timedelta(days=2 * 366)


def _no_nul(**texts: str) -> None:
    for field, text in texts.items():
        if "\x00" in text:
            raise ValidationError({field: _("Teksten inneholder ugyldige tegn.")})


def _booking_label(booking: RoomBooking) -> str:
    start = timezone.localtime(booking.starts_at)
    return _("Booking av %(room)s %(when)s") % {"room": booking.room.name, "when": f"{start:%d.%m.%Y %H:%M}"}


@transaction.atomic
def room_create(
    *, unit: Unit, name: str, capacity: int, accessible: bool = False, actor: User | None
) -> Room:
    _no_nul(name=name)
    room = Room(
        municipality_id=unit.municipality_id,
        unit=unit,
        name=name.strip(),
        capacity=capacity,
        accessible=accessible,
    )
    if not 1 <= capacity <= 500:
        raise ValidationError({"capacity": _("Antall plasser må være mellom 1 og 500.")})
    room.full_clean()
    room.save()
    history_record_create(room, actor=actor, fields=ROOM_FIELDS, scope=unit)
    return room


def check_booking_times(starts_at: datetime.datetime, ends_at: datetime.datetime, *, now=None) -> None:
    """The times a booking may have: end after start, not in the past, not absurdly long or far ahead."""
    now = now or timezone.now()
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Slutt må være etter start.")})
    if starts_at < now - datetime.timedelta(minutes=5):
        raise ValidationError({"starts_at": _("Du kan ikke booke et rom tilbake i tid.")})
    if starts_at > now + FURTHEST_AHEAD:
        raise ValidationError({"starts_at": _("Et rom kan bookes høyst to år fram i tid.")})
    if ends_at - starts_at > LONGEST_BOOKING:
        raise ValidationError({"ends_at": _("En booking kan vare høyst 12 timer.")})


def overlapping(
    room: Room, starts_at: datetime.datetime, ends_at: datetime.datetime
) -> QuerySet[RoomBooking]:
    return RoomBooking.objects.filter(
        room=room, cancelled_at__isnull=True, starts_at__lt=ends_at, ends_at__gt=starts_at
    )


@transaction.atomic
def room_book(
    *,
    room: Room,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    purpose: str,
    for_unit: Unit,
    note: str = "",
    actor: User | None,
    now: datetime.datetime | None = None,
) -> RoomBooking:
    """Book `room` from `starts_at` to `ends_at` (end exclusive: 10–11 and 11–12 both fit). Refused when the
    room is taken at any moment of it, out of use, of another municipality, or the times are unreasonable."""
    _no_nul(note=note)
    check_booking_times(starts_at, ends_at, now=now)
    if purpose not in BookingPurpose.values:
        raise ValidationError({"purpose": _("Velg et formål fra listen.")})
    if for_unit.municipality_id != room.municipality_id:
        raise ValidationError({"for_unit": _("Enheten hører til en annen kommune.")})
    locked = Room.objects.select_for_update().filter(pk=room.pk).first()  # serialise bookings of one room
    if locked is None or not locked.active:
        raise ValidationError({"room": _("Rommet er ikke i bruk.")})
    clash = overlapping(locked, starts_at, ends_at).order_by("starts_at").first()
    if clash is not None:
        raise ValidationError(
            {
                "starts_at": _("%(room)s er allerede booket %(from)s–%(to)s.")
                % {
                    "room": locked.name,
                    "from": f"{timezone.localtime(clash.starts_at):%d.%m.%Y %H:%M}",
                    "to": f"{timezone.localtime(clash.ends_at):%H:%M}",
                }
            }
        )
    booking = RoomBooking(
        municipality_id=locked.municipality_id,
        room=locked,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose,
        note=note.strip(),
        for_unit=for_unit,
        booked_by=actor,
    )
    booking.full_clean()
    booking.save()
    history_record_create(
        booking, actor=actor, fields=BOOKING_FIELDS, scope=locked.unit, label=_booking_label(booking)
    )
    return booking


@transaction.atomic
def booking_cancel(*, booking: RoomBooking, actor: User | None) -> RoomBooking:
    booking = (
        RoomBooking.objects.select_for_update(of=("self",)).select_related("room__unit").get(pk=booking.pk)
    )
    if booking.cancelled_at is not None:
        raise ValidationError({"booking": _("Bookingen er allerede avbestilt.")})
    before = history_values(booking, ["cancelled_at"])
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["cancelled_at", "updated_at"])
    history_record_update(
        booking, before=before, actor=actor, scope=booking.room.unit, label=_booking_label(booking)
    )
    return booking


def rooms_of(municipality: Municipality) -> QuerySet[Room]:
    return (
        Room.objects.filter(municipality=municipality, active=True)
        .select_related("unit")
        .order_by("unit__name", "name")
    )


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def bookings_in_week(municipality: Municipality, monday: datetime.date) -> list[RoomBooking]:
    """The week's bookings of the municipality's rooms (Monday to Sunday, Norwegian time), in one query."""
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(monday + datetime.timedelta(days=7), datetime.time.min)
    )
    return list(
        RoomBooking.objects.filter(
            municipality=municipality, cancelled_at__isnull=True, starts_at__lt=end, ends_at__gt=start
        )
        .select_related("room", "for_unit")
        .order_by("starts_at")
    )
