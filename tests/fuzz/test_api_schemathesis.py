"""Schemathesis against the OpenAPI of /api/v1: no server errors, no undocumented status codes.

Run by `make fuzz` (a separate CI step). The demo municipality is loaded once into the test database
and every case is sent as the demo case worker with an API token, so the generated requests reach the
services and not only the login check. Derandomized, so the same cases run every time.
"""

import pytest
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

# django_db (not transactional): each operation's cases roll back, the demo loaded once stays.
pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

EXAMPLES = 8


@pytest.fixture(scope="module")
def _demo_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo", persons=40, stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture(scope="module")
def token(_demo_world, django_db_blocker):
    from helhet.access.services import api_token_create
    from helhet.core.models import User

    with django_db_blocker.unblock():
        return api_token_create(user=User.objects.get(username="saksbehandler"))


def _load_schema():
    from django.core.wsgi import get_wsgi_application

    # The OpenAPI document is public (it holds no data), so it loads before the database exists.
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


schema = _load_schema()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_errs_and_answers_only_documented_codes(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, status_code_conformance],
    )
