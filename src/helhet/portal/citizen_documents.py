"""Dokumenter i saken min (innsyn, forvaltningsloven §§ 18–19): every document of the person's cases that a
party may see: the application, the assessments, the intake meeting's conclusion, the letters as sent, the
case's timeline; and what is kept back, said plainly, with the reason and the law (casework.exemption_reasons).

Every object is looked up through the person the citizen acts for, so another person's id is a 404."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.casework.exemption_reasons import ExemptionReason, Explanation, all_explanations, explanation
from helhet.casework.models import Assessment, Case, CaseEvent, Decision, DecisionState, Letter, Review
from helhet.catalogue.defaults import FUNCTIONAL_VARIABLES
from helhet.intake.models import Application, ApplicationAttachment
from helhet.portal.acting import Acting, acting_for
from helhet.portal.citizen_reads import citizen_read, logged_as
from helhet.portal.citizen_views import citizen_required, person_context
from helhet.portal.representation import Capability

_SCORE_LABELS = {code: name for code, name, _noun, _kind in FUNCTIONAL_VARIABLES}


def case_label(case: Case) -> str:
    """How the person knows the case: the day the application came and the service area."""
    return _("Søknad mottatt %(day)s (%(area)s)") % {
        "day": case.received_on.strftime("%d.%m.%Y"),
        "area": case.get_service_area_display(),
    }


def attachments_for_application(person_id: int, application: Application) -> list[dict[str, Any]]:
    """The files sent with the application (prefetched by _cases), each as {"title", "url", "day"}."""
    return [
        {
            "title": _("Vedlegg: %(name)s") % {"name": attachment.name},
            "day": timezone.localdate(attachment.uploaded_at),
            "url": reverse("citizen:apply_attachment", args=[person_id, application.pk, attachment.pk]),
        }
        for attachment in application.attachments.all()
    ]


def letter_url(person_id: int, letter_id: int) -> str:
    """The stored letter on Min side (one route for letters, whichever page links to it)."""
    return reverse("citizen:letter", args=[person_id, letter_id])


@dataclass
class Document:
    title: str
    day: Any
    url: str = ""
    text: str = ""
    exempt: Explanation | None = None


@dataclass
class CaseDocuments:
    case: Case
    label: str
    documents: list[Document] = field(default_factory=list)
    timeline: list[Document] = field(default_factory=list)


def _exempt(obj: Any) -> Explanation | None:
    try:
        exemption = obj.exemption
    except obj.__class__.exemption.RelatedObjectDoesNotExist:
        return None
    return explanation(exemption.reason)


def _cases(acting: Acting):
    return (
        Case.objects.filter(person=acting.person)
        .select_related("application")
        .prefetch_related(
            Prefetch(
                "application__attachments",
                queryset=ApplicationAttachment.objects.defer("content").order_by("uploaded_at", "pk"),
            ),
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("exemption").order_by("held_on", "pk"),
            ),
            Prefetch(
                "reviews", queryset=Review.objects.select_related("exemption").order_by("held_on", "pk")
            ),
            Prefetch("events", queryset=CaseEvent.objects.select_related("exemption").order_by("at", "pk")),
            Prefetch("letters", queryset=Letter.objects.defer("pdf").order_by("rendered_at", "pk")),
            Prefetch(
                "decisions",
                queryset=Decision.objects.filter(state=DecisionState.DRAFT).select_related("service"),
                to_attr="drafts",
            ),
        )
        .order_by("-received_on", "-pk")
    )


def documents_of(acting: Acting) -> list[CaseDocuments]:
    person_id = acting.person.pk
    found: list[CaseDocuments] = []
    for case in _cases(acting):
        entry = CaseDocuments(case=case, label=case_label(case))
        application = case.application
        entry.documents.append(
            Document(
                title=_("Søknaden din"),
                day=application.received_on,
                url=reverse("citizen:document_application", args=[person_id, application.pk]),
            )
        )
        for attachment in attachments_for_application(person_id, application):
            entry.documents.append(
                Document(title=attachment["title"], day=attachment["day"], url=attachment["url"])
            )
        for assessment in case.assessments.all():
            exempt = _exempt(assessment)
            entry.documents.append(
                Document(
                    title=_("Kartlegging: %(kind)s") % {"kind": assessment.get_kind_display().lower()},
                    day=assessment.held_on,
                    url=""
                    if exempt
                    else reverse("citizen:document_assessment", args=[person_id, assessment.pk]),
                    exempt=exempt,
                )
            )
        for review in case.reviews.all():
            exempt = _exempt(review)
            entry.documents.append(
                Document(
                    title=_("Tverrfaglig vurdering: konklusjon"),
                    day=review.held_on,
                    text="" if exempt else review.conclusion,
                    exempt=exempt,
                )
            )
        for letter in case.letters.all():
            entry.documents.append(
                Document(
                    title=letter.title, day=letter.rendered_at.date(), url=letter_url(person_id, letter.pk)
                )
            )
        for draft in case.drafts:
            entry.documents.append(
                Document(
                    title=_("Utkast til vedtak om %(service)s") % {"service": draft.service.name},
                    day=draft.created_at.date(),
                    exempt=explanation(ExemptionReason.INTERNAL),
                    text=_("Du får vedtaket når det er sendt."),
                )
            )
        for event in case.events.all():
            exempt = _exempt(event)
            entry.timeline.append(Document(title="" if exempt else event.text, day=event.at, exempt=exempt))
        found.append(entry)
    return found


@citizen_required
def documents(request: HttpRequest, person_id: int) -> HttpResponse:
    """Dokumenter: the person's cases with their documents, and what is kept back and why."""
    acting = acting_for(request, person_id, Capability.DOCUMENTS)
    cases = documents_of(acting)
    citizen_read(acting, what=logged_as("Min side: dokumenter i sakene"))
    context = person_context(request, acting)
    context.update({"cases": cases, "reasons": all_explanations(), "title": _("Dokumenter i saken")})
    return render(request, "portal/citizen/documents.html", context)


@citizen_required
def application(request: HttpRequest, person_id: int, application_id: int) -> HttpResponse:
    """The application as it was received."""
    acting = acting_for(request, person_id, Capability.DOCUMENTS)
    found = get_object_or_404(
        Application.objects.prefetch_related("wished_services"), pk=application_id, person=acting.person
    )
    citizen_read(acting, what=logged_as("Min side: søknad %(id)d", id=found.pk))
    context = person_context(request, acting)
    context.update({"application": found, "title": _("Søknaden din")})
    return render(request, "portal/citizen/document_application.html", context)


@citizen_required
def assessment(request: HttpRequest, person_id: int, assessment_id: int) -> HttpResponse:
    """One assessment (kartlegging), unless it is kept back (then 404: the list says why)."""
    acting = acting_for(request, person_id, Capability.DOCUMENTS)
    found = get_object_or_404(
        Assessment.objects.select_related("case").prefetch_related("chosen_services"),
        pk=assessment_id,
        case__person=acting.person,
        exemption__isnull=True,
    )
    citizen_read(acting, what=logged_as("Min side: kartlegging %(id)d", id=found.pk))
    scores = [(_SCORE_LABELS.get(code, code), value) for code, value in sorted((found.scores or {}).items())]
    context = person_context(request, acting)
    context.update({"assessment": found, "scores": scores, "title": _("Kartlegging")})
    return render(request, "portal/citizen/document_assessment.html", context)
