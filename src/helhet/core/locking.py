"""Optimistic locking: a stale save is refused, never silently overwritten."""

from django.db import models
from django.db.models import F
from django.utils import timezone

from helhet.core.errors import ConflictError


def save_versioned(instance: models.Model, *, expected_version: int, fields: list[str]) -> None:
    """Write `fields` of `instance` only if its row still has `expected_version`; bump the version.

    Must run inside the caller's transaction. Raises ConflictError when another save came first.
    """
    values = {name: getattr(instance, name) for name in fields}
    values["version"] = F("version") + 1
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        values["updated_at"] = timezone.now()
    updated = (
        type(instance)._default_manager.filter(pk=instance.pk, version=expected_version).update(**values)
    )
    if updated != 1:
        raise ConflictError()
    setattr(instance, "version", expected_version + 1)  # noqa: B010  # any versioned model
