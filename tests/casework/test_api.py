"""The case process through the API: the paths the issue names, Norwegian errors, access."""

import datetime
import json

import pytest

from helhet.access.services import api_token_create
from helhet.casework.models import Case
from helhet.intake.models import Inquiry
from tests import factories


@pytest.fixture
def api(client):
    class Api:
        headers: dict = {}

        def as_(self, user):
            self.headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"}
            return self

        def get(self, path):
            return client.get(f"/api/v1{path}", **self.headers)

        def post(self, path, body=None):
            return client.post(
                f"/api/v1{path}", json.dumps(body or {}), content_type="application/json", **self.headers
            )

    return Api()


def test_full_grant_through_the_api(api, world, case_worker, reception, municipality, nurse):
    person = factories.person(
        municipality, first_name="Ola", last_name="Dahl", birth_date=datetime.date(1950, 5, 17)
    )
    inquiry = api.as_(reception).post(
        "/inquiries",
        {
            "person_id": person.pk,
            "channel": "phone",
            "about": "Datteren ringer: far klarer ikke stell lenger.",
        },
    )
    assert inquiry.status_code == 201, inquiry.content
    receipt = api.as_(case_worker).post(
        "/applications",
        {
            "person_id": person.pk,
            "need": "Hjelp med stell",
            "inquiry_id": inquiry.json()["id"],
            "signed_by": "person",
            "received_on": "2026-11-23",
        },
    )
    assert receipt.status_code == 201, receipt.content
    body = receipt.json()
    assert body["routing_explanation"] == "Født den 17. i måneden (dag 16–31) → Team 2 (16–31)"
    assert Inquiry.objects.get().outcome == "application"
    case_id = body["case_id"]
    assessed = api.post(
        f"/cases/{case_id}/assessments",
        {
            "held_on": "2026-11-23",
            "scores": {"personlig_hygiene": 4, "kle_seg": 4},
            "sources": "Hjemmebesøk",
            "chosen_service_ids": [world["home_health"].pk],
        },
    )
    assert assessed.status_code == 201, assessed.content
    draft = api.post(
        f"/cases/{case_id}/decisions", {"service_id": world["home_health"].pk, "outcome": "INNVILGET"}
    )
    assert draft.status_code == 201
    assert "hva du får hjelp til" in draft.json()["missing_parts"]
    refused = api.post(f"/decisions/{draft.json()['id']}/send")
    assert refused.status_code == 422
    assert "Vedtaket mangler" in refused.json()["detail"][0]["message"]
    complete = api.post(
        f"/cases/{case_id}/decisions",
        {
            "service_id": world["home_health"].pk,
            "outcome": "INNVILGET",
            "scope_amount": "3",
            "scope_unit": "visits_week",
            "content": "Morgenstell",
            "start_date": "2026-11-23",
            "review_date": "2027-05-01",
            "facts": "Stell 4, påkledning 4",
            "considerations": "Laveste effektive nivå",
            "payment": "Gratis",
            "provider_unit_id": world["home_care"].pk,
        },
    )
    sent = api.post(f"/decisions/{complete.json()['id']}/send", {"sent_on": "2026-11-23"})
    assert sent.status_code == 200, sent.content
    assert sent.json()["appeal_deadline"] == "2026-12-21"
    letter = api.get(f"/decisions/{complete.json()['id']}/letter.pdf")
    assert letter["Content-Type"] == "application/pdf" and letter.content.startswith(b"%PDF")
    case = api.get(f"/cases/{case_id}").json()
    assert case["status"] == "follow_up"
    assert [e["kind"] for e in case["timeline"]][:3] == ["received", "status", "assessment"]
    assert api.as_(nurse).get(f"/persons/{person.pk}").status_code == 200


def test_an_invalid_assessment_names_the_field(api, world, case_worker, municipality):
    person = factories.person(municipality)
    case_id = (
        api.as_(case_worker)
        .post("/applications", {"person_id": person.pk, "need": "Hjelp"})
        .json()["case_id"]
    )
    response = api.post(
        f"/cases/{case_id}/assessments",
        {"held_on": "2026-11-23", "scores": {"personlig_hygiene": 7}, "sources": "Samtale"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "scores"


def test_appeal_and_handoffs_endpoints(api, world, case_worker, municipality):
    person = factories.person(municipality)
    case_id = (
        api.as_(case_worker)
        .post("/applications", {"person_id": person.pk, "need": "Hjelp", "received_on": "2026-11-23"})
        .json()["case_id"]
    )
    api.post(
        f"/cases/{case_id}/assessments",
        {"held_on": "2026-11-23", "scores": {"personlig_hygiene": 1}, "sources": "Samtale"},
    )
    denial = api.post(
        f"/cases/{case_id}/decisions",
        {
            "service_id": world["home_health"].pk,
            "outcome": "AVSLATT",
            "facts": "Klarer seg",
            "considerations": "Ikke behov",
        },
    ).json()
    api.post(f"/decisions/{denial['id']}/send", {"sent_on": "2026-11-23"})
    appeal = api.post(
        f"/decisions/{denial['id']}/appeals", {"received_on": "2026-12-01", "change_wanted": "Innvilgelse"}
    )
    assert appeal.status_code == 201 and appeal.json()["late"] is False
    from helhet.casework.services import case_assign

    case_assign(
        acting_user=case_worker, case=Case.objects.get(pk=case_id), team=world["office"], reason="Klagesak"
    )
    handoffs = api.get(f"/cases/{case_id}/handoffs").json()
    assert handoffs[0]["to_unit"] == "Tjenestekontoret" and handoffs[0]["reason"] == "Klagesak"


def test_reception_and_other_municipalities_cannot_read_cases(
    api, world, case_worker, reception, outsider, municipality
):
    person = factories.person(municipality)
    case_id = (
        api.as_(case_worker)
        .post("/applications", {"person_id": person.pk, "need": "Hjelp"})
        .json()["case_id"]
    )
    assert api.as_(reception).get(f"/cases/{case_id}").status_code == 403
    assert api.as_(outsider).get(f"/cases/{case_id}").status_code == 404
