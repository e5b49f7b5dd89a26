"""Citizens' login: ID-porten (OpenID Connect) in production, a development login in the demo.

A citizen signs in as a `CitizenAccount`: a Django user with no roles, no password and no municipality,
made on the first login from the `pid` (fødselsnummer or D-nummer) the identity provider vouched for.
The session is marked as a citizen's (`CITIZEN_SESSION_KEY`), and `CitizenBoundaryMiddleware` keeps it
to the citizen's pages; which persons the citizen may act for is looked up per request in the register
(helhet.portal.acting), never stored on the account.

The development login (`HELHET_CITIZEN_DEV_LOGIN`) takes a typed fødselsnummer without any proof and is
therefore refused in production settings (helhet.config.production) and by `check --deploy`.
"""

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends.base import SessionBase
from django.db import IntegrityError, transaction
from django.http import HttpRequest

from helhet.access import mfa
from helhet.access.activity import stamp_login
from helhet.access.login import pseudonym
from helhet.access.models import CitizenAccount
from helhet.core.models import User

CITIZEN_SESSION_KEY = "helhet_citizen"
CITIZEN_METHOD_SESSION_KEY = "helhet_citizen_method"  # "idporten" or "dev"
CITIZEN_ACR_SESSION_KEY = "helhet_citizen_acr"
# Set at sign-in: the portal's CitizenWrittenFormMiddleware then opens Min side in the person's målform.
CITIZEN_WRITTEN_FORM_PENDING_KEY = "helhet_citizen_written_form_pending"
METHOD_IDPORTEN = "idporten"
METHOD_DEV = "dev"
BACKEND = "helhet.access.citizen.CitizenBackend"

security_log = logging.getLogger("helhet.security")


class CitizenBackend(ModelBackend):
    """Restores a citizen's session; it never authenticates by itself (the ID token or the development
    login does, then calls citizen_sign_in)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        return None

    def get_user(self, user_id: int) -> User | None:
        return User.objects.filter(pk=user_id, is_active=True, citizen_account__isnull=False).first()


def is_citizen_session(session: SessionBase) -> bool:
    return bool(session.get(CITIZEN_SESSION_KEY))


def dev_login_allowed() -> bool:
    return bool(settings.HELHET_CITIZEN_DEV_LOGIN)


def _username_for(pid: str) -> str:
    # Not the number itself: usernames show in admin lists and logs.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:citizen:{pid}".encode()).hexdigest()
    return f"innbygger-{digest[:20]}"


@transaction.atomic
def citizen_account_for(pid: str) -> CitizenAccount:
    """The account of this pid, made on first login."""
    account = CitizenAccount.objects.select_related("user").filter(pid=pid).first()
    if account is not None:
        return account
    try:
        with transaction.atomic():
            user = User(username=_username_for(pid), is_active=True)
            user.set_unusable_password()
            user.save()
            return CitizenAccount.objects.create(user=user, pid=pid)
    except IntegrityError:  # the same citizen logging in twice at once
        return CitizenAccount.objects.select_related("user").get(pid=pid)


def citizen_sign_in(request: HttpRequest, *, pid: str, method: str, acr: str = "") -> CitizenAccount:
    """Log the citizen in on this request: a fresh session (no fixation), marked as a citizen's."""
    account = citizen_account_for(pid)
    if not account.user.is_active:
        raise PermissionError("citizen account deactivated")
    CitizenAccount.objects.filter(pk=account.pk).update(last_login_method=method, last_acr=acr[:64])
    login(request, account.user, backend=BACKEND)
    request.session[CITIZEN_SESSION_KEY] = True
    request.session[CITIZEN_METHOD_SESSION_KEY] = method
    request.session[CITIZEN_ACR_SESSION_KEY] = acr
    request.session[CITIZEN_WRITTEN_FORM_PENDING_KEY] = True
    mfa.mark_verified(request.session)  # ID-porten did the strong authentication
    stamp_login(request.session)
    security_log.info("citizen login method=%s account=%s", method, pseudonym(account.user.username))
    return account


def citizen_account_of(request: HttpRequest) -> CitizenAccount | None:
    """The logged-in citizen's account, or None for anyone else (staff, anonymous)."""
    if not is_citizen_session(request.session) or not request.user.is_authenticated:
        return None
    cached = getattr(request, "_citizen_account", None)
    if cached is None:
        cached = CitizenAccount.objects.filter(user=request.user).first()
        request._citizen_account = cached  # type: ignore[attr-defined]
    return cached
