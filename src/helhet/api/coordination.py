"""/api/v1: the message book, deviations, meetings with their actions, and individual plans."""

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from helhet.api import lookups
from helhet.api.errors import Day
from helhet.api.idempotency import idempotent
from helhet.care import selectors, services
from helhet.care.models import ActionKind, MeetingKind, Message
from helhet.catalogue.models import Service
from helhet.core.calendar import local_today
from helhet.intake.models import Application, Inquiry
from helhet.organisation.models import Staff
from helhet.people import selectors as people

router = Router(tags=["Samarbeid"])
CHANNEL = "api"


def _person(request, person_id: int, what: str):
    return people.person_detail(request.auth, person_id, what=what, channel=CHANNEL).person


class MessageOut(Schema):
    id: int
    text: str
    person_id: int | None
    due_on: Day | None
    author: str
    created_at: datetime.datetime
    read_by: list[str]


def _message_out(m: Message) -> dict:
    return {
        "id": m.pk,
        "text": m.text,
        "person_id": m.person_id,
        "due_on": m.due_on,
        "author": m.author.display_name,
        "created_at": m.created_at,
        "read_by": [r.user.display_name for r in m.reads.all()],
    }


@router.get("/messages", response=list[MessageOut], summary="Enhetens åpne beskjeder (beskjedboka)")
def messages(request, unit: int, date: Day | None = None):
    selectors.require_works_in(request.auth, unit)  # 403 like the page, before the unit is looked up
    team = lookups.unit(request.auth, unit, "unit")
    book = selectors.message_book(request.auth, team, date or local_today(), limit=200, channel=CHANNEL)
    return [_message_out(m) for m in book]


class MessageIn(Schema):
    unit_id: int
    text: str = Field(..., max_length=2000)
    person_id: int | None = None
    due_on: Day | None = None


@router.post("/messages", response={201: MessageOut}, summary="Skriv i beskjedboka")
@idempotent
def message_create(request, payload: MessageIn):
    person = _person(request, payload.person_id, "Beskjedbok") if payload.person_id else None
    message = services.message_post(
        acting_user=request.auth,
        unit=lookups.unit(request.auth, payload.unit_id),
        text=payload.text,
        person=person,
        due_on=payload.due_on,
    )
    return Status(201, _message_out(Message.objects.prefetch_related("reads__user").get(pk=message.pk)))


@router.post(
    "/messages/{message_id}/read", response={200: MessageOut}, summary="Kvitter for at beskjeden er lest"
)
def message_read(request, message_id: int):
    message = get_object_or_404(Message, pk=message_id, municipality_id=request.auth.municipality_id)
    services.message_mark_read(acting_user=request.auth, message=message)
    return _message_out(
        Message.objects.prefetch_related("reads__user").select_related("author").get(pk=message.pk)
    )


class DeviationIn(Schema):
    unit_id: int
    kind: str = Field(..., description="not_done, wrong, incident eller other")
    severity: str = Field(..., description="low, medium eller high")
    what: str = Field(..., max_length=4000)
    happened_at: datetime.datetime | None = None
    person_id: int | None = None
    immediate_action: str = Field("", max_length=2000)


class DeviationOut(Schema):
    id: int
    unit_id: int
    kind: str
    severity: str
    state: str


@router.post("/deviations", response={201: DeviationOut}, summary="Meld et avvik til enhetens leder")
@idempotent
def deviation_create(request, payload: DeviationIn):
    person = _person(request, payload.person_id, "Avviksmelding") if payload.person_id else None
    data = payload.dict(exclude={"unit_id", "person_id"})
    deviation = services.deviation_report(
        acting_user=request.auth, unit=lookups.unit(request.auth, payload.unit_id), person=person, **data
    )
    return Status(201, deviation)


class ParticipantOut(Schema):
    unit: str | None
    staff: str | None
    relative: str | None


class ActionOut(Schema):
    id: int
    kind: str
    text: str
    owner_unit: str
    owner: str | None
    due_on: Day
    done: bool


class MeetingOut(Schema):
    id: int
    kind: str
    person_id: int
    starts_at: datetime.datetime
    duration: int
    organiser: str
    state: str
    person_invited: bool
    agenda: str
    minutes: str
    participants: list[ParticipantOut]
    actions: list[ActionOut]


def _meeting_out(request, meeting_id: int) -> dict:
    m = selectors.meeting_detail(request.auth, meeting_id, channel=CHANNEL)
    return {
        "id": m.pk,
        "kind": m.kind,
        "person_id": m.person_id,
        "starts_at": m.starts_at,
        "duration": m.duration,
        "organiser": m.organiser.name,
        "state": m.state,
        "person_invited": m.person_invited,
        "agenda": m.agenda,
        "minutes": m.minutes,
        "participants": [
            {
                "unit": p.unit.name if p.unit else None,
                "staff": str(p.staff) if p.staff else None,
                "relative": p.relative.name if p.relative else None,
            }
            for p in m.participants.all()
        ],
        "actions": [
            {
                "id": a.pk,
                "kind": a.kind,
                "text": a.text,
                "owner_unit": a.owner_unit.name,
                "owner": str(a.owner) if a.owner else None,
                "due_on": a.due_on,
                "done": a.done_at is not None,
            }
            for a in m.actions.all()
        ],
    }


class MeetingIn(Schema):
    person_id: int
    kind: str = Field(..., description=", ".join(MeetingKind.values))
    starts_at: datetime.datetime
    organiser_unit_id: int
    unit_ids: list[int] = Field([], description="Andre deltakende enheter")
    relative_ids: list[int] = []
    duration: int = Field(60, ge=15, le=480)
    place: str = Field("", max_length=200)
    agenda: str = Field("", max_length=4000)
    person_invited: bool = True
    referral_application_id: int | None = None
    referral_inquiry_id: int | None = None


@router.post(
    "/meetings", response={201: MeetingOut}, summary="Sett opp et møte med personen og flere enheter"
)
@idempotent
def meeting_create(request, payload: MeetingIn):
    person = _person(request, payload.person_id, "Nytt møte")
    relatives = list(person.relatives.filter(pk__in=payload.relative_ids))
    if len(relatives) != len(set(payload.relative_ids)):
        raise ValidationError({"relative_ids": "Pårørende må høre til personen."})
    application = inquiry = None
    if payload.referral_application_id:
        application = Application.objects.filter(pk=payload.referral_application_id, person=person).first()
        if application is None:
            raise ValidationError({"referral_application_id": "Ukjent søknad for personen."})
    if payload.referral_inquiry_id:
        inquiry = Inquiry.objects.filter(pk=payload.referral_inquiry_id, person=person).first()
        if inquiry is None:
            raise ValidationError({"referral_inquiry_id": "Ukjent henvendelse for personen."})
    meeting = services.meeting_schedule(
        acting_user=request.auth,
        person=person,
        kind=payload.kind,
        starts_at=payload.starts_at,
        organiser=lookups.unit(request.auth, payload.organiser_unit_id, "organiser_unit_id"),
        units=lookups.units(request.auth, payload.unit_ids, "unit_ids"),
        relatives=relatives,
        duration=payload.duration,
        place=payload.place,
        agenda=payload.agenda,
        person_invited=payload.person_invited,
        referral_application=application,
        referral_inquiry=inquiry,
    )
    return Status(201, _meeting_out(request, meeting.pk))


@router.get(
    "/meetings/{meeting_id}", response=MeetingOut, summary="Et møte med deltakere, referat og oppfølging"
)
def meeting_get(request, meeting_id: int):
    return _meeting_out(request, meeting_id)


class MinutesIn(Schema):
    minutes: str = Field(..., max_length=10000)
    version: int = Field(..., description="Versjonen du leste (hindrer at noens endring går tapt)")


@router.post("/meetings/{meeting_id}/minutes", response=MeetingOut, summary="Skriv referatet")
def meeting_minutes(request, meeting_id: int, payload: MinutesIn):
    meeting = selectors.meeting_detail(request.auth, meeting_id, channel=CHANNEL)
    services.meeting_minutes_record(
        acting_user=request.auth, meeting=meeting, minutes=payload.minutes, expected_version=payload.version
    )
    return _meeting_out(request, meeting_id)


class ActionIn(Schema):
    kind: str = Field(
        ActionKind.TASK, description="task, eller review (be tjenestekontoret vurdere vedtaket)"
    )
    text: str = Field(..., max_length=500)
    due_on: Day
    owner_unit_id: int | None = None
    owner_staff_id: int | None = None
    decision_id: int | None = None


@router.post(
    "/meetings/{meeting_id}/actions", response={201: MeetingOut}, summary="Registrer avtalt oppfølging"
)
@idempotent
def meeting_action(request, meeting_id: int, payload: ActionIn):
    meeting = selectors.meeting_detail(request.auth, meeting_id, channel=CHANNEL)
    owner_unit = (
        lookups.unit(request.auth, payload.owner_unit_id, "owner_unit_id") if payload.owner_unit_id else None
    )
    owner = (
        Staff.objects.filter(pk=payload.owner_staff_id, municipality_id=request.auth.municipality_id).first()
        if payload.owner_staff_id is not None
        else None
    )
    decision = (
        selectors.meeting_decisions(meeting).filter(pk=payload.decision_id).first()
        if payload.decision_id
        else None
    )
    services.meeting_action_add(
        acting_user=request.auth,
        meeting=meeting,
        kind=payload.kind,
        text=payload.text,
        due_on=payload.due_on,
        owner_unit=owner_unit,
        owner=owner,
        decision=decision,
    )
    return Status(201, _meeting_out(request, meeting_id))


class GoalOut(Schema):
    text: str
    service: str | None


class IndividualPlanOut(Schema):
    id: int
    person_id: int
    coordinating_unit: str
    coordinator: str
    child_coordinator: str | None
    plan_declined: bool
    services: list[str]
    shared_with: list[str]
    goals: list[GoalOut]
    started_on: Day
    reviewed_on: Day


def _plan_out(request, plan_id: int) -> dict:
    p = selectors.individual_plan_detail(request.auth, plan_id, channel=CHANNEL)
    return {
        "id": p.pk,
        "person_id": p.person_id,
        "coordinating_unit": p.coordinating_unit.name,
        "coordinator": str(p.coordinator),
        "child_coordinator": str(p.child_coordinator) if p.child_coordinator else None,
        "plan_declined": p.plan_declined,
        "services": [s.name for s in p.services.all()],
        "shared_with": [u.name for u in p.shared_with.all()],
        "goals": [{"text": g.text, "service": g.service.name if g.service else None} for g in p.goals.all()],
        "started_on": p.started_on,
        "reviewed_on": p.reviewed_on,
    }


class AppointIn(Schema):
    person_id: int
    coordinating_unit_id: int
    coordinator_staff_id: int
    child_coordinator_staff_id: int | None = None
    plan_declined: bool = False
    service_ids: list[int] = []
    shared_with_unit_ids: list[int] = Field([], description="Enheter personen samtykker til at ser planen")


@router.post(
    "/individual-plans",
    response={201: IndividualPlanOut},
    summary="Oppnevn koordinator og opprett individuell plan",
)
@idempotent
def individual_plan_create(request, payload: AppointIn):
    person = _person(request, payload.person_id, "Oppnevning av koordinator")
    staff = {
        s.pk: s
        for s in Staff.objects.filter(
            pk__in=[payload.coordinator_staff_id, payload.child_coordinator_staff_id or 0],
            municipality_id=request.auth.municipality_id,
        )
    }
    if payload.coordinator_staff_id not in staff:
        raise ValidationError({"coordinator_staff_id": "Ukjent ansatt."})
    plan = services.coordinator_appoint(
        acting_user=request.auth,
        person=person,
        coordinating_unit=lookups.unit(request.auth, payload.coordinating_unit_id, "coordinating_unit_id"),
        coordinator=staff[payload.coordinator_staff_id],
        child_coordinator=(
            staff.get(payload.child_coordinator_staff_id)
            if payload.child_coordinator_staff_id is not None
            else None
        ),
        plan_declined=payload.plan_declined,
        services=Service.objects.filter(
            pk__in=payload.service_ids, municipality_id=request.auth.municipality_id
        ),
        shared_with=lookups.units(request.auth, payload.shared_with_unit_ids, "shared_with_unit_ids"),
    )
    return Status(201, _plan_out(request, plan.pk))


@router.get("/individual-plans/{plan_id}", response=IndividualPlanOut, summary="En individuell plan")
def individual_plan_get(request, plan_id: int):
    return _plan_out(request, plan_id)


class PlanGoalIn(Schema):
    text: str = Field(..., max_length=500)
    service_id: int | None = None


@router.post(
    "/individual-plans/{plan_id}/goals", response={201: IndividualPlanOut}, summary="Legg til et mål"
)
@idempotent
def individual_plan_goal(request, plan_id: int, payload: PlanGoalIn):
    plan = selectors.individual_plan_detail(request.auth, plan_id, channel=CHANNEL)
    service = plan.services.filter(pk=payload.service_id).first() if payload.service_id else None
    services.individual_plan_goal_add(acting_user=request.auth, plan=plan, text=payload.text, service=service)
    return Status(201, _plan_out(request, plan_id))
