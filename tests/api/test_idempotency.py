"""`Idempotency-Key` on the API's creating POSTs: a retry with the same key and body gets the first answer
and creates nothing; the same key with another body is refused with a Norwegian 422; keys belong to one
user and expire; two concurrent calls with one key create one thing (the unique constraint decides)."""

import datetime
import json
import threading
import time

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test import Client
from django.utils import timezone

from helhet.access.models import AccessLog
from helhet.access.services import api_token_create
from helhet.api.api import api as ninja_api
from helhet.api.models import IdempotencyKey
from helhet.intake import services as intake
from helhet.intake.models import Inquiry
from helhet.people.models import Person
from tests import factories

BODY = {"channel": "phone", "about": "Datteren ringer om mor.", "contact_name": "Nina Berg"}


def _post(client, token, body, key=None, path="/api/v1/inquiries"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.post(path, json.dumps(body), content_type="application/json", **headers)


@pytest.fixture
def token(reception):
    return api_token_create(user=reception)


def test_a_retry_with_the_same_key_gets_the_first_answer_and_creates_nothing(client, token):
    first = _post(client, token, BODY, key="4f1c-retry")
    again = _post(client, token, BODY, key="4f1c-retry")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Inquiry.objects.count() == 1


def test_without_a_key_every_post_creates(client, token):
    _post(client, token, BODY)
    _post(client, token, BODY)
    assert Inquiry.objects.count() == 2


def test_the_same_key_with_another_body_is_refused_with_a_problem(client, token):
    _post(client, token, BODY, key="k1")
    other = _post(client, token, {**BODY, "about": "Noe annet."}, key="k1")
    assert other.status_code == 422
    assert other.json()["detail"][0]["field"] == "Idempotency-Key"
    assert "alt brukt på en annen forespørsel" in other.json()["message"]
    assert Inquiry.objects.count() == 1


def test_the_same_key_on_another_endpoint_is_refused(client, token, municipality):
    _post(client, token, BODY, key="k2")
    person = {"national_id": factories.synthetic_id(), "first_name": "Ola", "last_name": "Nordmann"}
    assert _post(client, token, person, key="k2", path="/api/v1/persons").status_code in (403, 422)
    assert not Person.objects.filter(first_name="Ola").exists()


def test_keys_belong_to_one_user(client, token, municipality, office):
    colleague = factories.user(municipality, "resepsjon", username="resepsjon2", unit=office)
    _post(client, token, BODY, key="shared")
    theirs = _post(client, api_token_create(user=colleague), BODY, key="shared")
    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs
    assert Inquiry.objects.count() == 2


def test_an_expired_key_may_be_used_again(client, token):
    _post(client, token, BODY, key="old")
    IdempotencyKey.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    fresh = _post(client, token, BODY, key="old")
    assert fresh.status_code == 201 and "Idempotent-Replayed" not in fresh
    assert Inquiry.objects.count() == 2
    assert IdempotencyKey.objects.count() == 1


def test_a_refused_call_frees_its_key(client, token):
    bad = _post(client, token, {**BODY, "channel": "brevdue"}, key="fix-and-retry")
    assert bad.status_code == 422
    assert not IdempotencyKey.objects.exists()
    assert _post(client, token, {**BODY, "channel": "brevdue"}, key="fix-and-retry").status_code == 422


@pytest.mark.parametrize("key", ["", " ", "x" * 256, "ny\nlinje"])
def test_a_bad_key_is_a_norwegian_422(client, token, key):
    response = _post(client, token, BODY, key=key)
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "Idempotency-Key"
    assert not Inquiry.objects.exists()


def test_a_replay_that_shows_a_person_is_logged_again(client, case_worker):
    token = api_token_create(user=case_worker)
    body = {"national_id": factories.synthetic_id(), "first_name": "Ola", "last_name": "Nordmann"}
    first = _post(client, token, body, key="logged", path="/api/v1/persons")
    assert first.status_code == 201
    person = Person.objects.get()
    before = AccessLog.objects.filter(person=person).count()
    again = _post(client, token, body, key="logged", path="/api/v1/persons")
    assert again.status_code == 201 and again.json() == first.json()
    assert Person.objects.count() == 1
    assert AccessLog.objects.filter(person=person).count() == before + 1


def test_the_openapi_document_names_the_header_on_creating_posts():
    schema = ninja_api.get_openapi_schema()
    for path in ("/api/v1/inquiries", "/api/v1/persons", "/api/v1/cases/{case_id}/decisions"):
        names = [p["name"] for p in schema["paths"][path]["post"].get("parameters", [])]
        assert "Idempotency-Key" in names, path
    transitions = schema["paths"]["/api/v1/cases/{case_id}/transitions"]["post"]
    assert "Idempotency-Key" not in [p["name"] for p in transitions.get("parameters", [])]


def test_the_database_holds_one_row_per_user_and_key(reception):
    expires = timezone.now() + datetime.timedelta(hours=1)
    IdempotencyKey.objects.create(user=reception, key="k", fingerprint="a", expires_at=expires)
    with pytest.raises(IntegrityError), transaction.atomic():
        IdempotencyKey.objects.create(user=reception, key="k", fingerprint="a", expires_at=expires)


# SQLite's in-memory test database (shared cache) answers a second writer with "table is locked" at once
# instead of waiting; a file database waits (busy timeout) and the constraint above decides the same way.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL in tests")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_calls_with_one_key_create_one_inquiry(reception, monkeypatch):
    token = api_token_create(user=reception)
    slow_register = intake.inquiry_register

    def register_slowly(**kwargs):
        time.sleep(0.3)  # the second call arrives while the first is inside its transaction
        return slow_register(**kwargs)

    monkeypatch.setattr(intake, "inquiry_register", register_slowly)
    barrier = threading.Barrier(2)
    answers = []

    def call():
        try:
            barrier.wait()
            answers.append(_post(Client(), token, BODY, key="same-time"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=call) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert sum(a.has_header("Idempotent-Replayed") for a in answers) == 1
    assert Inquiry.objects.count() == 1
