"""Organisation pages and API: who may see them, what they show, and a bounded number of queries."""

import datetime
import json

import pytest
from django.urls import reverse

from helhet.access import roles
from helhet.access.services import api_token_create
from helhet.organisation.models import (
    CollaborationLink,
    Engagement,
    Leadership,
    Staff,
    Unit,
    UnitAlias,
    UnitParent,
)
from tests import factories

D = datetime.date
START = D(2020, 1, 1)


def build_organisation(municipality, *, units_per_level=(1, 20, 10, 3), staff=5000):
    """A large organisation in bulk: ~800 units in four levels, leaders on the top three, `staff` staff."""
    levels: list[list[Unit]] = []
    for depth, fan_out in enumerate(units_per_level):
        parents = levels[-1] if levels else [None]
        made = Unit.objects.bulk_create(
            Unit(
                municipality=municipality,
                name=f"Enhet {depth}-{p_i}-{i}",
                kind=("area", "unit", "department", "team")[depth],
                valid_from=START,
            )
            for p_i, _parent in enumerate(parents)
            for i in range(fan_out)
        )
        UnitParent.objects.bulk_create(
            UnitParent(unit=unit, parent=parents[index // fan_out], valid_from=START)
            for index, unit in enumerate(made)
            if parents[0] is not None
        )
        levels.append(made)
    all_units = [unit for level in levels for unit in level]
    people = Staff.objects.bulk_create(
        Staff(municipality=municipality, first_name=f"Ansatt{i}", last_name="Test") for i in range(staff)
    )
    Engagement.objects.bulk_create(
        Engagement(staff=person, unit=all_units[i % len(all_units)], fte=1, valid_from=START)
        for i, person in enumerate(people)
    )
    led = [unit for level in levels[:3] for unit in level]
    Leadership.objects.bulk_create(
        Leadership(unit=unit, staff=people[i], valid_from=START) for i, unit in enumerate(led)
    )
    return levels


@pytest.fixture
def leader_client(client, municipality, home_care):
    user = factories.user(municipality, roles.LEADER, unit=home_care, leads=True)
    client.force_login(user)
    return client


def test_provider_staff_and_reception_cannot_see_the_organisation_pages(client, nurse, reception):
    for user in (nurse, reception):
        client.force_login(user)
        assert client.get(reverse("insight:chart")).status_code == 403


def test_chart_page_shows_units_leaders_and_inherited_leaders(leader_client, municipality, home_care):
    team = factories.unit(municipality, "Nattpatruljen", kind="team")
    UnitParent.objects.create(unit=team, parent=home_care, valid_from=START)
    html = leader_client.get(reverse("insight:chart"), {"dato": "2024-01-01"}).content.decode()
    assert "Hjemmesykepleien sone Nord" in html
    assert "arvet fra Hjemmesykepleien sone Nord" in html
    assert "1. januar 2024" in html


def test_a_bad_date_is_explained_and_today_shown(leader_client):
    html = leader_client.get(reverse("insight:chart"), {"dato": "31.02.2024"}).content.decode()
    assert "kunne ikke leses" in html


def test_the_chart_prints_as_a_pdf(leader_client):
    response = leader_client.get(reverse("insight:chart_pdf"), {"dato": "2024-01-01"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_span_page_lists_leaders_over_the_limit(leader_client, municipality, home_care):
    for i in range(5):
        factories.user(municipality, roles.PROVIDER, username=f"pleier{i}", unit=home_care)
    html = leader_client.get(reverse("insight:span"), {"maks": "3"}).content.decode()
    assert "Ledere med mer enn 3 direkte underordnede" in html
    assert "over grensen" in html
    chart = html.split('id="span-chart-heading"')[1]
    assert 'role="img"' in chart and "hh-chart__bar--over" in chart and "hh-chart__limit" in chart
    assert "Tallene i figuren" in chart
    assert "Grensen må være" in leader_client.get(reverse("insight:span"), {"maks": "tusen"}).content.decode()


def test_import_page_reports_unmatched_names_and_saving_an_alias_lets_the_rerun_succeed(
    leader_client, municipality, home_care
):
    factories.unit(municipality, "Tjenestekontoret")
    csv_text = "unit;partner;frequency;purpose\nHjemmesykepleien;Tjenestekontoret;ukentlig;Evaluering\n"
    response = leader_client.post(
        reverse("insight:collaboration_import"), {"csv_text": csv_text, "source": "Workshop"}, follow=True
    )
    html = response.content.decode()
    assert "«Hjemmesykepleien»" in html
    assert not CollaborationLink.objects.exists()
    leader_client.post(reverse("insight:alias_save"), {"alias": "Hjemmesykepleien", "unit": home_care.pk})
    assert UnitAlias.objects.get(alias="Hjemmesykepleien").unit == home_care
    pending = response.redirect_chain[-1][0]
    leader_client.post(pending + "lagre/")
    link = CollaborationLink.objects.get()
    assert (link.unit, link.frequency) == (home_care, "weekly")
    assert (
        "Hjemmesykepleien sone Nord" in leader_client.get(reverse("insight:collaboration")).content.decode()
    )


def test_only_leaders_and_admins_may_import(client, case_worker):
    client.force_login(case_worker)
    assert client.get(reverse("insight:collaboration_import")).status_code == 403


def test_api_span_of_control_lists_leaders_above_max(client, municipality, home_care):
    leader = factories.user(municipality, roles.LEADER, unit=home_care, leads=True)
    for i in range(4):
        factories.user(municipality, roles.PROVIDER, username=f"pleier{i}", unit=home_care)
    token = api_token_create(user=leader)
    data = client.get(
        "/api/v1/organisation/span-of-control",
        {"date": "2024-01-01", "max": 3},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    ).json()
    assert data["max"] == 3
    assert [(s["unit"], s["direct_reports"]) for s in data["leaders_over_limit"]] == [
        ("Hjemmesykepleien sone Nord", 4)
    ]
    assert data["levels"][0] == {"level": 1, "units": ["Hjemmesykepleien sone Nord"]}


def test_api_import_answers_with_the_report(client, municipality, home_care, admin_user):
    token = api_token_create(user=admin_user)
    response = client.post(
        "/api/v1/organisation/collaboration/import?source=api&dry_run=false",
        "unit;partner;frequency;purpose\nHjemmesykepleien sone Nord;Ukjent team;av og til;x\n",
        content_type="text/csv",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    report = response.json()
    assert response.status_code == 200
    assert report["unmatched_names"][0]["name"] == "Ukjent team"
    assert report["unreadable_frequencies"] == [{"line": 2, "text": "av og til"}]
    assert report["skipped_lines"] == [2]


def test_api_import_refuses_provider_staff(client, nurse):
    token = api_token_create(user=nurse)
    response = client.post(
        "/api/v1/organisation/collaboration/import",
        json.dumps({}),
        content_type="text/csv",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 403


@pytest.mark.parametrize("size", ["small", "large"])
def test_organisation_pages_use_a_fixed_number_of_queries(
    size, leader_client, municipality, django_assert_max_num_queries
):
    if size == "large":
        levels = build_organisation(municipality)
        assert sum(len(level) for level in levels) >= 800
        assert Staff.objects.count() >= 5000
    else:
        build_organisation(municipality, units_per_level=(1, 2, 2, 1), staff=20)
    for name in ("insight:chart", "insight:span", "insight:collaboration"):
        with django_assert_max_num_queries(12):
            assert leader_client.get(reverse(name), {"dato": "2024-01-01"}).status_code == 200


def test_the_admin_sets_the_municipalitys_span_limit_and_the_pages_use_it(
    client, municipality, admin_user, leader_client
):
    client.force_login(admin_user)
    client.post(reverse("insight:span_limit"), {"maks": "25", "version": municipality.version})
    municipality.refresh_from_db()
    assert municipality.span_of_control_limit == 25
    assert (
        "Ledere med mer enn 25 direkte underordnede" in client.get(reverse("insight:span")).content.decode()
    )
    client.post(reverse("insight:span_limit"), {"maks": "0", "version": municipality.version})
    municipality.refresh_from_db()
    assert municipality.span_of_control_limit == 25


def test_leaders_cannot_change_the_municipalitys_limit(leader_client, municipality):
    assert leader_client.post(reverse("insight:span_limit"), {"maks": "10", "version": 1}).status_code == 403
