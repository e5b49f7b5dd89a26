"""A leader copies today's organisation, merges two units on paper, compares with today and publishes."""

import datetime

import pytest
from playwright.sync_api import expect

from helhet.access import roles
from helhet.core.calendar import local_today
from tests import factories, scenario_world
from tests.browser.login import open_insight, second_factor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def world(db):
    municipality = factories.municipality()
    user = factories.user(municipality, roles.LEADER, username="leder")
    return scenario_world.build(municipality, user)


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    second_factor(page, username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hei")


def test_leader_merges_two_units_in_a_scenario_compares_and_publishes(
    page, live_server, world, assert_accessible
):
    log_in(page, live_server, "leder")
    open_insight(page, "Omorganiseringsscenarier")
    expect(page.get_by_role("heading", level=1)).to_have_text("Omorganiseringsscenarier")
    assert_accessible(page)

    page.get_by_label("Navn på nytt scenario").fill("Barn og familie samlet")
    page.get_by_role("button", name="Kopier dagens organisasjon").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Scenario: Barn og familie samlet")
    expect(page.get_by_role("rowheader", name="Barnevern")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Helse og familie", exact=True).check()
    page.get_by_label("Barnevern", exact=True).check()
    page.locator("#merge-name").fill("Barn, ungdom og familie")
    page.locator("#merge-leader").select_option(label="Hanne Helse")
    page.get_by_role("button", name="Slå sammen", exact=True).click()
    expect(
        page.get_by_text("Enhetene er slått sammen til Barn, ungdom og familie i scenarioet.")
    ).to_be_visible()
    expect(page.get_by_role("rowheader", name="Barnevern")).to_have_count(0)
    assert_accessible(page)

    page.get_by_role("link", name="Sammenlign med i dag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Barn og familie samlet sammenlignet med i dag")
    summary = page.get_by_role("table", name="Dagens organisasjon og scenarioet side om side")
    expect(summary.get_by_role("row", name="Enheter")).to_contain_text("4")
    expect(summary.get_by_role("row", name="Ansatte som får ny leder")).to_contain_text("4")
    expect(page.get_by_role("heading", name="4 ansatte får ny leder")).to_be_visible()
    expect(page.get_by_role("img", name="Dagens organisasjon og scenarioet")).to_be_visible()
    assert_accessible(page)

    on = local_today() + datetime.timedelta(days=7)
    page.get_by_label("Gjelder fra").fill(on.isoformat())
    page.get_by_role("button", name="Publiser", exact=True).click()
    dialog = page.get_by_role("dialog", name="Publisere scenarioet?")
    expect(dialog).to_be_visible()
    assert_accessible(page)
    dialog.get_by_role("button", name="Ja, publiser").click()
    expect(page.get_by_text("Scenarioet er publisert og gjelder fra")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Organisasjonskart per")
    expect(page.get_by_text("Barn, ungdom og familie").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/organisasjon/scenarier/")
    expect(page.get_by_text("Publisert, gjelder fra")).to_be_visible()
