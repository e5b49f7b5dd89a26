"""Registering and correcting persons: valid data saves and is logged; bad data changes nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from helhet.access.models import AccessLog
from helhet.core.errors import ConflictError
from helhet.people import services
from helhet.people.models import Person, Relative
from tests import factories


def register(user, municipality, **overrides):
    fields = {"national_id": factories.synthetic_id(), "first_name": "Ola", "last_name": "Nordmann"}
    fields.update(overrides)
    return services.person_register(acting_user=user, municipality=municipality, **fields)


def errors(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_registering_derives_birth_date_and_sex_and_logs_who_did_it(case_worker, municipality):
    number = factories.synthetic_id(sex="M")
    person = register(case_worker, municipality, national_id=f"{number[:6]} {number[6:]}", first_name=" Ola ")
    assert person.national_id == number
    assert person.sex == "M"
    assert person.first_name == "Ola"
    log = AccessLog.objects.get(person=person)
    assert (log.user, log.action) == (case_worker, "create")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"national_id": "15108695077"}, "national_id", "Kontrollsifrene stemmer ikke"),
        ({"national_id": "123"}, "national_id", "må ha 11 siffer"),
        ({"first_name": ""}, "first_name", "Feltet kan ikke være blankt."),
        ({"last_name": "x" * 101}, "last_name", "Sørg for at denne verdien har 100 eller færre tegn"),
        ({"postal_code": "12"}, "postal_code", "Postnummeret må ha fire siffer."),
        ({"phone": "ring meg"}, "phone", "telefonnummeret"),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(case_worker, municipality, overrides, field, message):
    found = errors(lambda: register(case_worker, municipality, **overrides))
    assert any(message in m for m in found[field]), found
    assert not Person.objects.exists()
    assert not AccessLog.objects.exists()


def test_the_same_national_id_cannot_be_registered_twice(case_worker, municipality):
    number = factories.synthetic_id()
    register(case_worker, municipality, national_id=number)
    found = errors(lambda: register(case_worker, municipality, national_id=number))
    assert "finnes allerede" in found["national_id"][0]
    assert Person.objects.count() == 1


def test_a_zone_of_another_municipality_is_refused(case_worker, municipality, other_municipality):
    found = errors(lambda: register(case_worker, municipality, zone=factories.zone(other_municipality)))
    assert found["zone"] == ["Sonen hører ikke til kommunen."]


def test_only_registrars_of_the_same_municipality_may_register(nurse, analyst, outsider, municipality):
    for user in (nurse, analyst, outsider):
        with pytest.raises(PermissionDenied):
            register(user, municipality)
    assert not Person.objects.exists()


def test_a_stale_update_is_refused_and_the_first_change_kept(case_worker, reception, kari):
    first_copy = Person.objects.get(pk=kari.pk)
    second_copy = Person.objects.get(pk=kari.pk)
    services.person_update(acting_user=case_worker, person=first_copy, expected_version=1, phone="40000001")
    with pytest.raises(ConflictError):
        services.person_update(
            acting_user=reception, person=second_copy, expected_version=1, phone="40000002"
        )
    kari.refresh_from_db()
    assert (kari.phone, kari.version) == ("40000001", 2)


def test_correcting_the_national_id_rederives_birth_date(case_worker, kari):
    import datetime

    number = factories.synthetic_id(datetime.date(1961, 2, 3), sex="M")
    services.person_update(
        acting_user=case_worker, person=kari, expected_version=kari.version, national_id=number
    )
    kari.refresh_from_db()
    assert (kari.birth_date, kari.sex) == (datetime.date(1961, 2, 3), "M")


def test_provider_staff_cannot_change_personal_details(nurse, kari_in_home_care):
    with pytest.raises(PermissionDenied):
        services.person_update(
            acting_user=nurse, person=kari_in_home_care, expected_version=1, phone="40000001"
        )


def test_a_relative_with_power_of_attorney_is_a_representative(case_worker, kari):
    relative = services.relative_add(
        acting_user=case_worker,
        person=kari,
        name="Ola Nordmann",
        relation="child",
        representation="fullmakt",
        is_next_of_kin=True,
    )
    assert relative.is_representative


def test_only_one_next_of_kin(case_worker, kari):
    services.relative_add(
        acting_user=case_worker, person=kari, name="Ola", relation="child", is_next_of_kin=True
    )
    found = errors(
        lambda: services.relative_add(
            acting_user=case_worker, person=kari, name="Per", relation="child", is_next_of_kin=True
        )
    )
    assert "nærmeste pårørende" in str(found)
    assert Relative.objects.count() == 1
