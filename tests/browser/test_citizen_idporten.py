"""A citizen logs in with ID-porten (the local OpenID Connect provider's own pages), lands on Min side
and logs out of Helhet and of ID-porten; every Helhet page on the way passes axe."""

import datetime

import pytest
from playwright.sync_api import expect

from helhet.access.models import CitizenAccount
from tests import factories
from tests.browser.citizen_login import login_citizen_idporten

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("width", [360, 1280])
def test_a_citizen_logs_in_with_idporten_sees_min_side_and_logs_out(
    page, live_server, idporten_live, municipality, assert_accessible, width
):
    page.set_viewport_size({"width": width, "height": 800})
    kari = factories.person(municipality, first_name="Kari", birth_date=datetime.date(1950, 3, 4))
    page.goto(f"{live_server.url}/innbygger/logg-inn/")
    expect(page.get_by_role("link", name="Logg inn med ID-porten")).to_be_visible()
    assert_accessible(page)

    login_citizen_idporten(page, live_server.url, kari.national_id)
    expect(page.get_by_role("heading", level=1)).to_have_text("Min side")
    expect(page.get_by_text("Meg selv")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    assert_accessible(page)
    assert CitizenAccount.objects.get(pid=kari.national_id).last_acr == "idporten-loa-substantial"

    page.get_by_role("button", name="Logg ut").click()
    page.get_by_role("button", name="Yes, sign me out").click()  # ID-porten's own logout page
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn på Min side")
    expect(page.get_by_role("button", name="Logg ut")).to_have_count(0)
    assert_accessible(page)
    page.goto(f"{live_server.url}/innbygger/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Logg inn på Min side")
