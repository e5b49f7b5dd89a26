"""System checks of the access layer (run by `helhet check --deploy`)."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


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


@register(Tags.security, deploy=True)
def citizen_dev_login_check(app_configs: object, **kwargs: Any) -> list[Error]:
    """The development login takes a fødselsnummer on trust: never on a server that is not in debug mode."""
    if settings.DEBUG or not getattr(settings, "HELHET_CITIZEN_DEV_LOGIN", False):
        return []
    return [
        Error(
            "HELHET_CITIZEN_DEV_LOGIN is on: anyone can log in to Min side as anyone by typing a fødselsnummer.",
            hint="Unset HELHET_CITIZEN_DEV_LOGIN; citizens log in with ID-porten (helhet.config.production refuses it).",
            id="helhet.E001",
        )
    ]
