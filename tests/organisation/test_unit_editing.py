"""Units created, renamed, moved and ended on the page and through the API, and saved names changed and
deleted, all through the organisation services with history; refusals say why and change nothing."""

import pytest
from django.urls import reverse

from helhet.access import roles
from helhet.access.services import api_token_create
from helhet.core.calendar import local_today
from helhet.core.models import ChangeRecord
from helhet.organisation import services
from helhet.organisation.models import Unit, UnitAlias, UnitParent
from tests import factories

TODAY = local_today()
API = "/api/v1/organisation/units"


@pytest.fixture
def area(municipality):
    return factories.unit(municipality, "Helse og velferd", kind="area")


@pytest.fixture
def editor(client, municipality, home_care):
    user = factories.user(municipality, roles.LEADER, username="leder", unit=home_care, leads=True)
    client.force_login(user)
    return user


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user)}"}


def test_a_leader_creates_renames_moves_and_ends_a_unit_on_the_page(client, municipality, area, editor):
    response = client.post(
        reverse("insight:units"),
        {"name": "Frisklivssentralen", "kind": "team", "parent": area.pk, "valid_from": TODAY.isoformat()},
    )
    unit = Unit.objects.get(name="Frisklivssentralen")
    assert response["Location"] == reverse("insight:unit", args=[unit.pk])
    assert UnitParent.objects.get(unit=unit).parent == area
    url = reverse("insight:unit", args=[unit.pk])
    client.post(url, {"action": "rename", "rename-name": "Frisklivs- og mestringssenteret"})
    unit.refresh_from_db()
    assert unit.name == "Frisklivs- og mestringssenteret"
    assert UnitAlias.objects.get(alias="Frisklivssentralen").unit == unit  # old lists still match
    other = factories.unit(municipality, "Folkehelse")
    client.post(url, {"action": "move", "move-parent": other.pk, "move-on": TODAY.isoformat()})
    assert UnitParent.objects.valid_on(TODAY).get(unit=unit).parent == other
    client.post(url, {"action": "end", "end-valid_to": TODAY.isoformat()})
    unit.refresh_from_db()
    assert unit.valid_to == TODAY
    fields = set(
        ChangeRecord.objects.filter(object_type="organisation.unit", object_id=unit.pk).values_list(
            "field", flat=True
        )
    )
    assert {"name", "valid_to"} <= fields
    assert ChangeRecord.objects.filter(
        object_type="organisation.unit", object_id=unit.pk, actor=editor
    ).exists()
    page = client.get(url).content.decode()
    assert "Frisklivs- og mestringssenteret" in page and "Endringshistorikk" in page


def test_a_unit_with_staff_or_children_cannot_be_ended(client, municipality, home_care, area, editor):
    child = factories.unit(municipality, "Barn", parent=area)
    html = client.post(
        reverse("insight:unit", args=[area.pk]), {"action": "end", "end-valid_to": TODAY.isoformat()}
    ).content.decode()
    assert "har underenheter etter" in html and "Barn" in html
    html = client.post(
        reverse("insight:unit", args=[home_care.pk]), {"action": "end", "end-valid_to": TODAY.isoformat()}
    ).content.decode()
    assert "arbeidsforhold som løper etter" in html
    area.refresh_from_db()
    home_care.refresh_from_db()
    assert area.valid_to is None and home_care.valid_to is None and child.valid_to is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "end", "end-valid_to": "9999-12-31"}, "Datoen må være mellom"),
        ({"action": "end", "end-valid_to": "2019-01-01"}, "kan ikke avsluttes før"),
        ({"action": "rename", "rename-name": ""}, "ds-validation-message"),
        ({"action": "rename", "rename-name": "x" * 151}, "150"),
        ({"action": "rename", "rename-name": "Demo sykehjem"}, "En annen enhet heter allerede"),
    ],
)
def test_bad_input_on_the_unit_page_is_a_message(client, municipality, editor, nursing_home, data, message):
    unit = factories.unit(municipality, "Dagsenteret")
    response = client.post(reverse("insight:unit", args=[unit.pk]), data)
    assert response.status_code in (200, 422) and message in response.content.decode()
    unit.refresh_from_db()
    assert (unit.name, unit.valid_to) == ("Dagsenteret", None)


def test_refusals_on_the_pages(client, municipality, other_municipality, home_care, case_worker):
    foreign = factories.unit(other_municipality, "Naboenhet")
    client.force_login(case_worker)
    assert client.get(reverse("insight:units")).status_code == 200  # readers see the list
    assert "Ny enhet" not in client.get(reverse("insight:units")).content.decode()
    assert (
        client.post(reverse("insight:units"), {"name": "X", "kind": "team", "valid_from": TODAY}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("insight:unit", args=[home_care.pk]), {"action": "rename", "rename-name": "Y"}
        ).status_code
        == 403
    )
    assert client.get(reverse("insight:unit", args=[foreign.pk])).status_code == 404
    assert not Unit.objects.filter(name__in=["X", "Y"]).exists()


def test_the_api_creates_renames_moves_and_ends_with_the_same_rules(
    client, municipality, other_municipality, area, home_care
):
    admin = factories.user(municipality, roles.ADMIN, username="adm")
    headers = _bearer(admin)
    response = client.post(
        API,
        {"name": "Frisklivssentralen", "kind": "team", "parent_id": area.pk},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    unit_id = response.json()["id"]
    assert response.json()["parent_id"] == area.pk
    response = client.patch(
        f"{API}/{unit_id}", {"name": "Friskliv"}, content_type="application/json", **headers
    )
    assert response.status_code == 200 and response.json()["name"] == "Friskliv"
    other = factories.unit(municipality, "Folkehelse")
    response = client.patch(
        f"{API}/{unit_id}", {"parent_id": other.pk}, content_type="application/json", **headers
    )
    assert response.json()["parent_id"] == other.pk
    factories.user(municipality, roles.PROVIDER, username="pleier", unit=home_care)
    response = client.post(
        f"{API}/{home_care.pk}/end",
        {"valid_to": TODAY.isoformat()},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422 and "arbeidsforhold" in response.json()["message"]
    response = client.post(
        f"{API}/{unit_id}/end", {"valid_to": TODAY.isoformat()}, content_type="application/json", **headers
    )
    assert response.status_code == 200 and response.json()["valid_to"] == TODAY.isoformat()
    # Refusals.
    foreign = factories.unit(other_municipality, "Naboenhet")
    assert (
        client.patch(
            f"{API}/{foreign.pk}", {"name": "Z"}, content_type="application/json", **headers
        ).status_code
        == 404
    )
    assert (
        client.post(
            API,
            {"name": "Z", "kind": "team", "parent_id": foreign.pk},
            content_type="application/json",
            **headers,
        ).status_code
        == 404
    )
    for body in (
        {"name": "", "kind": "team"},
        {"name": "Z", "kind": "planet"},
        {"name": "Z", "kind": "team", "valid_from": "9999-12-31"},
    ):
        assert client.post(API, body, content_type="application/json", **headers).status_code == 422
    reader = factories.user(municipality, roles.CASE_WORKER, username="sb2")
    assert (
        client.post(
            API, {"name": "Z", "kind": "team"}, content_type="application/json", **_bearer(reader)
        ).status_code
        == 403
    )
    assert not Unit.objects.filter(name="Z").exists()


def test_the_openapi_document_lists_the_unit_routes_with_their_codes(client, admin_user):
    client.force_login(admin_user)
    schema = client.get("/api/v1/openapi.json").json()
    post = schema["paths"]["/api/v1/organisation/units"]["post"]
    assert {"201", "403", "404", "422"} <= set(post["responses"])
    assert {"200", "403", "404", "422"} <= set(
        schema["paths"]["/api/v1/organisation/units/{unit_id}/end"]["post"]["responses"]
    )


def test_saved_names_are_listed_changed_and_deleted(
    client, municipality, other_municipality, home_care, nursing_home, editor
):
    alias = services.unit_alias_save(municipality=municipality, alias="Hjsp", unit=nursing_home, actor=None)
    party = services.external_party_create(
        municipality=municipality, name="Fastlegene", kind="gp", valid_from=TODAY, actor=None
    )
    page = client.get(reverse("insight:aliases")).content.decode()
    assert "Hjsp" in page and "Demo sykehjem" in page
    client.post(reverse("insight:alias_change", args=[alias.pk]), {"target": f"unit:{home_care.pk}"})
    alias.refresh_from_db()
    assert alias.unit == home_care
    client.post(reverse("insight:alias_change", args=[alias.pk]), {"target": f"party:{party.pk}"})
    alias.refresh_from_db()
    assert (alias.unit, alias.external_party) == (None, party)
    client.post(reverse("insight:alias_change", args=[alias.pk]), {"target": "role", "role": "Koordinator"})
    alias.refresh_from_db()
    assert (alias.unit, alias.external_party, alias.role) == (None, None, "Koordinator")
    html = client.post(
        reverse("insight:alias_change", args=[alias.pk]), {"target": "role", "role": ""}, follow=True
    ).content.decode()
    assert "Velg hva navnet skal stå for" in html
    foreign = factories.unit(other_municipality, "Naboenhet")
    html = client.post(
        reverse("insight:alias_change", args=[alias.pk]), {"target": f"unit:{foreign.pk}"}, follow=True
    ).content.decode()
    assert "Fant ikke enheten" in html
    alias.refresh_from_db()
    assert alias.role == "Koordinator"
    history = ChangeRecord.objects.filter(object_type="organisation.unitalias", object_id=alias.pk)
    assert history.filter(operation="update").count() >= 3
    client.post(reverse("insight:alias_delete", args=[alias.pk]))
    assert not UnitAlias.objects.filter(pk=alias.pk).exists()
    assert history.filter(operation="delete").exists()
    # Another municipality's alias is not found; a reader may not change names.
    theirs = services.unit_alias_save(municipality=other_municipality, alias="X", unit=foreign, actor=None)
    assert client.post(reverse("insight:alias_delete", args=[theirs.pk])).status_code == 404
    client.force_login(factories.user(municipality, roles.CASE_WORKER, username="sb3"))
    assert client.get(reverse("insight:aliases")).status_code == 403
    assert client.post(reverse("insight:alias_delete", args=[theirs.pk])).status_code == 403
    assert UnitAlias.objects.filter(pk=theirs.pk).exists()


def test_the_units_page_has_a_bounded_number_of_queries(
    client, municipality, editor, django_assert_max_num_queries
):
    for i in range(30):
        factories.unit(municipality, f"Enhet {i}")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("insight:units")).status_code == 200
    unit = Unit.objects.get(name="Enhet 3")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("insight:unit", args=[unit.pk])).status_code == 200
