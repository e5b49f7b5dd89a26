"""Writes of the inbox. The apps that hand work on open items and close them when the work is done there,
in their own transaction; users take items; the daily job raises untaken items to the unit's leader."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access.records import PersonRecord
from helhet.core.calendar import is_workday, local_today
from helhet.core.history import history_record_create, history_record_update, history_values
from helhet.core.models import User
from helhet.inbox.models import DONE_HERE, Item, ItemKind
from helhet.inbox.selectors import for_user_filter
from helhet.inbox.signals import item_marked_done
from helhet.organisation.chart import Node, chart_on
from helhet.organisation.models import Unit

ITEM_FIELDS = ["kind", "title", "for_unit", "for_user", "due_on", "urgent"]
TITLE_MAX = 200


def item_title(kind: str, unit: Unit, day: datetime.date) -> str:
    """An item's title: its kind, the unit and the day, nothing about the person or the work (it is kept in
    the change history and shown to leaders without a ground for the person)."""
    title = _("%(kind)s – %(unit)s – %(day)s") % {
        "kind": ItemKind(kind).label,
        "unit": unit.name,
        "day": day.strftime("%d.%m.%Y"),
    }
    return title[:TITLE_MAX]


@transaction.atomic
def item_open(
    *,
    kind: str,
    target_app: str,
    target_id: int,
    url: str,
    for_unit: Unit,
    for_user: User | None = None,
    person: PersonRecord | None = None,
    sent_by: User | None = None,
    due_on: datetime.date | None = None,
    urgent: bool = False,
    shown_from: datetime.date | None = None,
) -> Item:
    """Hand one piece of work to a unit (or one user in it). A target has at most one open item of a kind:
    handing it on again returns the open one. The title is made here, from kind, unit and today (item_title);
    an urgent item rises to the leader sooner."""
    existing = Item.objects.filter(
        kind=kind, target_app=target_app, target_id=target_id, closed_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    item = Item(
        municipality_id=for_unit.municipality_id,
        kind=kind,
        title=item_title(kind, for_unit, local_today()),
        target_app=target_app,
        target_id=target_id,
        url=url,
        for_unit=for_unit,
        for_user=for_user,
        person_id=person.pk if person is not None else None,
        sent_by=sent_by,
        due_on=due_on,
        urgent=urgent,
        shown_from=shown_from if shown_from is not None and shown_from > local_today() else None,
    )
    item.full_clean(exclude=["person"])
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:  # handed on by someone else at the same moment
        return Item.objects.get(kind=kind, target_app=target_app, target_id=target_id, closed_at__isnull=True)
    history_record_create(item, actor=sent_by, fields=ITEM_FIELDS, scope=person)
    return item


@transaction.atomic
def item_close(
    *, target_app: str, target_id: int, kinds: tuple[str, ...] = (), acting_user: User | None = None
) -> int:
    """The work is done where it belongs: close the target's open items (of `kinds`, or all). Returns how many."""
    items = Item.objects.select_for_update().filter(
        target_app=target_app, target_id=target_id, closed_at__isnull=True
    )
    if kinds:
        items = items.filter(kind__in=kinds)
    closed = 0
    for item in items:
        before = history_values(item, ["closed_at", "closed_by"])
        item.closed_at, item.closed_by = timezone.now(), acting_user
        item.save(update_fields=["closed_at", "closed_by"])
        history_record_update(item, before=before, actor=acting_user)
        closed += 1
    return closed


def _locked_for(acting_user: User, item: Item) -> Item:
    """The item, locked, if it is for `acting_user`; a Norwegian refusal otherwise."""
    if acting_user.municipality_id != item.municipality_id:
        raise PermissionDenied(_("Oppgaven er ikke til deg eller enheten din."))
    locked = Item.objects.select_for_update().filter(pk=item.pk).first()
    if locked is None:
        raise PermissionDenied(_("Oppgaven er ikke til deg eller enheten din."))
    if not Item.objects.filter(for_user_filter(acting_user), pk=item.pk).exists():
        raise PermissionDenied(_("Oppgaven er ikke til deg eller enheten din."))
    return locked


def _taken_text(item: Item) -> str:
    assert item.taken_at is not None and item.taken_by is not None  # asked only for a taken item
    return _("Oppgaven er allerede tatt av %(name)s %(when)s.") % {
        "name": item.taken_by.display_name,
        "when": timezone.localtime(item.taken_at).strftime("%d.%m.%Y kl. %H:%M"),
    }


@transaction.atomic
def item_take(*, acting_user: User, item: Item) -> Item:
    """«Ta oppgaven»: record who took it and when. Taking one's own item again changes nothing; an item
    taken by someone else, or done, is refused with who took it; an item not for the user is refused."""
    item = _locked_for(acting_user, item)
    if item.closed_at is not None:
        raise ValidationError({"item": _("Oppgaven er allerede utført.")})
    if item.taken_by_id == acting_user.pk:
        return item
    if item.taken_by_id is not None:
        raise ValidationError({"item": _taken_text(item)})
    before = history_values(item, ["taken_by", "taken_at"])
    item.taken_by, item.taken_at = acting_user, timezone.now()
    item.save(update_fields=["taken_by", "taken_at"])
    history_record_update(item, before=before, actor=acting_user)
    return item


@transaction.atomic
def item_done(*, acting_user: User, item: Item) -> Item:
    """Mark as done an item whose work has no service of its own (a forwarded inquiry answered, a message
    seen to, a coordinator assignment accepted); only the one who took it may, so the sender knows who did."""
    item = _locked_for(acting_user, item)
    if item.kind not in DONE_HERE:
        raise ValidationError({"item": _("Denne oppgaven blir utført der arbeidet gjøres, ikke her.")})
    if item.closed_at is not None:
        raise ValidationError({"item": _("Oppgaven er allerede utført.")})
    if item.taken_by_id is None:
        raise ValidationError({"item": _("Ta oppgaven før du merker den som utført.")})
    if item.taken_by_id != acting_user.pk:
        raise ValidationError({"item": _taken_text(item)})
    before = history_values(item, ["closed_at", "closed_by"])
    item.closed_at, item.closed_by = timezone.now(), acting_user
    item.save(update_fields=["closed_at", "closed_by"])
    history_record_update(item, before=before, actor=acting_user)
    item_marked_done.send(sender=Item, item=item, acting_user=acting_user)
    return item


# Hours are counted on the working day, in Europe/Oslo: what a unit is there to see.
WORKDAY_START = datetime.time(8)
WORKDAY_END = datetime.time(16)


def escalation_due(created_at: datetime.datetime, hours: int) -> datetime.datetime:
    """When an item handed on at `created_at` has waited `hours` working hours (08–16 on workdays; weekends
    and public holidays do not count): eight hours from Friday at 15 is Monday at 15."""
    cursor = timezone.localtime(created_at)
    remaining = datetime.timedelta(hours=hours)
    for _day in range(3660):  # bounded: ten years of days
        day = cursor.date()
        start = timezone.make_aware(datetime.datetime.combine(day, WORKDAY_START))
        end = timezone.make_aware(datetime.datetime.combine(day, WORKDAY_END))
        if is_workday(day) and cursor < end:
            cursor = max(cursor, start)
            if remaining <= end - cursor:
                return cursor + remaining
            remaining -= end - cursor
        cursor = timezone.make_aware(
            datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
        )
    return cursor


def escalate_hours(*, urgent: bool = False) -> int:
    if urgent:
        return int(settings.HELHET_INBOX_ESCALATE_URGENT_HOURS)
    return int(settings.HELHET_INBOX_ESCALATE_HOURS)


def _leader_with_login(node: Node | None) -> int | None:
    """The user id of the unit's own leader who has a login, else of the nearest such leader up the tree."""
    while node is not None:
        for leadership in node.leaders:
            if leadership.staff.user_id is not None:
                return int(leadership.staff.user_id)
        node = node.parent
    return None


@transaction.atomic
def items_escalate(*, now: datetime.datetime | None = None) -> int:
    """Raise every open item nobody took within HELHET_INBOX_ESCALATE_HOURS working hours (an urgent one:
    HELHET_INBOX_ESCALATE_URGENT_HOURS) to the leader of its unit, or the next leader up who has a login;
    where no leader up the tree has one, it rises to the municipality's administrators (escalated_to empty).
    Each item rises once. Returns how many rose."""
    now = now or timezone.now()
    shortest = min(escalate_hours(), escalate_hours(urgent=True))
    waiting = (
        Item.objects.select_for_update(of=("self",))
        .filter(
            closed_at__isnull=True,
            taken_at__isnull=True,
            escalated_at__isnull=True,
            created_at__lte=now - datetime.timedelta(hours=shortest),
        )
        .filter(Q(shown_from__isnull=True) | Q(shown_from__lte=timezone.localdate(now)))
        .select_related("for_unit__municipality")
        .order_by("municipality_id", "pk")
    )
    charts: dict[int, dict[int, int | None]] = {}
    risen = 0
    for item in waiting:
        waiting_since = item.created_at
        if item.shown_from is not None:  # it waited unseen until that day: count from its start
            waiting_since = max(waiting_since, _start_of(item.shown_from))
        if escalation_due(waiting_since, escalate_hours(urgent=item.urgent)) > now:
            continue
        leaders = charts.get(item.municipality_id)
        if leaders is None:
            chart = chart_on(item.for_unit.municipality, timezone.localdate(now))
            leaders = {pk: _leader_with_login(node) for pk, node in chart.nodes.items()}
            charts[item.municipality_id] = leaders
        before = history_values(item, ["escalated_at", "escalated_to"])
        item.escalated_at = now
        item.escalated_to_id = leaders.get(item.for_unit_id)
        item.save(update_fields=["escalated_at", "escalated_to"])
        history_record_update(item, before=before, actor=None)
        risen += 1
    return risen


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
