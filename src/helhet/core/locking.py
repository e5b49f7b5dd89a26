"""Optimistic locking: a stale save is refused, never silently overwritten."""

from django.db import models
from django.db.models import F
from django.utils import timezone

from helhet.core.errors import ConflictError
from helhet.core.history import history_record_values, history_values

NO_HISTORY = object()


def save_versioned(
    instance: models.Model,
    *,
    expected_version: int,
    fields: list[str],
    actor=NO_HISTORY,
    history_fields: list[str] | None = None,
    scope=None,
    reason: str = "",
) -> None:
    """Write `fields` of `instance` only if its row still has `expected_version`; bump the version.

    Must run inside the caller's transaction. Raises ConflictError when another save came first.
    Given an `actor` (None for a system job), the old values are read from the row in the same
    transaction and each changed field (or each of `history_fields`) is written to the change history.
    """
    manager = type(instance)._default_manager
    before = None
    if actor is not NO_HISTORY:
        shown = list(history_fields if history_fields is not None else fields)
        stored = manager.select_for_update().filter(pk=instance.pk, version=expected_version).first()
        if stored is None:
            raise ConflictError()
        before = history_values(stored, shown)
    values = {name: getattr(instance, name) for name in fields}
    values["version"] = F("version") + 1
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        values["updated_at"] = timezone.now()
    updated = manager.filter(pk=instance.pk, version=expected_version).update(**values)
    if updated != 1:
        raise ConflictError()
    setattr(instance, "version", expected_version + 1)  # noqa: B010  # any versioned model
    if before is not None:
        after = history_values(instance, before)
        history_record_values(
            instance,
            actor=actor,
            changes={name: (before[name], after[name]) for name in before},
            scope=scope,
            reason=reason,
        )
