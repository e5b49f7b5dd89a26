"""The demo municipality loaded once per test module (a load takes most of a minute), inside a transaction
that is rolled back when the module is done; each test still runs in its own savepoint, so what one test
changes is gone before the next."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

# As tests/conftest.py's autouse settings, which a module-scoped fixture runs before.
TEST_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "HELHET_ALLOW_SYNTHETIC_IDS": True,
}


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(**TEST_SETTINGS), transaction.atomic():
        call_command("demo", persons=200, stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)
