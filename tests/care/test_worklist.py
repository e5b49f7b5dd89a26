"""Plans, measures within what the decision grants, the work list and the check-off."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from helhet.care import selectors, services
from helhet.care.models import TaskRecord
from helhet.core.calendar import local_today
from tests import factories
from tests.care.conftest import grant, plan_with_measure

TODAY = local_today()


def test_a_plan_cannot_schedule_more_than_the_decision_grants(nurse, granted):
    person, decision = granted
    plan, _measure = plan_with_measure(nurse, person, decision)
    with pytest.raises(ValidationError) as caught:
        services.measure_add(
            acting_user=nurse,
            plan=plan,
            decision=decision,
            what="Kveldsstell",
            times=["20:00"],
            weekdays=[1],
            valid_from=TODAY,
        )
    assert "3 besøk per uke innvilget, 3 planlagt fra før" in str(caught.value)
    assert selectors.planned_per_week(decision) == 3


def test_work_list_shows_todays_tasks_by_visit_in_the_right_shift(nurse, granted):
    person, decision = granted
    plan_with_measure(
        nurse,
        person,
        decision,
        weekdays=[],
        times=["08:00", "21:00"],
        every_n_days=7,
        valid_from=TODAY,
        what="Tilsyn",
    )
    day_visits = selectors.worklist(nurse, unit=decision.provider_unit, day=TODAY, shift="day")
    evening = selectors.worklist(nurse, unit=decision.provider_unit, day=TODAY, shift="evening")
    assert [(v.person.last_name, [t.time.hour for t in v.tasks]) for v in day_visits] == [("Berg", [8])]
    assert [t.time.hour for v in evening for t in v.tasks] == [21]


def test_check_off_done_and_not_done_with_a_reason(nurse, granted):
    person, decision = granted
    _plan, measure = plan_with_measure(nurse, person, decision, weekdays=[], every_n_days=3, valid_from=TODAY)
    with pytest.raises(ValidationError):
        services.task_record(
            acting_user=nurse, measure=measure, day=TODAY, time=datetime.time(8), status="not_done"
        )
    services.task_record(
        acting_user=nurse,
        measure=measure,
        day=TODAY,
        time=datetime.time(8),
        status="not_done",
        reason="not_home",
    )
    with pytest.raises(ValidationError):
        services.task_record(
            acting_user=nurse, measure=measure, day=TODAY, time=datetime.time(8), status="done"
        )
    with pytest.raises(ValidationError):
        services.task_record(
            acting_user=nurse, measure=measure, day=TODAY, time=datetime.time(9), status="done"
        )
    assert TaskRecord.objects.get().reason == "not_home"


def test_staff_of_other_units_cannot_see_the_list_or_check_off(granted, municipality, nurse):
    person, decision = granted
    _plan, measure = plan_with_measure(nurse, person, decision, weekdays=[], every_n_days=3, valid_from=TODAY)
    stranger = factories.user(municipality, "tjenesteyter", unit=factories.unit(municipality, "Annet team"))
    with pytest.raises(PermissionDenied):
        selectors.worklist(stranger, unit=decision.provider_unit, day=TODAY, shift="day")
    with pytest.raises(PermissionDenied):
        services.task_record(
            acting_user=stranger, measure=measure, day=TODAY, time=datetime.time(8), status="done"
        )


def test_phone_page_check_off_and_the_leader_sees_what_was_not_done(client, nurse, leader, granted):
    person, decision = granted
    _plan, measure = plan_with_measure(nurse, person, decision, weekdays=[], every_n_days=3, valid_from=TODAY)
    client.force_login(nurse)
    html = client.get(reverse("care:worklist"), {"dato": TODAY.isoformat(), "vakt": "day"}).content.decode()
    assert "Ragnhild Berg" in html and "Storgata 3" in html and "Morgenstell" in html
    task_id = f"{measure.pk}-{TODAY:%Y%m%d}-0800"
    html = client.post(
        reverse("care:record", args=[task_id]),
        {"status": "not_done", "reason": "not_home"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "Ikke utført" in html and "ikke hjemme" in html
    client.force_login(leader)
    html = client.get(reverse("care:worklist"), {"dato": TODAY.isoformat(), "vakt": "day"}).content.decode()
    assert "Ikke utført i dag (1)" in html


def _page_queries(client, django_assert_max_num_queries, leader):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(leader)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("care:worklist"), {"dato": TODAY.isoformat(), "vakt": "day"})
    assert response.status_code == 200
    return len(captured.captured_queries), response.content.decode()


def test_the_worklist_page_makes_as_many_queries_for_eight_visits_as_for_one(
    client, world, case_worker, municipality, nurse, leader, home_care, django_assert_max_num_queries
):
    def add_person(i):
        person = factories.person(municipality, first_name=f"Person{i}", street_address=f"Gate {i}")
        decision = grant(world, case_worker, person, amount=7)
        plan_with_measure(nurse, person, decision, weekdays=[], every_n_days=1, valid_from=TODAY)
        services.message_post(acting_user=nurse, unit=home_care, text=f"Husk nøkkel {i}", person=person)
        services.appointment_add(
            acting_user=nurse,
            person=person,
            kind="doctor",
            starts_at=datetime.datetime.combine(TODAY, datetime.time(13, 0)),
            what="Fastlege",
        )

    add_person(0)
    one, _html = _page_queries(client, django_assert_max_num_queries, leader)
    for i in range(1, 8):
        add_person(i)
    eight, html = _page_queries(client, django_assert_max_num_queries, leader)
    assert "Husk nøkkel 0" in html and "Husk nøkkel 7" in html and html.count("Fastlege") == 8
    assert eight == one
    with django_assert_max_num_queries(one):
        client.get(reverse("care:worklist"), {"dato": TODAY.isoformat(), "vakt": "day"})


def test_worklist_and_check_off_through_the_api(client, nurse, granted):
    import json

    from helhet.access.services import api_token_create

    person, decision = granted
    plan_with_measure(nurse, person, decision, weekdays=[], every_n_days=3, valid_from=TODAY)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=nurse)}"}
    visits = client.get(
        "/api/v1/worklists",
        {"unit": decision.provider_unit_id, "date": TODAY.isoformat(), "shift": "day"},
        **headers,
    ).json()
    task = visits[0]["tasks"][0]
    assert (visits[0]["name"], task["what"], task["status"]) == ("Ragnhild Berg", "Morgenstell", None)
    response = client.post(
        f"/api/v1/tasks/{task['id']}/record",
        json.dumps({"status": "not_done"}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422 and response.json()["detail"][0]["field"] == "reason"
    response = client.post(
        f"/api/v1/tasks/{task['id']}/record",
        json.dumps({"status": "done"}),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201
    plans = client.get(f"/api/v1/persons/{person.pk}/plan", **headers).json()
    assert plans[0]["measures"][0]["what"] == "Morgenstell"


def test_plan_page_shows_the_gap_and_adds_goal_and_measure(client, nurse, granted):
    person, decision = granted
    client.force_login(nurse)
    url = reverse("care:plan", args=[person.pk])
    html = client.get(url).content.decode()
    assert "Innvilget 3 besøk per uke · planlagt 0" in html
    assert "ikke alt innvilget er planlagt" in html
    client.post(url, {"action": "goal", "decision": decision.pk, "text": "Klare å dusje selv til sommeren"})
    client.post(
        url,
        {
            "action": "measure",
            "decision": decision.pk,
            "what": "Dusjhjelp",
            "times": "09:00",
            "weekdays": ["0", "3"],
            "minutes": "45",
        },
    )
    html = client.get(url).content.decode()
    assert "Klare å dusje selv til sommeren" in html
    assert "Dusjhjelp: 09:00 (man, tor)" in html
    assert "planlagt 2" in html
    response = client.post(
        url, {"action": "measure", "decision": decision.pk, "what": "Mer", "times": "10:00"}, follow=True
    )
    assert "Planen kan ikke gi mer enn vedtaket" in response.content.decode()


def test_a_measure_is_tied_to_a_goal_on_the_plan_page(client, nurse, granted):
    person, decision = granted
    client.force_login(nurse)
    url = reverse("care:plan", args=[person.pk])
    client.post(url, {"action": "goal", "decision": decision.pk, "text": "Klare å dusje selv"})
    from helhet.care.models import Goal, Measure

    goal = Goal.objects.get(decision=decision)
    client.post(
        url,
        {
            "action": "measure",
            "decision": decision.pk,
            "what": "Dusjhjelp",
            "times": "09:00",
            "weekdays": ["0"],
            "goal": goal.pk,
        },
    )
    measure = Measure.objects.get(what="Dusjhjelp")
    assert measure.goal == goal
    assert "Dusjhjelp: 09:00 (man). Mål: Klare å dusje selv" in client.get(url).content.decode()
    client.post(url, {"action": "link", "decision": decision.pk, "measure": measure.pk, "goal": ""})
    measure.refresh_from_db()
    assert measure.goal is None
    client.post(url, {"action": "link", "decision": decision.pk, "measure": measure.pk, "goal": goal.pk})
    measure.refresh_from_db()
    assert measure.goal == goal


def test_an_ended_measure_leaves_the_work_list_and_frees_the_grant(client, nurse, granted):
    person, decision = granted
    plan, measure = plan_with_measure(nurse, person, decision, weekdays=[], every_n_days=3, valid_from=TODAY)
    client.force_login(nurse)
    response = client.post(
        reverse("care:plan", args=[person.pk]), {"action": "end", "measure": measure.pk}, follow=True
    )
    assert "Tiltaket er avsluttet fra i morgen." in response.content.decode()
    later = TODAY + datetime.timedelta(days=3)
    assert selectors.worklist(nurse, unit=plan.unit, day=later, shift="day") == []
    services.measure_add(
        acting_user=nurse,
        plan=plan,
        decision=decision,
        what="Kveldsstell",
        times=["20:00"],
        weekdays=[0, 2, 4],
        valid_from=TODAY + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="allerede avsluttet"):
        services.measure_end(acting_user=nurse, measure=measure, last_day=TODAY)
