"""Amounts in kroner written the Norwegian way: «kr 4 500»."""

from django import template

from helhet.casework import social

register = template.Library()


@register.filter
def kroner(amount) -> str:
    return "" if amount in (None, "") else social.kroner(amount)
