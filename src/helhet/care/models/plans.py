"""Providers turn decisions into goal and action plans, whose measures make each day's work lists."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhet.core.models import Municipality, TimestampedModel


class GoalPlan(TimestampedModel):
    """Mål- og tiltaksplan: one per person and provider unit, built from the decisions the unit delivers."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="goal_plans")
    unit = models.ForeignKey(
        "organisation.Unit", on_delete=models.PROTECT, related_name="goal_plans", verbose_name=_("enhet")
    )
    key_notes = models.TextField(_("viktig å vite ved besøk"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("mål- og tiltaksplan")
        verbose_name_plural = _("mål- og tiltaksplaner")
        constraints = [
            models.UniqueConstraint(fields=["person", "unit"], name="one_plan_per_person_and_unit")
        ]


class Goal(TimestampedModel):
    """Mål: in the person's own words, serving a decision."""

    plan = models.ForeignKey(GoalPlan, on_delete=models.CASCADE, related_name="goals")
    decision = models.ForeignKey(
        "casework.Decision", on_delete=models.PROTECT, related_name="+", verbose_name=_("vedtak")
    )
    text = models.CharField(_("mål med personens egne ord"), max_length=500)

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")


class Shift(models.TextChoices):
    DAY = "day", _("Dag (07–15)")
    EVENING = "evening", _("Kveld (15–23)")
    NIGHT = "night", _("Natt (23–07)")


def shift_of(time) -> str:
    if 7 <= time.hour < 15:
        return Shift.DAY
    if 15 <= time.hour < 23:
        return Shift.EVENING
    return Shift.NIGHT


class Measure(TimestampedModel):
    """Tiltak: what is done, how and by whom, on a schedule (times of day on weekdays or every n days)."""

    plan = models.ForeignKey(GoalPlan, on_delete=models.CASCADE, related_name="measures")
    goal = models.ForeignKey(Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures")
    decision = models.ForeignKey(
        "casework.Decision", on_delete=models.PROTECT, related_name="+", verbose_name=_("vedtak")
    )
    what = models.CharField(_("hva"), max_length=200)
    how = models.TextField(_("hvordan"), blank=True, max_length=2000)
    procedure = models.ForeignKey(
        "care.Procedure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("prosedyre"),
    )
    profession = models.CharField(_("hvem (fagkompetanse)"), max_length=100, blank=True)
    times = models.JSONField(_("klokkeslett"), default=list)
    weekdays = models.JSONField(_("ukedager (0 = mandag)"), default=list, blank=True)
    every_n_days = models.PositiveSmallIntegerField(_("hver n-te dag"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutter per gang"), default=30)
    valid_from = models.DateField(_("fra"))
    valid_to = models.DateField(_("til"), null=True, blank=True)

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="measure_valid_period",
            ),
        ]


class TaskStatus(models.TextChoices):
    DONE = "done", _("Utført")
    PARTLY = "partly", _("Delvis utført")
    NOT_DONE = "not_done", _("Ikke utført")


class NotDoneReason(models.TextChoices):
    NOT_HOME = "not_home", _("Ikke hjemme")
    REFUSED = "refused", _("Ønsket ikke hjelp")
    NO_TIME = "no_time", _("Ikke tid")
    MOVED = "moved", _("Flyttet til annet tidspunkt")


class TaskRecord(models.Model):
    """Dokumentasjon: a task on the work list marked done, partly done or not done (with a reason)."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="records")
    day = models.DateField(_("dato"))
    time = models.TimeField(_("klokkeslett"))
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices)
    reason = models.CharField(_("grunn"), max_length=10, choices=NotDoneReason.choices, blank=True)
    note = models.CharField(_("merknad"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("utført oppgave")
        verbose_name_plural = _("utførte oppgaver")
        indexes = [models.Index(fields=["day", "measure"])]
        constraints = [
            models.UniqueConstraint(fields=["measure", "day", "time"], name="one_record_per_task"),
            models.CheckConstraint(
                condition=~Q(status="not_done") | ~Q(reason=""), name="not_done_has_reason"
            ),
        ]
