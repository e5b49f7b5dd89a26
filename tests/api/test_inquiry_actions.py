"""The API does what the reception desk's page does with an inquiry: answer at once, book a talk, forward it
(a handoff with a reason, into another service area only with the citizen's consent), and refuses the same."""

import datetime

import pytest
from django.utils import timezone

from helhet.inbox.models import Item, ItemKind
from helhet.intake import services as intake
from helhet.intake.models import Handoff, Inquiry, InquiryOutcome
from tests import factories


@pytest.fixture
def inquiry(reception, kari):
    return intake.inquiry_register(
        acting_user=reception,
        municipality=kari.municipality,
        person=kari,
        channel="phone",
        about="Falt hjemme",
    )


def test_reception_answers_an_inquiry_at_once(api, reception, inquiry):
    response = api.as_(reception).post(
        f"/inquiries/{inquiry.pk}/answer", {"note": "Ga råd om trygghetsalarm."}
    )
    assert response.status_code == 200, response.content
    assert response.json()["outcome"] == InquiryOutcome.ANSWERED
    again = api.post(f"/inquiries/{inquiry.pk}/answer", {"note": "En gang til."})
    assert again.status_code == 422  # a closed inquiry takes no second answer, as on the page


def test_a_booking_without_a_time_zone_is_norwegian_time_and_must_lie_ahead(api, reception, inquiry):
    when = (timezone.localtime() + datetime.timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    past = api.as_(reception).post(f"/inquiries/{inquiry.pk}/book", {"at": "2020-01-02T10:00:00"})
    assert past.status_code == 422 and "fram i tid" in past.json()["detail"][0]["message"]
    far = api.post(f"/inquiries/{inquiry.pk}/book", {"at": "9999-12-31T10:00:00"})
    assert far.status_code == 422 and "ett år" in far.json()["detail"][0]["message"]
    response = api.post(f"/inquiries/{inquiry.pk}/book", {"at": when.strftime("%Y-%m-%dT%H:%M:%S")})
    assert response.status_code == 200, response.content
    inquiry.refresh_from_db()
    assert timezone.localtime(inquiry.booked_at) == when


def test_forwarding_records_a_handoff_and_reaches_the_units_inbox(api, world, reception, inquiry):
    response = api.as_(reception).post(
        f"/inquiries/{inquiry.pk}/forward", {"to_unit_id": world["home_care"].pk, "reason": "Hjemmesykepleie"}
    )
    assert response.status_code == 200, response.content
    assert Handoff.objects.get().to_unit == world["home_care"]
    assert Item.objects.get(kind=ItemKind.INQUIRY).for_unit == world["home_care"]


def test_forwarding_into_another_service_area_needs_the_citizens_consent(api, world, reception, inquiry):
    body = {"to_unit_id": world["nav"].pk, "reason": "Økonomi"}
    refused = api.as_(reception).post(f"/inquiries/{inquiry.pk}/forward", body)
    assert refused.status_code == 422 and "annet tjenesteområde" in refused.json()["detail"][0]["message"]
    assert not Handoff.objects.exists()
    assert api.post(f"/inquiries/{inquiry.pk}/forward", {**body, "citizen_consent": True}).status_code == 200


def test_the_api_refuses_what_the_page_refuses(api, world, reception, nurse, inquiry, other_municipality):
    foreign = factories.unit(other_municipality, "Hjemmetjenesten i nabokommunen")
    body = {"to_unit_id": foreign.pk, "reason": "Feil kommune"}
    assert api.as_(reception).post(f"/inquiries/{inquiry.pk}/forward", body).status_code == 422
    assert api.post(f"/inquiries/{inquiry.pk}/forward", {"to_unit_id": 0, "reason": "x"}).status_code == 422
    assert (
        api.post(
            f"/inquiries/{inquiry.pk}/forward", {"to_unit_id": world["home_care"].pk, "reason": ""}
        ).status_code
        == 422
    )
    assert api.post("/inquiries/999999/answer", {"note": "x"}).status_code == 404
    nurse_says = api.as_(nurse).post(f"/inquiries/{inquiry.pk}/answer", {"note": "Ikke min oppgave"})
    assert nurse_says.status_code in (403, 404)
    assert Inquiry.objects.get(pk=inquiry.pk).outcome == inquiry.outcome
    assert not Handoff.objects.exists()
