"""The person page's relatives: staff register and change representation and the parents' limit through forms;
other persons' ids and roles without the register are 404; errors are Norwegian and change nothing."""

import datetime

import pytest
from django.urls import reverse

from helhet.core.calendar import local_today
from helhet.people.models import ParentInformationLimit, Relative
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = local_today()


@pytest.fixture
def astrid(municipality):
    return factories.person(municipality, first_name="Astrid", birth_date=datetime.date(1938, 5, 6))


def _form(**extra):
    return {"name": "Per Nordmann", "relation": "child", "representation": "", **extra}


def test_a_case_worker_registers_a_fullmakt_with_scope_number_and_period(client, case_worker, astrid):
    client.force_login(case_worker)
    son_id = factories.synthetic_id(datetime.date(1965, 5, 6), sex="M")
    response = client.post(
        reverse("people:relative_create", args=[astrid.pk]),
        _form(
            representation="fullmakt", scope="saker", national_id=son_id, valid_from="02.01.2026", valid_to=""
        ),
    )
    assert response.status_code == 302
    relative = Relative.objects.get(person=astrid)
    assert (relative.scope, relative.national_id, relative.valid_from) == (
        "saker",
        son_id,
        datetime.date(2026, 1, 2),
    )
    html = client.get(reverse("people:detail", args=[astrid.pk])).content.decode()
    assert "Fullmakt</strong>: søke, følge søknader" in html
    assert "Kan følge saken på Min side." in html


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"representation": "fullmakt"}, "Velg hva fullmakten gjelder."),
        ({"representation": "verge"}, "Velg vergens mandat"),
        ({"representation": "fullmakt", "scope": "alt", "valid_to": "31.12.9999"}, "innen 30 år"),
        (
            {
                "representation": "fullmakt",
                "scope": "alt",
                "valid_from": "02.01.2026",
                "valid_to": "01.01.2026",
            },
            "før startdatoen",
        ),
        ({"representation": "fullmakt", "scope": "alt", "national_id": "12345678901"}, "ødselsnummer"),
        ({"representation": "fullmakt", "scope": "alt", "valid_from": "32.13.2026"}, "dd.mm.åååå"),
        ({"name": "Per\x00"}, "Null"),
    ],
)
def test_form_refusals_are_norwegian_and_change_nothing(client, case_worker, astrid, extra, message):
    client.force_login(case_worker)
    response = client.post(reverse("people:relative_create", args=[astrid.pk]), _form(**extra))
    assert response.status_code in (200, 422)  # a NUL byte is refused before the form (422)
    assert message in response.content.decode() or message == "Null"
    assert not Relative.objects.filter(person=astrid).exists()


def test_editing_and_ending_a_representation(client, case_worker, astrid):
    relative = factories.relative(astrid, representation="fullmakt", scope="alt")
    client.force_login(case_worker)
    edit = reverse("people:relative_edit", args=[astrid.pk, relative.pk])
    page = client.get(edit)
    assert page.status_code == 200 and "Fullmakten gjelder" in page.content.decode()
    response = client.post(edit, _form(representation="verge", mandate="okonomisk", version=relative.version))
    assert response.status_code == 302
    relative.refresh_from_db()
    assert (relative.representation, relative.scope, relative.mandate) == ("verge", "", "okonomisk")
    end = reverse("people:relative_end", args=[astrid.pk, relative.pk])
    asked = client.post(end)
    assert asked.status_code == 200 and "Avslutte representasjonen?" in asked.content.decode()
    relative.refresh_from_db()
    assert relative.ended_on is None
    assert client.post(end, {"confirm": "1"}).status_code == 302
    relative.refresh_from_db()
    assert relative.ended_on == TODAY
    assert "avsluttet" in client.get(reverse("people:detail", args=[astrid.pk])).content.decode()


def test_another_persons_relative_and_roles_without_the_register_are_404(
    client, case_worker, nurse, astrid, municipality
):
    ola = factories.person(municipality, first_name="Ola")
    olas = factories.relative(ola, representation="fullmakt", scope="alt")
    client.force_login(case_worker)
    assert client.get(reverse("people:relative_edit", args=[astrid.pk, olas.pk])).status_code == 404
    assert (
        client.post(reverse("people:relative_end", args=[astrid.pk, olas.pk]), {"confirm": "1"}).status_code
        == 404
    )
    limit = ParentInformationLimit.objects.create(
        person=ola, ground="tungtveiende", reason="x", recorded_by=case_worker
    )
    assert client.post(reverse("people:parent_limit_withdraw", args=[astrid.pk, limit.pk])).status_code == 404
    client.force_login(nurse)
    assert client.get(reverse("people:relative_edit", args=[ola.pk, olas.pk])).status_code == 404
    assert client.get(reverse("people:parent_limit_create", args=[ola.pk])).status_code == 404


def test_the_limit_on_what_parents_see_is_recorded_on_the_page_with_the_table(
    client, case_worker, municipality
):
    emma = factories.person(
        municipality,
        first_name="Emma",
        birth_date=TODAY.replace(year=TODAY.year - 13) - datetime.timedelta(days=9),
    )
    client.force_login(case_worker)
    detail = client.get(reverse("people:detail", args=[emma.pk])).content.decode()
    assert "Hva foreldrene får vite" in detail and "stor vekt" in detail
    url = reverse("people:parent_limit_create", args=[emma.pk])
    page = client.get(url).content.decode()
    assert "12–15 år" in page and "16–17 år" in page
    assert client.post(url, {"ground": "barnets_onske", "reason": ""}).status_code == 200
    assert not ParentInformationLimit.objects.exists()
    response = client.post(url, {"ground": "barnets_onske", "about": "Helsesykepleier", "reason": "Vil ikke"})
    assert response.status_code == 302
    detail = client.get(reverse("people:detail", args=[emma.pk])).content.decode()
    assert "Helsesykepleier" in detail and "Registrert av" in detail
    limit = ParentInformationLimit.objects.get()
    assert client.post(reverse("people:parent_limit_withdraw", args=[emma.pk, limit.pk])).status_code == 302
    limit.refresh_from_db()
    assert limit.withdrawn_by == case_worker
