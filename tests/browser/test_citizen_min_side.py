"""A citizen on a phone reads the documents of her case and her plan, writes to the office, reads the case
worker's answer, and sees who has read her data. Each page is scanned with axe-core and has no sideways
scroll at 360 px."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from helhet.access import roles
from helhet.care.models import IndividualPlan, IndividualPlanGoal, Meeting, MeetingParticipant
from helhet.casework import messaging
from helhet.casework import services as casework
from helhet.casework.models import CaseMessage
from helhet.catalogue.services import catalogue_install_defaults
from helhet.core.calendar import local_today
from helhet.intake.models import RoutingRule
from helhet.organisation.models import ServiceArea, Staff
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 360, "height": 800}


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_citizen_reads_her_documents_and_plan_writes_to_the_office_and_sees_who_read(
    page, live_server, assert_accessible
):
    municipality = factories.municipality()
    catalogue_install_defaults(municipality=municipality, on=datetime.date(2026, 11, 23))
    office = factories.unit(municipality, "Tjenestekontoret", service_area=ServiceArea.HEALTH_CARE)
    home_care = factories.unit(municipality, "Hjemmesykepleien sone Nord", kind="department")
    worker = factories.user(municipality, roles.CASE_WORKER, username="saksbehandler", unit=office)
    RoutingRule.objects.create(municipality=municipality, position=9, kind="fallback", team=office)
    kari = factories.person(municipality, first_name="Kari", birth_date=datetime.date(1950, 3, 4))
    case = casework.application_receive(
        acting_user=worker,
        municipality=municipality,
        person=kari,
        need="Trenger hjelp med dusj og påkledning.",
        signed_by="person",
        received_on=local_today(),
    )
    casework.assessment_record(
        acting_user=worker,
        case=case,
        kind="home_visit",
        held_on=local_today(),
        scores={"personlig_hygiene": 4},
        sources="Hjemmebesøk",
        own_goals="Bo hjemme",
    )
    coordinator = Staff.objects.create(municipality=municipality, first_name="Siri", last_name="Koordinator")
    plan = IndividualPlan.objects.create(
        municipality=municipality,
        person=kari,
        coordinating_unit=home_care,
        coordinator=coordinator,
        started_on=local_today(),
        reviewed_on=local_today(),
    )
    IndividualPlanGoal.objects.create(plan=plan, text="Gå tur til butikken selv")
    meeting = Meeting.objects.create(
        municipality=municipality,
        kind="group",
        person=kari,
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Rådhuset",
        organiser=home_care,
        created_by=worker,
    )
    MeetingParticipant.objects.create(meeting=meeting, unit=home_care)

    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/innbygger/logg-inn/")
    page.get_by_label("Fødselsnummer (11 siffer)").fill(kari.national_id)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("link", name="Meg selv").click()
    no_sideways_scroll(page)
    assert_accessible(page)

    page.get_by_role("link", name="Dokumenter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dokumenter i saken")
    expect(page.get_by_role("link", name="Søknaden din").first).to_be_visible()
    no_sideways_scroll(page)
    assert_accessible(page)
    page.get_by_role("link", name="Kartlegging: hjemmebesøk").click()
    expect(page.get_by_text("Bo hjemme")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Plan og koordinator").click()
    expect(page.get_by_text("Siri Koordinator", exact=False)).to_be_visible()
    expect(page.get_by_text("Gå tur til butikken selv")).to_be_visible()
    no_sideways_scroll(page)
    assert_accessible(page)

    page.get_by_role("link", name="Møter").first.click()
    expect(page.get_by_text("Rådhuset", exact=False).first).to_be_visible()
    no_sideways_scroll(page)
    assert_accessible(page)

    page.get_by_role("link", name="Meldinger").first.click()
    no_sideways_scroll(page)
    assert_accessible(page)
    page.locator("main").get_by_role("link", name="Søknad mottatt", exact=False).first.click()
    page.get_by_label("Meldingen din").fill("Når kommer svaret på søknaden?")
    page.get_by_role("button", name="Send meldingen").click()
    expect(page.get_by_text("Meldingen er sendt")).to_be_visible()
    expect(page.get_by_text("Når kommer svaret på søknaden?")).to_be_visible()
    no_sideways_scroll(page)
    assert_accessible(page)
    assert CaseMessage.objects.filter(case=case).count() == 1

    messaging.case_message_reply(acting_user=case.owner, case=case, text="Du får svar innen to uker.")
    page.get_by_role("link", name="Oversikt").click()
    expect(page.get_by_text("Du har 1 ny melding fra kommunen.")).to_be_visible()
    page.get_by_text("Du har 1 ny melding fra kommunen.").click()
    page.locator("main").get_by_role("link", name="Søknad mottatt", exact=False).first.click()
    expect(page.get_by_text("Du får svar innen to uker.")).to_be_visible()

    page.get_by_role("link", name="Hvem har sett opplysningene mine").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hvem har sett opplysningene mine")
    page.get_by_role("link", name="Vis også det du selv har sett på Min side").click()
    expect(page.get_by_text("Du selv").first).to_be_visible()
    no_sideways_scroll(page)
    assert_accessible(page)
