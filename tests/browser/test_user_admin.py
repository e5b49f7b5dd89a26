"""The admin creates a user who sets their own password by the one-time link and makes an API token; the admin
then deactivates the user. Each page is scanned with axe-core."""

import pytest
from playwright.sync_api import expect

from helhet.access import roles
from helhet.access.models import ApiToken
from helhet.core.models import User
from tests import factories
from tests.browser.login import open_menu, second_factor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(page, live_server, username, password=factories.PASSWORD):
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    second_factor(page, username)


def test_admin_creates_a_user_who_sets_a_password_makes_a_token_and_is_deactivated(
    browser, page, live_server, municipality, assert_accessible
):
    factories.user(municipality, roles.ADMIN, username="admin")
    log_in(page, live_server, "admin")
    open_menu(page)
    page.get_by_role("link", name="Brukere").click()
    expect(page.get_by_role("heading", name="Brukere", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ny bruker").click()
    assert_accessible(page)
    page.get_by_label("Brukernavn").fill("nora")
    page.get_by_label("Fornavn").fill("Nora")
    page.get_by_label("Etternavn").fill("Ny")
    page.get_by_label("E-post").fill("nora@example.no")
    page.get_by_label("Tjenesteyter").check()
    page.get_by_label("Begrunnelse").fill("Ny i hjemmesykepleien")
    page.get_by_role("button", name="Lag bruker").click()
    expect(page.get_by_role("heading", name="Brukeren er laget")).to_be_visible()
    assert_accessible(page)
    link = page.get_by_label("Engangslenke").input_value()

    other = browser.new_context()
    nora_page = other.new_page()
    nora_page.goto(link)
    expect(nora_page.get_by_role("heading", name="Velg passord")).to_be_visible()
    assert_accessible(nora_page)
    nora_page.locator("#id_new_password1").fill("Et-godt-passord-42")
    nora_page.locator("#id_new_password2").fill("Et-godt-passord-42")
    nora_page.get_by_role("button", name="Lagre passord").click()
    expect(nora_page.get_by_role("heading", name="Passordet er lagret")).to_be_visible()
    log_in(nora_page, live_server, "nora", "Et-godt-passord-42")
    nora_page.goto(f"{live_server.url}/konto/api-nokler/")
    assert_accessible(nora_page)
    nora_page.get_by_label("Navn").fill("Rapport")
    nora_page.get_by_role("button", name="Lag nøkkel").click()
    expect(nora_page.get_by_label("Ny API-nøkkel")).to_be_visible()
    assert nora_page.get_by_label("Ny API-nøkkel").input_value().startswith("hh_")
    assert_accessible(nora_page)
    other.close()

    nora = User.objects.get(username="nora")
    page.goto(f"{live_server.url}/brukere/{nora.pk}/")
    expect(page.get_by_role("cell", name="Rapport", exact=True)).to_be_visible()
    assert_accessible(page)
    page.locator("#user_deactivate-reason").fill("Sluttet")
    page.get_by_role("button", name="Deaktiver").click()
    page.get_by_role("dialog").get_by_role("button", name="Ja, deaktiver brukeren").click()
    expect(page.get_by_text("Brukeren er deaktivert")).to_be_visible()
    expect(page.locator("dd .ds-tag", has_text="Deaktivert")).to_be_visible()
    assert not User.objects.get(pk=nora.pk).is_active
    assert ApiToken.objects.get(user=nora).revoked_at is not None


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_at_390_px_the_lockout_page_does_not_scroll_sideways_and_the_user_tables_scroll_by_keyboard(
    page, live_server, municipality, assert_accessible
):
    from axes.models import AccessAttempt
    from django.utils import timezone

    from helhet.access import accounts

    admin = factories.user(municipality, roles.ADMIN, username="admin")
    locked = factories.user(municipality, roles.PROVIDER, username="tjenesteyter.med.langt.brukernavn")
    accounts.role_grant_give(
        user=locked,
        role=roles.LEADER,
        actor=admin,
        reason="Konstituert leder",
        valid_from=timezone.localdate(),
    )
    AccessAttempt.objects.create(
        username="tjenesteyter.med.langt.brukernavn",
        ip_address="2001:db8:85a3:0000:0000:8a2e:0370:7334",
        user_agent="test",
        failures_since_start=5,
        attempt_time=timezone.now(),
        get_data="",
        post_data="",
        http_accept="",
        path_info="/logg-inn/",
    )
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "admin")
    page.goto(f"{live_server.url}/konto/sperringer/")
    expect(
        page.get_by_role("button", name="Opphev sperring for tjenesteyter.med.langt.brukernavn")
    ).to_be_visible()
    assert no_sideways_scroll(page)
    assert_accessible(page)

    page.goto(f"{live_server.url}/brukere/{locked.pk}/")
    region = page.get_by_role("region", name="Rolletildelinger")
    expect(region).to_be_visible()
    assert region.get_attribute("tabindex") == "0"
    assert no_sideways_scroll(page)
    assert_accessible(page)
