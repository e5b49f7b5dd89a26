from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "helhet.intake"
    label = "intake"
    verbose_name = _("Mottak")

    def ready(self) -> None:
        from helhet.intake import inbox_receivers  # noqa: F401  # connects to the inbox's signal
