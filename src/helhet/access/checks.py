"""System checks of the access layer (run by `helhet check --deploy`)."""

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def access_log_key_check(app_configs: object, **kwargs: Any) -> list[Warning]:
    if settings.DEBUG or getattr(settings, "HELHET_ACCESS_LOG_KEY", None):
        return []
    return [
        Warning(
            "HELHET_ACCESS_LOG_KEY is not set: the access log's hash chain uses the public development key, "
            "so anyone with database access could forge rows that verify-access-log accepts.",
            hint="Set HELHET_ACCESS_LOG_KEY (or HELHET_ACCESS_LOG_KEY_FILE) to a long random secret and keep it.",
            id="helhet.W001",
        )
    ]
