"""{% change_history obj %}: the "Endringshistorikk" block on an object's page."""

from collections.abc import Iterable

from django import template
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from helhet.core.models import ChangeOperation, ChangeRecord
from helhet.core.selectors import history_for, history_for_types

register = template.Library()


@register.inclusion_tag("includes/change_history.html")
def change_history(obj, title="", own_app=False, also="", also_id=None):
    """`own_app`: only the changes to objects of `obj`'s own app (the person page); `also` and `also_id`: one
    more object (type and id) whose changes the page may show (the case page: the application behind it)."""
    extra = [(also, also_id)] if also else []
    return {"history": history_for(obj, own_app=own_app, also=extra), "title": title}


@register.inclusion_tag("includes/change_history.html")
def change_history_types(municipality, object_types: str, title=""):
    return {"history": history_for_types(municipality, object_types.split(",")), "title": title}


_OPERATIONS = dict(ChangeOperation.choices)  # lazy labels: translated when shown


def _when(row: ChangeRecord) -> str:
    """As the template filter `date:"d.m.Y H:i"` in Oslo time, for a fraction of its cost."""
    at = timezone.localtime(row.at)
    return f"{at.day:02d}.{at.month:02d}.{at.year:04d} {at.hour:02d}:{at.minute:02d}"


def _what(row: ChangeRecord) -> SafeString:
    """The operation, the part of the page object it touched (a relative, a decision) and the reason."""
    part = ""
    if row.object_type != row.scope_type or row.object_id != row.scope_id:
        part = format_html(": {}", row.object_label)
    reason = format_html(' <span class="hh-muted">({})</span>', row.reason) if row.reason else ""
    return format_html("{}{}{}", _OPERATIONS.get(row.operation, row.operation), part, reason)


@register.simple_tag
def change_history_rows(rows: Iterable[ChangeRecord]) -> SafeString:
    """The table's rows, built here rather than by a template loop: a panel holds up to 50 rows of six cells,
    and the loop cost a case page a fifth of its rendering time. Every value is escaped."""
    return format_html_join(
        "\n",
        '<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class="hh-history-value">{}</td>'
        '<td class="hh-history-value">{}</td></tr>',
        (
            (
                _when(row),
                row.actor_label,
                _what(row),
                row.field_label,
                row.old_value or "–",
                row.new_value or "–",
            )
            for row in rows
        ),
    )
