"""A leader looks at the organisation over time; a citizen finds help on the public service page."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests import factories
from tests.browser.login import open_insight, second_factor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def demo(settings):
    settings.HELHET_DEMO_PASSWORD = factories.PASSWORD
    call_command("demo", persons=40, stdout=open("/dev/null", "w"))  # noqa: SIM115


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    second_factor(page, username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hei")


def test_leader_reads_the_org_chart_for_a_past_date_span_of_control_and_collaboration(
    page, live_server, demo, assert_accessible
):
    log_in(page, live_server, "leder")
    open_insight(page, "Organisasjonskart")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Organisasjonskart per")
    expect(page.get_by_text("Hjemmebaserte tjenester").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Dato").fill("2019-06-01")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisasjonskart per 1. juni 2019")
    expect(page.get_by_text("Hjemmetjenesten", exact=True).first).to_be_visible()
    expect(page.get_by_text("Barnevern", exact=True).first).to_be_visible()
    assert page.locator(".hh-org--root").get_by_text("Hjemmebaserte tjenester").count() == 0
    # Keyboard: a collapsed unit opens with Enter.
    summary = page.locator("summary", has_text="Hjemmesykepleien sone Nord")
    summary.focus()
    page.keyboard.press("Enter")
    assert_accessible(page)

    page.get_by_role("link", name="Lederspenn denne dagen").click()
    expect(page.get_by_role("heading", name="Ledere med mer enn 40 direkte underordnede")).to_be_visible()
    expect(page.get_by_role("cell", name="NAV Demo").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/organisasjon/samarbeid/")
    expect(page.get_by_role("img", name="Nettverk av samarbeidende enheter")).to_be_visible()
    expect(
        page.get_by_role(
            "cell", name="Fortløpende evaluering av tjenester, justering av vedtak, delegering av tjenesten"
        )
    ).to_be_visible()
    assert_accessible(page)


def test_citizen_opens_the_public_service_page_on_a_phone_and_searches(
    page, live_server, demo, assert_accessible
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/tjenester/")
    expect(page.get_by_role("heading", name="Hva kan jeg få hjelp til?")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Hva trenger du hjelp til?").fill("pårørende")
    page.get_by_role("button", name="Søk").click()
    expect(page.get_by_role("status")).to_contain_text("passer «pårørende»")
    service = page.locator("details").filter(has=page.locator("summary", has_text="Omsorgsstønad")).first
    if service.get_attribute("open") is None:  # the best match is shown open
        service.locator("summary").click()
    expect(service.get_by_text("Hva koster det?")).to_be_visible()
    expect(service.get_by_text("særlig tyngende omsorgsarbeid").first).to_be_visible()
    assert_accessible(page)
