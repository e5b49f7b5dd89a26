"""`{% inbox_panel %}`: the user's top open items, for the start pages."""

from typing import Any

from django import template

from helhet.inbox import selectors
from helhet.inbox.presenting import rows_for

register = template.Library()


@register.inclusion_tag("inbox/panel.html", takes_context=True)
def inbox_panel(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"rows": [], "open_count": 0, "request": request}
    items = list(selectors.items_for(user)[: selectors.PANEL_SIZE])
    # A short list is the whole count; only a full panel asks the database how many there are.
    count = len(items) if len(items) < selectors.PANEL_SIZE else selectors.open_count(user)
    return {"rows": rows_for(user, items), "open_count": count, "request": request}


@register.simple_tag(takes_context=True)
def inbox_open_count(context: template.Context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    return selectors.open_count(user) if user is not None and user.is_authenticated else 0
