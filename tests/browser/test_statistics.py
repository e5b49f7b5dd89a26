"""The analyst opens the statistics from the start page, narrows the period and downloads the numbers."""

import pytest
from playwright.sync_api import expect

from helhet.access import roles
from tests import factories
from tests.browser.login import open_menu, second_factor
from tests.insight.statistics_data import StatsWorld

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def data():
    municipality = factories.municipality()
    w = StatsWorld(municipality)
    w.inquiries(8, channel="phone")
    w.inquiries(6, channel="digital", outcome="booked")
    w.decided_cases([5, 10, 15, 20, 25])  # all decided in March: a month with a median to draw
    w.deviations(6, kind="wrong", severity="medium")
    factories.user(municipality, roles.ANALYST, username="analytiker")
    return w


def test_analyst_reads_the_statistics_with_plots_and_tables(page, live_server, data, assert_accessible):
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill("analytiker")
    page.get_by_label("Passord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    second_factor(page, "analytiker")
    page.get_by_role("link", name="Gå til statistikken: figurer, tabeller og nedlastinger").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Statistikk")
    assert_accessible(page)

    page.get_by_label("Fra", exact=True).fill("2025-01-01")
    page.get_by_label("Til", exact=True).fill("2025-06-30")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("img", name="Henvendelser etter kanal")).to_be_visible()
    table = page.get_by_role("table", name="Henvendelser etter kanal: tallene i figuren")
    expect(table.get_by_role("row", name="Telefon 8 8 100,0")).to_be_visible()
    expect(page.get_by_role("img", name="Tid fra søknad mottatt til vedtak sendt")).to_be_visible()
    # Under the pages' Content-Security-Policy the bars keep their colour (inline styles would be blocked).
    fill = page.locator("svg.helhet-plot path[fill='#0062ba']").first.evaluate(
        "e => getComputedStyle(e).fill"
    )
    assert fill == "rgb(0, 98, 186)"
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned «Henvendelser etter kanal» som CSV").click()
    assert download.value.suggested_filename == "statistikk-henvendelser-2025-01-01-2025-06-30.csv"

    page.goto(f"{live_server.url}/statistikk/?fra=9999-12-31")
    expect(page.get_by_role("alert")).to_contain_text("Fra-datoen må være mellom")
    open_menu(page)
    expect(page.get_by_role("link", name="Statistikk", exact=True)).to_be_visible()
