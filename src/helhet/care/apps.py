from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareConfig(AppConfig):
    name = "helhet.care"
    label = "care"
    verbose_name = _("Tjenesteyting")

    def ready(self):
        from helhet.access import roles
        from helhet.core.navigation import MAIN, NavItem, register

        register(NavItem(_("Arbeidsliste"), "care:worklist", (roles.PROVIDER, roles.LEADER), order=MAIN))
        register(
            NavItem(_("Min kalender"), "care:calendar", (roles.PROVIDER, roles.LEADER, roles.COORDINATOR))
        )
        register(NavItem(_("Møter"), "care:meetings", (roles.PROVIDER, roles.LEADER, roles.COORDINATOR)))
        register(NavItem(_("Koordinering"), "care:coordination", (roles.COORDINATOR,), order=MAIN))
