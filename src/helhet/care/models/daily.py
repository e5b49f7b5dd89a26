"""The day around the work list: who goes where, extra help, the message book and the person's appointments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from helhet.core.models import Municipality, TimestampedModel


class VisitAssignment(TimestampedModel):
    """Tildeling: the member of staff who makes a person's visit in a shift; the leader sets and changes it."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("dato"))
    shift = models.CharField(_("vakt"), max_length=10)
    staff = models.ForeignKey(
        "organisation.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("ansatt")
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("tildeling")
        verbose_name_plural = _("tildelinger")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "day", "shift", "person"], name="one_assignment_per_visit"
            )
        ]


class ExtraTask(models.Model):
    """Ekstra oppgave: help given on a visit beyond the plan, documented like the planned tasks."""

    plan = models.ForeignKey("care.GoalPlan", on_delete=models.PROTECT, related_name="extra_tasks")
    decision = models.ForeignKey(
        "casework.Decision", on_delete=models.PROTECT, related_name="+", verbose_name=_("vedtak")
    )
    day = models.DateField(_("dato"))
    time = models.TimeField(_("klokkeslett"))
    what = models.CharField(_("hva"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("minutter"))
    note = models.CharField(_("merknad"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ekstra oppgave")
        verbose_name_plural = _("ekstra oppgaver")
        indexes = [models.Index(fields=["day", "plan"])]


class Message(TimestampedModel):
    """Beskjed i beskjedboka: to everyone in a unit, perhaps about one person, perhaps with a due date."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="messages")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gjelder"),
    )
    text = models.TextField(_("beskjed"), max_length=2000)
    due_on = models.DateField(_("frist"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("beskjed")
        verbose_name_plural = _("beskjeder")
        indexes = [models.Index(fields=["unit", "due_on"]), models.Index(fields=["unit", "created_at"])]


class MessageRead(models.Model):
    """Lesekvittering: who has read a message, and when."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lesekvittering")
        verbose_name_plural = _("lesekvitteringer")
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="one_read_per_user")]


class AppointmentKind(models.TextChoices):
    DOCTOR = "doctor", _("Lege")
    HOSPITAL = "hospital", _("Sykehus")
    RELATIVES = "relatives", _("Besøk av pårørende")
    OTHER = "other", _("Annet")


class Appointment(TimestampedModel):
    """Avtale i personens kalender: doctor, hospital, relatives' visits; shown on that day's work list."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="appointments")
    kind = models.CharField(_("type"), max_length=10, choices=AppointmentKind.choices)
    starts_at = models.DateTimeField(_("tidspunkt"))
    what = models.CharField(_("hva"), max_length=200)
    place = models.CharField(_("sted"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("avtale")
        verbose_name_plural = _("avtaler")
        indexes = [models.Index(fields=["person", "starts_at"])]
