"""/api/v1/inbox: the user's own items and «Ta oppgaven», with the same rules as the page «Oppgaver»."""

import datetime

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema

from helhet.api.errors import Day
from helhet.inbox import selectors, services
from helhet.inbox.presenting import Row, rows_for

router = Router(tags=["Oppgaver"])
CHANNEL = "api"
NOT_FOR_YOU = "Oppgaven er ikke til deg eller enheten din."


class ItemOut(Schema):
    id: int
    kind: str
    kind_label: str
    title: str
    url: str
    target_app: str
    target_id: int
    person_id: int | None
    person_name: str
    for_unit: str
    for_user: str | None
    created_at: datetime.datetime
    due_on: Day | None
    taken_by: str | None
    taken_at: datetime.datetime | None
    escalated_at: datetime.datetime | None
    closed_at: datetime.datetime | None


def _out(row: Row) -> dict:
    item = row.item
    return {
        "id": item.pk,
        "kind": item.kind,
        "kind_label": str(item.get_kind_display()),
        "title": item.title,
        "url": item.url,
        "target_app": item.target_app,
        "target_id": item.target_id,
        "person_id": item.person_id if row.person_name else None,
        "person_name": row.person_name,
        "for_unit": item.for_unit.name,
        "for_user": item.for_user.display_name if item.for_user else None,
        "created_at": item.created_at,
        "due_on": item.due_on,
        "taken_by": item.taken_by.display_name if item.taken_by else None,
        "taken_at": item.taken_at,
        "escalated_at": item.escalated_at,
        "closed_at": item.closed_at,
    }


@router.get("/inbox", response=list[ItemOut], summary="Mine oppgaver (til meg og enhetene mine)")
def inbox_items(request, done: bool = False):
    items = list(selectors.items_for(request.auth, done=done)[: selectors.PAGE_SIZE])
    return [_out(row) for row in rows_for(request.auth, items, channel=CHANNEL)]


@router.post("/inbox/{item_id}/take", response={200: ItemOut}, summary="Ta oppgaven")
def inbox_take(request, item_id: int):
    item = selectors.item_visible(request.auth, item_id)
    if item is None:
        raise PermissionDenied(NOT_FOR_YOU)
    services.item_take(acting_user=request.auth, item=item)
    fresh = selectors.item_visible(request.auth, item_id)
    assert fresh is not None  # taken by the user, so still for them
    return _out(rows_for(request.auth, [fresh], channel=CHANNEL)[0])
