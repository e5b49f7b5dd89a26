"""Undoing a check-off through the API, as the work list allows it: one's own, while the shift lasts."""

import datetime

from helhet.care import selectors, services
from helhet.care.models import TaskRecord
from helhet.core.calendar import local_today
from tests import factories
from tests.care.conftest import grant, plan_with_measure

TODAY = local_today()


def test_the_nurse_undoes_her_check_off_and_a_colleague_is_refused(
    api, nurse, home_care, world, case_worker, municipality
):
    person = factories.person(municipality, first_name="Ragnhild", last_name="Berg")
    decision = grant(world, case_worker, person, amount=14)
    _plan, measure = plan_with_measure(nurse, person, decision, times=["08:00", "23:30"], weekdays=[])
    yesterday = TODAY - datetime.timedelta(days=1)
    task_id = selectors.Task(measure=measure, day=TODAY, time=datetime.time(23, 30)).id
    old_id = selectors.Task(measure=measure, day=yesterday, time=datetime.time(8)).id  # that shift is over
    for day, time in ((TODAY, datetime.time(23, 30)), (yesterday, datetime.time(8))):
        services.task_record(acting_user=nurse, measure=measure, day=day, time=time, status="done")
    colleague = factories.user(municipality, "tjenesteyter", username="kollega", unit=home_care)
    refused = api.as_(colleague).post(f"/tasks/{task_id}/undo", {})
    assert refused.status_code == 403 and "Bare den som krysset av" in refused.content.decode()
    late = api.as_(nurse).post(f"/tasks/{old_id}/undo", {})
    assert late.status_code == 422 and "Vakten er over" in late.content.decode()
    assert api.post(f"/tasks/{task_id}/undo", {}).status_code == 204
    assert not TaskRecord.objects.filter(measure=measure, day=TODAY).exists()
    again = api.post(f"/tasks/{task_id}/undo", {})
    assert again.status_code == 422 and "allerede angret" in again.content.decode()
    assert api.post("/tasks/x/undo", {}).status_code == 422


def test_a_retried_check_off_after_an_undo_records_again_instead_of_replaying_done(
    client, nurse, home_care, world, case_worker, municipality
):
    """A phone's offline queue retries its «record» call after the nurse took the check-off back: the stored
    answer («done») is no longer true, so the retry runs again and the task is recorded anew."""
    import json

    from helhet.access.services import api_token_create
    from helhet.api.models import IdempotencyKey

    person = factories.person(municipality, first_name="Ragnhild", last_name="Berg")
    decision = grant(world, case_worker, person, amount=14)
    _plan, measure = plan_with_measure(nurse, person, decision, times=["23:30"], weekdays=[])
    task_id = selectors.Task(measure=measure, day=TODAY, time=datetime.time(23, 30)).id
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=nurse, scope='read_write')}"}

    def record():
        return client.post(
            f"/api/v1/tasks/{task_id}/record",
            json.dumps({"status": "done"}),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="offline-1",
            **headers,
        )

    assert record().status_code == 201
    assert (
        client.post(
            f"/api/v1/tasks/{task_id}/undo", "{}", content_type="application/json", **headers
        ).status_code
        == 204
    )
    assert not IdempotencyKey.objects.filter(key="offline-1").exists()
    retried = record()
    assert retried.status_code == 201 and "Idempotent-Replayed" not in retried.headers
    assert TaskRecord.objects.filter(measure=measure, day=TODAY).count() == 1
