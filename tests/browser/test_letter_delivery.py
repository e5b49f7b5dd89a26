"""Letters in the browser: a decision for a person reserved against digital contact and without an address
cannot be posted; the case worker sees «mangler adresse», hands it out and records the day, and the appeal
deadline runs from it. On a phone, with axe."""

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
from tests.browser.login import second_factor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_letter_without_an_address_is_handed_out_and_the_deadline_runs_from_that_day(
    page, live_server, municipality, assert_accessible
):
    today = local_today()
    catalogue_install_defaults(municipality=municipality, on=today)
    office = factories.unit(municipality, "Tjenestekontoret", service_area=ServiceArea.HEALTH_CARE)
    home_care = factories.unit(municipality, "Hjemmesykepleien sone Nord", kind="department")
    RoutingRule.objects.create(municipality=municipality, position=1, kind="fallback", team=office)
    worker = factories.user(
        municipality, roles.CASE_WORKER, username="saksbehandler", unit=office, leads=True
    )
    factories.user(municipality, roles.LEADER, username="avdelingsleder", unit=home_care, leads=True)
    person = factories.person(
        municipality, first_name="Harald", last_name="Moen", reserved_against_digital_contact=True
    )
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
        start_date=today + datetime.timedelta(days=10),
        review_date=today + datetime.timedelta(days=90),
        facts="x",
        considerations="y",
        payment="Gratis",
        provider_unit=home_care,
    )
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill("saksbehandler")
    page.get_by_label("Passord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    second_factor(page, "saksbehandler")
    page.goto(f"{live_server.url}/saker/vedtak/{draft.pk}/")
    page.get_by_role("button", name="Fatt og send vedtaket").click()
    page.get_by_role("dialog").get_by_role("button", name="Ja, fatt og send vedtaket").click()
    expect(page.get_by_text("Vedtaket er sendt. Vedtaksbrevet er klart.")).to_be_visible()

    page.goto(f"{live_server.url}/saker/{case.pk}/")
    section = page.locator("section", has=page.get_by_role("heading", name="Forsendelse av brev"))
    expect(section.get_by_text("Må deles ut: mangler adresse")).to_be_visible()
    expect(page.get_by_text("klagefristen løper ikke ennå")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)

    page.goto(f"{live_server.url}/saker/forsendelser/")
    expect(page.get_by_role("link", name=f"Sak {case.pk}: Harald Moen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=f"Sak {case.pk}: Harald Moen").click()

    section.get_by_text("Registrer når brevet kom fram").click()
    section.get_by_label("Kom fram").fill(today.isoformat())
    section.get_by_label("Hvordan vi vet det").select_option(label="Levert ut på kontoret")
    section.get_by_role("button", name="Registrer").click()
    expect(page.get_by_text("Datoen brevet kom fram er registrert.")).to_be_visible()
    expect(section.get_by_text(f"kom fram {today:%d.%m.%Y} (levert ut på kontoret)")).to_be_visible()
    expect(page.get_by_text("klagefristen løper ikke ennå")).to_have_count(0)
    assert_accessible(page)
