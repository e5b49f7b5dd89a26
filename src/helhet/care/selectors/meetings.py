"""Reads of meetings, the joint-conversation day, trio conversations and individual plans."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.access.policy import person_access
from helhet.access.services import authorize_person_read
from helhet.access.shown import persons_shown
from helhet.care.models import (
    JointConversationDay,
    Meeting,
    MeetingAction,
    MeetingKind,
    MeetingParticipant,
    MeetingState,
    Shift,
    VisitAssignment,
)
from helhet.casework.models import Decision, DecisionState
from helhet.core.calendar import local_today
from helhet.core.models import User
from helhet.organisation.models import Staff
from helhet.organisation.selectors import (
    service_areas_of_units,
    staff_for_user,
    unit_ids_for_staff,
    unit_ids_for_user,
)
from helhet.people.models import Person

TRIO_WITHOUT_REFERRAL = 3


def trio_without_referral_used(person: Person) -> int:
    """Trio conversations the family has had or booked without a referral."""
    return (
        Meeting.objects.filter(
            person=person,
            kind=MeetingKind.TRIO,
            referral_application__isnull=True,
            referral_inquiry__isnull=True,
        )
        .exclude(state=MeetingState.CANCELLED)
        .count()
    )


def joint_day_on(unit_id: int, day: datetime.date) -> JointConversationDay | None:
    return JointConversationDay.objects.valid_on(day).filter(unit_id=unit_id, weekday=day.weekday()).first()


def joint_days_blocking(staff: Staff, day: datetime.date) -> list[JointConversationDay]:
    """The joint-conversation days that reserve the member of staff's `day` (their units' days)."""
    return list(
        JointConversationDay.objects.valid_on(day)
        .filter(unit_id__in=unit_ids_for_staff(staff, day), weekday=day.weekday())
        .select_related("unit")
        .order_by("pk")
    )


def joint_day_blocks(staff: Staff, day: datetime.date) -> str:
    """The unit whose joint-conversation day blocks the member of staff's calendar on `day`, or ''."""
    blocking = joint_days_blocking(staff, day)
    return blocking[0].unit.name if blocking else ""


@dataclass
class Slot:
    time: datetime.time
    meeting: Meeting | None


def joint_day_slots(joint_day: JointConversationDay, day: datetime.date) -> list[Slot]:
    """The reserved day cut into slots, each free or holding its booked conversation."""
    if not joint_day.holds(day):
        return []
    start = timezone.make_aware(datetime.datetime.combine(day, joint_day.starts))
    end = timezone.make_aware(datetime.datetime.combine(day, joint_day.ends))
    booked = {
        timezone.localtime(m.starts_at).time(): m
        for m in Meeting.objects.filter(
            organiser_id=joint_day.unit_id, kind=MeetingKind.JOINT, starts_at__gte=start, starts_at__lt=end
        )
        .exclude(state=MeetingState.CANCELLED)
        .select_related("person")
    }
    slots, at = [], start
    step = datetime.timedelta(minutes=joint_day.slot_minutes)
    while at + step <= end:
        time = timezone.localtime(at).time()
        slots.append(Slot(time=time, meeting=booked.get(time)))
        at += step
    return slots


def next_joint_days(
    joint_day: JointConversationDay, *, count: int = 4, today: datetime.date | None = None
) -> list[datetime.date]:
    today = today or local_today()
    first = today + datetime.timedelta(days=(joint_day.weekday - today.weekday()) % 7)
    first = max(
        first,
        joint_day.valid_from
        + datetime.timedelta(days=(joint_day.weekday - joint_day.valid_from.weekday()) % 7),
    )
    days = [first + datetime.timedelta(weeks=i) for i in range(count)]
    return [d for d in days if joint_day.valid_to is None or d <= joint_day.valid_to]


def meetings_for_units(unit_ids: Iterable[int], *, since: datetime.date) -> QuerySet[Meeting]:
    return (
        Meeting.objects.filter(participants__unit_id__in=unit_ids, starts_at__date__gte=since)
        .distinct()
        .select_related("person", "organiser")
        .order_by("starts_at")
    )


def meeting_detail(user: User, meeting_id: int, *, channel: str = "web") -> Meeting:
    """A meeting the user's unit takes part in, with participants and actions; the read is access-logged."""
    if user.municipality_id is None:
        raise Http404
    unit_ids = unit_ids_for_user(user, local_today())
    meeting = (
        Meeting.objects.filter(
            pk=meeting_id, participants__unit_id__in=unit_ids, municipality_id=user.municipality_id
        )
        .select_related("person", "organiser")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=MeetingParticipant.objects.select_related("unit", "staff", "relative"),
            ),
            Prefetch(
                "actions",
                queryset=MeetingAction.objects.select_related("owner", "owner_unit", "decision__service"),
            ),
        )
        .first()
    )
    if meeting is None or not person_access(user, meeting.person):
        raise Http404
    authorize_person_read(user, meeting.person, what=_("Møte og referat"), channel=channel)
    return meeting


def meeting_decisions(meeting: Meeting) -> QuerySet[Decision]:
    """The person's sent decisions a meeting may ask the service office to review: those of the service areas
    of the units taking part, so a meeting of health units never lists (or learns of) a NAV decision. Where a
    participating unit has no service area configured, no area is assumed and every decision is listed."""
    decisions = Decision.objects.filter(
        case__person=meeting.person, state=DecisionState.SENT, superseded_by__isnull=True
    ).select_related("service", "case__team")
    unit_ids = [p.unit_id for p in meeting.participants.all() if p.unit_id]
    areas = set(service_areas_of_units(unit_ids, timezone.localdate(meeting.starts_at)).values())
    if areas and "" not in areas:
        decisions = decisions.filter(case__service_area__in=areas)
    return decisions


def open_actions(user: User) -> QuerySet[MeetingAction]:
    """Agreed actions the user's units own that are not done yet, oldest due date first."""
    unit_ids = unit_ids_for_user(user, local_today())
    actions = MeetingAction.objects.filter(owner_unit_id__in=unit_ids, done_at__isnull=True)
    return actions.select_related("meeting__person", "owner", "owner_unit").order_by("due_on")


@dataclass
class CalendarDay:
    day: datetime.date
    blocked_by: str = ""
    meetings: list[Meeting] = field(default_factory=list)
    visits: dict[str, int] = field(default_factory=dict)
    actions: list[MeetingAction] = field(default_factory=list)


def staff_calendar(user: User, *, start: datetime.date, days: int = 14) -> list[CalendarDay]:
    """The member of staff's next days: joint-conversation days that block them, meetings of their units,
    the visits given to them per shift, and agreed actions falling due."""
    staff = staff_for_user(user)
    unit_ids = unit_ids_for_user(user, start)
    end = start + datetime.timedelta(days=days)
    calendar = {
        start + datetime.timedelta(days=i): CalendarDay(day=start + datetime.timedelta(days=i))
        for i in range(days)
    }
    reserved = list(
        JointConversationDay.objects.filter(unit_id__in=unit_ids, valid_from__lt=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .select_related("unit")
    )
    for entry in calendar.values():
        for joint_day in reserved:
            if joint_day.holds(entry.day):
                entry.blocked_by = joint_day.unit.name
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    for meeting in (
        Meeting.objects.filter(
            participants__unit_id__in=unit_ids,
            starts_at__gte=first,
            starts_at__lt=first + datetime.timedelta(days=days),
        )
        .exclude(state=MeetingState.CANCELLED)
        .distinct()
        .select_related("person")
        .order_by("starts_at")
    ):
        calendar[timezone.localdate(meeting.starts_at)].meetings.append(meeting)
    if staff is not None:
        for assignment in VisitAssignment.objects.filter(staff=staff, day__gte=start, day__lt=end):
            visits = calendar[assignment.day].visits
            shift = str(Shift(assignment.shift).label)
            visits[shift] = visits.get(shift, 0) + 1
    for action in open_actions(user).filter(due_on__gte=start, due_on__lt=end):
        calendar[action.due_on].actions.append(action)
    calendar_days = list(calendar.values())
    persons_shown(
        user,
        [m.person for d in calendar_days for m in d.meetings]
        + [a.meeting.person for d in calendar_days for a in d.actions],
        what=_("Kalender: møter og oppfølgingspunkter med navn"),
        reason=_("Møter i egne enheter"),
    )
    return calendar_days
