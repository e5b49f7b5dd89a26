"""The reception desk: register any inquiry, answer it, book a talk, forward it, or turn it into an application."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access import roles
from helhet.access.policy import case_areas, person_access
from helhet.access.services import PersonNotVisible, authorize_person_read
from helhet.access.shown import persons_shown
from helhet.core.calendar import local_today
from helhet.inbox import selectors as inbox
from helhet.inbox.models import ItemKind
from helhet.intake import services
from helhet.intake.forms import AnswerForm, BookForm, ForwardForm, InquiryForm, RoutingRuleForm
from helhet.intake.models import Inquiry, InquiryOutcome, RoutingRule
from helhet.organisation.models import Unit
from helhet.people.models import Person

DESK_ROLES = services.INTAKE_ROLES


FORWARDED_KINDS = (ItemKind.INQUIRY,)


def _at_desk(request) -> bool:
    return request.user.municipality_id is not None and roles.has_any_role(request.user, DESK_ROLES)


def _desk(request) -> None:
    if not _at_desk(request):
        raise PermissionDenied(_("Mottaket er for resepsjon og saksbehandlere."))


def _desk_or_forwarded_to(request) -> bool:
    """Reception and case workers work at the desk; any other user reads only the inquiries forwarded to
    their units (through their inbox). Returns whether the user is at the desk."""
    if _at_desk(request):
        return True
    if request.user.municipality_id is None:
        raise PermissionDenied(_("Mottaket er for resepsjon og saksbehandlere."))
    return False


def _taken(inquiry_ids) -> dict:
    return inbox.latest_by_target(target_app="intake", target_ids=inquiry_ids, kinds=FORWARDED_KINDS)


def _person(request, person_id, what: str):
    person = Person.objects.filter(pk=person_id, municipality_id=request.user.municipality_id).first()
    if person is None:
        raise Http404
    try:
        authorize_person_read(request.user, person, what=what)
    except PersonNotVisible:
        raise Http404 from None
    return person


def _units(request):
    return (
        Unit.objects.valid_on(local_today())
        .filter(municipality_id=request.user.municipality_id)
        .order_by("name")
    )


@login_required
def desk(request):
    at_desk = _desk_or_forwarded_to(request)
    inquiries = (
        Inquiry.objects.filter(municipality_id=request.user.municipality_id)
        .select_related("person", "responsible_unit", "registered_by")
        .order_by("-received_at", "-pk")
    )
    if not at_desk:
        inquiries = inquiries.filter(
            pk__in=inbox.target_ids_for(request.user, target_app="intake", kinds=FORWARDED_KINDS)
        )
    page = Paginator(inquiries, 25).get_page(request.GET.get("side"))
    taken = _taken([inquiry.pk for inquiry in page.object_list])
    for inquiry in page.object_list:
        inquiry.forwarded_item = taken.get(inquiry.pk)
    persons_shown(
        request.user,
        [inquiry.person for inquiry in page.object_list],
        what=_("Mottak: navn og henvendelse"),
        reason=_("Henvendelser til kommunen"),
    )
    return render(request, "intake/desk.html", {"page": page, "at_desk": at_desk})


@login_required
@require_http_methods(["GET", "POST"])
def inquiry_create(request):
    _desk(request)
    person = (
        _person(request, request.GET["person"], _("Ny henvendelse")) if request.GET.get("person") else None
    )
    form = InquiryForm(request.POST or None, known_person=person is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inquiry = services.inquiry_register(
                acting_user=request.user,
                municipality=request.user.municipality,
                person=person,
                channel=data["channel"],
                about=data["about"],
                contact_name=data.get("contact_name", ""),
                contact_phone=data.get("contact_phone", ""),
                contact_email=data.get("contact_email", ""),
                urgent=data.get("urgent", False),
            )
            if data["answer_note"].strip():
                services.inquiry_answer(acting_user=request.user, inquiry=inquiry, note=data["answer_note"])
                messages.success(request, _("Henvendelsen er besvart og avsluttet."))
                return redirect("intake:desk")
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect("intake:inquiry", inquiry_id=inquiry.pk)
    return render(request, "intake/inquiry_form.html", {"form": form, "person": person})


def _inquiry(request, inquiry_id: int) -> Inquiry:
    inquiry = get_object_or_404(
        Inquiry.objects.select_related("person", "responsible_unit", "registered_by"),
        pk=inquiry_id,
        municipality_id=request.user.municipality_id,
    )
    if inquiry.person is not None:
        try:
            authorize_person_read(
                request.user, inquiry.person, what=_("Henvendelse: navn, kontakt og åpne saker")
            )
        except PersonNotVisible:
            raise Http404 from None
    return inquiry


@login_required
def inquiry_detail(request, inquiry_id: int):
    at_desk = _desk_or_forwarded_to(request)
    if not at_desk and not inbox.has_item_for_target(
        request.user, target_app="intake", target_id=inquiry_id, kinds=FORWARDED_KINDS
    ):
        raise Http404
    inquiry = _inquiry(request, inquiry_id)
    forwarded_item = _taken([inquiry.pk]).get(inquiry.pk)
    open_cases = []
    if inquiry.person is not None and at_desk:
        open_cases = list(
            # Even that a case exists is confidential outside its service area (helsepersonelloven § 21,
            # sosialtjenesteloven § 44): reception and case workers see the open cases of their own areas.
            inquiry.person.cases.filter(service_area__in=case_areas(request.user))
            .exclude(status__in=("ended", "withdrawn"))
            .select_related("team", "owner")[:10]
        )
    return render(
        request,
        "intake/inquiry_detail.html",
        {
            "inquiry": inquiry,
            "open_cases": open_cases,
            "is_open": at_desk and inquiry.outcome == InquiryOutcome.OPEN,
            "at_desk": at_desk,
            "forwarded_item": forwarded_item,
            # A receiving unit reads the inquiry from its Oppgaver: the way on is the person, not the desk.
            "person_page": inquiry.person is not None and bool(person_access(request.user, inquiry.person)),
            "may_register_application": roles.has_any_role(request.user, services.INTAKE_ROLES),
            "may_take": forwarded_item is not None
            and forwarded_item.closed_at is None
            and forwarded_item.taken_by_id is None
            and inbox.item_visible(request.user, forwarded_item.pk) is not None,
            # Reception may send it elsewhere while nobody at the first unit has taken it.
            "may_forward_again": at_desk
            and inquiry.outcome == InquiryOutcome.FORWARDED
            and forwarded_item is not None
            and forwarded_item.closed_at is None
            and forwarded_item.taken_by_id is None,
            "answer_form": AnswerForm(),
            "book_form": BookForm(),
            "forward_form": ForwardForm(units=_units(request)),
        },
    )


@login_required
@require_POST
def inquiry_action(request, inquiry_id: int, action: str):
    _desk(request)
    if action not in ("svar", "avtal", "videresend"):
        raise Http404
    inquiry = _inquiry(request, inquiry_id)
    forms = {"svar": AnswerForm, "avtal": BookForm}
    form = (
        ForwardForm(request.POST, units=_units(request))
        if action == "videresend"
        else forms[action](request.POST)
    )
    if form.is_valid():
        try:
            if action == "svar":
                services.inquiry_answer(
                    acting_user=request.user, inquiry=inquiry, note=form.cleaned_data["note"]
                )
            elif action == "avtal":
                services.inquiry_book(acting_user=request.user, inquiry=inquiry, **form.cleaned_data)
            else:
                services.inquiry_forward(acting_user=request.user, inquiry=inquiry, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Henvendelsen er oppdatert."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("intake:inquiry", inquiry_id=inquiry.pk)


@login_required
@require_http_methods(["GET", "POST"])
def routing(request):
    """The municipality's routing rules in order, in words; the admin adds and switches them."""
    _desk(request)
    municipality = request.user.municipality
    may_edit = roles.has_any_role(request.user, services.ROUTING_EDITORS)
    form = RoutingRuleForm(request.POST or None, municipality=municipality, units=_units(request))
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if "toggle" in request.POST:
            rule = get_object_or_404(RoutingRule, pk=request.POST["toggle"], municipality=municipality)
            services.routing_rule_set_active(acting_user=request.user, rule=rule, active=not rule.active)
            return redirect("intake:routing")
        if form.is_valid():
            try:
                services.routing_rule_add(
                    acting_user=request.user, municipality=municipality, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Regelen er lagt til."))
                return redirect("intake:routing")
    rules = (
        RoutingRule.objects.filter(municipality=municipality)
        .select_related("team", "service", "zone")
        .order_by("position")
    )
    return render(request, "intake/routing.html", {"rules": rules, "form": form, "may_edit": may_edit})
