"""Each role's day on its start page, from deadlines and data. Every person named is logged through access;
each function issues a bounded number of queries whatever the amount of data."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access.policy import case_areas
from helhet.access.shown import persons_shown
from helhet.care.models import (
    Deviation,
    DeviationState,
    IndividualPlan,
    Measure,
    Shift,
    TaskRecord,
    VisitAssignment,
    shift_of,
)
from helhet.care.models.plans import TaskStatus
from helhet.care.schedule import occurs_on, parse_times
from helhet.care.selectors import REVIEW_EVERY_DAYS, Visit, coordinator_overview, has_visits, worklist
from helhet.casework import deadlines, workflow
from helhet.casework.models import GRANTING, Case, Decision, DecisionState
from helhet.core.models import User
from helhet.inbox import selectors as inbox
from helhet.inbox.models import ItemKind
from helhet.intake.models import Handoff, Inquiry, InquiryOutcome
from helhet.organisation.models import Leadership, Unit
from helhet.organisation.selectors import staff_for_user, unit_ids_for_user, units_for_user

SHOWN = 15
MAX_UNITS = 3  # a nurse works in one or two units; the page stays bounded for anyone in more
RISK_ORDER = {"overdue": 0, "this_week": 1, "later": 2}
PLAN_DUE_WITHIN_DAYS = 30
NEW_REFERRAL_DAYS = 14


@dataclass
class UnitVisits:
    unit: Unit
    shift: str
    visits: list[Visit] = field(default_factory=list)
    day: datetime.date | None = None
    later: bool = False  # no own visits in the shift the nurse is in: these are of the next shift she has

    @property
    def shift_label(self) -> str:
        return str(Shift(self.shift).label)


def shifts_after(day: datetime.date, at: datetime.time) -> list[tuple[datetime.date, str]]:
    """The shifts after the one a time falls in, up to the next day shift: a nurse on the night before 07:00
    looks at the day and evening; after 23:00 at tomorrow's day and evening."""
    tomorrow = day + datetime.timedelta(days=1)
    if at.hour < 7:
        return [(day, Shift.DAY), (day, Shift.EVENING)]
    if at.hour < 15:
        return [(day, Shift.EVENING), (day, Shift.NIGHT)]
    if at.hour < 23:
        return [(day, Shift.NIGHT), (tomorrow, Shift.DAY)]
    return [(tomorrow, Shift.DAY), (tomorrow, Shift.EVENING)]


def provider_day(user: User, *, today: datetime.date, at: datetime.time | None = None) -> list[UnitVisits]:
    """The nurse's own visits in this shift, unit by unit; where she has none in it, those of the next shift
    she has been given visits in, said so (the worklist logs each person it shows)."""
    staff = staff_for_user(user)
    at = at or timezone.localtime().time()
    shift = shift_of(at)
    days = []
    for unit in units_for_user(user, today)[:MAX_UNITS]:
        own = worklist(user, unit=unit, day=today, shift=shift, only_staff=staff) if staff else []
        shown = UnitVisits(unit=unit, shift=shift, visits=own, day=today)
        if staff and not own:
            for day, later in shifts_after(today, at):
                if has_visits(staff, unit=unit, day=day, shift=later):
                    visits = worklist(user, unit=unit, day=day, shift=later, only_staff=staff)
                    shown = UnitVisits(unit=unit, shift=later, visits=visits, day=day, later=True)
                    break
        days.append(shown)
    return days


def _led_unit_ids(user: User, today: datetime.date) -> list[int]:
    led = list(
        Leadership.objects.valid_on(today)
        .filter(staff__user=user)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    return led or sorted(unit_ids_for_user(user, today))


def _in_force(today: datetime.date) -> Q:
    return Q(state=DecisionState.SENT, superseded_by__isnull=True, outcome__in=GRANTING) & (
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def leader_day(user: User, *, today: datetime.date) -> dict[str, Any]:
    """What was not done today, new deviations, orders (decisions in force) without a measure in the unit's
    plan, and how many of this shift's visits nobody has been given."""
    unit_ids = _led_unit_ids(user, today)
    not_done = list(
        TaskRecord.objects.filter(measure__plan__unit_id__in=unit_ids, day=today, status=TaskStatus.NOT_DONE)
        .select_related("measure__plan__person", "measure__plan__unit")
        .order_by("time")[:SHOWN]
    )
    new_deviations = Deviation.objects.filter(unit_id__in=unit_ids, state=DeviationState.OPEN)
    deviations = list(new_deviations.select_related("unit", "person").order_by("-happened_at")[:SHOWN])
    planned = Measure.objects.filter(
        decision=OuterRef("pk"), plan__unit_id=OuterRef("provider_unit_id")
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    waiting = list(
        Decision.objects.filter(_in_force(today), provider_unit_id__in=unit_ids)
        .filter(~Exists(planned))
        .select_related("case__person", "service", "provider_unit")
        .order_by("start_date", "pk")[:SHOWN]
    )
    persons_shown(
        user,
        [r.measure.plan.person for r in not_done]
        + [d.person for d in deviations]
        + [d.case.person for d in waiting],
        what=_("Startside for leder: ikke utført, avvik og vedtak uten plan"),
        reason=_("Leder for enheten"),
    )
    return {
        "unit_ids": unit_ids,
        "not_done": not_done,
        "deviations": deviations,
        "deviation_count": len(deviations) if len(deviations) < SHOWN else new_deviations.count(),
        "waiting_for_plan": waiting,
        "unassigned": unassigned_visits(unit_ids, today),
    }


def unassigned_visits(unit_ids: list[int], today: datetime.date) -> list[dict[str, Any]]:
    """Per unit, how many visits of this shift have nobody given them (a count: no person is named)."""
    shift = shift_of(timezone.localtime().time())
    persons: dict[int, set[int]] = {unit_id: set() for unit_id in unit_ids}
    measures = (
        Measure.objects.filter(plan__unit_id__in=unit_ids, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .filter(Q(decision__end_date__isnull=True) | Q(decision__end_date__gte=today))
        .filter(decision__superseded_by__isnull=True)
        .only(
            "times", "weekdays", "every_n_days", "valid_from", "valid_to", "plan__unit_id", "plan__person_id"
        )
        .select_related("plan")
    )
    for measure in measures:
        if occurs_on(measure, today) and any(shift_of(t) == shift for t in parse_times(measure.times)):
            persons[measure.plan.unit_id].add(measure.plan.person_id)
    for unit_id, person_id in VisitAssignment.objects.filter(
        unit_id__in=unit_ids, day=today, shift=shift, staff__isnull=False
    ).values_list("unit_id", "person_id"):
        persons[unit_id].discard(person_id)
    names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    return [
        {"unit_id": unit_id, "unit": names.get(unit_id, ""), "count": len(persons[unit_id]), "shift": shift}
        for unit_id in unit_ids
    ]


@dataclass(frozen=True)
class OwnCase:
    case: Case
    due: datetime.date | None
    risk: str


def case_worker_day(user: User, *, today: datetime.date) -> list[OwnCase]:
    """The case worker's own open cases, the nearest unmet deadline first (interim reply, answer promised)."""
    if user.municipality_id is None:
        return []
    cases = list(
        Case.objects.filter(
            municipality_id=user.municipality_id,
            service_area__in=case_areas(user),
            owner=user,
            status__in=workflow.OPEN,
        )
        .select_related("person", "application", "team")
        .order_by("received_on", "pk")[:100]
    )
    own = []
    for case in cases:
        due = None
        if case.status in workflow.BEFORE_DECISION:
            candidates = [case.application.expected_answer_by]
            if case.interim_reply_sent_on is None:
                candidates.append(deadlines.interim_reply_due(case.received_on))
            due = min(candidates)
        risk = deadlines.Deadline("", due).risk(today) if due else "later"
        own.append(OwnCase(case=case, due=due, risk=risk))
    own.sort(key=lambda row: (RISK_ORDER.get(row.risk, 2), row.due or datetime.date.max, row.case.pk))
    shown = own[:SHOWN]
    persons_shown(
        user,
        [row.case.person for row in shown],
        what=_("Startside: egne saker og frister"),
        reason=_("Saksbehandler for saken"),
    )
    return shown


def reception_day(user: User, *, today: datetime.date) -> dict[str, Any]:
    """Open inquiries (urgent first) and forwarded inquiries that nobody in the receiving unit has taken yet."""
    if user.municipality_id is None:
        return {"open": [], "open_count": 0, "forwarded": []}
    inquiries = Inquiry.objects.filter(municipality_id=user.municipality_id).select_related(
        "person", "responsible_unit"
    )
    open_ones = inquiries.filter(outcome=InquiryOutcome.OPEN)
    shown_open = list(open_ones.order_by("-urgent", "received_at", "pk")[:SHOWN])
    untaken = inbox.untaken_target_ids(user.municipality_id, target_app="intake", kinds=[ItemKind.INQUIRY])
    forwarded = list(
        inquiries.filter(outcome=InquiryOutcome.FORWARDED, pk__in=untaken).order_by("received_at", "pk")[
            :SHOWN
        ]
    )
    persons_shown(
        user,
        [i.person for i in shown_open + forwarded],
        what=_("Startside for mottaket: åpne og videresendte henvendelser"),
        reason=_("Henvendelser til kommunen"),
    )
    return {
        "open": shown_open,
        "open_count": len(shown_open) if len(shown_open) < SHOWN else open_ones.count(),
        "forwarded": forwarded,
    }


def coordinator_day(user: User, *, today: datetime.date) -> dict[str, Any]:
    """Individual plans due for review within a month (or overdue), and new referrals to the user's units."""
    plans, overdue_before = coordinator_overview(user, today=today)
    due_before = overdue_before + datetime.timedelta(days=PLAN_DUE_WITHIN_DAYS)
    due: list[IndividualPlan] = list(plans.filter(reviewed_on__lt=due_before)[:SHOWN])
    since = timezone.now() - datetime.timedelta(days=NEW_REFERRAL_DAYS)
    referrals: list[Handoff] = []
    if user.municipality_id is not None:
        referrals = list(
            Handoff.objects.filter(
                municipality_id=user.municipality_id,
                to_unit_id__in=unit_ids_for_user(user, today),
                at__gte=since,
            )
            .select_related("person", "from_unit", "to_unit", "inquiry")
            .order_by("-at")[:SHOWN]
        )
    persons_shown(
        user,
        [p.person for p in due] + [h.person for h in referrals],
        what=_("Startside for koordinator: planer til gjennomgang og nye henvisninger"),
        reason=_("Koordinator eller koordinerende enhet"),
    )
    return {
        "plans_due": due,
        "overdue_before": overdue_before,
        "referrals": referrals,
        "review_every_days": REVIEW_EVERY_DAYS,
    }
