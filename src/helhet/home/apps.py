from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """Start pages per role; sits on top of the domain apps and is imported by none of them."""

    name = "helhet.home"
    label = "home"
    verbose_name = _("Startsider")

    def ready(self):
        from helhet.access import roles
        from helhet.core.navigation import DAILY, MAIN, NavItem, register
        from helhet.home import glance
        from helhet.people import panels

        register(NavItem(_("Start"), "home", (), order=0))
        # Each role's main places: reception's desk, the case worker's cases, the leader's deviations.
        register(NavItem(_("Mottak"), "intake:desk", (roles.RECEPTION, roles.CASE_WORKER), order=MAIN))
        register(NavItem(_("Saker"), "casework:queue", (roles.CASE_WORKER,), order=MAIN))
        register(NavItem(_("Avvik"), "care:deviations", (roles.LEADER,), order=DAILY))
        register(
            NavItem(
                _("Personer"),
                "people:list",
                (*roles.MUNICIPALITY_WIDE, *roles.BY_RESPONSIBILITY),
                order=DAILY,
            )
        )
        register(NavItem(_("Brukere"), "accounts:users", (roles.ADMIN,), order=MAIN))
        register(NavItem(_("Nødtilganger"), "people:emergency_reviews", roles.EMERGENCY_REVIEWERS))
        panels.register(glance.person_at_a_glance)
