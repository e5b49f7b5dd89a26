"""`{% breadcrumbs label url label url ... label %}`: where a deep page sits; the last label is this page."""

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(*parts: Any) -> dict[str, Any]:
    crumbs = []
    pairs, current = parts[:-1], parts[-1] if parts else ""
    for index in range(0, len(pairs) - 1, 2):
        label, url = pairs[index], pairs[index + 1]
        if label and url:
            crumbs.append({"label": label, "url": url})
    return {"crumbs": crumbs, "current": current}
