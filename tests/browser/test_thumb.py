"""The nurse on a phone: the list opens on her own visits, the first one on the first screen; she checks off a
task, the focus stays on it, she undoes it, and the numbers can be tapped."""

import datetime

import pytest
from playwright.sync_api import expect

from helhet.access import roles
from helhet.care import services as care
from helhet.care.models import GoalPlan
from helhet.casework import services as casework
from helhet.casework.models import Decision
from helhet.catalogue.services import catalogue_install_defaults
from helhet.core.calendar import local_today
from helhet.core.models import User
from helhet.intake.models import RoutingRule
from helhet.organisation.models import ServiceArea
from tests import factories
from tests.browser.test_worklist import PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def night_list(municipality):
    """Four persons with a late-evening task (the night shift that starts tonight is always still running);
    the leader gives the first two visits to the nurse."""
    today = local_today()
    catalogue_install_defaults(municipality=municipality, on=today)
    office = factories.unit(municipality, "Tjenestekontoret", service_area=ServiceArea.HEALTH_CARE)
    home_care = factories.unit(municipality, "Hjemmesykepleien sone Nord", kind="department")
    RoutingRule.objects.create(municipality=municipality, position=1, kind="fallback", team=office)
    worker = factories.user(
        municipality, roles.CASE_WORKER, username="saksbehandler", unit=office, leads=True
    )
    nurse = factories.user(municipality, roles.PROVIDER, username="sykepleier", unit=home_care)
    leader = factories.user(municipality, roles.LEADER, username="avdelingsleder", unit=home_care, leads=True)
    service = municipality.services.get(name="Helsetjenester i hjemmet")
    for i, first in enumerate(("Astrid", "Bjørn", "Cecilie", "Dagfinn")):
        person = factories.person(
            municipality,
            first_name=first,
            last_name="Hansen",
            street_address=f"Storgata {i}",
            phone="912 34 567",
        )
        case = casework.application_receive(
            acting_user=worker, municipality=municipality, person=person, need="Tilsyn", signed_by="person"
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
            content="Tilsyn om kvelden",
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
            what="Tilsyn",
            times=[f"23:{10 * i + 5:02d}"],
            valid_from=today,
        )
        if i < 2:
            care.visit_assign(
                acting_user=leader, unit=home_care, person=person, day=today, shift="night", staff=nurse.staff
            )


def test_the_nurse_on_a_phone_checks_off_keeps_her_place_and_undoes(
    page, live_server, night_list, assert_accessible
):
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "sykepleier")
    page.goto(f"{live_server.url}/arbeidsliste/?vakt=night")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mine besøk")
    expect(page.get_by_role("status").filter(has_text="besøk ferdige")).to_have_text("0 av 2 besøk ferdige")
    first = page.get_by_role("heading", name="23:05 Astrid Hansen")
    expect(first).to_be_in_viewport()
    expect(page.get_by_role("heading", name="Cecilie Hansen")).to_have_count(0)
    assert page.locator("a[href^='tel:']").first.get_attribute("href") == "tel:+4791234567"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert_accessible(page)

    task = page.locator("li.hh-task").first
    task.get_by_role("button", name="Utført Tilsyn", exact=False).filter(has_not_text="Ikke").click()
    expect(task.get_by_text("Utført", exact=True)).to_be_visible()
    expect(page.locator("li.hh-task").first).to_be_focused()
    expect(page.locator("#worklist-progress")).to_have_text("1 av 2 besøk ferdige")
    page.locator("li.hh-task").first.get_by_role("button", name="Angre", exact=False).click()
    expect(page.get_by_text("Avkrysningen er angret. Oppgaven er åpen igjen.")).to_be_visible()
    expect(
        page.locator("li.hh-task").first.get_by_role("button", name="Utført Tilsyn", exact=False).first
    ).to_be_focused()
    expect(page.locator("#worklist-progress")).to_have_text("0 av 2 besøk ferdige")
    assert_accessible(page)

    page.get_by_role("link", name="Hele teamet").click()
    expect(page.get_by_role("heading", name="Dagfinn Hansen")).to_be_visible()
    page.get_by_role("link", name="Utskrift av listen").click()
    expect(page.get_by_text("Dagfinn Hansen")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    assert_accessible(page)


def test_without_js_the_check_off_returns_to_the_same_task(browser, live_server, night_list):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    log_in(page, live_server, "sykepleier")
    page.goto(f"{live_server.url}/arbeidsliste/?vakt=night")
    page.locator("li.hh-task").nth(1).get_by_role("button", name="Utført Tilsyn", exact=False).filter(
        has_not_text="Ikke"
    ).click()
    assert "#task-" in page.url and "mine=1" in page.url
    expect(page.locator("li.hh-task").nth(1).get_by_text("Utført", exact=True)).to_be_visible()
    expect(page.locator("#worklist-progress")).to_have_text("1 av 2 besøk ferdige")
    context.close()


def test_a_visit_is_one_person_at_one_time_and_the_count_follows_a_check_off(
    page, live_server, night_list, municipality
):
    """Astrid also has a task at 23:55: that is a second visit, and checking off 23:05 finishes the first."""
    astrid = municipality.persons.get(first_name="Astrid")
    plan = GoalPlan.objects.get(person=astrid)
    decision = Decision.objects.get(case__person=astrid)
    Decision.objects.filter(pk=decision.pk).update(scope_amount=14)  # room for a second daily visit
    care.measure_add(
        acting_user=User.objects.get(username="sykepleier"),
        plan=plan,
        decision=decision,
        what="Kveldsmedisin",
        times=["23:55"],
        valid_from=local_today(),
    )
    page.set_viewport_size(PHONE)
    log_in(page, live_server, "sykepleier")
    page.goto(f"{live_server.url}/arbeidsliste/?vakt=night")
    expect(page.locator("#worklist-progress")).to_have_text("0 av 3 besøk ferdige")
    task = page.locator("li.hh-task").first
    task.get_by_role("button", name="Utført Tilsyn", exact=False).filter(has_not_text="Ikke").click()
    expect(task.get_by_text("Utført", exact=True)).to_be_visible()
    expect(page.locator("#worklist-progress")).to_have_text("1 av 3 besøk ferdige")
