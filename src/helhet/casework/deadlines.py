"""Every deadline of a case, from the legal calendar (never ad hoc arithmetic)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from helhet.core.calendar import add_workdays, deadline, local_today

INTERIM_REPLY_MONTHS = 1  # fvl § 11 a
APPEAL_WEEKS = 4  # pbrl § 7-5
# A posted decision is presumed to reach the person this many working days after it was sent, unless the
# office records when it actually came (the deadline runs from when it reached them: pbrl § 7-5,
# fvl § 29; domain.md §1.3, §2). The municipality may set another number (HELHET_POST_DELIVERY_WORKDAYS).
POST_DELIVERY_WORKDAYS = 3


@dataclass(frozen=True)
class Deadline:
    label: str
    due: datetime.date
    met: bool = False
    met_on: datetime.date | None = None

    @property
    def late(self) -> bool:
        """Met, but after the deadline (e.g. an interim reply sent after the month of fvl § 11 a)."""
        return self.met and self.met_on is not None and self.met_on > self.due

    def risk(self, today: datetime.date) -> str:
        if self.late:
            return "late"
        if self.met:
            return "met"
        if self.due < today:
            return "overdue"
        if self.due <= today + datetime.timedelta(days=7):
            return "this_week"
        return "later"


def interim_reply_due(received_on: datetime.date) -> datetime.date:
    return deadline(received_on, months=INTERIM_REPLY_MONTHS)


def appeal_deadline(notified_on: datetime.date, *, weeks: int = APPEAL_WEEKS) -> datetime.date:
    """The appeal deadline from the day the notice reached the party, in the weeks of the decision's legal
    regime (pasient- og brukerrettighetsloven § 7-5: four; forvaltningsloven § 29: three)."""
    return deadline(notified_on, weeks=weeks)


def appeal_weeks_of(decision) -> int:
    version = getattr(decision, "regime_version", None)
    return version.appeal_weeks if version is not None else APPEAL_WEEKS


def post_delivery_workdays() -> int:
    return int(getattr(settings, "HELHET_POST_DELIVERY_WORKDAYS", POST_DELIVERY_WORKDAYS))


def delivered_on(
    method: str, sent_on: datetime.date, known: datetime.date | None
) -> tuple[datetime.date, bool]:
    """When the decision reached the person, and whether that date is presumed.

    Digital: the day it was sent (the notice is available at once). Handed over in person: the day given,
    else the day sent. Post: the day the office knows it came; otherwise presumed the configured number of
    working days after sending (legal calendar)."""
    if known is not None:
        return known, False
    if method == "post":
        return add_workdays(sent_on, post_delivery_workdays()), True
    return sent_on, False


def interim_reply_late(received_on: datetime.date, sent_on: datetime.date) -> bool:
    return sent_on > interim_reply_due(received_on)


def for_case(case, decisions) -> list[Deadline]:
    sent = [d for d in decisions if d.state == "sent"]
    answered = [day for day in [case.interim_reply_sent_on, *(d.sent_on for d in sent)] if day is not None]
    first_answer = min(answered) if answered else None
    first_decision = min((d.sent_on for d in sent if d.sent_on), default=None)
    items = [
        Deadline(
            _("Foreløpig svar (fvl. § 11 a) hvis ikke vedtak"),
            interim_reply_due(case.received_on),
            met=first_answer is not None,
            met_on=first_answer,
        ),
        Deadline(
            _("Svar til søkeren (kommunens mål)"),
            case.application.expected_answer_by,
            met=bool(sent),
            met_on=first_decision,
        ),
    ]
    for decision in sent:
        if decision.appeal_deadline:
            items.append(
                Deadline(
                    _("Klagefrist: %(service)s") % {"service": decision.service.name},
                    decision.appeal_deadline,
                    met=decision.appeal_deadline < local_today(),
                )
            )
        if decision.review_date:
            items.append(
                Deadline(
                    _("Evaluering: %(service)s") % {"service": decision.service.name}, decision.review_date
                )
            )
    return items


def received_on_bound(due_before: datetime.date) -> datetime.date:
    """The latest receipt date whose interim-reply deadline falls before `due_before`.

    The deadline only grows with the receipt date, so "deadline < X" is "received_on <= bound": a plain
    range on an indexed column, whatever the number of cases.
    """
    day = due_before - datetime.timedelta(days=27)
    while interim_reply_due(day) >= due_before:
        day -= datetime.timedelta(days=1)
    while interim_reply_due(day + datetime.timedelta(days=1)) < due_before:
        day += datetime.timedelta(days=1)
    return day
