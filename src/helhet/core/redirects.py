"""Where a form may send the user afterwards: only to our own pages."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str) -> str:
    """The posted (or queried) `next` if it is one of our own pages, else `default`.

    Our own pages: a path on this host, or a URL with this host and, when the request came over HTTPS, the
    https scheme. Anything else (another host, `//evil.example`, `javascript:`) gives `default`.
    """
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return default
