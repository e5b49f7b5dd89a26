"""Password login: lockout after repeated failures (django-axes), the client address, security logging.

Logs go to the logger ``helhet.security`` and carry no personal data: a username or an address is
written only as a short keyed hash (``pseudonym``), so the operator can see that the same account or
address failed again without reading who it was. The record of who and from where is axes' own
AccessAttempt and AccessFailureLog tables.
"""

import ipaddress
import logging
from collections import defaultdict
from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.access.activity import stamp_login
from helhet.core.models import Municipality, User

security_log = logging.getLogger("helhet.security")


def pseudonym(value: str | None) -> str:
    """A short keyed hash of a username or address: the same value gives the same hash, but the value
    cannot be read back or guessed from a list without the SECRET_KEY."""
    if not value:
        return "-"
    return salted_hmac("helhet.security.pseudonym", str(value).lower(), algorithm="sha256").hexdigest()[:12]


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or with HELHET_PROXY_COUNT trusted proxies in front, the entry
    of X-Forwarded-For that the outermost of them wrote."""
    remote = request.META.get("REMOTE_ADDR") or None
    count = getattr(settings, "HELHET_PROXY_COUNT", 0)
    if count <= 0:
        return remote
    forwarded = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def client_str(
    username: str | None,
    ip_address: str | None,
    user_agent: str | None,
    path_info: str | None,
    request: HttpRequest,
) -> str:
    """How django-axes names a client in its own log lines: hashes only."""
    return f"{{user: {pseudonym(username)}, address: {pseudonym(ip_address)}}}"


def cooloff_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The login page with the Norwegian lockout message (status 429), in place of axes' English text."""
    return render(
        request,
        "registration/login.html",
        {"form": AuthenticationForm(request), "locked_out": True, "cooloff_minutes": cooloff_minutes()},
        status=429,
    )


def is_locked(request: HttpRequest, username: str) -> bool:
    """Whether this username (from anywhere or from this address) is locked out now, or the client
    address alone after its own, higher limit (helhet.access.lockout_handler)."""
    return bool(AxesProxyHandler.is_locked(request, {"username": username}))


def count_failure(request: HttpRequest, username: str, *, what: str) -> bool:
    """Record a failed login step that is not a password (a wrong one-time code) as a failed login of
    the username, so it counts toward the user's lockout (and toward the address only at the address's
    own, higher limit); returns whether the user is now locked."""
    user_login_failed.send(sender=__name__, credentials={"username": username, "step": what}, request=request)
    return bool(getattr(request, "axes_locked_out", False)) or is_locked(request, username)


@receiver(user_login_failed)
def log_failed_login(
    sender: object, credentials: dict[str, Any] | None, request: HttpRequest | None = None, **kwargs: Any
) -> None:
    credentials = credentials or {}
    if "username" not in credentials:
        return  # a single sign-on callback that matched no user: helhet.access.sso logs it with its reason
    username = credentials.get("username")
    step = credentials.get("step", "password")
    address = client_ip(request) if request is not None else None
    security_log.warning(
        "login failed step=%s user=%s address=%s", step, pseudonym(username), pseudonym(address)
    )


@receiver(user_locked_out)
def log_lockout(
    sender: object,
    request: HttpRequest | None = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    security_log.warning("login locked out user=%s address=%s", pseudonym(username), pseudonym(ip_address))


@receiver(user_logged_in)
def log_login(sender: object, request: HttpRequest, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        stamp_login(request.session)
    address = client_ip(request) if request is not None else None
    security_log.info("login user=%s address=%s", pseudonym(user.get_username()), pseudonym(address))


@receiver(user_logged_out)
def log_logout(sender: object, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        security_log.info("logout user=%s", pseudonym(user.get_username()))


# --- Locked accounts in a municipality, and lifting a lockout --------------------------------------


def failure_limit() -> int:
    return int(settings.AXES_FAILURE_LIMIT)


def address_failure_limit() -> int:
    return int(settings.HELHET_LOGIN_ADDRESS_FAILURE_LIMIT)


def _recent_attempts() -> QuerySet[AccessAttempt]:
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    attempts: QuerySet[AccessAttempt] = AccessAttempt.objects.filter(attempt_time__gte=since)
    return attempts


def lockouts_for(*, municipality: Municipality) -> list[dict[str, Any]]:
    """Usernames of the municipality's users that are locked out now, each with the addresses their
    failures came from and which of those addresses are locked too (after the address limit, against
    any usernames). Two queries: the attempts within
    the cool-off (few by nature) and which of their usernames are the municipality's."""
    attempts = list(
        _recent_attempts().values_list("username", "ip_address", "failures_since_start", "attempt_time")
    )
    by_address: dict[str, int] = defaultdict(int)
    for _username, address, failures, _at in attempts:
        if address:
            by_address[address] += failures
    ours = set(
        User.objects.filter(
            municipality=municipality, username__in={a[0] for a in attempts if a[0]}
        ).values_list("username", flat=True)
    )
    limit = failure_limit()
    per_address = address_failure_limit()
    rows: dict[str, dict[str, Any]] = {}
    for username, address, failures, at in attempts:
        if username not in ours:
            continue
        row = rows.setdefault(username, {"username": username, "failures": 0, "last": at, "addresses": set()})
        row["failures"] += failures
        row["last"] = max(row["last"], at)
        if address:
            row["addresses"].add(address)
    result: list[dict[str, Any]] = []
    for username in sorted(rows):
        row = rows[username]
        row["addresses"] = sorted(row["addresses"])
        row["locked_addresses"] = [a for a in row["addresses"] if by_address[a] >= per_address]
        if row["failures"] >= limit or row["locked_addresses"]:
            result.append(row)
    return result


@transaction.atomic
def lockout_lift(*, actor: User, username: str) -> int:
    """Lift the lockout of one of the actor's municipality's usernames: its failed attempts from every
    address are removed, so neither the username nor the username from an address stays locked, and
    they no longer count toward an address's limit (AccessFailureLog keeps the history). Only the municipality's administrator may."""
    if not roles.has_any_role(actor, (roles.ADMIN,)) or actor.municipality_id is None:
        raise PermissionDenied(_("Bare kommunens administrator kan oppheve en sperring."))
    if not User.objects.filter(municipality_id=actor.municipality_id, username=username).exists():
        raise ValidationError(_("Fant ingen bruker med det brukernavnet i kommunen."))
    removed, _details = AccessAttempt.objects.filter(username=username).delete()
    if not removed:
        raise ValidationError(_("Brukeren er ikke sperret."))
    security_log.info("lockout lifted user=%s by=%s", pseudonym(username), actor.pk)
    return int(removed)


def locked_addresses() -> list[dict[str, Any]]:
    """Client addresses locked now on their own (the address limit reached within the cool-off, summed over
    every username tried from them), with their failures and last attempt; no usernames (one query)."""
    per_address = address_failure_limit()
    totals: dict[str, dict[str, Any]] = {}
    for address, failures, at in _recent_attempts().values_list(
        "ip_address", "failures_since_start", "attempt_time"
    ):
        if not address:
            continue
        row = totals.setdefault(address, {"address": address, "failures": 0, "last": at})
        row["failures"] += failures
        row["last"] = max(row["last"], at)
    return [totals[a] for a in sorted(totals) if totals[a]["failures"] >= per_address]


@transaction.atomic
def address_lockout_lift(*, actor: User, address: str) -> int:
    """Lift an address's own lockout (an office behind one shared address, locked out by one machine trying
    many usernames): every failed attempt from it is removed. Only an administrator may; the address and
    who lifted it go to the security log, the address as a keyed hash."""
    if not roles.has_any_role(actor, (roles.ADMIN,)) or actor.municipality_id is None:
        raise PermissionDenied(_("Bare kommunens administrator kan oppheve en sperring."))
    if address not in {row["address"] for row in locked_addresses()}:
        raise ValidationError(_("Adressen er ikke sperret."))
    removed, _details = AccessAttempt.objects.filter(ip_address=address).delete()
    security_log.info("address lockout lifted address=%s by=%s", pseudonym(address), actor.pk)
    return int(removed)
