"""Logs carry no personal data: a request line names method, route pattern, status, duration and user id."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse
from pythonjsonlogger.json import JsonFormatter

from tests import factories


@pytest.fixture
def json_log():
    """Everything logged while the test runs, through the formatter production uses."""
    config = settings.LOGGING["formatters"]["json"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(config["fmt"], rename_fields=config["rename_fields"]))
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_a_search_and_a_person_page_log_no_name_number_or_query(client, case_worker, municipality, json_log):
    person = factories.person(municipality, first_name="Ingeborg", last_name="Sæterdal")
    client.force_login(case_worker)
    assert client.get(reverse("people:list"), {"q": "Sæterdal"}).status_code == 200
    assert client.get(reverse("people:list"), {"q": person.national_id}).status_code == 200
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200
    assert client.get(f"/api/v1/persons/{person.pk}").status_code == 200
    assert client.get("/finnes-ikke/Ingeborg").status_code == 404

    text = json_log.getvalue()
    for secret in ("Ingeborg", "Sæterdal", "S\\u00e6terdal", person.national_id, "q=", "?"):
        assert secret not in text, secret
    lines = [json.loads(line) for line in text.splitlines()]
    requests = [line for line in lines if line["logger"] == "helhet.request"]
    assert [(r["method"], r["route"], r["status"]) for r in requests] == [
        ("GET", "/personer/", 200),
        ("GET", "/personer/", 200),
        ("GET", "/personer/<int:person_id>/", 200),
        ("GET", "/api/v1/persons/<person_id>", 200),
        ("GET", "<unresolved>", 404),
    ]
    assert {r["user_id"] for r in requests} == {case_worker.pk}
    assert all(isinstance(r["duration_ms"], float) for r in requests)
    assert all(r["level"] == "INFO" and "time" in r for r in requests)


def test_an_anonymous_request_logs_no_user(client, db, json_log):
    client.get(reverse("login"))
    (line,) = [json.loads(x) for x in json_log.getvalue().splitlines() if '"helhet.request"' in x]
    assert line["user_id"] is None and line["route"] == "/logg-inn/"


def settings_probe(**env):
    code = (
        "import django, logging; django.setup(); "
        "print(type(logging.getLogger().handlers[0].formatter).__module__)"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "helhet.config.settings", **env}
    return subprocess.run(  # noqa: S603 (this interpreter, our own code)
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=False
    )


@pytest.mark.db_independent
def test_the_log_format_is_plain_by_default_and_json_when_asked():
    assert settings_probe().stdout.strip() == "logging"
    assert settings_probe(HELHET_LOG_FORMAT="json").stdout.strip() == "pythonjsonlogger.json"
    wrong = settings_probe(HELHET_LOG_FORMAT="xml")
    assert wrong.returncode != 0 and "HELHET_LOG_FORMAT must be plain or json" in wrong.stderr
