from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from helhet.catalogue import selectors
from helhet.core.calendar import local_today
from helhet.core.models import Municipality


def services_default(request):
    """/tjenester/: the configured municipality, or the only one there is."""
    number = settings.HELHET_PUBLIC_MUNICIPALITY
    municipalities = list(Municipality.objects.order_by("number")[:2])
    if number:
        return redirect("portal:services", number=number)
    if len(municipalities) == 1:
        return redirect("portal:services", number=municipalities[0].number)
    if not municipalities:
        raise Http404
    return render(
        request, "portal/choose_municipality.html", {"municipalities": Municipality.objects.order_by("name")}
    )


def services(request, number: str):
    """ "Hva kan jeg få hjelp til?": every service by life situation and by care-ladder step; searchable."""
    municipality = get_object_or_404(Municipality, number=number)
    query = request.GET.get("q", "").strip()[:100]
    views = selectors.services(municipality, on=local_today(), query=query)
    return render(
        request,
        "portal/services.html",
        {
            "municipality": municipality,
            "query": query,
            "views": views,
            "by_situation": selectors.by_life_situation(views, selectors.life_situations(municipality)),
            "by_level": selectors.by_care_level(views, selectors.care_ladder(municipality)),
        },
    )
