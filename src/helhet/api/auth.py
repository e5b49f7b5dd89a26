"""API authentication: bearer tokens (`helhet token USERNAME`) or the browser session."""

from ninja.security import HttpBearer, django_auth

from helhet.access.services import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request, token: str):
        user = user_for_token(token)
        if user is None or user.municipality_id is None:
            return None
        request.user = user
        return user


AUTH = [BearerToken(), django_auth]
