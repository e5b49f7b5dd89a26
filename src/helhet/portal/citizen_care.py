"""Min plan og koordinator, and møter: the person's individual plan (IP) and coordinator, the goals of the
goal and action plans of the units that help them, and the meetings they take part in, with the minutes once
the meeting is held. Objects are looked up through the person the citizen acts for (another's id is 404)."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from helhet.care.models import Goal, GoalPlan, IndividualPlan, IndividualPlanGoal, Meeting, MeetingState
from helhet.care.models.meetings import MeetingParticipant
from helhet.care.models.plans import Measure
from helhet.core.calendar import local_today
from helhet.portal.acting import Acting, acting_for
from helhet.portal.citizen_reads import citizen_read, logged_as
from helhet.portal.citizen_views import citizen_required, person_context
from helhet.portal.models import PublicProfile
from helhet.portal.representation import Capability

PAST_MEETINGS_SHOWN = 20


def _profile(acting: Acting) -> PublicProfile | None:
    return PublicProfile.objects.filter(municipality_id=acting.person.municipality_id).first()


@citizen_required
def plan(request: HttpRequest, person_id: int) -> HttpResponse:
    """Min plan: the individual plan and coordinator, and what the units that help the person aim for."""
    acting = acting_for(request, person_id, Capability.PLAN)
    today = local_today()
    individual = (
        IndividualPlan.objects.filter(person=acting.person, ended_on__isnull=True)
        .select_related("coordinator", "child_coordinator", "coordinating_unit")
        .prefetch_related(
            Prefetch("goals", queryset=IndividualPlanGoal.objects.select_related("service").order_by("pk")),
            "services",
        )
        .first()
    )
    goal_plans = list(
        GoalPlan.objects.filter(person=acting.person)
        .select_related("unit")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.select_related("decision__service").order_by("pk")),
            Prefetch(
                "measures",
                queryset=Measure.objects.filter(valid_from__lte=today)
                .exclude(valid_to__lt=today)
                .order_by("what", "pk"),
                to_attr="current_measures",
            ),
        )
        .order_by("unit__name", "pk")
    )
    citizen_read(acting, what=logged_as("Min side: plan og koordinator"))
    context = person_context(request, acting)
    context.update(
        {
            "individual": individual,
            "goal_plans": goal_plans,
            "profile": _profile(acting),
            "title": _("Min plan og koordinator"),
        }
    )
    return render(request, "portal/citizen/plan.html", context)


def _meetings(acting: Acting):
    return (
        Meeting.objects.filter(person=acting.person, person_invited=True)
        .select_related("organiser", "room_booking__room")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=MeetingParticipant.objects.select_related("unit", "staff", "relative").order_by(
                    "pk"
                ),
            )
        )
    )


def who_comes(meeting: Meeting) -> list[str]:
    """Who takes part, as units and roles (a relative by name: they are the person's own)."""
    found: list[str] = []
    for participant in meeting.participants.all():
        if participant.relative is not None:
            found.append(participant.relative.name)
            continue
        role = ""
        if participant.staff is not None:
            role = participant.staff.title or participant.staff.profession
        label = (
            f"{participant.unit.name} ({role})"
            if participant.unit and role
            else (participant.unit.name if participant.unit else role)
        )
        if label and label not in found:
            found.append(label)
    return found


def place_of(meeting: Meeting) -> str:
    if meeting.place:
        return meeting.place
    booking = meeting.room_booking
    return booking.room.name if booking is not None else ""


def _shown(meeting: Meeting) -> Meeting:
    meeting.who = who_comes(meeting)  # type: ignore[attr-defined]
    meeting.where = place_of(meeting)  # type: ignore[attr-defined]
    meeting.ends_at = meeting.starts_at + datetime.timedelta(minutes=meeting.duration)  # type: ignore[attr-defined]
    return meeting


@citizen_required
def meetings(request: HttpRequest, person_id: int) -> HttpResponse:
    """Møter: the meetings coming up (cancelled ones said so), then the latest held ones with minutes."""
    acting = acting_for(request, person_id, Capability.MEETINGS)
    now = timezone.now()
    upcoming = [
        _shown(m)
        for m in _meetings(acting)
        .filter(starts_at__gte=now - datetime.timedelta(hours=2))
        .exclude(state=MeetingState.HELD)
        .order_by("starts_at", "pk")
    ]
    held = [
        _shown(m)
        for m in _meetings(acting)
        .filter(state=MeetingState.HELD)
        .order_by("-starts_at", "-pk")[:PAST_MEETINGS_SHOWN]
    ]
    citizen_read(acting, what=logged_as("Min side: møter"))
    context = person_context(request, acting)
    context.update({"upcoming": upcoming, "held": held, "title": _("Møter")})
    return render(request, "portal/citizen/meetings.html", context)


@citizen_required
def meeting(request: HttpRequest, person_id: int, meeting_id: int) -> HttpResponse:
    """One meeting: when, where, who comes, the agenda, and the minutes once it is held."""
    acting = acting_for(request, person_id, Capability.MEETINGS)
    found = _shown(get_object_or_404(_meetings(acting), pk=meeting_id))
    citizen_read(acting, what=logged_as("Min side: møte %(id)d", id=found.pk))
    context = person_context(request, acting)
    context.update({"meeting": found, "title": found.get_kind_display()})
    return render(request, "portal/citizen/meeting.html", context)
