"""The service catalogue: the care ladder, services, and threshold rules that say who fits which service."""

import copy
import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhet.core.models import Municipality, TimestampedModel
from helhet.organisation.models import ServiceArea


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
    FIXED_PRICE = "fixed_price", _("Egenandel med fast pris")
    MAY_COST = "may_cost", _("Kan koste noe")


class LegalRegime(TimestampedModel):
    """Rettsregime: the body of law a group of services is decided under (health and care, social services
    in NAV). What it says at a given date lives in its versions."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="legal_regimes")
    code = models.SlugField(_("kode"), max_length=30)
    name = models.CharField(_("navn"), max_length=150)
    service_area = models.CharField(_("tjenesteområde"), max_length=20, choices=ServiceArea.choices)

    class Meta:
        verbose_name = _("rettsregime")
        verbose_name_plural = _("rettsregimer")
        ordering = ["municipality", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "code"], name="legal_regime_unique_code")
        ]

    def __str__(self) -> str:
        return self.name

    def version_on(self, day) -> "LegalRegimeVersion | None":
        return self.versions.in_force_on(day).first()


class LegalRegimeVersionQuerySet(models.QuerySet["LegalRegimeVersion"]):
    def in_force_on(self, day: datetime.date) -> "LegalRegimeVersionQuerySet":
        """The versions in force on `day`, the latest first (the first is the one that applies)."""
        return (
            self.filter(valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            .order_by("-valid_from")
        )


# The texts of a regime version a nynorsk letter may print differently (LegalRegimeVersion.nynorsk).
NYNORSK_TEXT_FIELDS = (
    "deciding_office",
    "appeal_deadline_rule",
    "appeal_deadline_start",
    "appeal_lodged_with",
    "appeal_body",
    "appeal_body_rule",
    "appeal_form_rule",
    "ombud_text",
    "interim_rule",
    "advance_notice_rule",
    "document_access_rule",
    "reasons_rule",
    "office_name",
)


def _renamed(text: str, renames: dict[str, str]) -> str:
    """`text` with each act's bokmål name replaced by its nynorsk one, longest names first."""
    for old in sorted(renames, key=len, reverse=True):
        text = text.replace(old, renames[old])
    return text


class LegalRegimeVersion(TimestampedModel):
    """Versjon av rettsregimet: the acts, who decides, the appeal rules and the deciding office's letterhead
    from a valid-from date. A new act (such as the new forvaltningsloven) is a new version, not a code change."""

    regime = models.ForeignKey(LegalRegime, on_delete=models.CASCADE, related_name="versions")
    objects = LegalRegimeVersionQuerySet.as_manager()
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    acts = models.JSONField(
        _("lover"),
        default=dict,
        help_text=_(
            "Forkortelse → lovens fulle navn, for eksempel «hol» → «helse- og omsorgstjenesteloven»."
        ),
    )
    deciding_office = models.CharField(_("hvem fatter vedtak"), max_length=150)
    appeal_weeks = models.PositiveSmallIntegerField(
        _("klagefrist i uker"),
        validators=[
            MinValueValidator(1, _("Klagefristen må være minst én uke.")),
            MaxValueValidator(12, _("Klagefristen kan ikke være mer enn tolv uker.")),
        ],
    )
    appeal_deadline_rule = models.CharField(_("hjemmel for klagefristen"), max_length=300)
    appeal_deadline_start = models.CharField(_("når klagefristen begynner å løpe"), max_length=300)
    appeal_lodged_with = models.CharField(_("klagen sendes til"), max_length=150)
    appeal_body = models.CharField(_("klageinstans"), max_length=150)
    appeal_body_rule = models.CharField(_("hjemmel for klageinstansen"), max_length=300)
    appeal_form_rule = models.CharField(_("hjemmel for krav til klagen"), max_length=300)
    names_ombud = models.BooleanField(_("nevn pasient- og brukerombudet"), default=False)
    ombud_text = models.CharField(_("om pasient- og brukerombudet"), max_length=500, blank=True)
    interim_rule = models.CharField(_("hjemmel for foreløpig svar"), max_length=300)
    advance_notice_rule = models.CharField(_("hjemmel for forhåndsvarsel"), max_length=300)
    document_access_rule = models.CharField(_("hjemmel for innsyn"), max_length=300)
    reasons_rule = models.CharField(_("hjemmel for begrunnelse"), max_length=300)
    office_name = models.CharField(_("kontor"), max_length=150)
    street_address = models.CharField(_("adresse"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=4, blank=True)
    postal_place = models.CharField(_("poststed"), max_length=100, blank=True)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-post"), max_length=200, blank=True)
    sources = models.TextField(_("kilder"), blank=True, max_length=4000)
    nynorsk = models.JSONField(
        _("tekster på nynorsk"),
        default=dict,
        blank=True,
        help_text=_(
            "Tekstene i brev på nynorsk: lovenes navn («acts») og kontorets, klageinstansens og fristens tekster. "
            "Det som mangler, skrives på bokmål."
        ),
    )

    class Meta:
        verbose_name = _("versjon av rettsregime")
        verbose_name_plural = _("versjoner av rettsregimer")
        ordering = ["regime", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["regime", "valid_from"], name="legal_regime_version_unique_from"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="legal_regime_version_valid_period",
            ),
            models.CheckConstraint(
                condition=Q(appeal_weeks__gte=1) & Q(appeal_weeks__lte=12), name="legal_regime_appeal_weeks"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.regime.name} ({self.valid_from:%d.%m.%Y})"

    def expand(self, reference: str) -> str:
        """«hol § 3-2 …» → «helse- og omsorgstjenesteloven § 3-2 …»; a reference already in full stays
        (in a nynorsk version, with the act's nynorsk name)."""
        head, sep, rest = reference.strip().partition(" ")
        full = self.acts.get(head) or self.acts.get(head.rstrip("."))
        expanded = f"{full}{sep}{rest}" if full else reference.strip()
        return _renamed(expanded, getattr(self, "_act_renames", {}))

    def clean(self) -> None:
        super().clean()
        texts = self.nynorsk if isinstance(self.nynorsk, dict) else None
        acts = texts.get("acts", {}) if texts is not None else None
        if (
            texts is None
            or set(texts) - {"acts", *NYNORSK_TEXT_FIELDS}
            or not isinstance(acts, dict)
            or not all(isinstance(v, str) for k, v in texts.items() if k != "acts")
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in acts.items())
        ):
            raise ValidationError(
                {
                    "nynorsk": _(
                        "Tekstene på nynorsk må være lovenes navn («acts») og tekstfeltene i versjonen."
                    )
                }
            )

    def in_written_form(self, written_form: str) -> "LegalRegimeVersion":
        """This version as a letter in `written_form` prints it: for nynorsk, the texts and act names given in
        `nynorsk` replace the bokmål ones (a full act name in any rule becomes the nynorsk name). A copy,
        never saved; bokmål, or a version without nynorsk texts, is the version itself."""
        if written_form != "nn" or not self.nynorsk:
            return self
        version = copy.copy(self)
        nynorsk_acts = self.nynorsk.get("acts", {})
        renames = {self.acts[a]: name for a, name in nynorsk_acts.items() if a in self.acts and name.strip()}
        version.acts = {**self.acts, **{a: n for a, n in nynorsk_acts.items() if n.strip()}}
        for name in NYNORSK_TEXT_FIELDS:
            text = self.nynorsk.get(name, "")
            setattr(version, name, text if text.strip() else _renamed(getattr(self, name), renames))
        version._act_renames = renames  # type: ignore[attr-defined]  # read by expand()
        return version

    def expand_all(self, references) -> list[str]:
        return [self.expand(reference) for reference in references]


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
    legal_regime = models.ForeignKey(
        LegalRegime,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="services",
        verbose_name=_("rettsregime"),
    )
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
    # domain.md §0 D: thresholds per team, so it is clear what each team works on. Blank: the whole service.
    team = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="threshold_rules",
        verbose_name=_("team"),
        help_text=_("Tomt: regelen gjelder tjenesten uansett team."),
    )
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


class SearchTerm(models.Model):
    """Søkeord: an everyday word or phrase citizens use («hjemmehjelp», «husleie») that leads to services.
    The municipality's own data: defaults are installed with the catalogue, the administrator edits them."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="search_terms")
    word = models.CharField(
        _("ord"), max_length=60, help_text=_("Slik innbyggerne sier det, for eksempel «hjemmehjelp».")
    )
    services = models.ManyToManyField(Service, related_name="search_terms", verbose_name=_("tjenester"))

    class Meta:
        verbose_name = _("søkeord")
        verbose_name_plural = _("søkeord")
        ordering = ["municipality", "word"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "word"], name="search_term_unique_word")
        ]

    def __str__(self) -> str:
        return self.word


class ServiceOffice(TimestampedModel):
    """Kontor: where citizens apply for a service area's services (tjenestekontoret, NAV-kontoret), with
    phone, address and opening hours in plain words. The municipality's own data."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="service_offices")
    service_area = models.CharField(_("tjenesteområde"), max_length=20, choices=ServiceArea.choices)
    name = models.CharField(_("navn"), max_length=150)
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-post"), max_length=200, blank=True)
    street_address = models.CharField(_("besøksadresse"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=4, blank=True)
    postal_place = models.CharField(_("poststed"), max_length=100, blank=True)
    opening_hours = models.CharField(
        _("åpningstider"),
        max_length=300,
        blank=True,
        help_text=_("For eksempel «Mandag–fredag 08.00–15.30»."),
    )

    class Meta:
        verbose_name = _("kontor")
        verbose_name_plural = _("kontorer")
        ordering = ["municipality", "service_area"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "service_area"], name="service_office_unique_area"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def address_line(self) -> str:
        place = " ".join(p for p in (self.postal_code, self.postal_place) if p)
        return ", ".join(p for p in (self.street_address, place) if p)
