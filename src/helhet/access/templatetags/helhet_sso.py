"""`{% sso_login_url next as url %}`: the SSO button's target, or "" while single sign-on is off."""

from django import template

from helhet.access.sso import login_start_url

register = template.Library()


@register.simple_tag
def sso_login_url(next_url: str | None = "") -> str:
    return login_start_url(next_url or "")
