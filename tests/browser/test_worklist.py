"""A home-care nurse works through today's list on a phone; the leader sees what was not done."""

import datetime

import pytest
from playwright.sync_api import expect

from helhet.access import roles
from helhet.care import services as care
from helhet.casework import services as casework
from helhet.catalogue.services import catalogue_install_defaults
from helhet.core.calendar import local_today
from helhet.intake.models import RoutingRule
from helhet.organisation.models import ServiceArea
from tests import factories
from tests.browser.login import open_menu, second_factor

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def day_list(municipality):
    today = local_today()
    catalogue_install_defaults(municipality=municipality, on=today)
    office = factories.unit(municipality, "Tjenestekontoret", service_area=ServiceArea.HEALTH_CARE)
    home_care = factories.unit(municipality, "Hjemmesykepleien sone Nord", kind="department")
    RoutingRule.objects.create(municipality=municipality, position=1, kind="fallback", team=office)
    worker = factories.user(
        municipality, roles.CASE_WORKER, username="saksbehandler", unit=office, leads=True
    )
    nurse = factories.user(municipality, roles.PROVIDER, username="sykepleier", unit=home_care)
    factories.user(municipality, roles.LEADER, username="avdelingsleder", unit=home_care, leads=True)
    service = municipality.services.get(name="Helsetjenester i hjemmet")
    for i, (first, street) in enumerate(
        (
            ("Astrid", "Storgata 1"),
            ("Bjørn", "Storgata 5"),
            ("Cecilie", "Kirkeveien 2"),
            ("Dagfinn", "Kirkeveien 9"),
        )
    ):
        person = factories.person(municipality, first_name=first, last_name="Hansen", street_address=street)
        case = casework.application_receive(
            acting_user=worker, municipality=municipality, person=person, need="Stell", signed_by="person"
        )
        casework.assessment_record(
            acting_user=worker,
            case=case,
            kind="home_visit",
            held_on=today,
            scores={"personlig_hygiene": 4},
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
            content="Morgenstell",
            start_date=today,
            review_date=today + datetime.timedelta(days=90),
            facts="x",
            considerations="y",
            payment="Gratis",
            provider_unit=home_care,
        )
        decision = casework.decision_send(acting_user=worker, decision=draft)
        plan = care.plan_for(acting_user=nurse, person=person, unit=home_care)
        care.measure_add(
            acting_user=nurse,
            plan=plan,
            decision=decision,
            what="Morgenstell",
            times=[f"{8 + i:02d}:00"],
            valid_from=today,
        )


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    second_factor(page, username)


def test_nurse_checks_off_three_tasks_marks_one_not_home_and_the_leader_sees_it(
    page, live_server, day_list, assert_accessible
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "sykepleier")
    page.goto(f"{live_server.url}/arbeidsliste/?vakt=day")
    expect(page.get_by_role("heading", name="08:00 Astrid Hansen")).to_be_visible()
    assert_accessible(page)
    for name in ("Astrid", "Bjørn", "Cecilie"):
        visit = page.locator("section", has=page.get_by_role("heading", name=f"{name} Hansen"))
        visit.get_by_role("button", name="Utført Morgenstell", exact=False).filter(
            has_not_text="Ikke"
        ).click()
        expect(visit.get_by_text("Utført", exact=True)).to_be_visible()
    visit = page.locator("section", has=page.get_by_role("heading", name="Dagfinn Hansen"))
    visit.get_by_label("Ikke utført fordi").select_option(label="Ikke hjemme")
    visit.get_by_role("button", name="Ikke utført Morgenstell").click()
    expect(visit.get_by_text("ikke hjemme")).to_be_visible()
    assert_accessible(page)
    open_menu(page)
    page.get_by_role("button", name="Logg ut").click()

    log_in(page, live_server, "avdelingsleder")
    page.goto(f"{live_server.url}/arbeidsliste/?vakt=day")
    expect(page.get_by_role("heading", name="Ikke utført i dag (1)")).to_be_visible()
    expect(page.get_by_text("Dagfinn Hansen: Morgenstell – ikke hjemme")).to_be_visible()


def test_the_leader_assigns_a_visit_and_the_nurse_reports_a_deviation_from_a_missed_task(
    page, live_server, day_list, assert_accessible, municipality
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "avdelingsleder")
    page.goto(f"{live_server.url}/arbeidsliste/beskjeder/")
    page.get_by_role("textbox", name="Beskjed").fill("Bil 2 står på verksted")
    page.get_by_role("button", name="Legg i beskjedboka").click()
    expect(page.get_by_text("Beskjeden er lagt i beskjedboka.")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/arbeidsliste/?vakt=day")
    visit = page.locator("section", has=page.get_by_role("heading", name="Astrid Hansen"))
    visit.get_by_label("Velg besøket for tildeling").check()
    page.get_by_label("Gi valgte besøk til").select_option(label="Test sykepleier")
    page.get_by_role("button", name="Tildel valgte besøk").click()
    expect(page.get_by_text("Astrid Hansen: besøket er gitt til Test sykepleier.")).to_be_visible()
    assert_accessible(page)
    open_menu(page)
    page.get_by_role("button", name="Logg ut").click()

    log_in(page, live_server, "sykepleier")
    page.goto(f"{live_server.url}/arbeidsliste/?vakt=day&mine=1")
    expect(page.get_by_role("heading", name="Astrid Hansen")).to_be_visible()
    expect(page.get_by_role("heading", name="Bjørn Hansen")).to_have_count(0)
    page.get_by_text("1 beskjed til enheten").click()
    expect(page.get_by_text("Bil 2 står på verksted", exact=True)).to_be_visible()
    page.get_by_role("button", name="Merk som lest").click()
    expect(page.get_by_text("Lest", exact=True)).to_be_visible()
    visit = page.locator("section", has=page.get_by_role("heading", name="Astrid Hansen"))
    visit.get_by_label("Ikke utført fordi").select_option(label="Ønsket ikke hjelp")
    visit.get_by_role("button", name="Ikke utført Morgenstell").click()
    visit.get_by_role("link", name="Meld avvik").click()
    expect(page.get_by_text("Gjelder Astrid Hansen.")).to_be_visible()
    page.get_by_label("Alvorlighet").select_option(label="Middels")
    page.get_by_label("Hva skjedde?").fill("Ville ikke ha stell, virket forvirret")
    assert_accessible(page)
    page.get_by_role("button", name="Send til leder").click()
    expect(page.get_by_text("Avviket er meldt til enhetens leder.")).to_be_visible()
    assert_accessible(page)


def test_the_leaders_pages_for_the_unit_are_accessible(
    page, live_server, day_list, assert_accessible, municipality
):
    from helhet.people.models import Person

    astrid = Person.objects.get(first_name="Astrid")
    log_in(page, live_server, "avdelingsleder")
    page.goto(f"{live_server.url}/arbeidsliste/prosedyrer/")
    page.get_by_text("Ny prosedyre").click()
    page.get_by_label("Tittel").fill("Morgenstell")
    page.get_by_label("Formål og omfang").fill("Stell etter personens ønsker")
    page.get_by_label("Fremgangsmåte").fill("Hils\nVask hender\nHjelp med stell")
    page.get_by_role("button", name="Godkjenn og publiser").click()
    expect(page.get_by_role("heading", name="Versjon 1, gjelder fra", exact=False)).to_be_visible()
    assert_accessible(page)
    for path, heading in (
        ("/arbeidsliste/levert/", "Levert mot vedtak"),
        ("/arbeidsliste/avvik/", "Avvik"),
        (f"/arbeidsliste/plan/{astrid.pk}/", "Mål- og tiltaksplan"),
        ("/arbeidsliste/kalender/", "Min kalender"),
        ("/arbeidsliste/moter/", "Møter"),
        ("/arbeidsliste/fellessamtaledag/", "Fellessamtaledag"),
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_accessible(page)
