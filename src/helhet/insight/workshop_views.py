"""Workshop priorities (domain.md §0 C): the facilitator's pages, results by Borda count, a printable report.

The facilitator (a leader or the admin) enters everything on the groups' behalf: at a workshop the groups
work on paper or a flip chart in the room, many members (elected politicians, union and user
representatives) have no Helhet account, and one person typing keeps the themes and the list of themes
ranked the same for every group. Anyone who may read the organisation may read the results.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access.policy import may_edit_organisation, may_view_organisation
from helhet.core.calendar import local_today, within_supported_range
from helhet.core.plots import draw
from helhet.organisation import services
from helhet.organisation.borda import points_text
from helhet.organisation.models import Consideration, Workshop, WorkshopGroup, WorkshopPhase
from helhet.organisation.selectors import workshop_results


def _reader(request) -> None:
    if not may_view_organisation(request.user):
        raise PermissionDenied(_("Rollen din gir ikke tilgang til organisasjonsoversikten."))


def _facilitator(request) -> None:
    if not may_edit_organisation(request.user):
        raise PermissionDenied(_("Bare ledere og administratorer kan lede et verksted."))


def _workshop(request, workshop_id: int) -> Workshop:
    return get_object_or_404(Workshop, pk=workshop_id, municipality=request.user.municipality)


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


@login_required
@require_http_methods(["GET", "POST"])
def workshop_list(request):
    _reader(request)
    values = {"title": "", "question": "", "held_on": local_today().isoformat()}
    errors: list[str] = []
    if request.method == "POST":
        _facilitator(request)
        values = {key: request.POST.get(key, "")[:5000] for key in values}
        try:
            held_on = datetime.date.fromisoformat(values["held_on"])
        except ValueError:
            errors.append(_("Skriv datoen som ÅÅÅÅ-MM-DD."))
        else:
            if not within_supported_range(held_on):
                errors.append(_("Datoen må være mellom 01.01.1900 og 31.12.2100."))
        if not errors:
            try:
                workshop = services.workshop_create(
                    municipality=request.user.municipality,
                    title=values["title"],
                    question=values["question"],
                    held_on=held_on,
                    actor=request.user,
                )
            except ValidationError as error:
                errors.extend(error.messages)
            else:
                messages.success(
                    request, _("Verkstedet «%(title)s» er opprettet.") % {"title": workshop.title}
                )
                return redirect("insight:workshop", workshop_id=workshop.pk)
    workshops = Workshop.objects.filter(municipality=request.user.municipality)
    return render(
        request,
        "insight/workshop_list.html",
        {
            "workshops": workshops,
            "values": values,
            "errors": errors,
            "may_edit": may_edit_organisation(request.user),
        },
        status=400 if errors else 200,
    )


@login_required
def workshop(request, workshop_id: int):
    _reader(request)
    current = _workshop(request, workshop_id)
    results = workshop_results(current)
    themes = sorted((r.theme for r in results.themes), key=lambda t: t.name)
    return render(
        request,
        "insight/workshop.html",
        {
            "workshop": current,
            "results": results,
            "themes": themes,
            "ranking_forms": [
                (group, [(theme, results.places[group.pk].get(theme.pk)) for theme in themes])
                for group in results.groups
            ],
            "may_edit": may_edit_organisation(request.user),
            "phases": WorkshopPhase,
            "unthemed": [c for c in results.considerations if c.theme_id is None],
        },
    )


@login_required
@require_POST
def workshop_group_add(request, workshop_id: int):
    _facilitator(request)
    current = _workshop(request, workshop_id)
    try:
        group = services.workshop_group_add(
            workshop=current, name=request.POST.get("name", "")[:5000], actor=request.user
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Gruppen «%(name)s» er lagt til.") % {"name": group.name})
    return redirect("insight:workshop", workshop_id=current.pk)


@login_required
@require_POST
def consideration_add(request, workshop_id: int):
    _facilitator(request)
    current = _workshop(request, workshop_id)
    group = WorkshopGroup.objects.filter(workshop=current, pk=_int(request.POST.get("group")) or 0).first()
    if group is None:
        messages.error(request, _("Velg gruppen som skrev hensynet."))
        return redirect("insight:workshop", workshop_id=current.pk)
    try:
        services.consideration_add(group=group, text=request.POST.get("text", "")[:5000], actor=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Hensynet fra %(group)s er lagret.") % {"group": group.name})
    return redirect(f"{_url(current)}#hensyn")


@login_required
@require_POST
def consideration_remove(request, workshop_id: int, consideration_id: int):
    _facilitator(request)
    current = _workshop(request, workshop_id)
    consideration = get_object_or_404(Consideration, pk=consideration_id, workshop=current)
    try:
        services.consideration_remove(consideration=consideration, actor=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Hensynet er fjernet."))
    return redirect(f"{_url(current)}#hensyn")


@login_required
@require_POST
def theme_create(request, workshop_id: int):
    _facilitator(request)
    current = _workshop(request, workshop_id)
    try:
        theme = services.workshop_theme_create(
            workshop=current, name=request.POST.get("name", "")[:5000], actor=request.user
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Temaet «%(name)s» er laget.") % {"name": theme.name})
    return redirect(f"{_url(current)}#temaer")


@login_required
@require_POST
def considerations_group(request, workshop_id: int):
    _facilitator(request)
    current = _workshop(request, workshop_id)
    themes: dict[int, int | None] = {}
    for key, value in request.POST.items():
        if key.startswith("theme_"):
            consideration_id = _int(key.removeprefix("theme_"))
            theme_id = _int(value) if value else None
            if consideration_id is None or (value and theme_id is None):
                messages.error(request, _("Hensynet eller temaet finnes ikke i dette verkstedet."))
                return redirect(f"{_url(current)}#temaer")
            themes[consideration_id] = theme_id
    try:
        changed = services.considerations_group(workshop=current, themes=themes, actor=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Tematiseringen er lagret (%(n)d endret).") % {"n": changed})
    return redirect(f"{_url(current)}#temaer")


@login_required
@require_POST
def workshop_phase(request, workshop_id: int):
    _facilitator(request)
    current = _workshop(request, workshop_id)
    phase = request.POST.get("phase", "")
    if phase not in WorkshopPhase.values:
        messages.error(request, _("Ukjent fase."))
        return redirect("insight:workshop", workshop_id=current.pk)
    try:
        services.workshop_phase_set(
            workshop=current,
            phase=phase,
            actor=request.user,
            close_without_all_rankings=request.POST.get("close_anyway") == "on",
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request, _("Verkstedet er nå i fasen «%(phase)s».") % {"phase": WorkshopPhase(phase).label}
        )
    return redirect("insight:workshop", workshop_id=current.pk)


@login_required
@require_POST
def group_ranking(request, workshop_id: int, group_id: int):
    _facilitator(request)
    current = _workshop(request, workshop_id)
    group = get_object_or_404(WorkshopGroup, pk=group_id, workshop=current)
    places: dict[int, int | None] = {}
    for key, value in request.POST.items():
        if not key.startswith("place_"):
            continue
        theme_id = _int(key.removeprefix("place_"))
        value = value.strip()
        place = _int(value) if value else None
        if theme_id is None or (value and place is None):
            messages.error(
                request,
                _("Plassen må være et helt tall; ingenting er lagret for %(group)s.") % {"group": group.name},
            )
            return redirect(f"{_url(current)}#rangering")
        places[theme_id] = place
    try:
        services.group_ranking_save(group=group, places=places, actor=request.user)
    except ValidationError as error:
        messages.error(
            request,
            _("%(group)s: %(error)s Ingenting er lagret.")
            % {"group": group.name, "error": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("Rangeringen til %(group)s er lagret.") % {"group": group.name})
    return redirect(f"{_url(current)}#rangering")


def _plot(results) -> str:
    themes = list(reversed(results.themes))
    labels = [f"{r.total.rank}. {r.theme.name[:40]}" for r in themes]
    values = [float(r.total.points) for r in themes]

    def build(fig) -> None:
        ax = fig.add_subplot()
        ax.barh(labels, values)
        ax.set_xlabel(_("Borda-poeng, alle grupper"))
        ax.grid(axis="x")
        ax.grid(axis="y", visible=False)

    top = results.themes[0] if results.themes else None
    description = (
        _("Stolpediagram over temaenes samlede Borda-poeng. Høyest: %(theme)s med %(points)s poeng.")
        % {"theme": top.theme.name, "points": points_text(top.total.points)}
        if top
        else _("Ingen temaer ennå.")
    )
    return draw(
        build,
        title=_("Temaenes prioritet i verkstedet «%(title)s»") % {"title": results.workshop.title},
        description=description,
        height=max(2.0, 0.45 * len(themes) + 1.0),
    )


def _results_context(request, workshop_id: int) -> dict:
    _reader(request)
    current = _workshop(request, workshop_id)
    results = workshop_results(current)
    total_rows = [
        {
            "rank": r.total.rank,
            "tied": r.total.tied,
            "theme": r.theme,
            "points": points_text(r.total.points),
            "groups": [points_text(s.points) for s in r.by_group if s],
            "considerations": r.considerations,
        }
        for r in results.themes
    ]
    group_tables = []
    for index, group in enumerate(results.groups):
        if group in results.unranked_groups:
            continue
        rows = sorted(
            (
                {
                    "rank": r.by_group[index].rank,
                    "tied": r.by_group[index].tied,
                    "theme": r.theme,
                    "points": points_text(r.by_group[index].points),
                    "place": results.places[group.pk].get(r.theme.pk),
                }
                for r in results.themes
            ),
            key=lambda row: (row["rank"], row["theme"].name),
        )
        group_tables.append((group, rows))
    return {
        "workshop": current,
        "results": results,
        "plot": _plot(results) if results.themes else "",
        "total_rows": total_rows,
        "group_tables": group_tables,
        "ranked_groups": [g for g in results.groups if g not in results.unranked_groups],
        "unthemed": [c for c in results.considerations if c.theme_id is None],
    }


@login_required
def workshop_results_page(request, workshop_id: int):
    return render(request, "insight/workshop_results.html", _results_context(request, workshop_id))


@login_required
def workshop_report(request, workshop_id: int):
    return render(request, "insight/workshop_report.html", _results_context(request, workshop_id))


def _int(raw) -> int | None:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if 0 <= value < 2**31 else None


def _url(workshop: Workshop) -> str:
    from django.urls import reverse

    return reverse("insight:workshop", kwargs={"workshop_id": workshop.pk})
