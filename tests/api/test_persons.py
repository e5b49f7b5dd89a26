"""The JSON API: same access rules as the pages, Norwegian errors naming the field."""

import pytest

from helhet.access.models import AccessLog
from helhet.people.models import Person
from tests import factories


def new_person(**overrides):
    body = {"national_id": factories.synthetic_id(), "first_name": "Ola", "last_name": "Nordmann"}
    body.update(overrides)
    return body


def test_openapi_document_lists_the_person_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert {
        "/api/v1/persons",
        "/api/v1/persons/{person_id}",
        "/api/v1/persons/{person_id}/access-log",
    } <= set(spec["paths"])


def test_without_a_token_the_api_answers_401_in_norwegian(api, kari):
    response = api.get(f"/persons/{kari.pk}")
    assert response.status_code == 401
    assert "API-nøkkel" in response.json()["detail"]


def test_a_wrong_token_is_refused(api, client, kari):
    response = client.get(f"/api/v1/persons/{kari.pk}", HTTP_AUTHORIZATION="Bearer hh_not-a-token")
    assert response.status_code == 401


def test_create_person_returns_201_with_masked_number(api, case_worker, municipality):
    factories.zone(municipality, "Sør")
    body = new_person(zone="Sør")
    response = api.as_(case_worker).post("/persons", body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["national_id_masked"] == body["national_id"][:6] + " *****"
    assert data["zone"] == "Sør"
    assert AccessLog.objects.filter(action="create", channel="api").count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"national_id": "15108695077"}, "national_id", "Kontrollsifrene stemmer ikke"),
        ({"national_id": "1510869508"}, "national_id", "må ha 11 siffer"),
        ({"national_id": "31028612345"}, "national_id", ""),
        ({"first_name": ""}, "first_name", "Feltet må fylles ut."),
        ({"last_name": "x" * 101}, "last_name", "for lang"),
        ({"kommunenummer": "0000"}, "kommunenummer", "Ukjent kommunenummer."),
        ({"zone": "Atlantis"}, "zone", "Ukjent sone i kommunen."),
    ],
)
def test_bad_input_answers_422_naming_the_field_and_saves_nothing(
    api, case_worker, overrides, field, message
):
    body = new_person(**overrides)
    response = api.as_(case_worker).post("/persons", body)
    assert response.status_code == 422, response.content
    details = response.json()["detail"]
    assert any(d["field"] == field and message in d["message"] for d in details), details
    assert not Person.objects.exists()


def test_a_missing_field_is_named(api, case_worker):
    response = api.as_(case_worker).post("/persons", {"first_name": "Ola", "last_name": "Nordmann"})
    assert response.status_code == 422
    assert response.json()["detail"] == [{"field": "national_id", "message": "Feltet må fylles ut."}]


def test_a_token_cannot_register_persons_in_another_municipality(api, outsider, municipality):
    response = api.as_(outsider).post("/persons", new_person(kommunenummer=municipality.number))
    assert response.status_code == 403
    assert response.json()["detail"] == "Du kan bare registrere personer i din egen kommune."
    assert not Person.objects.exists()


def test_a_token_for_another_municipality_cannot_read_our_persons(api, outsider, kari):
    assert api.as_(outsider).get(f"/persons/{kari.pk}").status_code == 404
    assert api.get(f"/persons/{kari.pk}/access-log").status_code == 404
    # Nothing was read; the attempts stand in Kari's log as refused, with why.
    assert {(row.action, row.reason) for row in AccessLog.objects.all()} == {
        ("refused", "Avvist: personen hører til en annen kommune")
    }


def test_get_person_includes_relatives_and_logs_the_read(api, case_worker, kari):
    factories.relative(kari, name="Ola Nordmann", representation="fullmakt", is_next_of_kin=True)
    data = api.as_(case_worker).get(f"/persons/{kari.pk}").json()
    assert data["national_id"] is None
    assert data["relatives"][0]["representation"] == "fullmakt"
    assert AccessLog.objects.get(person=kari, channel="api").what == "Personalia og pårørende"


def test_full_national_id_only_for_roles_that_need_it(api, case_worker, reception, kari):
    assert api.as_(case_worker).get(f"/persons/{kari.pk}", full_national_id="true").json()["national_id"] == (
        kari.national_id
    )
    assert (
        api.as_(reception).get(f"/persons/{kari.pk}", full_national_id="true").json()["national_id"] is None
    )


def test_list_requires_a_search_term_for_municipality_wide_roles(api, reception, kari):
    response = api.as_(reception).get("/persons")
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "q"
    found = api.get("/persons", q="nordmann").json()
    assert [p["id"] for p in found["items"]] == [kari.pk]


def test_provider_staff_list_their_caseload(api, nurse, kari_in_home_care, municipality):
    factories.person(municipality, first_name="Per", last_name="Hansen")
    data = api.as_(nurse).get("/persons").json()
    assert [p["id"] for p in data["items"]] == [kari_in_home_care.pk]
    assert data["count"] == 1


def test_access_log_endpoint_shows_reads(api, case_worker, leader, nurse, kari_in_home_care):
    """The leader of home care reads the nurse's entries; the case worker at the office, outside home care,
    reads the part of the log of the office's own staff (access.selectors.access_log_for_viewer)."""
    api.as_(nurse).get(f"/persons/{kari_in_home_care.pk}")
    data = api.as_(leader).get(f"/persons/{kari_in_home_care.pk}/access-log").json()
    assert any(item["user"] == "Test Tjenesteyter" and item["channel"] == "api" for item in data["items"])
    office = api.as_(case_worker).get(f"/persons/{kari_in_home_care.pk}/access-log").json()
    assert not any(item["user"] == "Test Tjenesteyter" for item in office["items"])
    assert office["whole_log"] is False
    assert api.as_(nurse).get(f"/persons/{kari_in_home_care.pk}/access-log").status_code == 404


def test_session_auth_works_for_the_browser(client, case_worker, kari):
    client.force_login(case_worker)
    assert client.get(f"/api/v1/persons/{kari.pk}").status_code == 200
