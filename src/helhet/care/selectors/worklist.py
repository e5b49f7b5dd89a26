"""The work list: generated on demand from the active measures, never stored in advance."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.access.shown import persons_shown
from helhet.care.models import (
    Appointment,
    ExtraTask,
    Goal,
    GoalPlan,
    Measure,
    Message,
    MessageRead,
    TaskRecord,
    TaskStatus,
    VisitAssignment,
    shift_of,
)
from helhet.care.schedule import occurs_on, parse_times, per_week, shift_ends_at
from helhet.casework.models import GRANTING, Decision, ScopeUnit
from helhet.core.calendar import local_today
from helhet.core.models import User
from helhet.organisation.models import Staff, Unit
from helhet.organisation.selectors import unit_ids_for_user
from helhet.people.models import Person


@dataclass
class Task:
    measure: Measure
    day: datetime.date
    time: datetime.time
    record: TaskRecord | None = None

    @property
    def id(self) -> str:
        return f"{self.measure.pk}-{self.day:%Y%m%d}-{self.time:%H%M}"

    @property
    def shift_over(self) -> bool:
        """Whether the shift of the task has ended: a check-off can be taken back only before."""
        return timezone.now() >= timezone.make_aware(shift_ends_at(self.day, self.time))


@dataclass
class Visit:
    person: Person
    key_notes: str
    tasks: list[Task] = field(default_factory=list)
    staff: Staff | None = None
    appointments: list[Appointment] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)

    @property
    def first(self) -> datetime.time:
        return self.tasks[0].time

    @property
    def finished(self) -> bool:
        """Every task of the visit is checked off (done, partly or not done)."""
        return all(task.record is not None for task in self.tasks)


def progress(visits: Sequence[Visit]) -> tuple[int, int]:
    """How many visits are finished, of how many. A visit is one person at one time: a person with tasks at
    08:00 and 12:00 is two visits, and the 08:00 one is finished when its tasks are checked off."""
    done = total = 0
    for visit in visits:
        finished_at: dict[datetime.time, bool] = {}
        for task in visit.tasks:
            finished_at[task.time] = finished_at.get(task.time, True) and task.record is not None
        total += len(finished_at)
        done += sum(finished_at.values())
    return done, total


def has_visits(staff: Staff, *, unit: Unit, day: datetime.date, shift: str) -> bool:
    """Whether the member of staff has been given visits in the unit's shift (their work list opens on them)."""
    return VisitAssignment.objects.filter(unit=unit, day=day, shift=shift, staff=staff).exists()


PROVIDER_ROLES = (roles.PROVIDER, roles.LEADER)


def require_member(
    user: User, unit_id: int, allowed_roles: Iterable[str], *, on: datetime.date | None = None
) -> None:
    """Staff act only in the units they work in or lead, and only in the roles given."""
    if not roles.has_any_role(user, allowed_roles) or unit_id not in unit_ids_for_user(
        user, on or local_today()
    ):
        raise PermissionDenied(_("Du jobber ikke i denne enheten."))


def require_works_in(user: User, unit_id: int, *, on: datetime.date | None = None) -> None:
    """Provider staff and leaders act only in the units they work in or lead."""
    require_member(user, unit_id, PROVIDER_ROLES, on=on)


def require_leader(user: User, unit_id: int, *, on: datetime.date | None = None) -> None:
    """Assigning visits, approving procedures, handling deviations and reserving days are the unit leader's."""
    require_works_in(user, unit_id, on=on)
    if not roles.has_any_role(user, (roles.LEADER,)):
        raise PermissionDenied(_("Bare enhetens leder kan gjøre dette."))


def parse_task_id(task_id: str) -> tuple[int, datetime.date, datetime.time]:
    measure_id, day, time = task_id.split("-")
    return (
        int(measure_id),
        datetime.datetime.strptime(day, "%Y%m%d").date(),
        datetime.datetime.strptime(time, "%H%M").time(),
    )


def worklist(
    user: User,
    *,
    unit: Unit,
    day: datetime.date,
    shift: str,
    channel: str = "web",
    only_staff: Staff | None = None,
) -> list[Visit]:
    """Every task of the unit's plans on `day` in `shift`, grouped by visit, ordered by time and address (or only
    the visits given to `only_staff`). Only what the task needs of each person is shown, and the list is
    access-logged."""
    ordered = _visits(user, unit=unit, day=day, shift=shift, only_staff=only_staff)
    _log_shown(user, ordered, channel=channel)
    return ordered


# How many visits a work-list page shows in full at a time; the rest of the shift comes on demand.
PAGE_VISITS = 20


@dataclass
class WorklistPage:
    """A part of the shift's visits, shown in full, with what the page says about the whole shift."""

    visits: list[Visit]
    start: int  # index in the whole shift of the first visit shown
    count: int  # visits in the whole shift (of the list asked for: the team's or the user's own)
    done: int  # visits (a person at a time) finished, of `total`, in the whole shift
    total: int
    size: int | None = PAGE_VISITS  # visits a page shows (None: all)

    @property
    def next_start(self) -> int | None:
        end = self.start + len(self.visits)
        return end if end < self.count else None

    @property
    def previous_start(self) -> int | None:
        return max(0, self.start - (self.size or self.start)) if self.start > 0 else None

    @property
    def rest(self) -> int:
        return self.count - self.start - len(self.visits)


def worklist_page(
    user: User,
    *,
    unit: Unit,
    day: datetime.date,
    shift: str,
    only_staff: Staff | None = None,
    start: int | None = None,
    size: int | None = PAGE_VISITS,
) -> WorklistPage:
    """The visits of the shift a work-list page shows in full: `size` of them from `start` (all with no size).
    Without a start the page opens where the work is: at the page of the first visit not yet finished. Only the
    visits shown are access-logged; the progress counts the whole shift."""
    ordered = _visits(user, unit=unit, day=day, shift=shift, only_staff=only_staff)
    done, total = progress(ordered)
    if start is None:
        first_open = next((i for i, visit in enumerate(ordered) if not visit.finished), 0)
        start = (first_open // size) * size if size else 0
    start = max(0, min(start, max(len(ordered) - 1, 0)))
    shown = ordered[start : start + size] if size else ordered[start:]
    _log_shown(user, shown, channel="web")
    return WorklistPage(visits=shown, start=start, count=len(ordered), done=done, total=total, size=size)


def _log_shown(user: User, visits: Sequence[Visit], *, channel: str) -> None:
    persons_shown(
        user=user,
        persons=[v.person for v in visits],
        what=_("Arbeidsliste: navn, adresse og oppgaver"),
        reason=_("Tjenesteyting etter vedtak"),
        channel=channel,
    )


def _visits(
    user: User, *, unit: Unit, day: datetime.date, shift: str, only_staff: Staff | None
) -> list[Visit]:
    require_works_in(user, unit.pk, on=day)
    measures = (
        Measure.objects.filter(plan__unit=unit, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .filter(
            Q(decision__end_date__isnull=True) | Q(decision__end_date__gte=day),
            decision__superseded_by__isnull=True,
        )
        .select_related("plan__person", "goal", "procedure")
        .only(
            "pk",
            "what",
            "how",
            "times",
            "weekdays",
            "every_n_days",
            "minutes",
            "valid_from",
            "valid_to",
            "profession",
            "goal__text",
            "procedure__title",
            "decision_id",
            "plan__key_notes",
            "plan__person__first_name",
            "plan__person__last_name",
            "plan__person__middle_name",
            "plan__person__street_address",
            "plan__person__postal_code",
            "plan__person__postal_place",
            "plan__person__municipality_id",
            "plan__person__phone",
        )
    )
    records = {
        (r.measure_id, r.time): r for r in TaskRecord.objects.filter(day=day, measure__plan__unit=unit)
    }
    visits: dict[int, Visit] = {}
    for measure in measures:
        if not occurs_on(measure, day):
            continue
        for time in parse_times(measure.times):
            if shift_of(time) != shift:
                continue
            person = measure.plan.person
            visit = visits.setdefault(person.pk, Visit(person=person, key_notes=measure.plan.key_notes))
            visit.tasks.append(
                Task(measure=measure, day=day, time=time, record=records.get((measure.pk, time)))
            )
    ordered = sorted(visits.values(), key=lambda v: (min(t.time for t in v.tasks), v.person.street_address))
    for visit in ordered:
        visit.tasks.sort(key=lambda t: (t.time, t.measure.what))
    _add_the_day(ordered, user=user, unit=unit, day=day, shift=shift)
    if only_staff is not None:
        ordered = [visit for visit in ordered if visit.staff == only_staff]
    return ordered


def _add_the_day(visits: list[Visit], *, user: User, unit: Unit, day: datetime.date, shift: str) -> None:
    """Who makes each visit, the person's appointments that day and open messages about the person."""
    by_person = {visit.person.pk: visit for visit in visits}
    for assignment in VisitAssignment.objects.filter(
        unit=unit, day=day, shift=shift, person_id__in=by_person
    ).select_related("staff"):
        by_person[assignment.person_id].staff = assignment.staff
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    for appointment in Appointment.objects.filter(
        person_id__in=by_person, starts_at__gte=start, starts_at__lt=start + datetime.timedelta(days=1)
    ).order_by("starts_at"):
        by_person[appointment.person_id].appointments.append(appointment)
    for message in open_messages(unit, day, reader=user).filter(person_id__in=by_person):
        if message.person_id in by_person:  # always, by the filter: the check narrows the nullable id
            by_person[message.person_id].messages.append(message)


def open_messages(unit: Unit, day: datetime.date, *, reader: User | None = None) -> QuerySet[Message]:
    """The unit's message book as it stands on `day`: messages due that day or later, and undated ones from the
    last week; with a `reader`, each message says whether that user has signed it (`read`)."""
    week_ago = timezone.make_aware(
        datetime.datetime.combine(day - datetime.timedelta(days=7), datetime.time.min)
    )
    end_of_day = timezone.make_aware(
        datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
    )
    messages = (
        Message.objects.filter(unit=unit, created_at__lt=end_of_day)
        .filter(Q(due_on__gte=day) | Q(due_on__isnull=True, created_at__gte=week_ago))
        .select_related("author", "person")
        .order_by(F("due_on").asc(nulls_last=True), "-created_at")
    )
    if reader is not None:
        messages = messages.annotate(
            read=Exists(MessageRead.objects.filter(message=OuterRef("pk"), user=reader))
        )
    return messages


def message_book(
    user: User, unit: Unit, day: datetime.date, *, limit: int, channel: str = "web"
) -> list[Message]:
    """The unit's open messages for its staff, page and API alike; each person a message is about is logged."""
    require_works_in(user, unit.pk, on=day)
    book = list(open_messages(unit, day, reader=user).prefetch_related("reads__user")[:limit])
    about = {message.person_id: message.person for message in book if message.person_id}
    persons_shown(
        user=user,
        persons=about.values(),
        what=_("Beskjedbok: beskjeder om personen"),
        reason=_("Beskjed i enhetens beskjedbok"),
        channel=channel,
    )
    return book


def not_done(unit: Unit, day: datetime.date) -> list[TaskRecord]:
    return list(
        TaskRecord.objects.filter(measure__plan__unit=unit, day=day, status=TaskStatus.NOT_DONE)
        .select_related("measure__plan__person", "recorded_by")
        .order_by("time")
    )


@dataclass
class DecisionPlan:
    decision: Decision
    planned: Decimal
    delivered: Decimal
    extra: Decimal
    measures: list[Measure]
    goals: list[Goal] = field(default_factory=list)


def plan_overview(
    *, person: Person, unit: Unit, today: datetime.date
) -> tuple[GoalPlan | None, list[DecisionPlan]]:
    """The unit's plan for the person: each decision it delivers with granted, planned and delivered this week."""
    plan = GoalPlan.objects.filter(person=person, unit=unit).prefetch_related("goals").first()
    decisions = list(
        Decision.objects.filter(
            case__person=person,
            provider_unit=unit,
            state="sent",
            outcome__in=GRANTING,
            superseded_by__isnull=True,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("service")
        .order_by("start_date")
    )
    week = _week(decisions, today - datetime.timedelta(days=today.weekday()))
    measures: dict[int, list[Measure]] = {d.pk: [] for d in decisions}
    for measure in Measure.objects.filter(decision__in=decisions, plan__unit=unit).select_related(
        "goal", "procedure"
    ):
        measures[measure.decision_id].append(measure)
    return plan, [
        DecisionPlan(
            decision=d,
            planned=_planned(d, [m for m in measures[d.pk] if m.valid_to is None or m.valid_to >= today]),
            delivered=week.delivered[d.pk],
            extra=week.extra[d.pk],
            measures=measures[d.pk],
            goals=[goal for goal in plan.goals.all() if goal.decision_id == d.pk] if plan else [],
        )
        for d in decisions
    ]


def _planned(decision: Decision, measures: Iterable[Measure]) -> Decimal:
    """What the measures schedule a week, in the decision's unit: visits, or hours."""
    hours = decision.scope_unit == ScopeUnit.HOURS_PER_WEEK
    return sum(
        (per_week(m) * Decimal(m.minutes) / 60 if hours else per_week(m) for m in measures), Decimal(0)
    )


def planned_per_week(
    decision: Decision, *, start: datetime.date | None = None, end: datetime.date | None = None
) -> Decimal:
    """Visits per week, or hours per week, that the plans schedule for the decision: the measures running on
    some day from `start` (today) to `end` (open), so an ended measure makes room for its successor."""
    measures = Measure.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start or local_today()), decision=decision
    )
    if end is not None:
        measures = measures.filter(valid_from__lte=end)
    return _planned(decision, measures)


@dataclass
class Week:
    """Per decision id: delivered (done and partly done tasks plus extra help), of that extra, and not done."""

    delivered: dict[int, Decimal]
    extra: dict[int, Decimal]
    not_done: dict[int, int]


def _week(decisions: Sequence[Decision], monday: datetime.date) -> Week:
    """The documentation of one week for many decisions, in two queries."""
    ids = [d.pk for d in decisions]
    hours = {d.pk for d in decisions if d.scope_unit == ScopeUnit.HOURS_PER_WEEK}
    week = Week(
        delivered={pk: Decimal(0) for pk in ids},
        extra={pk: Decimal(0) for pk in ids},
        not_done=dict.fromkeys(ids, 0),
    )
    days = {"day__gte": monday, "day__lte": monday + datetime.timedelta(days=6)}
    for row in (
        TaskRecord.objects.filter(measure__decision_id__in=ids, **days)
        .values("measure__decision_id", "status")
        .annotate(count=Count("pk"), minutes=Sum("measure__minutes"))
    ):
        pk = row["measure__decision_id"]
        if row["status"] == TaskStatus.NOT_DONE:
            week.not_done[pk] += row["count"]
        else:
            week.delivered[pk] += Decimal(row["minutes"] or 0) / 60 if pk in hours else Decimal(row["count"])
    for row in (
        ExtraTask.objects.filter(decision_id__in=ids, **days)
        .values("decision_id")
        .annotate(count=Count("pk"), minutes=Sum("minutes"))
    ):
        pk = row["decision_id"]
        amount = Decimal(row["minutes"] or 0) / 60 if pk in hours else Decimal(row["count"])
        week.delivered[pk] += amount
        week.extra[pk] += amount
    return week


def delivered_per_week(decision: Decision, monday: datetime.date) -> dict[str, Any]:
    """Granted against planned and delivered in one week, as the documentation shows it."""
    week = _week([decision], monday)
    return {
        "granted": decision.scope_amount,
        "planned": planned_per_week(decision),
        "delivered": week.delivered[decision.pk],
        "extra": week.extra[decision.pk],
    }


@dataclass
class DeliveryRow:
    decision: Decision
    planned: Decimal
    delivered: Decimal
    not_done: int


def delivery_report(unit: Unit, monday: datetime.date) -> list[DeliveryRow]:
    """Every active grant the unit delivers: granted, planned and delivered in the week, in a fixed number of
    queries, for the leader and the service office to see where help was not given."""
    sunday = monday + datetime.timedelta(days=6)
    decisions = list(
        Decision.objects.filter(
            provider_unit=unit,
            state="sent",
            outcome__in=GRANTING,
            superseded_by__isnull=True,
            start_date__lte=sunday,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=monday))
        .select_related("service", "case__person")
        .order_by("case__person__last_name", "case__person__first_name", "pk")
    )
    measures: dict[int, list[Measure]] = {d.pk: [] for d in decisions}
    for measure in Measure.objects.filter(decision__in=decisions, valid_from__lte=sunday).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=monday)
    ):
        measures[measure.decision_id].append(measure)
    week = _week(decisions, monday)
    return [
        DeliveryRow(
            decision=d,
            planned=_planned(d, measures[d.pk]),
            delivered=week.delivered[d.pk],
            not_done=week.not_done[d.pk],
        )
        for d in decisions
    ]


def delivery_report_for(
    user: User, unit: Unit, monday: datetime.date, *, channel: str = "web"
) -> list[DeliveryRow]:
    """The delivery report as its readers get it: staff of the unit only, each person shown access-logged."""
    require_works_in(user, unit.pk)
    rows = delivery_report(unit, monday)
    persons_shown(
        user=user,
        persons=[row.decision.case.person for row in rows],
        what=_("Levert mot vedtak: vedtak, planlagt og levert"),
        reason=_("Tjenesteyting etter vedtak"),
        channel=channel,
    )
    return rows
