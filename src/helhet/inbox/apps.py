from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "helhet.inbox"
    label = "inbox"
    verbose_name = _("Oppgaver")

    def ready(self) -> None:
        from helhet.access import roles
        from helhet.core.navigation import DAILY, NavItem, register
        from helhet.inbox.selectors import open_count

        register(NavItem(_("Oppgaver"), "inbox:list", roles.ALL, order=DAILY + 1, count=open_count))
