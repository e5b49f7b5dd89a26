"""Ids in a request body turned into the user's municipality's objects, or a 422 naming the field."""

from django.core.exceptions import ValidationError

from helhet.organisation.models import Unit


def unit(user, unit_id: int, field: str = "unit_id") -> Unit:
    found = Unit.objects.filter(pk=unit_id, municipality_id=user.municipality_id).first()
    if found is None:
        raise ValidationError({field: "Ukjent enhet."})
    return found


def units(user, ids: list[int], field: str) -> list[Unit]:
    found = list(Unit.objects.filter(pk__in=ids, municipality_id=user.municipality_id))
    if len(found) != len(set(ids)):
        raise ValidationError({field: "Ukjent enhet."})
    return found
