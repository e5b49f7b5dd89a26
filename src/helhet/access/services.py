"""Writes of the access layer: access log rows, responsibilities and API tokens."""

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.db import transaction

from helhet.access.models import AccessAction, AccessLog, ApiToken, Responsibility
from helhet.access.policy import (
    AccessDecision,
    CaseAccess,
    case_access,
    case_refusal_reason,
    person_access,
    person_refusal_reason,
)


class PersonNotVisible(Exception):
    """The user has no need-to-know; callers answer 404 so the record's existence stays hidden."""


def access_log_write(*, user, person, action: str, what: str, reason: str, channel: str = "web") -> AccessLog:
    return AccessLog.objects.create(
        municipality_id=person.municipality_id,
        person_id=person.pk,
        user=user,
        action=action,
        what=what[:200],
        reason=reason[:200],
        channel=channel,
    )


def access_log_write_many(*, user, persons: Iterable, what: str, reason: str, channel: str = "web") -> None:
    """One row per person shown in a search result, in a single insert."""
    AccessLog.objects.bulk_create(
        [
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
    )


def authorize_person_read(user, person, *, what: str, channel: str = "web") -> AccessDecision:
    """Check need-to-know for reading `person` and log the read; raise PersonNotVisible if denied."""
    from helhet.access import shown

    decision = person_access(user, person)
    if not decision:
        shown.person_refused(
            user, person, what=what, reason=person_refusal_reason(user, person), channel=channel
        )
        raise PersonNotVisible()
    access_log_write(
        user=user, person=person, action=AccessAction.READ, what=what, reason=decision.reason, channel=channel
    )
    shown.person_logged(user, person)
    return decision


def authorize_case_read(user, case, *, what: str, channel: str = "web") -> CaseAccess:
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
