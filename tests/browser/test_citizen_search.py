"""A citizen finds help with everyday words, on a phone, and reads the statements; an admin edits the face.
Each page is scanned with axe-core."""

import datetime

import pytest
from playwright.sync_api import expect

from helhet.access import roles
from helhet.catalogue.models import ServiceOffice
from helhet.catalogue.services import catalogue_install_defaults
from tests import factories
from tests.browser.login import second_factor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def municipality():
    municipality = factories.municipality()
    catalogue_install_defaults(municipality=municipality, on=datetime.date(2026, 11, 23))
    ServiceOffice.objects.filter(municipality=municipality, service_area="health_care").update(
        phone="12 34 56 00", street_address="Rådhusgata 1", opening_hours="Mandag–fredag 08.00–15.30"
    )
    return municipality


def test_a_citizen_on_a_phone_finds_help_with_everyday_words(
    page, live_server, municipality, assert_accessible
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/tjenester/?q=hjemehjelp")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hva kan jeg få hjelp til?")
    expect(page.get_by_label("Hva trenger du hjelp til?")).to_have_value("hjemehjelp")
    first = page.locator("details.hh-service").first
    expect(first.locator("summary")).to_have_text("Praktisk bistand – daglige gjøremål")
    expect(first.get_by_text("12 34 56 00")).to_be_visible()
    expect(first.get_by_text("Mandag–fredag 08.00–15.30")).to_be_visible()
    assert "(3+)" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert "Inter" in page.evaluate("getComputedStyle(document.body).fontFamily")
    assert page.evaluate("document.fonts.check('16px Inter')")
    assert_accessible(page)

    page.get_by_label("Hva trenger du hjelp til?").fill("psykolog")
    page.get_by_role("button", name="Søk").click()
    expect(page.locator("details.hh-service summary").first).to_have_text(
        "Lavterskel samtaletilbud psykisk helse og rus"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Tilgjengelighetserklæring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilgjengelighetserklæring")
    expect(page.get_by_role("heading", name="Tilsyn")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Personvernerklæring").click()
    expect(page.get_by_role("heading", name="Dine rettigheter")).to_be_visible()
    assert_accessible(page)


def test_the_login_page_has_the_footer_with_the_statements(
    page, live_server, municipality, assert_accessible
):
    page.goto(f"{live_server.url}/logg-inn/")
    footer = page.locator("footer")
    expect(footer.get_by_role("link", name="Personvernerklæring")).to_be_visible()
    expect(footer.get_by_role("link", name="Tilgjengelighetserklæring")).to_be_visible()
    expect(footer.get_by_text("12 34 56 00")).to_be_visible()
    assert_accessible(page)


def test_the_admin_edits_search_words_and_the_profile(page, live_server, municipality, assert_accessible):
    factories.user(municipality, roles.ADMIN, username="admin")
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill("admin")
    page.get_by_label("Passord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    second_factor(page, "admin")

    page.goto(f"{live_server.url}/katalog/sokeord/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Søkeord for innbyggerne")
    assert_accessible(page)
    page.get_by_label("Ord eller uttrykk").fill("nødknapp")
    page.get_by_label("Trygghetsalarm").check()
    page.get_by_role("button", name="Lagre søkeordet").click()
    expect(page.get_by_text("Søkeordet «nødknapp» er lagret.")).to_be_visible()

    page.goto(f"{live_server.url}/katalog/kontorer/")
    assert_accessible(page)

    page.goto(f"{live_server.url}/tjenester/kommuneprofil/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kommuneprofil")
    page.get_by_label("Kontaktpunkt").fill("Servicetorget")
    page.get_by_label("Telefon").fill("12 34 50 00")
    page.get_by_role("button", name="Lagre kommuneprofilen").click()
    expect(page.get_by_text("Kommuneprofilen er lagret.")).to_be_visible()
    expect(page.locator("footer").get_by_text("12 34 50 00")).to_be_visible()
    assert_accessible(page)


def test_a_citizen_who_writes_a_danger_word_sees_the_crisis_numbers_first(
    page, live_server, municipality, assert_accessible
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/tjenester/?q=selvmord")
    crisis = page.get_by_role("region", name="Trenger du hjelp nå? Du kan ringe med en gang")
    expect(crisis).to_be_in_viewport()
    expect(crisis.locator("a[href='tel:113']")).to_be_visible()
    expect(crisis.locator("a[href='tel:116123']")).to_contain_text("116 123")
    box_top = crisis.bounding_box()["y"]
    results_top = page.get_by_role("heading", name="Dette kan passe for deg").bounding_box()["y"]
    assert box_top < results_top
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)

    page.get_by_label("Hva trenger du hjelp til?").fill("TT-kort")
    page.get_by_role("button", name="Søk").click()
    expect(page.get_by_text("Vi fant ingen tjeneste som passer «TT-kort».")).to_be_visible()
    expect(page.get_by_text("Korttidsopphold i sykehjem")).to_have_count(0)
    expect(crisis).to_have_count(0)
    assert_accessible(page)
