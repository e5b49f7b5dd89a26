"""The staff side of the citizen's messages and of innsyn on the case page: the thread with a reply form, and
marking a document or note as kept from the party (unntatt fra innsyn) with a reason."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from helhet.access.services import PersonNotVisible
from helhet.casework import exemptions, messaging, selectors
from helhet.casework.exemption_reasons import ExemptionReason
from helhet.casework.models import Case, DocumentExemption


def case_page_context(case: Case, *, may_work: bool) -> dict[str, Any]:
    """What the case page needs for the thread and the innsyn section (a bounded number of queries)."""
    exempt = {
        (kind, getattr(row, f"{kind}_id")): row
        for row in DocumentExemption.objects.filter(case=case)
        for kind in exemptions.KINDS
        if getattr(row, f"{kind}_id") is not None
    }
    documents = [
        ("assessment", a.pk, _("Kartlegging %(day)s") % {"day": a.held_on.strftime("%d.%m.%Y")})
        for a in case.assessments.all()
    ]
    documents += [
        ("review", r.pk, _("Inntaksmøte %(day)s") % {"day": r.held_on.strftime("%d.%m.%Y")})
        for r in case.reviews.all()
    ]
    documents += [("event", e.pk, e.text) for e in case.events.all()]
    return {
        "thread": messaging.case_thread(case),
        "message_token": uuid.uuid4().hex,
        "innsyn_documents": [
            {"kind": kind, "id": pk, "label": label, "exemption": exempt.get((kind, pk))}
            for kind, pk, label in documents
        ],
        "exemption_reasons": ExemptionReason.choices,
        "exempt_count": len(exempt),
        "may_answer": may_work,
    }


def _case(request, case_id: int) -> Case:
    """The case if the user may work on it: 404 without a ground, 403 for a reader on a ground."""
    try:
        return selectors.case_detail(request.user, case_id, work=True).case
    except PersonNotVisible:
        raise Http404 from None


def _back(case_id: int, anchor: str) -> str:
    return reverse("casework:case", args=[case_id]) + anchor


@login_required
@require_POST
def message_reply(request, case_id: int):
    """The case worker answers the person's messages on the case."""
    case = _case(request, case_id)
    try:
        messaging.case_message_reply(
            acting_user=request.user,
            case=case,
            text=request.POST.get("text", ""),
            token=request.POST.get("token", ""),
        )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("Svaret er sendt. Innbyggeren ser det på Min side."))
    return redirect(_back(case.pk, "#meldinger"))


@login_required
@require_POST
def document_exemption(request, case_id: int):
    """Mark a document or note of the case as kept from the party, or lift it."""
    case = _case(request, case_id)
    kind = request.POST.get("kind", "")
    try:
        document_id = int(request.POST.get("document", "0"))
    except ValueError:
        document_id = 0
    try:
        if request.POST.get("action") == "lift":
            exemptions.document_exemption_lift(
                acting_user=request.user, case=case, kind=kind, document_id=document_id
            )
            messages.success(request, _("Parten kan se dokumentet igjen."))
        else:
            exemptions.document_exempt(
                acting_user=request.user,
                case=case,
                kind=kind,
                document_id=document_id,
                reason=request.POST.get("reason", ""),
                note=request.POST.get("note", ""),
            )
            messages.success(
                request, _("Dokumentet er unntatt fra innsyn. Parten ser at det finnes, og hvorfor.")
            )
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    return redirect(_back(case.pk, "#innsyn"))
