"""Every API error answers in Norwegian and names the field at fault."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from helhet.access.services import PersonNotVisible
from helhet.api.auth import TooManyBadTokens
from helhet.core.errors import ConflictError, DomainError, errors_by_field

_PYDANTIC_MESSAGES = {
    "missing": "Feltet må fylles ut.",
    "string_too_long": "Teksten er for lang (høyst {max_length} tegn).",
    "string_too_short": "Feltet må fylles ut.",
    "string_type": "Må være tekst.",
    "int_parsing": "Må være et heltall.",
    "int_type": "Må være et heltall.",
    "bool_parsing": "Må være true eller false.",
    "bool_type": "Må være true eller false.",
    "date_parsing": "Må være en dato på formen ÅÅÅÅ-MM-DD.",
    "date_from_datetime_parsing": "Må være en dato på formen ÅÅÅÅ-MM-DD.",
    "json_invalid": "Innholdet er ikke gyldig JSON.",
    "model_attributes_type": "Innholdet må være et JSON-objekt.",
    "dict_type": "Innholdet må være et JSON-objekt.",
    "extra_forbidden": "Ukjent felt.",
    "greater_than_equal": "Må være minst {ge}.",
    "less_than_equal": "Kan være høyst {le}.",
    "greater_than": "Må være større enn {gt}.",
    "decimal_parsing": "Må være et tall.",
    "decimal_type": "Må være et tall.",
    "decimal_max_digits": "Tallet har for mange sifre.",
    "decimal_max_places": "Høyst {decimal_places} desimaler.",
    "decimal_whole_digits": "Tallet har for mange sifre.",
    "finite_number": "Må være et endelig tall.",
    "list_type": "Må være en liste.",
}


def _field_of(loc) -> str:
    names = [
        str(part)
        for part in loc
        if isinstance(part, str) and part not in ("body", "payload", "query", "path")
    ]
    return names[-1] if names else "__all__"


def _pydantic_message(error: dict) -> str:
    kind = error.get("type", "")
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error") or error.get("msg", "")).removeprefix("Value error, ")
    template = _PYDANTIC_MESSAGES.get(kind, "Ugyldig verdi.")
    try:
        return template.format(**error.get("ctx", {}))
    except (KeyError, IndexError):
        return template


def _detail(items: list[tuple[str, str]]) -> dict:
    return {
        "detail": [{"field": field, "message": message} for field, message in items],
        "message": " ".join(
            f"{field}: {message}" if field != "__all__" else message for field, message in items
        ),
    }


def install(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def schema_invalid(request, exc):
        items = [(_field_of(error.get("loc", ())), _pydantic_message(error)) for error in exc.errors]
        return api.create_response(request, _detail(items), status=422)

    @api.exception_handler(ValidationError)
    def service_invalid(request, exc):
        items = [(field, message) for field, messages in errors_by_field(exc).items() for message in messages]
        return api.create_response(request, _detail(items), status=422)

    @api.exception_handler(ConflictError)
    def conflict(request, exc):
        return api.create_response(request, {"detail": exc.message}, status=409)

    @api.exception_handler(DomainError)
    def refused(request, exc):
        return api.create_response(request, _detail([(exc.field or "__all__", exc.message)]), status=422)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(
            request, {"detail": str(exc) or "Du har ikke tilgang til dette."}, status=403
        )

    @api.exception_handler(PersonNotVisible)
    def not_visible(request, exc):
        return api.create_response(request, {"detail": "Fant ikke personen."}, status=404)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": "Fant ikke det du ba om."}, status=404)

    @api.exception_handler(TooManyBadTokens)
    def too_many_bad_tokens(request, exc):
        minutes = settings.HELHET_API_BAD_TOKEN_WINDOW_MINUTES
        response = api.create_response(
            request,
            {
                "detail": f"For mange ugyldige API-nøkler fra denne adressen. Prøv igjen om {minutes} minutter."
            },
            status=429,
        )
        response["Retry-After"] = str(minutes * 60)
        return response

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request, {"detail": "Du må logge inn eller bruke en gyldig API-nøkkel."}, status=401
        )
