"""The organisation's own meetings in the browser: NAV's leader sets up the weekly team meeting, the team's
adviser finds the agreed action in the inbox and marks it done; reception books a conversation room; the
leader sets the team's rotating lead. Every page under axe."""

import datetime

import pytest
from playwright.sync_api import expect

from helhet.access import roles
from helhet.core.calendar import local_today
from helhet.orgmeetings.models import Action
from tests import factories
from tests.browser.test_cards_and_confirm import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def nav_office(municipality):
    nav = factories.unit(municipality, "NAV Demo")
    team = factories.unit(municipality, "Oppfølgingsteam 1", kind="team", parent=nav)
    factories.user(municipality, roles.LEADER, username="navleder", unit=nav, leads=True)
    factories.user(municipality, roles.CASE_WORKER, username="veileder", unit=team)
    factories.user(municipality, roles.LEADER, username="fagleder", unit=nav)
    return {"nav": nav, "team": team}


def test_a_team_meeting_with_an_action_in_the_inbox_a_room_and_a_rotation(
    page, live_server, nav_office, assert_accessible
):
    log_in(page, live_server, "navleder")
    page.goto(f"{live_server.url}/moter/")
    expect(page.get_by_role("heading", name="Faste møter", level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Sett opp et fast møte").click()
    page.get_by_label("Navn på møtet").fill("Teammøte NAV")
    page.get_by_label("Type møte").select_option(label="Teammøte")
    page.get_by_label("Ansvarlig enhet").select_option(label="NAV Demo")
    page.get_by_label("Oppfølgingsteam 1").check()
    page.get_by_label("Ukedag").select_option(label="mandag")
    page.get_by_label("Klokkeslett").fill("09:00")
    assert_accessible(page)
    page.get_by_role("button", name="Sett opp møtet").click()
    expect(page.get_by_text("Møteserien er satt opp.")).to_be_visible()
    expect(page.get_by_text("Hver mandag kl. 09:00")).to_be_visible()
    assert_accessible(page)

    page.locator("#upcoming-heading + ul a").first.click()
    expect(
        page.get_by_text("Skriv ikke navn eller andre opplysninger om brukerne av tjenestene her").first
    ).to_be_visible()
    page.get_by_text("Meld inn en sak").click()
    page.get_by_label("Sak", exact=True).fill("Ventetid i mottaket")
    page.get_by_role("button", name="Sett på sakslisten").click()
    expect(page.get_by_text("Saken er satt på sakslisten.")).to_be_visible()
    page.get_by_label("Hva ble drøftet og avtalt").fill("Ventetiden er for lang på mandager.")
    page.get_by_role("button", name="Lagre referatet").click()
    expect(page.get_by_text("Referatet er lagret.")).to_be_visible()
    page.get_by_text("Legg til et oppfølgingspunkt").click()
    page.get_by_label("Hva skal gjøres").fill("Lage forslag til ny bemanning i mottaket")
    page.get_by_label("Ansvarlig", exact=True).select_option(label="Test veileder")
    page.get_by_role("button", name="Registrer oppfølgingspunktet").click()
    expect(page.get_by_text("Oppfølgingspunktet er registrert")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/moter/ledelse/?enhet={nav_office['team'].pk}")
    page.get_by_label("Leder i periode 1").select_option(label="Test fagleder")
    page.get_by_label("Leder i periode 2").select_option(label="Test navleder")
    page.get_by_label("Periodens lengde").fill("6")
    page.get_by_role("button", name="Lagre turnusen").click()
    expect(page.get_by_text("Turnusen er lagret, og lederperiodene er planlagt.")).to_be_visible()
    expect(page.get_by_text("leder nå", exact=True)).to_be_visible()
    assert_accessible(page)

    # Tomorrow, so that the evening slot is never already past when the suite runs late in the day.
    tomorrow = (local_today() + datetime.timedelta(days=1)).isoformat()
    page.goto(f"{live_server.url}/moter/rom/")
    page.get_by_text("Legg til et rom").click()
    page.get_by_label("Enhet", exact=True).select_option(label="NAV Demo")
    page.get_by_label("Navn på rommet").fill("Samtalerom 1")
    page.get_by_label("Antall plasser").fill("4")
    page.get_by_role("button", name="Legg til rommet").click()
    expect(page.get_by_text("Rommet er lagt til.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Rom", exact=True).select_option(label="Samtalerom 1 (NAV Demo)")
    page.get_by_label("Dag", exact=True).fill(tomorrow)
    page.get_by_label("Fra klokken").fill("22:00")
    page.get_by_label("Til klokken").fill("23:00")
    page.get_by_label("For enhet").select_option(label="NAV Demo")
    page.get_by_role("button", name="Book rommet").click()
    expect(page.get_by_text("Rommet er booket.")).to_be_visible()
    page.get_by_label("Rom", exact=True).select_option(label="Samtalerom 1 (NAV Demo)")
    page.get_by_label("Dag", exact=True).fill(tomorrow)
    page.get_by_label("Fra klokken").fill("22:30")
    page.get_by_label("Til klokken").fill("23:30")
    page.get_by_label("For enhet").select_option(label="NAV Demo")
    page.get_by_role("button", name="Book rommet").click()
    expect(page.get_by_text("Samtalerom 1 er allerede booket").first).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, live_server, "veileder")
    page.goto(f"{live_server.url}/oppgaver/")
    item = page.locator(".hh-inbox-item", has_text="Oppfølgingspunkt fra møte")
    expect(item).to_be_visible()
    assert_accessible(page)
    item.get_by_role("link").first.click()
    page.get_by_role("button", name="Merk som utført: Lage forslag").click()
    expect(page.get_by_text("Oppfølgingspunktet er merket som utført.")).to_be_visible()
    assert Action.objects.get().done_at is not None
    assert_accessible(page)
