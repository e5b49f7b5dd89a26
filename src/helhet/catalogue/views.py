"""Staff pages of the catalogue: services with thresholds in plain words, the care ladder, rule versions."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access import roles
from helhet.access.policy import may_edit_catalogue
from helhet.catalogue import selectors, services
from helhet.catalogue.forms import (
    AssessmentTryForm,
    CareLevelAddForm,
    CareLevelForm,
    LegalRegimeVersionForm,
    ThresholdForm,
)
from helhet.catalogue.models import CareLevel, LegalRegime, Service
from helhet.catalogue.thresholds import describe, suggest_services
from helhet.core.calendar import local_today
from helhet.core.errors import ConflictError


def _staff(request):
    if request.user.municipality_id is None or not roles.roles_of(request.user):
        raise PermissionDenied


@login_required
def index(request):
    _staff(request)
    municipality = request.user.municipality
    views = selectors.services(
        municipality, on=local_today(), query=request.GET.get("q", "")[:100], active_only=False
    )
    return render(
        request,
        "catalogue/index.html",
        {
            "by_level": selectors.by_care_level(views, selectors.care_ladder(municipality)),
            "ladder": selectors.care_ladder(municipality),
            "may_edit": may_edit_catalogue(request.user),
            "is_admin": roles.ADMIN in roles.roles_of(request.user),
            "query": request.GET.get("q", "")[:100],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def ladder(request):
    if not may_edit_catalogue(request.user):
        raise PermissionDenied(_("Bare ledere og administratorer kan endre omsorgstrappen."))
    municipality = request.user.municipality
    add_form = CareLevelAddForm(request.POST if "add" in request.POST else None)
    if request.method == "POST":
        try:
            if "add" in request.POST and add_form.is_valid():
                services.care_level_add(
                    acting_user=request.user, municipality=municipality, **add_form.cleaned_data
                )
                messages.success(request, _("Trinnet er lagt til."))
                return redirect("catalogue:ladder")
            if "rename" in request.POST:
                level = get_object_or_404(CareLevel, pk=request.POST["rename"], municipality=municipality)
                form = CareLevelForm(request.POST, prefix=f"level{level.pk}")
                if form.is_valid():
                    services.care_level_rename(
                        acting_user=request.user,
                        level=level,
                        name=form.cleaned_data["name"],
                        description=form.cleaned_data["description"],
                        expected_version=form.cleaned_data["version"] or 0,
                    )
                    messages.success(request, _("Trinnet er endret."))
                else:
                    messages.error(request, _("Navnet må fylles ut (høyst 100 tegn)."))
                return redirect("catalogue:ladder")
        except ConflictError as error:
            messages.error(request, error.message)
            return redirect("catalogue:ladder")
        except ValidationError as error:
            add_form.add_service_errors(error)
    levels = selectors.care_ladder(municipality)
    forms = [
        (
            level,
            CareLevelForm(
                prefix=f"level{level.pk}",
                initial={"name": level.name, "description": level.description, "version": level.version},
            ),
        )
        for level in reversed(levels)
    ]
    return render(
        request, "catalogue/ladder.html", {"forms": forms, "add_form": add_form, "top": len(levels) - 1}
    )


@login_required
@require_POST
def ladder_move(request, level_id: int):
    if not may_edit_catalogue(request.user):
        raise PermissionDenied
    level = get_object_or_404(CareLevel, pk=level_id, municipality=request.user.municipality)
    try:
        services.care_level_move(
            acting_user=request.user, level=level, up=request.POST.get("direction") == "up"
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("catalogue:ladder")


@login_required
@require_http_methods(["GET", "POST"])
def thresholds(request, service_id: int):
    _staff(request)
    service = get_object_or_404(Service, pk=service_id, municipality=request.user.municipality)
    rights = selectors.threshold_rights(request.user, service, on=local_today())
    rules = list(service.threshold_rules.select_related("team").order_by("team__name", "-valid_from"))
    current = next((rule for rule in rules if rule.team_id is None), rules[0] if rules else None)
    form = ThresholdForm(
        request.POST or None,
        teams=rights.teams,
        service_wide=rights.service_wide,
        initial={
            "valid_from": local_today(),
            "criteria": json.dumps(current.criteria, ensure_ascii=False, indent=2)
            if current
            else '{"any": [], "min_any": 1}',
        },
    )
    if request.method == "POST":
        if not rights.any:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.threshold_rule_set(acting_user=request.user, service=service, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Ny versjon av terskelverdien er lagret."))
                return redirect("catalogue:thresholds", service_id=service.pk)
    history = [(rule, rule.plain_text or describe(rule.criteria)) for rule in rules]
    return render(
        request,
        "catalogue/thresholds.html",
        {"service": service, "history": history, "form": form, "may_edit": rights.any, "rights": rights},
    )


@login_required
def try_thresholds(request):
    _staff(request)
    form = AssessmentTryForm(request.GET or None)
    suggestions = None
    if request.GET and form.is_valid():
        suggestions = suggest_services(request.user.municipality, form.facts(), on=local_today())
    return render(request, "catalogue/try.html", {"form": form, "suggestions": suggestions})


@login_required
def legal_regimes(request):
    _staff(request)
    return render(
        request,
        "catalogue/legal_regimes.html",
        {"regimes": selectors.legal_regimes(request.user.municipality, on=local_today())},
    )


@login_required
@require_http_methods(["GET", "POST"])
def legal_regime(request, regime_id: int):
    _staff(request)
    regime = get_object_or_404(LegalRegime, pk=regime_id, municipality=request.user.municipality)
    may_edit = services.may_edit_legal_regimes(request.user)
    versions = list(regime.versions.order_by("-valid_from"))
    form = None
    if may_edit:
        initial = LegalRegimeVersionForm.initial_from(versions[0]) if versions else {}
        form = LegalRegimeVersionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.legal_regime_version_add(
                    acting_user=request.user, regime=regime, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Ny versjon av rettsregimet er lagret."))
                return redirect("catalogue:legal_regime", regime_id=regime.pk)
    return render(
        request,
        "catalogue/legal_regime.html",
        {"regime": regime, "versions": versions, "form": form, "today": local_today()},
    )
