"""The municipality whose face (name, crest, contact in the footer) a page shows, logged in or not."""

from django.utils.functional import SimpleLazyObject

from helhet.core.models import Municipality
from helhet.portal.selectors import Face, face_of, public_municipality


def _municipality(request) -> Municipality | int | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.municipality_id:
        return user.municipality_id
    shown = getattr(request, "face_municipality", None)  # set by a public page that has read it already
    if shown is not None:
        return shown
    match = getattr(request, "resolver_match", None)
    number = match.kwargs.get("number") if match is not None else None
    if number:
        return Municipality.objects.filter(number=number).first()
    return public_municipality()


def public_face(request) -> dict:
    def face() -> Face | None:
        municipality = _municipality(request)
        return face_of(municipality) if municipality is not None else None

    # The citizen's door (Min side and the public service pages) offers bokmål or nynorsk.
    citizen_door = request.path_info.startswith(("/innbygger/", "/tjenester/"))
    return {"face": SimpleLazyObject(face), "citizen_door": citizen_door}
