"""Need-to-know (responsibilities), the append-only access log and API tokens."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhet.core.models import Municipality
from helhet.organisation.models import ServiceArea


class ResponsibilityQuerySet(models.QuerySet):
    def active_on(self, day: datetime.date):
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class Ground(models.TextChoices):
    """Grunnlag for innsyn på tvers av tjenesteområder: what lets a service area's staff read another area's case
    files about the person (helsepersonelloven § 21 a, sosialtjenesteloven § 44, forvaltningsloven § 13 a nr. 1)."""

    CONSENT = "consent", _("Samtykke")
    JOINT_CONVERSATION = "joint_conversation", _("Fellessamtale")
    INDIVIDUAL_PLAN = "individual_plan", _("Individuell plan")


class Responsibility(models.Model):
    """Ansvar: a unit, a member of staff or a whole service area is responsible for a person during a period.

    Written by the apps that create the need (a sent decision, a case assignment, a coordinator
    appointment) and ended by them; it is the only source of need-to-know for provider staff.
    A responsibility with a `ground` also lets its holders read the person's case files in another
    service area (see access.policy.case_access); `source` then says which consent, meeting or plan.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, verbose_name=_("kommune"))
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="responsibilities", verbose_name=_("person")
    )
    unit = models.ForeignKey(
        "organisation.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsibilities",
        verbose_name=_("enhet"),
    )
    staff = models.ForeignKey(
        "organisation.Staff",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsibilities",
        verbose_name=_("ansatt"),
    )
    service_area = models.CharField(
        _("tjenesteområde"),
        max_length=20,
        choices=ServiceArea.choices,
        blank=True,
        help_text=_("Hele tjenesteområdet har ansvaret (for eksempel etter samtykke i søknaden)."),
    )
    ground = models.CharField(
        _("grunnlag for innsyn på tvers"), max_length=20, choices=Ground.choices, blank=True
    )
    reason = models.CharField(_("begrunnelse"), max_length=200)
    source = models.CharField(_("kilde"), max_length=100, blank=True)
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResponsibilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("ansvar")
        verbose_name_plural = _("ansvar")
        indexes = [
            models.Index(fields=["person", "valid_from"]),
            models.Index(fields=["unit", "valid_from"]),
            models.Index(fields=["staff", "valid_from"]),
            models.Index(fields=["source"], name="responsibility_source"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(staff__isnull=False) | ~Q(service_area=""),
                name="responsibility_has_holder",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="responsibility_valid_period",
            ),
        ]


class AccessAction(models.TextChoices):
    READ = "read", _("Lest")
    SEARCH = "search", _("Vist i søk")
    CREATE = "create", _("Opprettet")
    UPDATE = "update", _("Endret")


class AppendOnlyError(Exception):
    pass


EMERGENCY_PREFIX = "Nødtilgang: "


class AccessLog(models.Model):
    """Tilgangslogg: who read or changed which person's data, when, what and why. Append-only.

    Each row carries its place in its municipality's chain (`seq`) and a keyed hash over its content and
    the previous row's hash (see access.chain), so a row inserted, changed or removed behind the
    application's back breaks the chain that `helhet verify-access-log` walks. The database refuses
    updates and deletes, and on PostgreSQL sets `at` to the transaction's time on insert.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, verbose_name=_("kommune"))
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="access_logs", verbose_name=_("person")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("bruker")
    )
    # Set by the writer (from the database's clock on PostgreSQL) before the hash is computed.
    at = models.DateTimeField(_("tidspunkt"), default=timezone.now)
    action = models.CharField(_("handling"), max_length=10, choices=AccessAction.choices)
    what = models.CharField(_("hva"), max_length=200)
    reason = models.CharField(_("begrunnelse"), max_length=200)
    channel = models.CharField(_("kanal"), max_length=10, default="web")
    seq = models.BigIntegerField(_("løpenummer i kommunens kjede"), editable=False)
    hash = models.CharField(_("kjedehash"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("tilgangslogg")
        verbose_name_plural = _("tilgangslogg")
        indexes = [
            models.Index(fields=["person", "-at"]),
            models.Index(fields=["user", "-at"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "seq"], name="accesslog_one_row_per_link"),
            models.CheckConstraint(condition=Q(seq__gte=1), name="accesslog_seq_positive"),
        ]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("access log rows are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("access log rows are never deleted")

    @property
    def is_emergency(self) -> bool:
        return self.reason.startswith(EMERGENCY_PREFIX)

    @property
    def action_label(self) -> str:
        """The action in Norwegian; an action this version does not know is shown as stored."""
        try:
            return str(AccessAction(self.action).label)
        except ValueError:
            return self.action


class AccessLogHead(models.Model):
    """Kjedehode for tilgangsloggen: the last link of a municipality's access-log chain.

    Writers move it on with an UPDATE, which locks the row until they commit (SQLite's IMMEDIATE transactions
    serialize writers anyway), so two writers never append to the same link and fork the chain. It also
    tells `verify-access-log` how many rows there should be, so rows cut off the end are noticed.
    """

    municipality = models.OneToOneField(
        Municipality, on_delete=models.PROTECT, primary_key=True, related_name="+", verbose_name=_("kommune")
    )
    seq = models.BigIntegerField(_("siste løpenummer"), default=0)

    class Meta:
        verbose_name = _("kjedehode for tilgangsloggen")
        verbose_name_plural = _("kjedehoder for tilgangsloggen")


class EmergencyAccess(models.Model):
    """Nødtilgang: a user without need-to-know opened a person in an emergency, with a stated reason.

    It lets the user read the person page for a limited time (HELHET_EMERGENCY_ACCESS_HOURS), never act on
    cases or change anything, and stays on the review list of the leaders of the user's units until one of
    them (or an administrator) has reviewed it.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, verbose_name=_("kommune"))
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="emergency_accesses", verbose_name=_("person")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("bruker")
    )
    reason = models.TextField(_("begrunnelse"), max_length=500)
    granted_at = models.DateTimeField(_("åpnet"), default=timezone.now)
    expires_at = models.DateTimeField(_("gyldig til"))
    unit_ids = models.JSONField(_("brukerens enheter"), default=list, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gjennomgått av"),
    )
    reviewed_at = models.DateTimeField(_("gjennomgått"), null=True, blank=True)
    review_note = models.TextField(_("merknad fra gjennomgangen"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("nødtilgang")
        verbose_name_plural = _("nødtilganger")
        indexes = [
            models.Index(fields=["user", "person", "-expires_at"], name="emergency_active"),
            models.Index(fields=["municipality", "reviewed_at"], name="emergency_review"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("granted_at")), name="emergency_period"
            ),
            models.CheckConstraint(
                condition=Q(reviewed_at__isnull=True, reviewed_by__isnull=True)
                | Q(reviewed_at__isnull=False, reviewed_by__isnull=False),
                name="emergency_review_complete",
            ),
        ]


class ApiToken(models.Model):
    """API-nøkkel: a bearer token for the JSON API. Only its SHA-256 hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("bruker"),
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("prefiks"), max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")
