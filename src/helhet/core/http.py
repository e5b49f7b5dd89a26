"""Request types for views: a signed-in request carries a real user, not an anonymous one."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from helhet.core.models import User


class AuthenticatedRequest(HttpRequest):
    """The request of a view behind login_required (or an API auth): `request.user` is a `User`."""

    user: User


# What a middleware is given to call the rest of the chain.
GetResponse = Callable[[HttpRequest], HttpResponse]
