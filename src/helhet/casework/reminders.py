"""Deadline reminders: the daily job records, once per deadline, a reminder the case owner sees in the queue.

Two legal deadlines are watched: the interim reply (forvaltningsloven § 11 a, one month after receipt, while
no answer has gone out) and the evaluation date of a sent decision in follow-up. A reminder is recorded when
the deadline is at most REMINDER_DAYS ahead or already past; running the job again the same day (or the next)
adds nothing for a deadline already reminded of (unique per case, kind and due date). The reminder is
shown to whoever owns the case now.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from helhet.access.policy import case_areas
from helhet.casework import deadlines, workflow
from helhet.casework.models import Case, Decision, DecisionState, Reminder, ReminderKind, Status
from helhet.core.calendar import local_today

REMINDER_DAYS = 7


@transaction.atomic
def deadline_reminders_record(*, today: datetime.date | None = None) -> int:
    """Record the reminders due today for every municipality; returns how many were new."""
    today = today or local_today()
    horizon = today + datetime.timedelta(days=REMINDER_DAYS)
    rows = []
    waiting = Case.objects.filter(
        status__in=workflow.BEFORE_DECISION,
        interim_reply_sent_on__isnull=True,
        received_on__lte=deadlines.received_on_bound(horizon + datetime.timedelta(days=1)),
    ).only("pk", "received_on", "owner_id")
    for case in waiting.iterator(chunk_size=2000):
        rows.append(
            Reminder(
                case_id=case.pk,
                kind=ReminderKind.INTERIM_REPLY,
                due=deadlines.interim_reply_due(case.received_on),
                owner_id=case.owner_id,
            )
        )
    evaluations = Decision.objects.filter(
        state=DecisionState.SENT,
        superseded_by__isnull=True,
        review_date__lte=horizon,
        case__status=Status.FOLLOW_UP,
    ).values_list("pk", "case_id", "review_date", "case__owner_id")
    for decision_id, case_id, review_date, owner_id in evaluations.iterator(chunk_size=2000):
        if review_date is None:  # never: the filter asks for a review date on or before the horizon
            continue
        rows.append(
            Reminder(
                case_id=case_id,
                kind=ReminderKind.EVALUATION,
                due=review_date,
                owner_id=owner_id,
                decision_id=decision_id,
            )
        )
    before = Reminder.objects.count()
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return Reminder.objects.count() - before


@dataclass(frozen=True)
class OpenReminder:
    case_id: int
    kind_label: str
    due: datetime.date
    overdue: bool


def open_reminders(user, *, today: datetime.date | None = None, limit: int = 25) -> list[OpenReminder]:
    """Reminders of the cases the user owns now (a case handed on takes its reminders along) whose deadline
    is still not met, in the user's own service areas; case numbers only, no person data."""
    today = today or local_today()
    still_open = Q(
        kind=ReminderKind.INTERIM_REPLY,
        case__status__in=workflow.BEFORE_DECISION,
        case__interim_reply_sent_on__isnull=True,
    ) | Q(kind=ReminderKind.EVALUATION, case__status=Status.FOLLOW_UP)
    reminders = (
        Reminder.objects.filter(still_open, case__owner=user, case__service_area__in=case_areas(user))
        .order_by("due", "pk")
        .values_list("case_id", "kind", "due")[:limit]
    )
    return [
        OpenReminder(case_id=case_id, kind_label=str(ReminderKind(kind).label), due=due, overdue=due < today)
        for case_id, kind, due in reminders
    ]
