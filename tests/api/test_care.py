"""The providers' API: work lists, plans, the message book, deviations, meetings and individual plans."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from helhet.access.models import AccessLog
from helhet.care import services
from helhet.casework.models import ReviewRequest
from helhet.core.calendar import local_today
from tests import factories
from tests.care.conftest import grant

TODAY = local_today()


@pytest.fixture
def berg(world, case_worker, municipality):
    person = factories.person(municipality, first_name="Ragnhild", last_name="Berg")
    return person, grant(world, case_worker, person)


def test_a_measure_is_planned_through_the_api_and_never_beyond_the_decision(api, nurse, home_care, berg):
    person, decision = berg
    body = {
        "unit_id": home_care.pk,
        "decision_id": decision.pk,
        "what": "Morgenstell",
        "times": ["08:00"],
        "weekdays": [0, 2, 4],
        "valid_from": TODAY.isoformat(),
    }
    created = api.as_(nurse).post(f"/persons/{person.pk}/plan/measures", body)
    assert created.status_code == 201 and created.json()["times"] == ["08:00"]
    too_much = api.post(f"/persons/{person.pk}/plan/measures", {**body, "weekdays": [1]})
    assert too_much.status_code == 422 and "Planen kan ikke gi mer enn vedtaket" in too_much.json()["message"]
    goal = api.post(
        f"/persons/{person.pk}/plan/goals",
        {"unit_id": home_care.pk, "decision_id": decision.pk, "text": "Stå opp selv om morgenen"},
    )
    assert goal.status_code == 201
    plan = api.get(f"/persons/{person.pk}/plan").json()
    assert [m["what"] for m in plan[0]["measures"]] == ["Morgenstell"]
    assert plan[0]["goals"] == ["Stå opp selv om morgenen"]


def test_messages_through_the_api_with_read_receipts(api, nurse, leader, home_care, berg):
    person, _decision = berg
    posted = api.as_(leader).post(
        "/messages", {"unit_id": home_care.pk, "text": "Ny kode til nøkkelboksen", "person_id": person.pk}
    )
    assert posted.status_code == 201
    read = api.as_(nurse).post(f"/messages/{posted.json()['id']}/read", {})
    assert sorted(read.json()["read_by"]) == sorted([leader.display_name, nurse.display_name])
    book = api.get("/messages", unit=home_care.pk).json()
    assert [m["text"] for m in book] == ["Ny kode til nøkkelboksen"]


def test_a_deviation_is_reported_through_the_api(api, nurse, home_care):
    response = api.as_(nurse).post(
        "/deviations", {"unit_id": home_care.pk, "kind": "incident", "severity": "high", "what": "Fall"}
    )
    assert response.status_code == 201 and response.json()["state"] == "open"
    bad = api.post("/deviations", {"unit_id": home_care.pk, "kind": "x", "severity": "high", "what": "Fall"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "kind"


def test_a_meeting_with_minutes_and_a_review_request_through_the_api(
    api, leader, home_care, berg, municipality, case_worker
):
    person, decision = berg
    nav = factories.unit(municipality, "NAV Demo")
    body = {
        "person_id": person.pk,
        "kind": "joint",
        "starts_at": (timezone.now() - datetime.timedelta(minutes=5)).isoformat(),
        "organiser_unit_id": home_care.pk,
        "unit_ids": [nav.pk],
        "agenda": "Hjelp om kvelden",
    }
    created = api.as_(leader).post("/meetings", body)
    assert created.status_code == 201, created.json()
    meeting = created.json()
    assert {p["unit"] for p in meeting["participants"]} == {"NAV Demo", home_care.name}
    minutes = api.post(
        f"/meetings/{meeting['id']}/minutes", {"minutes": "Enige om å be om ny vurdering", "version": 1}
    )
    assert minutes.json()["state"] == "held"
    stale = api.post(f"/meetings/{meeting['id']}/minutes", {"minutes": "Overskriver", "version": 1})
    assert stale.status_code == 409
    action = api.post(
        f"/meetings/{meeting['id']}/actions",
        {
            "kind": "review",
            "text": "Mer hjelp om kvelden",
            "due_on": TODAY.isoformat(),
            "decision_id": decision.pk,
        },
    )
    assert action.status_code == 201 and ReviewRequest.objects.filter(decision=decision).exists()
    without_user = api.post("/meetings", {**body, "person_invited": False})
    assert without_user.status_code == 422 and without_user.json()["detail"][0]["field"] == "person_invited"


def test_an_individual_plan_through_the_api_is_logged_and_consent_bound(api, municipality, nurse, home_care):
    coordinating = factories.unit(municipality, "Koordinerende enhet")
    coordinator = factories.user(municipality, "koordinator", unit=coordinating)
    person = factories.person(municipality, first_name="Siri", last_name="Dahl")
    factories.responsibility(person, unit=coordinating)
    factories.responsibility(person, unit=home_care)
    created = api.as_(coordinator).post(
        "/individual-plans",
        {
            "person_id": person.pk,
            "coordinating_unit_id": coordinating.pk,
            "coordinator_staff_id": coordinator.staff.pk,
        },
    )
    assert created.status_code == 201
    plan_id = created.json()["id"]
    goal = api.post(f"/individual-plans/{plan_id}/goals", {"text": "Fullføre videregående"})
    assert [g["text"] for g in goal.json()["goals"]] == ["Fullføre videregående"]
    assert AccessLog.objects.filter(person=person, user=coordinator, channel="api").exists()
    assert api.as_(nurse).get(f"/individual-plans/{plan_id}").status_code == 404


def test_the_worklist_api_carries_assignment_appointments_and_messages(api, nurse, leader, home_care, berg):
    person, decision = berg
    plan = services.plan_for(acting_user=nurse, person=person, unit=home_care)
    services.measure_add(
        acting_user=nurse,
        plan=plan,
        decision=decision,
        what="Tilsyn",
        times=["09:00"],
        every_n_days=3,
        valid_from=TODAY,
    )
    services.visit_assign(
        acting_user=leader, unit=home_care, person=person, day=TODAY, shift="day", staff=nurse.staff
    )
    services.message_post(acting_user=leader, unit=home_care, text="Kun ringeklokke", person=person)
    [visit] = api.as_(nurse).get("/worklists", unit=home_care.pk, date=TODAY.isoformat(), shift="day").json()
    assert visit["staff"] == str(nurse.staff) and visit["messages"] == ["Kun ringeklokke"]


def test_the_openapi_document_lists_the_providers_endpoints(client, db):
    paths = set(client.get("/api/v1/openapi.json").json()["paths"])
    assert {
        "/api/v1/worklists",
        "/api/v1/tasks/{task_id}/record",
        "/api/v1/persons/{person_id}/plan",
        "/api/v1/persons/{person_id}/plan/measures",
        "/api/v1/persons/{person_id}/plan/goals",
        "/api/v1/messages",
        "/api/v1/deviations",
        "/api/v1/meetings",
        "/api/v1/meetings/{meeting_id}/actions",
        "/api/v1/individual-plans",
        "/api/v1/individual-plans/{plan_id}",
    } <= paths


def test_a_measure_is_tied_to_its_goal_through_the_api(
    api, nurse, home_care, berg, world, case_worker, municipality
):
    person, decision = berg
    api.as_(nurse)
    goal = api.post(
        f"/persons/{person.pk}/plan/goals",
        {"unit_id": home_care.pk, "decision_id": decision.pk, "text": "Klare morgenstellet selv"},
    ).json()
    body = {
        "unit_id": home_care.pk,
        "decision_id": decision.pk,
        "what": "Morgenstell",
        "times": ["08:00"],
        "weekdays": [0],
        "valid_from": TODAY.isoformat(),
        "goal_id": goal["id"],
    }
    created = api.post(f"/persons/{person.pk}/plan/measures", body)
    assert created.status_code == 201 and created.json()["goal_id"] == goal["id"]
    loosened = api.post(f"/plan/measures/{created.json()['id']}/goal", {"goal_id": None})
    assert loosened.status_code == 200 and loosened.json()["goal_id"] is None
    other_person = factories.person(municipality, first_name="Per", last_name="Dahl")
    other_decision = grant(world, case_worker, other_person)
    other_goal = services.goal_add(
        acting_user=nurse,
        plan=services.plan_for(acting_user=nurse, person=other_person, unit=home_care),
        decision=other_decision,
        text="Annen persons mål",
    )
    wrong = api.post(f"/plan/measures/{created.json()['id']}/goal", {"goal_id": other_goal.pk})
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["field"] == "goal_id"
    tied = api.post(f"/plan/measures/{created.json()['id']}/goal", {"goal_id": goal["id"]})
    assert tied.json()["goal_id"] == goal["id"]


def test_the_delivery_report_through_the_api_is_logged_and_for_the_unit_only(
    api, nurse, home_care, berg, municipality
):
    person, decision = berg
    plan = services.plan_for(acting_user=nurse, person=person, unit=home_care)
    measure = services.measure_add(
        acting_user=nurse,
        plan=plan,
        decision=decision,
        what="Stell",
        times=["08:00"],
        weekdays=[TODAY.weekday()],
        valid_from=TODAY,
    )
    services.task_record(acting_user=nurse, measure=measure, day=TODAY, time=datetime.time(8), status="done")
    rows = api.as_(nurse).get("/delivery", unit=home_care.pk, date=TODAY.isoformat())
    assert rows.status_code == 200
    [row] = rows.json()
    assert (row["decision_id"], row["delivered"], row["not_done"]) == (decision.pk, 1.0, 0)
    assert AccessLog.objects.filter(
        person=person, user=nurse, channel="api", what__startswith="Levert"
    ).exists()
    other_unit = factories.unit(municipality, "Sykehjemmet")
    stranger = factories.user(municipality, "tjenesteyter", username="sykehjem", unit=other_unit)
    assert api.as_(stranger).get("/delivery", unit=home_care.pk, date=TODAY.isoformat()).status_code == 403
    assert api.as_(nurse).get("/delivery", unit=home_care.pk, date="2026-02-30").status_code == 422


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_an_absurd_date_is_refused_plainly(api, client, nurse, home_care, day):
    for path in ("/worklists", "/delivery"):
        response = api.as_(nurse).get(path, unit=home_care.pk, date=day)
        assert response.status_code == 422 and response.json()["detail"][0]["field"] == "date"
    client.force_login(nurse)
    for name in ("care:worklist", "care:delivery"):
        assert client.get(reverse(name), {"dato": day}).status_code == 200
