"""Staff register and change representation (fullmakt, verge, foreldreansvar) and the limit on what parents are
told; refusals change nothing; every change has its history and access log row and takes effect at once."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from helhet.access.models import AccessLog
from helhet.core.calendar import local_today
from helhet.core.models import ChangeRecord
from helhet.people import services
from helhet.people.models import ParentInformationGround, ParentInformationLimit, Relative, Representation
from tests import factories
from tests.portal.citizen_helpers import citizen_client

pytestmark = pytest.mark.django_db
TODAY = local_today()


def _years_ago(years: int, days: int = 30) -> datetime.date:
    return TODAY.replace(year=TODAY.year - years) - datetime.timedelta(days=days)


@pytest.fixture
def astrid(municipality):
    return factories.person(municipality, first_name="Astrid", birth_date=datetime.date(1938, 5, 6))


@pytest.fixture
def per_id():
    return factories.synthetic_id(datetime.date(1965, 5, 6), sex="M")


def _add(case_worker, person, **fields):
    base = {"name": "Per Nordmann", "relation": "child"}
    return services.relative_add(acting_user=case_worker, person=person, **{**base, **fields})


def test_a_fullmakt_with_scope_period_and_number_is_registered_with_history(case_worker, astrid, per_id):
    relative = _add(
        case_worker,
        astrid,
        representation=Representation.POWER_OF_ATTORNEY,
        national_id=per_id,
        scope="saker",
        valid_from=TODAY,
        valid_to=TODAY + datetime.timedelta(days=365),
    )
    assert (relative.scope, relative.valid_from, relative.national_id) == ("saker", TODAY, per_id)
    rows = ChangeRecord.objects.filter(object_type="people.relative", object_id=relative.pk)
    fields = {row.field: row.new_value for row in rows}
    assert fields["scope"].startswith("Søke, følge søknader")
    assert fields["national_id"] == f"{per_id[:6]} *****"  # masked in the history
    assert AccessLog.objects.filter(person=astrid, user=case_worker, what="La til pårørende").exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"national_id": "12345678901"}, "national_id", ""),
        (
            {"valid_from": TODAY, "valid_to": TODAY - datetime.timedelta(days=1)},
            "valid_to",
            "før startdatoen",
        ),
        ({"valid_to": datetime.date(9999, 12, 31)}, "valid_to", "innen 30 år"),
        ({"valid_from": datetime.date(9999, 1, 1)}, "valid_from", "ett år fram"),
        ({"valid_from": datetime.date(1, 1, 1)}, "valid_from", "01.01.1900"),
    ],
)
def test_refusals_are_norwegian_on_the_field_and_change_nothing(case_worker, astrid, fields, field, message):
    before = AccessLog.objects.count()
    with pytest.raises(ValidationError) as refused:
        _add(case_worker, astrid, representation=Representation.POWER_OF_ATTORNEY, scope="alt", **fields)
    assert field in refused.value.message_dict
    assert message in " ".join(refused.value.message_dict[field])
    assert not Relative.objects.filter(person=astrid).exists()
    assert AccessLog.objects.count() == before


def test_the_representative_cannot_be_the_person(case_worker, astrid):
    with pytest.raises(ValidationError) as refused:
        _add(case_worker, astrid, representation="fullmakt", scope="alt", national_id=astrid.national_id)
    assert refused.value.message_dict["national_id"] == ["Representanten kan ikke være personen selv."]


def test_foreldreansvar_is_only_for_children(case_worker, astrid):
    with pytest.raises(ValidationError) as refused:
        _add(case_worker, astrid, representation=Representation.PARENTAL_RESPONSIBILITY)
    assert "under 18 år" in refused.value.message_dict["representation"][0]


def test_a_scope_or_mandate_that_does_not_fit_the_kind_is_dropped(case_worker, astrid):
    verge = _add(case_worker, astrid, representation="verge", mandate="okonomisk", scope="alt")
    assert (verge.scope, verge.mandate) == ("", "okonomisk")
    plain = _add(case_worker, astrid, name="Nabo", relation="other", mandate="personlig", valid_from=TODAY)
    assert (plain.mandate, plain.valid_from) == ("", None)
    # A fullmakt without a scope is the narrow one: apply and follow, not health documents.
    narrow = _add(case_worker, astrid, name="Kari", representation="fullmakt")
    assert narrow.scope == "saker"


def test_changing_the_scope_takes_effect_on_min_side_at_once(case_worker, astrid, per_id):
    relative = _add(case_worker, astrid, representation="fullmakt", scope="alt", national_id=per_id)
    client = citizen_client(per_id)
    consents = reverse("citizen:consents", args=[astrid.pk])
    assert client.get(consents).status_code == 200
    services.relative_update(
        acting_user=case_worker, relative=relative, expected_version=relative.version, scope="folge"
    )
    assert client.get(consents).status_code == 404
    assert client.get(reverse("citizen:person", args=[astrid.pk])).status_code == 200
    change = ChangeRecord.objects.filter(
        object_type="people.relative", object_id=relative.pk, field="scope"
    ).latest("pk")
    assert (change.old_value, change.new_value) == (
        "Alt på Min side, også helseopplysninger, plan og samtykker",
        "Bare følge søknader og lese vedtak",
    )


def test_a_stale_edit_is_refused(case_worker, astrid):
    from helhet.core.errors import ConflictError

    relative = _add(case_worker, astrid, representation="fullmakt", scope="alt")
    services.relative_update(acting_user=case_worker, relative=relative, expected_version=1, scope="saker")
    with pytest.raises(ConflictError):
        services.relative_update(
            acting_user=case_worker, relative=relative, expected_version=1, scope="folge"
        )


def test_ending_the_representation_shuts_the_representative_out_at_once(case_worker, astrid, per_id):
    relative = _add(case_worker, astrid, representation="fullmakt", scope="alt", national_id=per_id)
    client = citizen_client(per_id)
    page = reverse("citizen:person", args=[astrid.pk])
    assert client.get(page).status_code == 200
    services.relative_representation_end(acting_user=case_worker, relative=relative)
    assert client.get(page).status_code == 404
    assert "Astrid" not in client.get(reverse("citizen:home")).content.decode()
    # Ending twice is harmless.
    again = services.relative_representation_end(acting_user=case_worker, relative=relative)
    assert again.ended_on == TODAY
    assert ChangeRecord.objects.filter(object_id=relative.pk, field="ended_on").count() == 1


def test_an_expired_fullmakt_gives_nothing(case_worker, astrid, per_id):
    _add(
        case_worker,
        astrid,
        representation="fullmakt",
        scope="alt",
        national_id=per_id,
        valid_from=TODAY - datetime.timedelta(days=400),
        valid_to=TODAY - datetime.timedelta(days=1),
    )
    client = citizen_client(per_id)
    assert client.get(reverse("citizen:person", args=[astrid.pk])).status_code == 404


def test_a_provider_without_the_register_role_cannot_change_relatives(nurse, kari_in_home_care):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _add(nurse, kari_in_home_care, representation="fullmakt", scope="alt")


@pytest.fixture
def child(municipality):
    return factories.person(municipality, first_name="Emma", birth_date=_years_ago(13))


def test_the_limit_on_what_parents_see_is_recorded_with_who_when_why_and_respected_at_once(
    case_worker, child, municipality
):
    mother_id = factories.synthetic_id(datetime.date(1985, 2, 3))
    _add(case_worker, child, name="Mor", relation="parent", representation="foreldre", national_id=mother_id)
    client = citizen_client(mother_id)
    consents = reverse("citizen:consents", args=[child.pk])
    assert client.get(consents).status_code == 200
    limit = services.parent_information_limit_record(
        acting_user=case_worker,
        person=child,
        ground=ParentInformationGround.CHILD_WISH,
        about="Samtaler med helsesykepleier",
        reason="Emma vil snakke med helsesykepleier uten at foreldrene får vite det.",
    )
    assert (limit.recorded_by, limit.withdrawn_at) == (case_worker, None)
    assert client.get(consents).status_code == 404  # no longer everything
    assert client.get(reverse("citizen:person", args=[child.pk])).status_code == 200  # the case itself
    # A double submit records it once.
    services.parent_information_limit_record(
        acting_user=case_worker,
        person=child,
        ground=ParentInformationGround.CHILD_WISH,
        about="Samtaler med helsesykepleier",
        reason="Igjen",
    )
    assert ParentInformationLimit.objects.active().filter(person=child).count() == 1
    services.parent_information_limit_withdraw(acting_user=case_worker, limit=limit)
    assert client.get(consents).status_code == 200
    assert AccessLog.objects.filter(person=child, what="Opphevet begrenset foreldreinnsyn").exists()


def test_the_childs_own_wish_counts_from_12_weighty_reasons_at_any_age_under_16(case_worker, municipality):
    young = factories.person(municipality, first_name="Ola", birth_date=_years_ago(9))
    with pytest.raises(ValidationError) as refused:
        services.parent_information_limit_record(
            acting_user=case_worker, person=young, ground=ParentInformationGround.CHILD_WISH, reason="x"
        )
    assert "fra 12 år" in refused.value.message_dict["ground"][0]
    services.parent_information_limit_record(
        acting_user=case_worker,
        person=young,
        ground=ParentInformationGround.WEIGHTY_REASONS,
        reason="Vold i hjemmet",
    )
    older = factories.person(municipality, first_name="Nora", birth_date=_years_ago(16))
    with pytest.raises(ValidationError):
        services.parent_information_limit_record(
            acting_user=case_worker, person=older, ground=ParentInformationGround.CHILD_WISH, reason="x"
        )
    with pytest.raises(ValidationError) as empty:
        services.parent_information_limit_record(
            acting_user=case_worker, person=young, ground=ParentInformationGround.WEIGHTY_REASONS, reason="  "
        )
    assert "reason" in empty.value.message_dict


def test_a_parent_of_16_year_old_sees_nothing_of_her_on_min_side(case_worker, municipality):
    """From 16 what parental responsibility needs is given by staff (pbrl § 3-4 fourth ledd), never a view."""
    from helhet.access.models import CitizenAccount
    from helhet.portal.acting import actings_for

    nora = factories.person(municipality, first_name="Nora", birth_date=_years_ago(16))
    father_id = factories.synthetic_id(datetime.date(1980, 2, 3), sex="M")
    _add(case_worker, nora, name="Far", relation="parent", representation="foreldre", national_id=father_id)
    client = citizen_client(father_id)
    assert not any(a.person == nora for a in actings_for(CitizenAccount.objects.get(pid=father_id)))
    for name in ("person", "cases", "consents", "documents"):
        assert client.get(reverse(f"citizen:{name}", args=[nora.pk])).status_code == 404
    # Nora herself has her own Min side.
    assert (
        citizen_client(nora.national_id).get(reverse("citizen:consents", args=[nora.pk])).status_code == 200
    )
