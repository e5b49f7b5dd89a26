"""The municipality's organisation over time: units, their parents and leaders, staff and engagements.

Every unit, parent link, leader link and engagement has valid_from/valid_to (valid_to inclusive,
empty while open), so the organisation can be read as it stood on any date.
"""

import datetime
from typing import Self, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhet.core.models import Municipality, TimestampedModel

_M = TypeVar("_M", bound=models.Model)


class ValidityQuerySet(models.QuerySet[_M]):
    def valid_on(self, day: datetime.date) -> Self:
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class ValidityPeriod(models.Model):
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


def _period_constraint(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")), name=name
    )


class UnitKind(models.TextChoices):
    AREA = "area", _("Kommunalsjefområde")
    UNIT = "unit", _("Virksomhet")
    DEPARTMENT = "department", _("Avdeling")
    TEAM = "team", _("Team")
    OFFICE = "office", _("Kontor")


class ServiceArea(models.TextChoices):
    """Tjenesteområde: the legal field a unit works in. Case files do not cross areas without a ground
    (helsepersonelloven § 21 a, sosialtjenesteloven § 44, forvaltningsloven § 13)."""

    HEALTH_CARE = "health_care", _("Helse og omsorg")
    SOCIAL = "social", _("Sosiale tjenester i NAV")


class Unit(TimestampedModel, ValidityPeriod):
    """Enhet: an area, unit (virksomhet), department, team or office of the municipality."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("navn"), max_length=150)
    kind = models.CharField(_("type"), max_length=20, choices=UnitKind.choices)
    service_area = models.CharField(
        _("tjenesteområde"),
        max_length=20,
        choices=ServiceArea.choices,
        blank=True,
        help_text=_("Tomt: som overordnet enhet."),
    )

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["name"]
        indexes = [models.Index(fields=["municipality", "valid_from", "valid_to"])]
        constraints = [_period_constraint("unit_valid_period")]

    def __str__(self) -> str:
        return self.name


class UnitParent(ValidityPeriod):
    """Overordnet enhet: where a unit sat in the tree during a period."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="parent_links")
    parent = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="child_links")

    class Meta:
        verbose_name = _("overordnet enhet")
        verbose_name_plural = _("overordnede enheter")
        constraints = [
            _period_constraint("unitparent_valid_period"),
            models.CheckConstraint(condition=~Q(unit=models.F("parent")), name="unit_not_own_parent"),
        ]


class Staff(TimestampedModel):
    """Ansatt: a member of staff, possibly with a login."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="staff"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bruker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
    )
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("etternavn"), max_length=100)
    profession = models.CharField(_("profesjon"), max_length=100, blank=True)
    title = models.CharField(_("stillingstittel"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("ansatt")
        verbose_name_plural = _("ansatte")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Leadership(ValidityPeriod):
    """Lederskap: who led a unit during a period."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="leaderships")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="leaderships")
    title = models.CharField(_("ledertittel"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("lederskap")
        verbose_name_plural = _("lederskap")
        constraints = [_period_constraint("leadership_valid_period")]


class Engagement(ValidityPeriod):
    """Arbeidsforhold: a member of staff working in a unit, with role and FTE (stillingsprosent)."""

    staff = models.ForeignKey(Staff, on_delete=models.CASCADE, related_name="engagements")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="engagements")
    role = models.CharField(_("rolle"), max_length=100, blank=True)
    fte = models.DecimalField(_("stillingsandel"), max_digits=4, decimal_places=3)

    class Meta:
        verbose_name = _("arbeidsforhold")
        verbose_name_plural = _("arbeidsforhold")
        indexes = [models.Index(fields=["unit", "valid_from"])]
        constraints = [
            _period_constraint("engagement_valid_period"),
            models.CheckConstraint(condition=Q(fte__gt=0) & Q(fte__lte=1), name="engagement_fte_range"),
        ]


class UnitShare(ValidityPeriod):
    """Interkommunalt samarbeid: a unit hosted by one municipality and shared with another."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="shares")
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="shared_units", verbose_name=_("kommune")
    )

    class Meta:
        verbose_name = _("delt enhet")
        verbose_name_plural = _("delte enheter")
        constraints = [_period_constraint("unitshare_valid_period")]


class UnitAlias(models.Model):
    """Alternativt navn: another spelling of a unit's name, used when importing lists."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="unit_aliases")
    alias = models.CharField(_("alternativt navn"), max_length=150)
    alias_key = models.CharField(max_length=150, editable=False)
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("enhet"))

    class Meta:
        verbose_name = _("alternativt enhetsnavn")
        verbose_name_plural = _("alternative enhetsnavn")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "alias_key"],
                name="unit_alias_unique",
                violation_error_message=_("Dette navnet er allerede knyttet til en enhet."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.alias} → {self.unit}"


class Frequency(models.TextChoices):
    DAILY = "daily", _("Daglig")
    WEEKLY = "weekly", _("Ukentlig")
    BIWEEKLY = "biweekly", _("Annenhver uke")
    MONTHLY = "monthly", _("Månedlig")
    EVERY_SIXTH_WEEK = "six_weeks", _("Hver sjette uke")
    HALF_YEARLY = "half_yearly", _("Halvårlig")
    AS_NEEDED = "as_needed", _("Ved behov")
    UNKNOWN = "unknown", _("Ukjent")


FREQUENCY_WEIGHT: dict[str, int] = {
    Frequency.DAILY: 6,
    Frequency.WEEKLY: 5,
    Frequency.BIWEEKLY: 4,
    Frequency.MONTHLY: 3,
    Frequency.EVERY_SIXTH_WEEK: 2,
    Frequency.HALF_YEARLY: 1,
    Frequency.AS_NEEDED: 1,
    Frequency.UNKNOWN: 1,
}


class CollaborationLink(TimestampedModel):
    """Samarbeidsrelasjon: two units (or roles within them) that work together, how often and why."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="collaboration_links"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="collaborations_from", verbose_name=_("enhet")
    )
    role = models.CharField(_("rolle"), max_length=100, blank=True)
    partner = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="collaborations_to", verbose_name=_("samarbeidspartner")
    )
    partner_role = models.CharField(_("partnerens rolle"), max_length=100, blank=True)
    frequency = models.CharField(
        _("hyppighet"), max_length=20, choices=Frequency.choices, default=Frequency.UNKNOWN
    )
    frequency_text = models.CharField(_("hyppighet slik den ble oppgitt"), max_length=100, blank=True)
    purpose = models.TextField(_("formål"), blank=True, max_length=1000)
    source = models.CharField(_("kilde"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("samarbeidsrelasjon")
        verbose_name_plural = _("samarbeidsrelasjoner")
        ordering = ["unit__name", "partner__name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(unit=models.F("partner")) | ~Q(role=models.F("partner_role")),
                name="collaboration_two_parties",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ↔ {self.partner}"
