"""Each role logs in, sees its start page and a person page (or is refused one), and logs out."""

import pytest
from playwright.sync_api import expect

from helhet.access import roles
from helhet.access.models import AccessAction, AccessLog
from tests import factories
from tests.browser.login import open_menu, second_factor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def world(municipality, home_care):
    kari = factories.person(
        municipality, first_name="Kari", last_name="Nordmann", street_address="Storgata 1"
    )
    factories.relative(kari, name="Ola Nordmann", representation="fullmakt", is_next_of_kin=True)
    factories.responsibility(kari, unit=home_care, reason="Mottar helsetjenester i hjemmet")
    users = {
        roles.RECEPTION: factories.user(municipality, roles.RECEPTION, username="resepsjon"),
        roles.CASE_WORKER: factories.user(municipality, roles.CASE_WORKER, username="saksbehandler"),
        roles.PROVIDER: factories.user(municipality, roles.PROVIDER, username="tjenesteyter", unit=home_care),
        roles.LEADER: factories.user(
            municipality, roles.LEADER, username="leder", unit=home_care, leads=True
        ),
        roles.COORDINATOR: factories.user(
            municipality, roles.COORDINATOR, username="koordinator", unit=home_care
        ),
        roles.ANALYST: factories.user(municipality, roles.ANALYST, username="analytiker"),
        roles.ADMIN: factories.user(municipality, roles.ADMIN, username="admin"),
    }
    return kari, users


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/logg-inn/?next=/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    second_factor(page, username)


def log_out(page, live_server):
    open_menu(page)
    page.get_by_role("button", name="Logg ut").click()
    expect(page.get_by_role("heading", name="Logg inn i Helhet")).to_be_visible()


@pytest.mark.parametrize("role", roles.ALL)
def test_each_role_logs_in_sees_its_start_page_and_a_person_and_logs_out(
    role, page, live_server, world, assert_accessible
):
    kari, users = world
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/logg-inn/")
    assert_accessible(page)
    log_in(page, live_server, users[role].username)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hei")
    expect(page.locator("main").get_by_text(str(roles.LABELS[role])).first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/personer/{kari.pk}/")
    if role == roles.ANALYST:
        expect(page.get_by_role("heading", name="Fant ikke siden")).to_be_visible()
        # The refused attempt is logged for Kari; nothing of hers was shown.
        rows = AccessLog.objects.filter(person=kari)
        assert {row.action for row in rows} == {AccessAction.REFUSED}
    else:
        expect(page.get_by_role("heading", name="Kari Nordmann")).to_be_visible()
        expect(page.get_by_text(kari.masked_national_id)).to_be_visible()
        expect(page.get_by_text("Ola Nordmann").first).to_be_visible()
        assert AccessLog.objects.filter(person=kari, user=users[role], action="read").exists()
    assert_accessible(page)
    log_out(page, live_server)
    page.goto(f"{live_server.url}/personer/{kari.pk}/")
    expect(page).to_have_url(f"{live_server.url}/logg-inn/?next=/personer/{kari.pk}/")


def test_reception_finds_and_registers_a_person_on_a_phone(page, live_server, world, assert_accessible):
    kari, users = world
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "resepsjon")
    page.get_by_label("Finn person: navn, fødselsdato eller fødselsnummer").fill("nordm")
    page.get_by_role("button", name="Søk").click()
    expect(page.get_by_role("link", name="Nordmann, Kari")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Registrer ny person").click()
    page.get_by_label("Fødselsnummer eller D-nummer").fill("15108695077")
    page.get_by_label("Fornavn").fill("Per")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_text("Kontrollsifrene stemmer ikke").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Fødselsnummer eller D-nummer").fill(factories.synthetic_id())
    page.get_by_label("Etternavn").fill("Hansen")
    page.get_by_role("button", name="Lagre").click()
    expect(page.get_by_role("heading", name="Per Hansen")).to_be_visible()
    expect(page.get_by_text("Per Hansen er registrert.")).to_be_visible()


def test_case_worker_reveals_the_full_number_and_reads_the_access_log(
    page, live_server, world, assert_accessible
):
    kari, users = world
    log_in(page, live_server, "saksbehandler")
    page.goto(f"{live_server.url}/personer/{kari.pk}/")
    page.get_by_role("button", name="Vis hele nummeret").click()
    expect(page.get_by_text(kari.national_id)).to_be_visible()
    page.get_by_role("link", name="Se hvem som har lest opplysningene (tilgangslogg)").click()
    expect(page.get_by_role("cell", name="Fullt fødselsnummer")).to_be_visible()
    assert_accessible(page)
