"""The organisation's own meetings: recurring meetings of units, with no person (domain.md §0 B, C, E).

The service office's fixed meeting points with each department, NAV's weekly team meeting, the user councils
(brukerråd) and housing councils (boligråd) of the staffed homes. They are about how the units work, not about
a person: there is no link to any person here, by design (this app may not import `people`, which the import
contract checks). Minutes, agenda items and actions must not name or identify the users of the services; a
meeting about a person is a care Meeting, behind need-to-know."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhet.core.models import Municipality, TimestampedModel

WEEKDAYS = [
    (0, _("mandag")),
    (1, _("tirsdag")),
    (2, _("onsdag")),
    (3, _("torsdag")),
    (4, _("fredag")),
    (5, _("lørdag")),
    (6, _("søndag")),
]


class SeriesKind(models.TextChoices):
    MEETING_POINT = "meeting_point", _("Fast møtepunkt tjenestekontor og avdeling")
    TEAM = "team", _("Teammøte")
    USER_COUNCIL = "user_council", _("Brukerråd")
    HOUSING_COUNCIL = "housing_council", _("Boligråd")
    OTHER = "other", _("Annet møte")


class MeetingSeries(TimestampedModel):
    """Møteserie: a meeting a unit holds with other units, on a weekday and time, every N weeks from the start
    date (to the end date, if any). Its occurrences are made ahead, each with its agenda, minutes and actions."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("navn"), max_length=150)
    kind = models.CharField(_("type møte"), max_length=20, choices=SeriesKind.choices)
    owner_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("ansvarlig enhet")
    )
    units = models.ManyToManyField(
        "organisation.Unit", blank=True, related_name="+", verbose_name=_("deltakende enheter")
    )
    weekday = models.PositiveSmallIntegerField(_("ukedag"), choices=WEEKDAYS)
    starts = models.TimeField(_("klokkeslett"))
    duration = models.PositiveSmallIntegerField(_("varighet (minutter)"), default=60)
    every_weeks = models.PositiveSmallIntegerField(_("hver N. uke"), default=1)
    starts_on = models.DateField(_("fra dato"))
    ends_on = models.DateField(_("til dato"), null=True, blank=True)
    room = models.ForeignKey(
        "organisation.Room",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rom"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("møteserie")
        verbose_name_plural = _("møteserier")
        ordering = ["name"]
        indexes = [models.Index(fields=["municipality", "owner_unit"])]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="series_weekday"),
            models.CheckConstraint(
                condition=Q(every_weeks__gte=1, every_weeks__lte=52), name="series_every_weeks"
            ),
            models.CheckConstraint(condition=Q(duration__gte=5, duration__lte=720), name="series_duration"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="series_period",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Occurrence(TimestampedModel):
    """Møte i serien: one meeting of a series on one day, with its agenda, minutes and actions. The minutes
    are about the units' work and must not name the users of the services."""

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="occurrences")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("dato"))
    starts_at = models.DateTimeField(_("starter"))
    ends_at = models.DateTimeField(_("slutter"))
    booking = models.ForeignKey(
        "organisation.RoomBooking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rombooking"),
    )
    cancelled = models.BooleanField(_("avlyst"), default=False)
    minutes = models.TextField(_("referat"), blank=True, max_length=20000)
    minutes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referent"),
    )

    class Meta:
        verbose_name = _("møte i serien")
        verbose_name_plural = _("møter i serien")
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["municipality", "day"])]
        constraints = [
            models.UniqueConstraint(fields=["series", "day"], name="occurrence_one_per_day"),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="occurrence_times"),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.day:%d.%m.%Y}"


class AgendaItem(TimestampedModel):
    """Sak på sakslisten: one item on a meeting's agenda (no names of service users)."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("sak"), max_length=200)
    text = models.TextField(_("beskrivelse"), blank=True, max_length=2000)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("sak på sakslisten")
        verbose_name_plural = _("saker på sakslisten")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["occurrence", "position"], name="agenda_position")]


class Action(TimestampedModel):
    """Oppfølgingspunkt: what a meeting agreed, who follows it up (a member of staff, or a unit) and by when.
    An open action is an item in the responsible one's inbox until it is marked done."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="actions")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    text = models.CharField(_("hva"), max_length=500)
    responsible_staff = models.ForeignKey(
        "organisation.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig ansatt"),
    )
    responsible_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("ansvarlig enhet")
    )
    due_on = models.DateField(_("frist"))
    done_at = models.DateTimeField(_("utført"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("oppfølgingspunkt")
        verbose_name_plural = _("oppfølgingspunkter")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["responsible_unit", "done_at", "due_on"])]

    def is_overdue(self, today: datetime.date) -> bool:
        return self.done_at is None and self.due_on < today
