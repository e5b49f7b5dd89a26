"""Catalogue pages, the public service page and the catalogue API."""

import datetime
import json

import pytest
from django.urls import reverse

from helhet.access.services import api_token_create
from helhet.catalogue import services
from helhet.catalogue.models import CareLevel, Service, ThresholdRule

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture
def catalogue(municipality):
    services.catalogue_install_defaults(municipality=municipality, on=TODAY)
    return municipality


def test_public_page_needs_no_login_and_groups_services(client, catalogue):
    response = client.get(reverse("portal:services", args=[catalogue.number]))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Hva kan jeg få hjelp til?",
        "Eldre som bor hjemme",
        "Barn, unge og familie",
        "Trinn 3: Hjelp hjemme",
        "Utenfor omsorgstrappen",
        "Helsetjenester i hjemmet",
        "Hva koster det?",
        "Slik får du det",
    ):
        assert text in html, text


def test_public_page_search_narrows_the_list(client, catalogue):
    html = client.get(reverse("portal:services", args=[catalogue.number]), {"q": "demens"}).content.decode()
    assert "Dagaktivitetstilbud for hjemmeboende med demens" in html
    assert "Økonomisk sosialhjelp" not in html


def test_public_root_sends_citizens_to_their_municipality(client, catalogue):
    assert client.get("/tjenester/")["Location"] == reverse("portal:services", args=[catalogue.number])


def test_an_unknown_municipality_is_not_found(client, catalogue):
    assert client.get(reverse("portal:services", args=["0000"])).status_code == 404


def test_catalogue_page_shows_thresholds_in_plain_words(client, catalogue, case_worker):
    client.force_login(case_worker)
    html = client.get(reverse("catalogue:index")).content.decode()
    assert "Minst ett av dette: personlig hygiene: trenger noe hjelp eller mer (3+)" in html
    assert "hol § 3-2 første ledd nr. 6 bokstav a" in html


def test_try_page_suggests_services(client, catalogue, case_worker):
    client.force_login(case_worker)
    html = client.get(
        reverse("catalogue:try"), {"score_personlig_hygiene": "4", "score_kle_seg": "4", "age": "84"}
    ).content.decode()
    assert (
        "trenger hjelp med personlig hygiene (4) og av- og påkledning (4) → helsetjenester i hjemmet" in html
    )


def test_threshold_form_refuses_bad_json_and_saves_a_new_version(client, catalogue, admin_user):
    client.force_login(admin_user)
    service = Service.objects.get(name="Matombringing")
    url = reverse("catalogue:thresholds", args=[service.pk])
    html = client.post(url, {"valid_from": "2027-01-01", "criteria": "{ikke json"}).content.decode()
    assert "ikke gyldig JSON" in html
    html = client.post(
        url, {"valid_from": "2027-01-01", "criteria": '{"any": [{"variable": "x", "min": 3}]}'}
    ).content.decode()
    assert "Ukjent funksjonsvariabel «x»." in html
    response = client.post(
        url, {"valid_from": "2027-01-01", "criteria": '{"all": [{"variable": "lage_mat", "min": 4}]}'}
    )
    assert response.status_code == 302
    assert ThresholdRule.objects.filter(service=service).count() == 2


def test_case_workers_cannot_edit_the_ladder(client, catalogue, case_worker):
    client.force_login(case_worker)
    assert client.get(reverse("catalogue:ladder")).status_code == 403


def test_ladder_page_renames_and_moves(client, catalogue, admin_user):
    client.force_login(admin_user)
    level = CareLevel.objects.get(municipality=catalogue, position=0)
    client.post(
        reverse("catalogue:ladder"),
        {
            "rename": level.pk,
            f"level{level.pk}-name": "Jeg klarer meg",
            f"level{level.pk}-description": "",
            f"level{level.pk}-version": level.version,
        },
    )
    client.post(reverse("catalogue:ladder_move", args=[level.pk]), {"direction": "up"})
    level.refresh_from_db()
    assert (level.name, level.position) == ("Jeg klarer meg", 1)


@pytest.mark.parametrize("extra_services", [0, 200])
def test_public_and_catalogue_pages_use_a_fixed_number_of_queries(
    client, catalogue, case_worker, extra_services, django_assert_max_num_queries
):
    level = CareLevel.objects.filter(municipality=catalogue).first()
    for i in range(extra_services):
        service = Service.objects.create(
            municipality=catalogue, name=f"Ekstra {i}", description="x", care_level=level
        )
        ThresholdRule.objects.create(
            service=service,
            criteria={"all": [{"fact": "age", "min": 1}]},
            valid_from=datetime.date(2020, 1, 1),
        )
    with django_assert_max_num_queries(12):  # with the offices and the footer's municipality profile
        client.get(reverse("portal:services", args=[catalogue.number]))
    client.force_login(case_worker)
    with django_assert_max_num_queries(14):
        client.get(reverse("catalogue:index"))


def test_api_suggestions_and_threshold_versions(client, catalogue, admin_user):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=admin_user)}"}
    body = {"scores": {"personlig_hygiene": 4, "kle_seg": 4}, "age": 84}
    found = client.post(
        "/api/v1/catalogue/suggestions", json.dumps(body), content_type="application/json", **headers
    ).json()
    assert any(s["sentence"].endswith("→ helsetjenester i hjemmet") for s in found)
    bad = client.post(
        "/api/v1/catalogue/suggestions",
        json.dumps({"scores": {"personlig_hygiene": 6}}),
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["field"] == "scores"
    service = Service.objects.get(name="Matombringing")
    created = client.post(
        f"/api/v1/catalogue/services/{service.pk}/thresholds",
        json.dumps({"criteria": {"all": [{"variable": "lage_mat", "min": 4}]}, "valid_from": "2027-01-01"}),
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201
    assert created.json()["in_words"] == "Dette må gjelde: å lage mat: trenger mye hjelp eller mer (4+)."
    refused = client.post(
        f"/api/v1/catalogue/services/{service.pk}/thresholds",
        json.dumps({"criteria": {"all": []}, "valid_from": "2027-01-01"}),
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 422 and refused.json()["detail"][0]["field"] == "criteria"
    assert client.get("/api/v1/catalogue/services/999999/thresholds", **headers).status_code == 404
    services_list = client.get("/api/v1/catalogue/services", {"q": "sykehjem"}, **headers).json()
    assert {s["name"] for s in services_list} >= {"Langtidsopphold i sykehjem"}
