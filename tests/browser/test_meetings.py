"""Services meet with the user: a joint conversation booked on NAV's reserved day with three units, its minutes
and actions; and a coordinator appointed with an individual plan."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helhet.access import roles
from helhet.care.models import JointConversationDay, Meeting
from helhet.core.calendar import local_today
from helhet.core.models import User
from tests import factories
from tests.browser.test_worklist import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def services_around_ola(municipality):
    nav = factories.unit(municipality, "NAV Demo")
    home_care = factories.unit(municipality, "Hjemmesykepleien sone Nord", kind="department")
    mental_health = factories.unit(municipality, "Psykisk helse og rus")
    coordinating = factories.unit(municipality, "Koordinerende enhet")
    factories.user(municipality, roles.LEADER, username="navleder", unit=nav, leads=True)
    factories.user(municipality, roles.COORDINATOR, username="koordinator", unit=coordinating)
    ola = factories.person(
        municipality, first_name="Ola", last_name="Hansen", birth_date=datetime.date(1990, 5, 5)
    )
    factories.relative(ola, name="Liv Hansen", relation="parent")
    factories.responsibility(ola, unit=nav, reason="Oppfølging fra NAV")
    factories.responsibility(ola, unit=coordinating, reason="Henvist til koordinerende enhet")
    return {"nav": nav, "home_care": home_care, "mental_health": mental_health, "ola": ola}


def test_a_joint_conversation_on_the_reserved_day_with_three_units_and_the_user(
    page, live_server, services_around_ola, assert_accessible
):
    ola = services_around_ola["ola"]
    log_in(page, live_server, "navleder")
    page.goto(f"{live_server.url}/arbeidsliste/fellessamtaledag/")
    page.get_by_text("Sett av en dag").click()
    page.get_by_label("Ukedag").select_option(label="onsdag")
    page.get_by_label("Fra").fill("09:00")
    page.get_by_label("Til").fill("12:00")
    page.get_by_role("button", name="Sett av dagen").click()
    expect(page.get_by_text("Dagen er satt av til fellessamtaler.")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/personer/{ola.pk}/")
    page.get_by_role("link", name="Book fellessamtale").click()
    expect(page.get_by_text("Du booker en fellessamtale for Ola Hansen.")).to_be_visible()
    assert_accessible(page)
    first_day = page.locator("section.ds-card").first
    first_day.get_by_label("10:00").check()
    first_day.get_by_label("Hjemmesykepleien sone Nord").check()
    first_day.get_by_label("Psykisk helse og rus").check()
    first_day.get_by_label("Hva samtalen skal handle om").fill("Bolig, arbeid og hjelp hjemme")
    first_day.get_by_role("button", name="Book").click()
    expect(page.get_by_text("Fellessamtalen er booket.")).to_be_visible()
    expect(page.get_by_role("heading", name="Fellessamtale med Ola Hansen")).to_be_visible()
    participants = page.locator("section", has=page.get_by_role("heading", name="Deltakere"))
    for name in (
        "Ola Hansen (personen selv)",
        "NAV Demo",
        "Hjemmesykepleien sone Nord",
        "Psykisk helse og rus",
    ):
        expect(participants.get_by_text(name, exact=False)).to_be_visible()
    meeting = Meeting.objects.get(person=ola)
    assert timezone.localtime(meeting.starts_at).weekday() == 2
    assert timezone.localtime(meeting.starts_at).time() == datetime.time(10)
    assert JointConversationDay.objects.get().weekday == 2

    # The conversation is held: move it to now so minutes may be written.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=50))
    page.reload()
    page.get_by_label("Hva ble sagt og avtalt").fill(
        "Ola vil prøve arbeidstrening. Trenger hjelp med medisiner."
    )
    page.get_by_role("button", name="Lagre referat").click()
    expect(page.get_by_text("Referatet er lagret.")).to_be_visible()
    page.get_by_text("Legg til oppfølging").click()
    page.get_by_label("Hva er avtalt").fill("Søke arbeidstrening")
    page.get_by_label("Ansvarlig enhet").select_option(label="NAV Demo")
    page.get_by_label("Frist").fill((local_today() + datetime.timedelta(days=14)).isoformat())
    page.get_by_role("button", name="Registrer oppfølging").click()
    expect(page.get_by_text("Oppfølgingen er registrert.")).to_be_visible()
    expect(page.get_by_role("cell", name="Søke arbeidstrening")).to_be_visible()
    expect(page.get_by_text("Gjennomført").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/arbeidsliste/moter/")
    expect(page.get_by_text("Søke arbeidstrening", exact=False)).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/arbeidsliste/kalender/")
    expect(page.get_by_text("Satt av til fellessamtaler (NAV Demo)").first).to_be_visible()
    assert_accessible(page)


def test_a_coordinator_is_appointed_and_an_individual_plan_created(
    page, live_server, services_around_ola, assert_accessible
):
    ola = services_around_ola["ola"]
    log_in(page, live_server, "koordinator")
    page.goto(f"{live_server.url}/personer/{ola.pk}/")
    page.get_by_role("link", name="Oppnevn koordinator").click()
    expect(page.get_by_role("heading", name="Oppnevn koordinator for Ola Hansen")).to_be_visible()
    assert_accessible(page)
    coordinator = User.objects.get(username="koordinator").staff
    page.get_by_label("Koordinator", exact=True).select_option(label=str(coordinator))
    page.get_by_label("Psykisk helse og rus").check()
    page.get_by_role("button", name="Oppnevn").click()
    expect(page.get_by_text("Koordinator er oppnevnt.")).to_be_visible()
    expect(page.get_by_role("heading", name="Individuell plan for Ola Hansen")).to_be_visible()
    page.get_by_label("Mål med personens egne ord").fill("Komme i arbeid innen et år")
    page.get_by_role("button", name="Legg til mål").click()
    expect(page.get_by_text("Komme i arbeid innen et år").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/arbeidsliste/koordinering/")
    expect(page.get_by_role("link", name="Ola Hansen")).to_be_visible()
    assert_accessible(page)
