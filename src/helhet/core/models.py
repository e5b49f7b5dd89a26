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

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]  # django-stubs does not declare this Meta
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
