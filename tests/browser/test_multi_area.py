"""A multi-area application in a browser: one application wishing home health care and økonomisk
sosialhjelp becomes two linked cases, one at the service office and one at NAV, on one receipt."""

import pytest
from playwright.sync_api import expect

from helhet.casework.models import Case
from tests.browser.test_case_process import demo, log_in, log_out, register_inquiry  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WORDS = "Ragnhild ringer selv: klarer ikke stell etter slaget, og pengene strekker ikke til denne måneden."


def test_a_multi_area_application(page, live_server, demo, assert_accessible):  # noqa: F811
    log_in(page, live_server, "resepsjon")
    register_inquiry(page, live_server, WORDS)
    page.get_by_role("button", name="Registrer henvendelsen").click()
    page.get_by_role("link", name="Registrer søknad").click()
    # The citizen's words from the inquiry are already in the form.
    expect(page.get_by_label("Hva trenger du hjelp til?")).to_have_value(WORDS)
    page.get_by_label("Helsetjenester i hjemmet").check()
    page.get_by_label("Økonomisk sosialhjelp").check()
    assert_accessible(page)
    page.get_by_role("button", name="Send søknaden").click()

    expect(page.get_by_role("heading", name="Søknaden er mottatt")).to_be_visible()
    expect(page.get_by_text("registrert som 2 koblede saker, én per område")).to_be_visible()
    health, nav = Case.objects.filter(person=demo).order_by("pk")
    health_row = page.get_by_role("row", name=f"Sak {health.pk}")
    expect(health_row).to_contain_text("Helse og omsorg")
    expect(health_row).to_contain_text("Tjenestekontoret")
    nav_row = page.get_by_role("row", name=f"Sak {nav.pk}")
    expect(nav_row).to_contain_text("Sosiale tjenester i NAV")
    expect(nav_row).to_contain_text("Oppfølgingsteam 1 (fødselsdag 1–10)")
    expect(nav_row).to_contain_text(
        "Søknaden gjelder «Økonomisk sosialhjelp»; født den 4. i måneden (dag 1–10)"
    )
    assert_accessible(page)
    log_out(page)

    log_in(page, live_server, "saksbehandler")
    page.goto(f"{live_server.url}/saker/{health.pk}/")
    linked = page.get_by_role("region", name="Koblede saker fra samme søknad")
    expect(linked).to_contain_text(f"Sak {nav.pk}: Sosiale tjenester i NAV – Mottatt")
    # Only the link, area and status: the NAV case's wish is not on the health case's page.
    expect(page.get_by_text("Økonomisk sosialhjelp", exact=True)).to_have_count(0)
    assert_accessible(page)
