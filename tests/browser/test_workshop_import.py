"""A leader brings the messy workshop map in from the page alone: one decision per unknown name, nothing
chosen in advance, the report updating in place; external parties stay out of the org chart."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from helhet.access import roles
from helhet.core.calendar import local_today
from helhet.organisation.imports import pending_import_report
from helhet.organisation.models import CollaborationLink, ExternalParty, PendingImport
from tests import factories
from tests.browser.login import second_factor
from tests.organisation import workshop

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

MAP = Path(__file__).parent.parent / "organisation" / "data" / "workshop_map.csv"


def _canonical(name: str) -> str:
    return next(n for n, (_k, spellings) in workshop.EXTERNAL_SPELLINGS.items() if name in spellings)


def test_the_workshop_map_goes_in_from_the_page_alone(page, live_server, assert_accessible):
    municipality = factories.municipality()
    units = workshop.make_units(municipality)
    factories.user(municipality, roles.LEADER, username="leder", unit=units["Tjenestekontoret"], leads=True)
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill("leder")
    page.get_by_label("Passord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    second_factor(page, "leder")

    page.goto(f"{live_server.url}/organisasjon/samarbeid/import/")
    page.get_by_label("CSV-fil").set_input_files(str(MAP))
    page.get_by_label("Kilde").fill("Workshop 2018")
    page.get_by_role("button", name="Last opp og se gjennom").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Se gjennom importen")
    assert_accessible(page)

    pending = PendingImport.objects.get()
    unknown = list(pending_import_report(pending, local_today()).unmatched.values())
    truth = workshop.truth()
    assert page.get_by_role("button", name="Opprett ekstern samarbeidspart").count() == len(unknown)
    first = page.locator("form").filter(
        has=page.get_by_role("heading", name=f"«{unknown[0].name}»", exact=True)
    )
    first.get_by_label("med navnet").press("Enter")  # Enter in a text field chooses nothing
    page.wait_for_timeout(300)
    expect(page.locator("#import-status")).to_contain_text(f"{len(unknown)} navn venter på ditt valg")
    for entry in unknown:
        heading = page.get_by_role("heading", name=f"«{entry.name}»", exact=True)
        form = page.locator("form").filter(has=heading)
        action, target = truth[entry.name]
        if action == "unit":
            suggestion = form.get_by_role("button", name=f"Enheten {target}", exact=True)
            if suggestion.count():
                suggestion.click()
            else:
                form.get_by_label("Eller en annen enhet").select_option(label=target)
                form.get_by_role("button", name="Knytt til enheten").click()
        elif action == "external":
            form.get_by_label("Ekstern samarbeidspart av typen").select_option(value=target)
            form.get_by_label("med navnet").fill(_canonical(entry.name))
            form.get_by_role("button", name="Opprett ekstern samarbeidspart").click()
        elif action == "role":
            form.get_by_role("button", name="Er en rolle").click()
        else:
            form.get_by_role("button", name="Overse navnet").click()
        expect(heading).to_have_count(0)
    expect(page.locator("#import-status")).to_contain_text("0 navn venter på ditt valg")
    assert page.url.endswith(f"/samarbeid/import/{pending.pk}/")  # never uploaded again
    assert_accessible(page)

    page.get_by_role("button", name="Lagre importen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Samarbeidskart")
    expect(page.get_by_text(re.compile(r"Lagret \d+ samarbeidsrelasjoner"))).to_be_visible()
    assert CollaborationLink.objects.filter(external_party__isnull=False).exists()
    assert_accessible(page)

    page.goto(f"{live_server.url}/organisasjon/")
    chart = page.locator("main").inner_text().split("Endringshistorikk")[0]
    for party in ExternalParty.objects.values_list("name", flat=True):
        assert party not in chart
