"""Min side: my cases, my decisions, the letters as sent, and appeal online.

Each view takes its person through acting_for (404 for anyone else, or without the capability), looks every
object up filtered by that person, and writes one access-log row with the citizen as reader.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from helhet.casework import letter_http
from helhet.casework import services as casework
from helhet.casework.models import LetterKind
from helhet.core.calendar import local_today, long_date
from helhet.core.errors import errors_by_field
from helhet.portal import citizen_cases as selectors
from helhet.portal.acting import acting_for
from helhet.portal.citizen_case_forms import CitizenAppealForm
from helhet.portal.citizen_reads import logged_as
from helhet.portal.citizen_views import citizen_required, person_context
from helhet.portal.representation import Capability

DRAFTS = "citizen_appeal_drafts"  # the session's appeals written but not yet confirmed, by decision id
SENT = "citizen_appeals_sent"  # decision id → the appeal registered from this session (double submits)


@citizen_required
@require_GET
def cases(request: HttpRequest, person_id: int) -> HttpResponse:
    """Mine saker: every case of the person, with its status in plain words and when to expect an answer."""
    acting = acting_for(request, person_id, Capability.FOLLOW)
    found = selectors.cases_of(acting.person, acting.visible_cases())
    selectors.log_read(acting, logged_as("Min side: oversikt over sakene"))
    context = person_context(request, acting)
    context.update({"cases": found, "title": _("Mine saker"), "today": local_today()})
    return render(request, "portal/citizen/cases.html", context)


@citizen_required
@require_GET
def case(request: HttpRequest, person_id: int, case_id: int) -> HttpResponse:
    """One case: what has happened in plain words, the decisions and the letters as sent."""
    acting = acting_for(request, person_id, Capability.FOLLOW)
    found = selectors.case_of(acting.person, case_id, acting.visible_cases())
    if found is None:
        raise Http404
    detail = selectors.case_detail(found)
    selectors.log_read(acting, logged_as("Min side: sak %(id)s", id=found.pk))
    context = person_context(request, acting)
    context.update(
        {
            "detail": detail,
            "view": detail.view,
            "case": found,
            "title": _("Sak om %(area)s") % {"area": detail.view.area.lower()},
            "may_read_letters": acting.may(Capability.LETTERS),
            "may_appeal": acting.may(Capability.APPEAL),
            "today": local_today(),
        }
    )
    return render(request, "portal/citizen/case.html", context)


@citizen_required
@require_GET
def letter(request: HttpRequest, person_id: int, letter_id: int) -> HttpResponse:
    """A letter exactly as it was sent: its stored PDF bytes, never rendered again, never cached."""
    acting = acting_for(request, person_id, Capability.LETTERS)
    found = selectors.letter_of(acting.person, letter_id, acting.visible_cases("case__"))
    if found is None:
        raise Http404
    selectors.log_read(
        acting,
        logged_as("Min side: %(kind)s i sak %(case)s", kind=LetterKind(found.kind).label, case=found.case_id),
    )
    response = letter_http.stored(request, found)
    response["Cache-Control"] = "no-store, private"
    return response


def _decision_or_404(acting, decision_id: int):
    decision = selectors.decision_of(acting.person, decision_id, acting.visible_cases("case__"))
    if decision is None:
        raise Http404
    return decision


def _appeal_context(request: HttpRequest, acting, decision) -> dict[str, Any]:
    deadline = selectors.deadline_of(decision)
    today = local_today()
    version = decision.regime_version
    context = person_context(request, acting)
    context.update(
        {
            "decision": decision,
            "case": decision.case,
            "deadline": deadline,
            "deadline_text": long_date(deadline) if deadline else "",
            "late": deadline is not None and today > deadline,
            "regime": version,
            "outcome_text": selectors.outcome_words(decision.outcome),
            "refusal": selectors.appeal_refusal(decision),
            "title": _("Klag på vedtaket om %(service)s") % {"service": decision.service.name},
        }
    )
    return context


def _drafts(request: HttpRequest) -> dict[str, dict[str, str]]:
    return dict(request.session.get(DRAFTS, {}))


@citizen_required
@require_http_methods(["GET", "POST"])
def appeal(request: HttpRequest, person_id: int, decision_id: int) -> HttpResponse:
    """Write the appeal: the deadline, who decides, what to write; then to the confirmation step."""
    acting = acting_for(request, person_id, Capability.APPEAL)
    decision = _decision_or_404(acting, decision_id)
    context = _appeal_context(request, acting, decision)
    drafts = _drafts(request)
    key = str(decision.pk)
    form = CitizenAppealForm(request.POST or None, initial=drafts.get(key), late=context["late"])
    if request.method == "POST" and not context["refusal"] and form.is_valid():
        drafts[key] = {
            name: form.cleaned_data.get(name, "") for name in ("change_wanted", "reasons", "late_reason")
        }
        request.session[DRAFTS] = drafts
        return redirect("citizen:appeal_confirm", person_id=acting.person.pk, decision_id=decision.pk)
    selectors.log_read(acting, logged_as("Min side: klage på vedtak %(id)s", id=decision.pk))
    context["form"] = form
    return render(request, "portal/citizen/appeal.html", context)


@citizen_required
@require_http_methods(["GET", "POST"])
def appeal_confirm(request: HttpRequest, person_id: int, decision_id: int) -> HttpResponse:
    """Read the appeal through and send it; sending registers it with the office (PRG to the receipt)."""
    acting = acting_for(request, person_id, Capability.APPEAL)
    decision = _decision_or_404(acting, decision_id)
    key = str(decision.pk)
    drafts = _drafts(request)
    draft = drafts.get(key)
    if draft is None:
        sent = request.session.get(SENT, {}).get(key)
        if sent is not None:  # sent already (a second click, the back button): the receipt again
            return redirect("citizen:appeal_receipt", person_id=acting.person.pk, appeal_id=sent)
        return redirect("citizen:appeal", person_id=acting.person.pk, decision_id=decision.pk)
    if request.method == "POST":
        try:
            registered = casework.appeal_register_by_citizen(
                acting_user=acting.account.user,
                person=acting.person,
                decision=decision,
                change_wanted=draft.get("change_wanted", ""),
                reasons=draft.get("reasons", ""),
                late_reason=draft.get("late_reason", ""),
                ground=selectors.ground_of(acting),
            )
        except (ValidationError, PermissionDenied) as error:
            problems = (
                [str(text) for texts in errors_by_field(error).values() for text in texts]
                if isinstance(error, ValidationError)
                else [str(error)]
            )
            for problem in problems:
                messages.error(request, problem)
            return redirect("citizen:appeal", person_id=acting.person.pk, decision_id=decision.pk)
        drafts.pop(key, None)
        request.session[DRAFTS] = drafts
        request.session[SENT] = {**request.session.get(SENT, {}), key: registered.pk}
        return redirect("citizen:appeal_receipt", person_id=acting.person.pk, appeal_id=registered.pk)
    context = _appeal_context(request, acting, decision)
    context["draft"] = draft
    selectors.log_read(acting, logged_as("Min side: klage på vedtak %(id)s", id=decision.pk))
    return render(request, "portal/citizen/appeal_confirm.html", context)


@citizen_required
@require_GET
def appeal_receipt(request: HttpRequest, person_id: int, appeal_id: int) -> HttpResponse:
    """Kvittering: the appeal as received, and what happens next."""
    acting = acting_for(request, person_id, Capability.APPEAL)
    found = selectors.appeal_of(acting.person, appeal_id, acting.visible_cases("decision__case__"))
    if found is None:
        raise Http404
    decision = found.decision
    selectors.log_read(acting, logged_as("Min side: kvittering for klage %(id)s", id=found.pk))
    context = person_context(request, acting)
    deadline = selectors.deadline_of(decision)
    context.update(
        {
            "appeal": found,
            "decision": decision,
            "case": decision.case,
            "regime": decision.regime_version,
            "deadline_text": long_date(deadline) if deadline else "",
            "received_text": long_date(found.received_on),
            "title": _("Vi har fått klagen din"),
        }
    )
    return render(request, "portal/citizen/appeal_receipt.html", context)


__all__ = ["appeal", "appeal_confirm", "appeal_receipt", "case", "cases", "letter"]
