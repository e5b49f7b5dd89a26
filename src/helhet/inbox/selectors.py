"""Reads of the inbox: what is handed to a user (personally, to their units, or risen to them as leader)."""

import datetime
from collections.abc import Iterable
from typing import cast

from django.db.models import F, Model, Q, QuerySet

from helhet.access import roles
from helhet.access.policy import visible_persons
from helhet.core.calendar import local_today
from helhet.core.models import User
from helhet.inbox.models import Item
from helhet.organisation.models import Engagement, Leadership

PANEL_SIZE = 5
PAGE_SIZE = 50


def for_user_filter(user: User, *, on: datetime.date | None = None, as_admin: bool = True) -> Q:
    """Items for the user: addressed to them, to a unit they work in or lead (unless addressed to someone
    else there), or risen to them as leader. An item that rose and found no leader with a login is for the
    municipality's administrators (`as_admin`), to hand on; that gives them no need-to-know for its target.
    Subqueries, so a count of them is one query."""
    on = on or local_today()
    engaged = Engagement.objects.valid_on(on).filter(staff__user_id=user.pk).values("unit_id")
    led = Leadership.objects.valid_on(on).filter(staff__user_id=user.pk).values("unit_id")
    to_units = Q(for_user__isnull=True) & (Q(for_unit_id__in=engaged) | Q(for_unit_id__in=led))
    mine = Q(for_user_id=user.pk) | Q(escalated_to_id=user.pk) | to_units
    if as_admin and roles.has_any_role(user, (roles.ADMIN,)):
        mine |= Q(escalated_at__isnull=False, escalated_to__isnull=True)
    return mine


def _shown_now() -> Q:
    return Q(shown_from__isnull=True) | Q(shown_from__lte=local_today())


def items_for(user: User, *, done: bool = False) -> QuerySet[Item]:
    """The user's open items (or the done ones), newest first, escalated and urgent-dated ones first."""
    if not getattr(user, "is_authenticated", False) or user.municipality_id is None:
        return Item.objects.none()
    items = Item.objects.filter(for_user_filter(user), _shown_now(), municipality_id=user.municipality_id)
    items = items.filter(closed_at__isnull=not done)
    if done:
        order = [F("closed_at").desc(), F("pk").desc()]
    else:  # risen to a leader first, then not yet taken, newest first (NULLs placed alike on every database)
        order = [
            F("escalated_at").desc(nulls_last=True),
            F("taken_at").asc(nulls_first=True),
            F("created_at").desc(),
            F("pk").desc(),
        ]
    return items.select_related("for_unit", "for_user", "taken_by", "sent_by", "person").order_by(*order)


def open_count(user: User) -> int:
    """How many open items the user has (one query, whatever their number), once per user object."""
    cached = getattr(user, "_helhet_inbox_count", None)
    if cached is None:
        cached = items_for(user).count()
        setattr(user, "_helhet_inbox_count", cached)  # noqa: B010  # a per-object cache, not a model field
    return int(cached)


def item_visible(user: User, item_id: int) -> Item | None:
    """The item if it is for the user (open or done), else None."""
    if not getattr(user, "is_authenticated", False) or user.municipality_id is None:
        return None
    return (
        Item.objects.filter(
            for_user_filter(user), _shown_now(), pk=item_id, municipality_id=user.municipality_id
        )
        .select_related("for_unit", "for_user", "taken_by", "sent_by", "person")
        .first()
    )


def has_item_for_target(user: User, *, target_app: str, target_id: int, kinds: Iterable[str]) -> bool:
    """Whether an item about this target (open or done) was handed to the user: their need-to-know for it."""
    if not getattr(user, "is_authenticated", False) or user.municipality_id is None:
        return False
    return (
        Item.objects.filter(
            for_user_filter(user, as_admin=False), target_app=target_app, target_id=target_id, kind__in=kinds
        )
        .filter(municipality_id=user.municipality_id)
        .exists()
    )


def target_ids_for(user: User, *, target_app: str, kinds: Iterable[str]) -> "QuerySet[Item, int]":
    """Ids of the targets (of one app) handed to the user, as a subquery."""
    if user.municipality_id is None:
        return Item.objects.none().values_list("target_id", flat=True)
    return Item.objects.filter(
        for_user_filter(user, as_admin=False),
        target_app=target_app,
        kind__in=kinds,
        municipality_id=user.municipality_id,
    ).values_list("target_id", flat=True)


def untaken_target_ids(
    municipality_id: int, *, target_app: str, kinds: Iterable[str]
) -> "QuerySet[Item, int]":
    """Ids of the targets (of one app) handed on and not yet taken by anyone, as a subquery."""
    return Item.objects.filter(
        municipality_id=municipality_id,
        target_app=target_app,
        kind__in=kinds,
        taken_at__isnull=True,
        closed_at__isnull=True,
    ).values_list("target_id", flat=True)


def latest_by_target(*, target_app: str, target_ids: Iterable[int], kinds: Iterable[str]) -> dict[int, Item]:
    """The newest item of each target, for the sender to see who took it and when (one query)."""
    ids = list(target_ids)
    found: dict[int, Item] = {}
    if not ids:
        return found
    rows = (
        Item.objects.filter(target_app=target_app, target_id__in=ids, kind__in=kinds)
        .select_related("taken_by", "for_unit", "for_user")
        .order_by("target_id", "-pk")
    )
    for item in rows:
        found.setdefault(item.target_id, item)
    return found


def visible_person_ids(user: User, items: Iterable[Item]) -> set[int]:
    """Of the persons the items name, those the user may see (one query): only their names are shown."""
    person_ids = {item.person_id for item in items if item.person_id is not None}
    if not person_ids:
        return set()
    person_model = cast("type[Model]", Item._meta.get_field("person").related_model)  # people sits above
    persons = person_model._default_manager.filter(pk__in=person_ids)
    return set(visible_persons(user, persons).values_list("pk", flat=True))
