"""Items as a page, a panel or an API answer shows them: the person's name only where the user may see the
person, and every name shown written to the access log."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access.records import PersonRecord
from helhet.access.shown import persons_shown
from helhet.core.models import User
from helhet.inbox.models import DONE_HERE, Item
from helhet.inbox.selectors import visible_person_ids


def ground(item: Item) -> str:
    """The ground for showing the item's person, for the access log: «Oppgave: videresendt henvendelse fra
    01.12.2026»."""
    return _("Oppgave: %(kind)s fra %(day)s") % {
        "kind": item.get_kind_display().lower(),
        "day": timezone.localtime(item.created_at).strftime("%d.%m.%Y"),
    }


@dataclass(frozen=True)
class Row:
    item: Item
    person_name: str
    may_take: bool
    may_mark_done: bool


def rows_for(user: User, items: Iterable[Item], *, channel: str | None = None) -> list[Row]:
    items = list(items)
    visible = visible_person_ids(user, items)
    by_ground: dict[str, list[PersonRecord]] = {}
    for item in items:
        if item.person_id in visible and item.person is not None:
            by_ground.setdefault(ground(item), []).append(item.person)
    for reason, persons in by_ground.items():
        persons_shown(
            user,
            persons,
            what=_("Innboks: navn på personen oppgaven gjelder"),
            reason=reason,
            channel=channel,
        )
    return [
        Row(
            item=item,
            person_name=item.person.full_name
            if item.person_id in visible and item.person is not None
            else "",
            may_take=item.closed_at is None and item.taken_by_id is None,
            may_mark_done=item.closed_at is None and item.kind in DONE_HERE and item.taken_by_id == user.pk,
        )
        for item in items
    ]
