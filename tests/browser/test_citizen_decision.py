"""The citizen reads a decision and appeals it on Min side: logged in with ID-porten (the local OpenID
provider), the case, the letter as sent
(the stored PDF), the appeal with its deadline and a confirmation step, the receipt; and the case owner at
the NAV office finds the appeal in their inbox."""

import pytest
from playwright.sync_api import expect

from helhet.casework import letter_store
from helhet.casework.models import Appeal, DecisionState, Letter
from helhet.core.calendar import local_today, long_date
from tests import factories
from tests.browser.citizen_login import login_citizen_idporten
from tests.browser.login import second_factor
from tests.portal.citizen_cases_world import citizen_with_cases

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_citizen_reads_the_decision_appeals_it_and_the_case_owner_has_it(
    page, live_server, idporten_live, world, case_worker, municipality, assert_accessible
):
    anne, cases = citizen_with_cases(world, case_worker, municipality, today=local_today())
    case = cases["decided"]
    decision = case.decisions.get(state=DecisionState.SENT)
    letter = Letter.objects.get(decision=decision)

    page.goto(f"{live_server.url}/innbygger/logg-inn/")
    assert_accessible(page)
    login_citizen_idporten(page, live_server.url, anne.national_id)
    page.get_by_role("link", name="Meg selv").click()
    page.get_by_role("link", name="Mine saker").click()
    expect(page.get_by_role("heading", name="Mine saker", level=1)).to_be_visible()
    expect(page.get_by_text("Søknaden er trukket.")).to_be_visible()
    assert_accessible(page)

    page.locator(f'a[href="/innbygger/{anne.pk}/saker/{case.pk}/"]').click()
    expect(page.get_by_text("Du har fått vedtak.")).to_be_visible()
    expect(page.get_by_role("heading", name="Dette har skjedd i saken")).to_be_visible()
    assert_accessible(page)
    page.set_viewport_size({"width": 360, "height": 780})  # on a phone: no sideways scrolling
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    href = page.get_by_role("link", name="Les vedtaksbrevet (PDF)").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body() == letter_store.pdf_bytes(letter)

    page.get_by_role("link", name="Klag på vedtaket").click()
    expect(page.get_by_text(f"Fristen for å klage er {long_date(decision.appeal_deadline)}.")).to_be_visible()
    expect(page.get_by_text("Først ser NAV-kontoret på saken på nytt", exact=False)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Gå videre").click()
    expect(page.get_by_text("Skriv hva du vil at vi skal endre.").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Hva vil du at vi skal endre?").fill("Jeg vil også ha stønad til strøm.")
    page.get_by_label("Hvorfor mener du vedtaket er feil?").fill(
        "Strømregningen i desember er på 2 400 kroner."
    )
    page.get_by_role("button", name="Gå videre").click()
    expect(page.get_by_role("heading", name="Se over klagen")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send klagen").click()
    expect(page.get_by_role("heading", name="Vi har fått klagen din")).to_be_visible()
    expect(page.get_by_text("Jeg vil også ha stønad til strøm.")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    appeal = Appeal.objects.get(decision=decision)
    assert appeal.written and appeal.signed and appeal.received_on == local_today()

    staff = page.context.browser.new_context().new_page()
    staff.goto(f"{live_server.url}/logg-inn/")
    staff.get_by_label("Brukernavn").fill(case.owner.username)
    staff.get_by_label("Passord").fill(factories.PASSWORD)
    staff.get_by_role("button", name="Logg inn").click()
    second_factor(staff, case.owner.username)
    staff.goto(f"{live_server.url}/oppgaver/")
    item = staff.locator(".hh-inbox-item", has_text=anne.full_name)
    expect(item.get_by_text("Klage til ny vurdering", exact=False).first).to_be_visible()
    assert_accessible(staff)
