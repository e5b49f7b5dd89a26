import io

import pytest
from django.core.management import CommandError, call_command


def test_token_command_prints_a_token_that_authenticates(client, case_worker, kari):
    out = io.StringIO()
    call_command("token", "saksbehandler", stdout=out)
    token = out.getvalue().strip()
    assert token.startswith("hh_")
    assert client.get(f"/api/v1/persons/{kari.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_token_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="Fant ingen aktiv bruker"):
        call_command("token", "finnes-ikke")
