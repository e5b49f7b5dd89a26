"""Unntak fra innsyn: the case worker marks an assessment, an intake-meeting review or a note of the case's
timeline as kept from the party, with a reason from casework.exemption_reasons, and lifts it again. Each
change goes into the change history of the person. Letters sent and the person's own application are never
exempt: the person has them already."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.casework.exemption_reasons import ExemptionReason
from helhet.casework.models import Assessment, Case, CaseEvent, DocumentExemption, Review
from helhet.core.history import history_record_create, history_record_delete
from helhet.core.models import User

KINDS: dict[str, type[Assessment] | type[Review] | type[CaseEvent]] = {
    "assessment": Assessment,
    "review": Review,
    "event": CaseEvent,
}
NOTE_MAX_LENGTH = 500
FIELDS = ["reason", "note", "assessment", "review", "event"]


def document_of(case: Case, kind: str, document_id: int) -> Assessment | Review | CaseEvent:
    """The case's document of `kind` with `document_id`, or ValidationError (never another case's)."""
    model = KINDS.get(kind)
    document = model.objects.filter(pk=document_id, case=case).first() if model is not None else None
    if document is None:
        raise ValidationError(_("Fant ikke dokumentet i denne saken."))
    return document


@transaction.atomic
def document_exempt(
    *, acting_user: User, case: Case, kind: str, document_id: int, reason: str, note: str = ""
) -> DocumentExemption:
    """Keep one document of the case from the party's innsyn for `reason`; marking it again with another
    reason changes the reason (the history keeps both)."""
    if reason not in ExemptionReason.values:
        raise ValidationError({"reason": _("Velg en grunn for unntaket.")})
    note = (note or "").strip()
    if "\x00" in note:
        raise ValidationError({"note": _("Teksten inneholder et ugyldig tegn (NUL).")})
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("Vurderingen kan være høyst %(max)d tegn.") % {"max": NOTE_MAX_LENGTH}}
        )
    document = document_of(case, kind, document_id)
    existing = DocumentExemption.objects.select_for_update().filter(**{kind: document}).first()
    if existing is not None:
        if existing.reason == reason and existing.note == note:
            return existing
        history_record_delete(existing, actor=acting_user, fields=FIELDS, scope=case.person)
        existing.delete()
    exemption = DocumentExemption.objects.create(
        case=case,
        reason=reason,
        note=note,
        decided_by=acting_user,
        decided_at=timezone.now(),
        **{kind: document},
    )
    history_record_create(exemption, actor=acting_user, fields=FIELDS, scope=case.person)
    return exemption


@transaction.atomic
def document_exemption_lift(*, acting_user: User, case: Case, kind: str, document_id: int) -> bool:
    """The party may see the document again. Returns whether there was an exemption to lift."""
    document = document_of(case, kind, document_id)
    existing = DocumentExemption.objects.select_for_update().filter(**{kind: document}).first()
    if existing is None:
        return False
    history_record_delete(existing, actor=acting_user, fields=FIELDS, scope=case.person)
    existing.delete()
    return True
