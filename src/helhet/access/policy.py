"""Need-to-know: may this user see this person, or this case, and why.

The one place that answers the question. Every read of person-level data asks here first, and
the caller logs the read with the reason given (see services.authorize_person_read and
services.authorize_case_read).

Two levels. The person register (name, birth date, address, contact, relatives) is open to the
municipality-wide roles (reception, case workers, admin) and, for the others, follows a
responsibility. Case files (cases, assessments, reviews, decisions, letters, appeals) follow the
service area as well: a case worker reads and works on the cases of the service areas of the units
they work in or lead, and reads another area's case only on a recorded ground (the person's
consent on the application, a joint conversation, an individual plan), which the log then names.
A case worker who works in no unit with a service area sees no case files.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Exists, Model, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhet.access import roles
from helhet.access.models import EMERGENCY_PREFIX, EmergencyAccess, Ground, Responsibility
from helhet.access.records import CaseRecord, PersonRecord
from helhet.core.calendar import local_today
from helhet.core.models import User
from helhet.organisation.models import Engagement, Leadership, ServiceArea, Unit, UnitParent
from helhet.organisation.selectors import staff_for_user, unit_ids_for_user

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

_M = TypeVar("_M", bound=Model)


@dataclass(frozen=True)
class AccessDecision:
    allowed: bool
    reason: str
    emergency: bool = False

    def __bool__(self) -> bool:
        return self.allowed


DENIED = AccessDecision(False, "")

_MUNICIPALITY_WIDE_REASONS = {
    roles.RECEPTION: gettext_lazy("Resepsjon: veiledning og henvendelser til kommunen"),
    roles.ADMIN: gettext_lazy("Kommunal administrator: forvaltning av personregisteret"),
}
# What a case worker is, said truly for each service area (a NAV case worker is not at the service office).
CASE_WORKER_IN_AREA: "dict[str, StrPromise]" = {
    ServiceArea.HEALTH_CARE: gettext_lazy("Saksbehandler i helse og omsorg (tjenestekontoret)"),
    ServiceArea.SOCIAL: gettext_lazy("Saksbehandler i NAV (sosiale tjenester)"),
}


def _service_areas_of(user: User, on: datetime.date) -> frozenset[str]:
    """organisation.selectors.service_areas_for_user in one query: every unit of the user's municipality with
    its own area, its parent on `on` and whether the user works in or leads it; areas are inherited upwards."""
    assert user.municipality_id is not None  # case_areas asks only for a user of a municipality
    engaged = Engagement.objects.valid_on(on).filter(unit_id=OuterRef("pk"), staff__user_id=user.pk)
    led = Leadership.objects.valid_on(on).filter(unit_id=OuterRef("pk"), staff__user_id=user.pk)
    parent = UnitParent.objects.valid_on(on).filter(unit_id=OuterRef("pk")).order_by("pk").values("parent_id")
    rows = (
        Unit.objects.filter(municipality_id=user.municipality_id)
        .annotate(parent_id=Subquery(parent[:1]), mine=Exists(engaged) | Exists(led))
        .values_list("pk", "service_area", "parent_id", "mine")
    )
    own, parents, mine = {}, {}, []
    for pk, area, parent_id, works_here in rows:
        if area:
            own[pk] = area
        parents[pk] = parent_id
        if works_here:
            mine.append(pk)
    found = set()
    for unit_id in mine:
        seen: set[int] = set()
        current: int | None = unit_id
        while current is not None and current not in own and current not in seen:
            seen.add(current)
            current = parents.get(current)
        if current in own and own[current] in ServiceArea.values:
            found.add(own[current])
    return frozenset(found)


def case_areas(user: User) -> frozenset[str]:
    """The service areas the user works in today (through the units they work in or lead; a unit without
    its own area has its parent's), fetched once per user object. Empty for a user in no unit with an area."""
    if not getattr(user, "is_authenticated", False) or user.municipality_id is None:
        return frozenset()
    cached = getattr(user, "_helhet_areas", None)
    if cached is None:
        cached = _service_areas_of(user, local_today())
        setattr(user, "_helhet_areas", cached)  # noqa: B010  # a per-object cache, not a model field
    return cached


def _case_worker_reason(user: User) -> str:
    labels = [str(CASE_WORKER_IN_AREA[area]) for area in ServiceArea.values if area in case_areas(user)]
    if not labels:
        return _("Saksbehandler i kommunen, uten tjenesteområde: personregisteret")
    return "; ".join(labels)


def _municipality_wide_reason(user: User, role: str) -> str:
    if role == roles.CASE_WORKER:
        return _case_worker_reason(user)
    return str(_MUNICIPALITY_WIDE_REASONS[role])


def _responsibility_filter(user: User, on: datetime.date) -> Q | None:
    unit_ids = unit_ids_for_user(user, on)
    staff = staff_for_user(user)
    holder = Q()
    if unit_ids:
        holder |= Q(unit_id__in=unit_ids)
    if staff is not None:
        holder |= Q(staff=staff)
    return holder if holder else None


def person_access(
    user: User, person: PersonRecord, *, on: datetime.date | None = None, emergency: bool = False
) -> AccessDecision:
    """Whether `user` may see `person` (a Person or anything with pk and municipality_id).

    With `emergency`, an active emergency access (nødtilgang) counts too; only the person page's read asks
    for it, so an emergency access never lets anyone change the person, nor read or act on cases."""
    held = roles.roles_of(user)
    if not held or user.municipality_id is None or user.municipality_id != person.municipality_id:
        return DENIED
    for role in roles.MUNICIPALITY_WIDE:
        if role in held:
            return AccessDecision(True, _municipality_wide_reason(user, role))
    if not held & set(roles.BY_RESPONSIBILITY):
        return DENIED
    decision = _responsibility_access(user, person, on or local_today())
    if not decision and emergency:
        active = active_emergency_access(user, person)
        if active is not None:
            return AccessDecision(True, EMERGENCY_PREFIX + active.reason, emergency=True)
    return decision


def _responsibility_access(user: User, person: PersonRecord, on: datetime.date) -> AccessDecision:
    holder = _responsibility_filter(user, on)
    if holder is None:
        return DENIED
    responsibility = (
        Responsibility.objects.active_on(on)
        .filter(holder, person_id=person.pk)
        .select_related("unit", "staff")
        .order_by("valid_from", "pk")
        .first()
    )
    if responsibility is None:
        return DENIED
    holder_name = responsibility.unit.name if responsibility.unit else str(responsibility.staff)
    return AccessDecision(
        True,
        _("Ansvar (%(holder)s): %(reason)s")
        % {
            "holder": holder_name,
            "reason": responsibility.reason,
        },
    )


def person_refusal_reason(user: User, person: PersonRecord) -> str:
    """Why `person_access` refused `user` the person, said for the person's access log."""
    held = roles.roles_of(user)
    if not held:
        return _("Avvist: brukeren har ingen rolle")
    if user.municipality_id != person.municipality_id:
        return _("Avvist: personen hører til en annen kommune")
    if not held & (set(roles.MUNICIPALITY_WIDE) | set(roles.BY_RESPONSIBILITY)):
        return _("Avvist: rollen gir ikke tilgang til opplysninger om personer")
    return _("Avvist: verken brukeren eller enheten har ansvar for personen (tjenstlig behov)")


def case_refusal_reason(user: User, case: CaseRecord) -> str:
    """Why `case_access` refused `user` the files of `case`, said for the person's access log."""
    if user.municipality_id != case.municipality_id:
        return _("Avvist: saken hører til en annen kommune")
    if not roles.has_any_role(user, roles.CASE_FILE_READERS):
        return _("Avvist: rollen gir ikke tilgang til saksdokumenter")
    return _("Avvist: saken hører til et annet tjenesteområde, uten grunnlag for innsyn på tvers")


def active_emergency_access(user: User, person: PersonRecord) -> EmergencyAccess | None:
    """The user's emergency access to the person that has not yet expired, if any."""
    return (
        EmergencyAccess.objects.filter(user_id=user.pk, person_id=person.pk, expires_at__gt=timezone.now())
        .order_by("-expires_at")
        .first()
    )


def may_break_glass(user: User) -> bool:
    """Staff whose need-to-know follows a responsibility may open a person in an emergency; the municipality-wide
    roles see the register anyway, and analysts never see person-level data."""
    return user.municipality_id is not None and roles.has_any_role(user, roles.EMERGENCY_ACCESS_ROLES)


def may_review_emergency_access(user: User) -> bool:
    return user.municipality_id is not None and roles.has_any_role(user, roles.EMERGENCY_REVIEWERS)


@dataclass(frozen=True)
class CaseAccess(AccessDecision):
    """May the user read this case's files, why, and may they also work on it (only in their own area)."""

    may_work: bool = False
    ground: str = ""


CASE_DENIED = CaseAccess(False, "")


def _ground_reason(responsibility: Responsibility) -> str:
    label = str(Ground(responsibility.ground).label)
    reason = responsibility.reason
    if not reason.startswith(label):
        reason = f"{label}: {reason}"
    holder = responsibility.unit.name if responsibility.unit else str(responsibility.staff or "")
    if holder and holder not in reason:
        reason = f"{reason} ({holder})"
    return reason


def _ground_for(
    user: User, case: CaseRecord, areas: frozenset[str], on: datetime.date
) -> Responsibility | None:
    """The first active responsibility with a ground for the case's person held by the user, their units or
    their service areas. A consent on an application covers that application's cases only."""
    holder = _responsibility_filter(user, on) or Q()
    if areas:
        holder |= Q(service_area__in=areas)
    if not holder:
        return None
    grounds = (
        Responsibility.objects.active_on(on)
        .filter(holder, person_id=case.person_id)
        .exclude(ground="")
        .select_related("unit", "staff")
        .order_by("valid_from", "pk")
    )
    for responsibility in grounds:
        if responsibility.ground == Ground.CONSENT and responsibility.source != (
            f"consent:application:{case.application_id}"
        ):
            continue
        return responsibility
    return None


def case_access(user: User, case: CaseRecord, *, on: datetime.date | None = None) -> CaseAccess:
    """Whether `user` may read the files of `case` (anything with municipality_id, person_id, application_id
    and service_area), with the true reason; `may_work` only in the user's own service area."""
    if (
        user.municipality_id is None
        or user.municipality_id != case.municipality_id
        or not roles.has_any_role(user, roles.CASE_FILE_READERS)
    ):
        return CASE_DENIED
    areas = case_areas(user)
    if case.service_area in areas:
        return CaseAccess(True, str(CASE_WORKER_IN_AREA[case.service_area]), may_work=True)
    ground = _ground_for(user, case, areas, on or local_today())
    if ground is None:
        return CASE_DENIED
    return CaseAccess(True, _ground_reason(ground), ground=ground.ground)


def may_search_register(user: User) -> bool:
    """Municipality-wide roles search the whole register; others see only their own caseload."""
    return user.municipality_id is not None and roles.has_any_role(user, roles.MUNICIPALITY_WIDE)


def visible_persons(user: User, persons: QuerySet[_M], *, on: datetime.date | None = None) -> QuerySet[_M]:
    """Narrow a Person queryset to those the user may see."""
    held = roles.roles_of(user)
    if user.municipality_id is None or not held:
        return persons.none()
    persons = persons.filter(municipality_id=user.municipality_id)
    if held & set(roles.MUNICIPALITY_WIDE):
        return persons
    if not held & set(roles.BY_RESPONSIBILITY):
        return persons.none()
    on = on or local_today()
    holder = _responsibility_filter(user, on)
    if holder is None:
        return persons.none()
    responsible = Responsibility.objects.active_on(on).filter(holder).values("person_id")
    return persons.filter(pk__in=responsible)


def may_see_caseload(user: User) -> bool:
    return user.municipality_id is not None and roles.has_any_role(user, roles.BY_RESPONSIBILITY)


def may_register_persons(user: User) -> bool:
    return user.municipality_id is not None and roles.has_any_role(user, roles.REGISTRARS)


def may_see_full_national_id(user: User) -> bool:
    return roles.has_any_role(user, roles.FULL_NATIONAL_ID)


def may_read_access_log(user: User) -> bool:
    return roles.has_any_role(user, roles.ACCESS_LOG_READERS)


def may_read_whole_access_log(user: User) -> bool:
    """The municipality's administrator (the data controller's control function) reads a person's whole
    access log; the other readers see the entries of their own units' staff and their own (see
    access.selectors.access_log_for_viewer)."""
    return roles.has_any_role(user, roles.WHOLE_ACCESS_LOG_READERS)


def may_view_organisation(user: User) -> bool:
    return user.municipality_id is not None and roles.has_any_role(user, roles.ORGANISATION_READERS)


def may_simulate_capacity(user: User) -> bool:
    return user.municipality_id is not None and roles.has_any_role(user, roles.CAPACITY_SIMULATORS)


def may_view_statistics(user: User) -> bool:
    return user.municipality_id is not None and roles.has_any_role(user, roles.STATISTICS_READERS)


def may_edit_organisation(user: User) -> bool:
    return user.municipality_id is not None and roles.has_any_role(user, roles.ORGANISATION_EDITORS)


def may_edit_catalogue(user: User) -> bool:
    return user.municipality_id is not None and roles.has_any_role(user, roles.CATALOGUE_EDITORS)


def may_call_meetings(user: User) -> bool:
    """Staff who call meetings and book joint conversations with the person."""
    return roles.has_any_role(user, roles.MEETING_ROLES)


def may_appoint_coordinator(user: User) -> bool:
    return roles.has_any_role(user, roles.COORDINATOR_ROLES)


def may_read_kpr_check(user: User) -> bool:
    """The KPR check's counts per rule: aggregates, so also for analysts, leaders and the administrator."""
    return user.municipality_id is not None and roles.has_any_role(user, roles.KPR_CHECK_READERS)


def may_export_kpr(user: User) -> bool:
    """The KPR export and the check's failing rows name persons (national ID) with their decisions and
    functional scores: case files of health and care. Only case workers of that service area read those
    files (case_access), so only they list the failing rows and download the file; analysts see no
    person-level data and the administrator keeps the register, not the case files."""
    return (
        user.municipality_id is not None
        and roles.has_any_role(user, roles.CASE_FILE_READERS)
        and ServiceArea.HEALTH_CARE in case_areas(user)
    )
