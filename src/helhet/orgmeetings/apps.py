from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgMeetingsConfig(AppConfig):
    """The organisation's own meetings, leadership rotations and conversation rooms (pages and the inbox link)."""

    name = "helhet.orgmeetings"
    label = "orgmeetings"
    verbose_name = _("Faste møter og rom")

    def ready(self):
        from helhet.core.navigation import NavItem, register
        from helhet.orgmeetings.rules import MEETING_STAFF, ROOM_USERS

        register(NavItem(_("Faste møter"), "orgmeetings:series_list", MEETING_STAFF))
        register(NavItem(_("Møterom"), "orgmeetings:rooms", ROOM_USERS))
