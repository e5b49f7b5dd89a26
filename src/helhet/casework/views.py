"""Service office pages: application, queue and deadline dashboard, case page, assessment, review,
decision with a live check of missing parts, letters and appeals. Views parse, call, render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access import roles
from helhet.access.services import PersonNotVisible, authorize_person_read
from helhet.casework import (
    actions,
    closing,
    deadlines,
    letter_http,
    letters,
    message_views,
    selectors,
    services,
    social,
    workflow,
)
from helhet.casework.forms import (
    PARTICIPANTS,
    AppealForm,
    AssessmentForm,
    DecisionForm,
    ReviewForm,
    SocialAssessmentForm,
)
from helhet.casework.models import Appeal, Decision, DeliveryMethod, Outcome, Status
from helhet.casework.reminders import open_reminders
from helhet.catalogue.models import Service
from helhet.catalogue.thresholds import AssessmentFacts, suggest_services
from helhet.core.calendar import local_today
from helhet.core.confirm import Ask, refuse_unconfirmed
from helhet.core.errors import ConflictError
from helhet.core.models import User
from helhet.intake import services as intake_services
from helhet.intake.attachment_http import attachment_response
from helhet.intake.forms import ApplicationForm
from helhet.intake.models import Application, Inquiry
from helhet.intake.services import INTAKE_ROLES
from helhet.organisation.models import ServiceArea, Staff, Unit
from helhet.people.models import Person


def _case(request, case_id: int, *, work: bool = False):
    """The case if the user may read it (404 otherwise); with `work`, only in the user's own service area
    (403 for a reader on a ground)."""
    try:
        return selectors.case_detail(request.user, case_id, work=work)
    except PersonNotVisible:
        raise Http404 from None


def _units(request):
    return (
        Unit.objects.valid_on(local_today())
        .filter(municipality_id=request.user.municipality_id)
        .order_by("name")
    )


def _case_action_ask(request, case) -> Ask | None:
    """Withdrawing or ending a case, and the applicant withdrawing consent, cannot be undone."""
    back = reverse("casework:case", args=[case.pk])
    action = request.POST.get("action")
    if action == "transition" and request.POST.get("to") in (Status.WITHDRAWN, Status.ENDED):
        label = Status(request.POST["to"]).label
        return Ask(
            title=_("Sette saken til «%(status)s»?") % {"status": label},
            consequence=(
                _("Saken lukkes. Klage og omgjøring er fortsatt mulig.")
                if request.POST["to"] == Status.ENDED
                else _("Søknaden er trukket og saken lukkes. En ny søknad må til for å behandle behovet.")
            ),
            confirm_label=_("Ja, sett saken til «%(status)s»") % {"status": label},
            cancel_url=back,
        )
    if action == "withdraw_consent":
        return Ask(
            title=_("Registrere at søkeren trekker samtykket tilbake?"),
            consequence=_("Opplysninger deles ikke lenger mellom helse og NAV. Det kan ikke angres her."),
            confirm_label=_("Ja, samtykket er trukket tilbake"),
            cancel_url=back,
        )
    return None


def _appeal_action_ask(request) -> Ask | None:
    """Forwarding an appeal to Statsforvalteren and dismissing it cannot be undone."""
    action = request.POST.get("action")
    if action == "uphold":
        return Ask(
            title=_("Opprettholde vedtaket og sende klagen til Statsforvalteren?"),
            consequence=_("Klagen sendes videre med kommunens vurdering og kan ikke hentes tilbake."),
            confirm_label=_("Ja, send til Statsforvalteren"),
        )
    if action == "dismiss":
        return Ask(
            title=_("Avvise klagen?"),
            consequence=_("Klagen avvises fordi manglene ikke ble rettet. Avvisningen kan ikke angres her."),
            confirm_label=_("Ja, avvis klagen"),
        )
    return None


DECISION_SEND_ASK = Ask(
    title=gettext_lazy("Fatte og sende vedtaket?"),
    consequence=gettext_lazy(
        "Vedtaket sendes til søkeren og kan ikke endres etterpå. Skal noe rettes, må et nytt vedtak erstatte det."
    ),
    confirm_label=gettext_lazy("Ja, fatt og send vedtaket"),
)


def _errors(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
@require_http_methods(["GET", "POST"])
def application_create(request):
    if request.user.municipality_id is None or not roles.has_any_role(request.user, INTAKE_ROLES):
        raise PermissionDenied
    person = get_object_or_404(
        Person, pk=request.GET.get("person") or 0, municipality_id=request.user.municipality_id
    )
    try:
        authorize_person_read(request.user, person, what=_("Søknadsskjema"))
    except PersonNotVisible:
        raise Http404 from None
    inquiry = None
    if request.GET.get("henvendelse"):
        inquiry = get_object_or_404(Inquiry, pk=request.GET["henvendelse"], person=person)
    form = ApplicationForm(
        request.POST or None,
        municipality=request.user.municipality,
        representatives=person.relatives.exclude(representation=""),
        # The citizen's words (and urgency) from the inquiry carry over, so reception never types them twice.
        initial={"need": inquiry.about, "urgent": inquiry.urgent} if inquiry is not None else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            cases = services.application_receive_all(
                acting_user=request.user,
                municipality=request.user.municipality,
                person=person,
                inquiry=inquiry,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            # Post/Redirect/Get: reloading the receipt shows it again, it never files the application twice.
            return redirect("casework:application_receipt", application_id=cases[0].application_id)
    return render(
        request, "casework/application_form.html", {"form": form, "person": person, "inquiry": inquiry}
    )


@login_required
def application_receipt(request, application_id: int):
    """The receipt of a filed application: the cases it became, where they went and why."""
    if request.user.municipality_id is None or not roles.has_any_role(request.user, INTAKE_ROLES):
        raise PermissionDenied
    application = get_object_or_404(
        Application.objects.select_related("person"),
        pk=application_id,
        municipality_id=request.user.municipality_id,
    )
    try:
        authorize_person_read(request.user, application.person, what=_("Søknadskvittering"))
    except PersonNotVisible:
        raise Http404 from None
    cases = list(application.cases.select_related("team", "owner").order_by("pk"))
    return render(
        request,
        "casework/receipt.html",
        {
            "cases": selectors.receipt_rows(cases),
            "application": application,
            "may_open_cases": roles.has_any_role(request.user, selectors.CASE_READERS),
        },
    )


@login_required
def queue(request):
    status = request.GET.get("status", "")
    if status and status not in workflow.OPEN:
        status = ""
    mine = request.GET.get("mine") == "1"
    page = selectors.queue(request.user, status=status, mine=mine, page_number=request.GET.get("side"))
    board = selectors.dashboard(request.user, today=local_today())
    query = "&".join(
        part for part in (f"status={status}" if status else "", "mine=1" if mine else "") if part
    )
    return render(
        request,
        "casework/queue.html",
        {
            "page": page,
            "board": board,
            "urgent": selectors.urgent_cases(request.user),
            "reminders": open_reminders(request.user),
            "status": status,
            "mine": mine,
            "statuses": [(s, Status(s).label) for s in workflow.OPEN],
            "query_string": query,
            "today": local_today(),
        },
    )


@login_required
def case_detail(request, case_id: int):
    read = _case(request, case_id)
    case = read.case
    work = read.may_work
    decisions = list(case.decisions.all())
    today = local_today()
    items = [(d, d.risk(today)) for d in deadlines.for_case(case, decisions)]
    # A reader on a ground (another service area) may read the case, never act on it.
    allowed = set(closing.offered_actions(case, today)) if work else set()
    close_blocked = (
        closing.close_blocker(case, today)
        if work and actions.allows(case.status, f"transition:{Status.ENDED}")
        else None
    )
    appeal_deadlines = deadlines.effective_appeal_deadlines(decisions)
    order_items = selectors.order_items(
        decisions
    )  # the sender sees the order reached the unit, and who took it
    for d in decisions:
        d.order_item = order_items.get(d.pk)
        d.economic = social.summary(d)
        d.time_taken_text = social.time_taken_text(case, d)
        d.effective_appeal = appeal_deadlines[d.pk]
    return render(
        request,
        "casework/case_detail.html",
        {
            "case": case,
            "reason": read.reason,
            "linked": selectors.linked_cases(case),
            "wished": selectors.wished_in_area(case),
            "may_work": work,
            "decisions": decisions,
            "deadlines": items,
            "transitions": [
                (s, label) for s, label in workflow.allowed(case.status) if f"transition:{s}" in allowed
            ],
            "close_blocked": close_blocked,
            "allowed": allowed,
            "units": _units(request) if work else [],
            "case_workers": User.objects.filter(
                municipality_id=case.municipality_id, groups__name=roles.CASE_WORKER, is_active=True
            ).order_by("last_name", "first_name")
            if actions.CASE_ASSIGN in allowed
            else [],
            "appeal_form": AppealForm(initial={"received_on": today}),
            "missing": {d.pk: services.missing_parts(d) for d in decisions if d.state == "draft"},
            "outcomes": list(Outcome.choices),
            "today": today,
            "deliveries": selectors.case_deliveries(case),
            "can_draft": actions.DECISION_DRAFT_CREATE in allowed,
            "can_appeal": actions.APPEAL_REGISTER in allowed,
            "can_interim": actions.INTERIM_REPLY_SEND in allowed,
            "can_assess": actions.ASSESSMENT_RECORD in allowed,
            "can_review": actions.REVIEW_RECORD in allowed,
            "can_handoff": actions.CASE_HANDOFF in allowed,
            "can_reassess": actions.APPEAL_REASSESS in allowed,
            "can_correct": actions.APPEAL_CORRECT in allowed,
            "can_dismiss": actions.APPEAL_DISMISS in allowed,
            "can_authority": actions.APPEAL_AUTHORITY_OUTCOME in allowed,
            **message_views.case_page_context(case, may_work=work),
        },
    )


@login_required
@require_POST
def case_action(request, case_id: int):
    case = _case(request, case_id, work=True).case
    if asked := refuse_unconfirmed(request, _case_action_ask(request, case)):
        return asked
    action = request.POST.get("action")
    try:
        if action == "transition":
            services.case_transition(
                acting_user=request.user,
                case=case,
                to=request.POST.get("to", ""),
                note=request.POST.get("note", ""),
            )
        elif action == "assign":
            team = Unit.objects.filter(
                pk=request.POST.get("team") or 0, municipality_id=case.municipality_id
            ).first()
            services.case_assign(
                acting_user=request.user, case=case, team=team, reason=request.POST.get("reason", "")
            )
        elif action == "withdraw_consent":
            intake_services.application_consent_withdraw(
                acting_user=request.user, application=case.application
            )
        elif action == "owner":
            owner = User.objects.filter(
                pk=request.POST.get("owner") or 0, municipality_id=case.municipality_id
            ).first()
            if owner is None:
                raise ValidationError({"owner": _("Velg en saksbehandler.")})
            services.case_assign(acting_user=request.user, case=case, owner=owner)
        elif action == "interim":
            services.interim_reply_send(
                acting_user=request.user,
                case=case,
                reason=request.POST.get("reason", ""),
                expected_by=datetime.date.fromisoformat(request.POST.get("expected_by") or "1900-01-01"),
                sent_on=datetime.date.fromisoformat(request.POST["sent_on"])
                if request.POST.get("sent_on")
                else None,
            )
        else:
            raise Http404
    except (ValidationError, ConflictError) as error:
        messages.error(
            request, error.message if isinstance(error, ConflictError) else " ".join(error.messages)
        )
    except ValueError:
        messages.error(request, _("Datoen kunne ikke leses."))
    else:
        messages.success(request, _("Saken er oppdatert."))
    return redirect("casework:case", case_id=case.pk)


def _facts_from(form: AssessmentForm, case) -> AssessmentFacts:
    data = form.cleaned_data
    return AssessmentFacts(
        scores=form.scores(),
        age=case.person.age_on(data.get("held_on") or local_today()),
        lives_alone=data.get("lives_alone"),
        relatives_help=data.get("relatives_help"),
        diagnosis_group=data.get("diagnosis_group") or "",
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create(request, case_id: int):
    case = _case(request, case_id, work=True).case
    if case.service_area == ServiceArea.SOCIAL:
        return _social_assessment_create(request, case)
    form = AssessmentForm(
        request.POST or None,
        municipality=case.municipality,
        initial={"held_on": local_today(), "own_goals": case.application.what_matters},
    )
    suggestions = None
    valid = request.method == "POST" and form.is_valid()
    if request.method == "POST":
        held_on = form.cleaned_data.get("held_on") or local_today()
        suggestions = suggest_services(case.municipality, _facts_from(form, case), on=held_on)
        if request.htmx:
            return render(request, "casework/_suggestions.html", {"suggestions": suggestions})
    if valid:
        try:
            data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("score_")}
            services.assessment_record(acting_user=request.user, case=case, scores=form.scores(), **data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Kartleggingen er lagret."))
            return redirect("casework:case", case_id=case.pk)
    return render(
        request, "casework/assessment_form.html", {"case": case, "form": form, "suggestions": suggestions}
    )


def _social_assessment_create(request, case):
    """The social-services assessment: no IPLOS scores, no thresholds (services outside the care ladder)."""
    form = SocialAssessmentForm(
        request.POST or None,
        municipality=case.municipality,
        initial={
            "held_on": local_today(),
            "own_goals": case.application.what_matters,
            "chosen_services": list(case.application.wished_services.all()),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.social_assessment_record(acting_user=request.user, case=case, **form.assessment_fields())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Kartleggingen er lagret."))
            return redirect("casework:case", case_id=case.pk)
    return render(request, "casework/social_assessment_form.html", {"case": case, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def review_create(request, case_id: int):
    case = _case(request, case_id, work=True).case
    form = ReviewForm(request.POST or None, initial={"held_on": local_today()})
    units = _units(request)
    rows = [
        {
            "unit": request.POST.get(f"unit_{i}", ""),
            "participant": request.POST.get(f"participant_{i}", ""),
            "view": request.POST.get(f"view_{i}", ""),
        }
        for i in range(PARTICIPANTS)
    ]
    if request.method == "POST" and form.is_valid():
        unit_by_id = {str(unit.pk): unit for unit in units}
        views = [{**row, "unit": unit_by_id[row["unit"]]} for row in rows if row["unit"] in unit_by_id]
        try:
            services.review_record(acting_user=request.user, case=case, views=views, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Den tverrfaglige vurderingen er lagret."))
            return redirect("casework:case", case_id=case.pk)
    return render(
        request, "casework/review_form.html", {"case": case, "form": form, "units": units, "rows": rows}
    )


def _decision(request, decision_id: int, *, work: bool = False) -> Decision:
    decision = get_object_or_404(
        Decision.objects.select_related("case", "service__legal_regime", "supersedes", "provider_unit"),
        pk=decision_id,
        case__municipality_id=request.user.municipality_id,
    )
    _case(request, decision.case_id, work=work)
    return decision


@login_required
@require_POST
def decision_create(request, case_id: int):
    case = _case(request, case_id, work=True).case
    service = Service.objects.filter(
        pk=request.POST.get("service") or 0, municipality_id=case.municipality_id
    ).first()
    if service is None:
        messages.error(request, _("Velg hvilken tjeneste vedtaket gjelder."))
        return redirect("casework:case", case_id=case.pk)
    supersedes = None
    if request.POST.get("supersedes"):
        supersedes = get_object_or_404(Decision, pk=request.POST["supersedes"], case=case, state="sent")
    care = social.thresholds_apply(service)
    try:
        decision = services.decision_draft_create(
            acting_user=request.user,
            case=case,
            service=service,
            supersedes=supersedes,
            **(
                {
                    "provider_unit": service.provider_units.order_by("name").first(),
                    "payment": service.payment_note or service.get_payment_rule_display(),
                }
                if care
                else {}
            ),
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("casework:case", case_id=case.pk)
    return redirect("casework:decision", decision_id=decision.pk)


def _initial(decision: Decision) -> dict:
    initial = {name: getattr(decision, name) for name in services.DECISION_FIELDS}
    initial["legal_basis"] = "\n".join(decision.legal_basis)
    initial["conditions"] = "\n".join(decision.conditions or [])
    initial["version"] = decision.version
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def decision_edit(request, decision_id: int):
    decision = _decision(request, decision_id, work=request.method == "POST")
    form = DecisionForm(
        request.POST or None,
        initial=_initial(decision),
        units=_units(request),
        kind=social.decision_kind(decision),
    )
    if request.method == "POST":
        if decision.state != "draft":
            messages.error(
                request, _("Et sendt vedtak kan ikke endres. Lag et nytt vedtak som erstatter det.")
            )
            return redirect("casework:decision", decision_id=decision.pk)
        if form.is_valid():
            try:
                decision = services.decision_draft_update(
                    acting_user=request.user,
                    decision=decision,
                    expected_version=form.cleaned_data["version"] or 0,
                    **form.decision_fields(),
                )
            except ConflictError as error:
                form.add_error(None, error.message)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                if request.htmx:
                    return render(
                        request,
                        "casework/_missing.html",
                        {
                            "decision": decision,
                            "missing": services.missing_parts(decision),
                            "version": decision.version,
                        },
                    )
                messages.success(request, _("Utkastet er lagret."))
                return redirect("casework:decision", decision_id=decision.pk)
        if request.htmx:
            errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
            return render(
                request,
                "casework/_missing.html",
                {"decision": decision, "missing": services.missing_parts(decision), "errors": errors},
            )
    return render(
        request,
        "casework/decision_form.html",
        {
            "decision": decision,
            "form": form,
            "missing": services.missing_parts(decision) if decision.state == "draft" else [],
            "case": decision.case,
            "delivery_methods": list(DeliveryMethod.choices),
            "post_days": deadlines.post_delivery_workdays(),
            "economic": social.summary(decision),
            "kind": social.decision_kind(decision),
        },
    )


def _with_form_values(request, decision: Decision) -> Decision:
    """The draft with the values now in the form laid over it, in memory only; nothing is saved."""
    form = DecisionForm(request.POST, units=_units(request), kind=social.decision_kind(decision))
    form.is_valid()
    for name, value in form.cleaned_data.items():
        if name in services.DECISION_FIELDS:
            setattr(decision, name, value)
    if social.decision_kind(decision) == social.ECONOMIC:
        decision.legal_basis = social.with_economic_basis(decision)
    return decision


@login_required
@require_POST
def decision_check(request, decision_id: int):
    """Live check (htmx): what would still be missing with the values now in the form; nothing is saved."""
    decision = _with_form_values(request, _decision(request, decision_id, work=True))
    return render(
        request, "casework/_missing.html", {"decision": decision, "missing": services.missing_parts(decision)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def decision_preview(request, decision_id: int):
    """Live preview (htmx) of a draft's letter: the letter's own HTML, marked UTKAST, with the values now in
    the form (POST) or as saved (GET); nothing is saved. A sent decision has its stored PDF instead."""
    decision = _decision(request, decision_id, work=request.method == "POST")
    if decision.state != "draft":
        raise Http404
    if request.method == "POST":
        decision = _with_form_values(request, decision)
    try:
        letter = letters.decision_letter_html(decision)
    except ValidationError as error:
        letter, problem = "", " ".join(error.messages)
    else:
        problem = ""
    response = render(request, "casework/_letter_preview.html", {"letter": letter, "problem": problem})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def decision_send(request, decision_id: int):
    decision = _decision(request, decision_id, work=True)
    if asked := refuse_unconfirmed(request, DECISION_SEND_ASK):
        return asked
    responsible = None
    if request.POST.get("responsible"):
        responsible = Staff.objects.filter(
            pk=request.POST["responsible"], municipality_id=request.user.municipality_id
        ).first()
    try:
        sent_on = request.POST.get("sent_on")
        delivered_on = request.POST.get("delivered_on")
        services.decision_send(
            acting_user=request.user,
            decision=decision,
            responsible=responsible,
            sent_on=datetime.date.fromisoformat(sent_on) if sent_on else None,
            delivery_method=request.POST.get("delivery_method") or DeliveryMethod.DIGITAL,
            delivered_on=datetime.date.fromisoformat(delivered_on) if delivered_on else None,
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("casework:decision", decision_id=decision.pk)
    except ValueError:
        messages.error(request, _("Datoen kunne ikke leses."))
        return redirect("casework:decision", decision_id=decision.pk)
    messages.success(request, _("Vedtaket er sendt. Vedtaksbrevet er klart."))
    return redirect("casework:case", case_id=decision.case_id)


@login_required
def decision_letter(request, decision_id: int):
    """The letter as sent (its stored bytes), or a draft rendered live and marked UTKAST."""
    try:
        read = selectors.decision_letter(request.user, decision_id)
    except PersonNotVisible:
        raise Http404 from None
    if read.letter is not None:
        return letter_http.stored(request, read.letter)
    if read.decision.state == "sent":
        raise Http404(_("Vedtaket ble sendt før brevene ble lagret; brevet finnes ikke."))
    try:
        return letter_http.draft(read.decision)
    except ValidationError as error:
        _errors(request, error)
        return redirect("casework:decision", decision_id=read.decision.pk)


@login_required
def interim_letter(request, case_id: int):
    try:
        letter = selectors.interim_letter(request.user, case_id)
    except PersonNotVisible:
        raise Http404 from None
    if letter is None:
        raise Http404
    return letter_http.stored(request, letter)


@login_required
def case_attachment(request, case_id: int, attachment_id: int):
    """A file the applicant sent with the application, as sent (the download is access-logged)."""
    try:
        attachment = selectors.case_attachment(request.user, case_id, attachment_id)
    except PersonNotVisible:
        raise Http404 from None
    return attachment_response(attachment)


@login_required
@require_POST
def appeal_create(request, decision_id: int):
    decision = _decision(request, decision_id, work=True)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            services.appeal_register(acting_user=request.user, decision=decision, **form.cleaned_data)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Klagen er registrert."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("casework:case", case_id=decision.case_id)


@login_required
@require_POST
def appeal_action(request, appeal_id: int):
    appeal = get_object_or_404(
        Appeal.objects.select_related("decision__case"),
        pk=appeal_id,
        decision__case__municipality_id=request.user.municipality_id,
    )
    _case(request, appeal.decision.case_id, work=True)
    if asked := refuse_unconfirmed(request, _appeal_action_ask(request)):
        return asked
    action = request.POST.get("action")
    try:
        if action == "correct":
            services.appeal_correct(
                acting_user=request.user,
                appeal=appeal,
                corrected_on=datetime.date.fromisoformat(
                    request.POST.get("corrected_on") or local_today().isoformat()
                ),
                change_wanted=request.POST.get("change_wanted", ""),
                note=request.POST.get("note", ""),
            )
        elif action == "dismiss":
            services.appeal_dismiss(
                acting_user=request.user, appeal=appeal, reason=request.POST.get("reason", "")
            )
        elif action == "reverse":
            services.appeal_reverse(
                acting_user=request.user,
                appeal=appeal,
                reassessment=request.POST.get("reassessment", ""),
                late_reason=request.POST.get("late_reason", ""),
            )
        elif action == "uphold":
            services.appeal_uphold(
                acting_user=request.user,
                appeal=appeal,
                reassessment=request.POST.get("reassessment", ""),
                forwarded_on=local_today(),
                late_reason=request.POST.get("late_reason", ""),
            )
        elif action == "authority":
            services.appeal_authority_outcome(
                acting_user=request.user,
                appeal=appeal,
                outcome=request.POST.get("outcome", ""),
                decided_on=datetime.date.fromisoformat(
                    request.POST.get("decided_on") or local_today().isoformat()
                ),
            )
        else:
            raise Http404
    except ValidationError as error:
        _errors(request, error)
    except ValueError:
        messages.error(request, _("Datoen kunne ikke leses."))
    else:
        messages.success(request, _("Klagen er oppdatert."))
    return redirect("casework:case", case_id=appeal.decision.case_id)
