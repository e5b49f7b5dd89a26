"""A team's work list stays small: a page of visits in full, the rest of the shift on demand, one staff select
for the leader's assignment of many visits, and compressed answers."""

import datetime
import gzip

import pytest
from django.urls import reverse

from helhet.access.models import AccessLog
from helhet.care import selectors
from helhet.care.models import VisitAssignment
from helhet.core.calendar import local_today
from tests import factories
from tests.care.conftest import grant, plan_with_measure

TODAY = local_today()
DAY = {"dato": TODAY.isoformat(), "vakt": "day"}


@pytest.fixture
def five_visits(world, case_worker, municipality, nurse, monkeypatch):
    """Five persons with a visit at 08:00–12:00, and pages of two visits."""
    monkeypatch.setattr(selectors, "PAGE_VISITS", 2)
    persons = []
    for i in range(5):
        person = factories.person(municipality, first_name=f"Person{i}", street_address=f"Gate {i}")
        decision = grant(world, case_worker, person, amount=7)
        plan_with_measure(
            nurse, person, decision, weekdays=[], every_n_days=1, valid_from=TODAY, times=[f"{8 + i:02d}:00"]
        )
        persons.append(person)
    return persons


def test_the_team_list_shows_a_page_in_full_and_brings_the_rest_on_demand(client, leader, five_visits):
    client.force_login(leader)
    html = client.get(reverse("care:worklist"), DAY).content.decode()
    assert html.count("data-visit") == 2 and "Person0" in html and "Person2" not in html
    assert "0 av 5 besøk ferdige" in html and "3 besøk til på vakten" in html
    assert html.count('name="staff"') == 1  # one staff select for the whole list
    shown = set(AccessLog.objects.filter(user=leader).values_list("person__first_name", flat=True))
    assert shown == {"Person0", "Person1"}

    more = client.get(reverse("care:worklist"), DAY | {"mine": "0", "fra": "2"}, HTTP_HX_REQUEST="true")
    fragment = more.content.decode()
    assert "<html" not in fragment and "HX-Request" in more["Vary"]
    assert fragment.count("data-visit") == 2 and "Person2" in fragment and "1 besøk til på vakten" in fragment
    assert 'form="assign-form"' in fragment  # the ticks belong to the page's one assignment form
    assert AccessLog.objects.filter(user=leader, person=five_visits[2]).exists()

    # Without JavaScript the same link is a page of its own, with the way back.
    page = client.get(reverse("care:worklist"), DAY | {"mine": "0", "fra": "4"}).content.decode()
    assert page.count("data-visit") == 1 and "Person4" in page and "Vis tidligere besøk på vakten (4)" in page
    assert "Vis flere besøk" not in page


def test_the_nurse_sees_all_her_own_visits_in_full(client, leader, nurse, home_care, five_visits):
    for person in five_visits[:3]:
        VisitAssignment.objects.create(
            unit=home_care, person=person, day=TODAY, shift="day", staff=nurse.staff, assigned_by=leader
        )
    client.force_login(nurse)
    html = client.get(reverse("care:worklist"), DAY).content.decode()
    assert html.count("data-visit") == 3 and "Vis flere besøk" not in html
    assert "Utført" in html and "Ikke utført fordi" in html


def test_the_leader_gives_several_ticked_visits_to_one_nurse(client, leader, nurse, home_care, five_visits):
    client.force_login(leader)
    response = client.post(
        reverse("care:assign"),
        {
            **DAY,
            "enhet": home_care.pk,
            "person": [five_visits[0].pk, five_visits[3].pk],
            "staff": nurse.staff.pk,
        },
        follow=True,
    )
    assert "2 besøk er gitt til Test tjenesteyter" in response.content.decode()
    assert set(
        VisitAssignment.objects.filter(day=TODAY, shift="day", staff=nurse.staff).values_list(
            "person", flat=True
        )
    ) == {five_visits[0].pk, five_visits[3].pk}
    none = client.post(
        reverse("care:assign"), {**DAY, "enhet": home_care.pk, "staff": nurse.staff.pk}, follow=True
    )
    assert "Velg minst ett besøk." in none.content.decode()


def test_the_page_opens_at_the_page_of_the_first_visit_not_finished(client, nurse, leader, five_visits):
    from helhet.care import services
    from helhet.care.models import Measure

    for person in five_visits[:2]:
        measure = Measure.objects.get(plan__person=person)
        services.task_record(
            acting_user=nurse, measure=measure, day=TODAY, time=measure_time(measure), status="done"
        )
    client.force_login(leader)
    html = client.get(reverse("care:worklist"), DAY).content.decode()
    assert "Person2" in html and "Person0" not in html and "2 av 5 besøk ferdige" in html


def measure_time(measure):
    return datetime.time.fromisoformat(measure.times[0])


def test_pages_are_compressed_for_browsers_that_ask_and_keep_their_csrf_token(client, leader, five_visits):
    client.force_login(leader)
    response = client.get(reverse("care:worklist"), DAY, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assert "csrfmiddlewaretoken" in html and "Person0" in html
