"""Pages for deciding on an import's unknown names, for saved names (aliases) and for units themselves.

Thin: parse, call the organisation services, render. Every write is a POST that redirects (an htmx request
for a decision gets the report back in place instead).
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from helhet.access.policy import may_edit_organisation, may_view_organisation
from helhet.core.calendar import local_today
from helhet.core.forms import DesignsystemetForm
from helhet.insight.forms import UnitCreateForm, UnitEndForm, UnitMoveForm, UnitRenameForm
from helhet.organisation import services
from helhet.organisation.imports import (
    pending_import_apply,
    pending_import_decide,
    pending_import_for,
    pending_import_report,
)
from helhet.organisation.models import ExternalParty, ExternalPartyKind, Unit, UnitAlias, UnitKind


def _editor(request):
    if not may_edit_organisation(request.user):
        raise PermissionDenied(_("Bare ledere og administratorer kan endre organisasjonen."))


def _units(municipality):
    return list(Unit.objects.valid_on(local_today()).filter(municipality=municipality).order_by("name"))


def _pending(request, import_id: int):
    _editor(request)
    pending = pending_import_for(request.user.municipality, import_id)
    if pending is None:
        raise Http404
    return pending


def _report_context(request, pending, *, confirm=False, error=""):
    report = pending_import_report(pending, local_today())
    return {
        "pending": pending,
        "report": report,
        "units": _units(request.user.municipality),
        "kinds": ExternalPartyKind.choices,
        "confirm": confirm and bool(report.would_remove),
        "decision_error": error,
    }


@login_required
@require_GET
def pending_import(request, import_id: int):
    pending = _pending(request, import_id)
    return render(
        request,
        "insight/pending_import.html",
        _report_context(request, pending, confirm=request.GET.get("bekreft") == "1"),
    )


def _decision_from(post) -> tuple[dict | None, bool]:
    """The decision a form post asks for, and whether it is an undo. `choice` is the button pressed."""
    choice = post.get("choice", "")
    if choice == "undo":
        return None, True
    if choice.startswith("unit:"):
        return {"action": "unit", "unit": choice.removeprefix("unit:")}, False
    if choice == "unit":
        return {"action": "unit", "unit": post.get("unit", "")}, False
    if choice == "external":
        return {"action": "external", "kind": post.get("kind", ""), "name": post.get("party_name", "")}, False
    if choice == "role":
        return {"action": "role", "role": post.get("role", "")}, False
    if choice == "ignore":
        return {"action": "ignore"}, False
    return {"action": ""}, False


def _int_or_zero(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@login_required
@require_POST
def pending_import_decision(request, import_id: int):
    pending = _pending(request, import_id)
    name = request.POST.get("name", "")
    decision, undo = _decision_from(request.POST)
    if decision is not None and decision.get("action") == "unit":
        decision["unit"] = _int_or_zero(decision["unit"])
    error = ""
    try:
        pending = pending_import_decide(
            pending=pending, name=name, decision=decision, on=local_today(), actor=request.user
        )
    except ValidationError as problem:
        error = _("«%(name)s»: %(problem)s") % {"name": name[:150], "problem": " ".join(problem.messages)}
    if request.htmx:
        return render(request, "insight/_pending_report.html", _report_context(request, pending, error=error))
    if error:
        messages.error(request, error)
    return redirect(reverse("insight:pending_import", args=[pending.pk]) + "#names-heading")


@login_required
@require_POST
def pending_import_save(request, import_id: int):
    pending = _pending(request, import_id)
    try:
        report = pending_import_apply(
            pending=pending,
            on=local_today(),
            confirm_removal=request.POST.get("confirm_removal") == "on",
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("insight:pending_import", import_id=pending.pk)
    if report.needs_confirmation:
        messages.warning(request, _("Ingenting er lagret ennå: importen ville fjerne relasjoner."))
        return redirect(reverse("insight:pending_import", args=[pending.pk]) + "?bekreft=1")
    messages.success(
        request,
        _("Lagret %(saved)d samarbeidsrelasjoner fra «%(source)s».")
        % {"saved": report.saved, "source": pending.source},
    )
    return redirect("insight:collaboration")


# Saved names ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def aliases(request):
    _editor(request)
    municipality = request.user.municipality
    return render(
        request,
        "insight/aliases.html",
        {
            "aliases": list(
                UnitAlias.objects.filter(municipality=municipality)
                .select_related("unit", "external_party")
                .order_by("alias")
            ),
            "units": _units(municipality),
            "parties": list(ExternalParty.objects.filter(municipality=municipality).order_by("name")),
            "municipality": municipality,
        },
    )


def _alias(request, alias_id: int) -> UnitAlias:
    _editor(request)
    alias = UnitAlias.objects.filter(municipality=request.user.municipality, pk=alias_id).first()
    if alias is None:
        raise Http404
    return alias


@login_required
@require_POST
def alias_change(request, alias_id: int):
    alias = _alias(request, alias_id)
    municipality = request.user.municipality
    target = request.POST.get("target", "")
    unit = party = None
    if target.startswith("unit:"):
        unit = Unit.objects.filter(municipality=municipality, pk=_int_or_zero(target[5:])).first()
    elif target.startswith("party:"):
        party = ExternalParty.objects.filter(municipality=municipality, pk=_int_or_zero(target[6:])).first()
    role = request.POST.get("role", "")
    if target and target != "role" and unit is None and party is None:
        messages.error(request, _("Fant ikke enheten eller samarbeidsparten."))
        return redirect("insight:aliases")
    try:
        services.unit_alias_change(
            alias=alias, unit=unit, external_party=party, role=role, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("«%(alias)s» står nå for %(target)s.") % {"alias": alias.alias, "target": alias.target_label},
        )
    return redirect("insight:aliases")


@login_required
@require_POST
def alias_delete(request, alias_id: int):
    alias = _alias(request, alias_id)
    services.unit_alias_delete(alias=alias, actor=request.user)
    messages.success(request, _("«%(alias)s» er slettet.") % {"alias": alias.alias})
    return redirect("insight:aliases")


# Units ---------------------------------------------------------------------------------------------------


def _viewer(request):
    if not may_view_organisation(request.user):
        raise PermissionDenied(_("Rollen din gir ikke tilgang til organisasjonsoversikten."))


@login_required
def units(request):
    _viewer(request)
    municipality = request.user.municipality
    current = _units(municipality)
    may_edit = may_edit_organisation(request.user)
    form = UnitCreateForm(
        request.POST or None,
        units=Unit.objects.valid_on(local_today()).filter(municipality=municipality),
        initial={"valid_from": local_today()},
    )
    if request.method == "POST":
        _editor(request)
        if form.is_valid():
            try:
                unit = services.unit_create(
                    municipality=municipality,
                    name=form.cleaned_data["name"],
                    kind=form.cleaned_data["kind"],
                    valid_from=form.cleaned_data["valid_from"],
                    parent=form.cleaned_data["parent"],
                    actor=request.user,
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Enheten «%(name)s» er opprettet.") % {"name": unit.name})
                return redirect("insight:unit", unit_id=unit.pk)
    ended = list(
        Unit.objects.filter(municipality=municipality, valid_to__lt=local_today()).order_by(
            "-valid_to", "name"
        )[:50]
    )
    return render(
        request,
        "insight/units.html",
        {
            "units": current,
            "ended": ended,
            "form": form,
            "may_edit": may_edit,
            "kinds": dict(UnitKind.choices),
        },
    )


def _unit(request, unit_id: int) -> Unit:
    unit = Unit.objects.filter(municipality=request.user.municipality, pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


@login_required
def unit_detail(request, unit_id: int):
    _viewer(request)
    unit = _unit(request, unit_id)
    municipality = request.user.municipality
    others = Unit.objects.valid_on(local_today()).filter(municipality=municipality).exclude(pk=unit.pk)
    forms = {
        "rename": UnitRenameForm(prefix="rename", initial={"name": unit.name}),
        "end": UnitEndForm(prefix="end", initial={"valid_to": local_today()}),
        "move": UnitMoveForm(prefix="move", units=others, initial={"on": local_today()}),
    }
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form: DesignsystemetForm
    call: Callable[[dict], object]
    if request.method == "POST":
        _editor(request)
        if action == "rename":
            forms["rename"] = form = UnitRenameForm(request.POST, prefix="rename")
            call = lambda data: services.unit_rename(unit=unit, name=data["name"], actor=request.user)  # noqa: E731
            done = _("Enheten heter nå «%(name)s».")
        elif action == "end":
            forms["end"] = form = UnitEndForm(request.POST, prefix="end")
            call = lambda data: services.unit_end(unit=unit, valid_to=data["valid_to"], actor=request.user)  # noqa: E731
            done = _("«%(name)s» er avsluttet.")
        elif action == "move":
            forms["move"] = form = UnitMoveForm(request.POST, prefix="move", units=others)
            call = lambda data: services.unit_move(  # noqa: E731
                unit=unit, new_parent=data["parent"], on=data["on"], actor=request.user
            )
            done = _("«%(name)s» er flyttet.")
        else:
            messages.error(request, _("Ukjent handling."))
            return redirect("insight:unit", unit_id=unit.pk)
        if form.is_valid():
            try:
                call(form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                unit.refresh_from_db()
                messages.success(request, done % {"name": unit.name})
                return redirect("insight:unit", unit_id=unit.pk)
    return render(
        request,
        "insight/unit.html",
        {
            "unit": unit,
            "forms": forms,
            "may_edit": may_edit_organisation(request.user),
            "kinds": dict(UnitKind.choices),
        },
    )
