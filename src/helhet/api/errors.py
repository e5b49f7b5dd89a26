"""Every API error answers in Norwegian and names the field at fault, in one of two documented shapes.

`Problem` (422: what is wrong, per field; 413: the body is too large) and `Refusal` (400, 401, 403, 404,
409, 429: one sentence). Every operation in the OpenAPI document lists the refusals it can answer with
(`document_refusals`), so a client and schemathesis know every status code the API gives.
"""

import datetime
from typing import Annotated

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI, Schema
from ninja.constants import NOT_SET
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import AfterValidator

from helhet.access.services import PersonNotVisible
from helhet.api import idempotency
from helhet.api.auth import TooManyBadTokens
from helhet.core.calendar import OUT_OF_RANGE_MESSAGE, within_supported_range
from helhet.core.errors import ConflictError, DomainError, errors_by_field


class FieldError(Schema):
    field: str
    message: str


class Problem(Schema):
    """422: what is wrong, per field (`__all__` for the whole request); 413 (`__all__`), in Norwegian."""

    detail: list[FieldError]
    message: str


class Refusal(Schema):
    """400, 401, 403, 404, 409 and 429: one Norwegian sentence."""

    detail: str


def _supported_day(day: datetime.date) -> datetime.date:
    if not within_supported_range(day):
        raise ValueError(str(OUT_OF_RANGE_MESSAGE))
    return day


# Every date the API reads or writes: 1900-01-01 to 2100-12-31 (core.calendar), else a Norwegian 422.
Day = Annotated[datetime.date, AfterValidator(_supported_day)]

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
    "date_type": "Må være en dato på formen ÅÅÅÅ-MM-DD.",
    "date_from_datetime_inexact": "Må være en dato på formen ÅÅÅÅ-MM-DD.",
    "int_from_float": "Må være et heltall.",
    "string_pattern_mismatch": "Har feil form.",
    "enum": "Ugyldig verdi.",
    "literal_error": "Ugyldig verdi.",
    "time_parsing": "Må være et klokkeslett på formen TT:MM.",
    "datetime_parsing": "Må være et tidspunkt på formen ÅÅÅÅ-MM-DDTTT:MM.",
    "less_than": "Må være mindre enn {lt}.",
    "too_long": "For mange elementer (høyst {max_length}).",
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

    @api.exception_handler(OverflowError)
    def overflow(request, exc):
        # Day arithmetic beyond the calendar (should not happen with `Day`, kept as a last guard).
        return api.create_response(request, _detail([("__all__", str(OUT_OF_RANGE_MESSAGE))]), status=422)

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        return api.create_response(
            request, {"detail": "For mange forespørsler; vent litt og prøv igjen."}, status=429
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return api.create_response(
            request, {"detail": _REFUSAL_TEXT.get(exc.status_code, str(exc))}, status=exc.status_code
        )

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        return api.create_response(
            request, {"detail": "Du må logge inn eller bruke en gyldig API-nøkkel."}, status=401
        )


# The refusals each kind of operation can give. 401/403/404/422 every operation (login, role, an id in the
# path, query or body that is not there or not visible, input); 409 where a write can meet a changed state;
# 400 where Django refuses a body (unreadable), 413 where it is too large (core.bad_request); 429 when the
# API throttles.
_REFUSAL_TEXT = {
    400: "Forespørselen kunne ikke leses.",
    401: "Ikke innlogget eller ugyldig API-nøkkel.",
    403: "Ingen tilgang.",
    404: "Fant ikke det du ba om.",
    409: "Saken er endret i mellomtiden.",
    413: "Innholdet er for stort.",
    422: "Ugyldige opplysninger, per felt.",
    429: "For mange forespørsler; vent litt.",
}
WRITE_METHODS = ("post", "put", "patch", "delete")


def refusal_codes(method: str, path: str, *, throttled: bool) -> list[int]:
    codes = [401, 403, 404, 422]
    if method in WRITE_METHODS:
        codes += [400, 409, 413]
    if throttled:
        codes.append(429)
    return sorted(codes)


def document_refusals(schema: dict, *, throttled: bool) -> dict:
    """Add the Problem and Refusal answers to every operation of an OpenAPI document, in place."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (Problem, Refusal):
        generated = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, definition in generated.pop("$defs", {}).items():
            components.setdefault(name, definition)
        components.setdefault(model.__name__, generated)
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in ("get", *WRITE_METHODS):
                continue
            responses = operation.setdefault("responses", {})
            for code in refusal_codes(method, path, throttled=throttled):
                model = Problem if code in (413, 422) else Refusal
                responses[str(code)] = {
                    "description": _REFUSAL_TEXT[code],
                    "content": {
                        "application/json": {"schema": {"$ref": f"#/components/schemas/{model.__name__}"}}
                    },
                }
    return schema


class HelhetAPI(NinjaAPI):
    """NinjaAPI whose OpenAPI document lists every operation's refusals with the error schemas."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        throttled = self.throttle not in (None, NOT_SET, []) or any(
            operation.throttle_objects
            for router in self._get_bound_routers()
            for view in router.path_operations.values()
            for operation in view.operations
        )
        idempotent = {
            operation.operation_id or self.get_openapi_operation_id(operation)
            for router in self._get_bound_routers()
            for view in router.path_operations.values()
            for operation in view.operations
            if getattr(operation.view_func, "helhet_idempotent", False)
        }
        return idempotency.document(document_refusals(schema, throttled=throttled), idempotent)
