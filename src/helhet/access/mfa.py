"""Second factor for password logins: a time-based one-time code (TOTP, django-otp's otp_totp).

Staff single sign-on goes through the same step unless HELHET_OIDC_REQUIRED_ACR or _AMR is set (then the
identity provider's ID token must show it did the second factor, access.sso.strength_refusal).

After the password, a login that needs a second factor leaves the session *pending*: "enrol" when the
user must set up an authenticator app (their role requires it, HELHET_MFA_REQUIRED_ROLES), "verify"
when they have a confirmed device and must type its code. Until that step is done the user reaches
only the second-factor pages and logout (access.middleware.SecondFactorMiddleware). The decision is made
at login and kept in the session; a password session that has not passed a second factor is checked
again on each request (the roles are read once per request anyway), so a role that requires one, given
mid-session, asks for it on the next request and not only at the next login.
"""

import base64
import io
import logging
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from helhet.access import roles
from helhet.access.login import pseudonym
from helhet.core.models import User

security_log = logging.getLogger("helhet.security")

PENDING_SESSION_KEY = "helhet_mfa_pending"
VERIFIED_SESSION_KEY = "helhet_mfa_verified"
ENROL = "enrol"
VERIFY = "verify"
DEVICE_NAME = "Autentiseringsapp"
SSO_BACKEND = "helhet.access.sso.StaffOIDCBackend"


def helhet_asks_for_it(session: SessionBase) -> bool:
    """Whether Helhet's own second factor applies to the session's login: always for password logins
    (HELHET_MFA_BACKENDS); for staff single sign-on only while no strength is required of the identity
    provider (HELHET_OIDC_REQUIRED_ACR/AMR empty), since nothing then shows that the provider did one."""
    backend = session.get(BACKEND_SESSION_KEY)
    if backend in settings.HELHET_MFA_BACKENDS:
        return True
    return backend == SSO_BACKEND and not (
        settings.HELHET_OIDC_REQUIRED_ACR or settings.HELHET_OIDC_REQUIRED_AMR
    )


def required_for(user: User) -> bool:
    """Whether the user's role requires a second factor on password login."""
    return roles.has_any_role(user, settings.HELHET_MFA_REQUIRED_ROLES)


def confirmed_devices(user: User) -> QuerySet[TOTPDevice]:
    devices: QuerySet[TOTPDevice] = TOTPDevice.objects.filter(user=user, confirmed=True)
    return devices


def has_device(user: User) -> bool:
    return confirmed_devices(user).exists()


def pending(session: SessionBase) -> str | None:
    value: str | None = session.get(PENDING_SESSION_KEY)
    return value


def mark_verified(session: SessionBase, device: TOTPDevice | None = None) -> None:
    """The session has passed the second factor (or needed none)."""
    session.pop(PENDING_SESSION_KEY, None)
    session[VERIFIED_SESSION_KEY] = True
    if device is not None:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id


@receiver(user_logged_in)
def second_factor_after_password(sender: object, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """A password login (or a single sign-on whose strength Helhet does not check) by a user with a
    device, or of a role that requires one, is left pending."""
    if request is None or not hasattr(request, "session"):
        return
    if not helhet_asks_for_it(request.session):
        return
    if has_device(user):
        request.session[PENDING_SESSION_KEY] = VERIFY
    elif required_for(user):
        request.session[PENDING_SESSION_KEY] = ENROL


def newly_required(session: SessionBase, user: User) -> str | None:
    """For a password session that neither is pending nor has passed the second factor: ENROL or VERIFY
    if the user's roles now require it (a role given since login), else None. Verified sessions and
    those of other backends (single sign-on with a required acr/amr) cost nothing."""
    if session.get(PENDING_SESSION_KEY) or session.get(VERIFIED_SESSION_KEY):
        return None
    if not helhet_asks_for_it(session):
        return None
    if not required_for(user):
        return None
    state = VERIFY if has_device(user) else ENROL
    session[PENDING_SESSION_KEY] = state
    security_log.info("second factor required mid-session user=%s", pseudonym(user.get_username()))
    return state


def opt_in(session: SessionBase) -> None:
    """A user whose role does not require it sets up a second factor from their profile."""
    session[PENDING_SESSION_KEY] = ENROL


# --- Enrolment ------------------------------------------------------------------------------------


@transaction.atomic
def enrolment_device(*, user: User) -> TOTPDevice:
    """The user's device being set up (not yet confirmed): the same one until confirmed, so reloading
    the page shows the same secret."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// address as a QR code: an SVG in a data: URI (allowed by the CSP's img-src data:)."""
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _clean(token: str) -> str:
    token = "".join((token or "").split())
    if not token.isdigit() or len(token) != 6:
        raise ValidationError(_("Skriv inn de seks sifrene fra appen."), code="format")
    return token


def _throttled(device: TOTPDevice) -> bool:
    allowed, _details = device.verify_is_allowed()
    return not allowed


def enrolment_confirm(*, user: User, token: str) -> TOTPDevice:
    """Confirm the device being set up with a code from the app; the user's older devices go.

    A wrong code is kept as a failure on the device (django-otp's throttling), so it is checked outside
    the transaction that confirms."""
    token = _clean(token)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        raise ValidationError(
            _("Oppsettet er utløpt. Last siden på nytt og skann koden igjen."), code="expired"
        )
    if _throttled(device):
        raise ValidationError(
            _("For mange feil koder på kort tid. Vent litt og prøv igjen."), code="throttled"
        )
    if not device.verify_token(token):
        raise ValidationError(
            _("Koden stemmer ikke. Sjekk at klokka på telefonen er riktig og prøv igjen."), code="wrong"
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    security_log.info("second factor enrolled user=%s", pseudonym(user.get_username()))
    return device


def verify(*, user: User, token: str) -> TOTPDevice:
    """Check a one-time code against the user's confirmed device."""
    token = _clean(token)
    devices = list(confirmed_devices(user))
    if not devices:
        raise ValidationError(_("Du har ikke satt opp tofaktorinnlogging."), code="no_device")
    if all(_throttled(device) for device in devices):
        raise ValidationError(
            _("For mange feil koder på kort tid. Vent litt og prøv igjen."), code="throttled"
        )
    for device in devices:
        if device.verify_token(token):
            return device
    raise ValidationError(
        _("Koden stemmer ikke. Sjekk at klokka på telefonen er riktig og prøv igjen."), code="wrong"
    )


# --- Reset and opt-out ----------------------------------------------------------------------------


@transaction.atomic
def mfa_reset(*, user: User, actor: User, reason: str) -> int:
    """Remove the user's second-factor devices, so the next login sets up a new one (a lost phone).

    The municipality's administrator may reset any of its users; a user may remove their own only when
    their role does not require a second factor. Returns how many devices went."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv hvorfor tofaktorinnloggingen tilbakestilles.")})
    own = actor.pk == user.pk
    is_admin = roles.has_any_role(actor, (roles.ADMIN,)) and actor.municipality_id == user.municipality_id
    if not is_admin and not own:
        raise PermissionDenied(_("Bare kommunens administrator kan tilbakestille tofaktorinnloggingen."))
    if own and not is_admin and required_for(user):
        raise PermissionDenied(_("Rollen din krever tofaktorinnlogging; den kan ikke slås av."))
    removed, _details = TOTPDevice.objects.filter(user=user).delete()
    security_log.info(
        "second factor reset user=%s by=%s devices=%s", pseudonym(user.get_username()), actor.pk, removed
    )
    return int(removed)
