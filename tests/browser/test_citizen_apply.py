"""A citizen logs in with ID-porten (the local OpenID provider) on a phone, applies once for home care and economic help from NAV with a PDF attached,
reviews and sends, and reads the receipt with the expected answer date. Each page is scanned with axe-core
and fits 360 px without sideways scrolling."""

import pytest
from playwright.sync_api import expect

from helhet.casework import selectors
from helhet.casework.models import Case
from helhet.core.calendar import long_date
from helhet.intake.models import Application
from tests.browser.citizen_login import login_citizen_idporten
from tests.browser.test_case_process import demo  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NARROW = {"width": 360, "height": 800}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def fits(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"], page.url


def test_a_citizen_applies_for_two_kinds_of_help_and_gets_a_receipt(
    page,
    live_server,
    demo,  # noqa: F811
    idporten_live,
    assert_accessible,
):
    page.set_viewport_size(NARROW)
    login_citizen_idporten(page, live_server.url, demo.national_id)
    expect(page.get_by_role("heading", level=1)).to_have_text("Min side")
    assert_accessible(page)
    page.get_by_role("link", name="Meg selv").click()
    page.get_by_role("link", name="Søk om hjelp").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Søk om hjelp")
    fits(page)
    assert_accessible(page)
    page.get_by_label("Hva er vanskelig i hverdagen?").fill(
        "Jeg klarer ikke å dusje alene etter slaget, og pengene rekker ikke til husleia."
    )
    page.get_by_label("Hva er viktig for deg?").fill("Å bo hjemme.")
    page.get_by_label("Helsetjenester i hjemmet", exact=True).check()
    page.get_by_label("Økonomisk sosialhjelp", exact=True).check()
    page.get_by_label("Kommunen kan spørre fastlegen min om opplysninger som trengs for søknaden").check()
    page.get_by_label("Legg ved filer").set_input_files(
        files=[{"name": "legeerklaering.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Gå videre og se over").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Se over og send")
    expect(page.get_by_text("legeerklaering.pdf")).to_be_visible()
    expect(page.get_by_text("Ja, kommunen kan spørre fastlegen")).to_be_visible()
    fits(page)
    assert_accessible(page)
    assert not Application.objects.filter(person=demo).exists()
    page.get_by_role("button", name="Send søknaden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Søknaden er sendt")
    application = Application.objects.get(person=demo)
    expected = long_date(application.expected_answer_by)
    expect(page.get_by_text(f"Du kan regne med svar innen {expected}.")).to_be_visible()
    expect(page.get_by_role("heading", name="Søknaden ble 2 saker")).to_be_visible()
    expect(page.get_by_role("link", name="legeerklaering.pdf")).to_be_visible()
    fits(page)
    assert_accessible(page)

    # Who receives it: each case's owner finds it in their own queue.
    health, nav = Case.objects.filter(person=demo).order_by("pk")
    assert (health.service_area, nav.service_area) == ("health_care", "social")
    for case in (health, nav):
        assert case.pk in [c.pk for c in selectors.queue(case.owner, mine=True).object_list]

    page.reload()  # reloading the receipt files nothing new
    expect(page.get_by_role("heading", level=1)).to_have_text("Søknaden er sendt")
    assert Application.objects.filter(person=demo).count() == 1
