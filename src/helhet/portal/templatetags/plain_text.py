"""Statements written as plain text: «## » starts a heading, «- » a list item, a blank line a paragraph."""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _block(block: str) -> str:
    lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    if lines[0].startswith("## "):
        head = f'<h2 class="ds-heading" data-size="sm">{escape(lines[0][3:].strip())}</h2>'
        rest = "\n".join(lines[1:])
        return head + (_block(rest) if rest else "")
    if all(line.startswith("- ") for line in lines):
        items = "".join(f"<li>{escape(line[2:].strip())}</li>" for line in lines)
        return f'<ul class="ds-list">{items}</ul>'
    return f'<p class="ds-paragraph">{escape(" ".join(lines))}</p>'


@register.filter
def plain_text_html(text: str) -> SafeString:
    blocks = (text or "").replace("\r\n", "\n").split("\n\n")
    return mark_safe("".join(_block(b) for b in blocks))  # noqa: S308 - every piece of text is escaped above
