"""Writing the change history (endringshistorikk): old and new values, shown as people read them.

Services call these inside their own transaction, so a change and its history commit or roll back
together. Values are stored as display text: choices by label, related objects by their name, dates
and times in Norwegian format, yes/no for booleans.
"""

import datetime
import json
import uuid
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.core.models import ChangeOperation, ChangeRecord

MAX_VALUE = 2000
# Shown masked: the page that reveals a national identity number logs its own access.
MASKED = frozenset({"national_id"})


def _municipality_id(obj, scope) -> int | None:
    for candidate in (scope, obj):
        value = getattr(candidate, "municipality_id", None)
        if value is not None:
            return value
    return None


def _text(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    if isinstance(value, list | tuple):
        if all(isinstance(item, str | int) for item in value):
            return "; ".join(str(item) for item in value)
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    return str(value)


def object_label(obj) -> str:
    """The object's own name, or its kind and number when the model has no name ("Henvendelse 12")."""
    if type(obj).__str__ is models.Model.__str__:
        kind = str(obj._meta.verbose_name)
        return f"{kind[:1].upper()}{kind[1:]} {obj.pk}"
    return str(obj)


def display_value(obj, name: str) -> str:
    """The field `name` of `obj` as a person reads it."""
    field = obj._meta.get_field(name)
    if field.many_to_many:
        if obj.pk is None:
            return ""
        return ", ".join(sorted(object_label(item) for item in getattr(obj, name).all()))
    if field.is_relation:
        if getattr(obj, field.attname) is None:
            return ""
        return object_label(getattr(obj, name))
    value = getattr(obj, field.attname)
    if name in MASKED and value:
        return f"{str(value)[:6]} *****"
    if field.choices and not isinstance(value, list | dict):
        return str(dict(field.flatchoices).get(value, value)) if value not in (None, "") else ""
    return _text(value)


def history_values(obj, fields) -> dict[str, str]:
    """A snapshot of `fields` of `obj` as display text; take it before changing the object."""
    return {name: display_value(obj, name) for name in fields}


def _label(obj, name: str) -> str:
    try:
        label = str(obj._meta.get_field(name).verbose_name)
    except Exception:  # a derived value, not a model field
        label = name.replace("_", " ")
    return label[:1].upper() + label[1:]


def _actor_label(actor) -> str:
    if actor is None:
        return _("System")
    return (getattr(actor, "display_name", "") or str(actor))[:150]


def _write(
    obj,
    *,
    actor,
    operation: str,
    changes: list[tuple[str, str, str]],
    scope=None,
    reason="",
    group=None,
    label=None,
    field_labels=None,
):
    if not changes:
        return []
    scope = scope if scope is not None else obj
    now = timezone.now()
    group = group or uuid.uuid4()
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    rows = [
        ChangeRecord(
            municipality_id=_municipality_id(obj, scope),
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            object_label=(label if label is not None else object_label(obj))[:200],
            scope_type=scope._meta.label_lower,
            scope_id=scope.pk,
            operation=operation,
            field=name,
            field_label=str((field_labels or {}).get(name) or _label(obj, name))[:100],
            old_value=old[:MAX_VALUE],
            new_value=new[:MAX_VALUE],
            actor_id=actor_id,
            actor_label=_actor_label(actor),
            at=now,
            group=group,
            reason=(reason or "")[:200],
        )
        for name, old, new in changes
    ]
    return ChangeRecord.objects.bulk_create(rows)


def history_record_create(obj, *, actor, fields, scope=None, reason: str = "", group=None, **extra):
    """Record a new object's initial values (empty ones are left out)."""
    values = history_values(obj, fields)
    changes = [(name, "", value) for name, value in values.items() if value != ""]
    if not changes:
        changes = [("id", "", str(obj.pk))]
    return _write(
        obj,
        actor=actor,
        operation=ChangeOperation.CREATE,
        changes=changes,
        scope=scope,
        reason=reason,
        group=group,
        **extra,
    )


def history_record_update(
    obj, *, before: dict[str, str], actor, scope=None, reason: str = "", group=None, **extra
):
    """Record each field whose display value differs from the snapshot `before` (from history_values)."""
    after = history_values(obj, before)
    changes = [(name, before[name], after[name]) for name in before if before[name] != after[name]]
    return _write(
        obj,
        actor=actor,
        operation=ChangeOperation.UPDATE,
        changes=changes,
        scope=scope,
        reason=reason,
        group=group,
        **extra,
    )


def history_record_values(
    obj, *, actor, changes: dict[str, tuple[str, str]], scope=None, reason: str = "", group=None, **extra
):
    """Record changes already known as (old, new) display text, e.g. for a bulk update."""
    rows = [(name, old, new) for name, (old, new) in changes.items() if old != new]
    return _write(
        obj,
        actor=actor,
        operation=ChangeOperation.UPDATE,
        changes=rows,
        scope=scope,
        reason=reason,
        group=group,
        **extra,
    )


def history_record_delete(obj, *, actor, fields, scope=None, reason: str = "", group=None, **extra):
    """Record the values of an object about to be removed; call before deleting it."""
    values = history_values(obj, fields)
    changes = [(name, value, "") for name, value in values.items() if value != ""]
    if not changes:
        changes = [("id", str(obj.pk), "")]
    return _write(
        obj,
        actor=actor,
        operation=ChangeOperation.DELETE,
        changes=changes,
        scope=scope,
        reason=reason,
        group=group,
        **extra,
    )


def model_fields(model: type[models.Model], *, exclude=()) -> list[str]:
    """The editable data fields of `model` worth showing in a history (no ids, timestamps or versions)."""
    skip = {"id", "created_at", "updated_at", "version", "municipality", *exclude}
    names = []
    for field in model._meta.get_fields():
        if field.auto_created or not field.concrete and not field.many_to_many:
            continue
        if field.name in skip or field.name.endswith("_key"):
            continue
        if field.many_to_many and field.auto_created:
            continue
        names.append(field.name)
    return names
