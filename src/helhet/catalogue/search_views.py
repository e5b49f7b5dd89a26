"""The administrator's pages for the citizens' search: everyday words and where to apply."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from helhet.access import roles
from helhet.catalogue import search_services, selectors
from helhet.catalogue.models import SearchTerm, ServiceOffice
from helhet.catalogue.search_forms import SearchTermForm, ServiceOfficeForm
from helhet.catalogue.search_services import OFFICE_FIELDS


def _admin(request) -> None:
    if request.user.municipality_id is None or roles.ADMIN not in roles.roles_of(request.user):
        raise PermissionDenied(_("Bare kommunens administratorer kan endre søkeord og kontorer."))


@login_required
@require_http_methods(["GET", "POST"])
def search_terms(request):
    _admin(request)
    municipality = request.user.municipality
    form = SearchTermForm(request.POST or None, municipality=municipality)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                term = search_services.search_term_set(
                    actor=request.user,
                    municipality=municipality,
                    word=form.cleaned_data["word"],
                    services=list(form.cleaned_data["services"]),
                )
                messages.success(request, _("Søkeordet «%(word)s» er lagret.") % {"word": term.word})
                return redirect("catalogue:search_terms")
            except ValidationError as error:
                form.add_service_errors(error)
        status = 422
    return render(
        request,
        "catalogue/search_terms.html",
        {"form": form, "terms": selectors.search_terms(municipality)},
        status=status,
    )


@login_required
@require_POST
def search_term_delete(request, term_id: int):
    _admin(request)
    term = get_object_or_404(SearchTerm, pk=term_id, municipality=request.user.municipality)
    search_services.search_term_delete(actor=request.user, term=term)
    messages.success(request, _("Søkeordet «%(word)s» er fjernet.") % {"word": term.word})
    return redirect("catalogue:search_terms")


@login_required
@require_http_methods(["GET", "POST"])
def offices(request):
    _admin(request)
    municipality = request.user.municipality
    search_services.service_offices_ensure(municipality=municipality)
    found = list(ServiceOffice.objects.filter(municipality=municipality).order_by("service_area"))
    forms = []
    status = 200
    for office in found:
        prefix = f"office{office.pk}"
        posted = request.method == "POST" and request.POST.get("office") == str(office.pk)
        form = ServiceOfficeForm(
            request.POST if posted else None,
            prefix=prefix,
            initial={name: getattr(office, name) for name in OFFICE_FIELDS},
        )
        if posted:
            if form.is_valid():
                try:
                    search_services.service_office_update(
                        actor=request.user, office=office, values=form.cleaned_data
                    )
                    messages.success(request, _("%(name)s er lagret.") % {"name": office.name})
                    return redirect("catalogue:offices")
                except ValidationError as error:
                    form.add_service_errors(error)
            status = 422
        forms.append((office, form))
    return render(request, "catalogue/offices.html", {"forms": forms}, status=status)
