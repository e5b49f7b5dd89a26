"""An analyst compares three separate doors with one reception in the capacity simulation."""

import pytest
from playwright.sync_api import expect

from helhet.access import roles
from tests import factories
from tests.browser.login import open_insight, second_factor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    second_factor(page, username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hei")


def test_analyst_runs_the_default_pair_reads_the_results_and_fixes_a_bad_value(
    page, live_server, municipality, assert_accessible
):
    factories.user(municipality, roles.ANALYST, username="analytiker")
    log_in(page, live_server, "analytiker")
    open_insight(page, "Kapasitetssimulering")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kapasitetssimulering av kontoret")
    expect(page.get_by_label("Navn på scenarioet").first).to_have_value("Tre separate dører")
    assert_accessible(page)

    # Too long a run is refused with a message at the field.
    page.get_by_label("Antall uker å simulere").fill("99")
    page.get_by_role("button", name="Kjør simuleringen").click()
    expect(page.get_by_role("alert")).to_contain_text("Simuleringen ble ikke kjørt")
    expect(
        page.get_by_role("link", name="Antall uker å simulere: Verdien må være mindre enn eller lik 52.")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Antall uker å simulere").fill("3")
    page.get_by_label("Frø (seed)").fill("2026")
    page.get_by_role("button", name="Kjør simuleringen").click()
    expect(page.get_by_role("heading", name="Resultater side om side")).to_be_visible()
    expect(page.get_by_text("frø (seed) 2026")).to_be_visible()
    table = page.locator("#results-table")
    expect(table.get_by_role("columnheader", name="Tre separate dører")).to_be_visible()
    expect(table.get_by_role("columnheader", name="Ett felles mottak")).to_be_visible()
    expect(table.get_by_role("rowheader", name="Ventetid i mottak, snitt (minutter)")).to_be_visible()
    expect(page.get_by_role("img", name="Ventetid i mottak")).to_be_visible()
    expect(page.get_by_role("img", name="Kø i mottak gjennom en typisk uke")).to_be_visible()
    page.get_by_text("Tallene i figuren").first.click()
    expect(page.locator("#wait-table")).to_be_visible()
    assert_accessible(page)
    # The address holds the parameters: the same run again gives the same table.
    first = table.inner_text().split("Kjøretid")[0]
    page.reload()
    assert page.locator("#results-table").inner_text().split("Kjøretid")[0] == first
