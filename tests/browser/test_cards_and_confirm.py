"""Issue 10 in the browser: the analyst's numbers stay inside their cards at every width, and an
irreversible action opens a dialog that can be cancelled (nothing happens) or confirmed."""

import pytest
from playwright.sync_api import expect

from helhet.access import roles
from tests import factories
from tests.browser.login import second_factor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Every element of a card that must be seen whole: its right edge inside the card's, nothing scrolled away.
CLIPPED = """() => [...document.querySelectorAll('.hh-grid > .ds-card')].flatMap(card => {
  const box = card.getBoundingClientRect();
  return [...card.querySelectorAll('.hh-stat, dd, td, th, h2')]
    .filter(el => el.getBoundingClientRect().right > box.right + 1 || el.getBoundingClientRect().left < box.left - 1)
    .map(el => el.textContent.trim().slice(0, 40));
})"""


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    second_factor(page, username)


@pytest.mark.parametrize("width", [800, 1024, 1440])
def test_the_analysts_numbers_stay_inside_their_cards(page, live_server, municipality, width):
    factories.user(municipality, roles.ANALYST, username="analytiker")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "analytiker")
    expect(page.locator(".hh-stat").first).to_be_visible()
    assert page.evaluate(CLIPPED) == []


def test_revoking_a_token_asks_in_a_dialog_that_can_be_cancelled(page, live_server, municipality):
    factories.user(municipality, roles.CASE_WORKER, username="saksbehandler")
    log_in(page, live_server, "saksbehandler")
    page.goto(f"{live_server.url}/konto/api-nokler/")
    page.get_by_label("Navn").fill("Rapport")
    page.get_by_role("button", name="Lag nøkkel").click()
    expect(page.get_by_role("cell", name="Aktiv")).to_be_visible()
    page.get_by_role("button", name="Trekk tilbake Rapport").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("kan ikke tas i bruk igjen")
    dialog.get_by_role("button", name="Avbryt").click()
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("cell", name="Aktiv")).to_be_visible()
    page.get_by_role("button", name="Trekk tilbake Rapport").click()
    page.get_by_role("dialog").get_by_role("button", name="Ja, trekk tilbake").click()
    expect(page.get_by_role("cell", name="Trukket tilbake")).to_be_visible()
