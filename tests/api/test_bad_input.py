"""Bad input never answers 500: NUL bytes, dates outside 1900–2100, and every refusal documented."""

import json
import re

import pytest
from django.urls import reverse

from helhet.api.api import api as ninja_api
from helhet.core.guards import out_of_range_date


@pytest.fixture
def openapi():
    return ninja_api.get_openapi_schema(path_prefix="/api/v1/")


def test_nul_in_an_api_search_is_a_norwegian_422(api, case_worker):
    response = api.as_(case_worker).get("/persons", q="Kari\x00")
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"field": "q", "message": "Teksten inneholder et ugyldig tegn (NUL)."}
    ]


def test_nul_in_an_api_json_field_is_a_norwegian_422_and_stores_nothing(api, case_worker, municipality):
    from helhet.people.models import Person

    body = {"national_id": "01018012345", "first_name": "Ka\x00ri", "last_name": "Nordmann"}
    response = api.as_(case_worker).post("/persons", body)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "first_name"
    assert "NUL" in response.json()["message"]
    assert not Person.objects.filter(last_name="Nordmann").exists()


def test_nul_in_a_page_search_and_a_page_form_is_a_422_page(client, case_worker):
    client.force_login(case_worker)
    response = client.get(reverse("people:list"), {"q": "Kari\x00"})
    assert response.status_code == 422
    assert "ugyldig tegn (NUL)" in response.content.decode()
    response = client.post(reverse("care:messages"), {"text": "Hei\x00"})
    assert response.status_code == 422
    assert "Kunne ikke lese det du sendte" in response.content.decode()


@pytest.mark.parametrize("day", ["9999-12-31", "1899-12-31", "2101-01-01"])
def test_an_api_date_field_outside_1900_to_2100_names_the_field(api, case_worker, day):
    body = {"channel": "telefon", "received_on": day}
    response = api.as_(case_worker).post("/applications", body)
    assert response.status_code == 422
    fields = {item["field"]: item["message"] for item in response.json()["detail"]}
    assert fields["received_on"] == "Datoen må være mellom 01.01.1900 og 31.12.2100."


def test_a_posted_page_date_outside_the_range_is_a_422_page_not_a_500(client, leader, home_care):
    client.force_login(leader)
    response = client.post(reverse("care:assign"), {"enhet": home_care.pk, "dato": "9999-12-31"})
    assert response.status_code == 422
    assert "01.01.1900 og 31.12.2100" in response.content.decode()


def test_the_date_guard_reads_dates_and_date_times_only():
    assert out_of_range_date("9999-12-31") and out_of_range_date("0001-01-01T08:00")
    assert not out_of_range_date("2026-12-01") and not out_of_range_date("Møte 9999-12-31 kl 8")


def test_every_operation_documents_its_refusals_with_the_error_schemas(openapi):
    assert openapi["paths"], "no operations"
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "404", "422"} <= codes, (method, path, codes)
            if method in ("post", "put", "patch", "delete"):
                assert {"400", "409", "413"} <= codes, (method, path, codes)
                too_large = operation["responses"]["413"]["content"]["application/json"]["schema"]
                assert too_large == {"$ref": "#/components/schemas/Problem"}
            problem = operation["responses"]["422"]["content"]["application/json"]["schema"]
            assert problem == {"$ref": "#/components/schemas/Problem"}
            refusal = operation["responses"]["404"]["content"]["application/json"]["schema"]
            assert refusal == {"$ref": "#/components/schemas/Refusal"}
    problem = openapi["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"detail", "message"}


def test_the_422_from_request_parsing_has_the_documented_shape(api, case_worker):
    response = api.as_(case_worker).get("/persons", page="første")
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "message"}
    assert body["detail"] == [{"field": "page", "message": "Må være et heltall."}]


def test_malformed_json_is_a_422_in_the_same_shape(client, case_worker):
    from helhet.access.services import api_token_create

    response = client.post(
        "/api/v1/persons",
        "{ikke json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=case_worker)}",
    )
    assert response.status_code in (400, 422)
    assert set(response.json()) in ({"detail", "message"}, {"detail"})


def test_api_docs_need_login_and_run_from_vendored_files_under_the_csp(client, case_worker):
    response = client.get("/api/v1/docs")
    assert response.status_code == 302 and reverse("login") in response["Location"]
    client.force_login(case_worker)
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "/static/helhet/api-docs.js" in html
    # Every script and stylesheet from our own static files, none from a CDN (a random token may hold «cdn»).
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(not source.startswith(("http:", "https:", "//")) for source in sources), sources
    # No inline script: only the JSON data block and script tags with src.
    for chunk in html.split("<script")[1:]:
        tag = chunk.split(">", 1)[0]
        assert "src=" in tag or 'type="application/json"' in tag, tag


def test_the_openapi_document_is_public(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert json.loads(response.content)["info"]["title"] == "Helhet API"
