"""Min side, Samtykker: who may see my individual plan, and whether the health and care services and NAV may
share my cases with each other. A change takes effect at once, is written to the change history and the
access log, and the staff see on the person page what the citizen changed and when."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from helhet.access.models import AccessAction
from helhet.access.services import access_log_write
from helhet.care import services as care_services
from helhet.care.models import IndividualPlan
from helhet.core.errors import ConflictError
from helhet.intake import services as intake_services
from helhet.intake.models import Application
from helhet.people.selectors import citizen_changes_for
from helhet.portal import representation
from helhet.portal.acting import Acting, acting_for
from helhet.portal.citizen_reads import logged_as
from helhet.portal.citizen_views import citizen_required, person_context
from helhet.portal.representation import Capability

APPLICATIONS_SHOWN = 20
COLLECTION_LABELS = (
    ("consent_gp", gettext_lazy("Kommunen kan spørre fastlegen din om opplysninger.")),
    ("consent_hospital", gettext_lazy("Kommunen kan spørre sykehuset om opplysninger.")),
    ("consent_nav", gettext_lazy("Kommunen kan spørre NAV om opplysninger.")),
)


def change_reason(acting: Acting) -> str:
    """Who made the change, for the staff: the person themself or the named representative."""
    if not acting.on_behalf or acting.relative is None:
        return _("Endret av innbyggeren selv på Min side")
    return _("Endret av %(name)s (%(relation)s) på Min side") % {
        "name": acting.relative.name,
        "relation": acting.relation_label,
    }


def _open_plan(acting: Acting) -> IndividualPlan | None:
    return (
        IndividualPlan.objects.filter(person=acting.person, ended_on__isnull=True, plan_declined=False)
        .select_related("coordinator", "child_coordinator", "coordinating_unit")
        .prefetch_related("shared_with", "group")
        .first()
    )


def _post_id(request: HttpRequest, name: str) -> int:
    value = request.POST.get(name, "")
    if not value.isdigit() or len(value) > 12:
        raise Http404
    return int(value)


@citizen_required
@require_http_methods(["GET", "POST"])
def consents(request: HttpRequest, person_id: int) -> HttpResponse:
    acting = acting_for(request, person_id, Capability.CONSENT)
    person = acting.person
    citizen = acting.account.user
    plan = _open_plan(acting)
    if request.method == "POST":
        action = request.POST.get("action", "")
        reason = change_reason(acting)
        try:
            if action in ("share", "unshare"):
                application = get_object_or_404(
                    Application, pk=_post_id(request, "application"), person=person
                )
                intake_services.application_consent_set_by_citizen(
                    citizen_user=citizen, application=application, share=action == "share", reason=reason
                )
                messages.success(
                    request,
                    _("Samtykket er gitt. Det gjelder fra i dag.")
                    if action == "share"
                    else _("Samtykket er trukket tilbake. Det gjelder med en gang."),
                )
            elif action.startswith("withdraw_"):
                application = get_object_or_404(
                    Application, pk=_post_id(request, "application"), person=person
                )
                intake_services.application_collection_consent_withdraw_by_citizen(
                    citizen_user=citizen,
                    application=application,
                    consent=action[len("withdraw_") :],
                    reason=reason,
                )
                messages.success(request, _("Samtykket er trukket tilbake. Det gjelder med en gang."))
            elif action == "plan":
                if plan is None:
                    raise Http404
                chosen = set(request.POST.getlist("unit"))
                units = [
                    unit for unit in care_services.plan_consent_candidates(plan) if str(unit.pk) in chosen
                ]
                care_services.individual_plan_consent_set_by_citizen(
                    citizen_user=citizen, plan=plan, units=units, reason=reason
                )
                messages.success(request, _("Valget ditt er lagret. Det gjelder med en gang."))
            else:
                raise Http404
        except ConflictError:
            messages.error(request, _("Noen andre endret dette samtidig. Se over og prøv igjen."))
        except ValidationError as error:  # shown in plain words; nothing changed
            messages.error(request, " ".join(error.messages))
        return redirect("citizen:consents", person_id=person.pk)
    access_log_write(
        user=citizen,
        person=person,
        action=AccessAction.READ,
        what=logged_as("Min side: samtykker (individuell plan og deling mellom tjenester)"),
        reason=representation.access_reason(acting.relation, person),
    )
    # Every application with a consent in force (withdrawing is as easy as giving, GDPR art. 7 nr. 3), and
    # the newest besides, so a consent can also be given again.
    in_force = Q(consent_share=True, consent_withdrawn_on__isnull=True) | Q(consent_gp=True)
    in_force |= Q(consent_hospital=True) | Q(consent_nav=True)
    newest = Application.objects.filter(person=person).order_by("-received_on", "-pk")
    shown_ids = set(newest.filter(in_force).values_list("pk", flat=True))
    shown_ids |= set(newest.values_list("pk", flat=True)[:APPLICATIONS_SHOWN])
    applications = list(newest.filter(pk__in=shown_ids).prefetch_related("cases"))
    context = person_context(request, acting)
    context.update(
        {
            "title": _("Samtykker"),
            "plan": plan,
            "candidates": care_services.plan_consent_candidates(plan) if plan is not None else [],
            "shared_ids": {unit.pk for unit in plan.shared_with.all()} if plan is not None else set(),
            "applications": [
                {
                    "application": application,
                    "shared": intake_services.consent_shared(application),
                    "collection": [
                        (name, label) for name, label in COLLECTION_LABELS if getattr(application, name)
                    ],
                    "case_ids": ", ".join(str(case.pk) for case in application.cases.all()),
                }
                for application in applications
            ],
            "changes": citizen_changes_for(person),
        }
    )
    return render(request, "portal/citizen/consents.html", context)
