"""Template helpers of the work list."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_options(context, choices, selected) -> SafeString:
    """The <option>s of a staff select, built in Python: a leader's list repeats them for every visit, so each
    option is escaped once per page (kept in the page's render context) and only the chosen one is redone."""
    key = ("staff_options", id(choices))  # the list lives as long as the page's rendering
    options = context.render_context.get(key)
    if options is None:
        options = [
            (pk, label, format_html('<option value="{}">{}</option>', pk, label)) for pk, label in choices
        ]
        context.render_context[key] = options
    selected_id = getattr(selected, "pk", None)
    return mark_safe(  # noqa: S308 (every part was escaped by format_html above)
        "".join(
            format_html('<option value="{}" selected>{}</option>', pk, label) if pk == selected_id else html
            for pk, label, html in options
        )
    )
