"""The municipality's public face: its crest, contact details and the statements every page links to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from helhet.core.models import Municipality, TimestampedModel

CREST_MAX_BYTES = 100_000


class CrestType(models.TextChoices):
    SVG = "image/svg+xml", "SVG"
    PNG = "image/png", "PNG"


class PublicProfile(TimestampedModel):
    """Kommuneprofil: what citizens see of the municipality on every page (kommunevåpen, kontakt i bunnen,
    personvernerklæring og tilgjengelighetserklæring). Blank statements show the defaults."""

    municipality = models.OneToOneField(Municipality, on_delete=models.CASCADE, related_name="public_profile")
    crest = models.BinaryField(_("kommunevåpen"), blank=True, default=b"", max_length=CREST_MAX_BYTES)
    crest_type = models.CharField(_("bildetype"), max_length=20, choices=CrestType.choices, blank=True)
    contact_name = models.CharField(
        _("kontaktpunkt"), max_length=150, blank=True, help_text=_("For eksempel «Servicetorget».")
    )
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-post"), max_length=200, blank=True)
    street_address = models.CharField(_("besøksadresse"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=4, blank=True)
    postal_place = models.CharField(_("poststed"), max_length=100, blank=True)
    opening_hours = models.CharField(_("åpningstider"), max_length=300, blank=True)
    website = models.URLField(_("kommunens nettsted"), max_length=300, blank=True)
    privacy_officer = models.CharField(
        _("personvernombud"),
        max_length=300,
        blank=True,
        help_text=_("Navn og kontakt til kommunens personvernombud (personvernforordningen artikkel 13)."),
    )
    uustatus_url = models.URLField(
        _("tilgjengelighetserklæring på uustatus.no"),
        max_length=300,
        blank=True,
        help_text=_("Lenken til kommunens erklæring i Digdirs løsning uustatus, når den er laget."),
    )
    privacy_statement = models.TextField(_("personvernerklæring"), blank=True, max_length=20_000)
    accessibility_statement = models.TextField(_("tilgjengelighetserklæring"), blank=True, max_length=20_000)

    class Meta:
        verbose_name = _("kommuneprofil")
        verbose_name_plural = _("kommuneprofiler")

    def __str__(self) -> str:
        return str(self.municipality)

    @property
    def address_line(self) -> str:
        place = " ".join(p for p in (self.postal_code, self.postal_place) if p)
        return ", ".join(p for p in (self.street_address, place) if p)

    @property
    def has_contact(self) -> bool:
        return bool(self.phone or self.email or self.street_address)
