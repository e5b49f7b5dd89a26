"""The quality system's write use cases: procedures and their versions, deviations from report to close."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access.policy import person_access
from helhet.care import inbox_items
from helhet.care.models import (
    Deviation,
    DeviationKind,
    DeviationState,
    Measure,
    Procedure,
    ProcedureVersion,
    Severity,
)
from helhet.care.selectors import require_leader, require_works_in
from helhet.core.history import history_record_create
from helhet.core.locking import save_versioned
from helhet.core.models import User
from helhet.organisation.models import Unit
from helhet.people.models import Person


def _clean_steps(steps: Iterable[str]) -> list[str]:
    return [step.strip()[:500] for step in steps if step and step.strip()]


def _version(
    procedure: Procedure, *, acting_user: User, text: str, steps: Iterable[str], valid_from: datetime.date
) -> ProcedureVersion:
    if not text.strip():
        raise ValidationError({"text": _("Skriv formål og omfang.")})
    steps = _clean_steps(steps)
    if not steps:
        raise ValidationError({"steps": _("En prosedyre trenger minst ett trinn.")})
    latest = procedure.versions.aggregate(number=Max("number"), valid_from=Max("valid_from"))
    if latest["valid_from"] and valid_from < latest["valid_from"]:
        raise ValidationError({"valid_from": _("En ny versjon kan ikke gjelde fra før den forrige.")})
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=(latest["number"] or 0) + 1,
        text=text.strip(),
        steps=steps,
        valid_from=valid_from,
        approved_by=acting_user,
    )
    history_record_create(
        version, actor=acting_user, fields=["number", "text", "steps", "valid_from"], scope=procedure
    )
    return version


@transaction.atomic
def procedure_create(
    *, acting_user: User, unit: Unit, title: str, text: str, steps: Iterable[str], valid_from: datetime.date
) -> Procedure:
    """A new procedure in the unit's library, approved by its leader."""
    require_leader(acting_user, unit.pk)
    if not title.strip():
        raise ValidationError({"title": _("Prosedyren trenger en tittel.")})
    if Procedure.objects.filter(unit=unit, title__iexact=title.strip()).exists():
        raise ValidationError({"title": _("Enheten har allerede en prosedyre med denne tittelen.")})
    procedure = Procedure.objects.create(unit=unit, title=title.strip()[:200])
    history_record_create(procedure, actor=acting_user, fields=["unit", "title"])
    _version(procedure, acting_user=acting_user, text=text, steps=steps, valid_from=valid_from)
    return procedure


@transaction.atomic
def procedure_revise(
    *, acting_user: User, procedure: Procedure, text: str, steps: Iterable[str], valid_from: datetime.date
) -> ProcedureVersion:
    """A new approved version; older versions stay unchanged for the record."""
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    require_leader(acting_user, procedure.unit_id)
    return _version(procedure, acting_user=acting_user, text=text, steps=steps, valid_from=valid_from)


@transaction.atomic
def deviation_report(
    *,
    acting_user: User,
    unit: Unit,
    kind: str,
    severity: str,
    what: str,
    happened_at: datetime.datetime | None = None,
    person: Person | None = None,
    measure: Measure | None = None,
    task_day: datetime.date | None = None,
    immediate_action: str = "",
) -> Deviation:
    """Report a deviation, from a task or on its own; it goes to the unit leader's list."""
    if measure is not None:
        measure = Measure.objects.select_related("plan__person").get(pk=measure.pk)
        unit_id, person = measure.plan.unit_id, measure.plan.person
    else:
        unit_id = unit.pk
    require_works_in(acting_user, unit_id)
    if kind not in DeviationKind.values:
        raise ValidationError({"kind": _("Velg type avvik.")})
    if severity not in Severity.values:
        raise ValidationError({"severity": _("Velg hvor alvorlig avviket er.")})
    if not what.strip():
        raise ValidationError({"what": _("Beskriv hva som skjedde.")})
    if person is not None and not person_access(acting_user, person):
        raise ValidationError({"person": _("Enheten har ikke ansvar for personen.")})
    happened_at = happened_at or timezone.now()
    if happened_at > timezone.now():
        raise ValidationError({"happened_at": _("Tidspunktet kan ikke være fram i tid.")})
    assert acting_user.municipality_id is not None  # works in the unit (require_works_in above)
    deviation = Deviation.objects.create(
        municipality_id=acting_user.municipality_id,
        unit_id=unit_id,
        person=person,
        measure=measure,
        task_day=task_day,
        kind=kind,
        severity=severity,
        happened_at=happened_at,
        what=what.strip(),
        immediate_action=immediate_action.strip(),
        reported_by=acting_user,
    )
    history_record_create(
        deviation,
        actor=acting_user,
        fields=[
            "unit",
            "person",
            "measure",
            "task_day",
            "kind",
            "severity",
            "happened_at",
            "what",
            "immediate_action",
        ],
    )
    inbox_items.deviation_reported(deviation=deviation, acting_user=acting_user)
    return deviation


@transaction.atomic
def deviation_follow_up(
    *, acting_user: User, deviation: Deviation, note: str, expected_version: int
) -> Deviation:
    """The leader records how the deviation is followed up; notes add up, none is lost."""
    require_leader(acting_user, deviation.unit_id)
    if deviation.state == DeviationState.CLOSED:
        raise ValidationError({"state": _("Avviket er lukket.")})
    if not note.strip():
        raise ValidationError({"follow_up": _("Skriv hva som er gjort.")})
    stamp = timezone.localtime().strftime("%d.%m.%Y")
    deviation.follow_up = "\n".join(
        part for part in (deviation.follow_up, f"{stamp}: {note.strip()}") if part
    )
    deviation.state = DeviationState.FOLLOWED_UP
    deviation.handled_by = acting_user
    save_versioned(
        deviation,
        expected_version=expected_version,
        fields=["follow_up", "state", "handled_by"],
        actor=acting_user,
    )
    inbox_items.deviation_handled(deviation=deviation, acting_user=acting_user)
    return deviation


@transaction.atomic
def deviation_close(
    *, acting_user: User, deviation: Deviation, closing_measure: str, expected_version: int
) -> Deviation:
    """Close the deviation with the measure that keeps it from happening again."""
    require_leader(acting_user, deviation.unit_id)
    if deviation.state == DeviationState.CLOSED:
        raise ValidationError({"state": _("Avviket er allerede lukket.")})
    if not closing_measure.strip():
        raise ValidationError(
            {"closing_measure": _("Et avvik lukkes med et tiltak som hindrer gjentakelse.")}
        )
    deviation.closing_measure = closing_measure.strip()
    deviation.state = DeviationState.CLOSED
    deviation.handled_by = acting_user
    deviation.closed_at = timezone.now()
    save_versioned(
        deviation,
        expected_version=expected_version,
        fields=["closing_measure", "state", "handled_by", "closed_at"],
        actor=acting_user,
    )
    inbox_items.deviation_handled(deviation=deviation, acting_user=acting_user)
    return deviation
