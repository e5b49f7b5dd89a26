"""Work handed on reaches someone: reception forwards an inquiry and sees who took it; a sent decision is in
the provider unit's inbox the same day, and the first visit is planned before the decision starts."""

import datetime

import pytest
from playwright.sync_api import expect

from helhet.access import roles
from helhet.casework import services as casework
from helhet.catalogue.services import catalogue_install_defaults
from helhet.core.calendar import local_today
from helhet.intake.models import RoutingRule
from helhet.organisation.models import ServiceArea
from tests import factories
from tests.browser.login import open_menu, second_factor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def town(municipality):
    today = local_today()
    catalogue_install_defaults(municipality=municipality, on=today)
    office = factories.unit(municipality, "Tjenestekontoret", service_area=ServiceArea.HEALTH_CARE)
    home_care = factories.unit(municipality, "Hjemmesykepleien sone Nord", kind="department")
    RoutingRule.objects.create(municipality=municipality, position=1, kind="fallback", team=office)
    factories.user(municipality, roles.RECEPTION, username="resepsjonist", unit=office)
    worker = factories.user(
        municipality, roles.CASE_WORKER, username="saksbehandler", unit=office, leads=True
    )
    factories.user(municipality, roles.PROVIDER, username="sykepleier", unit=home_care)
    factories.user(municipality, roles.LEADER, username="avdelingsleder", unit=home_care, leads=True)
    return {"today": today, "worker": worker, "home_care": home_care, "office": office}


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    second_factor(page, username)


def log_out(page):
    open_menu(page)
    page.get_by_role("button", name="Logg ut").click()


def test_reception_forwards_an_inquiry_the_unit_takes_it_and_reception_sees_it_taken(
    page, live_server, town, municipality, assert_accessible
):
    person = factories.person(municipality, first_name="Solveig", last_name="Dahl")
    log_in(page, live_server, "resepsjonist")
    page.goto(f"{live_server.url}/mottak/ny/?person={person.pk}")
    page.get_by_label("Kanal").select_option(label="Telefon")
    page.get_by_label("Hva gjelder det? (med innbyggerens ord)").fill("Trenger tilsyn om morgenen")
    page.get_by_role("button", name="Registrer henvendelsen").click()
    inquiry_url = page.url
    page.get_by_label("Send til").select_option(label="Hjemmesykepleien sone Nord")
    page.get_by_label("Hvorfor").fill("Gjelder hjemmesykepleie")
    page.get_by_role("button", name="Send videre").click()
    expect(page.get_by_text("Ikke tatt ennå")).to_be_visible()
    log_out(page)

    log_in(page, live_server, "avdelingsleder")
    page.goto(f"{live_server.url}/oppgaver/")
    expect(page.locator(".hh-nav a", has_text="Oppgaver (1)").first).to_be_attached()  # the count in the menu
    item = page.locator(".hh-inbox-item", has_text="Solveig Dahl")
    expect(item.get_by_text("Videresendt henvendelse", exact=True)).to_be_visible()
    expect(item.get_by_text("Trenger tilsyn om morgenen")).to_have_count(0)  # the title says no details
    assert_accessible(page)
    item.get_by_role("link", name="Videresendt henvendelse – Hjemmesykepleien sone Nord", exact=False).click()
    expect(page.get_by_text("Trenger tilsyn om morgenen").first).to_be_visible()  # no 403 for the leader
    page.go_back()
    item.get_by_role("button", name="Ta oppgaven").click()
    expect(page.get_by_text("Du har tatt oppgaven.")).to_be_visible()
    expect(item.get_by_text("Tatt av Test Avdelingsleder", exact=False)).to_be_visible()
    log_out(page)

    log_in(page, live_server, "resepsjonist")
    page.goto(inquiry_url)
    expect(page.get_by_text("Tatt av Test Avdelingsleder", exact=False)).to_be_visible()
    page.goto(f"{live_server.url}/mottak/")
    expect(page.get_by_text("Tatt av Test Avdelingsleder", exact=False)).to_be_visible()
    assert_accessible(page)


def test_a_sent_decision_is_a_new_order_today_and_the_first_visit_is_planned_before_it_starts(
    page, live_server, town, municipality, assert_accessible
):
    today, worker = town["today"], town["worker"]
    start = today + datetime.timedelta(days=30)  # far off: the order still shows the day it is sent
    person = factories.person(municipality, first_name="Harald", last_name="Moen")
    service = municipality.services.get(name="Helsetjenester i hjemmet")
    case = casework.application_receive(
        acting_user=worker, municipality=municipality, person=person, need="Medisiner", signed_by="person"
    )
    casework.assessment_record(
        acting_user=worker,
        case=case,
        kind="home_visit",
        held_on=today,
        scores={"personlig_hygiene": 3},
        sources="Hjemmebesøk",
        chosen_services=[service],
    )
    draft = casework.decision_draft_create(
        acting_user=worker,
        case=case,
        service=service,
        outcome="INNVILGET",
        scope_amount=7,
        scope_unit="visits_week",
        content="Legemidler hver morgen",
        start_date=start,
        review_date=today + datetime.timedelta(days=90),
        facts="x",
        considerations="y",
        payment="Gratis",
        provider_unit=town["home_care"],
    )
    log_in(page, live_server, "saksbehandler")
    page.goto(f"{live_server.url}/saker/vedtak/{draft.pk}/")
    page.get_by_role("button", name="Fatt og send vedtaket").click()
    page.get_by_role("dialog").get_by_role("button", name="Ja, fatt og send vedtaket").click()
    expect(page.get_by_text("Vedtaket er sendt. Vedtaksbrevet er klart.")).to_be_visible()
    log_out(page)

    log_in(page, live_server, "sykepleier")
    page.goto(f"{live_server.url}/oppgaver/")
    item = page.locator(".hh-inbox-item", has_text="Harald Moen")
    expect(item.get_by_text("Ny bestilling", exact=True)).to_be_visible()
    expect(item.get_by_text(f"frist {start:%d.%m.%Y}", exact=False)).to_be_visible()
    assert_accessible(page)
    item.get_by_role("button", name="Ta oppgaven").click()
    expect(page.get_by_text("Du har tatt oppgaven.")).to_be_visible()
    page.locator(".hh-inbox-item", has_text="Harald Moen").get_by_role("link").first.click()
    order = page.get_by_role("region", name="Helsetjenester i hjemmet")
    order.get_by_text("Legg til tiltak").click()
    order.get_by_label("Hva", exact=True).fill("Legemidler")
    order.get_by_label("Klokkeslett (TT:MM, flere med komma)").fill("08:00")
    order.get_by_role("button", name="Lagre tiltak").click()
    expect(page.get_by_text("Legemidler: 08:00", exact=False)).to_be_visible()
    assert today < start
    page.goto(f"{live_server.url}/oppgaver/")
    expect(page.get_by_text("Ingen åpne oppgaver.")).to_be_visible()
    log_out(page)

    log_in(page, live_server, "saksbehandler")  # the sender sees the order reached the unit, and who took it
    page.goto(f"{live_server.url}/saker/{case.pk}/")
    status = page.locator(".hh-order-status")
    expect(status).to_contain_text(f"Bestillingen er sendt til Hjemmesykepleien sone Nord {today:%d.%m.%Y}")
    expect(status).to_contain_text(f"Tatt av Test Sykepleier {today:%d.%m.%Y} kl.")
    assert_accessible(page)
