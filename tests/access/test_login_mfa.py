"""The second factor (TOTP) after the password, with real codes computed from the device's secret."""

import base64
import re
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from helhet.access import accounts, mfa, roles
from helhet.access.models import ApiToken
from helhet.access.services import api_token_create
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_throttle_wait(settings):
    # django-otp makes a wrong code wait 2^n seconds; the tests type the right one right after.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def password_login(client, username, next_url=None):
    data = {"username": username, "password": factories.PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/logg-inn/", data)


def code_for(key: bytes, *, after_t: int = -1) -> str:
    """The app's current code for the key (the next step's if this one was used already)."""
    totp = TOTP(key)
    totp.time = time.time()
    if totp.t() <= after_t:
        totp.time += 30 * (after_t + 1 - totp.t())
    return f"{totp.token():06d}"


def secret_on(page: str) -> bytes:
    text = re.search(r"data-totp-secret>([A-Z2-7 ]+)<", page).group(1).replace(" ", "")
    return base64.b32decode(text + "=" * (-len(text) % 8))


def enrol(client, username):
    assert password_login(client, username)["Location"] == "/"
    page = client.get("/konto/tofaktor/oppsett/").content.decode()
    key = secret_on(page)
    response = client.post("/konto/tofaktor/oppsett/", {"token": code_for(key)})
    assert response.status_code == 302
    return key


@pytest.mark.parametrize("role", [roles.RECEPTION, roles.CASE_WORKER, roles.ADMIN])
def test_a_register_role_is_sent_to_enrolment_and_reaches_nothing_else_until_done(role, municipality, kari):
    factories.user(municipality, role, username="bruker")
    client = Client()
    password_login(client, "bruker")
    for path in ("/", "/personer/", f"/personer/{kari.pk}/", "/konto/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/konto/tofaktor/oppsett/?next=")
    assert client.get(f"/api/v1/persons/{kari.pk}").status_code == 401
    page = client.get("/konto/tofaktor/oppsett/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sett opp tofaktorinnlogging" in html
    assert 'src="data:image/svg+xml;base64,' in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert 'href="/personer/"' not in html  # no menu before the second factor


def test_enrolment_refuses_a_wrong_code_and_accepts_the_right_one(case_worker, kari):
    client = Client()
    password_login(client, "saksbehandler", next_url=f"/personer/{kari.pk}/")
    response = client.get(f"/personer/{kari.pk}/")
    assert response["Location"] == f"/konto/tofaktor/oppsett/?next=%2Fpersoner%2F{kari.pk}%2F"
    page = client.get(response["Location"]).content.decode()
    key = secret_on(page)
    assert secret_on(client.get("/konto/tofaktor/oppsett/").content.decode()) == key  # same secret on reload

    wrong = f"{(int(code_for(key)) + 1) % 1000000:06d}"
    refused = client.post("/konto/tofaktor/oppsett/", {"token": wrong, "next": f"/personer/{kari.pk}/"})
    assert refused.status_code == 422
    assert "Koden stemmer ikke" in refused.content.decode()
    assert not TOTPDevice.objects.filter(user=case_worker, confirmed=True).exists()
    assert client.get("/").status_code == 302
    short = client.post("/konto/tofaktor/oppsett/", {"token": "12"})
    assert "Skriv inn de seks sifrene" in short.content.decode()

    done = client.post("/konto/tofaktor/oppsett/", {"token": code_for(key), "next": f"/personer/{kari.pk}/"})
    assert done["Location"] == f"/personer/{kari.pk}/"
    assert TOTPDevice.objects.get(user=case_worker).confirmed
    assert client.get(f"/personer/{kari.pk}/").status_code == 200
    assert client.get(f"/api/v1/persons/{kari.pk}").status_code == 200


def test_with_a_device_the_next_login_asks_for_the_code(case_worker):
    key = enrol(Client(), "saksbehandler")
    device = TOTPDevice.objects.get(user=case_worker)
    client = Client()
    password_login(client, "saksbehandler")
    assert client.get("/")["Location"] == "/konto/tofaktor/?next=%2F"
    assert client.get("/konto/tofaktor/oppsett/")["Location"] == "/konto/tofaktor/"
    page = client.get("/konto/tofaktor/").content.decode()
    assert "Engangskode" in page
    assert "data-totp-secret" not in page  # the secret is never shown again

    refused = client.post("/konto/tofaktor/", {"token": "000000" if code_for(key) != "000000" else "111111"})
    assert refused.status_code == 422
    assert "Koden stemmer ikke" in refused.content.decode()
    assert client.get("/").status_code == 302

    device.refresh_from_db()
    response = client.post("/konto/tofaktor/", {"token": code_for(key, after_t=device.last_t)})
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_a_used_code_cannot_be_used_again(case_worker):
    key = enrol(Client(), "saksbehandler")
    used = TOTPDevice.objects.get(user=case_worker).last_t
    client = Client()
    password_login(client, "saksbehandler")
    totp = TOTP(key)
    totp.time = 30 * used + 1
    replay = f"{totp.token():06d}"
    assert client.post("/konto/tofaktor/", {"token": replay}).status_code == 422


def test_wrong_codes_count_toward_the_lockout(case_worker, nurse, settings):
    settings.AXES_FAILURE_LIMIT = 3
    key = enrol(Client(), "saksbehandler")
    client = Client()
    password_login(client, "saksbehandler")
    wrong = "000000" if code_for(key) != "000000" else "111111"
    client.post("/konto/tofaktor/", {"token": wrong})
    client.post("/konto/tofaktor/", {"token": wrong})
    locked = client.post("/konto/tofaktor/", {"token": wrong})
    assert locked.status_code == 429
    assert "Innlogging er midlertidig sperret" in locked.content.decode()
    assert "_auth_user_id" not in client.session  # logged out
    assert AccessAttempt.objects.filter(username="saksbehandler").exists()
    # The password alone does not get past the lockout either.
    assert password_login(Client(), "saksbehandler").status_code == 429
    # The code failures count toward the user, not the address: a colleague on it still logs in.
    assert password_login(Client(), "tjenesteyter").status_code == 302


@pytest.mark.parametrize("role", [roles.PROVIDER, roles.LEADER, roles.COORDINATOR])
def test_every_role_that_reads_person_data_needs_the_second_factor(role, municipality):
    factories.user(municipality, role, username="bruker")
    client = Client()
    password_login(client, "bruker")
    assert client.get("/")["Location"].startswith("/konto/tofaktor/oppsett/")


def test_the_analyst_who_sees_aggregates_only_logs_in_with_the_password_alone(municipality):
    factories.user(municipality, roles.ANALYST, username="bruker")
    client = Client()
    password_login(client, "bruker")
    assert client.get("/").status_code == 200


def test_the_required_roles_are_a_setting(nurse, case_worker, settings):
    settings.HELHET_MFA_REQUIRED_ROLES = [roles.PROVIDER]
    client = Client()
    password_login(client, "tjenesteyter")
    assert client.get("/")["Location"].startswith("/konto/tofaktor/oppsett/")
    client = Client()
    password_login(client, "saksbehandler")
    assert client.get("/").status_code == 200


def test_another_role_opts_in_from_the_profile_and_is_then_asked_for_a_code(client, municipality):
    nurse = factories.user(municipality, roles.ANALYST, username="tjenesteyter")
    client.force_login(nurse)
    assert "Slå på tofaktorinnlogging" in client.get("/konto/").content.decode()
    response = client.post("/konto/tofaktor/sla-pa/")
    assert response["Location"] == "/konto/tofaktor/oppsett/"
    key = secret_on(client.get("/konto/tofaktor/oppsett/").content.decode())
    assert client.post("/konto/tofaktor/oppsett/", {"token": code_for(key)}).status_code == 302
    assert "Tofaktorinnlogging er slått på" in client.get("/konto/").content.decode()

    again = Client()
    password_login(again, "tjenesteyter")
    assert again.get("/")["Location"] == "/konto/tofaktor/?next=%2F"

    # And may turn it off again (a required role may not).
    assert client.post("/konto/tofaktor/sla-av/").status_code == 302
    assert not TOTPDevice.objects.filter(user=nurse).exists()


def test_a_required_role_cannot_turn_the_second_factor_off(client, case_worker):
    enrol(client, "saksbehandler")
    response = client.post("/konto/tofaktor/sla-av/", follow=True)
    assert "Rollen din krever tofaktorinnlogging" in response.content.decode()
    assert TOTPDevice.objects.filter(user=case_worker).exists()


def test_mfa_reset_by_the_admin_makes_the_next_login_enrol_anew(case_worker, admin_user, nurse):
    enrol(Client(), "saksbehandler")
    with pytest.raises(ValidationError):
        mfa.mfa_reset(user=case_worker, actor=admin_user, reason=" ")
    with pytest.raises(PermissionDenied):
        mfa.mfa_reset(user=case_worker, actor=nurse, reason="Mistet telefonen")
    assert TOTPDevice.objects.filter(user=case_worker).exists()
    assert mfa.mfa_reset(user=case_worker, actor=admin_user, reason="Mistet telefonen") == 1
    client = Client()
    password_login(client, "saksbehandler")
    assert client.get("/")["Location"].startswith("/konto/tofaktor/oppsett/")


def test_an_admin_of_another_municipality_cannot_reset(case_worker, other_municipality):
    other_admin = factories.user(other_municipality, roles.ADMIN, username="nabo-admin")
    with pytest.raises(PermissionDenied):
        mfa.mfa_reset(user=case_worker, actor=other_admin, reason="Mistet telefonen")


def test_api_tokens_are_unaffected_by_the_second_factor(case_worker, kari):
    token = api_token_create(user=case_worker)
    assert ApiToken.objects.filter(user=case_worker).exists()
    response = Client().get(f"/api/v1/persons/{kari.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    # Even beside a session stuck at the second factor.
    client = Client()
    password_login(client, "saksbehandler")
    response = client.get(f"/api/v1/persons/{kari.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200


def test_logout_works_before_the_second_factor(case_worker):
    client = Client()
    password_login(client, "saksbehandler")
    response = client.post("/logg-ut/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_attempt_record_of_a_wrong_code_does_not_keep_the_code(case_worker):
    key = enrol(Client(), "saksbehandler")
    client = Client()
    password_login(client, "saksbehandler")
    wrong = "000000" if code_for(key) != "000000" else "111111"
    client.post("/konto/tofaktor/", {"token": wrong})
    attempt = AccessAttempt.objects.get(username="saksbehandler")
    assert wrong not in attempt.post_data
    assert factories.PASSWORD not in attempt.post_data


def test_a_role_that_needs_the_second_factor_given_mid_session_asks_for_it_on_the_next_request(
    municipality, admin_user
):
    analyst = factories.user(municipality, roles.ANALYST, username="bruker")
    client = Client()
    password_login(client, "bruker")
    assert client.get("/").status_code == 200
    accounts.role_grant_give(
        user=analyst,
        role=roles.CASE_WORKER,
        actor=admin_user,
        reason="Ny stilling",
        valid_from=timezone.localdate(),
    )
    response = client.get("/")
    assert response["Location"].startswith("/konto/tofaktor/oppsett/")
    # The API does not take the session either until the second factor is done.
    assert client.get("/api/v1/messages").status_code == 401


def test_a_role_added_mid_session_asks_a_user_with_a_device_for_the_code(case_worker, municipality):
    analyst = factories.user(municipality, roles.ANALYST, username="bruker")
    client = Client()
    password_login(client, "bruker")
    mfa.enrolment_device(user=analyst)
    TOTPDevice.objects.filter(user=analyst).update(confirmed=True)
    analyst.groups.add(Group.objects.get_or_create(name=roles.PROVIDER)[0])
    assert client.get("/")["Location"].startswith("/konto/tofaktor/?")


def test_a_session_that_passed_the_second_factor_is_not_asked_again(case_worker):
    key = enrol(Client(), "saksbehandler")
    client = Client()
    password_login(client, "saksbehandler")
    client.post("/konto/tofaktor/", {"token": code_for(key, after_t=TOTPDevice.objects.get().last_t)})
    assert client.get("/").status_code == 200
    case_worker.groups.add(Group.objects.get_or_create(name=roles.ADMIN)[0])
    assert client.get("/").status_code == 200
