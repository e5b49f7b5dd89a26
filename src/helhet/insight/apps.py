from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    """Leaders' and politicians' view of the organisation: chart, span of control, collaboration."""

    name = "helhet.insight"
    label = "insight"
    verbose_name = _("Innsikt")

    def ready(self):
        from helhet.access import roles
        from helhet.core.navigation import NavItem, register

        register(NavItem(_("Organisasjonskart"), "insight:chart", roles.ORGANISATION_READERS))
        register(NavItem(_("Lederspenn"), "insight:span", roles.ORGANISATION_READERS))
        register(NavItem(_("Samarbeidskart"), "insight:collaboration", roles.ORGANISATION_READERS))
