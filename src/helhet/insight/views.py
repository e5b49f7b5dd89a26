"""Organisation analytics pages. Thin: parse the date, call the organisation selectors, render."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access import roles
from helhet.access.policy import may_edit_organisation, may_view_organisation
from helhet.core.calendar import local_today
from helhet.core.charts import bar_chart
from helhet.core.errors import ConflictError
from helhet.core.exports import export_for, export_request
from helhet.core.models import ExportStatus
from helhet.core.services import municipality_span_limit_set
from helhet.insight import exports
from helhet.insight.dates import date_param
from helhet.insight.forms import AliasForm, CollaborationImportForm
from helhet.insight.tasks import make_export
from helhet.organisation import services
from helhet.organisation.chart import chart_on, leader_levels, spans, units_without_leader
from helhet.organisation.chart_layout import chart_picture, compare
from helhet.organisation.collaboration import collaboration_map
from helhet.organisation.imports import pending_import_create
from helhet.organisation.models import Frequency, Unit


def _reader(request):
    if not may_view_organisation(request.user):
        raise PermissionDenied(_("Rollen din gir ikke tilgang til organisasjonsoversikten."))


def _chart_context(municipality, day) -> dict:
    organisation = chart_on(municipality, day)
    return {"chart": organisation, "picture": chart_picture(organisation, municipality.span_of_control_limit)}


@login_required
def chart(request):
    _reader(request)
    day, error = date_param(request.GET.get("dato"))
    context = {
        **_chart_context(request.user.municipality, day),
        "day": day,
        "errors": [error] if error else [],
        "today": local_today(),
        "limit": request.user.municipality.span_of_control_limit,
    }
    if request.GET.get("mot"):
        other_day, other_error = date_param(request.GET.get("mot"))
        if other_error:
            context["errors"].append(other_error)
        other = _chart_context(request.user.municipality, other_day)
        context.update(
            other_day=other_day,
            other_chart=other["chart"],
            other_picture=other["picture"],
            comparison=compare(context["chart"], other["chart"]),
        )
    return render(request, "insight/chart.html", context)


@login_required
def chart_pdf(request):
    _reader(request)
    from weasyprint import HTML

    day, _error = date_param(request.GET.get("dato"))
    html = render_to_string(
        "insight/chart_print.html",
        {
            **_chart_context(request.user.municipality, day),
            "day": day,
            "municipality": request.user.municipality,
        },
        request=request,
    )
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="organisasjonskart-{day.isoformat()}.pdf"'
    return response


def _span_limit(request) -> tuple[int, str | None]:
    default = request.user.municipality.span_of_control_limit
    raw = request.GET.get("maks")
    if not raw:
        return default, None
    try:
        value = int(raw)
    except ValueError:
        return default, _("Grensen må være et helt tall; bruker %(default)d.") % {"default": default}
    if not 1 <= value <= 1000:
        return default, _("Grensen må være mellom 1 og 1000; bruker %(default)d.") % {"default": default}
    return value, None


def _span_chart(all_spans, limit: int):
    """The leaders with the most direct reports, against the limit (the table below has them all)."""
    rows = [(f"{s.leader}, {s.unit.name}", s.direct_heads, str(s.direct_heads)) for s in all_spans[:15]]
    return bar_chart(
        _("Direkte underordnede per leder, de 15 med flest"),
        _("Direkte underordnede"),
        rows,
        limit=limit,
        limit_text=_("Den stiplede linjen er grensen på %(n)d; oransje søyler er over den.") % {"n": limit},
    )


@login_required
def span(request):
    _reader(request)
    day, date_error = date_param(request.GET.get("dato"))
    limit, limit_error = _span_limit(request)
    organisation = chart_on(request.user.municipality, day)
    all_spans = sorted(spans(organisation), key=lambda s: (-s.direct_heads, s.unit.name))
    return render(
        request,
        "insight/span.html",
        {
            "day": day,
            "limit": limit,
            "errors": [e for e in (date_error, limit_error) if e],
            "spans": all_spans,
            "span_chart": _span_chart(all_spans, limit),
            "over": [s for s in all_spans if s.direct_heads > limit],
            "levels": leader_levels(organisation),
            "leaderless": units_without_leader(organisation),
            "is_admin": roles.has_any_role(request.user, (roles.ADMIN,)),
            "municipality": request.user.municipality,
        },
    )


@login_required
@require_POST
def span_limit_save(request):
    """The municipal admin saves the span-of-control limit for the municipality."""
    if not roles.has_any_role(request.user, (roles.ADMIN,)):
        raise PermissionDenied(_("Bare kommunens administrator kan endre grensen."))
    municipality = request.user.municipality
    try:
        municipality_span_limit_set(
            municipality=municipality,
            limit=int(request.POST.get("maks", "")),
            expected_version=int(request.POST.get("version", "0")),
            actor=request.user,
        )
    except ValueError:
        messages.error(request, _("Grensen må være et helt tall."))
    except ConflictError as error:
        messages.error(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Kommunens grense for lederspenn er nå %(n)d.") % {"n": municipality.span_of_control_limit},
        )
    return redirect("insight:span")


@login_required
def collaboration(request):
    _reader(request)
    nodes, edges, links = collaboration_map(request.user.municipality)
    return render(
        request,
        "insight/collaboration.html",
        {
            "nodes": nodes,
            "edges": edges,
            "links": links,
            "frequencies": Frequency,
            "may_edit": may_edit_organisation(request.user),
        },
    )


def _units(municipality):
    return Unit.objects.valid_on(local_today()).filter(municipality=municipality).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def collaboration_upload(request):
    """Upload once: the list is kept as a pending import, where each unknown name gets one decision."""
    if not may_edit_organisation(request.user):
        raise PermissionDenied(_("Bare ledere og administratorer kan importere samarbeidsrelasjoner."))
    municipality = request.user.municipality
    form = CollaborationImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            pending = pending_import_create(
                municipality=municipality,
                csv_text=form.text(),
                source=form.cleaned_data["source"],
                on=local_today(),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect("insight:pending_import", import_id=pending.pk)
    return render(request, "insight/collaboration_import.html", {"form": form})


@login_required
@require_POST
def alias_save(request):
    if not may_edit_organisation(request.user):
        raise PermissionDenied
    municipality = request.user.municipality
    form = AliasForm(request.POST, units=_units(municipality))
    if form.is_valid():
        try:
            services.unit_alias_save(
                municipality=municipality,
                alias=form.cleaned_data["alias"],
                unit=form.cleaned_data["unit"],
                actor=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("«%(alias)s» er nå knyttet til %(unit)s.")
                % {"alias": form.cleaned_data["alias"], "unit": form.cleaned_data["unit"]},
            )
    else:
        messages.error(request, _("Velg en enhet for navnet."))
    return redirect("insight:aliases")


@login_required
@require_POST
def export_order(request):
    """Order an org-chart PDF or a span-of-control CSV for a date; a background job makes it."""
    _reader(request)
    kind = request.POST.get("kind", "")
    if kind not in exports.KINDS:
        messages.error(request, _("Ukjent eksport."))
        return redirect("insight:chart")
    day, error = date_param(request.POST.get("dato"))
    if error:
        messages.error(request, error)
        return redirect("insight:chart")
    export = export_request(
        user=request.user,
        kind=kind,
        title=exports.title_of(kind, day),
        params={"date": day.isoformat()},
        task=make_export,
    )
    return redirect("insight:export", export_id=export.pk)


@login_required
def export_status(request, export_id: int):
    _reader(request)
    export = export_for(request.user, export_id)
    if export is None:
        raise Http404
    return render(
        request, "insight/export.html", {"export": export, "export_hours": settings.HELHET_EXPORT_HOURS}
    )


@login_required
def export_file(request, export_id: int):
    _reader(request)
    export = export_for(request.user, export_id)
    if export is None or export.status != ExportStatus.READY:
        raise Http404
    response = HttpResponse(bytes(export.content), content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
