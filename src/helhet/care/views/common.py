"""What the providers' pages share: the unit, date and shift a page is about."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from helhet.access import roles
from helhet.access.services import PersonNotVisible
from helhet.care.models import Shift, shift_of
from helhet.core.calendar import local_today, within_browsing_window
from helhet.organisation.models import Unit
from helhet.organisation.selectors import units_for_user
from helhet.people import selectors as people


def chosen_unit(request, allowed_roles):
    """The user's units and the one the page shows (?enhet=), refusing users without a unit or role."""
    units = units_for_user(request.user, local_today())
    if not units or not roles.has_any_role(request.user, allowed_roles):
        raise PermissionDenied
    wanted = request.GET.get("enhet") or request.POST.get("enhet")
    return units, next((u for u in units if str(u.pk) == wanted), units[0])


def chosen_day(request) -> datetime.date:
    """The day asked for (?dato=), or today when it is missing, unreadable or absurdly far off."""
    try:
        day = datetime.date.fromisoformat(request.GET.get("dato") or local_today().isoformat())
    except ValueError:
        return local_today()
    return day if within_browsing_window(day) else local_today()


def chosen_shift(request) -> str:
    shift = request.GET.get("vakt") or shift_of(timezone.localtime().time())
    return shift if shift in Shift.values else Shift.DAY


def is_leader(user) -> bool:
    return roles.has_any_role(user, (roles.LEADER,))


def chosen_person(request, what: str):
    """The person a page is about (?person=), read through the access layer; None when none is given."""
    source = request.POST if request.method == "POST" else request.GET
    if not (source.get("person") or "").isdigit():
        return None
    try:
        return people.person_detail(request.user, int(source["person"]), what=what).person
    except PersonNotVisible:
        raise Http404 from None


def municipality_units(user):
    return list(
        Unit.objects.valid_on(local_today()).filter(municipality_id=user.municipality_id).order_by("name")
    )


def post_id(request, name: str) -> int:
    """A posted id or number; 0 when missing or not a number, so a tampered form finds nothing."""
    value = request.POST.get(name, "")
    return int(value) if value.isdigit() else 0
