"""Request types for views: a signed-in request carries a real user, not an anonymous one."""

from django.http import HttpRequest

from helhet.core.models import User


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind login_required (or an API auth): `request.user` is a `User`."""

    user: User
