"""Every deadline of a case, from the legal calendar (never ad hoc arithmetic)."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from helhet.core.calendar import deadline, local_today

INTERIM_REPLY_MONTHS = 1  # fvl § 11 a
APPEAL_WEEKS = 4  # pbrl § 7-5


@dataclass(frozen=True)
class Deadline:
    label: str
    due: datetime.date
    met: bool = False

    def risk(self, today: datetime.date) -> str:
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


def for_case(case, decisions) -> list[Deadline]:
    sent = [d for d in decisions if d.state == "sent"]
    items = [
        Deadline(
            _("Foreløpig svar (fvl. § 11 a) hvis ikke vedtak"),
            interim_reply_due(case.received_on),
            met=bool(sent) or case.interim_reply_sent_on is not None,
        ),
        Deadline(_("Svar til søkeren (kommunens mål)"), case.application.expected_answer_by, met=bool(sent)),
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
