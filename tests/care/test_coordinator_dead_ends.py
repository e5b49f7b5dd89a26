"""The coordinator's dead ends: the plan link works for her persons, appointing is refused up front with the
reason, and the appointment page does not say «X er koordinerende enhet» of a unit named so."""

import pytest
from django.urls import reverse

from helhet.access.models import AccessLog
from helhet.care import services
from tests import factories
from tests.care.conftest import grant, plan_with_measure


@pytest.fixture
def coordinating(municipality):
    return factories.unit(municipality, "Koordinerende enhet")


@pytest.fixture
def coordinator_user(municipality, coordinating):
    return factories.user(municipality, "koordinator", username="koordinator", unit=coordinating)


@pytest.fixture
def coordinated(world, case_worker, municipality, coordinating, coordinator_user, nurse):
    """Siri gets home health care (with a plan in home care) and has a coordinator."""
    person = factories.person(municipality, first_name="Siri", last_name="Dahl")
    factories.responsibility(person, unit=coordinating)
    decision = grant(world, case_worker, person)
    plan_with_measure(nurse, person, decision)
    services.coordinator_appoint(
        acting_user=coordinator_user,
        person=person,
        coordinating_unit=coordinating,
        coordinator=coordinator_user.staff,
    )
    return person


def test_the_plan_link_opens_the_plans_for_the_coordinators_person(client, coordinator_user, coordinated):
    client.force_login(coordinator_user)
    response = client.get(reverse("care:plan", args=[coordinated.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mål- og tiltaksplaner: Siri Dahl" in html and "Morgenstell" in html
    assert "Hjemmesykepleien sone Nord" in html
    assert "Lagre tiltak" not in html  # read only
    assert AccessLog.objects.filter(
        user=coordinator_user, person=coordinated, what__contains="koordinator"
    ).exists()
    assert client.post(reverse("care:plan", args=[coordinated.pk]), {"action": "goal"}).status_code == 403


def test_a_coordinator_without_the_coordinator_ground_is_still_refused(
    client, municipality, coordinated, coordinating
):
    other_unit = factories.unit(municipality, "Annen enhet")
    other = factories.user(municipality, "koordinator", username="annen", unit=other_unit)
    client.force_login(other)
    assert client.get(reverse("care:plan", args=[coordinated.pk])).status_code in (403, 404)


def test_appointing_is_refused_before_the_form_when_the_person_has_a_coordinator(
    client, coordinator_user, coordinated
):
    client.force_login(coordinator_user)
    response = client.get(reverse("care:appoint"), {"person": coordinated.pk})
    html = response.content.decode()
    assert response.status_code == 403
    assert "Personen har allerede koordinator" in html and "Koordinerende enhet" in html
    assert 'name="coordinator"' not in html
    assert "Til koordineringen som gjelder" in html


def test_appointing_is_refused_up_front_for_a_role_that_may_not(client, nurse, kari_in_home_care):
    client.force_login(nurse)
    response = client.get(reverse("care:appoint"), {"person": kari_in_home_care.pk})
    assert response.status_code == 403
    assert (
        "Bare koordinatorer, ledere og saksbehandlere kan oppnevne koordinator." in response.content.decode()
    )


def test_the_appointment_page_is_not_tautological(client, coordinator_user, coordinating, municipality):
    person = factories.person(municipality, first_name="Ole", last_name="Dahl")
    factories.responsibility(person, unit=coordinating)
    client.force_login(coordinator_user)
    html = client.get(reverse("care:appoint"), {"person": person.pk}).content.decode()
    assert "Koordinerende enhet er koordinerende enhet" not in html
    assert "Oppnevnes av: Koordinerende enhet." in html


def test_the_person_page_offers_the_plan_not_a_second_appointment(client, coordinator_user, coordinated):
    client.force_login(coordinator_user)
    html = client.get(reverse("people:detail", args=[coordinated.pk])).content.decode()
    assert "Oppnevn koordinator" not in html
    assert reverse("care:individual_plan", args=[coordinated.individual_plans.get().pk]) in html
    assert reverse("care:plan", args=[coordinated.pk]) in html
