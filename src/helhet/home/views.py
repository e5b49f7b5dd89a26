import datetime
from typing import Any

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.access.shown import persons_shown
from helhet.care import selectors as care
from helhet.core.calendar import local_today
from helhet.core.disclosure import shown
from helhet.home import days, selectors

YEAR = datetime.timedelta(days=365)


@login_required
def home(request):
    """The start page of the user's main role."""
    user = request.user
    role = roles.primary_role(user)
    context: dict[str, Any] = {"role": role, "role_label": roles.LABELS.get(role, "") if role else ""}
    if user.municipality is None or role is None:
        return render(request, "home/no_role.html", context)
    today = local_today()
    if role == roles.RECEPTION:
        context["day"] = days.reception_day(user, today=today)
        context["recent"] = selectors.recently_read_persons(user)
    elif role == roles.CASE_WORKER:
        context["own_cases"] = days.case_worker_day(user, today=today)
        context["recent"] = selectors.recently_read_persons(user)
    elif role in roles.BY_RESPONSIBILITY:
        if role == roles.PROVIDER:
            context["visits"] = days.provider_day(user, today=today)
        elif role == roles.LEADER:
            context["day"] = days.leader_day(user, today=today)
        else:
            context["day"] = days.coordinator_day(user, today=today)
        context["units"] = selectors.my_units(user)
        context["caseload"] = selectors.caseload_count(user)
        context["actions"] = list(care.open_actions(user)[:10])
        persons_shown(
            user,
            [action.meeting.person for action in context["actions"]],
            what=_("Startside: avtalt oppfølging fra møter"),
            reason=_("Enheten eier oppfølgingen"),
        )
        context["is_coordinator"] = roles.has_any_role(user, (roles.COORDINATOR,))
    elif role == roles.ANALYST:
        # Every count an analyst sees goes through core.disclosure: 1–4 shows as «færre enn 5».
        context.update(selectors.analyst_figures(user.municipality, today))
        context["deviations"] = [
            {**row, **{key: shown(row[key]) for key in ("total", "high", "not_done", "open")}}
            for row in care.deviation_statistics(user.municipality_id, since=local_today() - YEAR)
        ]
    elif role == roles.ADMIN:
        context["overview"] = selectors.municipality_overview(user.municipality)
    template = role
    return render(request, f"home/{template}.html", context)
