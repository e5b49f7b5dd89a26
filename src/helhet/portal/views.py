"""The citizens' pages (no login): what help exists, the statements, the crest; and the admin's profile page."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from helhet.access import roles
from helhet.catalogue import selectors as catalogue
from helhet.core.calendar import local_today
from helhet.core.models import Municipality
from helhet.portal import selectors, statements
from helhet.portal import services as writes
from helhet.portal.crisis import crisis_lines
from helhet.portal.forms import CrestForm, PublicProfileForm
from helhet.portal.services import PROFILE_FIELDS

MAX_QUERY = 100


def _municipality(request, number: str) -> Municipality:
    municipality = get_object_or_404(Municipality, number=number)
    request.face_municipality = municipality  # the footer shows this municipality's face
    return municipality


def _query(request) -> str:
    return request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY]


def _to_municipality(request, name: str):
    """Redirect a page without a municipality number to the configured or only municipality, keeping ?q=."""
    number = settings.HELHET_PUBLIC_MUNICIPALITY
    municipalities = list(Municipality.objects.order_by("number")[:2])
    if not number and len(municipalities) == 1:
        number = municipalities[0].number
    if number:
        query = _query(request)
        url = reverse(name, args=[number])
        return redirect(f"{url}?{urlencode({'q': query})}" if query else url)
    if not municipalities:
        raise Http404
    return render(
        request,
        "portal/choose_municipality.html",
        {"municipalities": Municipality.objects.order_by("name"), "target": name, "query": _query(request)},
    )


def services_default(request):
    """/tjenester/: the configured municipality, or the only one there is."""
    return _to_municipality(request, "portal:services")


def privacy_default(request):
    return _to_municipality(request, "portal:privacy")


def accessibility_default(request):
    return _to_municipality(request, "portal:accessibility")


def services(request, number: str):
    """ "Hva kan jeg få hjelp til?": every service by life situation and by care-ladder step; searchable."""
    municipality = _municipality(request, number)
    query = _query(request)
    views = catalogue.services(municipality, on=local_today(), query=query)
    ladder = catalogue.care_ladder(municipality)
    offices = catalogue.offices_by_area(municipality)
    results = [(view, offices.get(catalogue.area_of(view.service))) for view in views] if query else []
    return render(
        request,
        "portal/services.html",
        {
            "municipality": municipality,
            "query": query,
            "crisis": crisis_lines(query),
            "views": views,
            "results": results,
            "ladder_size": len(ladder),
            "by_situation": catalogue.by_life_situation(views, catalogue.life_situations(municipality)),
            "by_level": catalogue.by_care_level(views, ladder),
            "offices": [offices[a] for a in catalogue.AREA_ORDER if a in offices],
        },
    )


def privacy(request, number: str):
    municipality = _municipality(request, number)
    return render(
        request,
        "portal/statement.html",
        {
            "municipality": municipality,
            "title": _("Personvernerklæring"),
            "text": selectors.privacy_text(municipality),
            "unreviewed": selectors.unreviewed(municipality)["privacy_statement"],
        },
    )


def _accessibility_links(profile) -> list[tuple[str, str]]:
    if profile is not None and profile.uustatus_url:
        return [(profile.uustatus_url, _("Kommunens tilgjengelighetserklæring på uustatus"))]
    return [(statements.UUSTATUS, _("uustatus.no: tilgjengelighetserklæringer fra offentlige virksomheter"))]


def accessibility(request, number: str):
    municipality = _municipality(request, number)
    profile = selectors.profile_of(municipality)
    unreviewed = selectors.unreviewed(municipality)["accessibility_statement"]
    return render(
        request,
        "portal/statement.html",
        {
            "municipality": municipality,
            "title": _("Tilgjengelighetserklæring"),
            "text": selectors.accessibility_text(municipality),
            "unreviewed": unreviewed,
            "links": _accessibility_links(profile) if unreviewed else [],
        },
    )


def crest(request, number: str):
    """The municipality's crest as an image; 404 without one (pages then show the neutral default)."""
    municipality = get_object_or_404(Municipality, number=number)
    profile = selectors.profile_of(municipality)
    if profile is None or not profile.crest_type:
        raise Http404
    response = HttpResponse(bytes(profile.crest), content_type=profile.crest_type)
    # Opened on its own, an SVG may do nothing: no scripts, no requests, its own sandbox.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    """The administrator's page for the municipality's public face."""
    if request.user.municipality_id is None or roles.ADMIN not in roles.roles_of(request.user):
        raise PermissionDenied(_("Bare kommunens administratorer kan endre kommuneprofilen."))
    municipality = request.user.municipality
    profile = selectors.profile_of(municipality)
    initial = {name: getattr(profile, name) for name in PROFILE_FIELDS} if profile else {}
    if not initial.get("privacy_statement"):
        initial["privacy_statement"] = selectors.privacy_text(municipality)
    if not initial.get("accessibility_statement"):
        initial["accessibility_statement"] = selectors.accessibility_text(municipality)
    form = PublicProfileForm(initial=initial)
    crest_form = CrestForm()
    unreviewed = selectors.unreviewed(municipality)
    if request.method == "POST":
        try:
            if "remove_crest" in request.POST:
                writes.crest_remove(actor=request.user, municipality=municipality)
                messages.success(request, _("Kommunevåpenet er fjernet. Sidene viser et nøytralt merke."))
                return redirect("portal:profile")
            if "crest_upload" in request.POST:
                crest_form = CrestForm(request.POST, request.FILES)
                if crest_form.is_valid():
                    writes.crest_set(
                        actor=request.user, municipality=municipality, data=crest_form.cleaned_data["crest"]
                    )
                    messages.success(request, _("Kommunevåpenet er lagret."))
                    return redirect("portal:profile")
            else:
                form = PublicProfileForm(request.POST)
                if form.is_valid():
                    writes.public_profile_update(
                        actor=request.user, municipality=municipality, values=form.cleaned_data
                    )
                    messages.success(request, _("Kommuneprofilen er lagret."))
                    return redirect("portal:profile")
        except ValidationError as error:
            target = crest_form if "crest_upload" in request.POST else form
            if "remove_crest" in request.POST:
                messages.error(request, " ".join(error.messages))
                return redirect("portal:profile")
            target.add_service_errors(error)
    for name, is_default in unreviewed.items():
        if is_default:  # said at the field, so the administrator sees what is still to review
            form.fields[name].help_text = f"{statements.UNREVIEWED}. {form.fields[name].help_text}"
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "portal/profile_edit.html",
        {"form": form, "crest_form": crest_form, "profile": profile, "municipality": municipality},
        status=status,
    )
