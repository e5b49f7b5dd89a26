"""Production trusts X-Forwarded-Proto only when told to (HELHET_TRUST_X_FORWARDED_PROTO=1)."""

import json
import os
import shutil
import subprocess
import sys

import pytest

pytestmark = pytest.mark.db_independent  # a subprocess with its own SQLite database

PROBE = """
import django, json
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client

call_command("migrate", verbosity=0)  # the login page's footer reads the municipality's contact (a no-op on the copy)
client = Client()
claimed = client.get("/logg-inn/", HTTP_X_FORWARDED_PROTO="https")
health = client.get("/healthz")
print(json.dumps({
    "header": settings.SECURE_PROXY_SSL_HEADER,
    "claimed": claimed.status_code,
    "location": claimed.get("Location", ""),
    "health": health.status_code,
}))
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """One migrated SQLite file for the module: a full migrate takes half a minute on a busy machine."""
    folder = tmp_path_factory.mktemp("proxy")
    probe(folder)
    return folder / "db.sqlite3"


def probe(tmp_path, migrated_file=None, **env):
    if migrated_file is not None:
        shutil.copy(migrated_file, tmp_path / "db.sqlite3")
    environment = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="helhet.config.production",
        SECRET_KEY="a-long-random-production-secret-for-the-proxy-test-0123456789",
        HELHET_ACCESS_LOG_KEY="an-access-log-key-for-the-proxy-test-0123456789",
        ALLOWED_HOSTS="testserver",
        HELHET_DATA_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        **env,
    )
    result = subprocess.run(  # noqa: S603 (this interpreter, our own code)
        [sys.executable, "-c", PROBE],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=240,  # a full migrate of a fresh database, on a busy CI machine
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_the_setting_a_client_cannot_claim_https(tmp_path, migrated):
    answer = probe(tmp_path, migrated)
    assert answer["header"] is None
    # Plain HTTP, whatever the header says: redirected to HTTPS.
    assert answer["claimed"] == 301
    assert answer["location"].startswith("https://")
    # The health probe is answered over plain HTTP on the private interface.
    assert answer["health"] == 200


def test_behind_a_configured_proxy_the_header_is_trusted(tmp_path, migrated):
    answer = probe(tmp_path, migrated, HELHET_TRUST_X_FORWARDED_PROTO="1")
    assert answer["header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert answer["claimed"] == 200
