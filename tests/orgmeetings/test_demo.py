"""The demo carries the organisation's own meetings, NAV's rooms and a rotating team lead."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from helhet.core.calendar import local_today
from helhet.core.models import User
from helhet.inbox.models import Item
from helhet.organisation.chart import chart_on
from helhet.organisation.models import LeadershipRotation, Room, RoomBooking, Unit
from helhet.orgmeetings.models import MeetingSeries


@pytest.fixture
def demo(db):
    call_command("demo", persons=40, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_has_series_rooms_and_a_rotation(demo, client):
    assert set(MeetingSeries.objects.values_list("kind", flat=True)) == {
        "meeting_point",
        "team",
        "user_council",
        "housing_council",
    }
    assert Room.objects.filter(unit__name="Mottak").count() == 4
    assert RoomBooking.objects.filter(purpose="joint").count() == 2
    assert Item.objects.filter(target_app="orgmeetings").count() == 1
    rotation = LeadershipRotation.objects.get()
    team = Unit.objects.get(name__startswith="Oppfølgingsteam 1")
    assert rotation.unit == team and rotation.members.count() == 3
    assert chart_on(team.municipality, local_today()).nodes[team.pk].leader is not None
    client.force_login(User.objects.get(username="navleder"))
    page = client.get(reverse("orgmeetings:series_list")).content.decode()
    assert "Teammøte NAV" in page
    assert client.get(reverse("orgmeetings:rooms")).status_code == 200
    call_command("demo", persons=40, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert MeetingSeries.objects.count() == 4
