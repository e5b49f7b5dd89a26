"""The capacity simulation page: a GET form for two scenarios, and their results side by side.

Running writes nothing, so the form is a GET: the address of a result can be shared and bookmarked.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from helhet.access.policy import may_simulate_capacity
from helhet.insight.simulation.forms import WEEKDAYS, RunForm, ScenarioForm, default_pair, period_default
from helhet.insight.simulation.model import simulate
from helhet.insight.simulation.parameters import DAYS, MAX_EXPECTED_ARRIVALS, MAX_WEEKS
from helhet.insight.simulation.report import comparison, fmt

RUN = "kjor"


@login_required
@require_GET
def simulation(request):
    if not may_simulate_capacity(request.user):
        raise PermissionDenied(_("Rollen din gir ikke tilgang til kapasitetssimuleringen."))
    data = request.GET if RUN in request.GET else None
    start, end = period_default()
    run_form = RunForm(data, initial={"period_from": start, "period_to": end})
    initial_a, initial_b = default_pair()
    forms = (
        ScenarioForm(data, prefix="a", initial=initial_a),
        ScenarioForm(data, prefix="b", initial=initial_b),
    )
    context = {
        "run_form": run_form,
        "scenario_forms": forms,
        "max_weeks": MAX_WEEKS,
        "max_arrivals": fmt(MAX_EXPECTED_ARRIVALS, 0),
    }
    if data is not None and run_form.is_valid() and all(form.is_valid() for form in forms):
        rates, counted = run_form.arrival_rates(request.user.municipality)
        if rates is not None:
            settings = run_form.settings()
            a, b = (simulate(form.scenario(), rates, settings) for form in forms)
            context.update(comparison(a, b, rates))
            context["settings"] = settings
            context["counted"] = counted
            context["arrivals_by_day"] = [
                (str(WEEKDAYS[d]), fmt(sum(rates[d]))) for d in range(DAYS) if sum(rates[d]) > 0
            ]
    context["has_errors"] = data is not None and (bool(run_form.errors) or any(form.errors for form in forms))
    return render(request, "insight/simulation.html", context)
