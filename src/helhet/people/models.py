"""Persons the municipality serves, their zone and their relatives."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from helhet.core.models import Municipality, TimestampedModel
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

    class Meta:
        verbose_name = _("pårørende")
        verbose_name_plural = _("pårørende")
        ordering = ["-is_next_of_kin", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(is_next_of_kin=True),
                name="one_next_of_kin_per_person",
                violation_error_message=_("Personen har allerede en nærmeste pårørende."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_representative(self) -> bool:
        return bool(self.representation)
