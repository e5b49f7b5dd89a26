from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from helhet.inbox.selectors import open_count


def inbox(request: HttpRequest) -> dict[str, Any]:
    """`inbox_open_count`: the user's open items, counted only if a template asks (and then once)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"inbox_open_count": 0}
    return {"inbox_open_count": SimpleLazyObject(lambda: open_count(user))}
