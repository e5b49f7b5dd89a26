from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from helhet.access import mfa, roles
from helhet.access.activity import idle_timeout_seconds
from helhet.access.citizen import is_citizen_session
from helhet.core import navigation


def role_and_navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "user_role_labels": []}
    if is_citizen_session(request.session):
        return {
            "nav_items": [],
            "user_role_labels": [],
            "citizen_session": True,
            "idle_timeout_seconds": idle_timeout_seconds(),
        }
    if mfa.pending(request.session):
        # Logged in with the password only: no menu until the second factor is done.
        return {"nav_items": [], "user_role_labels": [], "mfa_pending": True}
    held = roles.roles_of(user)
    items = []
    for item in navigation.items_for(held):
        url = reverse(item.url_name)
        current = request.path == url or (url != "/" and request.path.startswith(url))
        label = item.label if item.count is None else f"{item.label} ({item.count(user)})"
        items.append({"label": label, "url": url, "current": current})
    return {
        "nav_items": items,
        "user_role_labels": [roles.LABELS[role] for role in roles.ALL if role in held],
        "person_search": bool(held & set(roles.PERSON_SEARCHERS)) and user.municipality_id is not None,
        "idle_timeout_seconds": idle_timeout_seconds(),
    }
