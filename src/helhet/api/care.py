"""/api/v1: work lists, check-off of tasks, and a person's goal and action plans."""

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from helhet.care import selectors, services
from helhet.care.models import GoalPlan, Measure, Shift
from helhet.organisation.models import Unit
from helhet.people import selectors as people

router = Router(tags=["Tjenesteyting"])
CHANNEL = "api"


class TaskOut(Schema):
    id: str
    time: datetime.time
    what: str
    how: str
    goal: str | None
    status: str | None
    reason: str | None


class VisitOut(Schema):
    person_id: int
    name: str
    address: str
    key_notes: str
    tasks: list[TaskOut]


@router.get("/worklists", response=list[VisitOut], summary="Arbeidslisten for et team, en dato og en vakt")
def worklist(
    request,
    unit: int,
    date: datetime.date,
    shift: str = Query(Shift.DAY, description="day, evening eller night"),
):
    if shift not in Shift.values:
        raise ValidationError({"shift": "Vakt må være day, evening eller night."})
    team = Unit.objects.filter(pk=unit, municipality_id=request.auth.municipality_id).first()
    if team is None:
        raise ValidationError({"unit": "Ukjent enhet."})
    visits = selectors.worklist(request.auth, unit=team, day=date, shift=shift, channel=CHANNEL)
    return [
        {
            "person_id": v.person.pk,
            "name": v.person.full_name,
            "address": f"{v.person.street_address}, {v.person.postal_code} {v.person.postal_place}",
            "key_notes": v.key_notes,
            "tasks": [
                {
                    "id": t.id,
                    "time": t.time,
                    "what": t.measure.what,
                    "how": t.measure.how,
                    "goal": t.measure.goal.text if t.measure.goal else None,
                    "status": t.record.status if t.record else None,
                    "reason": t.record.reason if t.record else None,
                }
                for t in v.tasks
            ],
        }
        for v in visits
    ]


class RecordIn(Schema):
    status: str = Field(..., description="done, partly eller not_done")
    reason: str = Field("", description="not_home, refused, no_time eller moved (påkrevd ved not_done)")
    note: str = Field("", max_length=500)


class RecordOut(Schema):
    task_id: str
    status: str
    reason: str


@router.post("/tasks/{task_id}/record", response={201: RecordOut}, summary="Kryss av en oppgave")
def record(request, task_id: str, payload: RecordIn):
    try:
        measure_id, day, time = selectors.parse_task_id(task_id)
    except ValueError:
        raise ValidationError({"task_id": "Ugyldig oppgave-id."}) from None
    measure = get_object_or_404(Measure, pk=measure_id, plan__municipality_id=request.auth.municipality_id)
    saved = services.task_record(
        acting_user=request.auth, measure=measure, day=day, time=time, **payload.dict()
    )
    return Status(201, {"task_id": task_id, "status": saved.status, "reason": saved.reason})


class MeasureOut(Schema):
    id: int
    what: str
    times: list[str]
    weekdays: list[int]
    every_n_days: int | None
    decision_id: int


class PlanOut(Schema):
    id: int
    unit: str
    goals: list[str]
    measures: list[MeasureOut]


@router.get("/persons/{person_id}/plan", response=list[PlanOut], summary="Personens mål- og tiltaksplaner")
def plans(request, person_id: int):
    read = people.person_detail(request.auth, person_id, what="Mål- og tiltaksplan", channel=CHANNEL)
    found = (
        GoalPlan.objects.filter(person=read.person)
        .select_related("unit")
        .prefetch_related("goals", "measures")
    )
    return [
        {
            "id": p.pk,
            "unit": p.unit.name,
            "goals": [g.text for g in p.goals.all()],
            "measures": [
                {
                    "id": m.pk,
                    "what": m.what,
                    "times": m.times,
                    "weekdays": m.weekdays,
                    "every_n_days": m.every_n_days,
                    "decision_id": m.decision_id,
                }
                for m in p.measures.all()
            ],
        }
        for p in found
    ]
