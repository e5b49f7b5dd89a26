"""A phone number as a link a thumb can tap to call (tel:), wherever the app shows one."""

import re

from django import template
from django.utils.html import format_html

register = template.Library()


def tel_uri(number: str) -> str:
    """The number as a tel: URI: digits and a leading +, Norwegian numbers of eight digits get +47."""
    digits = re.sub(r"[^\d+]", "", number or "")
    digits = digits[:1] + digits[1:].replace("+", "")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if len(digits) == 8 and digits.isdigit():
        digits = "+47" + digits
    return f"tel:{digits}"


@register.filter
def phone_link(number: str):
    """`{{ person.phone|phone_link }}`: the number as shown, linked for calling; empty stays empty."""
    if not number or not re.search(r"\d", number):
        return number or ""
    return format_html('<a class="ds-link hh-tel" href="{}">{}</a>', tel_uri(number), number)
