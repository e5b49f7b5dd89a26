"""Søk om hjelp on Min side: one form for any help, a review step, the signature with the login, a receipt.

The form keeps its answers in the session (the files as draft attachments) under a one-time token until
«Send søknaden»; the token makes a second submit (back button, double click, reload) file nothing new. The
writing is casework.services.application_receive_from_citizen; these views only parse, call and render.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from helhet.access.citizen import CITIZEN_ACR_SESSION_KEY, CITIZEN_METHOD_SESSION_KEY
from helhet.access.models import AccessAction
from helhet.access.services import access_log_write
from helhet.casework.models import Case
from helhet.casework.services import application_receive_from_citizen
from helhet.catalogue import selectors as catalogue
from helhet.catalogue.models import Service
from helhet.core.calendar import local_today, long_date
from helhet.core.errors import errors_by_field
from helhet.intake import attachments
from helhet.intake.attachment_http import attachment_response
from helhet.intake.citizen_services import citizen_signer
from helhet.intake.models import Application, ApplicationAttachment
from helhet.organisation.models import ServiceArea
from helhet.portal import crisis
from helhet.portal.acting import Acting, acting_for
from helhet.portal.citizen_apply_forms import CitizenApplicationForm
from helhet.portal.citizen_reads import citizen_ground, logged_as
from helhet.portal.citizen_views import citizen_required, person_context
from helhet.portal.representation import Capability

DRAFT_KEY = "helhet_apply:%d"
SENT_SHOWN = 10


def log_reason(acting: Acting) -> str:
    """The access log's ground for what the citizen reads on Min side, without anybody's fødselsnummer."""
    return citizen_ground(acting)


def _draft(request: HttpRequest, person_id: int, *, new: bool = False) -> dict[str, Any]:
    """The form's draft in the session: its one-time token, and the answers once the form was filled in."""
    key = DRAFT_KEY % person_id
    draft = request.session.get(key)
    if new and not draft:
        draft = {"token": secrets.token_urlsafe(24), "data": None}
        request.session[key] = draft
    return draft or {}


def _draft_end(request: HttpRequest, person_id: int) -> None:
    request.session.pop(DRAFT_KEY % person_id, None)


def _service_groups(municipality, selected: set[str]) -> list[dict[str, Any]]:
    """The catalogue's services by life situation, each once (under its first situation), for checkboxes."""
    views = catalogue.services(municipality, on=local_today())
    groups: list[dict[str, Any]] = []
    seen: set[int] = set()
    for situation, members in catalogue.by_life_situation(views, catalogue.life_situations(municipality)):
        rows = [v.service for v in members if v.service.pk not in seen]
        seen.update(service.pk for service in rows)
        if rows:
            groups.append({"name": situation.name, "services": rows})
    rest = [v.service for v in views if v.service.pk not in seen]
    if rest:
        groups.append({"name": _("Annen hjelp"), "services": rest})
    for group in groups:
        group["choices"] = [
            {"service": service, "checked": str(service.pk) in selected} for service in group["services"]
        ]
    return groups


def _crisis_for(data: Mapping[str, Any]) -> list[crisis.CrisisLine]:
    """The numbers to call, when the words say danger or the applicant says it is urgent."""
    lines = crisis.crisis_lines(f"{data.get('need', '')} {data.get('what_matters', '')}")
    if not lines and data.get("urgent"):
        lines = [line for line in crisis.LINES if line.key in ("akutt", "legevakt")]
    return lines


def _refusal(acting: Acting) -> str:
    """Why the citizen cannot sign an application for this person here, or "" when they can."""
    try:
        citizen_signer(person=acting.person, pid=acting.account.pid, on=local_today())
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def _files_error(form: CitizenApplicationForm, error: ValidationError) -> None:
    for message in errors_by_field(error).get("attachments", []) or error.messages:
        form.add_error(None, message)


@citizen_required
@require_http_methods(["GET", "POST"])
def apply_form(request: HttpRequest, person_id: int) -> HttpResponse:
    """«Søk om hjelp»: what is hard, what matters, which help (or «I don't know»), urgency, consents, files."""
    acting = acting_for(request, person_id, Capability.APPLY)
    person = acting.person
    context = person_context(request, acting)
    context.update(title=_("Søk om hjelp"), offices=_offices(person.municipality))
    context["sent"] = list(visible_applications(acting).order_by("-received_on", "-pk")[:SENT_SHOWN])
    refusal = _refusal(acting)
    if refusal:
        context["refusal"] = refusal
        return render(request, "portal/citizen/apply_form.html", context)
    draft = _draft(request, person_id, new=True)
    token = draft["token"]
    if request.method == "POST":
        form = CitizenApplicationForm(request.POST, municipality=person.municipality)
        removed = [int(pk) for pk in request.POST.getlist("remove_attachment") if pk.isdigit()]
        if removed:
            attachments.attachment_draft_remove(
                acting_user=acting.account.user, person=person, token=token, ids=removed
            )
        uploads = request.FILES.getlist("attachments")
        files_ok = True
        if uploads:
            try:
                attachments.attachment_draft_add(
                    acting_user=acting.account.user,
                    person=person,
                    token=token,
                    # Never more than the limit into memory: a larger file is refused by its size.
                    files=[
                        (upload.name or "", upload.read(attachments.max_bytes() + 1), upload.size or 0)
                        for upload in uploads
                    ],
                )
            except ValidationError as error:
                files_ok = False
                _files_error(form, error)
        if form.is_valid() and files_ok:
            request.session[DRAFT_KEY % person_id] = {"token": token, "data": form.draft()}
            return redirect("citizen:apply_review", person_id=person.pk)
        selected = set(request.POST.getlist("wished_services"))
    else:
        data = draft.get("data") or {}
        initial = {name: value for name, value in data.items() if name != "wished_services"}
        form = CitizenApplicationForm(initial=initial, municipality=person.municipality)
        selected = {str(pk) for pk in data.get("wished_services", [])}
    context.update(
        form=form,
        groups=_service_groups(person.municipality, selected),
        drafts=list(attachments.drafts(person=person, token=token, uploaded_by=acting.account.user)),
        max_files=attachments.max_files(),
        max_size=attachments.size_text(attachments.max_bytes()),
        crisis=_crisis_for(form.data) if form.is_bound else [],
    )
    return render(request, "portal/citizen/apply_form.html", context)


def _offices(municipality) -> list[Any]:
    offices = catalogue.offices_by_area(municipality)
    return [offices[area] for area in catalogue.AREA_ORDER if area in offices]


def _chosen(person, data: dict[str, Any]) -> list[Service]:
    return list(
        Service.objects.filter(municipality=person.municipality, active=True, pk__in=data["wished_services"])
        .select_related("legal_regime")
        .order_by("name")
    )


@citizen_required
@require_http_methods(["GET", "POST"])
def apply_review(request: HttpRequest, person_id: int) -> HttpResponse:
    """«Se over og send»: the answers as they will be sent; «Send søknaden» signs with the login."""
    acting = acting_for(request, person_id, Capability.APPLY)
    person = acting.person
    draft = _draft(request, person_id)
    if request.method == "POST":
        token = request.POST.get("form_token", "")
        earlier = Application.objects.filter(
            form_token=token[:64] or None, person=person, submitted_by=acting.account.user
        ).first()
        if earlier is not None:  # sent already (a double click, the back button): show what was received
            _draft_end(request, person_id)
            return redirect("citizen:apply_receipt", person_id=person.pk, application_id=earlier.pk)
        if not draft.get("data") or draft.get("token") != token:
            messages.warning(request, _("Skjemaet var utløpt. Se over svarene og send på nytt."))
            return redirect("citizen:apply", person_id=person.pk)
        data = draft["data"]
        try:
            application, _cases = application_receive_from_citizen(
                acting_user=acting.account.user,
                pid=acting.account.pid,
                person=person,
                form_token=token,
                need=data["need"],
                what_matters=data["what_matters"],
                wished_services=_chosen(person, data),
                urgent=data["urgent"],
                consent_gp=data["consent_gp"],
                consent_hospital=data["consent_hospital"],
                consent_nav=data["consent_nav"],
                consent_share=data["consent_share"],
                sign_method=request.session.get(CITIZEN_METHOD_SESSION_KEY, ""),
                sign_acr=request.session.get(CITIZEN_ACR_SESSION_KEY, ""),
            )
        except ValidationError as error:
            errors = [message for messages_ in errors_by_field(error).values() for message in messages_]
            return _review_page(request, acting, draft, errors=errors)
        _draft_end(request, person_id)
        return redirect("citizen:apply_receipt", person_id=person.pk, application_id=application.pk)
    if not draft.get("data"):
        return redirect("citizen:apply", person_id=person.pk)
    return _review_page(request, acting, draft)


def _review_page(
    request: HttpRequest, acting: Acting, draft: dict[str, Any], *, errors: list[str] | None = None
) -> HttpResponse:
    person, data = acting.person, draft["data"]
    context = person_context(request, acting)
    context.update(
        title=_("Se over og send"),
        data=data,
        token=draft["token"],
        chosen=_chosen(person, data),
        drafts=list(attachments.drafts(person=person, token=draft["token"], uploaded_by=acting.account.user)),
        crisis=_crisis_for(data),
        errors=errors or [],
    )
    return render(request, "portal/citizen/apply_review.html", context, status=422 if errors else 200)


def visible_applications(acting) -> QuerySet[Application]:
    """The person's applications this citizen may see: for a parent under a limit, those they sent
    themselves and those with a case not kept from them."""
    found = Application.objects.filter(person=acting.person)
    if not acting.holds_back:
        return found
    shown = Case.objects.filter(application=OuterRef("pk")).filter(acting.visible_cases())
    return found.filter(Q(submitted_by=acting.account.user) | Exists(shown))


def may_read_application(acting, application) -> bool:
    """What an application says, and its files, are the person's case documents: for whoever may see those,
    and for the one who sent it (a «follow» fullmakt, or a parent the child has limited, sees only that it
    came and which cases it became; helsepersonelloven § 21, pbrl § 3-4)."""
    return acting.may(Capability.DOCUMENTS) or application.submitted_by_id == acting.account.user_id


@citizen_required
@require_GET
def apply_receipt(request: HttpRequest, person_id: int, application_id: int) -> HttpResponse:
    """Kvittering: what was received and when, which cases it became, when to expect an answer, what next."""
    acting = acting_for(request, person_id, Capability.FOLLOW)
    person = acting.person
    application = get_object_or_404(
        visible_applications(acting).select_related("representative", "submitted_by"), pk=application_id
    )
    cases = list(application.cases.filter(acting.visible_cases()).select_related("team").order_by("pk"))
    wished = list(application.wished_services.select_related("legal_regime").order_by("name"))
    offices = catalogue.offices_by_area(person.municipality)
    rows = [
        {
            "case": case,
            "area": catalogue.area_label(case.service_area),
            "services": [s for s in wished if catalogue.area_of(s) == case.service_area],
            "office": offices.get(case.service_area),
        }
        for case in cases
    ]
    access_log_write(
        user=acting.account.user,
        person=person,
        action=AccessAction.READ,
        what=logged_as("Kvittering for søknad på Min side"),
        reason=log_reason(acting),
    )
    context = person_context(request, acting)
    context.update(
        title=_("Søknaden er sendt"),
        application=application,
        may_read_content=may_read_application(acting, application),
        urgent_social=application.urgent and any(case.service_area == ServiceArea.SOCIAL for case in cases),
        rows=rows,
        files=attachments.attachments_for_application(application),
        received=long_date(application.received_on),
        expected=long_date(application.expected_answer_by),
        offices=[o for o in _offices(person.municipality) if any(r["office"] == o for r in rows)]
        or _offices(person.municipality),
    )
    return render(request, "portal/citizen/apply_receipt.html", context)


@citizen_required
@require_GET
def attachment_download(
    request: HttpRequest, person_id: int, application_id: int, attachment_id: int
) -> HttpResponse:
    """One file sent with the person's application, as it was sent."""
    acting = acting_for(request, person_id, Capability.FOLLOW)
    attachment = get_object_or_404(
        ApplicationAttachment,
        pk=attachment_id,
        application_id=application_id,
        application__person=acting.person,
        application__in=visible_applications(acting),
    )
    if not may_read_application(acting, attachment.application):
        raise Http404
    access_log_write(
        user=acting.account.user,
        person=acting.person,
        action=AccessAction.READ,
        what=logged_as("Vedlegg til søknad på Min side"),
        reason=log_reason(acting),
    )
    return attachment_response(attachment)
