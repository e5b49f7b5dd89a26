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

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="leaderships")
    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="leaderships")
    title = models.CharField(_("ledertittel"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("lederskap")
        verbose_name_plural = _("lederskap")
        constraints = [_period_constraint("leadership_valid_period")]


class Engagement(ValidityPeriod):
    """Arbeidsforhold: a member of staff working in a unit, with role and FTE (stillingsprosent)."""

    staff = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="engagements")
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


class ExternalPartyKind(models.TextChoices):
    GP = "gp", _("Fastlege")
    HOSPITAL = "hospital", _("Sykehus/spesialisthelsetjenesten")
    SCHOOL = "school", _("Skole/barnehage")
    POLICE = "police", _("Politi")
    VOLUNTEERS = "volunteers", _("Frivillige")
    USERS_AND_RELATIVES = "users_relatives", _("Brukere og pårørende")
    MUNICIPALITY = "municipality", _("Annen kommune")
    OTHER = "other", _("Annet")


class ExternalParty(TimestampedModel, ValidityPeriod):
    """Ekstern samarbeidspart: a GP, the hospital, a school, the police, volunteers, users and relatives or
    another municipality that the municipality's units work with. Never a unit: it has no place in the
    org chart, span of control, unit lists or routing."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="external_parties"
    )
    name = models.CharField(_("navn"), max_length=150)
    name_key = models.CharField(max_length=150, editable=False)
    kind = models.CharField(_("type"), max_length=20, choices=ExternalPartyKind.choices)

    class Meta:
        verbose_name = _("ekstern samarbeidspart")
        verbose_name_plural = _("eksterne samarbeidsparter")
        ordering = ["name"]
        constraints = [
            _period_constraint("externalparty_valid_period"),
            models.UniqueConstraint(
                fields=["municipality", "name_key"],
                name="external_party_unique_name",
                violation_error_message=_("Det finnes allerede en ekstern samarbeidspart med dette navnet."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UnitAlias(models.Model):
    """Alternativt navn: another spelling of a unit's name, used when importing lists. It points to a unit
    (possibly in a role there), to an external party, or only to a role (a role in the unit on the other
    side of the row)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="unit_aliases")
    alias = models.CharField(_("alternativt navn"), max_length=150)
    alias_key = models.CharField(max_length=150, editable=False)
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("enhet"), null=True, blank=True
    )
    role = models.CharField(_("rolle"), max_length=100, blank=True)
    external_party = models.ForeignKey(
        ExternalParty,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("ekstern samarbeidspart"),
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("alternativt enhetsnavn")
        verbose_name_plural = _("alternative enhetsnavn")
        ordering = ["alias"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "alias_key"],
                name="unit_alias_unique",
                violation_error_message=_("Dette navnet er allerede knyttet til en enhet."),
            ),
            models.CheckConstraint(
                condition=(Q(unit__isnull=True) | Q(external_party__isnull=True))
                & (Q(unit__isnull=False) | Q(external_party__isnull=False) | ~Q(role="")),
                name="unit_alias_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alias} → {self.target_label}"

    @property
    def target_label(self) -> str:
        if self.external_party_id:
            return str(self.external_party)
        if self.unit_id and self.role:
            return f"{self.unit} ({self.role})"
        if self.unit_id:
            return str(self.unit)
        return str(_("rollen «%(role)s»") % {"role": self.role})


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
    """Samarbeidsrelasjon: a unit (or a role in it) that works with another unit (or a role in it) or with an
    external party, how often and why. Exactly one of `partner` and `external_party` is set."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="collaboration_links"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="collaborations_from", verbose_name=_("enhet")
    )
    role = models.CharField(_("rolle"), max_length=100, blank=True)
    partner = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        related_name="collaborations_to",
        verbose_name=_("samarbeidspartner"),
        null=True,
        blank=True,
    )
    external_party = models.ForeignKey(
        ExternalParty,
        on_delete=models.CASCADE,
        related_name="collaborations",
        verbose_name=_("ekstern samarbeidspart"),
        null=True,
        blank=True,
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
        ordering = ["unit__name", "partner__name", "external_party__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=True)
                | ~Q(unit=models.F("partner"))
                | ~Q(role=models.F("partner_role")),
                name="collaboration_two_parties",
            ),
            models.CheckConstraint(
                condition=Q(partner__isnull=False, external_party__isnull=True)
                | Q(partner__isnull=True, external_party__isnull=False),
                name="collaboration_one_partner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} ↔ {self.partner_label}"

    @property
    def partner_label(self) -> str:
        """The partner as a person reads it: the unit or the external party, with the role if any."""
        name = str(self.partner if self.partner_id else self.external_party)
        return f"{name} ({self.partner_role})" if self.partner_role else name


class PendingImport(TimestampedModel):
    """Ventende import: an uploaded collaboration list kept while the user decides on its unknown names.

    `decisions` maps a name's key to what the user chose for it: {"action": "unit", "unit": id},
    {"action": "external", "kind": kind, "name": name}, {"action": "role", "role": text} or
    {"action": "ignore"}. Nothing reaches the organisation until the import is applied."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="pending_imports", verbose_name=_("kommune")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lastet opp av"),
    )
    source = models.CharField(_("kilde"), max_length=200)
    csv_text = models.TextField(_("innhold"))
    decisions = models.JSONField(_("valg"), default=dict, blank=True)
    applied_at = models.DateTimeField(_("lagret"), null=True, blank=True)

    class Meta:
        verbose_name = _("ventende import")
        verbose_name_plural = _("ventende importer")
        indexes = [models.Index(fields=["municipality", "created_at"])]

    def __str__(self) -> str:
        return self.source


# Reorganisation scenarios: separate tables, see their module.
# Rooms and rotating leadership live in their own module; imported here so Django registers them.
from helhet.organisation.resources import (  # noqa: E402, F401
    BookingPurpose,
    LeadershipRotation,
    PeriodUnit,
    Room,
    RoomBooking,
    RotationMember,
)
from helhet.organisation.scenario_models import (  # noqa: E402, F401
    Scenario,
    ScenarioPlacement,
    ScenarioStatus,
    ScenarioUnit,
)

# --- Workshop priorities (domain.md §0 C) --------------------------------------------------------------


class WorkshopPhase(models.TextChoices):
    OPEN = "open", _("Innspill og temaer")
    RANKING = "ranking", _("Rangering")
    CLOSED = "closed", _("Avsluttet")


class Workshop(TimestampedModel):
    """Verksted: groups write considerations for an organisation, the facilitator groups them into themes,
    and each group ranks the themes. Phases: open (considerations and themes) → ranking → closed."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("kommune"), on_delete=models.PROTECT, related_name="workshops"
    )
    title = models.CharField(_("tittel"), max_length=200)
    question = models.TextField(_("spørsmål til gruppene"), max_length=2000, blank=True)
    held_on = models.DateField(_("dato"))
    phase = models.CharField(
        _("fase"), max_length=20, choices=WorkshopPhase.choices, default=WorkshopPhase.OPEN
    )

    class Meta:
        verbose_name = _("verksted")
        verbose_name_plural = _("verksteder")
        ordering = ["-held_on", "title"]

    def __str__(self) -> str:
        return self.title


class WorkshopGroup(models.Model):
    """Verkstedgruppe: one of the groups at a workshop, which writes considerations and ranks the themes."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("verksted"), on_delete=models.CASCADE, related_name="groups"
    )
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        verbose_name = _("verkstedgruppe")
        verbose_name_plural = _("verkstedgrupper")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workshop", "name"], name="workshopgroup_unique_name")]

    def __str__(self) -> str:
        return self.name


class WorkshopTheme(models.Model):
    """Tema: the facilitator's heading for considerations that belong together; what the groups rank."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("verksted"), on_delete=models.CASCADE, related_name="themes"
    )
    name = models.CharField(_("navn"), max_length=150)

    class Meta:
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["workshop", "name"], name="workshoptheme_unique_name")]

    def __str__(self) -> str:
        return self.name


class Consideration(models.Model):
    """Hensyn: one consideration a group wrote in free text, later placed under a theme."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("verksted"), on_delete=models.CASCADE, related_name="considerations"
    )
    group = models.ForeignKey(
        WorkshopGroup, verbose_name=_("gruppe"), on_delete=models.CASCADE, related_name="considerations"
    )
    text = models.TextField(_("hensyn"), max_length=1000)
    theme = models.ForeignKey(
        WorkshopTheme,
        verbose_name=_("tema"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="considerations",
    )

    class Meta:
        verbose_name = _("hensyn")
        verbose_name_plural = _("hensyn")
        ordering = ["group__name", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class ThemeRanking(models.Model):
    """Rangering: the place (1 = most important) a group gave a theme; equal places are a tie, and a theme
    the group did not place has no row."""

    group = models.ForeignKey(
        WorkshopGroup, verbose_name=_("gruppe"), on_delete=models.CASCADE, related_name="rankings"
    )
    theme = models.ForeignKey(
        WorkshopTheme, verbose_name=_("tema"), on_delete=models.CASCADE, related_name="rankings"
    )
    place = models.PositiveSmallIntegerField(_("plass"))

    class Meta:
        verbose_name = _("rangering")
        verbose_name_plural = _("rangeringer")
        constraints = [
            models.UniqueConstraint(fields=["group", "theme"], name="themeranking_unique"),
            models.CheckConstraint(condition=Q(place__gte=1), name="themeranking_place_positive"),
        ]
