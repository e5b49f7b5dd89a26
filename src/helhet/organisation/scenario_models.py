"""Omorganiseringsscenario: a draft organisation copied from today's, changed on paper, compared and
perhaps published.

The draft lives in its own tables (Scenario, ScenarioUnit, ScenarioPlacement) and never as rows of the
live `Unit`, `Engagement` or `Leadership`: no query of live units (routing, the org chart, span of
control, unit selects, need-to-know) can ever see a draft, because none of them reads these tables.
Each draft unit remembers the live unit it was copied from (`source`) and its place and leader at the
copy (`base_parent`, `base_leader`); each placement remembers its unit at the copy (`base_unit`). That
base is what publishing compares with the live organisation, so it changes only what the scenario
changed and refuses when the live organisation has moved under the same units since the copy.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhet.core.models import Municipality, TimestampedModel
from helhet.organisation.models import Engagement, Staff, Unit, UnitKind


class ScenarioStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    PUBLISHED = "published", _("Publisert")


class Scenario(TimestampedModel):
    """Omorganiseringsscenario: a draft of the organisation, copied from the live one on `based_on`."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.CASCADE, related_name="scenarios"
    )
    name = models.CharField(_("navn"), max_length=150)
    based_on = models.DateField(_("kopiert fra organisasjonen per"))
    status = models.CharField(
        _("status"), max_length=20, choices=ScenarioStatus.choices, default=ScenarioStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("laget av"), on_delete=models.PROTECT, related_name="+"
    )
    published_from = models.DateField(_("gjelder fra"), null=True, blank=True)
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("publisert av"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("omorganiseringsscenario")
        verbose_name_plural = _("omorganiseringsscenarier")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ScenarioStatus.DRAFT, published_from__isnull=True)
                | Q(status=ScenarioStatus.PUBLISHED, published_from__isnull=False),
                name="scenario_published_has_date",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_draft(self) -> bool:
        return self.status == ScenarioStatus.DRAFT


class ScenarioUnit(models.Model):
    """Enhet i scenario: a unit of the draft. Copied from a live unit (`source`) or new in the draft
    (a split or a merger); a unit merged away keeps its row with `merged_into` set."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="units")
    source = models.ForeignKey(
        Unit,
        verbose_name=_("enhet i dagens organisasjon"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField(_("navn"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("overordnet enhet"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
    )
    leader = models.ForeignKey(
        Staff, verbose_name=_("leder"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    base_parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    base_leader = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("slått sammen med"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
    )
    published_as = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("enhet i scenario")
        verbose_name_plural = _("enheter i scenario")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="scenariounit_not_own_parent"),
            models.UniqueConstraint(
                fields=["scenario", "source"], condition=Q(source__isnull=False), name="scenariounit_one_copy"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.merged_into_id is None


class ScenarioPlacement(models.Model):
    """Plassering i scenario: a member of staff in a draft unit (one per engagement copied)."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="placements")
    staff = models.ForeignKey(Staff, verbose_name=_("ansatt"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        ScenarioUnit, verbose_name=_("enhet"), on_delete=models.CASCADE, related_name="placements"
    )
    base_unit = models.ForeignKey(ScenarioUnit, on_delete=models.CASCADE, related_name="+")
    source_engagement = models.ForeignKey(
        Engagement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    fte = models.DecimalField(_("stillingsandel"), max_digits=4, decimal_places=3)
    role = models.CharField(_("rolle"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("plassering i scenario")
        verbose_name_plural = _("plasseringer i scenario")
        constraints = [
            models.CheckConstraint(condition=Q(fte__gt=0) & Q(fte__lte=1), name="scenarioplacement_fte_range")
        ]
