"""Need-to-know (responsibilities), the append-only access log, API tokens, role grants and account events."""

import datetime
from collections.abc import Collection
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helhet.access import roles
from helhet.core.appendonly import AppendOnlyError as AppendOnlyError  # raised by the models below
from helhet.core.appendonly import AppendOnlyModel
from helhet.core.models import Municipality
from helhet.organisation.models import ServiceArea


class ResponsibilityQuerySet(models.QuerySet["Responsibility"]):
    def active_on(self, day: datetime.date) -> "ResponsibilityQuerySet":
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
    SEARCH = "search", _("Vist i liste eller søk")
    CREATE = "create", _("Opprettet")
    UPDATE = "update", _("Endret")
    REFUSED = "refused", _("Avvist")


EMERGENCY_PREFIX = "Nødtilgang: "


class AccessLog(AppendOnlyModel):
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


class EmergencyAccess(models.Model):
    """Nødtilgang: a user without need-to-know opened a person in an emergency, with a stated reason.

    It lets the user read the person page for a limited time (HELHET_EMERGENCY_ACCESS_HOURS), never act on
    cases or change anything, and stays on the review list of the leaders of the user's units until one of
    them (or an administrator) has reviewed it. Never deleted; once reviewed, never changed (the model and the
    database refuse both).
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

    REVIEW_FIELDS = frozenset({"reviewed_by", "reviewed_at", "review_note"})

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Once reviewed, the row (the review included) is final; before that only the review is ever
        written to a stored row, once, and nothing else of it. The database refuses the same."""
        if getattr(self, "_stored_reviewed", False):
            raise AppendOnlyError("a reviewed emergency access is never changed")
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if (
                update_fields is None
                or not set(update_fields) <= self.REVIEW_FIELDS
                or self.reviewed_at is None
            ):
                raise AppendOnlyError("an emergency access changes only by its review, once")
        super().save(*args, **kwargs)
        self._stored_reviewed = self.reviewed_at is not None

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("emergency accesses are never deleted")

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[Any]
    ) -> "EmergencyAccess":
        instance = super().from_db(db, field_names, values)
        instance._stored_reviewed = "reviewed_at" in field_names and instance.reviewed_at is not None
        return instance


class TokenScope(models.TextChoices):
    READ = "read", _("Bare lesing")
    READ_WRITE = "read_write", _("Lesing og skriving")


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable_at(self, moment: datetime.datetime) -> "ApiTokenQuerySet":
        """Tokens that still open the API: not revoked, not expired, of an active user."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=moment, user__is_active=True)


class ApiToken(models.Model):
    """API-nøkkel: a named bearer token for the JSON API, read-only or read-write, that expires.

    Only its SHA-256 hash is stored, so the token itself is shown once. A revoked token never works again,
    and deactivating a user revokes all their tokens, so a reactivated user starts without any.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name=_("bruker"),
    )
    name = models.CharField(_("navn"), max_length=100, default="")
    scope = models.CharField(
        _("tilgang"), max_length=10, choices=TokenScope.choices, default=TokenScope.READ_WRITE
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("prefiks"), max_length=8)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    expires_at = models.DateTimeField(_("utløper"))
    last_used_at = models.DateTimeField(_("sist brukt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trukket tilbake av"),
    )

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")
        indexes = [models.Index(fields=["user", "-created_at"], name="apitoken_user_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=models.F("created_at")), name="apitoken_expires_after_created"
            )
        ]

    def status_at(self, moment: datetime.datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= moment:
            return "expired"
        return "active"

    @property
    def is_read_only(self) -> bool:
        return self.scope == TokenScope.READ


class RoleGrantQuerySet(models.QuerySet["RoleGrant"]):
    def in_force_on(self, day: datetime.date) -> "RoleGrantQuerySet":
        return self.filter(
            Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day), withdrawn=False
        )


class RoleGrant(models.Model):
    """Rolletildeling: a role given to a user for a period (valid_to is the last day, inclusive).

    The role the user holds today is still their Django group (see roles.roles_of); the services and
    `helhet apply-role-grants` keep the group in step with the grants. A grant ended before it began is
    withdrawn (tilbaketrukket) and never takes effect; the row stays as a record.
    """

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, verbose_name=_("kommune"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="role_grants",
        verbose_name=_("bruker"),
    )
    role = models.CharField(_("rolle"), max_length=20, choices=list(roles.LABELS.items()))
    valid_from = models.DateField(_("gyldig fra"))
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    reason = models.CharField(_("begrunnelse"), max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tildelt av"),
    )
    created_at = models.DateTimeField(_("registrert"), auto_now_add=True)
    withdrawn = models.BooleanField(_("tilbaketrukket"), default=False)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("avsluttet av"),
    )
    end_reason = models.CharField(_("begrunnelse for avslutning"), max_length=200, blank=True)

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("rolletildeling")
        verbose_name_plural = _("rolletildelinger")
        indexes = [
            models.Index(fields=["user", "role"], name="rolegrant_user_role"),
            models.Index(fields=["municipality", "valid_from"], name="rolegrant_muni_from"),
            models.Index(fields=["municipality", "valid_to"], name="rolegrant_muni_to"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="rolegrant_valid_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{roles.LABELS.get(self.role, self.role)} ({self.valid_from}–{self.valid_to or ''})"


class AccountEventKind(models.TextChoices):
    USER_CREATED = "user_created", _("Bruker opprettet")
    PASSWORD_LINK = "password_link", _("Engangslenke for passord laget")
    DEACTIVATED = "deactivated", _("Deaktivert")
    REACTIVATED = "reactivated", _("Aktivert igjen")
    DETAILS_CHANGED = "details_changed", _("Opplysninger endret")
    ROLE_GRANTED = "role_granted", _("Rolle gitt")
    ROLE_ENDED = "role_ended", _("Rolle avsluttet")
    ROLE_APPLIED = "role_applied", _("Rolle satt i kraft")
    ENGAGEMENT_ADDED = "engagement_added", _("Arbeidsforhold gitt")
    ENGAGEMENT_ENDED = "engagement_ended", _("Arbeidsforhold avsluttet")
    SECOND_FACTOR_RESET = "second_factor_reset", _("Andre faktor nullstilt")
    TOKEN_CREATED = "token_created", _("API-nøkkel laget")
    TOKEN_REVOKED = "token_revoked", _("API-nøkkel trukket tilbake")


class AccountEvent(AppendOnlyModel):
    """Kontohendelse: a change to a user account, who made it and why. Append-only (core.appendonly)."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, verbose_name=_("kommune"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="account_events",
        verbose_name=_("bruker"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utført av"),
        help_text=_("Tom når endringen ble gjort av systemet (for eksempel den daglige rollekjøringen)."),
    )
    kind = models.CharField(_("hendelse"), max_length=30, choices=AccountEventKind.choices)
    detail = models.CharField(_("detaljer"), max_length=300, blank=True)
    reason = models.CharField(_("begrunnelse"), max_length=200)
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)

    class Meta:
        verbose_name = _("kontohendelse")
        verbose_name_plural = _("kontohendelser")
        indexes = [models.Index(fields=["user", "-at"], name="accountevent_user_at")]


class OidcIdentity(models.Model):
    """SSO-identitet: the subject (`sub`) the municipality's identity provider gives a staff user.

    Stored on the user's first single sign-on (matched then by a configured claim such as e-mail);
    later logins match on issuer and subject alone, so a changed e-mail address cannot move a login
    to another user. Users are never created from a login.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="oidc_identity",
        verbose_name=_("bruker"),
    )
    issuer = models.CharField(_("utsteder"), max_length=255)
    subject = models.CharField(_("subjekt"), max_length=255)
    linked_at = models.DateTimeField(_("koblet"), auto_now_add=True)

    class Meta:
        verbose_name = _("SSO-identitet")
        verbose_name_plural = _("SSO-identiteter")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="oidc_identity_issuer_subject_unique")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.user_id}"


class CitizenAccount(models.Model):
    """Innbyggerkonto: the login of a citizen (or a relative acting for one) through ID-porten.

    The account holds the fødselsnummer or D-nummer (`pid`) the ID token carried, and nothing else about
    the person: which persons the citizen may act for is looked up in the register on every request
    (the person's own records, and relatives registered with this number as representatives). A citizen
    account is never a staff user: it has no roles, no password and no municipality, and reaches only the
    citizen's pages (access.middleware.CitizenBoundaryMiddleware).
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="citizen_account",
        verbose_name=_("bruker"),
    )
    pid = models.CharField(_("fødselsnummer eller D-nummer"), max_length=11, unique=True)
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    last_login_method = models.CharField(_("sist innlogget med"), max_length=20, blank=True)
    last_acr = models.CharField(_("sikkerhetsnivå ved siste innlogging"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("innbyggerkonto")
        verbose_name_plural = _("innbyggerkontoer")

    def __str__(self) -> str:
        return f"{self.pid[:6]}*****"
