"""«Organisasjon og innsikt»: one menu entry for the leaders' and analysts' tools, each shown only to the
roles that may use it, with a sentence on what it answers."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhet.access.policy import (
    may_read_kpr_check,
    may_simulate_capacity,
    may_view_organisation,
    may_view_statistics,
)
from helhet.core.models import User

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Tool:
    label: "StrOrPromise"
    url_name: str
    question: "StrOrPromise"
    allowed: Callable[[User], bool]


# In the order a leader would ask: how are we organised, how do we work together, what if we change.
TOOLS: list[Tool] = [
    Tool(
        gettext_lazy("Statistikk"),
        "statistics:page",
        gettext_lazy(
            "Henvendelser, søknader, vedtak, saksbehandlingstid, klager, ventelister og mer, med årsrapport."
        ),
        may_view_statistics,
    ),
    Tool(
        gettext_lazy("Organisasjonskart"),
        "insight:chart",
        gettext_lazy(
            "Enhetene, lederne og antall ansatte en valgt dag, tegnet og som liste; to datoer side om side."
        ),
        may_view_organisation,
    ),
    Tool(
        gettext_lazy("Lederspenn"),
        "insight:span",
        gettext_lazy("Hvor mange hver leder har direkte under seg, og hvem som er over kommunens grense."),
        may_view_organisation,
    ),
    Tool(
        gettext_lazy("Enheter"),
        "insight:units",
        gettext_lazy("Opprett, gi nytt navn til, flytt og avslutt enheter, med historikk."),
        may_view_organisation,
    ),
    Tool(
        gettext_lazy("Samarbeidskart"),
        "insight:collaboration",
        gettext_lazy("Hvem som samarbeider med hvem, og import av kart fra verksteder."),
        may_view_organisation,
    ),
    Tool(
        gettext_lazy("Samarbeidsanalyse"),
        "insight:collaboration_analysis",
        gettext_lazy("Hvor mye av samarbeidet som krysser enhetsgrensene, og en foreslått gruppering."),
        may_view_organisation,
    ),
    Tool(
        gettext_lazy("Omorganiseringsscenarier"),
        "insight:scenarios",
        gettext_lazy("Et utkast til ny organisasjon sammenlignet med dagens, og publisering fra en dato."),
        may_view_organisation,
    ),
    Tool(
        gettext_lazy("Verksteder"),
        "insight:workshops",
        gettext_lazy("Gruppenes hensyn og prioriteringer, samlet med Borda-telling."),
        may_view_organisation,
    ),
    Tool(
        gettext_lazy("Kapasitetssimulering"),
        "insight:simulation",
        gettext_lazy("Ventetid og kø i mottaket med ulik bemanning og organisering, simulert."),
        may_simulate_capacity,
    ),
    Tool(
        gettext_lazy("KPR-rapportering"),
        "insight:kpr",
        gettext_lazy("Årsrapporten til Kommunalt pasient- og brukerregister: kontroll først, så eksport."),
        may_read_kpr_check,
    ),
]


def tools_for(user: User) -> list[Tool]:
    return [tool for tool in TOOLS if tool.allowed(user)]


def may_use_any_tool(user: User) -> bool:
    return bool(tools_for(user))


@login_required
def hub(request):
    tools = tools_for(request.user)
    if not tools:
        raise PermissionDenied(_("Rollen din gir ikke tilgang til organisasjon og innsikt."))
    return render(request, "insight/hub.html", {"tools": tools})
