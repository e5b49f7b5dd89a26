"""Tenant, users and the base model every other app builds on."""

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhet.core.appendonly import AppendOnlyError, AppendOnlyModel, AppendOnlyQuerySet


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


class ChangeOperation(models.TextChoices):
    CREATE = "create", _("Opprettet")
    UPDATE = "update", _("Endret")
    DELETE = "delete", _("Fjernet")


# The change history's refusals used to have their own exception; it is the append-only one.
AppendOnlyChangeError = AppendOnlyError


class ChangeRecordQuerySet(AppendOnlyQuerySet):
    def for_object(self, obj):
        label, pk = obj._meta.label_lower, obj.pk
        return self.filter(
            models.Q(object_type=label, object_id=pk) | models.Q(scope_type=label, scope_id=pk)
        )


class ChangeRecord(AppendOnlyModel):
    """Endring (endringshistorikk): one field of one object as a service changed it, with the old and new
    value as shown to people, who did it and when. Written by the services in the change's own transaction;
    append-only (core.appendonly: the model, the queryset and the database refuse changes and deletes). `scope` is the object whose page shows the row (a relative's change shows on the person)."""

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kommune"),
    )
    object_type = models.CharField(_("objekttype"), max_length=60)
    object_id = models.PositiveBigIntegerField(_("objekt-id"))
    object_label = models.CharField(_("objekt"), max_length=200, blank=True)
    scope_type = models.CharField(_("vises på type"), max_length=60)
    scope_id = models.PositiveBigIntegerField(_("vises på id"))
    operation = models.CharField(_("handling"), max_length=10, choices=ChangeOperation.choices)
    field = models.CharField(_("felt"), max_length=60)
    field_label = models.CharField(_("feltnavn"), max_length=100)
    old_value = models.TextField(_("gammel verdi"), blank=True)
    new_value = models.TextField(_("ny verdi"), blank=True)
    actor = models.ForeignKey(
        "core.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utført av"),
        help_text=_("Tom bare for systemjobber og kommandoer."),
    )
    actor_label = models.CharField(_("utført av (navn)"), max_length=150)
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    group = models.UUIDField(
        _("endringsgruppe"), help_text=_("Felt endret i samme lagring har samme gruppe.")
    )
    reason = models.CharField(_("begrunnelse"), max_length=200, blank=True)

    objects = ChangeRecordQuerySet.as_manager()  # type: ignore[misc]  # the append-only manager, with for_object

    class Meta:
        verbose_name = _("endring")
        verbose_name_plural = _("endringshistorikk")
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"], name="change_object_at"),
            models.Index(fields=["scope_type", "scope_id", "at"], name="change_scope_at"),
            models.Index(fields=["municipality", "object_type", "at"], name="change_muni_type_at"),
        ]

    def __str__(self) -> str:
        return f"{self.object_type}#{self.object_id}.{self.field}"
