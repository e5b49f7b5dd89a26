"""Conversation rooms as bookable resources, and leadership that rotates between staff over set periods.

Imported by organisation.models, so Django registers these models with the organisation app."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhet.core.calendar import add_months
from helhet.core.models import Municipality, TimestampedModel


class Room(TimestampedModel):
    """Samtalerom: a room a unit lends out for conversations and meetings (reception, the joint-conversation
    day, unit meetings)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="rooms", verbose_name=_("enhet")
    )
    name = models.CharField(_("navn"), max_length=100)
    capacity = models.PositiveSmallIntegerField(_("antall plasser"))
    accessible = models.BooleanField(_("universelt utformet"), default=False)
    active = models.BooleanField(_("i bruk"), default=True)

    class Meta:
        verbose_name = _("samtalerom")
        verbose_name_plural = _("samtalerom")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="room_unique_name_in_unit",
                violation_error_message=_("Enheten har allerede et rom med dette navnet."),
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1, capacity__lte=500), name="room_capacity"),
        ]

    def __str__(self) -> str:
        return self.name


class BookingPurpose(models.TextChoices):
    RECEPTION = "reception", _("Samtale i mottaket")
    JOINT = "joint", _("Fellessamtale")
    MEETING = "meeting", _("Møte")
    OTHER = "other", _("Annet")


class RoomBooking(TimestampedModel):
    """Rombooking: a room held from start to end. Two bookings of one room never overlap (room_book checks
    it with the room locked). The note says what the room is for, never who the conversation is with."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("rom"))
    starts_at = models.DateTimeField(_("fra"))
    ends_at = models.DateTimeField(_("til"))
    purpose = models.CharField(_("formål"), max_length=20, choices=BookingPurpose.choices)
    note = models.CharField(_("merknad"), max_length=200, blank=True)
    for_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("for enhet")
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("avbestilt"), null=True, blank=True)

    class Meta:
        verbose_name = _("rombooking")
        verbose_name_plural = _("rombookinger")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["room", "starts_at"]),
            models.Index(fields=["municipality", "starts_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.room} {self.starts_at:%d.%m.%Y %H:%M}"


class PeriodUnit(models.TextChoices):
    WEEKS = "weeks", _("uker")
    MONTHS = "months", _("måneder")


class LeadershipRotation(TimestampedModel):
    """Rullerende lederskap: the staff listed lead the unit in turn, one period each, from the start date
    (NAV's agency leaders who rotate between teams every six months). Its terms are Leadership rows, planned
    ahead through leadership_assign, so the chart, span of control and access know who leads when."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    unit = models.OneToOneField(
        "organisation.Unit", on_delete=models.PROTECT, related_name="rotation", verbose_name=_("enhet")
    )
    starts_on = models.DateField(_("første periode starter"))
    period_length = models.PositiveSmallIntegerField(_("periodens lengde"))
    period_unit = models.CharField(_("enhet for lengden"), max_length=10, choices=PeriodUnit.choices)
    title = models.CharField(_("ledertittel"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("rullerende lederskap")
        verbose_name_plural = _("rullerende lederskap")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_length__gte=1, period_length__lte=104), name="rotation_period_length"
            )
        ]

    def period_start(self, index: int) -> datetime.date:
        """The first day of period `index` (0 is the first), counted from the start so months do not drift."""
        if self.period_unit == PeriodUnit.MONTHS:
            return add_months(self.starts_on, index * self.period_length)
        return self.starts_on + datetime.timedelta(weeks=index * self.period_length)


class RotationMember(models.Model):
    """Leder i turnus: one member of staff in the rotation's order."""

    rotation = models.ForeignKey(LeadershipRotation, on_delete=models.CASCADE, related_name="members")
    position = models.PositiveSmallIntegerField(_("rekkefølge"))
    staff = models.ForeignKey(
        "organisation.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("ansatt")
    )

    class Meta:
        verbose_name = _("leder i turnus")
        verbose_name_plural = _("ledere i turnus")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["rotation", "position"], name="rotation_member_position"),
        ]
