"""The sections of Min side for one person: each citizen feature adds its entry here.

An entry shows only when the citizen holds its capability for the person, so a parent of a 13-year-old
and a citizen acting for themself see different menus, and the menu never links to a 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from helhet.portal.acting import Acting
from helhet.portal.representation import Capability

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


@dataclass(frozen=True)
class Section:
    label: str | StrPromise
    url_name: str  # takes the person's id as its one argument
    capability: str


SECTIONS: list[Section] = [
    Section(_("Oversikt"), "citizen:person", Capability.FOLLOW),
    Section(_("Søk om hjelp"), "citizen:apply", Capability.APPLY),
    Section(_("Dokumenter"), "citizen:documents", Capability.DOCUMENTS),
    Section(_("Plan og koordinator"), "citizen:plan", Capability.PLAN),
    Section(_("Møter"), "citizen:meetings", Capability.MEETINGS),
    Section(_("Meldinger"), "citizen:messages", Capability.MESSAGES),
    Section(_("Hvem har sett opplysningene mine"), "citizen:access_log", Capability.ACCESS_LOG),
    Section(_("Mine saker"), "citizen:cases", Capability.FOLLOW),
    Section(_("Samtykker"), "citizen:consents", Capability.CONSENT),
]


def sections_for(acting: Acting, current_path: str) -> list[dict[str, Any]]:
    shown: list[dict[str, Any]] = []
    for section in SECTIONS:
        if not acting.may(section.capability):
            continue
        url = reverse(section.url_name, args=[acting.person.pk])
        shown.append({"label": section.label, "url": url, "current": current_path == url})
    return shown
