"""A body over DATA_UPLOAD_MAX_MEMORY_SIZE: the API answers a Norwegian JSON Problem (413), a page a
Norwegian page (413); nothing is stored."""

import json

import pytest

from helhet.access.services import api_token_create
from helhet.people.models import Person

pytestmark = pytest.mark.django_db

TWENTY_MB = 20 * 1024 * 1024
MESSAGE = "Det du sendte er for stort. Høyst 2,5\xa0MB kan sendes om gangen."


def big_json() -> str:
    return json.dumps({"first_name": "Kari", "notes": "x" * TWENTY_MB})


def test_a_20_mb_json_body_to_the_api_is_a_norwegian_413_problem(client, case_worker):
    before = Person.objects.count()
    response = client.post(
        "/api/v1/persons",
        big_json(),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=case_worker)}",
    )
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": [{"field": "__all__", "message": MESSAGE}], "message": MESSAGE}
    assert Person.objects.count() == before


def test_a_too_large_body_with_a_session_is_the_same_problem(client, case_worker):
    client.force_login(case_worker)
    response = client.post("/api/v1/persons", big_json(), content_type="application/json")
    assert response.status_code == 413
    assert response.json()["message"] == MESSAGE


def test_a_too_large_form_to_a_page_is_a_norwegian_413_page(client, case_worker):
    client.force_login(case_worker)
    response = client.post("/personer/ny/", {"first_name": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    page = response.content.decode()
    assert "<html" in page and "Kunne ikke ta imot det du sendte" in page
    assert "Høyst 2,5" in page
    assert "Bad Request" not in page
