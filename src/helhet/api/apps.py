from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "helhet.api"
    label = "api"
    verbose_name = "API"

    def ready(self):
        from helhet.access import roles
        from helhet.core.navigation import NavItem, register

        # Last in the menu: every staff user keeps their own tokens for this API.
        register(NavItem(_("Mine API-nøkler"), "accounts:my_tokens", roles.ALL))
