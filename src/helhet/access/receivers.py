"""Keeps need-to-know right when the organisation changes."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.dispatch import receiver

from helhet.access.models import Responsibility
from helhet.organisation.models import Unit
from helhet.organisation.signals import units_merged


@receiver(units_merged)
def move_responsibilities_to_merged_unit(
    sender: object, old_units: Iterable[Unit], new_unit: Unit, on: datetime.date, **kwargs: Any
) -> None:
    """Open responsibilities of the merged units continue, unbroken, in the new unit."""
    old_ids = [unit.pk for unit in old_units]
    running = list(Responsibility.objects.active_on(on).filter(unit_id__in=old_ids, valid_from__lt=on))
    Responsibility.objects.bulk_create(
        Responsibility(
            municipality_id=r.municipality_id,
            person_id=r.person_id,
            unit=new_unit,
            reason=r.reason,
            source=r.source,
            valid_from=on,
            valid_to=r.valid_to,
        )
        for r in running
    )
    Responsibility.objects.filter(pk__in=[r.pk for r in running]).update(
        valid_to=on - datetime.timedelta(days=1)
    )
    Responsibility.objects.filter(unit_id__in=old_ids, valid_from__gte=on).update(unit=new_unit)
