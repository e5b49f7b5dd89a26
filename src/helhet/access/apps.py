from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "helhet.access"
    label = "access"
    verbose_name = _("Tilgang")

    def ready(self) -> None:
        from helhet.access import checks, login, mfa, receivers  # noqa: F401
