"""The service catalogue: the care ladder, services, and threshold rules that say who fits which service."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhet.core.models import Municipality, TimestampedModel


class CareLevel(TimestampedModel):
    """Omsorgsnivå: one step of the municipality's care ladder (omsorgstrappen), lowest first."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="care_levels")
    position = models.PositiveSmallIntegerField(_("trinn"))
    name = models.CharField(_("navn"), max_length=100)
    description = models.TextField(_("beskrivelse"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("omsorgsnivå")
        verbose_name_plural = _("omsorgstrappen")
        ordering = ["municipality", "position"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "position"], name="care_level_unique_position")
        ]

    def __str__(self) -> str:
        return self.name


class LifeSituation(models.Model):
    """Livssituasjon: how citizens look for help ("Eldre som bor hjemme", "Barn og familie", …)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="life_situations")
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        verbose_name = _("livssituasjon")
        verbose_name_plural = _("livssituasjoner")
        ordering = ["municipality", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="life_situation_unique")]

    def __str__(self) -> str:
        return self.name


class PreventionLevel(models.TextChoices):
    NONE = "", _("Ikke forebyggende")
    UNIVERSAL = "universal", _("Universell")
    SELECTIVE = "selective", _("Selektiv")
    INDICATED = "indicated", _("Indikert")


class PaymentRule(models.TextChoices):
    FREE = "free", _("Gratis")
    INCOME_CAPPED = "income_capped", _("Egenandel etter inntekt, med tak")
    PER_DAY = "per_day", _("Egenandel per døgn eller dag")


class Service(TimestampedModel):
    """Tjeneste: a service the municipality offers, with its legal basis and plain-language texts."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(_("navn"), max_length=150)
    kpr_code = models.PositiveSmallIntegerField(_("tjenestekode i KPR"), null=True, blank=True)
    description = models.TextField(_("hva tjenesten er"), max_length=2000)
    who_for = models.TextField(_("hvem kan få den"), blank=True, max_length=2000)
    how_to_apply = models.TextField(_("slik søker du"), blank=True, max_length=2000)
    legal_basis = models.JSONField(_("hjemmel"), default=list, blank=True)
    care_level = models.ForeignKey(
        CareLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("omsorgsnivå"),
        help_text=_("Tomt for tjenester utenfor omsorgstrappen (for eksempel NAV)."),
    )
    requires_decision = models.BooleanField(_("krever vedtak"), default=False)
    prevention_level = models.CharField(
        _("forebyggingsnivå"), max_length=10, choices=PreventionLevel.choices, blank=True, default=""
    )
    payment_rule = models.CharField(
        _("betaling"), max_length=15, choices=PaymentRule.choices, default=PaymentRule.FREE
    )
    payment_note = models.CharField(_("om betalingen"), max_length=300, blank=True)
    provider_units = models.ManyToManyField(
        "organisation.Unit", blank=True, related_name="services", verbose_name=_("utførende enheter")
    )
    life_situations = models.ManyToManyField(
        LifeSituation, blank=True, related_name="services", verbose_name=_("livssituasjoner")
    )
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("tjeneste")
        verbose_name_plural = _("tjenester")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="service_unique_name")]
        indexes = [models.Index(fields=["municipality", "active"])]

    def __str__(self) -> str:
        return self.name


class FunctionalVariable(models.Model):
    """Funksjonsvariabel (IPLOS): an assessed function, scored 1–5 or 9 (not relevant). Reference data."""

    class Kind(models.TextChoices):
        HELP = "help", _("Bistandsbehov")
        IMPAIRMENT = "impairment", _("Funksjonsnedsettelse")

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    noun = models.CharField(
        _("i en setning"), max_length=100, help_text=_("«personlig hygiene» i «trenger hjelp med …»")
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.HELP)
    position = models.PositiveSmallIntegerField(default=0)
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        verbose_name = _("funksjonsvariabel")
        verbose_name_plural = _("funksjonsvariabler")
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class ThresholdRule(TimestampedModel):
    """Terskelverdi: when a service fits, as machine-readable criteria and plain words; versioned by date."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="threshold_rules")
    criteria = models.JSONField(_("kriterier"))
    plain_text = models.TextField(_("forklaring i klarspråk"), blank=True, max_length=2000)
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)

    class Meta:
        verbose_name = _("terskelverdi")
        verbose_name_plural = _("terskelverdier")
        ordering = ["service", "-valid_from"]
        indexes = [models.Index(fields=["service", "valid_from"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="threshold_valid_period",
            )
        ]
