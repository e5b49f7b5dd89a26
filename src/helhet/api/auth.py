"""API authentication: bearer tokens (`helhet token create USERNAME`, or «Mine API-nøkler») or the session.

A read-only token is refused with 403 on any call that could change data (POST, PUT, PATCH, DELETE), here,
once, so it holds for every endpoint. Revoked and expired tokens, and tokens of deactivated users, answer 401.
Bad tokens are counted per client address in Django's cache; after HELHET_API_BAD_TOKEN_LIMIT of them
within HELHET_API_BAD_TOKEN_WINDOW_MINUTES the address gets 429 for any token until the window ends."""

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja.security import HttpBearer, django_auth

from helhet.access.login import client_ip, pseudonym, security_log
from helhet.access.services import token_for_raw

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TooManyBadTokens(Exception):
    """The address has sent too many bad API tokens; answered with 429."""


def _bad_token_key(request) -> str:
    return f"helhet:api-bad-token:{client_ip(request) or '-'}"


def _count_bad_token(request) -> None:
    key = _bad_token_key(request)
    window = settings.HELHET_API_BAD_TOKEN_WINDOW_MINUTES * 60
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    security_log.warning("api token refused address=%s count=%s", pseudonym(client_ip(request)), count)


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        if cache.get(_bad_token_key(request), 0) >= settings.HELHET_API_BAD_TOKEN_LIMIT:
            raise TooManyBadTokens()
        found = token_for_raw(token)
        if found is None or found.user.municipality_id is None:
            _count_bad_token(request)
            return None
        if found.is_read_only and request.method not in SAFE_METHODS:
            raise PermissionDenied(
                _("API-nøkkelen gir bare lesetilgang og kan ikke brukes til å endre data.")
            )
        request.user = found.user
        request.api_token = found
        return found.user


AUTH = [BearerToken(), django_auth]
