from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Start pages per role; sits on top of the domain apps and is imported by none of them."""

    name = "helhet.home"
    label = "home"
    verbose_name = _("Startsider")

    def ready(self):
        from helhet.access import roles
        from helhet.core.navigation import NavItem, register

        register(NavItem(_("Start"), "home", ()))
        register(NavItem(_("Personer"), "people:list", (*roles.MUNICIPALITY_WIDE, *roles.BY_RESPONSIBILITY)))
        register(NavItem(_("Brukere"), "accounts:users", (roles.ADMIN,)))
        register(NavItem(_("Nødtilganger"), "people:emergency_reviews", roles.EMERGENCY_REVIEWERS))
