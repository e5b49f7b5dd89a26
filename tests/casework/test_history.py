"""Casework records old and new values with the acting user; the case and decision pages show them."""

from django.urls import reverse

from helhet.casework import services
from helhet.core.models import ChangeRecord
from tests.casework.test_process import assess, complete_draft, person, receive  # noqa: F401


def test_a_draft_update_and_the_status_moves_are_in_the_case_history(client, world, case_worker, person):  # noqa: F811
    case = receive(world, case_worker, person)
    assess(case_worker, case, chosen_services=[world["home_health"]])
    decision = complete_draft(case_worker, case, world)
    services.decision_draft_update(
        acting_user=case_worker, decision=decision, expected_version=decision.version, scope_amount=5
    )
    amount = ChangeRecord.objects.get(
        object_type="casework.decision", field="scope_amount", operation="update"
    )
    assert (amount.old_value, amount.new_value, amount.actor) == ("3", "5", case_worker)
    assert (amount.scope_type, amount.scope_id) == ("casework.case", case.pk)
    status = ChangeRecord.objects.filter(object_type="casework.case", field="status").order_by("id").last()
    assert (status.old_value, status.new_value) == ("Under kartlegging", "Vedtak under utarbeiding")
    assert ChangeRecord.objects.filter(object_type="casework.assessment", scope_id=case.pk).exists()
    client.force_login(case_worker)
    page = client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "Endringshistorikk" in page and "Vedtak under utarbeiding" in page
    page = client.get(reverse("casework:decision", args=[decision.pk])).content.decode()
    assert "Endringshistorikk" in page and "Omfang" in page
