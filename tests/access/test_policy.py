"""Need-to-know, role by role."""

import datetime

from helhet.access.policy import person_access, visible_persons
from helhet.people.models import Person
from tests import factories


def test_reception_and_case_workers_see_persons_of_their_own_municipality(reception, case_worker, kari):
    assert person_access(reception, kari).allowed
    assert "tjenestekontoret" in person_access(case_worker, kari).reason


def test_nobody_sees_persons_of_another_municipality(outsider, kari):
    assert not person_access(outsider, kari)
    assert not visible_persons(outsider, Person.objects.all()).exists()


def test_provider_staff_see_only_persons_their_unit_is_responsible_for(
    nurse, kari_in_home_care, municipality
):
    stranger = factories.person(municipality, first_name="Per", last_name="Fremmed")
    decision = person_access(nurse, kari_in_home_care)
    assert decision.allowed
    assert decision.reason == "Ansvar (Hjemmesykepleien sone Nord): Mottar helsetjenester i hjemmet"
    assert not person_access(nurse, stranger)
    assert list(visible_persons(nurse, Person.objects.all())) == [kari_in_home_care]


def test_an_ended_responsibility_ends_access(nurse, kari, home_care):
    factories.responsibility(kari, unit=home_care, valid_to=datetime.date(2021, 1, 1))
    assert not person_access(nurse, kari)


def test_a_future_responsibility_gives_no_access_yet(nurse, kari, home_care):
    factories.responsibility(kari, unit=home_care, valid_from=datetime.date(2099, 1, 1))
    assert not person_access(nurse, kari)


def test_staff_level_responsibility_follows_the_person_not_the_unit(municipality, kari):
    coordinator = factories.user(
        municipality, "koordinator", unit=factories.unit(municipality, "Koordinerende enhet")
    )
    assert not person_access(coordinator, kari)
    factories.responsibility(kari, staff=coordinator.staff, reason="Koordinator for individuell plan")
    assert "Koordinator" in person_access(coordinator, kari).reason


def test_leaders_see_persons_of_the_unit_they_lead(leader, kari_in_home_care):
    assert person_access(leader, kari_in_home_care).allowed


def test_analysts_see_no_person_level_data(analyst, kari):
    assert not person_access(analyst, kari)
    assert not visible_persons(analyst, Person.objects.all()).exists()


def test_a_user_without_a_role_sees_nothing(municipality, kari):
    assert not person_access(factories.user(municipality, None), kari)
