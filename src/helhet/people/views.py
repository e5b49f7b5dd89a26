"""Thin views: parse, call a service or selector, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access.policy import (
    active_emergency_access,
    may_appoint_coordinator,
    may_break_glass,
    may_call_meetings,
    may_read_access_log,
    may_register_persons,
    may_search_register,
    may_see_caseload,
    may_see_full_national_id,
)
from helhet.access.selectors import access_log_for_person, access_log_rows
from helhet.access.services import PersonNotVisible
from helhet.core.errors import ConflictError
from helhet.people import selectors, services
from helhet.people.forms import PersonForm, PersonSearchForm, RelativeForm


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


@login_required
def person_detail(request, person_id: int):
    try:
        read = selectors.person_detail(
            request.user, person_id, what=_("Personside: personalia og pårørende"), emergency=True
        )
    except PersonNotVisible:
        if not may_break_glass(request.user):
            raise Http404 from None
        # The same page whether the person exists or not; it offers emergency access (nødtilgang).
        return render(request, "people/no_access.html", {"person_id": person_id}, status=404)
    return _render_detail(request, read)


def _render_detail(request, read, *, full_national_id: bool = False):
    emergency = read.access.emergency
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
            "may_appoint": may_appoint_coordinator(request.user) and not emergency,
            "emergency": active_emergency_access(request.user, read.person) if emergency else None,
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
            services.relative_add(acting_user=request.user, person=read.person, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("Pårørende er lagt til."))
            return redirect("people:detail", person_id=read.person.pk)
    return render(request, "people/relative_form.html", {"form": form, "person": read.person})


@login_required
def person_access_log(request, person_id: int):
    if not may_read_access_log(request.user):
        raise Http404
    read = _read(request, person_id, _("Tilgangslogg"))
    page = Paginator(access_log_for_person(read.person), 50).get_page(request.GET.get("side"))
    rows = access_log_rows(page.object_list)
    return render(
        request, "people/person_access_log.html", {"person": read.person, "page": page, "rows": rows}
    )
