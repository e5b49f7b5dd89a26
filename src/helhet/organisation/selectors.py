"""Reads of the organisation."""

import datetime

from helhet.organisation.models import Engagement, Leadership, Staff, Unit


def staff_for_user(user) -> Staff | None:
    try:
        return user.staff
    except Staff.DoesNotExist:
        return None


def unit_ids_for_user(user, on: datetime.date) -> set[int]:
    """Units the user works in or leads on `on` (the basis of unit-level need-to-know)."""
    staff = staff_for_user(user)
    if staff is None:
        return set()
    engaged = Engagement.objects.valid_on(on).filter(staff=staff).values_list("unit_id", flat=True)
    led = Leadership.objects.valid_on(on).filter(staff=staff).values_list("unit_id", flat=True)
    return set(engaged) | set(led)


def units_for_user(user, on: datetime.date) -> list[Unit]:
    return list(Unit.objects.filter(pk__in=unit_ids_for_user(user, on)).order_by("name"))
