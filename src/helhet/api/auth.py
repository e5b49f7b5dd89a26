"""API authentication: bearer tokens (`helhet token USERNAME`) or the browser session.

Bad tokens are counted per client address in Django's cache; after HELHET_API_BAD_TOKEN_LIMIT of them
within HELHET_API_BAD_TOKEN_WINDOW_MINUTES the address gets 429 for any token until the window ends."""

from django.conf import settings
from django.core.cache import cache
from ninja.security import HttpBearer, django_auth

from helhet.access.login import client_ip, pseudonym, security_log
from helhet.access.services import user_for_token


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
        user = user_for_token(token)
        if user is None or user.municipality_id is None:
            _count_bad_token(request)
            return None
        request.user = user
        return user


AUTH = [BearerToken(), django_auth]
