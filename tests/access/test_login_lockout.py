"""Lockout after repeated failed logins (django-axes), the security log, and lifting a lockout."""

import io
import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client

from helhet.access import login, roles
from tests import factories

pytestmark = pytest.mark.django_db

LOGIN = "/logg-inn/"


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


WRONG = "feil-passord-1"


def fail(client, username, address="10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": WRONG}, REMOTE_ADDR=address)


def succeed(client, username, address="10.1.1.1"):
    return client.post(LOGIN, {"username": username, "password": factories.PASSWORD}, REMOTE_ADDR=address)


def test_a_wrong_password_says_so_and_counts(client, nurse):
    response = fail(client, "tjenesteyter")
    assert response.status_code == 200
    assert "Brukernavn eller passord er feil" in response.content.decode()
    assert AccessAttempt.objects.get(username="tjenesteyter").failures_since_start == 1
    assert AccessFailureLog.objects.filter(username="tjenesteyter").count() == 1


def test_the_username_is_locked_after_the_limit_with_a_norwegian_page_even_for_the_right_password(
    client, nurse
):
    fail(client, "tjenesteyter", "10.1.1.1")
    fail(client, "tjenesteyter", "10.1.1.2")
    response = fail(client, "tjenesteyter", "10.1.1.3")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Innlogging er midlertidig sperret" in page
    assert "Prøv igjen om 30 minutter" in page
    assert "Account locked" not in page
    # From a fresh address, the right password is still refused: the username itself is locked.
    response = succeed(Client(), "tjenesteyter", "10.9.9.9")
    assert response.status_code == 429
    assert "_auth_user_id" not in Client().session


def test_a_colleague_behind_the_same_address_still_logs_in_after_another_user_is_locked(
    client, nurse, case_worker
):
    for _i in range(3):
        response = fail(client, "tjenesteyter", "10.2.2.2")
    assert response.status_code == 429
    # The office's one address is not locked: the colleague logs in from it.
    assert succeed(Client(), "saksbehandler", "10.2.2.2").status_code == 302
    # The locked user is refused from that address and from any other.
    assert succeed(Client(), "tjenesteyter", "10.2.2.2").status_code == 429
    assert succeed(Client(), "tjenesteyter", "10.3.3.3").status_code == 429


def test_a_spray_of_many_usernames_from_one_address_is_stopped(client, nurse, settings):
    settings.HELHET_LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for i in range(7):
        assert fail(client, f"gjett{i}", "10.2.2.2").status_code == 200
    response = fail(client, "gjett7", "10.2.2.2")
    assert response.status_code == 429
    assert "Innlogging er midlertidig sperret" in response.content.decode()
    # Now even a real user with the right password is refused from that address, but not elsewhere.
    assert succeed(Client(), "tjenesteyter", "10.2.2.2").status_code == 429
    assert succeed(Client(), "tjenesteyter", "10.3.3.3").status_code == 302


def test_the_address_limit_counts_only_within_the_cool_off(client, nurse, settings):
    import datetime

    from django.utils import timezone

    settings.HELHET_LOGIN_ADDRESS_FAILURE_LIMIT = 4
    for i in range(3):
        fail(client, f"gjett{i}", "10.2.2.2")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    fail(client, "gjett9", "10.2.2.2")
    assert succeed(Client(), "tjenesteyter", "10.2.2.2").status_code == 302


def test_cool_off_comes_from_the_setting(client, nurse, settings):
    import datetime

    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=10)
    for _i in range(3):
        response = fail(client, "tjenesteyter")
    assert "Prøv igjen om 10 minutter" in response.content.decode()


def test_a_forwarded_address_is_believed_only_with_a_configured_proxy(client, nurse, settings):
    for i in range(3):
        client.post(
            LOGIN,
            {"username": f"x{i}", "password": "feil"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        )
    # No proxy configured: X-Forwarded-For is ignored; the three failures all came from 10.0.0.1.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}
    AccessAttempt.objects.all().delete()
    settings.HELHET_PROXY_COUNT = 1
    client.post(
        LOGIN,
        {"username": "y", "password": "feil"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",
    )
    # One proxy: the entry it appended (the right-most) is the client; what the client wrote is not.
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"


def test_failed_logins_and_lockouts_are_logged_without_username_or_address(client, nurse, caplog):
    caplog.set_level(logging.INFO)
    for _i in range(3):
        fail(client, "tjenesteyter", "10.4.4.4")
    text = "\n".join(record.getMessage() for record in caplog.records)
    security = [r.getMessage() for r in caplog.records if r.name == "helhet.security"]
    assert any(line.startswith("login failed") for line in security)
    assert any(line.startswith("login locked out") for line in security)
    assert login.pseudonym("tjenesteyter") in text
    assert "tjenesteyter" not in text
    assert "10.4.4.4" not in text


def test_the_admin_sees_and_lifts_a_lockout_in_the_own_municipality_only(
    client, nurse, admin_user, outsider, other_municipality
):
    for _i in range(3):
        fail(Client(), "tjenesteyter", "10.5.5.5")
    for _i in range(3):
        fail(Client(), "nabo", "10.6.6.6")
    client.force_login(admin_user)
    assert 'href="/konto/sperringer/"' in client.get("/konto/").content.decode()
    page = client.get("/konto/sperringer/").content.decode()
    assert "tjenesteyter" in page
    assert "10.5.5.5" in page
    assert "nabo" not in page
    assert "Opphev sperring" in page

    response = client.post("/konto/sperringer/", {"username": "nabo"}, follow=True)
    assert "Fant ingen bruker med det brukernavnet i kommunen" in response.content.decode()
    assert AccessAttempt.objects.filter(username="nabo").exists()

    response = client.post("/konto/sperringer/", {"username": "tjenesteyter"}, follow=True)
    assert "Sperringen er opphevet" in response.content.decode()
    assert not AccessAttempt.objects.filter(username="tjenesteyter").exists()
    assert AccessFailureLog.objects.filter(username="tjenesteyter").count() == 3  # the record stays
    assert succeed(Client(), "tjenesteyter", "10.7.7.7").status_code == 302


def test_lifting_a_lockout_clears_the_user_from_every_address_and_from_the_address_count(
    client, nurse, admin_user, settings
):
    settings.HELHET_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    fail(Client(), "tjenesteyter", "10.5.5.5")
    for _i in range(3):
        fail(Client(), "tjenesteyter", "10.6.6.6")
    for i in range(2):
        fail(Client(), f"gjett{i}", "10.6.6.6")
    # 10.6.6.6 has 5 failures: one more of any username locks it.
    client.force_login(admin_user)
    page = client.get("/konto/sperringer/").content.decode()
    assert "10.5.5.5" in page and "10.6.6.6" in page
    assert "adressen er sperret" not in page
    client.post("/konto/sperringer/", {"username": "tjenesteyter"})
    assert not AccessAttempt.objects.filter(username="tjenesteyter").exists()
    assert succeed(Client(), "tjenesteyter", "10.6.6.6").status_code == 302
    assert succeed(Client(), "tjenesteyter", "10.5.5.5").status_code == 302
    # Only the two sprayed failures are left on the address.
    assert fail(Client(), "gjett2", "10.6.6.6").status_code == 200


def test_only_the_admin_reaches_the_lockout_page_and_service(client, case_worker, nurse):
    client.force_login(case_worker)
    assert client.get("/konto/sperringer/").status_code == 403
    assert client.post("/konto/sperringer/", {"username": "tjenesteyter"}).status_code == 403
    with pytest.raises(PermissionDenied):
        login.lockout_lift(actor=case_worker, username="tjenesteyter")


def test_lifting_a_user_that_is_not_locked_is_refused(admin_user, nurse):
    with pytest.raises(ValidationError, match="ikke sperret"):
        login.lockout_lift(actor=admin_user, username="tjenesteyter")


def test_the_lockout_page_lists_a_bounded_number_of_queries(
    client, admin_user, municipality, django_assert_max_num_queries
):
    for i in range(5):
        factories.user(municipality, roles.PROVIDER, username=f"bruker{i}")
        for _j in range(3):
            fail(Client(), f"bruker{i}", f"10.8.8.{i}")
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        page = client.get("/konto/sperringer/").content.decode()
    assert all(f"bruker{i}" in page for i in range(5))


def test_the_axes_reset_command_lifts_every_lockout(client, nurse):
    for _i in range(3):
        fail(client, "tjenesteyter")
    call_command("axes_reset", stdout=io.StringIO())
    assert succeed(Client(), "tjenesteyter").status_code == 302


def test_the_admin_sees_a_locked_address_and_lifts_it_so_the_office_logs_in_again(
    client, nurse, admin_user, case_worker, settings
):
    """One machine behind the office's shared address tries many usernames; the whole office is locked out
    until the administrator lifts the address on the lockout page (not only by the ops command)."""
    settings.HELHET_LOGIN_ADDRESS_FAILURE_LIMIT = 6
    for i in range(6):
        fail(Client(), f"gjett{i}", "10.8.8.8")
    assert succeed(Client(), "tjenesteyter", "10.8.8.8").status_code == 429
    client.force_login(admin_user)
    page = client.get("/konto/sperringer/").content.decode()
    assert "Sperrede adresser" in page and "10.8.8.8" in page and "gjett0" not in page
    assert login.locked_addresses()[0]["failures"] >= 6  # the refused right password counts too

    client.force_login(case_worker)
    assert client.post("/konto/sperringer/", {"address": "10.8.8.8"}).status_code == 403
    with pytest.raises(PermissionDenied):
        login.address_lockout_lift(actor=case_worker, address="10.8.8.8")

    client.force_login(admin_user)
    response = client.post("/konto/sperringer/", {"address": "10.8.8.8"}, follow=True)
    assert "Sperringen er opphevet" in response.content.decode()
    assert succeed(Client(), "tjenesteyter", "10.8.8.8").status_code == 302
    again = client.post("/konto/sperringer/", {"address": "10.8.8.8"}, follow=True)
    assert "Adressen er ikke sperret" in again.content.decode()
