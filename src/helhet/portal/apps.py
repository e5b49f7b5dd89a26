from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Citizen-facing pages: what help exists, without logging in."""

    name = "helhet.portal"
    label = "portal"
    verbose_name = _("Innbyggerportal")
