"""Intake records old and new values with the acting user; the inquiry page shows them."""

from django.urls import reverse

from helhet.core.models import ChangeRecord
from helhet.intake import services
from tests import factories


def test_answering_an_inquiry_records_the_outcome_and_who(client, world, reception):
    person = factories.person(world["home_care"].municipality)
    inquiry = services.inquiry_register(
        acting_user=reception,
        municipality=person.municipality,
        person=person,
        channel="phone",
        about="Lurer på hva trygghetsalarm koster.",
    )
    services.inquiry_answer(acting_user=reception, inquiry=inquiry, note="Forklarte prisen.")
    outcome = ChangeRecord.objects.get(object_type="intake.inquiry", field="outcome", operation="update")
    assert (outcome.old_value, outcome.new_value, outcome.actor) == (
        "Under behandling",
        "Besvart med en gang (informasjon eller veiledning)",
        reception,
    )
    about = ChangeRecord.objects.get(object_type="intake.inquiry", field="about")
    assert (about.operation, about.new_value) == ("create", "Lurer på hva trygghetsalarm koster.")
    client.force_login(reception)
    page = client.get(reverse("intake:inquiry", args=[inquiry.pk])).content.decode()
    assert "Endringshistorikk" in page and "Forklarte prisen." in page
