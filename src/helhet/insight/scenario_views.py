"""Reorganisation scenario pages: list and copy, edit the draft, compare with today, publish.

Thin: parse, call the organisation scenario services or the comparison, render; every POST redirects."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access.policy import may_edit_organisation, may_view_organisation
from helhet.core.calendar import local_today
from helhet.core.confirm import Ask, refuse_unconfirmed
from helhet.core.plots import draw
from helhet.insight.scenario_compare import compare
from helhet.organisation import scenario_services as scenarios
from helhet.organisation.models import Staff, UnitKind
from helhet.organisation.scenario_models import Scenario, ScenarioPlacement, ScenarioUnit
from helhet.organisation.scenario_selectors import (
    draft_chart,
    scenario_for,
    scenario_list,
    scenario_placements,
    scenario_units,
)


def _reader(request) -> None:
    if not may_view_organisation(request.user):
        raise PermissionDenied(_("Rollen din gir ikke tilgang til organisasjonsoversikten."))


def _editor(request) -> None:
    if not may_edit_organisation(request.user):
        raise PermissionDenied(_("Bare ledere og administratorer kan endre scenarier."))


def _scenario(request, scenario_id: int) -> Scenario:
    scenario = scenario_for(request.user.municipality, scenario_id)
    if scenario is None:
        raise Http404
    return scenario


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


@login_required
@require_http_methods(["GET", "POST"])
def scenario_index(request):
    _reader(request)
    if request.method == "POST":
        _editor(request)
        try:
            scenario = scenarios.scenario_create(
                municipality=request.user.municipality, name=request.POST.get("name", ""), actor=request.user
            )
        except ValidationError as error:
            messages.error(request, _errors(error))
            return redirect("insight:scenarios")
        messages.success(
            request, _("Scenarioet «%(name)s» er en kopi av organisasjonen i dag.") % {"name": scenario}
        )
        return redirect("insight:scenario", scenario_id=scenario.pk)
    return render(
        request,
        "insight/scenario_list.html",
        {
            "scenarios": list(scenario_list(request.user.municipality)),
            "may_edit": may_edit_organisation(request.user),
        },
    )


def _leader_choices(placements, units) -> list[Staff]:
    found = {p.staff.pk: p.staff for p in placements}
    for unit in units:
        if unit.leader is not None:
            found.setdefault(unit.leader.pk, unit.leader)
    return sorted(found.values(), key=lambda s: (s.last_name, s.first_name, s.pk))


@login_required
def scenario_detail(request, scenario_id: int):
    _reader(request)
    scenario = _scenario(request, scenario_id)
    units = scenario_units(scenario)
    placements = scenario_placements(scenario)
    chart = draft_chart(scenario, local_today(), units, placements)
    by_id = {unit.pk: unit for unit in units}
    rows = [(node, by_id[node.unit.pk]) for node in chart.walk()]
    unit_names = {unit.pk: unit.name for unit in units}
    return render(
        request,
        "insight/scenario_detail.html",
        {
            "scenario": scenario,
            "rows": rows,
            "active_units": [unit for _node, unit in rows],
            "placements": [(p, unit_names.get(p.unit_id, "")) for p in placements],
            "leaders": _leader_choices(placements, units),
            "kinds": UnitKind.choices,
            "may_edit": may_edit_organisation(request.user) and scenario.is_draft,
            "today": local_today(),
        },
    )


def _int(raw) -> int | None:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return None
    return value if 0 < value < 2**31 else None


def _maybe_unit(scenario: Scenario, raw, field: str) -> ScenarioUnit | None:
    """The chosen draft unit, None when nothing was chosen; an unknown id is refused."""
    if not raw:
        return None
    return _unit(scenario, raw, field)


def _unit(scenario: Scenario, raw, field: str) -> ScenarioUnit:
    pk = _int(raw)
    unit = ScenarioUnit.objects.filter(scenario=scenario, pk=pk).first() if pk else None
    if unit is None:
        raise ValidationError({field: _("Velg en enhet i scenarioet.")})
    return unit


def _maybe_staff(scenario: Scenario, raw) -> Staff | None:
    if not raw:
        return None
    return _staff(scenario, raw)


def _staff(scenario: Scenario, raw) -> Staff:
    pk = _int(raw)
    staff = Staff.objects.filter(municipality_id=scenario.municipality_id, pk=pk).first() if pk else None
    if staff is None:
        raise ValidationError({"leader": _("Velg en leder blant kommunens ansatte.")})
    return staff


@login_required
@require_POST
def scenario_edit(request, scenario_id: int):
    _editor(request)
    scenario = _scenario(request, scenario_id)
    post = request.POST
    operation = post.get("operation", "")
    version = _int(post.get("version"))
    try:
        if operation == "merge":
            ids = [pk for pk in (_int(raw) for raw in post.getlist("units")) if pk]
            merged = scenarios.scenario_units_merge(
                scenario=scenario,
                units=list(ScenarioUnit.objects.filter(scenario=scenario, pk__in=ids)),
                name=post.get("name", ""),
                kind=post.get("kind", ""),
                parent=_maybe_unit(scenario, post.get("parent"), "parent"),
                leader=_maybe_staff(scenario, post.get("leader")),
                actor=request.user,
                expected_version=version,
            )
            done = _("Enhetene er slått sammen til %(unit)s i scenarioet.") % {"unit": merged}
            if merged.leader_id is None:
                done += " " + _(
                    "Den nye enheten har ingen egen leder: de ansatte får lederen over den. Velg en leder "
                    "under «Bytt leder» før du publiserer, eller se sammenligningen."
                )
        elif operation == "split":
            ids = [pk for pk in (_int(raw) for raw in post.getlist("placements")) if pk]
            new = scenarios.scenario_unit_split(
                scenario=scenario,
                unit=_unit(scenario, post.get("unit"), "unit"),
                name=post.get("name", ""),
                placements=list(ScenarioPlacement.objects.filter(scenario=scenario, pk__in=ids)),
                leader=_maybe_staff(scenario, post.get("leader")),
                actor=request.user,
                expected_version=version,
            )
            done = _("%(unit)s er skilt ut som egen enhet i scenarioet.") % {"unit": new}
        elif operation == "move":
            moved = scenarios.scenario_unit_move(
                scenario=scenario,
                unit=_unit(scenario, post.get("unit"), "unit"),
                new_parent=_unit(scenario, post.get("parent"), "parent"),
                actor=request.user,
                expected_version=version,
            )
            done = _("%(unit)s er flyttet i scenarioet.") % {"unit": moved}
        elif operation == "leader":
            led = scenarios.scenario_leader_set(
                scenario=scenario,
                unit=_unit(scenario, post.get("unit"), "unit"),
                staff=_staff(scenario, post.get("leader")),
                actor=request.user,
                expected_version=version,
            )
            done = _("%(unit)s har fått ny leder i scenarioet.") % {"unit": led}
        elif operation == "staff":
            pk = _int(post.get("placement"))
            placement = ScenarioPlacement.objects.filter(scenario=scenario, pk=pk).first() if pk else None
            if placement is None:
                raise ValidationError({"placement": _("Velg en ansatt i scenarioet.")})
            scenarios.scenario_staff_move(
                scenario=scenario,
                placement=placement,
                to_unit=_unit(scenario, post.get("unit"), "unit"),
                actor=request.user,
                expected_version=version,
            )
            done = _("Den ansatte er flyttet i scenarioet.")
        else:
            raise ValidationError(_("Ukjent endring."))
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, done)
    return redirect("insight:scenario", scenario_id=scenario.pk)


def _plot(result):
    labels = [_("Enheter"), _("Ledernivåer"), _("Over grensen")]
    today = [result.today.units, result.today.levels, len(result.today.over)]
    draft = [result.scenario.units, result.scenario.levels, len(result.scenario.over)]

    def build(fig):
        ax = fig.add_subplot()
        positions = range(len(labels))
        ax.bar([x - 0.2 for x in positions], today, width=0.4, label=_("I dag"))
        ax.bar([x + 0.2 for x in positions], draft, width=0.4, label=_("Scenario"))
        ax.set_xticks(list(positions), labels)
        ax.legend()

    return draw(
        build,
        title=_("Dagens organisasjon og scenarioet"),
        description=_(
            "Antall enheter, ledernivåer og ledere over grensen, i dag og i scenarioet; tallene står i tabellen under."
        ),
        width=6,
        height=2.8,
    )


@login_required
def scenario_compare(request, scenario_id: int):
    _reader(request)
    scenario = _scenario(request, scenario_id)
    result = compare(scenario, local_today())
    return render(
        request,
        "insight/scenario_compare.html",
        {
            "scenario": scenario,
            "result": result,
            "plot": _plot(result),
            "may_publish": may_edit_organisation(request.user) and scenario.is_draft,
            "tomorrow": local_today() + datetime.timedelta(days=1),
        },
    )


@login_required
@require_POST
def scenario_publish(request, scenario_id: int):
    _editor(request)
    scenario = _scenario(request, scenario_id)
    back = reverse("insight:scenario_compare", kwargs={"scenario_id": scenario.pk})
    raw = request.POST.get("on", "")
    try:
        on = datetime.date.fromisoformat(raw)
    except ValueError:
        messages.error(request, _("Skriv datoen som ÅÅÅÅ-MM-DD."))
        return redirect(back)
    day_error = scenarios.publish_day_error(on, local_today())
    if day_error:
        messages.error(request, day_error)
        return redirect(back)
    step = refuse_unconfirmed(
        request,
        Ask(
            title=_("Publisere «%(name)s»?") % {"name": scenario},
            consequence=_(
                "Scenarioet blir organisasjonen fra %(day)s. Enheter, ledere og ansatte endres med historikk, "
                "og scenarioet kan ikke endres etterpå."
            )
            % {"day": on.strftime("%d.%m.%Y")},
            confirm_label=_("Ja, publiser"),
            cancel_url=back,
        ),
    )
    if step is not None:
        return step
    try:
        scenarios.scenario_publish(
            scenario=scenario, on=on, actor=request.user, expected_version=_int(request.POST.get("version"))
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect(back)
    messages.success(
        request, _("Scenarioet er publisert og gjelder fra %(day)s.") % {"day": on.strftime("%d.%m.%Y")}
    )
    return redirect(f"{reverse('insight:chart')}?dato={on.isoformat()}")
