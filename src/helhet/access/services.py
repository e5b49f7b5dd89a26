"""Writes of the access layer: access log rows, responsibilities and API tokens."""

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access import chain, roles
from helhet.access.models import (
    EMERGENCY_PREFIX,
    AccessAction,
    AccessLog,
    ApiToken,
    EmergencyAccess,
    Responsibility,
)
from helhet.access.policy import (
    AccessDecision,
    CaseAccess,
    active_emergency_access,
    case_access,
    may_break_glass,
    may_review_emergency_access,
    person_access,
)
from helhet.core.calendar import local_today
from helhet.organisation.models import Leadership, UnitParent
from helhet.organisation.selectors import unit_ids_for_user

EMERGENCY_REASON_MIN_LENGTH = 20
EMERGENCY_REASON_MAX_LENGTH = 500
REVIEW_NOTE_MAX_LENGTH = 1000


class PersonNotVisible(Exception):
    """The user has no need-to-know; callers answer 404 so the record's existence stays hidden."""


@transaction.atomic(savepoint=False)
def access_log_write(*, user, person, action: str, what: str, reason: str, channel: str = "web") -> AccessLog:
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
    chain.link([row])
    row.save(force_insert=True)
    return row


@transaction.atomic(savepoint=False)
def access_log_write_many(*, user, persons: Iterable, what: str, reason: str, channel: str = "web") -> None:
    """One row per person shown in a search result, chained in order, in a single insert."""
    rows = [
        AccessLog(
            municipality_id=person.municipality_id,
            person_id=person.pk,
            user=user,
            action=AccessAction.SEARCH,
            what=what[:200],
            reason=reason[:200],
            channel=channel,
        )
        for person in persons
    ]
    chain.link(rows)
    AccessLog.objects.bulk_create(rows)


def authorize_person_read(
    user, person, *, what: str, channel: str = "web", emergency: bool = False
) -> AccessDecision:
    """Check need-to-know for reading `person` and log the read; raise PersonNotVisible if denied.
    With `emergency`, an active emergency access counts, and the log's reason says so."""
    decision = person_access(user, person, emergency=emergency)
    if not decision:
        raise PersonNotVisible()
    access_log_write(
        user=user, person=person, action=AccessAction.READ, what=what, reason=decision.reason, channel=channel
    )
    return decision


def authorize_case_read(user, case, *, what: str, channel: str = "web") -> CaseAccess:
    """Check that `user` may read the case files of `case` (its service area, or a recorded ground) and log
    the read with the true reason; raise PersonNotVisible if not, so the case's existence stays hidden."""
    decision = case_access(user, case)
    if not decision:
        raise PersonNotVisible()
    access_log_write(
        user=user,
        person=case.person,
        action=AccessAction.READ,
        what=what,
        reason=decision.reason,
        channel=channel,
    )
    return decision


def _units_and_ancestors(user, on: datetime.date) -> list[int]:
    """The user's units on `on` and every unit above them: whose leaders review the user's emergency accesses."""
    own = unit_ids_for_user(user, on)
    if not own:
        return []
    links = dict(
        UnitParent.objects.valid_on(on)
        .filter(unit__municipality_id=user.municipality_id)
        .values_list("unit_id", "parent_id")
    )
    found: set[int] = set()
    for unit_id in own:
        current = unit_id
        while current is not None and current not in found:
            found.add(current)
            current = links.get(current)
    return sorted(found)


@transaction.atomic
def emergency_access_open(*, user, person, reason: str, channel: str = "web") -> EmergencyAccess:
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


def _led_unit_ids(user, on: datetime.date) -> set[int]:
    return set(
        Leadership.objects.valid_on(on).filter(staff__user_id=user.pk).values_list("unit_id", flat=True)
    )


def may_review(user, emergency: EmergencyAccess, *, led_unit_ids: set[int] | None = None) -> bool:
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
def emergency_access_review(*, acting_user, emergency: EmergencyAccess, note: str) -> EmergencyAccess:
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
    person,
    reason: str,
    valid_from: datetime.date,
    unit=None,
    staff=None,
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
        person=person,
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


@transaction.atomic
def api_token_create(*, user) -> str:
    """Create a token for `user` and return it; only its hash is kept, so it is shown once."""
    raw = "hh_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, key_hash=_hash(raw), prefix=raw[3:11])
    return raw


def user_for_token(raw: str):
    """The active user the token belongs to, or None. Records when the token was last used."""
    from django.utils import timezone

    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
