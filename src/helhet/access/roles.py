"""The roles of Helhet; each is a Django group with the same name."""

from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from helhet.core.models import User

RECEPTION = "resepsjon"
CASE_WORKER = "saksbehandler"
PROVIDER = "tjenesteyter"
LEADER = "leder"
COORDINATOR = "koordinator"
ANALYST = "analytiker"
ADMIN = "admin"

LABELS = {
    RECEPTION: _("Resepsjon"),
    CASE_WORKER: _("Saksbehandler"),
    PROVIDER: _("Tjenesteyter"),
    LEADER: _("Leder"),
    COORDINATOR: _("Koordinator"),
    ANALYST: _("Analytiker"),
    ADMIN: _("Kommunal administrator"),
}
ALL = tuple(LABELS)

# Roles that serve the whole municipality's population (one door in), as against roles whose
# need-to-know follows a responsibility for the person.
MUNICIPALITY_WIDE = (RECEPTION, CASE_WORKER, ADMIN)
BY_RESPONSIBILITY = (PROVIDER, LEADER, COORDINATOR)
# Roles offered the person search in the header: the register for municipality-wide roles, else the caseload.
PERSON_SEARCHERS = (*MUNICIPALITY_WIDE, *BY_RESPONSIBILITY)
# Roles that read case files (cases, assessments, decisions, letters, appeals), each in their own service area.
CASE_FILE_READERS = (CASE_WORKER,)
# Roles that register and correct persons in the register.
REGISTRARS = (RECEPTION, CASE_WORKER, ADMIN)
# Roles that may see the full national ID number on request.
FULL_NATIONAL_ID = (CASE_WORKER, ADMIN)
# Roles that see the organisation (chart, span of control, collaboration) and that may change it.
ORGANISATION_READERS = (CASE_WORKER, LEADER, COORDINATOR, ANALYST, ADMIN)
ORGANISATION_EDITORS = (LEADER, ADMIN)
# Who may run the capacity simulation of the office (aggregates only, no person data).
CAPACITY_SIMULATORS = (LEADER, ANALYST, ADMIN)
# Roles that read the statistics page and the politicians' yearly report (aggregates only, small counts hidden).
STATISTICS_READERS = (ANALYST, LEADER, ADMIN)
CATALOGUE_EDITORS = (LEADER, ADMIN)
# The legal regimes (acts, appeal rules, letterheads) are the municipality's legal set-up, kept by its admin.
LEGAL_REGIME_EDITORS = (ADMIN,)
# Roles that meet with the person and other services, and keep the person's calendar.
MEETING_ROLES = (PROVIDER, LEADER, COORDINATOR, CASE_WORKER)
# Roles that appoint coordinators and keep individual plans.
COORDINATOR_ROLES = (COORDINATOR, LEADER, CASE_WORKER)
# Roles that may read a person's access log.
ACCESS_LOG_READERS = (CASE_WORKER, LEADER, ADMIN)
# Of those, the roles that read the whole log; the others read their own units' part of it.
WHOLE_ACCESS_LOG_READERS = (ADMIN,)
# Roles that may open a person without need-to-know in an emergency (nødtilgang), and who review it: the
# leaders of the user's units, and the administrator.
EMERGENCY_ACCESS_ROLES = (PROVIDER, LEADER, COORDINATOR)
EMERGENCY_REVIEWERS = (LEADER, ADMIN)
# Roles that see the KPR check's counts (aggregates, no persons); the failing rows and the export itself are
# case files of health and care and go to case workers of that area only (policy.may_export_kpr).
KPR_CHECK_READERS = (CASE_WORKER, LEADER, ANALYST, ADMIN)


def roles_of(user: User) -> frozenset[str]:
    """The user's roles, fetched once per user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_helhet_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ALL).values_list("name", flat=True))
        setattr(user, "_helhet_roles", cached)  # noqa: B010  # a per-object cache, not a model field
    return cached


def has_any_role(user: User, roles: Iterable[str]) -> bool:
    return bool(roles_of(user) & set(roles))


def primary_role(user: User) -> str | None:
    """The role whose start page the user sees (the first in the order of ALL)."""
    held = roles_of(user)
    return next((role for role in ALL if role in held), None)
