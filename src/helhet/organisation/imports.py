"""A pending collaboration import: the uploaded list kept server-side while the user decides, name by name.

The user uploads once; every distinct unknown name gets one decision (a unit, a new external party, a role,
or ignore), the report is recomputed from the stored text, and applying saves the aliases and parties and
then imports the links, all in one transaction. The uploaded text is kept at most KEEP_DAYS days while the
user decides (the daily job `pending-imports-purge` deletes older ones) and is cleared once applied.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.core.freetext import refuse_national_id
from helhet.core.history import history_record_create
from helhet.organisation import services
from helhet.organisation.collaboration import ImportReport, check_text, collaboration_import
from helhet.organisation.models import ExternalParty, ExternalPartyKind, PendingImport, Unit, UnitAlias
from helhet.organisation.selectors import normalise_name

# A municipality keeps at most this many pending imports, none older than a week.
MAX_PENDING = 20
KEEP_DAYS = 7
ACTIONS = ("unit", "external", "role", "ignore")


@transaction.atomic
def pending_imports_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete every pending import (any municipality) uploaded more than KEEP_DAYS ago; the daily job."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=KEEP_DAYS)
    deleted, _by_model = PendingImport.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def pending_import_for(municipality, import_id: int) -> PendingImport | None:
    """The municipality's pending import `import_id`, or None (another municipality's is not found)."""
    return PendingImport.objects.filter(
        municipality=municipality, pk=import_id, applied_at__isnull=True
    ).first()


@transaction.atomic
def pending_import_create(
    *, municipality, csv_text: str, source: str, on: datetime.date, actor
) -> PendingImport:
    """Keep the upload; it must be a readable list (the same checks as an import), else nothing is kept."""
    check_text(csv_text)
    csv_text = csv_text.lstrip("\ufeff")
    refuse_national_id(csv_text=csv_text)
    source = (source or "").strip()[:200] or _("CSV-import")
    collaboration_import(
        municipality=municipality, csv_text=csv_text, source=source, on=on, dry_run=True, actor=actor
    )
    cutoff = timezone.now() - datetime.timedelta(days=KEEP_DAYS)
    PendingImport.objects.filter(municipality=municipality, created_at__lt=cutoff).delete()
    kept = PendingImport.objects.filter(municipality=municipality).order_by("-created_at", "-pk")
    stale = list(kept.values_list("pk", flat=True)[MAX_PENDING - 1 :])
    PendingImport.objects.filter(pk__in=stale).delete()
    return PendingImport.objects.create(
        municipality=municipality, created_by=actor, source=source, csv_text=csv_text
    )


def pending_import_report(pending: PendingImport, on: datetime.date) -> ImportReport:
    """The report as it stands with the decisions taken so far; nothing is saved."""
    return collaboration_import(
        municipality=pending.municipality,
        csv_text=pending.csv_text,
        source=pending.source,
        on=on,
        dry_run=True,
        decisions=pending.decisions,
        actor=None,
    )


def _clean_decision(pending: PendingImport, decision: dict, name: str, on: datetime.date) -> dict:
    action = decision.get("action", "")
    if action not in ACTIONS:
        raise ValidationError({"action": _("Velg hva navnet skal være.")})
    if action == "unit":
        unit = (
            Unit.objects.valid_on(on)
            .filter(municipality=pending.municipality, pk=decision.get("unit") or 0)
            .first()
        )
        if unit is None:
            raise ValidationError({"unit": _("Velg en enhet i kommunen.")})
        return {"action": "unit", "unit": unit.pk}
    if action == "external":
        party_name = (decision.get("name") or name).strip()
        if not party_name or len(party_name) > 150 or "\x00" in party_name:
            raise ValidationError({"name": _("Navnet må ha 1–150 tegn.")})
        kind = decision.get("kind", "")
        if kind not in ExternalPartyKind.values:
            raise ValidationError({"kind": _("Velg hva slags ekstern samarbeidspart det er.")})
        return {"action": "external", "name": party_name, "kind": kind}
    if action == "role":
        role = (decision.get("role") or name).strip()
        if not role or len(role) > 100 or "\x00" in role:
            raise ValidationError({"role": _("Rollen må ha 1–100 tegn.")})
        return {"action": "role", "role": role}
    return {"action": "ignore"}


@transaction.atomic
def pending_import_decide(
    *, pending: PendingImport, name: str, decision: dict | None, on: datetime.date, actor
) -> PendingImport:
    """Record (or, with None, undo) the decision for one distinct name of the list."""
    pending = PendingImport.objects.select_for_update().get(pk=pending.pk)
    key = normalise_name(name or "")
    if not key or len(name) > 300:
        raise ValidationError({"name": _("Ukjent navn.")})
    report = pending_import_report(pending, on)
    known = {entry.key for entry in report.unmatched.values()} | {
        entry.key for entry in report.decided.values()
    }
    if key not in known:
        raise ValidationError({"name": _("Navnet finnes ikke blant de ukjente navnene i listen.")})
    decisions = dict(pending.decisions)
    if decision is None:
        decisions.pop(key, None)
    else:
        decisions[key] = _clean_decision(pending, decision, name, on)
    pending.decisions = decisions
    pending.save(update_fields=["decisions", "updated_at"])
    return pending


@transaction.atomic
def pending_import_apply(
    *, pending: PendingImport, on: datetime.date, confirm_removal: bool = False, actor
) -> ImportReport:
    """Save the decisions (aliases, external parties) and import the links. When the import would remove an
    earlier one from the same source and is not confirmed, nothing at all is saved."""
    pending = PendingImport.objects.select_for_update().get(pk=pending.pk)
    if pending.applied_at is not None:
        raise ValidationError({"import": _("Importen er allerede lagret.")})
    municipality = pending.municipality
    report = pending_import_report(pending, on)
    names = {entry.key: entry.name for entry in report.decided.values()}
    for key, decision in pending.decisions.items():
        name = names.get(key)
        if name is None or UnitAlias.objects.filter(municipality=municipality, alias_key=key).exists():
            continue
        action = decision["action"]
        if action == "unit":
            unit = Unit.objects.filter(municipality=municipality, pk=decision["unit"]).first()
            if unit is not None:
                services.unit_alias_save(municipality=municipality, alias=name, unit=unit, actor=actor)
        elif action == "external":
            party_key = normalise_name(decision["name"])
            party = ExternalParty.objects.filter(municipality=municipality, name_key=party_key).first()
            if party is None:
                party = services.external_party_create(
                    municipality=municipality,
                    name=decision["name"],
                    kind=decision["kind"],
                    valid_from=on,
                    actor=actor,
                )
            if party_key != key:
                services.unit_alias_save(
                    municipality=municipality, alias=name, external_party=party, actor=actor
                )
        elif action == "role":
            services.unit_alias_save(
                municipality=municipality, alias=name, role=decision["role"], actor=actor
            )
    result = collaboration_import(
        municipality=municipality,
        csv_text=pending.csv_text,
        source=pending.source,
        on=on,
        confirm_removal=confirm_removal,
        ignore=frozenset(key for key, d in pending.decisions.items() if d["action"] == "ignore"),
        actor=actor,
    )
    if result.needs_confirmation:
        transaction.set_rollback(True)
        return result
    pending.applied_at = timezone.now()
    pending.csv_text = ""  # the list is not kept once its links are saved
    pending.decisions = {}
    pending.save(update_fields=["applied_at", "csv_text", "decisions", "updated_at"])
    history_record_create(pending, actor=actor, fields=["source"], reason=_("Import av samarbeidsrelasjoner"))
    return result
