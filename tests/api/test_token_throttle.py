"""Bad bearer tokens from one address are throttled with 429 and a Norwegian message."""

import logging

import pytest
from django.test import Client

from helhet.access.services import api_token_create

pytestmark = pytest.mark.django_db


def test_twenty_bad_tokens_from_one_address_get_429_until_the_window_ends(
    case_worker, kari, settings, caplog
):
    caplog.set_level(logging.WARNING, logger="helhet.security")
    good = api_token_create(user=case_worker)
    client = Client()
    for i in range(20):
        response = client.get(
            f"/api/v1/persons/{kari.pk}", HTTP_AUTHORIZATION=f"Bearer hh_feil{i}", REMOTE_ADDR="10.9.0.1"
        )
        assert response.status_code == 401
        assert response.json()["detail"] == "Du må logge inn eller bruke en gyldig API-nøkkel."
    throttled = client.get(
        f"/api/v1/persons/{kari.pk}", HTTP_AUTHORIZATION=f"Bearer {good}", REMOTE_ADDR="10.9.0.1"
    )
    assert throttled.status_code == 429
    assert throttled.json()["detail"].startswith("For mange ugyldige API-nøkler fra denne adressen")
    assert throttled["Retry-After"] == "900"
    # Another address is unaffected.
    other = client.get(
        f"/api/v1/persons/{kari.pk}", HTTP_AUTHORIZATION=f"Bearer {good}", REMOTE_ADDR="10.9.0.2"
    )
    assert other.status_code == 200
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "api token refused" in logged
    assert "10.9.0.1" not in logged


def test_good_tokens_do_not_count(case_worker, kari, settings):
    settings.HELHET_API_BAD_TOKEN_LIMIT = 2
    good = api_token_create(user=case_worker)
    client = Client()
    for _i in range(5):
        assert (
            client.get(f"/api/v1/persons/{kari.pk}", HTTP_AUTHORIZATION=f"Bearer {good}").status_code == 200
        )
