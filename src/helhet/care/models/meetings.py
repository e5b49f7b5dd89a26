"""Services meeting with the person: joint conversations, trio conversations, responsibility groups; and the
individual plan with its coordinator."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhet.core.models import Municipality, TimestampedModel
from helhet.organisation.models import ValidityPeriod


class MeetingKind(models.TextChoices):
    INTAKE = "intake", _("Inntaksmøte")
    JOINT = "joint", _("Fellessamtale")
    TRIO = "trio", _("Triosamtale")
    GROUP = "group", _("Ansvarsgruppemøte")
    CONFERENCE = "conference", _("Drøftingsmøte")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    HELD = "held", _("Gjennomført")
    CANCELLED = "cancelled", _("Avlyst")


class Meeting(TimestampedModel):
    """Møte: services meet about, and mostly with, a person; a meeting agrees actions but never decides."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("type møte"), max_length=10, choices=MeetingKind.choices)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField(_("tidspunkt"))
    duration = models.PositiveSmallIntegerField(_("varighet (minutter)"), default=60)
    place = models.CharField(_("sted"), max_length=200, blank=True)
    organiser = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("innkallende enhet")
    )
    agenda = models.TextField(_("saksliste"), blank=True, max_length=4000)
    minutes = models.TextField(_("referat"), blank=True, max_length=10000)
    state = models.CharField(
        _("status"), max_length=10, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    person_invited = models.BooleanField(_("personen er invitert"), default=True)
    referral_application = models.ForeignKey(
        "intake.Application", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    referral_inquiry = models.ForeignKey(
        "intake.Inquiry", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    individual_plan = models.ForeignKey(
        "care.IndividualPlan", on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )
    # The conversation room held for it (organisation.rooms); set through care.services.meeting_rooms.
    room_booking = models.ForeignKey(
        "organisation.RoomBooking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rombooking"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        indexes = [models.Index(fields=["organiser", "starts_at"]), models.Index(fields=["person", "kind"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="joint") | Q(person_invited=True), name="joint_conversation_includes_person"
            )
        ]


class MeetingParticipant(models.Model):
    """Møtedeltaker: a unit (with the member of staff it sends) or a relative."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    staff = models.ForeignKey(
        "organisation.Staff", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    relative = models.ForeignKey(
        "people.Relative", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("møtedeltaker")
        verbose_name_plural = _("møtedeltakere")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(relative__isnull=False),
                name="participant_is_unit_or_relative",
            )
        ]


class ActionKind(models.TextChoices):
    TASK = "task", _("Oppgave")
    REVIEW = "review", _("Be tjenestekontoret vurdere vedtaket på nytt")


class MeetingAction(TimestampedModel):
    """Avtalt oppfølging: what was agreed, who owns it and by when; it shows in the owner's list."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("type"), max_length=10, choices=ActionKind.choices, default=ActionKind.TASK)
    text = models.CharField(_("hva"), max_length=500)
    owner = models.ForeignKey(
        "organisation.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig"),
    )
    owner_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("ansvarlig enhet")
    )
    due_on = models.DateField(_("frist"))
    decision = models.ForeignKey(
        "casework.Decision", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(_("utført"), null=True, blank=True)

    class Meta:
        verbose_name = _("avtalt oppfølging")
        verbose_name_plural = _("avtalte oppfølginger")
        indexes = [models.Index(fields=["owner_unit", "done_at", "due_on"])]


class JointConversationDay(TimestampedModel, ValidityPeriod):
    """Fellessamtaledag: the weekday a unit keeps free for joint conversations, in slots of fixed length."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="joint_days")
    weekday = models.PositiveSmallIntegerField(_("ukedag (0 = mandag)"))
    starts = models.TimeField(_("fra klokken"))
    ends = models.TimeField(_("til klokken"))
    slot_minutes = models.PositiveSmallIntegerField(_("minutter per samtale"), default=60)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("fellessamtaledag")
        verbose_name_plural = _("fellessamtaledager")
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="joint_day_weekday"),
            models.CheckConstraint(condition=Q(ends__gt=models.F("starts")), name="joint_day_hours"),
        ]

    def holds(self, day: datetime.date) -> bool:
        """Whether `day` is one of the reserved days."""
        return day.weekday() == self.weekday and self.is_valid_on(day)


class IndividualPlan(TimestampedModel):
    """Individuell plan (IP) med koordinator: goals across services for a person with long-term coordinated needs.
    A coordinator is appointed even when the person declines the plan itself."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="individual_plans")
    coordinating_unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("koordinerende enhet")
    )
    coordinator = models.ForeignKey(
        "organisation.Staff",
        on_delete=models.PROTECT,
        related_name="coordinated_plans",
        verbose_name=_("koordinator"),
    )
    child_coordinator = models.ForeignKey(
        "organisation.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child_coordinated_plans",
        verbose_name=_("barnekoordinator"),
    )
    plan_declined = models.BooleanField(_("personen ønsker ikke individuell plan"), default=False)
    services = models.ManyToManyField(
        "catalogue.Service", blank=True, related_name="+", verbose_name=_("tjenester")
    )
    group = models.ManyToManyField(
        "organisation.Staff", blank=True, related_name="+", verbose_name=_("ansvarsgruppe")
    )
    shared_with = models.ManyToManyField(
        "organisation.Unit", blank=True, related_name="+", verbose_name=_("personen samtykker til innsyn for")
    )
    started_on = models.DateField(_("startet"))
    reviewed_on = models.DateField(_("sist gjennomgått"))
    ended_on = models.DateField(_("avsluttet"), null=True, blank=True)

    class Meta:
        verbose_name = _("individuell plan")
        verbose_name_plural = _("individuelle planer")
        indexes = [models.Index(fields=["municipality", "reviewed_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(ended_on__isnull=True), name="one_open_individual_plan"
            )
        ]


class IndividualPlanGoal(TimestampedModel):
    """Mål i individuell plan: in the person's own words, with the service that works towards it."""

    plan = models.ForeignKey(IndividualPlan, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("mål med personens egne ord"), max_length=500)
    service = models.ForeignKey(
        "catalogue.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tjeneste"),
    )

    class Meta:
        verbose_name = _("mål i individuell plan")
        verbose_name_plural = _("mål i individuelle planer")
