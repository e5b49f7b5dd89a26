"""Persons the municipality serves, their zone and their relatives."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from helhet.core.models import Municipality, TimestampedModel
from helhet.organisation.models import ServiceArea
from helhet.people import national_id


class Zone(models.Model):
    """Sone: a geographic area of the municipality (used by routing and home-care districts)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="zones", verbose_name=_("kommune")
    )
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        verbose_name = _("sone")
        verbose_name_plural = _("soner")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="zone_unique_name")]

    def __str__(self) -> str:
        return self.name


class Sex(models.TextChoices):
    MALE = "M", _("Mann")
    FEMALE = "K", _("Kvinne")


class WrittenForm(models.TextChoices):
    """Målform: the written form of Norwegian a person wants letters and Min side in."""

    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")


class IdKind(models.TextChoices):
    FNR = national_id.FNR, _("Fødselsnummer")
    DNR = national_id.DNR, _("D-nummer")


postal_code_validator = RegexValidator(r"^\d{4}$", _("Postnummeret må ha fire siffer."))
phone_validator = RegexValidator(
    r"^\+?[0-9 ]{8,16}$", _("Skriv telefonnummeret med 8 siffer, eventuelt med landkode (+47).")
)


class Person(TimestampedModel):
    """Person: a citizen or someone staying in the municipality, identified by fødselsnummer or D-nummer."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="persons", verbose_name=_("kommune")
    )
    national_id = models.CharField(_("fødselsnummer"), max_length=11, validators=[national_id.validate])
    id_kind = models.CharField(_("type nummer"), max_length=3, choices=IdKind.choices, editable=False)
    birth_date = models.DateField(_("fødselsdato"), editable=False, db_index=True)
    sex = models.CharField(_("kjønn"), max_length=1, choices=Sex.choices, editable=False)
    first_name = models.CharField(_("fornavn"), max_length=100)
    middle_name = models.CharField(_("mellomnavn"), max_length=100, blank=True)
    last_name = models.CharField(_("etternavn"), max_length=100)
    first_name_key = models.CharField(max_length=100, editable=False, db_index=True)
    last_name_key = models.CharField(max_length=100, editable=False, db_index=True)
    street_address = models.CharField(_("adresse"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postnummer"), max_length=4, blank=True, validators=[postal_code_validator]
    )
    postal_place = models.CharField(_("poststed"), max_length=100, blank=True)
    zone = models.ForeignKey(
        Zone, on_delete=models.SET_NULL, null=True, blank=True, related_name="persons", verbose_name=_("sone")
    )
    phone = models.CharField(_("telefon"), max_length=16, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-post"), max_length=200, blank=True)
    reserved_against_digital_contact = models.BooleanField(
        _("reservert mot digital kontakt"),
        default=False,
        help_text=_("Personen har reservert seg mot digital kommunikasjon og skal få brev på papir."),
    )
    written_form = models.CharField(
        _("målform"),
        max_length=2,
        choices=WrittenForm.choices,
        blank=True,
        default="",
        help_text=_("Brev og Min side skrives på denne målformen. Ikke valgt: bokmål."),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "national_id"],
                name="person_unique_national_id",
                violation_error_message=_(
                    "Det finnes allerede en person med dette fødselsnummeret i kommunen."
                ),
            )
        ]
        indexes = [models.Index(fields=["municipality", "last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def letter_language(self) -> str:
        """The language code letters to this person are written in (bokmål unless nynorsk is chosen)."""
        return self.written_form or WrittenForm.BOKMAL

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.middle_name, self.last_name) if part)

    @property
    def masked_national_id(self) -> str:
        return national_id.mask(self.national_id)

    def derive_from_national_id(self) -> None:
        """Fill id kind, birth date, sex and search keys from the number and names."""
        parsed = national_id.parse(self.national_id)
        self.national_id = parsed.number
        self.id_kind = parsed.kind
        self.birth_date = parsed.birth_date
        self.sex = parsed.sex
        self.first_name_key = self.first_name.casefold()
        self.last_name_key = self.last_name.casefold()

    def age_on(self, day) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Ektefelle/samboer")
    CHILD = "child", _("Barn")
    PARENT = "parent", _("Forelder")
    SIBLING = "sibling", _("Søsken")
    GUARDIAN = "guardian", _("Verge")
    OTHER = "other", _("Annen")


class Representation(models.TextChoices):
    NONE = "", _("Ingen")
    POWER_OF_ATTORNEY = "fullmakt", _("Fullmakt")
    GUARDIANSHIP = "verge", _("Verge")
    PARENTAL_RESPONSIBILITY = "foreldre", _("Foreldreansvar (for barn under 18 år)")


class PowerOfAttorneyScope(models.TextChoices):
    """Hva fullmakten gjelder: what a fullmektig may do on Min side (see helhet.portal.representation)."""

    EVERYTHING = "alt", _("Alt på Min side, også helseopplysninger, plan og samtykker")
    CASES = "saker", _("Søke, følge søknader og vedtak, klage og skrive meldinger (ikke helseopplysninger)")
    FOLLOW = "folge", _("Bare følge søknader og lese vedtak")


class GuardianshipMandate(models.TextChoices):
    """Vergens mandat fra Statsforvalteren (vergemålsloven § 21): personal matters, economic matters or both."""

    PERSONAL = "personlig", _("Personlige forhold")
    ECONOMIC = "okonomisk", _("Økonomiske forhold")
    BOTH = "begge", _("Personlige og økonomiske forhold")


class Relative(TimestampedModel):
    """Pårørende: a relative or other close person, possibly the person's representative."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relatives", verbose_name=_("person")
    )
    name = models.CharField(_("navn"), max_length=200)
    relation = models.CharField(_("relasjon"), max_length=10, choices=Relation.choices)
    phone = models.CharField(_("telefon"), max_length=16, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-post"), max_length=200, blank=True)
    is_next_of_kin = models.BooleanField(_("nærmeste pårørende"), default=False)
    representation = models.CharField(
        _("representerer personen"), max_length=10, choices=Representation.choices, blank=True, default=""
    )
    national_id = models.CharField(
        _("fødselsnummer"),
        max_length=11,
        blank=True,
        default="",
        validators=[national_id.validate],
        help_text=_(
            "Trengs for at en representant skal kunne logge inn med ID-porten og følge saken på Min side."
        ),
    )

    scope = models.CharField(
        _("fullmakten gjelder"),
        max_length=10,
        choices=PowerOfAttorneyScope.choices,
        blank=True,
        default="",
        help_text=_("Bare for fullmakt: hva fullmektigen kan gjøre på Min side."),
    )
    mandate = models.CharField(
        _("vergens mandat"),
        max_length=10,
        choices=GuardianshipMandate.choices,
        blank=True,
        default="",
        help_text=_("Bare for verge: mandatet slik det står i vergeattesten fra Statsforvalteren."),
    )
    valid_from = models.DateField(_("gjelder fra"), null=True, blank=True)
    valid_to = models.DateField(
        _("gjelder til og med"),
        null=True,
        blank=True,
        help_text=_("Tomt når representasjonen ikke har sluttdato."),
    )
    ended_on = models.DateField(
        _("representasjonen avsluttet"),
        null=True,
        blank=True,
        help_text=_("Fra denne dagen kan representanten ikke lenger handle for personen."),
    )

    class Meta:
        verbose_name = _("pårørende")
        verbose_name_plural = _("pårørende")
        ordering = ["-is_next_of_kin", "name"]
        indexes = [models.Index(fields=["national_id"], name="relative_national_id")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=F("valid_from")),
                name="relative_representation_period",
                violation_error_message=_("Sluttdatoen kan ikke være før startdatoen."),
            ),
            models.CheckConstraint(
                condition=Q(scope="") | Q(representation="fullmakt"),
                name="relative_scope_only_for_fullmakt",
            ),
            models.CheckConstraint(
                condition=Q(mandate="") | Q(representation="verge"),
                name="relative_mandate_only_for_verge",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(is_next_of_kin=True),
                name="one_next_of_kin_per_person",
                violation_error_message=_("Personen har allerede en nærmeste pårørende."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_representative(self) -> bool:
        return bool(self.representation)

    def represents_on(self, day) -> bool:
        """Whether the representation is in force on `day`: registered, begun, not expired, not ended."""
        if not self.representation:
            return False
        if self.valid_from is not None and day < self.valid_from:
            return False
        if self.valid_to is not None and day > self.valid_to:
            return False
        return self.ended_on is None or day < self.ended_on


class ParentInformationGround(models.TextChoices):
    """Why parents are told only what parental responsibility needs (pasient- og brukerrettighetsloven § 3-4)."""

    CHILD_WISH = (
        "barnets_onske",
        _("Barnet (12–16 år) ønsker ikke at foreldrene får vite, av grunner som bør respekteres"),
    )
    WEIGHTY_REASONS = "tungtveiende", _("Tungtveiende hensyn til barnet taler mot at foreldrene får vite")


class ParentInformationLimitQuerySet(models.QuerySet["ParentInformationLimit"]):
    def active(self) -> "ParentInformationLimitQuerySet":
        return self.filter(withdrawn_at__isnull=True)


class ParentInformationLimit(TimestampedModel):
    """Begrenset foreldreinnsyn: staff have recorded that a child's parents shall be told only what is necessary
    to fulfil parental responsibility (pbrl § 3-4 second and third ledd, § 5-1 second ledd). Takes effect at
    once on Min side and lasts until withdrawn; who recorded it, when and why is kept."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="parent_information_limits", verbose_name=_("barnet")
    )
    ground = models.CharField(_("grunnlag"), max_length=15, choices=ParentInformationGround.choices)
    about = models.CharField(
        _("gjelder"),
        max_length=200,
        blank=True,
        help_text=_(
            "For eksempel hvilken sak eller hvilket tema barnet ikke vil at foreldrene skal vite om."
        ),
    )
    service_area = models.CharField(
        _("saker som holdes tilbake"),
        max_length=20,
        choices=ServiceArea.choices,
        blank=True,
        help_text=_(
            "Sakene i dette tjenesteområdet vises ikke for foreldrene på Min side. Tomt: ingen av barnets saker."
        ),
    )
    reason = models.TextField(_("begrunnelse"), max_length=1000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrert av")
    )
    withdrawn_at = models.DateTimeField(_("opphevet"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opphevet av"),
    )

    objects = ParentInformationLimitQuerySet.as_manager()

    class Meta:
        verbose_name = _("begrenset foreldreinnsyn")
        verbose_name_plural = _("begrenset foreldreinnsyn")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["person", "withdrawn_at"], name="parent_limit_person")]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="parent_limit_has_reason"),
        ]

    def __str__(self) -> str:
        return str(self.get_ground_display())
