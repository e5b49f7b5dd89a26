"""Own profile and password change, and the idle timeout with its keep-alive."""

import time

import pytest
from django.test import Client

from helhet.access.activity import LAST_ACTIVITY_SESSION_KEY, LOGIN_AT_SESSION_KEY
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_profile_page_is_linked_from_the_menu_and_links_the_password_change(client, nurse):
    client.force_login(nurse)
    home = client.get("/").content.decode()
    assert 'href="/konto/"' in home
    assert "Min profil" in home
    page = client.get("/konto/").content.decode()
    assert "tjenesteyter" in page
    assert 'href="/konto/passord/"' in page


def test_a_user_changes_the_own_password_and_keeps_the_session(client, nurse):
    client.force_login(nurse)
    assert "Bytt passord" in client.get("/konto/passord/").content.decode()
    response = client.post(
        "/konto/passord/",
        {
            "old_password": factories.PASSWORD,
            "new_password1": "Fjellvann-og-mose-42",
            "new_password2": "Fjellvann-og-mose-42",
        },
        follow=True,
    )
    assert "Passordet er endret" in response.content.decode()
    assert client.get("/").status_code == 200  # still logged in
    nurse.refresh_from_db()
    assert nurse.check_password("Fjellvann-og-mose-42")


def test_a_wrong_old_password_or_a_weak_new_one_is_refused_in_norwegian(client, nurse):
    client.force_login(nurse)
    response = client.post(
        "/konto/passord/",
        {
            "old_password": "feil-gammelt",
            "new_password1": "Fjellvann-og-mose-42",
            "new_password2": "Fjellvann-og-mose-42",
        },
    )
    assert response.status_code == 200
    assert "gamle passord" in response.content.decode()
    response = client.post(
        "/konto/passord/",
        {"old_password": factories.PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    )
    page = response.content.decode()
    assert "minst 10 tegn" in page
    nurse.refresh_from_db()
    assert nurse.check_password(factories.PASSWORD)


def age_session(client, *, idle_seconds=0, since_login=0):
    session = client.session
    now = time.time()
    session[LAST_ACTIVITY_SESSION_KEY] = int(now - idle_seconds)
    session[LOGIN_AT_SESSION_KEY] = int(now - since_login)
    session.save()


def test_an_idle_session_is_logged_out_and_the_login_page_says_why(client, nurse, settings):
    settings.HELHET_IDLE_TIMEOUT_MINUTES = 30
    client.force_login(nurse)
    age_session(client, idle_seconds=29 * 60)
    assert client.get("/").status_code == 200
    age_session(client, idle_seconds=31 * 60)
    response = client.get("/arbeidsliste/")
    assert response["Location"] == "/logg-inn/?next=%2Farbeidsliste%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Du ble logget ut fordi du ikke har vært aktiv på en stund" in page
    # The message is shown once.
    assert "ikke har vært aktiv" not in client.get("/logg-inn/").content.decode()


def test_activity_keeps_the_session_but_not_beyond_its_absolute_age(client, nurse, settings):
    settings.SESSION_COOKIE_AGE = 8 * 60 * 60
    client.force_login(nurse)
    age_session(client, idle_seconds=10 * 60, since_login=7 * 60 * 60)
    assert client.get("/").status_code == 200
    assert time.time() - client.session[LAST_ACTIVITY_SESSION_KEY] < 5  # the request counted as activity
    age_session(client, idle_seconds=60, since_login=8 * 60 * 60 + 60)
    response = client.get("/")
    assert response["Location"].startswith("/logg-inn/")
    assert "innloggingen var for gammel" in client.get("/logg-inn/").content.decode()


def test_htmx_requests_are_sent_to_the_login_page_with_hx_redirect(client, nurse):
    client.force_login(nurse)
    age_session(client, idle_seconds=31 * 60)
    response = client.get("/personer/", HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith("/logg-inn/")


def test_the_keepalive_tells_the_time_left_and_a_post_renews_it(client, nurse):
    client.force_login(nurse)
    age_session(client, idle_seconds=29 * 60)
    left = client.get("/konto/aktiv/").json()["remaining"]
    assert 50 <= left <= 60  # a look is not activity
    assert client.get("/konto/aktiv/").json()["remaining"] <= 60
    renewed = client.post("/konto/aktiv/").json()["remaining"]
    assert renewed >= 29 * 60


def test_the_keepalive_after_the_timeout_answers_401_and_the_page_says_why(client, nurse):
    client.force_login(nurse)
    age_session(client, idle_seconds=31 * 60)
    assert client.get("/konto/aktiv/").status_code == 401
    assert "ikke har vært aktiv" in client.get("/logg-inn/").content.decode()


def test_pages_carry_the_idle_dialog_and_its_script_without_inline_code(client, nurse):
    client.force_login(nurse)
    page = client.get("/").content.decode()
    assert 'id="hh-idle-dialog"' in page
    assert 'data-idle-timeout="1800"' in page
    assert "Du blir logget ut om 2 minutter" in page
    assert "Fortsett å være innlogget" in page
    assert '<script src="/static/helhet/idle.js" defer></script>' in page
    assert "<script>" not in page
    assert 'id="hh-idle-dialog"' not in Client().get("/logg-inn/").content.decode()


def test_the_bearer_api_is_not_logged_out_by_an_idle_session(client, case_worker, kari):
    from helhet.access.services import api_token_create

    token = api_token_create(user=case_worker)
    client.force_login(case_worker)
    age_session(client, idle_seconds=31 * 60)
    response = client.get(f"/api/v1/persons/{kari.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200
    assert client.get(f"/api/v1/persons/{kari.pk}").status_code == 401
