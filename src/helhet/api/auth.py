"""API authentication: bearer tokens (`helhet token create USERNAME`, or «Mine API-nøkler») or the session.

A read-only token is refused with 403 on any call that could change data (POST, PUT, PATCH, DELETE), here,
once, so it holds for every endpoint. Revoked and expired tokens, and tokens of deactivated users, answer 401.
"""

from django.core.exceptions import PermissionDenied
from ninja.security import HttpBearer, django_auth

from helhet.access.services import token_for_raw

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        found = token_for_raw(token)
        if found is None or found.user.municipality_id is None:
            return None
        if found.is_read_only and request.method not in SAFE_METHODS:
            raise PermissionDenied("API-nøkkelen gir bare lesetilgang og kan ikke brukes til å endre data.")
        request.user = found.user
        request.api_token = found
        return found.user


AUTH = [BearerToken(), django_auth]
