"""A citizen chooses nynorsk in the footer's switch and walks Min side in it: the overview, Mine saker, a
case, a letter, an application sent to its receipt, and an appeal sent to its receipt. Each page is scanned with axe-core, says
lang="nn" and speaks nynorsk."""

import datetime

import pytest
from playwright.sync_api import expect

from helhet.casework.models import Appeal, DecisionState, Letter
from helhet.core.calendar import local_today
from helhet.intake.models import Application
from helhet.organisation.models import UnitParent
from helhet.people import services as people
from tests import factories
from tests.access.conftest import health_case
from tests.browser.citizen_login import login_citizen_dev
from tests.browser.test_citizen_family import emma_and_her_mother
from tests.portal.citizen_cases_world import citizen_with_cases

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def in_nynorsk(page):
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.get_by_role("link", name="Hopp til hovudinnhaldet")).to_be_attached()
    expect(page.get_by_role("button", name="Nynorsk")).to_have_attribute("aria-pressed", "true")


def test_a_citizen_walks_min_side_in_nynorsk(
    page, live_server, assert_accessible, world, case_worker, municipality
):
    anne, cases = citizen_with_cases(world, case_worker, municipality, today=local_today())
    for team in (world["team_a"], world["team_b"]):  # the teams sit under the office, whose leader owns cases
        UnitParent.objects.create(unit=team, parent=world["office"], valid_from=factories.LONG_AGO)
    login_citizen_dev(page, live_server.url, anne.national_id)
    expect(page.locator("html")).to_have_attribute("lang", "nb")

    switch = page.get_by_role("group", name="Målform")
    switch.get_by_role("button", name="Nynorsk").click()
    in_nynorsk(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Min side")  # the same page, now in nynorsk
    assert_accessible(page)

    page.get_by_role("link", name="Meg sjølv").click()
    in_nynorsk(page)
    expect(page.get_by_role("link", name="Meldingar")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Mine saker").first.click()
    in_nynorsk(page)
    expect(page.get_by_text("Saka er avslutta").first).to_be_visible()
    assert_accessible(page)

    page.locator("main h2 a").first.click()  # the first case's own page
    in_nynorsk(page)
    expect(page.get_by_role("heading", name="Dette har skjedd i saka")).to_be_visible()
    assert_accessible(page)

    letter = Letter.objects.filter(case__person=anne).order_by("pk").first()
    response = page.request.get(f"{live_server.url}/innbygger/{anne.pk}/brev/{letter.pk}/")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"

    page.goto(f"{live_server.url}/innbygger/{anne.pk}/soknad/")
    in_nynorsk(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Søk om hjelp")
    assert_accessible(page)
    page.get_by_label("Kva er vanskeleg i kvardagen?").fill("Eg klarer ikkje å dusje åleine lenger.")
    page.get_by_label("Kva er viktig for deg?").fill("Å bu heime.")
    page.get_by_label("Helsetjenester i hjemmet", exact=True).check()  # the catalogue's own name
    page.get_by_role("button", name="Gå vidare og sjå over").click()
    in_nynorsk(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sjå over og send")
    expect(page.get_by_text("Eg klarer ikkje å dusje åleine lenger.")).to_be_visible()
    expect(page.get_by_role("button", name="Send søknaden")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send søknaden").click()
    in_nynorsk(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Søknaden er send")
    assert_accessible(page)
    assert Application.objects.filter(person=anne, need="Eg klarer ikkje å dusje åleine lenger.").exists()

    decided = cases["decided"]
    decision = decided.decisions.get(state=DecisionState.SENT)
    page.goto(f"{live_server.url}/innbygger/{anne.pk}/saker/{decided.pk}/")
    page.get_by_role("link", name="Klag på vedtaket").click()
    in_nynorsk(page)
    assert_accessible(page)
    page.get_by_role("button", name="Gå vidare").click()
    page.get_by_label("Kva vil du at vi skal endre?").fill("Eg vil ha hjelp om kvelden òg.")
    page.get_by_role("button", name="Gå vidare").click()
    expect(page.get_by_role("heading", name="Sjå over klagen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send klagen").click()
    in_nynorsk(page)
    expect(page.get_by_role("heading", name="Vi har fått klagen din")).to_be_visible()
    assert_accessible(page)
    assert Appeal.objects.filter(decision=decision, change_wanted="Eg vil ha hjelp om kvelden òg.").exists()


def test_the_mother_of_a_13_year_old_acts_for_her_in_nynorsk(
    page, live_server, assert_accessible, world, case_worker, municipality
):
    """The same rules in nynorsk: the whole case while nothing is recorded, then only what parental
    responsibility needs once the girl's wish is recorded (pbrl § 3-4)."""
    emma, mother_id = emma_and_her_mother(case_worker, municipality)
    login_citizen_dev(page, live_server.url, mother_id)
    page.get_by_role("group", name="Målform").get_by_role("button", name="Nynorsk").click()
    in_nynorsk(page)
    page.get_by_role("link", name="Emma Berg").click()
    in_nynorsk(page)
    expect(page.get_by_text("Du handlar for Emma Berg (foreldreansvar).")).to_be_visible()
    expect(page.get_by_role("link", name="Samtykke")).to_be_visible()
    assert_accessible(page)
    people.parent_information_limit_record(
        acting_user=case_worker,
        person=emma,
        ground="barnets_onske",
        about="Samtaler med helsesykepleier",
        reason="Emma vil ikke at foreldrene skal vite om samtalene.",
    )
    page.reload()
    in_nynorsk(page)
    expect(page.get_by_role("link", name="Samtykke")).to_have_count(0)
    expect(page.get_by_text("Noko av det som gjeld Emma, blir ikkje vist for foreldra her")).to_be_visible()
    assert_accessible(page)
    response = page.goto(f"{live_server.url}/innbygger/{emma.pk}/samtykker/")
    assert response is not None and response.status == 404


def test_a_fullmektig_follows_his_mothers_case_in_nynorsk(
    page, live_server, assert_accessible, world, case_worker, municipality
):
    astrid = factories.person(municipality, first_name="Astrid", birth_date=datetime.date(1936, 5, 6))
    health_case(world, astrid, acting_user=case_worker)
    son_id = factories.synthetic_id(datetime.date(1962, 4, 11), sex="M")
    people.relative_add(
        acting_user=case_worker,
        person=astrid,
        name="Per Nordmann",
        relation="child",
        representation="fullmakt",
        scope="alt",
        national_id=son_id,
    )
    page.set_viewport_size({"width": 360, "height": 740})
    login_citizen_dev(page, live_server.url, son_id)
    page.get_by_role("group", name="Målform").get_by_role("button", name="Nynorsk").click()
    in_nynorsk(page)
    page.get_by_role("link", name="Astrid Nordmann").click()
    in_nynorsk(page)
    expect(page.get_by_text("Du handlar for Astrid Nordmann (fullmakt).")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Mine saker").first.click()
    in_nynorsk(page)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
