"""The unit's quality system: procedures (FAS) that measures follow, and deviations that are reported and closed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from helhet.core.models import Municipality, TimestampedModel


class Procedure(TimestampedModel):
    """Prosedyre (FAS): one of the unit's procedures; its text lives in versions, the newest valid one applies."""

    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="procedures")
    title = models.CharField(_("tittel"), max_length=200)

    class Meta:
        verbose_name = _("prosedyre")
        verbose_name_plural = _("prosedyrer")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "title"], name="procedure_title_unique_in_unit")
        ]

    def __str__(self) -> str:
        return self.title


class ProcedureVersion(models.Model):
    """Prosedyreversjon: approved text and steps, valid from a date; never changed, only replaced."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("versjon"))
    text = models.TextField(_("formål og omfang"), max_length=4000)
    steps = models.JSONField(_("fremgangsmåte"), default=list)
    valid_from = models.DateField(_("gyldig fra"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("godkjent av")
    )
    approved_at = models.DateTimeField(_("godkjent"), auto_now_add=True)

    class Meta:
        verbose_name = _("prosedyreversjon")
        verbose_name_plural = _("prosedyreversjoner")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_number")
        ]


class DeviationKind(models.TextChoices):
    NOT_DONE = "not_done", _("Tjeneste ikke gitt")
    WRONG = "wrong", _("Feil utført")
    INCIDENT = "incident", _("Hendelse eller skade")
    OTHER = "other", _("Annet")


class Severity(models.TextChoices):
    LOW = "low", _("Liten")
    MEDIUM = "medium", _("Middels")
    HIGH = "high", _("Alvorlig")


class DeviationState(models.TextChoices):
    OPEN = "open", _("Meldt")
    FOLLOWED_UP = "followed_up", _("Under oppfølging")
    CLOSED = "closed", _("Lukket")


class Deviation(TimestampedModel):
    """Avvik: what happened, how serious, whom it concerns; the unit leader follows it up and closes it with a measure."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("organisation.Unit", on_delete=models.PROTECT, related_name="deviations")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gjelder"),
    )
    measure = models.ForeignKey(
        "care.Measure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tiltak"),
    )
    task_day = models.DateField(_("oppgavens dato"), null=True, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=DeviationKind.choices)
    severity = models.CharField(_("alvorlighet"), max_length=10, choices=Severity.choices)
    happened_at = models.DateTimeField(_("når det skjedde"))
    what = models.TextField(_("hva skjedde"), max_length=4000)
    immediate_action = models.TextField(_("hva ble gjort straks"), blank=True, max_length=2000)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("status"), max_length=12, choices=DeviationState.choices, default=DeviationState.OPEN
    )
    follow_up = models.TextField(_("oppfølging"), blank=True, max_length=4000)
    closing_measure = models.TextField(_("tiltak for å hindre gjentakelse"), blank=True, max_length=2000)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("lukket"), null=True, blank=True)

    class Meta:
        verbose_name = _("avvik")
        verbose_name_plural = _("avvik")
        indexes = [models.Index(fields=["unit", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="closed") | ~models.Q(closing_measure=""),
                name="closed_deviation_has_measure",
            )
        ]
