"""The lockout rule behind django-axes (settings.AXES_HANDLER).

A username is locked after HELHET_LOGIN_FAILURE_LIMIT failures (from anywhere, and so also the username
from one address). A client address alone is locked only after the much higher
HELHET_LOGIN_ADDRESS_FAILURE_LIMIT failures within the cool-off, summed over every username tried from it:
an office behind one NAT address is not locked out because one colleague mistyped, but one address
trying many usernames is still stopped.
"""

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def address_failure_limit() -> int:
    return int(settings.HELHET_LOGIN_ADDRESS_FAILURE_LIMIT)


def address_failures(request: HttpRequest, address: str | None) -> int:
    """Failures from the address within the cool-off, whatever the username."""
    if not address:
        return 0
    total = (
        AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=get_cool_off_threshold(request))
        .aggregate(total=Sum("failures_since_start"))
        .get("total")
    )
    return int(total or 0)


class HelhetLockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """axes' database handler; the failures it compares with the limit also reach the limit when the
    address alone has reached its own, higher limit."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        per_user = int(super().get_failures(request, credentials))
        if address_failures(request, getattr(request, "axes_ip_address", None)) >= address_failure_limit():
            return max(per_user, int(get_failure_limit(request, credentials)))
        return per_user
