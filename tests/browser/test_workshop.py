"""A leader runs a workshop: groups, considerations, themes, each group's ranking, the result and its report."""

import pytest
from playwright.sync_api import expect

from helhet.access import roles
from tests import factories
from tests.browser.login import open_insight
from tests.browser.test_crawl import SIDEWAYS
from tests.browser.test_organisation_and_catalogue import PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def facilitator(db):
    municipality = factories.municipality()
    unit = factories.unit(municipality, "Helse og omsorg", kind="area")
    return factories.user(municipality, roles.LEADER, username="fasilitator", unit=unit, leads=True)


def click(page, name):
    page.get_by_role("button", name=name, exact=True).click()


def test_leader_runs_a_workshop_to_its_result(page, live_server, facilitator, assert_accessible):
    log_in(page, live_server, "fasilitator")
    open_insight(page, "Verksteder")
    expect(page.get_by_role("heading", level=1)).to_have_text("Verksteder")
    assert_accessible(page)
    page.get_by_label("Tittel").fill("Mestring og helse")
    page.get_by_label("Dato for verkstedet").fill("2018-03-01")
    click(page, "Opprett verksted")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mestring og helse")

    for name in ("Gruppe 1", "Gruppe 2"):
        page.get_by_label("Ny gruppe").fill(name)
        click(page, "Legg til gruppe")
        expect(page.get_by_text(f"Gruppen «{name}» er lagt til.")).to_be_visible()
    for group, text in (
        ("Gruppe 1", "Én dør inn for innbyggerne"),
        ("Gruppe 2", "Maks 40 ansatte per leder"),
    ):
        page.get_by_label("Gruppe", exact=True).select_option(label=group)
        page.get_by_label("Hensyn (fritekst)").fill(text)
        click(page, "Lagre hensyn")
        expect(page.get_by_role("cell", name=text)).to_be_visible()
    for theme in ("Tilgjengelighet", "Ledelse"):
        page.get_by_label("Nytt tema").fill(theme)
        click(page, "Lag tema")
        expect(page.get_by_text(f"Temaet «{theme}» er laget.")).to_be_visible()
    page.get_by_label("Gruppe 1: Én dør inn for innbyggerne").select_option(label="Tilgjengelighet")
    page.get_by_label("Gruppe 2: Maks 40 ansatte per leder").select_option(label="Ledelse")
    click(page, "Lagre tematiseringen")
    expect(page.get_by_text("Tematiseringen er lagret (2 endret).")).to_be_visible()
    assert_accessible(page)

    click(page, "Start rangeringen")
    expect(page.get_by_text("Verkstedet er nå i fasen «Rangering».")).to_be_visible()
    one = page.get_by_role("group", name="Rangeringen til Gruppe 1")
    one.get_by_label("Tilgjengelighet").fill("1")
    one.get_by_label("Ledelse").fill("2")
    click(page, "Lagre rangeringen til Gruppe 1")
    expect(page.get_by_text("Rangeringen til Gruppe 1 er lagret.")).to_be_visible()
    two = page.get_by_role("group", name="Rangeringen til Gruppe 2")
    two.get_by_label("Ledelse").fill("1")  # Gruppe 2 ranks only one theme
    click(page, "Lagre rangeringen til Gruppe 2")
    expect(page.get_by_text("Rangeringen til Gruppe 2 er lagret.")).to_be_visible()
    # A place out of range is explained, and nothing is saved.
    page.get_by_role("group", name="Rangeringen til Gruppe 2").get_by_label("Tilgjengelighet").fill("7")
    page.get_by_role("group", name="Rangeringen til Gruppe 2").get_by_label("Tilgjengelighet").evaluate(
        "el => el.removeAttribute('max')"
    )
    click(page, "Lagre rangeringen til Gruppe 2")
    expect(page.get_by_text("Plassen må være et tall fra 1 til 2")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Se resultatet").click()
    expect(
        page.get_by_role("img", name="Temaenes prioritet i verkstedet «Mestring og helse»")
    ).to_be_visible()
    table = page.get_by_role("table", name="Temaene i prioritert rekkefølge, alle grupper")
    # 1 + 0 from Gruppe 1, 0 + 1 from Gruppe 2: a tie, shown as a tie.
    expect(table.get_by_role("cell", name="1 (delt)")).to_have_count(2)
    assert_accessible(page)
    page.get_by_role("link", name="Rapport for utskrift").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapport: Mestring og helse")
    expect(page.get_by_text("Én dør inn for innbyggerne")).to_be_visible()
    assert_accessible(page)
    # On a phone none of the workshop's pages scrolls sideways.
    page.set_viewport_size(PHONE)
    for link in ("Tilbake til resultatet", "Tilbake til verkstedet"):
        assert not page.evaluate(SIDEWAYS), page.url
        page.get_by_role("link", name=link).click()
    assert not page.evaluate(SIDEWAYS), page.url
