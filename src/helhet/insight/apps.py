from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    """Leaders' and politicians' view of the organisation: chart, span of control, collaboration."""

    name = "helhet.insight"
    label = "insight"
    verbose_name = _("Innsikt")

    def ready(self):
        from helhet.access import roles
        from helhet.core.navigation import MAIN, NavItem, register

        # One entry for all of insight: its hub lists each tool the user's roles may use (insight/hub.py).
        readers = tuple(
            dict.fromkeys(
                (
                    *roles.ORGANISATION_READERS,
                    *roles.CAPACITY_SIMULATORS,
                    *roles.KPR_CHECK_READERS,
                    *roles.STATISTICS_READERS,
                )
            )
        )
        register(NavItem(_("Organisasjon og innsikt"), "insight:hub", readers))
        # The analyst's main place; leaders and admins find it in the hub with the other tools.
        register(NavItem(_("Statistikk"), "statistics:page", (roles.ANALYST,), order=MAIN))
