"""Care records old and new values with the acting user; the deviation and plan pages show them."""

from django.urls import reverse

from helhet.care import services
from helhet.core.models import ChangeRecord
from tests.care.conftest import plan_with_measure
from tests.care.test_quality import TODAY


def test_a_deviation_follow_up_and_an_ended_measure_show_old_and_new(client, nurse, leader, granted):
    person, decision = granted
    plan, measure = plan_with_measure(nurse, person, decision, weekdays=[], every_n_days=3, valid_from=TODAY)
    deviation = services.deviation_report(
        acting_user=nurse,
        unit=None,
        measure=measure,
        task_day=TODAY,
        kind="not_done",
        severity="medium",
        what="Medisiner ikke gitt",
    )
    services.deviation_follow_up(
        acting_user=leader, deviation=deviation, note="Ringt pårørende", expected_version=deviation.version
    )
    state = ChangeRecord.objects.get(object_type="care.deviation", field="state", operation="update")
    assert state.actor == leader and state.old_value != state.new_value and state.new_value
    services.measure_end(acting_user=nurse, measure=measure, last_day=TODAY)
    ended = ChangeRecord.objects.get(object_type="care.measure", field="valid_to", operation="update")
    assert (ended.old_value, ended.new_value, ended.actor) == ("", TODAY.strftime("%d.%m.%Y"), nurse)
    assert (ended.scope_type, ended.scope_id) == ("care.goalplan", plan.pk)
    client.force_login(leader)
    page = client.get(reverse("care:deviation", args=[deviation.pk])).content.decode()
    assert "Endringshistorikk" in page and "Ringt pårørende" in page
