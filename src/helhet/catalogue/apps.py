from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "helhet.catalogue"
    label = "catalogue"
    verbose_name = _("Tjenestekatalog")

    def ready(self):
        from helhet.access import roles
        from helhet.core.navigation import NavItem, register

        register(NavItem(_("Tjenestekatalog"), "catalogue:index", roles.ALL))
