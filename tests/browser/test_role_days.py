"""Each role logs in and sees its day on the start page: the nurse on a phone (her first own visit visible
without scrolling), the others on a wide screen with the menu shown as a bar, each page scanned with axe."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helhet.access import roles
from helhet.care import services
from helhet.care.models import shift_of
from helhet.intake import services as intake
from tests import factories
from tests.browser.login import second_factor
from tests.care.conftest import TODAY, grant, plan_with_measure

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
WIDE = {"width": 1366, "height": 768}


@pytest.fixture
def days(world, municipality, case_worker, nurse, leader, reception):
    """A visit in this shift given to the nurse, one given to nobody, a deviation, a decision without a plan,
    an open inquiry and a coordinator with a plan due and a new referral."""
    time = timezone.localtime().strftime("%H:%M")
    persons = []
    for first, street in (("Ragnhild", "Storgata 3"), ("Dagfinn", "Fjordveien 9")):
        person = factories.person(municipality, first_name=first, last_name="Berg", street_address=street)
        decision = grant(world, case_worker, person, amount=7)
        plan_with_measure(nurse, person, decision, times=[time], weekdays=[0, 1, 2, 3, 4, 5, 6])
        persons.append(person)
    services.visit_assign(
        acting_user=leader,
        unit=world["home_care"],
        person=persons[0],
        day=TODAY,
        shift=shift_of(timezone.localtime().time()),
        staff=nurse.staff,
    )
    services.deviation_report(
        acting_user=nurse,
        unit=world["home_care"],
        kind="incident",
        severity="high",
        what="Fall",
        person=persons[1],
    )
    grant(world, case_worker, factories.person(municipality, first_name="Vidar", last_name="Venter"))
    intake.inquiry_register(
        acting_user=reception,
        municipality=municipality,
        channel="phone",
        about="Trenger hjelp",
        person=factories.person(municipality, first_name="Åse", last_name="Spør"),
    )
    coordinating = factories.unit(municipality, "Koordinerende enhet")
    coordinator = factories.user(municipality, roles.COORDINATOR, username="koordinator", unit=coordinating)
    factories.responsibility(persons[1], unit=coordinating)
    services.coordinator_appoint(
        acting_user=coordinator,
        person=persons[1],
        coordinating_unit=coordinating,
        coordinator=coordinator.staff,
    )
    referred = intake.inquiry_register(
        acting_user=reception,
        municipality=municipality,
        channel="phone",
        about="Mange tjenester",
        person=factories.person(municipality, first_name="Hege", last_name="Henvist"),
    )
    intake.inquiry_forward(
        acting_user=reception, inquiry=referred, to_unit=coordinating, reason="Behov for koordinator"
    )
    return persons


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    second_factor(page, username)


def wide_menu_shows(page, *places):
    expect(page.locator("summary", has_text="Meny")).to_be_hidden()
    menu = page.locator(".hh-topnav")
    for place in places:
        expect(menu.get_by_role("link", name=place, exact=True)).to_be_visible()
    expect(page.get_by_role("search", name="Personsøk")).to_be_visible()


def test_the_nurse_sees_her_first_visit_on_a_phone_without_scrolling(
    page, live_server, days, assert_accessible
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "tjenesteyter")
    expect(page.get_by_role("heading", name="Dine besøk i dag")).to_be_visible()
    first = page.get_by_role("link", name="Ragnhild Berg")
    expect(first).to_be_in_viewport()
    box = first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"]
    expect(page.get_by_text("Dagfinn Berg")).to_have_count(0)
    expect(page.get_by_role("link", name="Åpne arbeidslisten")).to_be_visible()
    expect(page.locator("summary", has_text="Meny")).to_be_visible()  # a menu button on the phone
    assert_accessible(page)
    page.get_by_role("link", name="Åpne arbeidslisten").click()
    expect(page.get_by_role("heading", name="Ragnhild Berg")).to_be_visible()


def test_the_leader_sees_what_needs_her_today_with_the_menu_open(page, live_server, days, assert_accessible):
    page.set_viewport_size(WIDE)
    log_in(page, live_server, "leder")
    wide_menu_shows(page, "Arbeidsliste", "Avvik")
    expect(page.get_by_role("heading", name="Nye avvik (1)")).to_be_visible()
    expect(page.get_by_role("heading", name="Vedtak som venter på plan (1)")).to_be_visible()
    expect(page.get_by_role("link", name="Vidar Venter").first).to_be_visible()
    expect(page.get_by_role("heading", name="Besøk uten ansatt i denne vakten")).to_be_visible()
    assert_accessible(page)
    page.locator(".hh-topnav").get_by_role("link", name="Avvik", exact=True).click()
    expect(page.get_by_text("Hendelse eller skade").first).to_be_visible()


def test_the_case_worker_sees_own_cases_by_deadline(page, live_server, days, assert_accessible):
    page.set_viewport_size(WIDE)
    log_in(page, live_server, "saksbehandler")
    wide_menu_shows(page, "Mottak", "Saker")
    expect(page.get_by_role("heading", name="Dine saker etter frist")).to_be_visible()
    expect(page.get_by_text("Ragnhild Berg").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("search", name="Personsøk").get_by_role("searchbox").fill("venter")
    page.get_by_role("search", name="Personsøk").get_by_role("button", name="Finn").click()
    expect(page.get_by_role("link", name="Venter, Vidar")).to_be_visible()


def test_reception_sees_open_inquiries(page, live_server, days, assert_accessible):
    page.set_viewport_size(WIDE)
    log_in(page, live_server, "resepsjon")
    wide_menu_shows(page, "Mottak")
    expect(page.get_by_role("heading", name="Åpne henvendelser (1)")).to_be_visible()
    expect(page.get_by_role("link", name="Åse Spør")).to_be_visible()
    expect(page.get_by_role("heading", name="Videresendt, ikke tatt imot ennå (1)")).to_be_visible()
    assert_accessible(page)


def test_the_coordinator_sees_referrals_and_reaches_the_plan(page, live_server, days, assert_accessible):
    page.set_viewport_size(WIDE)
    log_in(page, live_server, "koordinator")
    wide_menu_shows(page, "Koordinering")
    expect(page.get_by_role("heading", name="Nye henvisninger (1)")).to_be_visible()
    expect(page.get_by_role("link", name="Hege Henvist")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/personer/{days[1].pk}/")
    page.get_by_role("link", name="Mål- og tiltaksplan").click()
    expect(page.get_by_role("heading", name="Mål- og tiltaksplaner: Dagfinn Berg")).to_be_visible()
    expect(page.get_by_role("navigation", name="Brødsmuler")).to_be_visible()
    assert_accessible(page)
