"""What care hands on through the inbox: deviations to follow up, messages and agreed actions with a due
date, coordinator assignments and individual plans due for review. Called inside the care services'
transactions (and the daily job for plans due)."""

import datetime

from django.db import transaction
from django.urls import reverse

from helhet.care.models import Deviation, IndividualPlan, MeetingAction, Message
from helhet.core.calendar import local_today
from helhet.core.models import User
from helhet.inbox.models import Item, ItemKind
from helhet.inbox.services import item_close, item_open
from helhet.organisation.chart import chart_on
from helhet.organisation.models import Unit

APP = "care"
# A plan due for review shows in the coordinator's inbox this many days before it is due.
PLAN_REVIEW_NOTICE_DAYS = 14


def _leader_user(unit: Unit) -> User | None:
    node = chart_on(unit.municipality, local_today()).nodes.get(unit.pk)
    leader = node.leader if node is not None else None
    return leader.user if leader is not None and leader.user_id is not None else None


def deviation_reported(*, deviation: Deviation, acting_user: User) -> None:
    unit = Unit.objects.select_related("municipality").get(pk=deviation.unit_id)
    item_open(
        kind=ItemKind.DEVIATION,
        target_app=APP,
        target_id=deviation.pk,
        url=reverse("care:deviation", args=[deviation.pk]),
        for_unit=unit,
        for_user=_leader_user(unit),
        person=deviation.person,
        sent_by=acting_user,
    )


def deviation_handled(*, deviation: Deviation, acting_user: User) -> None:
    item_close(target_app=APP, target_id=deviation.pk, kinds=(ItemKind.DEVIATION,), acting_user=acting_user)


def message_due(*, message: Message, acting_user: User) -> None:
    if message.due_on is None:
        return
    item_open(
        kind=ItemKind.MESSAGE,
        target_app=APP,
        target_id=message.pk,
        url=reverse("care:messages") + f"?enhet={message.unit_id}",
        for_unit=message.unit,
        person=message.person,
        sent_by=acting_user,
        due_on=message.due_on,
    )


def action_agreed(*, action: MeetingAction, acting_user: User) -> None:
    assert action.owner_unit is not None  # every action has its owning unit (meeting_action_add)
    item_open(
        kind=ItemKind.ACTION,
        target_app=APP,
        target_id=action.pk,
        url=reverse("care:meeting", args=[action.meeting_id]),
        for_unit=action.owner_unit,
        for_user=action.owner.user if action.owner is not None and action.owner.user_id else None,
        person=action.meeting.person,
        sent_by=acting_user,
        due_on=action.due_on,
    )


def action_finished(*, action: MeetingAction, acting_user: User) -> None:
    item_close(target_app=APP, target_id=action.pk, kinds=(ItemKind.ACTION,), acting_user=acting_user)


def coordinator_appointed(*, plan: IndividualPlan, acting_user: User) -> None:
    coordinator = plan.coordinator
    if coordinator is not None and coordinator.user_id == acting_user.pk:
        return  # a coordinator who appoints herself needs no note from herself
    item_open(
        kind=ItemKind.COORDINATOR,
        target_app=APP,
        target_id=plan.pk,
        url=reverse("care:individual_plan", args=[plan.pk]),
        for_unit=plan.coordinating_unit,
        for_user=coordinator.user if coordinator is not None and coordinator.user_id else None,
        person=plan.person,
        sent_by=acting_user,
    )


def plan_reviewed(*, plan: IndividualPlan, acting_user: User) -> None:
    item_close(target_app=APP, target_id=plan.pk, kinds=(ItemKind.PLAN_REVIEW,), acting_user=acting_user)


def plan_ended(*, plan: IndividualPlan, acting_user: User) -> None:
    item_close(target_app=APP, target_id=plan.pk, acting_user=acting_user)


@transaction.atomic
def plan_reviews_due_open(*, today: datetime.date | None = None, every_days: int) -> int:
    """Daily: an open individual plan last gone through `every_days` ago (less the notice) gets one item for its
    coordinator; returns how many were new."""
    today = today or local_today()
    due_before = today - datetime.timedelta(days=every_days - PLAN_REVIEW_NOTICE_DAYS)
    already = Item.objects.filter(kind=ItemKind.PLAN_REVIEW, target_app=APP, closed_at__isnull=True).values(
        "target_id"
    )
    plans = (
        IndividualPlan.objects.filter(ended_on__isnull=True, reviewed_on__lte=due_before)
        .exclude(pk__in=already)
        .select_related("coordinating_unit", "coordinator", "person")
        .order_by("pk")
    )
    opened = 0
    for plan in plans.iterator(chunk_size=500):
        due = plan.reviewed_on + datetime.timedelta(days=every_days)
        item_open(
            kind=ItemKind.PLAN_REVIEW,
            target_app=APP,
            target_id=plan.pk,
            url=reverse("care:individual_plan", args=[plan.pk]),
            for_unit=plan.coordinating_unit,
            for_user=plan.coordinator.user if plan.coordinator and plan.coordinator.user_id else None,
            person=plan.person,
            due_on=due,
        )
        opened += 1
    return opened
