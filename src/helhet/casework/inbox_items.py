"""What casework hands on through the inbox: new orders to provider units, interdisciplinary reviews,
requests to review a decision, and appeals to reassess. Called inside the casework services' transactions."""

from django.urls import reverse

from helhet.casework.models import Appeal, Case, Order, ReviewRequest
from helhet.core.models import User
from helhet.inbox.models import ItemKind
from helhet.inbox.services import item_close, item_open

APP = "casework"


def order_handed(*, order: Order, acting_user: User) -> None:
    """A new order for the provider unit, shown at once: the unit may open the person from the day the
    decision is sent (decision_send), so it can plan the first visit before the start date, and an order
    nobody takes rises to the leader counted from that day."""
    decision = order.decision
    assert decision.start_date is not None  # a granting care decision has a start date (decision_send)
    item_open(
        kind=ItemKind.ORDER,
        target_app=APP,
        target_id=order.pk,
        url=reverse("care:plan", args=[decision.case.person_id]),
        for_unit=order.provider_unit,
        person=decision.case.person,
        sent_by=acting_user,
        due_on=decision.start_date,
    )


def order_planned(*, decision_id: int, acting_user: User | None) -> None:
    """The provider unit has planned a measure for the decision (or a new decision replaced it): the order's
    item is done."""
    for order_id in Order.objects.filter(decision_id=decision_id).values_list("pk", flat=True):
        item_close(target_app=APP, target_id=order_id, kinds=(ItemKind.ORDER,), acting_user=acting_user)


def review_wanted(*, case: Case, acting_user: User) -> None:
    item_open(
        kind=ItemKind.REVIEW,
        target_app=APP,
        target_id=case.pk,
        url=reverse("casework:review_create", args=[case.pk]),
        for_unit=case.team,
        person=case.person,
        sent_by=acting_user,
    )


def review_held(*, case: Case, acting_user: User) -> None:
    item_close(target_app=APP, target_id=case.pk, kinds=(ItemKind.REVIEW,), acting_user=acting_user)


def review_request_opened(*, request: ReviewRequest, case: Case, acting_user: User) -> None:
    item_open(
        kind=ItemKind.REVIEW_REQUEST,
        target_app=APP,
        target_id=request.pk,
        url=reverse("casework:case", args=[case.pk]),
        for_unit=case.team,
        for_user=case.owner,
        person=case.person,
        sent_by=acting_user,
    )


def review_request_done(*, request: ReviewRequest, acting_user: User) -> None:
    item_close(
        target_app=APP, target_id=request.pk, kinds=(ItemKind.REVIEW_REQUEST,), acting_user=acting_user
    )


def appeal_received(*, appeal: Appeal, case: Case, acting_user: User) -> None:
    item_open(
        kind=ItemKind.APPEAL,
        target_app=APP,
        target_id=appeal.pk,
        url=reverse("casework:case", args=[case.pk]),
        for_unit=case.team,
        for_user=case.owner,
        person=case.person,
        sent_by=acting_user,
    )


def appeal_reassessed(*, appeal: Appeal, acting_user: User) -> None:
    item_close(target_app=APP, target_id=appeal.pk, kinds=(ItemKind.APPEAL,), acting_user=acting_user)


def letter_undelivered(*, delivery) -> None:
    """A letter could not be delivered digitally (or at all) and goes by paper, or waits at the office
    without an address: the case owner is told, since the appeal deadline waits for the letter to arrive."""
    case = delivery.letter.case
    item_open(
        kind=ItemKind.LETTER,
        target_app=APP,
        target_id=delivery.letter_id,
        url=reverse("casework:case", args=[case.pk]) + "#deliveries-heading",
        for_unit=case.team,
        for_user=case.owner,
        person=case.person,
    )


def letter_reached(*, letter) -> None:
    item_close(target_app=APP, target_id=letter.pk, kinds=(ItemKind.LETTER,))
