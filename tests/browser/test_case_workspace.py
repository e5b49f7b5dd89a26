"""The case worker's wide screen: the decision form beside a live, debounced preview of the letter (the
letter's own HTML, marked UTKAST); and the case page printed: no menu, no forms, the printout's own line."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from helhet.casework.models import Status
from tests import factories
from tests.browser.login import second_factor
from tests.casework import statuses as build

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/logg-inn/")
    page.get_by_label("Brukernavn").fill(username)
    page.get_by_label("Passord").fill(factories.PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    second_factor(page, username)


@pytest.fixture
def person(municipality):
    return factories.person(
        municipality, first_name="Ragnhild", last_name="Berg", birth_date=datetime.date(1941, 3, 4)
    )


def test_the_letter_preview_follows_the_form_beside_it(page, live_server, world, case_worker, person):
    case = build.case_in(Status.DRAFTING, world, case_worker, person)
    draft = build.draft(case, world, complete=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    log_in(page, live_server, "saksbehandler")
    page.goto(f"{live_server.url}/saker/vedtak/{draft.pk}/")
    frame = page.locator("#letter-preview iframe")
    expect(frame).to_have_attribute("srcdoc", re.compile("UTKAST"))
    form_box = page.locator("#decision-form").bounding_box()
    preview_box = page.locator("#letter-preview").bounding_box()
    assert preview_box["x"] >= form_box["x"] + form_box["width"] - 1  # side by side
    page.get_by_label("Hva du får hjelp til").fill("Hjelp med morgenstell, også i helgene.")
    expect(frame).to_have_attribute("srcdoc", re.compile("også i helgene"))
    draft.refresh_from_db()
    assert "helgene" not in draft.content  # the preview saves nothing


def test_the_case_page_prints_without_menu_or_forms(page, live_server, world, case_worker, person):
    case = build.case_in(Status.ASSESSMENT, world, case_worker, person)
    log_in(page, live_server, "saksbehandler")
    page.goto(f"{live_server.url}/saker/{case.pk}/")
    expect(page.get_by_role("button", name="Skriv ut")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".hh-header")).to_be_hidden()
    expect(page.get_by_role("heading", name="Saken", exact=True)).to_be_hidden()
    expect(page.get_by_text("Utskriften inneholder personopplysninger")).to_be_visible()
    expect(page.get_by_role("heading", name="Søknaden")).to_be_visible()
    expect(page.locator('[aria-current="step"]')).to_be_visible()
