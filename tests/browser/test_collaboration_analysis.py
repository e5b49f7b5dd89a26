"""A leader studies how the demo municipality's units work together and what grouping would fit the span."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests import factories
from tests.browser.login import open_insight
from tests.browser.test_case_process import log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo(settings):
    settings.HELHET_DEMO_PASSWORD = factories.PASSWORD
    call_command("demo", persons=20, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_leader_reads_the_collaboration_analysis_and_tightens_the_span_limit(
    page, live_server, demo, assert_accessible
):
    log_in(page, live_server, "leder")
    open_insight(page, "Samarbeidsanalyse")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Samarbeidsanalyse per")
    expect(page.get_by_role("img", name="Samarbeidsnettverk med foreslåtte grupper")).to_be_visible()
    expect(page.get_by_role("table", name="Vekt per hyppighet")).to_contain_text("230")
    expect(page.get_by_role("table", name="Par av enheter som samarbeider daglig")).to_contain_text(
        "Tjenestekontoret"
    )
    expect(page.get_by_role("table", name="Foreslåtte grupper med antall ansatte")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Grense for lederspenn").fill("2")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_text("ble delt")).to_be_visible()
    groups = page.get_by_role("table", name="Foreslåtte grupper med antall ansatte")
    expect(groups.get_by_role("row")).not_to_have_count(1)
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned parene som CSV").click()
    assert download.value.suggested_filename.startswith("samarbeidsanalyse-")

    page.get_by_label("Dato").fill("9999-12-31")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("alert").first).to_contain_text("Datoen må være mellom")
