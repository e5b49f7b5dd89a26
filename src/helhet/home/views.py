import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from helhet.access import roles
from helhet.care import selectors as care
from helhet.casework.selectors import handoff_statistics
from helhet.core.calendar import local_today
from helhet.core.disclosure import shown
from helhet.home import selectors

YEAR = datetime.timedelta(days=365)


@login_required
def home(request):
    """The start page of the user's main role."""
    user = request.user
    role = roles.primary_role(user)
    context: dict[str, Any] = {"role": role, "role_label": roles.LABELS.get(role, "") if role else ""}
    if user.municipality is None or role is None:
        return render(request, "home/no_role.html", context)
    if role in (roles.RECEPTION, roles.CASE_WORKER):
        context["recent"] = selectors.recently_read_persons(user)
    elif role in roles.BY_RESPONSIBILITY:
        context["units"] = selectors.my_units(user)
        context["caseload"] = selectors.caseload_count(user)
        context["actions"] = list(care.open_actions(user)[:10])
        context["is_coordinator"] = roles.has_any_role(user, (roles.COORDINATOR,))
    elif role == roles.ANALYST:
        # Every count an analyst sees goes through core.disclosure: 1–4 shows as «færre enn 5».
        context["population"] = selectors.population_for_analysts(user.municipality)
        context["handoffs"] = {k: shown(v) for k, v in handoff_statistics(user.municipality).items()}
        context["deviations"] = [
            {**row, **{key: shown(row[key]) for key in ("total", "high", "not_done", "open")}}
            for row in care.deviation_statistics(user.municipality_id, since=local_today() - YEAR)
        ]
    elif role == roles.ADMIN:
        context["overview"] = selectors.municipality_overview(user.municipality)
    template = "caseload" if role in roles.BY_RESPONSIBILITY else role
    return render(request, f"home/{template}.html", context)
