"""Thin views: parse, call a service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access.policy import (
    active_emergency_access,
    may_break_glass,
    may_call_meetings,
    may_read_access_log,
    may_register_persons,
    may_search_register,
    may_see_caseload,
    may_see_full_national_id,
)
from helhet.access.selectors import access_log_for_viewer, access_log_rows
from helhet.access.services import PersonNotVisible
from helhet.core.calendar import local_today
from helhet.core.confirm import Ask, refuse_unconfirmed
from helhet.core.errors import ConflictError
from helhet.people import access_log_csv, panels, selectors, services
from helhet.people import parent_rules as rules
from helhet.people.forms import (
    AccessLogPeriodForm,
    ParentInformationLimitForm,
    PersonForm,
    PersonSearchForm,
    RelativeForm,
)
from helhet.people.models import ParentInformationLimit, Relative


def _read(request, person_id: int, what: str):
    try:
        return selectors.person_detail(request.user, person_id, what=what)
    except PersonNotVisible:
        raise Http404 from None


@login_required
def person_list(request):
    form = PersonSearchForm(request.GET or None)
    query = request.GET.get("q", "").strip()
    context = {
        "form": form,
        "query": query,
        "may_register": may_register_persons(request.user),
        "may_break_glass": may_break_glass(request.user),
    }
    if may_search_register(request.user):
        context["searchable"] = True
        if query:
            try:
                context["page"] = selectors.person_search(
                    request.user, query=query[:100], page_number=request.GET.get("side")
                )
                context["query_string"] = f"q={query[:100]}"
            except selectors.SearchTooShort as error:
                context["search_error"] = str(error)
    elif may_see_caseload(request.user):
        context["page"] = selectors.person_caseload(request.user, page_number=request.GET.get("side"))
    else:
        raise PermissionDenied(_("Rollen din gir ikke tilgang til opplysninger om enkeltpersoner."))
    return render(request, "people/person_list.html", context)


def _page_shows() -> str:
    """What the person page shows with need-to-know, for the access log: the at-a-glance panels show the
    part of each the viewer may see."""
    return _(
        "Personside: personalia, pårørende og oversikt (saker, vedtak, tjenester, planer, møter, henvendelser "
        "og koordinator) etter tjenstlig behov"
    )


@login_required
def person_detail(request, person_id: int):
    try:
        read = selectors.person_detail(
            request.user,
            person_id,
            what=_page_shows(),
            emergency=True,
            # Under emergency access the page shows only personalia and relatives (no overview panels).
            emergency_what=_("Personside: personalia og pårørende"),
        )
    except PersonNotVisible:
        if not may_break_glass(request.user):
            raise Http404 from None
        # The same page whether the person exists or not; it offers emergency access (nødtilgang).
        return render(request, "people/no_access.html", {"person_id": person_id}, status=404)
    return _render_detail(request, read)


def _render_detail(request, read, *, full_national_id: bool = False):
    emergency = read.access.emergency
    today = local_today()
    age = read.person.age_on(today)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": read.person,
            "access": read.access,
            "full_national_id": full_national_id,
            "may_edit": may_register_persons(request.user),
            "may_see_full_id": may_see_full_national_id(request.user),
            "may_read_log": may_read_access_log(request.user),
            "may_take_in": may_register_persons(request.user),
            "may_plan": may_see_caseload(request.user) and not emergency,
            "may_meet": may_call_meetings(request.user) and not emergency,
            "emergency": active_emergency_access(request.user, read.person) if emergency else None,
            # Under emergency access only personalia and relatives: the rest needs need-to-know.
            "panels": [] if emergency else panels.panels_for(request.user, read.person),
            "relatives": selectors.relatives_with_status(read.person, today),
            "child_age": age if age < 16 else None,
            "limits": list(read.person.parent_information_limits.active().select_related("recorded_by"))
            if age < 18
            else [],
            "child_heard": age >= rules.HEARD_FROM_AGE,
            "citizen_changes": [] if emergency else selectors.citizen_changes_for(read.person),
        },
    )


@login_required
@require_POST
def person_national_id(request, person_id: int):
    """Reveal the full number on request (htmx); the reveal is logged as its own read."""
    if not may_see_full_national_id(request.user):
        raise Http404
    read = _read(request, person_id, _("Fullt fødselsnummer"))
    if request.htmx:
        return render(request, "people/_national_id.html", {"person": read.person})
    return _render_detail(request, read, full_national_id=True)


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request):
    if not may_register_persons(request.user):
        raise PermissionDenied
    municipality = request.user.municipality
    form = PersonForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_register(
                acting_user=request.user, municipality=municipality, **form.person_fields()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("%(name)s er registrert.") % {"name": person.full_name})
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/person_form.html", {"form": form, "creating": True})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request, person_id: int):
    if not may_register_persons(request.user):
        raise Http404
    full_id = may_see_full_national_id(request.user)
    what = _("Endre personalia (skjema med fullt fødselsnummer)") if full_id else _("Endre personalia")
    read = _read(request, person_id, what)
    person = read.person
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    if not full_id:
        initial.pop("national_id")
    initial["version"] = person.version
    form = PersonForm(
        request.POST or None,
        initial=initial,
        municipality=person.municipality,
        masked_national_id="" if full_id else person.masked_national_id,
    )
    if request.method == "POST" and form.is_valid():
        expected = form.cleaned_data.get("version") or 0
        try:
            services.person_update(
                acting_user=request.user, person=person, expected_version=expected, **form.person_fields()
            )
        except ConflictError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Endringene er lagret."))
            return redirect("people:detail", person_id=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def relative_create(request, person_id: int):
    if not may_register_persons(request.user):
        raise Http404
    read = _read(request, person_id, _("Legge til pårørende"))
    form = RelativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.relative_add(acting_user=request.user, person=read.person, **form.relative_fields())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Pårørende er lagt til."))
            return redirect("people:detail", person_id=read.person.pk)
    return render(request, "people/relative_form.html", {"form": form, "person": read.person})


@login_required
@require_http_methods(["GET", "POST"])
def relative_edit(request, person_id: int, relative_id: int):
    """Change a relative and their representation: scope, mandate, period and the representative's number."""
    if not may_register_persons(request.user):
        raise Http404
    full_id = may_see_full_national_id(request.user)
    read = _read(request, person_id, _("Endre pårørende og representasjon"))
    relative = get_object_or_404(Relative, pk=relative_id, person=read.person)
    initial = {name: getattr(relative, name) for name in services.RELATIVE_FIELDS}
    initial["version"] = relative.version
    masked = "" if full_id or not relative.national_id else relative.national_id[:6] + " *****"
    if not full_id:
        initial.pop("national_id")
    form = RelativeForm(request.POST or None, initial=initial, masked_national_id=masked)
    if request.method == "POST" and form.is_valid():
        try:
            services.relative_update(
                acting_user=request.user,
                relative=relative,
                expected_version=form.cleaned_data.get("version") or 0,
                **form.relative_fields(),
            )
        except ConflictError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Endringene er lagret. De gjelder på Min side med en gang."))
            return redirect("people:detail", person_id=read.person.pk)
    return render(
        request, "people/relative_form.html", {"form": form, "person": read.person, "relative": relative}
    )


END_REPRESENTATION_ASK = Ask(
    title=gettext_lazy("Avslutte representasjonen?"),
    consequence=gettext_lazy(
        "Fra nå kan representanten ikke lenger søke, følge saker eller lese noe for personen på Min side."
    ),
    confirm_label=gettext_lazy("Ja, avslutt representasjonen"),
)


@login_required
@require_POST
def relative_representation_end(request, person_id: int, relative_id: int):
    if not may_register_persons(request.user):
        raise Http404
    read = _read(request, person_id, _("Avslutte representasjon"))
    relative = get_object_or_404(Relative, pk=relative_id, person=read.person)
    if asked := refuse_unconfirmed(request, END_REPRESENTATION_ASK):
        return asked
    try:
        services.relative_representation_end(acting_user=request.user, relative=relative)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Representasjonen er avsluttet fra i dag."))
    return redirect("people:detail", person_id=read.person.pk)


@login_required
@require_http_methods(["GET", "POST"])
def parent_limit_create(request, person_id: int):
    """Record that a child's parents shall be told only what parental responsibility needs (pbrl § 3-4)."""
    if not may_register_persons(request.user):
        raise Http404
    read = _read(request, person_id, _("Begrenset foreldreinnsyn"))
    form = ParentInformationLimitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.parent_information_limit_record(
                acting_user=request.user, person=read.person, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("Registrert. Foreldrene ser fra nå bare det som trengs for foreldreansvaret.")
            )
            return redirect("people:detail", person_id=read.person.pk)
    return render(
        request,
        "people/parent_limit_form.html",
        {"form": form, "person": read.person, "bands": rules.parent_view_table()},
    )


@login_required
@require_POST
def parent_limit_withdraw(request, person_id: int, limit_id: int):
    if not may_register_persons(request.user):
        raise Http404
    read = _read(request, person_id, _("Oppheve begrenset foreldreinnsyn"))
    limit = get_object_or_404(ParentInformationLimit, pk=limit_id, person=read.person)
    services.parent_information_limit_withdraw(acting_user=request.user, limit=limit)
    messages.success(request, _("Begrensningen er opphevet."))
    return redirect("people:detail", person_id=read.person.pk)


@login_required
def person_access_log(request, person_id: int):
    """The person's access log for staff, optionally for a period (?fra=&til=) and as CSV (?eksport=csv);
    the export is itself logged as a read of the person's data."""
    if not may_read_access_log(request.user):
        raise Http404
    form = AccessLogPeriodForm(request.GET)
    valid = form.is_valid()
    period = {"since": form.cleaned_data.get("fra"), "until": form.cleaned_data.get("til")} if valid else {}
    if valid and request.GET.get("eksport") == "csv":
        read = _read(request, person_id, _("Tilgangslogg, eksport til CSV"))
        view = access_log_for_viewer(request.user, read.person, **period)
        entries = view.entries.iterator(chunk_size=access_log_csv.BATCH)
        response = StreamingHttpResponse(
            access_log_csv.lines(entries, notice=view.notice), content_type="text/csv; charset=utf-8"
        )
        filename = f"tilgangslogg-{read.person.pk}-{local_today():%Y-%m-%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    read = _read(request, person_id, _("Tilgangslogg"))
    view = access_log_for_viewer(request.user, read.person, **period)
    page = Paginator(view.entries, 50).get_page(request.GET.get("side"))
    rows = access_log_rows(page.object_list)
    filters = request.GET.copy()
    filters.pop("side", None)
    filters.pop("eksport", None)
    context = {
        "person": read.person,
        "page": page,
        "rows": rows,
        "notice": view.notice,
        "form": form,
        "query_string": filters.urlencode(),
    }
    return render(request, "people/person_access_log.html", context, status=200 if valid else 400)
