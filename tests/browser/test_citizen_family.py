"""Journeys on Min side for those who act for someone else: a son with fullmakt for his old mother, and the
mother of a 13-year-old whose wish limits what the parents are told; a consent withdrawn takes effect at once."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from helhet.core.calendar import local_today
from helhet.people import services as people
from tests import factories
from tests.access.conftest import health_case

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
TODAY = local_today()


def citizen_login(page, live_server, pid: str) -> None:
    page.goto(f"{live_server.url}/innbygger/logg-inn/")
    page.get_by_label("Fødselsnummer (11 siffer)").fill(pid)
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", name="Min side", level=1)).to_be_visible()


def emma_and_her_mother(case_worker, municipality):
    """Emma, 13, and the fødselsnummer of her mother Lene, registered with foreldreansvar."""
    born = TODAY.replace(year=TODAY.year - 13) - datetime.timedelta(days=40)
    emma = factories.person(municipality, first_name="Emma", last_name="Berg", birth_date=born)
    mother_id = factories.synthetic_id(datetime.date(1984, 9, 23))
    people.relative_add(
        acting_user=case_worker,
        person=emma,
        name="Lene Berg",
        relation="parent",
        representation="foreldre",
        national_id=mother_id,
    )
    return emma, mother_id


def test_a_fullmektig_follows_the_old_persons_case_and_withdraws_a_consent_that_ends_sharing_at_once(
    page, live_server, world, case_worker, nav_worker, municipality, assert_accessible
):
    astrid = factories.person(municipality, first_name="Astrid", birth_date=datetime.date(1936, 5, 6))
    case = health_case(world, astrid, acting_user=case_worker, consent_share=True)
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
    staff = Client()
    staff.force_login(nav_worker)
    assert staff.get(reverse("casework:case", args=[case.pk])).status_code == 200

    page.set_viewport_size({"width": 360, "height": 740})
    citizen_login(page, live_server, son_id)
    expect(page.get_by_text("Du har fullmakt.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Astrid Nordmann").click()
    expect(page.get_by_text("Du handler for Astrid Nordmann (fullmakt).")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Samtykker").click()
    expect(page.get_by_role("heading", name="Samtykker", level=1)).to_be_visible()
    expect(page.get_by_text("Du har samtykket til deling.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)
    page.get_by_role("button", name="Trekk tilbake samtykket").click()
    expect(page.get_by_text("Samtykket er trukket tilbake. Det gjelder med en gang.")).to_be_visible()
    expect(page.get_by_text("Ingen deling.")).to_be_visible()
    assert_accessible(page)
    # The NAV case worker has lost access on the very next request.
    assert staff.get(reverse("casework:case", args=[case.pk])).status_code == 404
    page.get_by_role("button", name="Gi samtykke til deling").click()
    expect(page.get_by_text("Samtykket er gitt. Det gjelder fra i dag.")).to_be_visible()
    assert staff.get(reverse("casework:case", args=[case.pk])).status_code == 200


def test_the_mother_of_a_13_year_old_sees_what_the_rules_allow_and_not_more(
    page, live_server, world, case_worker, municipality, assert_accessible
):
    emma, mother_id = emma_and_her_mother(case_worker, municipality)
    citizen_login(page, live_server, mother_id)
    expect(page.get_by_text("Du har foreldreansvar.")).to_be_visible()
    page.get_by_role("link", name="Emma Berg").click()
    # Under 16 with nothing recorded: the parents see the whole case, consents too.
    expect(page.get_by_role("link", name="Samtykker")).to_be_visible()
    assert_accessible(page)
    people.parent_information_limit_record(
        acting_user=case_worker,
        person=emma,
        ground="barnets_onske",
        about="Samtaler med helsesykepleier",
        reason="Emma vil ikke at foreldrene skal vite om samtalene.",
    )
    page.reload()
    expect(page.get_by_text("Du handler for Emma Berg (foreldreansvar).")).to_be_visible()
    expect(page.get_by_role("link", name="Samtykker")).to_have_count(0)
    expect(page.get_by_text("Noe av det som gjelder Emma, vises ikke for foreldrene her")).to_be_visible()
    assert_accessible(page)
    response = page.goto(f"{live_server.url}/innbygger/{emma.pk}/samtykker/")
    assert response is not None and response.status == 404
