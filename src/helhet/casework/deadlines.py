"""Every deadline of a case, from the legal calendar (never ad hoc arithmetic)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.catalogue.selectors import regime_version_for_area
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
    note: str = ""  # e.g. a provisional appeal deadline: the day the letter reached the person is not known

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
    """The case's deadlines, each named with the statute of the case's legal regime (read as data)."""
    sent = [d for d in decisions if d.state == "sent"]
    version = regime_version_for_area(case.municipality_id, case.service_area, case.received_on)
    interim_rule = version.interim_rule if version is not None else _("forvaltningsloven § 11 a")
    answered = [day for day in [case.interim_reply_sent_on, *(d.sent_on for d in sent)] if day is not None]
    first_answer = min(answered) if answered else None
    first_decision = min((d.sent_on for d in sent if d.sent_on), default=None)
    items = [
        Deadline(
            _("Foreløpig svar (%(rule)s) hvis ikke vedtak") % {"rule": interim_rule},
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
    effective = effective_appeal_deadlines(sent)
    for decision in sent:
        appeal = effective[decision.pk]
        if appeal.due is not None:
            label = _("Klagefrist (%(rule)s): %(service)s") % {
                "rule": decision.regime_version.appeal_deadline_rule
                if decision.regime_version_id
                else _("forvaltningsloven § 29"),
                "service": decision.service.name,
            }
            note = _("Foreløpig: dagen brevet kom fram er ikke kjent ennå.") if appeal.provisional else ""
            items.append(Deadline(label, appeal.due, met=appeal.due < local_today(), note=note))
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


@dataclass(frozen=True)
class AppealDeadline:
    """A sent decision's appeal deadline as it runs now. `due` is None while the deadline has not started
    (the letter could not be delivered and has not reached the person); `provisional` while the day the
    letter reached the person is not known (the deadline then runs from the presumed day)."""

    due: datetime.date | None
    provisional: bool
    reached_on: datetime.date | None = None
    note: str = ""


def effective_appeal_deadline(decision) -> AppealDeadline:
    """The appeal deadline of a sent decision, from the day its letter reached the person when that is known
    (pbrl § 7-5, fvl § 29: from when the notice reached the party; digital post: from when it was available
    and the notice sent, eForvaltningsforskriften § 11), never earlier than the deadline printed in the
    letter. The sent decision itself is never edited; its `appeal_deadline` is the provisional one."""
    return effective_appeal_deadlines([decision])[decision.pk]


def effective_appeal_deadlines(decisions) -> dict[int, AppealDeadline]:
    """effective_appeal_deadline for several decisions in one query (the case page, lists)."""
    from helhet.casework.models import Delivery, LetterKind

    decisions = list(decisions)
    by_decision: dict[int, list] = {d.pk: [] for d in decisions}
    sent_ids = [d.pk for d in decisions if d.state == "sent"]
    if sent_ids:
        rows = Delivery.objects.filter(
            letter__decision_id__in=sent_ids, letter__kind=LetterKind.DECISION
        ).values_list("letter__decision_id", "channel", "state", "sent_at", "reached_on", "reached_how")
        for row in rows:
            by_decision[row[0]].append(row[1:])
    return {d.pk: _effective(d, by_decision[d.pk]) for d in decisions}


def _effective(decision, deliveries) -> AppealDeadline:
    from helhet.casework.models import DeliveryChannel, DeliveryState, ReachedHow

    printed = decision.appeal_deadline
    if decision.state != "sent" or printed is None:
        return AppealDeadline(None, False)
    weeks = appeal_weeks_of(decision)
    reached = [(day, how) for _c, _s, _t, day, how in deliveries if day is not None]
    if reached:
        day, how = min(reached)
        return AppealDeadline(
            max(printed, appeal_deadline(day, weeks=weeks)),
            False,
            day,
            _("Regnet fra %(day)s, da brevet kom fram (%(how)s).")
            % {"day": day.strftime("%d.%m.%Y"), "how": str(ReachedHow(how).label).lower()},
        )
    if not deliveries:  # sent before letters were delivered through Helhet: as recorded on the decision
        return AppealDeadline(printed, decision.delivered_on_presumed, decision.delivered_on)
    waiting = (DeliveryState.QUEUED, DeliveryState.SENT, DeliveryState.FAILED)
    if not any(state in waiting for _c, state, _t, _d, _h in deliveries):
        return AppealDeadline(
            None,
            True,
            note=_("Klagefristen har ikke begynt å løpe: brevet har ikke kommet fram til personen."),
        )
    presumed = []
    for channel, state, sent_at, _day, _how in deliveries:
        if state == DeliveryState.SENT and sent_at is not None:
            sent_on = timezone.localdate(sent_at)
            if channel == DeliveryChannel.PAPER:
                sent_on = add_workdays(sent_on, post_delivery_workdays())
            presumed.append(appeal_deadline(sent_on, weeks=weeks))
    due = max(printed, min(presumed)) if presumed else printed
    return AppealDeadline(
        due,
        True,
        note=_(
            "Foreløpig frist: vi vet ennå ikke hvilken dag brevet kom fram, og fristen regnes fra den dagen."
        ),
    )
