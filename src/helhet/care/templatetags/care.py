"""Template helpers of the work list."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

register = template.Library()
SELECTED = mark_safe(" selected")


@register.simple_tag
def staff_options(choices, selected):
    """The <option>s of a staff select, built in Python: a leader's list repeats them for every visit."""
    selected_id = getattr(selected, "pk", None)
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((pk, SELECTED if pk == selected_id else "", label) for pk, label in choices),
    )
