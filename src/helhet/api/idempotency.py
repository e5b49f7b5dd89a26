"""`Idempotency-Key` on the API's creating POSTs: a retry creates nothing and gets the first answer.

Apply `@idempotent` under `@router.post(...)`. A call without the header works as before. With it, the key
(per user, `HELHET_IDEMPOTENCY_HOURS` long) is reserved in the same transaction as the call's own work:
- a new key runs the call; a 2xx answer is stored with the key, any other answer frees the key again;
- the same key with the same method, path and body answers with the stored answer (header
  `Idempotent-Replayed: true`) and creates nothing; the persons it shows are logged again;
- the same key with another body or path is refused with 422 (Problem, field `Idempotency-Key`).
Two concurrent calls with one key meet at the unique constraint: the second waits for the first to commit
and then answers with its answer (PostgreSQL's unique index, SQLite's write lock).
"""

import datetime
import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.decorators import decorate_view

from helhet.access.shown import current, persons_shown
from helhet.api.models import IdempotencyKey
from helhet.people.models import Person

HEADER = "Idempotency-Key"
MAX_LENGTH = 255


@dataclass
class _Pending:
    key: str
    fingerprint: str
    row: IdempotencyKey | None = None


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method or "", request.get_full_path()):
        digest.update(part.encode())
        digest.update(b"\n")
    digest.update(request.body)
    return digest.hexdigest()


def _problem(message: str) -> JsonResponse:
    return JsonResponse(
        {"detail": [{"field": HEADER, "message": message}], "message": f"{HEADER}: {message}"}, status=422
    )


def _replay(request: HttpRequest, row: IdempotencyKey) -> HttpResponse:
    persons_shown(
        request.user,  # type: ignore[arg-type]
        Person.objects.filter(pk__in=row.person_ids),
        what=_("API: samme forespørsel på nytt (Idempotency-Key)"),
        reason=_("Svaret på den første forespørselen"),
    )
    response = HttpResponse(row.body, status=row.status_code, content_type=row.content_type)
    response["Idempotent-Replayed"] = "true"
    return response


def _reserve(request: HttpRequest, pending: _Pending) -> HttpResponse | None:
    """The stored answer or a refusal when the key is known; None when the key is now reserved for this call."""
    now = timezone.now()
    user = request.auth  # type: ignore[attr-defined]  # set by the API's authentication
    IdempotencyKey.objects.filter(user=user, expires_at__lt=now).delete()
    try:
        with transaction.atomic():
            pending.row = IdempotencyKey.objects.create(
                user=user,
                key=pending.key,
                fingerprint=pending.fingerprint,
                path=request.path[:300],
                expires_at=now + datetime.timedelta(hours=settings.HELHET_IDEMPOTENCY_HOURS),
            )
        return None
    except IntegrityError:
        pass
    first = IdempotencyKey.objects.get(user=user, key=pending.key)
    if first.fingerprint != pending.fingerprint:
        return _problem(
            _("Nøkkelen er alt brukt på en annen forespørsel. Bruk en ny nøkkel for en ny forespørsel.")
        )
    return _replay(request, first)


def _shown_person_ids(user_pk: int) -> list[int]:
    collector = current()
    if collector is None:
        return []
    keys = set(collector.shown) | collector.logged
    return sorted(person_pk for owner_pk, person_pk in keys if owner_pk == user_pk)


def _wrap_run(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @functools.wraps(run)
    def run_once(request: HttpRequest, **kw: Any) -> HttpResponse:
        key = request.headers.get(HEADER)
        if key is None:
            return run(request, **kw)
        pending = _Pending(key=key, fingerprint=_fingerprint(request))
        request._helhet_idempotency = pending  # type: ignore[attr-defined]
        with transaction.atomic():
            response = run(request, **kw)
            row = pending.row
            if row is not None:
                if 200 <= response.status_code < 300:
                    row.status_code = response.status_code
                    row.body = response.content.decode()
                    row.content_type = response.get("Content-Type", "application/json")
                    row.person_ids = _shown_person_ids(row.user_id)
                    row.save(update_fields=["status_code", "body", "content_type", "person_ids"])
                else:
                    row.delete()
        return response

    return run_once


def idempotent(view: Callable[..., Any]) -> Callable[..., Any]:
    """Make a creating POST honour `Idempotency-Key` (see the module docstring)."""

    @functools.wraps(view)
    def once(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        pending: _Pending | None = getattr(request, "_helhet_idempotency", None)
        if pending is not None:
            if not pending.key.strip() or len(pending.key) > MAX_LENGTH or not pending.key.isprintable():
                return _problem(_("Nøkkelen må være 1–255 synlige tegn."))
            answered = _reserve(request, pending)
            if answered is not None:
                return answered
        return view(request, *args, **kwargs)

    once.helhet_idempotent = True  # type: ignore[attr-defined]  # read by the OpenAPI document
    return decorate_view(_wrap_run)(once)


PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_LENGTH},
    "description": "Valgfri nøkkel (for eksempel en UUID) som gjør det trygt å sende forespørselen på nytt. "
    "Samme nøkkel og samme innhold gir det første svaret igjen (med `Idempotent-Replayed: true`) og lager "
    "ingenting nytt; samme nøkkel med annet innhold avvises med 422. Nøkkelen gjelder for brukeren og "
    "utløper etter 24 timer.",
}


def document(schema: dict, operation_ids: set[str]) -> dict:
    """Add the header to every idempotent operation of an OpenAPI document, in place."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if isinstance(operation, dict) and operation.get("operationId") in operation_ids:
                operation.setdefault("parameters", []).append(PARAMETER)
    return schema


def forget_answers_to(path: str) -> None:
    """Forget the stored answers to calls on `path`, for every user: what they described has been undone, so a
    retry must run again instead of replaying an answer that is no longer true."""
    IdempotencyKey.objects.filter(path=path).delete()
