"""Every figure of the statistics page, in the order the page shows them."""

from collections.abc import Callable

from helhet.insight.statistics import care, casework, inquiries, organisation
from helhet.insight.statistics.figures import Figure
from helhet.insight.statistics.filters import Filters

FIGURES: dict[str, Callable[[Filters], Figure]] = {
    "henvendelser": inquiries.inquiries_by_channel,
    "soknader": casework.applications_by_month,
    "vedtak": casework.decisions_by_service,
    "saksbehandlingstid": casework.time_to_decision,
    "forelopig-svar": casework.interim_replies,
    "klager": casework.appeals,
    "ventelister": care.waiting_lists,
    "omsorgstrappen": care.care_ladder,
    "innvilget-levert": care.granted_against_delivered,
    "avvik": care.deviations,
    "overforinger": organisation.handoffs_by_pair,
    "saksmengde": organisation.caseload_per_team,
}


def all_figures(filters: Filters) -> list[Figure]:
    return [build(filters) for build in FIGURES.values()]
