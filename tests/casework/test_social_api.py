"""NAV's social services over the API: an urgent inquiry to a sent loan, the same fields as the page, and
Norwegian 422s for bad input."""

import datetime
import json

import pytest

from helhet.access.services import api_token_create
from helhet.casework.models import Decision
from helhet.catalogue.models import Service
from helhet.core.calendar import local_today
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

        def patch(self, path, body):
            return client.patch(
                f"/api/v1{path}", json.dumps(body), content_type="application/json", **self.headers
            )

        def post(self, path, body=None):
            return client.post(
                f"/api/v1{path}", json.dumps(body or {}), content_type="application/json", **self.headers
            )

    return Api()


@pytest.fixture
def nav_case(api, world, nav_worker, reception, municipality):
    person = factories.person(
        municipality, first_name="Per", last_name="Lund", birth_date=datetime.date(1988, 6, 9)
    )
    help_ = Service.objects.get(municipality=municipality, name="Økonomisk sosialhjelp")
    inquiry = api.as_(reception).post(
        "/inquiries",
        {
            "person_id": person.pk,
            "channel": "nav",
            "about": "Bot må betales før soning i morgen.",
            "urgent": True,
        },
    )
    assert inquiry.status_code == 201 and inquiry.json()["urgent"] is True
    receipt = api.as_(nav_worker).post(
        "/applications",
        {
            "person_id": person.pk,
            "need": "Penger til boten i dag.",
            "inquiry_id": inquiry.json()["id"],
            "wished_service_ids": [help_.pk],
            "signed_by": "person",
        },
    )
    assert receipt.status_code == 201, receipt.content
    assert receipt.json()["urgent"] is True
    return {"case_id": receipt.json()["case_id"], "service_id": help_.pk}


ASSESSMENT = {
    "held_on": str(local_today()),
    "household_adults": 1,
    "household_children": 0,
    "income": [{"what": "Sosialhjelp", "amount": "8300"}],
    "expenses": [{"what": "Husleie", "amount": "6500.00"}],
    "urgent_need": "Forelegg på 4 500 kroner før soning i morgen.",
    "sources": "Telefon fra NAV-veileder, forelegget.",
}


def loan(service_id, **extra):
    body = {
        "service_id": service_id,
        "outcome": "INNVILGET",
        "economic_basis": "sotjl_19",
        "benefit_form": "loan",
        "amount": "4500",
        "amount_period": "once",
        "start_date": str(local_today()),
        "content": "Betaling av forelegget.",
        "facts": "Ny jobb, soning fra i morgen.",
        "considerations": "Lån fordi lønn kommer neste måned.",
        "repayment_per_month": "500",
        "repayment_first_on": str(local_today() + datetime.timedelta(days=40)),
        "conditions": ["Du begynner i jobben som avtalt."],
    }
    body.update(extra)
    return body


def test_an_urgent_loan_through_the_api_with_the_time_taken(api, nav_case, nav_worker):
    case_id = nav_case["case_id"]
    assessed = api.as_(nav_worker).post(f"/cases/{case_id}/assessments", ASSESSMENT)
    assert assessed.status_code == 201, assessed.content
    draft = api.post(f"/cases/{case_id}/decisions", loan(nav_case["service_id"]))
    assert draft.status_code == 201, draft.content
    body = draft.json()
    assert body["kind"] == "economic" and body["missing_parts"] == []
    assert body["amount_text"] == "kr\xa04\xa0500" and body["benefit_form"] == "loan"
    assert body["legal_basis"] == [
        "sosialtjenesteloven § 19",
        "sosialtjenesteloven § 21",
        "sosialtjenesteloven § 20",
    ]
    sent = api.post(f"/decisions/{body['id']}/send")
    assert sent.status_code == 200, sent.content
    case = api.get(f"/cases/{case_id}").json()
    assert case["urgent"] is True and case["service_area"] == "social" and case["status"] == "follow_up"
    decision = case["decisions"][0]
    assert decision["conditions"] == ["Du begynner i jobben som avtalt."]
    assert decision["repayment_per_month"] == "500.00" or float(decision["repayment_per_month"]) == 500
    assert decision["time_taken_minutes"] is not None and decision["time_taken_minutes"] < 5
    assert (
        decision["time_taken_text"].startswith("Vedtak sendt")
        and "henvendelsen" in decision["time_taken_text"]
    )
    letter = api.get(f"/decisions/{body['id']}/letter.pdf")
    assert letter["Content-Type"] == "application/pdf" and letter.content.startswith(b"%PDF")


def test_a_loan_without_repayment_terms_is_refused_at_send_in_norwegian(api, nav_case, nav_worker):
    case_id = nav_case["case_id"]
    api.as_(nav_worker).post(f"/cases/{case_id}/assessments", ASSESSMENT)
    draft = api.post(
        f"/cases/{case_id}/decisions",
        loan(nav_case["service_id"], repayment_per_month=None, repayment_first_on=None),
    ).json()
    assert any(part.startswith("vilkår for tilbakebetaling") for part in draft["missing_parts"])
    refused = api.post(f"/decisions/{draft['id']}/send")
    assert refused.status_code == 422 and "tilbakebetaling" in refused.json()["message"]
    assert Decision.objects.get().state == "draft"
    unknown = api.patch(f"/decisions/{draft['id']}", {"expected_version": draft["version"], "rente": "5"})
    assert unknown.status_code == 422  # a field the draft does not have is refused, not dropped
    patched = api.patch(
        f"/decisions/{draft['id']}",
        {
            "expected_version": draft["version"],
            "repayment_per_month": "500",
            "repayment_first_on": str(local_today() + datetime.timedelta(days=40)),
            "conditions": ["Du begynner i jobben som avtalt."],
        },
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["repayment_per_month"] == "500.00" and patched.json()["missing_parts"] == []
    assert api.post(f"/decisions/{draft['id']}/send").status_code == 200


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"amount": "-5"}, "amount", "Må være minst 0"),
        ({"amount": "900000"}, "amount", "høyst 500000"),
        ({"amount": "12.345"}, "amount", "desimaler"),
        ({"benefit_form": "gave"}, "benefit_form", "Velg stønad, lån"),
        ({"economic_basis": "sotjl_99"}, "economic_basis", "§ 18"),
        ({"conditions": ["x" * 1001]}, "conditions", "for lang"),
        ({"repayment_terms": "avtale\x00"}, "repayment_terms", "NUL"),
        ({"facts": "fakta\x00"}, "facts", "NUL"),
    ],
)
def test_bad_economic_input_gets_a_norwegian_422_naming_the_field(
    api, nav_case, nav_worker, change, field, words
):
    case_id = nav_case["case_id"]
    assessed = api.as_(nav_worker).post(
        f"/cases/{case_id}/assessments", {**ASSESSMENT, "chosen_service_ids": [nav_case["service_id"]]}
    )
    assert assessed.status_code == 201, assessed.content
    answer = api.post(f"/cases/{case_id}/decisions", loan(nav_case["service_id"], **change))
    assert answer.status_code == 422, answer.content
    detail = answer.json()["detail"]
    assert detail[0]["field"] == field and words in detail[0]["message"], detail
    assert not Decision.objects.exists()


def test_a_nav_case_takes_no_iplos_scores_and_a_health_case_no_household(
    api, nav_case, nav_worker, case_worker, world, municipality
):
    case_id = nav_case["case_id"]
    refused = api.as_(nav_worker).post(
        f"/cases/{case_id}/assessments", {**ASSESSMENT, "scores": {"personlig_hygiene": 4}}
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "scores"
    missing = api.post(f"/cases/{case_id}/assessments", {**ASSESSMENT, "household_adults": None})
    assert missing.status_code == 422 and missing.json()["detail"][0]["field"] == "household_adults"
    bad_line = api.post(
        f"/cases/{case_id}/assessments", {**ASSESSMENT, "income": [{"what": "Lønn", "amount": "-3"}]}
    )
    assert bad_line.status_code == 422
    person = factories.person(municipality, birth_date=datetime.date(1941, 3, 4))
    health = (
        api.as_(case_worker)
        .post("/applications", {"person_id": person.pk, "need": "Stell", "signed_by": "person"})
        .json()
    )
    wrong = api.post(
        f"/cases/{health['case_id']}/assessments",
        {"held_on": str(local_today()), "sources": "Samtale", "household_adults": 2},
    )
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["field"] == "household_adults"
