"""`{{ n|count_label }}`: a capped count (core.counting) as shown, «over 1 000» above the cap."""

from django import template

from helhet.core import counting

register = template.Library()


@register.filter
def count_label(count: int) -> str:
    return counting.count_label(count)
