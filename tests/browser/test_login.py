"""Login journeys: the second factor set up with a real app code, lockout, and the idle warning."""

import pytest
from playwright.sync_api import expect

from helhet.access import roles
from tests import factories
from tests.browser.login import open_menu, second_factor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def password(page, live_server, username, secret=factories.PASSWORD):
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(secret)
    page.get_by_role("button", name="Logg inn").click()


def test_a_case_worker_sets_up_the_second_factor_then_types_a_code_next_time(
    page, live_server, municipality, settings, assert_accessible
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait after the wrong code on purpose
    factories.user(municipality, roles.CASE_WORKER, username="saksbehandler")
    password(page, live_server, "saksbehandler")
    expect(page.get_by_role("heading", name="Sett opp tofaktorinnlogging")).to_be_visible()
    expect(page.get_by_role("img", name="QR-kode for autentiseringsappen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Engangskode").fill("000000")
    page.get_by_role("button", name="Bekreft og logg inn").click()
    expect(page.get_by_text("Koden stemmer ikke").first).to_be_visible()
    assert_accessible(page)
    second_factor(page, "saksbehandler")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hei")

    open_menu(page)
    page.get_by_role("button", name="Logg ut").click()
    password(page, live_server, "saksbehandler")
    expect(page.get_by_role("heading", name="Engangskode")).to_be_visible()
    assert_accessible(page)
    second_factor(page, "saksbehandler")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hei")


def test_repeated_wrong_passwords_lock_the_login_with_a_norwegian_message(
    page, live_server, municipality, settings, assert_accessible
):
    settings.AXES_FAILURE_LIMIT = 3
    factories.user(municipality, roles.PROVIDER, username="tjenesteyter")
    for _i in range(3):
        password(page, live_server, "tjenesteyter", "feil-passord")
    expect(page.get_by_role("heading", name="Innlogging er midlertidig sperret")).to_be_visible()
    assert_accessible(page)


def test_the_idle_warning_offers_to_stay_logged_in(
    page, live_server, municipality, settings, assert_accessible
):
    settings.HELHET_IDLE_TIMEOUT_MINUTES = 2.1  # the warning comes 2 minutes before: after about 6 seconds
    factories.user(municipality, roles.PROVIDER, username="tjenesteyter")
    password(page, live_server, "tjenesteyter")
    second_factor(page, "tjenesteyter")
    dialog = page.get_by_role("dialog", name="Du blir logget ut om 2 minutter")
    expect(dialog).to_be_visible(timeout=20_000)
    assert_accessible(page)
    with page.expect_response(lambda r: r.url.endswith("/konto/aktiv/") and r.request.method == "POST"):
        dialog.get_by_role("button", name="Fortsett å være innlogget").click()
    expect(dialog).to_be_hidden()
    page.goto(f"{live_server.url}/konto/")
    expect(page.get_by_role("heading", name="Min profil")).to_be_visible()
    assert_accessible(page)
