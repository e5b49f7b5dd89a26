"""Need-to-know: may this user see this person, and why.

The one place that answers the question. Every read of person-level data asks here first, and
the caller logs the read with the reason given (see services.authorize_person_read).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhet.access import roles
from helhet.access.models import Responsibility
from helhet.core.calendar import local_today
from helhet.organisation.selectors import staff_for_user, unit_ids_for_user


@dataclass(frozen=True)
class AccessDecision:
    allowed: bool
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


DENIED = AccessDecision(False, "")

_MUNICIPALITY_WIDE_REASONS = {
    roles.CASE_WORKER: gettext_lazy("Saksbehandler ved tjenestekontoret i kommunen"),
    roles.RECEPTION: gettext_lazy("Resepsjon: veiledning og henvendelser til kommunen"),
    roles.ADMIN: gettext_lazy("Kommunal administrator: forvaltning av personregisteret"),
}


def _responsibility_filter(user, on: datetime.date) -> Q | None:
    unit_ids = unit_ids_for_user(user, on)
    staff = staff_for_user(user)
    holder = Q()
    if unit_ids:
        holder |= Q(unit_id__in=unit_ids)
    if staff is not None:
        holder |= Q(staff=staff)
    return holder if holder else None


def person_access(user, person, *, on: datetime.date | None = None) -> AccessDecision:
    """Whether `user` may see `person` (a Person or anything with pk and municipality_id)."""
    held = roles.roles_of(user)
    if not held or user.municipality_id is None or user.municipality_id != person.municipality_id:
        return DENIED
    for role in roles.MUNICIPALITY_WIDE:
        if role in held:
            return AccessDecision(True, str(_MUNICIPALITY_WIDE_REASONS[role]))
    if not held & set(roles.BY_RESPONSIBILITY):
        return DENIED
    on = on or local_today()
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


def may_search_register(user) -> bool:
    """Municipality-wide roles search the whole register; others see only their own caseload."""
    return user.municipality_id is not None and roles.has_any_role(user, roles.MUNICIPALITY_WIDE)


def visible_persons(user, persons: QuerySet, *, on: datetime.date | None = None) -> QuerySet:
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


def may_see_caseload(user) -> bool:
    return user.municipality_id is not None and roles.has_any_role(user, roles.BY_RESPONSIBILITY)


def may_register_persons(user) -> bool:
    return user.municipality_id is not None and roles.has_any_role(user, roles.REGISTRARS)


def may_see_full_national_id(user) -> bool:
    return roles.has_any_role(user, roles.FULL_NATIONAL_ID)


def may_read_access_log(user) -> bool:
    return roles.has_any_role(user, roles.ACCESS_LOG_READERS)


def may_view_organisation(user) -> bool:
    return user.municipality_id is not None and roles.has_any_role(user, roles.ORGANISATION_READERS)


def may_edit_organisation(user) -> bool:
    return user.municipality_id is not None and roles.has_any_role(user, roles.ORGANISATION_EDITORS)


def may_edit_catalogue(user) -> bool:
    return user.municipality_id is not None and roles.has_any_role(user, roles.CATALOGUE_EDITORS)


def may_call_meetings(user) -> bool:
    """Staff who call meetings and book joint conversations with the person."""
    return roles.has_any_role(user, roles.MEETING_ROLES)


def may_appoint_coordinator(user) -> bool:
    return roles.has_any_role(user, roles.COORDINATOR_ROLES)
