"""Who may do what with the organisation's meetings, rotations and rooms. One place, easy to test.

Everything here is of the user's own municipality (the views look rows up by it and answer 404 otherwise).
A series is for the staff of its units: the owner and the participating units. Setting one up, and rooms and
rotations, is for the leaders of the unit (or a unit above it) and the municipality's administrator."""

import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.core.calendar import local_today
from helhet.core.models import User
from helhet.organisation.models import Unit, UnitParent
from helhet.organisation.selectors import ancestors_on, unit_ids_for_user

# Staff who sit in the units' meetings and book conversation rooms (the analyst works in no unit's meetings).
MEETING_STAFF = (
    roles.RECEPTION,
    roles.CASE_WORKER,
    roles.PROVIDER,
    roles.LEADER,
    roles.COORDINATOR,
    roles.ADMIN,
)
ROOM_USERS = MEETING_STAFF
EDITORS = (roles.LEADER, roles.ADMIN)


def municipality_of(user: User) -> int:
    """The user's municipality id (every staff user has one; a user without sees nothing)."""
    return user.municipality_id or 0


def is_admin(user: User) -> bool:
    return roles.has_any_role(user, (roles.ADMIN,))


def may_edit_unit(user: User, unit: Unit, *, on: datetime.date | None = None) -> bool:
    """The administrator, or a leader working in or leading the unit or a unit above it."""
    if unit.municipality_id != user.municipality_id:
        return False
    if is_admin(user):
        return True
    if not roles.has_any_role(user, (roles.LEADER,)):
        return False
    on = on or local_today()
    mine = unit_ids_for_user(user, on)
    return unit.pk in mine or bool(mine & set(ancestors_on(unit, on)))


def require_unit_editor(user: User, unit: Unit) -> None:
    if not may_edit_unit(user, unit):
        raise PermissionDenied(_("Bare lederen for enheten eller administrator kan gjøre dette."))


def require_staff(user: User) -> None:
    if not roles.has_any_role(user, MEETING_STAFF):
        raise PermissionDenied(_("Rollen din gir ikke tilgang til enhetenes møter."))


def member_unit_ids(user: User) -> set[int]:
    return unit_ids_for_user(user, local_today())


def may_take_part(user: User, unit_ids: set[int]) -> bool:
    """Staff of one of the meeting's units, or the administrator."""
    if is_admin(user):
        return True
    return roles.has_any_role(user, MEETING_STAFF) and bool(member_unit_ids(user) & unit_ids)


def require_part(user: User, unit_ids: set[int]) -> None:
    if not may_take_part(user, unit_ids):
        raise PermissionDenied(_("Du jobber ikke i noen av enhetene som holder dette møtet."))


def editable_units(user: User, units: list[Unit], *, on: datetime.date | None = None) -> list[Unit]:
    """Of `units` (the municipality's), those the user may set up meetings, rooms and rotations for, in two
    queries whatever the number of units."""
    if is_admin(user):
        return units
    if not roles.has_any_role(user, (roles.LEADER,)):
        return []
    on = on or local_today()
    mine = unit_ids_for_user(user, on)
    parents = dict(
        UnitParent.objects.valid_on(on)
        .filter(unit__municipality_id=municipality_of(user))
        .values_list("unit_id", "parent_id")
    )

    def under_mine(unit_id: int) -> bool:
        seen: set[int] = set()
        current: int | None = unit_id
        while current is not None and current not in seen:
            if current in mine:
                return True
            seen.add(current)
            current = parents.get(current)
        return False

    return [u for u in units if under_mine(u.pk)]
