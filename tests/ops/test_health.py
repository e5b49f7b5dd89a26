"""/healthz answers a load balancer or systemd without login: 200 when the database answers, else 503."""

import json
import logging
import os
import subprocess
import sys

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_is_ok_without_login_and_carries_no_data(client, caplog):
    with caplog.at_level(logging.INFO, logger="helhet.request"):
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response
    # A probe every few seconds is noise: no request line.
    assert not [r for r in caplog.records if r.name == "helhet.request"]


@pytest.mark.django_db
def test_healthz_answers_get_and_head_only(client):
    assert client.head(reverse("healthz")).status_code == 200
    assert client.post(reverse("healthz")).status_code == 405


BROKEN = """
import django, json
django.setup()
from django.test import Client
response = Client().get("/healthz")
print(json.dumps({"status": response.status_code, "body": response.json()}))
"""


def run_with_database(url, tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)}
    env.update(
        DJANGO_SETTINGS_MODULE="helhet.config.settings",
        DATABASE_URL=url,
        HELHET_DATA_DIR=str(tmp_path),
        ALLOWED_HOSTS="testserver",
        HELHET_TEST_SQLITE="",
    )
    result = subprocess.run(  # noqa: S603 (this interpreter, our own code)
        [sys.executable, "-c", BROKEN], env=env, capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1]), result.stderr


@pytest.mark.db_independent
def test_healthz_is_503_when_the_database_cannot_be_reached(tmp_path):
    # A server with broken connection settings: a database file in a directory that does not exist, and a
    # PostgreSQL port where nothing listens.
    for url in (f"sqlite:///{tmp_path}/missing-dir/helhet.sqlite3", "postgres://helhet@127.0.0.1:1/helhet"):
        answer, log = run_with_database(url, tmp_path)
        assert answer == {"status": 503, "body": {"status": "unavailable"}}, url
        assert "health check failed" in log
        assert "127.0.0.1:1" not in log and "missing-dir" not in log  # no connection details in the log


@pytest.mark.db_independent
def test_healthz_is_200_with_a_working_database(tmp_path):
    answer, _log = run_with_database(f"sqlite:///{tmp_path}/helhet.sqlite3", tmp_path)
    assert answer == {"status": 200, "body": {"status": "ok"}}
