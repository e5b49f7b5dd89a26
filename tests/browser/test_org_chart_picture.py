"""A leader sees the organisation drawn as a tree, and compares it before and after a reorganisation."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests import factories
from tests.browser.login import open_insight
from tests.browser.test_crawl import SIDEWAYS
from tests.browser.test_organisation_and_catalogue import PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo(settings):
    settings.HELHET_DEMO_PASSWORD = factories.PASSWORD
    call_command("demo", persons=40, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_leader_sees_the_drawn_chart_and_compares_two_dates(page, live_server, demo, assert_accessible):
    log_in(page, live_server, "leder")
    open_insight(page, "Organisasjonskart")
    picture = page.get_by_role("img", name="Organisasjonskart per")
    expect(picture).to_be_visible()
    expect(picture.locator("text", has_text="Hjemmebaserte tjenester").first).to_be_attached()
    # The list for screen readers is still there, after the picture.
    expect(page.locator(".hh-org--root").get_by_text("Hjemmebaserte tjenester").first).to_be_visible()
    # The wide picture scrolls sideways in its own keyboard-reachable region.
    region = page.get_by_role("region", name="kan rulles sidelengs")
    region.focus()
    page.keyboard.press("ArrowRight")
    assert_accessible(page)

    page.get_by_label("Dato", exact=True).fill("2019-06-01")
    page.get_by_label("Sammenlign med en annen dag (valgfritt)").fill("2025-06-01")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Organisasjonskart 1. juni 2019 og 1. juni 2025"
    )
    expect(page.get_by_role("img", name="Organisasjonskart per 1. juni 2019")).to_be_visible()
    expect(page.get_by_role("img", name="Organisasjonskart per 1. juni 2025")).to_be_visible()
    changes = page.get_by_role("table", name="Endringer i organisasjonen")
    expect(changes).to_be_visible()
    expect(changes.get_by_role("rowheader", name="Ny enhet").first).to_be_visible()
    assert_accessible(page)

    # On a phone the page itself never scrolls sideways: the pictures scroll in their own regions.
    page.set_viewport_size(PHONE)
    page.reload()
    assert not page.evaluate(SIDEWAYS)
    assert page.evaluate("document.querySelector('.hh-orgchart-scroll').scrollWidth > 390")

    page.get_by_label("Sammenlign med en annen dag (valgfritt)").fill("9999-12-31")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("alert")).to_contain_text("Datoen må være mellom")
