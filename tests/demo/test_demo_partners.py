"""The demo's external partners are external parties with links, never units in the chart."""

import pytest
from django.core.management import call_command

from helhet.core.calendar import local_today
from helhet.core.models import Municipality
from helhet.demo.partners import PARTIES, SOURCE
from helhet.organisation.chart import chart_on
from helhet.organisation.models import CollaborationLink, ExternalParty, Unit


@pytest.fixture
def demo(db):
    call_command("demo", persons=20, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_partners_are_external_parties_outside_the_chart(demo):
    municipality = Municipality.objects.get()
    names = {name for name, _kind in PARTIES}
    assert (
        set(ExternalParty.objects.filter(municipality=municipality).values_list("name", flat=True)) == names
    )
    links = CollaborationLink.objects.filter(source=SOURCE)
    assert links.count() >= 6 and not links.filter(external_party__isnull=True).exists()
    assert not Unit.objects.filter(name__in=names).exists()
    assert not names & {node.unit.name for node in chart_on(municipality, local_today()).walk()}
