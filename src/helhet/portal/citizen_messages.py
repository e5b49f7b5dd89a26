"""Meldinger: the citizen's secure thread with the office, one per case. A message sent here lands in the
case owner's inbox (casework.messaging); the office's answers show here, and as «ny melding» on Min side
until the person has seen them. Letters (interim replies, decisions) are not messages: see the documents."""

from __future__ import annotations

import uuid

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhet.access.models import AccessAction
from helhet.access.services import access_log_write
from helhet.casework import messaging
from helhet.casework.models import Case
from helhet.portal.acting import acting_for
from helhet.portal.citizen_documents import case_label
from helhet.portal.citizen_forms import CitizenMessageForm
from helhet.portal.citizen_reads import citizen_ground, citizen_read, logged_as
from helhet.portal.citizen_views import citizen_required, person_context
from helhet.portal.representation import Capability


def _new_form() -> CitizenMessageForm:
    return CitizenMessageForm(initial={"token": uuid.uuid4().hex})


@citizen_required
def threads(request: HttpRequest, person_id: int) -> HttpResponse:
    """Meldinger: each case with its messages, and how many of the office's are new."""
    acting = acting_for(request, person_id, Capability.MESSAGES)
    cases = list(messaging.threads_for_person(acting.person.pk))
    for case in cases:
        case.label = case_label(case)  # type: ignore[attr-defined]
    citizen_read(acting, what=logged_as("Min side: meldinger"))
    context = person_context(request, acting)
    context.update({"cases": cases, "title": _("Meldinger")})
    return render(request, "portal/citizen/messages.html", context)


@citizen_required
@require_http_methods(["GET", "POST"])
def thread(request: HttpRequest, person_id: int, case_id: int) -> HttpResponse:
    """One case's messages, oldest first, and a form to write to the office."""
    acting = acting_for(request, person_id, Capability.MESSAGES)
    case = get_object_or_404(Case.objects.select_related("team"), pk=case_id, person=acting.person)
    form = CitizenMessageForm(request.POST) if request.method == "POST" else _new_form()
    if request.method == "POST" and form.is_valid():
        try:
            messaging.case_message_send(
                acting_user=acting.account.user,
                case=case,
                text=form.cleaned_data["text"],
                token=form.cleaned_data["token"],
                on_behalf=acting.relative,
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            access_log_write(
                user=acting.account.user,
                person=acting.person,
                action=AccessAction.CREATE,
                what=logged_as("Min side: melding i sak %(id)d", id=case.pk),
                reason=citizen_ground(acting),
            )
            flash.success(
                request, _("Meldingen er sendt. Saksbehandleren får den og svarer deg her på Min side.")
            )
            return redirect("citizen:message_thread", person_id=acting.person.pk, case_id=case.pk)
    thread_messages = messaging.case_thread(case)
    messaging.case_messages_seen_by_citizen(cases=[case])
    citizen_read(acting, what=logged_as("Min side: meldinger i sak %(id)d", id=case.pk))
    context = person_context(request, acting)
    context.update(
        {
            "case": case,
            "label": case_label(case),
            "thread": thread_messages,
            "form": form,
            "closed": case.status in messaging.CLOSED,
            "title": _("Meldinger om saken"),
        }
    )
    return render(request, "portal/citizen/message_thread.html", context)
