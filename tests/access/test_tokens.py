"""API tokens with a lifecycle: named, expiring, read-only or read-write, listed and revoked on a page and by
command; a deactivated user's tokens die for good."""

import datetime
import io
import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from helhet.access import accounts
from helhet.access.models import AccountEvent, ApiToken, TokenScope
from helhet.access.services import api_token_create, api_token_revoke, user_for_token
from helhet.people.models import Person
from tests import factories


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def token_of(raw) -> ApiToken:
    return ApiToken.objects.get(prefix=raw[3:11])


def new_person_body():
    return {"national_id": factories.synthetic_id(), "first_name": "Ola", "last_name": "Nordmann"}


# --- the service --------------------------------------------------------------------------------


def test_a_new_token_has_a_name_a_scope_and_expires_in_90_days_by_default(case_worker):
    raw = api_token_create(user=case_worker, name="Rapport", scope=TokenScope.READ)
    token = token_of(raw)
    assert (token.name, token.scope) == ("Rapport", TokenScope.READ)
    assert token.key_hash != raw and raw not in token.key_hash  # only the hash is stored
    lifetime = token.expires_at - token.created_at
    assert datetime.timedelta(days=89, hours=23) < lifetime <= datetime.timedelta(days=90)
    assert AccountEvent.objects.filter(user=case_worker, kind="token_created").count() == 1


@pytest.mark.parametrize(("days", "ok"), [(1, True), (365, True), (366, False), (0, False), (-5, False)])
def test_the_expiry_is_from_one_day_to_a_year(case_worker, days, ok):
    if ok:
        api_token_create(user=case_worker, days=days)
    else:
        with pytest.raises(ValidationError, match="fra 1 til 365 dager"):
            api_token_create(user=case_worker, days=days)
        assert not ApiToken.objects.exists()


def test_a_user_cannot_make_tokens_for_someone_else_but_the_admin_can(case_worker, reception, admin_user):
    with pytest.raises(PermissionDenied):
        api_token_create(user=reception, actor=case_worker)
    api_token_create(user=reception, actor=admin_user, name="Integrasjon")
    assert ApiToken.objects.filter(user=reception).count() == 1


def test_an_expired_token_is_refused(client, case_worker, kari):
    raw = api_token_create(user=case_worker)
    assert client.get(f"/api/v1/persons/{kari.pk}", **bearer(raw)).status_code == 200
    now = timezone.now()
    ApiToken.objects.update(
        created_at=now - datetime.timedelta(days=91), expires_at=now - datetime.timedelta(seconds=1)
    )
    response = client.get(f"/api/v1/persons/{kari.pk}", **bearer(raw))
    assert response.status_code == 401
    assert user_for_token(raw) is None


def test_a_revoked_token_is_refused_and_stays_revoked(client, case_worker, kari):
    raw = api_token_create(user=case_worker)
    api_token_revoke(token=token_of(raw), actor=case_worker)
    assert client.get(f"/api/v1/persons/{kari.pk}", **bearer(raw)).status_code == 401
    with pytest.raises(ValidationError, match="allerede trukket tilbake"):
        api_token_revoke(token=token_of(raw), actor=case_worker)


def test_only_the_owner_or_the_municipality_admin_revokes_and_the_admin_gives_a_reason(
    case_worker, reception, admin_user, outsider
):
    token = token_of(api_token_create(user=case_worker))
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, actor=reception)
    with pytest.raises(PermissionDenied):
        api_token_revoke(token=token, actor=outsider)
    with pytest.raises(ValidationError, match="begrunnelse"):
        api_token_revoke(token=token, actor=admin_user, reason="")
    api_token_revoke(token=token, actor=admin_user, reason="Nøkkelen lå i en e-post")
    event = AccountEvent.objects.get(user=case_worker, kind="token_revoked")
    assert (event.actor, event.reason) == (admin_user, "Nøkkelen lå i en e-post")


def test_the_last_use_is_recorded(client, case_worker, kari):
    raw = api_token_create(user=case_worker)
    client.get(f"/api/v1/persons/{kari.pk}", **bearer(raw))
    assert token_of(raw).last_used_at is not None


# --- read-only tokens in the API ------------------------------------------------------------------


def test_a_read_only_token_reads_but_every_change_answers_403_in_norwegian(client, case_worker, kari):
    raw = api_token_create(user=case_worker, scope=TokenScope.READ)
    assert client.get(f"/api/v1/persons/{kari.pk}", **bearer(raw)).status_code == 200
    body = json.dumps(new_person_body())
    response = client.post("/api/v1/persons", body, content_type="application/json", **bearer(raw))
    assert response.status_code == 403, response.content
    assert "bare lesetilgang" in response.json()["detail"]
    # The refusal is in the authentication, so it holds before the endpoint even looks at its input.
    response = client.patch("/api/v1/decisions/1", "{}", content_type="application/json", **bearer(raw))
    assert response.status_code == 403
    assert Person.objects.count() == 1


def test_a_read_only_token_is_refused_on_every_changing_endpoint_of_the_api(client, case_worker):
    raw = api_token_create(user=case_worker, scope=TokenScope.READ)
    spec = client.get("/api/v1/openapi.json").json()
    checked = 0
    for path, operations in spec["paths"].items():
        url = re.sub(r"\{[^}]+\}", "1", path)
        for method in operations:
            if method.upper() in ("POST", "PUT", "PATCH", "DELETE"):
                response = getattr(client, method)(url, "{}", content_type="application/json", **bearer(raw))
                assert response.status_code == 403, (method, path, response.status_code)
                checked += 1
    assert checked >= 10


def test_a_read_write_token_may_change_data(client, case_worker):
    raw = api_token_create(user=case_worker, scope=TokenScope.READ_WRITE)
    response = client.post(
        "/api/v1/persons", json.dumps(new_person_body()), content_type="application/json", **bearer(raw)
    )
    assert response.status_code == 201, response.content


# --- deactivation ----------------------------------------------------------------------------------


def test_a_deactivated_users_tokens_die_for_good(client, case_worker, admin_user, kari):
    raw = api_token_create(user=case_worker)
    accounts.user_deactivate(user=case_worker, actor=admin_user, reason="Sluttet")
    assert client.get(f"/api/v1/persons/{kari.pk}", **bearer(raw)).status_code == 401
    assert token_of(raw).revoked_at is not None
    accounts.user_reactivate(user=case_worker, actor=admin_user, reason="Tilbake fra permisjon")
    assert client.get(f"/api/v1/persons/{kari.pk}", **bearer(raw)).status_code == 401
    assert token_of(raw).revoked_at is not None


def test_a_deactivated_user_gets_no_new_token(case_worker, admin_user):
    accounts.user_deactivate(user=case_worker, actor=admin_user, reason="Sluttet")
    case_worker.refresh_from_db()
    with pytest.raises((ValidationError, PermissionDenied)):
        api_token_create(user=case_worker)


# --- the command -----------------------------------------------------------------------------------


def run(*args):
    out = io.StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def test_token_create_list_and_revoke_by_command(client, case_worker, kari):
    raw = run("create", "saksbehandler", "--name", "Uttrekk", "--days", "30").strip()
    token = token_of(raw)
    assert (token.name, token.scope) == ("Uttrekk", TokenScope.READ)
    assert client.get(f"/api/v1/persons/{kari.pk}", **bearer(raw)).status_code == 200
    listing = run("list", "saksbehandler")
    assert "Uttrekk" in listing and token.prefix in listing and "aktiv" in listing and raw not in listing
    with pytest.raises(CommandError, match="begrunnelse"):
        run("revoke", token.prefix)
    assert "trukket tilbake" in run("revoke", token.prefix, "--reason", "Ikke i bruk")
    assert client.get(f"/api/v1/persons/{kari.pk}", **bearer(raw)).status_code == 401
    assert "trukket tilbake" in run("list", "saksbehandler")


def test_token_create_by_command_checks_scope_and_days(case_worker):
    raw = run("create", "saksbehandler", "--scope", "read_write").strip()
    assert token_of(raw).scope == TokenScope.READ_WRITE
    with pytest.raises(CommandError, match="365"):
        run("create", "saksbehandler", "--days", "400")


def test_the_older_spelling_still_creates_a_token(case_worker):
    assert run("saksbehandler").strip().startswith("hh_")


def test_revoking_an_unknown_prefix_is_refused(db):
    with pytest.raises(CommandError, match="Fant ingen gyldig API-nøkkel"):
        run("revoke", "abcdefgh", "--reason", "x")


# --- the pages -------------------------------------------------------------------------------------


def test_my_tokens_page_lists_creates_once_and_revokes(client, case_worker, django_assert_max_num_queries):
    old = token_of(api_token_create(user=case_worker, name="Gammel"))
    client.force_login(case_worker)
    with django_assert_max_num_queries(12):
        page = client.get("/konto/api-nokler/")
    assert page.status_code == 200
    assert "Gammel" in page.content.decode() and old.prefix in page.content.decode()
    response = client.post(
        "/konto/api-nokler/", {"name": "Ny nøkkel", "scope": "read", "days": "30"}, follow=True
    )
    assert response.redirect_chain == [("/konto/api-nokler/", 302)]  # Post/Redirect/Get
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    new = ApiToken.objects.get(name="Ny nøkkel")
    raw = html.split('id="new-token" type="text" readonly value="')[1].split('"')[0]
    assert raw.startswith("hh_") and token_of(raw) == new
    assert raw not in client.get("/konto/api-nokler/").content.decode()  # shown once
    assert ApiToken.objects.filter(name="Ny nøkkel").count() == 1  # the reload made no second key
    response = client.post(f"/konto/api-nokler/{old.pk}/trekk-tilbake/", {"confirm": "1"})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.revoked_at is not None


def test_my_tokens_page_refuses_bad_input_in_norwegian(client, case_worker):
    client.force_login(case_worker)
    response = client.post("/konto/api-nokler/", {"name": "", "scope": "read", "days": "9999"})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    html = response.content.decode()
    assert "påkrev" in html  # Django's own Norwegian: «Feltet er påkrevet.»
    assert "365" in html


def test_a_user_cannot_revoke_someone_elses_token_on_the_page(client, case_worker, reception, outsider):
    token = token_of(api_token_create(user=reception))
    client.force_login(case_worker)
    assert client.post(f"/konto/api-nokler/{token.pk}/trekk-tilbake/").status_code == 403
    client.force_login(outsider)
    assert client.post(f"/konto/api-nokler/{token.pk}/trekk-tilbake/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_admin_sees_and_revokes_any_token_of_the_municipality(
    client, case_worker, admin_user, outsider, django_assert_max_num_queries
):
    token = token_of(api_token_create(user=case_worker, name="Saksbehandlers nøkkel"))
    theirs = token_of(api_token_create(user=outsider, name="Nabokommunens nøkkel"))
    for number in range(5):
        api_token_create(user=admin_user, name=f"Admin {number}")
    client.force_login(admin_user)
    with django_assert_max_num_queries(10):
        listing = client.get("/brukere/api-nokler/").content.decode()
    assert "Saksbehandlers nøkkel" in listing and "Nabokommunens nøkkel" not in listing
    assert "Saksbehandlers nøkkel" in client.get(f"/brukere/{case_worker.pk}/").content.decode()
    response = client.post(
        f"/konto/api-nokler/{token.pk}/trekk-tilbake/",
        {"reason": "Mistanke om lekkasje", "next": f"/brukere/{case_worker.pk}/", "confirm": "1"},
    )
    assert response.status_code == 302 and response.url == f"/brukere/{case_worker.pk}/"
    token.refresh_from_db()
    assert token.revoked_by == admin_user
    assert client.post(f"/konto/api-nokler/{theirs.pk}/trekk-tilbake/", {"reason": "x"}).status_code == 404


def test_the_revoke_form_never_redirects_off_site(client, case_worker):
    token = token_of(api_token_create(user=case_worker))
    client.force_login(case_worker)
    response = client.post(
        f"/konto/api-nokler/{token.pk}/trekk-tilbake/", {"next": "https://evil.example/", "confirm": "1"}
    )
    assert response.url == "/konto/api-nokler/"
