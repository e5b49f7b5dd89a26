"""Writes of the access layer: access log rows, responsibilities, API tokens and account events."""

import datetime
import hashlib
import logging
import secrets
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access import chain, roles
from helhet.access.models import (
    EMERGENCY_PREFIX,
    AccessAction,
    AccessLog,
    AccountEvent,
    AccountEventKind,
    ApiToken,
    EmergencyAccess,
    OidcIdentity,
    Responsibility,
    TokenScope,
)
from helhet.access.policy import (
    AccessDecision,
    CaseAccess,
    active_emergency_access,
    case_access,
    case_refusal_reason,
    may_break_glass,
    may_review_emergency_access,
    person_access,
    person_refusal_reason,
)
from helhet.access.records import CaseRecord, PersonRecord
from helhet.core.calendar import local_today
from helhet.core.models import User
from helhet.organisation.models import Leadership, Staff, Unit, UnitParent
from helhet.organisation.selectors import unit_ids_for_user

EMERGENCY_REASON_MIN_LENGTH = 20
EMERGENCY_REASON_MAX_LENGTH = 500
REVIEW_NOTE_MAX_LENGTH = 1000


class PersonNotVisible(Exception):
    """The user has no need-to-know; callers answer 404 so the record's existence stays hidden."""


class AccessLogUnavailable(Exception):
    """The access-log row could not be written, so the data must not be shown: the request is answered 503
    (see shown.AccessLogMiddleware) and a security event is logged."""


RECOVERY_COMMAND = "helhet verify-access-log"
security_log = logging.getLogger("helhet.security")


@contextmanager
def _log_written(municipality_id: int) -> Iterator[None]:
    """Turn a failed access-log write (say, a row slipped into the chain behind Helhet's back at the very
    moment of the write, or a sequence number forged near the largest the column holds) into
    AccessLogUnavailable, logged as a security event naming the command that finds the broken link."""
    try:
        yield
    except (DatabaseError, OverflowError) as error:
        security_log.error(
            "access_log_write_failed municipality=%s error=%s; nothing was shown. Run `%s --municipality "
            "<kommunenummer>` to find the broken link, then follow the README's "
            "«Recovery notes for the access log».",
            municipality_id,
            type(error).__name__,
            RECOVERY_COMMAND,
        )
        raise AccessLogUnavailable() from error


@transaction.atomic(savepoint=False)
def access_log_write(
    *, user: User, person: PersonRecord, action: str, what: str, reason: str, channel: str = "web"
) -> AccessLog:
    """Append one row to the person's municipality's chain (see access.chain)."""
    row = AccessLog(
        municipality_id=person.municipality_id,
        person_id=person.pk,
        user=user,
        action=action,
        what=what[:200],
        reason=reason[:200],
        channel=channel,
    )
    with _log_written(row.municipality_id):
        chain.link([row])
        row.save(force_insert=True)
    return row


@transaction.atomic(savepoint=False)
def access_log_write_many(
    *,
    user: User,
    persons: Iterable[PersonRecord],
    what: str,
    reason: str,
    channel: str = "web",
    reasons: Mapping[int, str] | None = None,
    action: str = AccessAction.SEARCH,
) -> None:
    """One row per person shown in a list or a search result, chained in order, in a single insert; `reasons`
    (by person id) gives a person's own reason where it differs from `reason` (an inbox item's ground);
    `action` READ for a bulk read of the persons' records (the KPR export)."""
    reasons = reasons or {}
    rows = [
        AccessLog(
            municipality_id=person.municipality_id,
            person_id=person.pk,
            user=user,
            action=action,
            what=what[:200],
            reason=(reasons.get(person.pk) or reason)[:200],
            channel=channel,
        )
        for person in persons
    ]
    if not rows:
        return
    with _log_written(rows[0].municipality_id):
        chain.link(rows)
        AccessLog.objects.bulk_create(rows)


def authorize_person_read(
    user: User,
    person: PersonRecord,
    *,
    what: str,
    channel: str = "web",
    emergency: bool = False,
    emergency_what: str = "",
) -> AccessDecision:
    """Check need-to-know for reading `person` and log the read; raise PersonNotVisible if denied.
    With `emergency`, an active emergency access counts, and the log's reason says so; `emergency_what` is
    then what the page shows (less than with need-to-know)."""
    from helhet.access import shown

    decision = person_access(user, person, emergency=emergency)
    if not decision:
        shown.person_refused(
            user, person, what=what, reason=person_refusal_reason(user, person), channel=channel
        )
        raise PersonNotVisible()
    if decision.emergency and emergency_what:
        what = emergency_what
    access_log_write(
        user=user, person=person, action=AccessAction.READ, what=what, reason=decision.reason, channel=channel
    )
    shown.person_logged(user, person)
    return decision


def authorize_case_read(user: User, case: CaseRecord, *, what: str, channel: str = "web") -> CaseAccess:
    """Check that `user` may read the case files of `case` (its service area, or a recorded ground) and log
    the read with the true reason; raise PersonNotVisible if not, so the case's existence stays hidden."""
    from helhet.access import shown

    decision = case_access(user, case)
    if not decision:
        shown.person_refused(
            user, case.person, what=what, reason=case_refusal_reason(user, case), channel=channel
        )
        raise PersonNotVisible()
    access_log_write(
        user=user,
        person=case.person,
        action=AccessAction.READ,
        what=what,
        reason=decision.reason,
        channel=channel,
    )
    shown.person_logged(user, case.person)
    return decision


def _units_and_ancestors(user: User, on: datetime.date) -> list[int]:
    """The user's units on `on` and every unit above them: whose leaders review the user's emergency accesses."""
    own = unit_ids_for_user(user, on)
    if not own or user.municipality_id is None:  # no units: no municipality's units either
        return []
    links = dict(
        UnitParent.objects.valid_on(on)
        .filter(unit__municipality_id=user.municipality_id)
        .values_list("unit_id", "parent_id")
    )
    found: set[int] = set()
    for unit_id in own:
        current: int | None = unit_id
        while current is not None and current not in found:
            found.add(current)
            current = links.get(current)
    return sorted(found)


@transaction.atomic
def emergency_access_open(
    *, user: User, person: PersonRecord, reason: str, channel: str = "web"
) -> EmergencyAccess:
    """Break the glass: let `user`, who has no need-to-know for `person`, read the person page for
    HELHET_EMERGENCY_ACCESS_HOURS, on a stated reason. Logged at once, and on the review list of the leaders of
    the user's units until reviewed. An already active emergency access is returned as it is."""
    if not may_break_glass(user):
        raise PermissionDenied(_("Rollen din kan ikke be om nødtilgang."))
    if user.municipality_id != person.municipality_id:
        raise PersonNotVisible()
    reason = " ".join((reason or "").split())
    if len(reason) < EMERGENCY_REASON_MIN_LENGTH:
        raise ValidationError(
            {
                "reason": _("Skriv hvorfor du trenger nødtilgang, med minst %(count)d tegn.")
                % {"count": EMERGENCY_REASON_MIN_LENGTH}
            }
        )
    if len(reason) > EMERGENCY_REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("Begrunnelsen kan ha høyst %(count)d tegn.")
                % {"count": EMERGENCY_REASON_MAX_LENGTH}
            }
        )
    if person_access(user, person):
        raise ValidationError(
            _("Du har allerede tjenstlig behov for denne personen; nødtilgang trengs ikke.")
        )
    active = active_emergency_access(user, person)
    if active is not None:
        return active
    now = timezone.now()
    emergency = EmergencyAccess.objects.create(
        municipality_id=person.municipality_id,
        person_id=person.pk,
        user=user,
        reason=reason,
        granted_at=now,
        expires_at=now + datetime.timedelta(hours=settings.HELHET_EMERGENCY_ACCESS_HOURS),
        unit_ids=_units_and_ancestors(user, local_today()),
    )
    expires = timezone.localtime(emergency.expires_at)
    access_log_write(
        user=user,
        person=person,
        action=AccessAction.READ,
        what=_("Nødtilgang åpnet, gyldig til %(time)s") % {"time": expires.strftime("%d.%m.%Y %H:%M")},
        reason=EMERGENCY_PREFIX + reason,
        channel=channel,
    )
    return emergency


def _led_unit_ids(user: User, on: datetime.date) -> set[int]:
    return set(
        Leadership.objects.valid_on(on).filter(staff__user_id=user.pk).values_list("unit_id", flat=True)
    )


def may_review(user: User, emergency: EmergencyAccess, *, led_unit_ids: set[int] | None = None) -> bool:
    """An administrator of the municipality, or a leader of one of the units the user worked in (or above
    them) when they broke the glass; never the user themself."""
    if emergency.municipality_id != user.municipality_id or emergency.user_id == user.pk:
        return False
    if not may_review_emergency_access(user):
        return False
    if roles.has_any_role(user, (roles.ADMIN,)):
        return True
    if not roles.has_any_role(user, (roles.LEADER,)):
        return False
    led = led_unit_ids if led_unit_ids is not None else _led_unit_ids(user, local_today())
    return bool(led & set(emergency.unit_ids))


@transaction.atomic
def emergency_access_review(*, acting_user: User, emergency: EmergencyAccess, note: str) -> EmergencyAccess:
    """A leader (or the administrator) has looked at an emergency access and records what they found."""
    emergency = EmergencyAccess.objects.select_for_update().get(pk=emergency.pk)
    if not may_review(acting_user, emergency):
        raise PermissionDenied(_("Du kan ikke gjennomgå denne nødtilgangen."))
    if emergency.reviewed_at is not None:
        raise ValidationError(_("Nødtilgangen er allerede gjennomgått."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Skriv hva gjennomgangen viste.")})
    if len(note) > REVIEW_NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("Merknaden kan ha høyst %(count)d tegn.") % {"count": REVIEW_NOTE_MAX_LENGTH}}
        )
    emergency.reviewed_by = acting_user
    emergency.reviewed_at = timezone.now()
    emergency.review_note = note
    emergency.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
    return emergency


@transaction.atomic
def responsibility_grant(
    *,
    person: PersonRecord,
    reason: str,
    valid_from: datetime.date,
    unit: Unit | None = None,
    staff: Staff | None = None,
    valid_to: datetime.date | None = None,
    source: str = "",
    service_area: str = "",
    ground: str = "",
) -> Responsibility:
    """Give a unit, a member of staff or a whole service area responsibility for the person; with a `ground`
    (consent, joint conversation, individual plan) the holders may also read the person's case files in
    another service area, and the access log then names that ground as the reason."""
    responsibility = Responsibility(
        municipality_id=person.municipality_id,
        person=person,  # type: ignore[misc]  # the model names Person by string; access may not import it
        unit=unit,
        staff=staff,
        service_area=service_area,
        ground=ground,
        reason=reason,
        source=source,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    responsibility.full_clean()
    responsibility.save()
    return responsibility


@transaction.atomic
def responsibility_end(*, responsibility: Responsibility, valid_to: datetime.date) -> Responsibility:
    responsibility.valid_to = valid_to
    responsibility.full_clean()
    responsibility.save(update_fields=["valid_to"])
    return responsibility


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


TOKEN_DEFAULT_DAYS = 90
TOKEN_MAX_DAYS = 365


def account_event_write(
    *, user: User, actor: User | None, kind: str, reason: str, detail: str = ""
) -> AccountEvent:
    """One row on the user's account history: what changed, who did it and why."""
    assert user.municipality_id is not None  # accounts with a history belong to a municipality
    return AccountEvent.objects.create(
        municipality_id=user.municipality_id,
        user=user,
        actor=actor,
        kind=kind,
        detail=detail[:300],
        reason=reason[:200],
    )


def may_manage_tokens_of(actor: User, owner: User) -> bool:
    """Every staff user keeps their own tokens; the municipality's admin keeps everyone's in the municipality."""
    if actor is None or not actor.is_active or actor.municipality_id is None:
        return False
    if actor.pk == owner.pk:
        return True
    return actor.municipality_id == owner.municipality_id and roles.ADMIN in roles.roles_of(actor)


@transaction.atomic
def api_token_create(
    *,
    user: User,
    name: str = "",
    scope: str = TokenScope.READ_WRITE,
    days: int = TOKEN_DEFAULT_DAYS,
    actor: User | None = None,
    by_operator: bool = False,
) -> str:
    """Create a token for `user` and return it; only its hash is kept, so it is shown once.

    It expires after `days` (90 by default, at most 365). Code that needs a token (tests, integrations)
    gets read-write by default; the page and the command offer read-only first. `by_operator` is the
    command line (`helhet token create`), run by whoever operates the server: no acting user is recorded.
    """
    actor = None if by_operator else (actor or user)
    if not by_operator and (actor is None or not may_manage_tokens_of(actor, user)):
        raise PermissionDenied(_("Du kan bare lage API-nøkler for deg selv."))
    if not user.is_active or user.municipality_id is None:
        raise ValidationError({"user": _("Brukeren er ikke aktiv og kan ikke få API-nøkler.")})
    name = (name or "").strip() or str(_("API-nøkkel"))
    errors = {}
    if len(name) > 100:
        errors["name"] = _("Navnet kan være høyst 100 tegn.")
    if scope not in TokenScope.values:
        errors["scope"] = _("Velg bare lesing eller lesing og skriving.")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= TOKEN_MAX_DAYS:
        errors["days"] = _("Gyldighetstiden må være fra 1 til %(max)s dager.") % {"max": TOKEN_MAX_DAYS}
    if errors:
        raise ValidationError(errors)
    raw = "hh_" + secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        scope=scope,
        key_hash=_hash(raw),
        prefix=raw[3:11],
        expires_at=now + datetime.timedelta(days=days),
    )
    if by_operator:
        why = _("Laget med kommandoen helhet token")
    elif actor is not None and actor.pk == user.pk:
        why = _("Laget av brukeren selv")
    else:
        why = _("Laget av administrator")
    account_event_write(
        user=user,
        actor=actor,
        kind=AccountEventKind.TOKEN_CREATED,
        reason=str(why),
        detail=f"{token.name} ({token.prefix}…, {TokenScope(scope).label}, {days} d)",
    )
    return raw


@transaction.atomic
def api_token_revoke(
    *, token: ApiToken, actor: User | None, reason: str = "", by_operator: bool = False
) -> ApiToken:
    """Revoke the token for good. The owner may revoke their own; the admin any in the municipality, and the
    operator any from the command line (both then with a reason, since it is someone else's)."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    owner = token.user
    if by_operator:
        actor = None
    elif actor is None or not may_manage_tokens_of(actor, owner):
        raise PermissionDenied(_("Du kan ikke trekke tilbake andres API-nøkler."))
    reason = (reason or "").strip()[:200]
    if (actor is None or actor.pk != owner.pk) and not reason:
        raise ValidationError({"reason": _("Skriv en begrunnelse når du trekker tilbake en annens nøkkel.")})
    if token.revoked_at is not None:
        raise ValidationError({"__all__": _("Nøkkelen er allerede trukket tilbake.")})
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    account_event_write(
        user=owner,
        actor=actor,
        kind=AccountEventKind.TOKEN_REVOKED,
        reason=reason or str(_("Trukket tilbake av brukeren selv")),
        detail=f"{token.name} ({token.prefix}…)",
    )
    return token


def api_tokens_revoke_all(*, user: User, actor: User | None) -> int:
    """Revoke every token the user still has (used when the user is deactivated); the count revoked."""
    now = timezone.now()
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=now, revoked_by=actor
    )


def token_for_raw(raw: str) -> ApiToken | None:
    """The usable token (not revoked, not expired, of an active user) behind `raw`, or None.
    Records when it was last used."""
    now = timezone.now()
    token = ApiToken.objects.usable_at(now).select_related("user").filter(key_hash=_hash(raw)).first()
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def user_for_token(raw: str) -> User | None:
    """The active user the token belongs to, or None (revoked, expired, unknown)."""
    token = token_for_raw(raw)
    return None if token is None else token.user


@transaction.atomic
def oidc_identity_link(*, user: User, issuer: str, subject: str) -> OidcIdentity:
    """Bind the identity provider's subject to `user` (the first single sign-on); later logins match on it.

    A user already bound keeps the subject they have: the caller matched them by subject, or they are
    not matched at all (a claim never rebinds a bound user)."""
    identity, _created = OidcIdentity.objects.get_or_create(
        user=user, defaults={"issuer": issuer, "subject": subject}
    )
    return identity


@transaction.atomic
def oidc_identity_unlink(*, user: User) -> bool:
    """Forget the user's single sign-on subject (e.g. the municipality changed identity provider); the
    next SSO login matches by the configured claim again. True if there was one."""
    deleted, _ = OidcIdentity.objects.filter(user=user).delete()
    return bool(deleted)
