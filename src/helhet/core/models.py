"""Tenant, users and the base model every other app builds on."""

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimestampedModel(models.Model):
    """Created/updated timestamps and a version number for optimistic locking."""

    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    updated_at = models.DateTimeField(_("endret"), auto_now=True)
    version = models.PositiveIntegerField(_("versjon"), default=1, editable=False)

    class Meta:
        abstract = True


kommunenummer_validator = RegexValidator(r"^\d{4}$", _("Kommunenummeret må bestå av nøyaktig fire siffer."))


class Municipality(TimestampedModel):
    """Kommune: the tenant that owns all person, case and organisation data."""

    number = models.CharField(
        _("kommunenummer"), max_length=4, unique=True, validators=[kommunenummer_validator]
    )
    name = models.CharField(_("navn"), max_length=100)
    span_of_control_limit = models.PositiveSmallIntegerField(
        _("grense for lederspenn"), default=40, help_text=_("Antall ansatte per leder før det varsles.")
    )

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__regex=r"^[0-9]{4}$"), name="municipality_number_four_digits"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.number})"


class User(AbstractUser):
    """Bruker: a person who logs in, acting for exactly one municipality."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("kommune"),
        on_delete=models.PROTECT,
        related_name="users",
        null=True,
        blank=True,
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Under arbeid")
    READY = "ready", _("Klar")
    FAILED = "failed", _("Feilet")


class Export(models.Model):
    """Eksport: a file a background job makes for one user (a PDF or a CSV), offered for download when
    ready and pruned after HELHET_EXPORT_HOURS. Only the user who asked may fetch it."""

    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(
        "core.User", on_delete=models.CASCADE, related_name="+", verbose_name=_("bestilt av")
    )
    kind = models.CharField(_("type"), max_length=40)
    title = models.CharField(_("tittel"), max_length=200)
    params = models.JSONField(_("valg"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    filename = models.CharField(_("filnavn"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content = models.BinaryField(blank=True, default=b"")
    size = models.PositiveIntegerField(_("størrelse"), default=0)
    error = models.CharField(_("feil"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("bestilt"), auto_now_add=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)

    class Meta:
        verbose_name = _("eksport")
        verbose_name_plural = _("eksporter")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "created_at"]), models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return self.title
