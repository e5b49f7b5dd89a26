"""Workshop priorities through the pages: the facilitator's steps, results by Borda count, refusals."""

import datetime
import re

import pytest
from django.urls import reverse

from helhet.access import roles
from helhet.core.models import ChangeRecord
from helhet.organisation import services
from helhet.organisation.models import (
    Consideration,
    ThemeRanking,
    Workshop,
    WorkshopGroup,
    WorkshopPhase,
    WorkshopTheme,
)
from tests import factories


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client


@pytest.fixture
def workshop(municipality, leader):
    return services.workshop_create(
        municipality=municipality,
        title="Mestring og helse 2018",
        question="Hva er viktig for den nye organisasjonen?",
        held_on=datetime.date(2018, 3, 1),
        actor=leader,
    )


@pytest.fixture
def ranked(workshop, leader):
    """Three groups, four themes, rankings as in tests/organisation/test_borda.py (A and B tie)."""
    groups = [
        services.workshop_group_add(workshop=workshop, name=f"Gruppe {i}", actor=leader) for i in (1, 2, 3)
    ]
    names = ["Tydelige roller", "Lederspenn", "Én dør inn", "Tverrfaglig samarbeid"]
    themes = {n: services.workshop_theme_create(workshop=workshop, name=n, actor=leader) for n in names}
    services.consideration_add(
        group=groups[0], text="En tjenesteleder bør ikke ha mer enn 40 ansatte", actor=leader
    )
    services.workshop_phase_set(workshop=workshop, phase=WorkshopPhase.RANKING, actor=leader)
    a, b, c, d = (themes[n].pk for n in names)
    services.group_ranking_save(group=groups[0], places={a: 1, b: 2, c: 3, d: 4}, actor=leader)
    services.group_ranking_save(group=groups[1], places={b: 1, a: 2, d: 3, c: 4}, actor=leader)
    services.group_ranking_save(group=groups[2], places={c: 1, a: None}, actor=leader)
    return groups, themes


def url(name, workshop, **kwargs):
    return reverse(f"insight:{name}", kwargs={"workshop_id": workshop.pk, **kwargs})


def test_the_facilitator_runs_a_workshop_from_the_pages(leader_client, municipality):
    response = leader_client.post(
        reverse("insight:workshops"), {"title": "Verksted", "held_on": "2018-03-01", "question": ""}
    )
    workshop = Workshop.objects.get(municipality=municipality)
    assert response.status_code == 302 and response["Location"] == url("workshop", workshop)
    for name in ("Gruppe A", "Gruppe B"):
        leader_client.post(url("workshop_group_add", workshop), {"name": name})
    group_a, group_b = WorkshopGroup.objects.filter(workshop=workshop).order_by("name")
    leader_client.post(url("consideration_add", workshop), {"group": group_a.pk, "text": "Én dør inn"})
    leader_client.post(url("consideration_add", workshop), {"group": group_b.pk, "text": "Få ledernivåer"})
    for name in ("Tilgjengelighet", "Ledelse"):
        leader_client.post(url("workshop_theme_create", workshop), {"name": name})
    access, leading = WorkshopTheme.objects.filter(workshop=workshop).order_by("name")[::-1]
    first, second = Consideration.objects.filter(workshop=workshop).order_by("pk")
    leader_client.post(
        url("considerations_group", workshop),
        {f"theme_{first.pk}": access.pk, f"theme_{second.pk}": leading.pk},
    )
    assert Consideration.objects.get(pk=second.pk).theme == leading
    leader_client.post(url("workshop_phase", workshop), {"phase": "ranking"})
    leader_client.post(
        url("group_ranking", workshop, group_id=group_a.pk),
        {f"place_{access.pk}": "1", f"place_{leading.pk}": "2"},
    )
    leader_client.post(
        url("group_ranking", workshop, group_id=group_b.pk),
        {f"place_{access.pk}": "2", f"place_{leading.pk}": "1"},
    )
    page = leader_client.get(url("workshop_results", workshop)).content.decode()
    assert page.count("1 (delt)") == 2  # 1 + 0 each way: a tie
    assert 'role="img"' in page and "Temaene i prioritert rekkefølge" in page
    leader_client.post(url("workshop_phase", workshop), {"phase": "closed"})
    assert Workshop.objects.get(pk=workshop.pk).phase == "closed"
    assert ChangeRecord.objects.filter(scope_type="organisation.workshop", scope_id=workshop.pk).count() >= 9


def test_results_by_hand_ties_and_a_group_that_ranked_only_some(leader_client, workshop, ranked):
    html = leader_client.get(url("workshop_results", workshop)).content.decode()
    table = html.split('id="total-table"')[1].split("</table>")[0]
    rows = [re.sub(r"<[^>]+>", "|", row) for row in table.split("<tr>")[2:]]
    cells = [[c for c in row.split("|") if c.strip()] for row in rows]
    assert cells == [
        ["1 (delt)", "Lederspenn", "6", "2", "3", "1"],
        ["1 (delt)", "Tydelige roller", "6", "3", "2", "1"],
        ["3", "Én dør inn", "4", "1", "0", "3"],
        ["4", "Tverrfaglig samarbeid", "2", "0", "1", "1"],
    ]
    assert "Rangeringen til Gruppe 3" in html and "ikke rangert" in html
    assert "Temaer en gruppe ikke har rangert, regnes som delt sisteplass" in html
    report = leader_client.get(url("workshop_report", workshop)).content.decode()
    assert "Rapport: Mestring og helse 2018" in report and 'id="total-table"' in report
    assert "En tjenesteleder bør ikke ha mer enn 40 ansatte" in report


def test_bad_rankings_are_refused_and_change_nothing(leader_client, workshop, ranked):
    groups, themes = ranked
    theme = themes["Lederspenn"]
    before = sorted(ThemeRanking.objects.values_list("group_id", "theme_id", "place"))
    target = url("group_ranking", workshop, group_id=groups[0].pk)
    for value in ("0", "5", "tre", "-1", "9" * 40):
        response = leader_client.post(target, {f"place_{theme.pk}": value}, follow=True)
        assert "Plassen må være" in response.content.decode()
    other = factories.municipality("9997", "Tredje kommune")
    foreign = services.workshop_create(
        municipality=other, title="X", held_on=datetime.date(2018, 1, 1), actor=None
    )
    foreign_theme = services.workshop_theme_create(workshop=foreign, name="Fremmed", actor=None)
    response = leader_client.post(target, {f"place_{foreign_theme.pk}": "1"}, follow=True)
    assert "finnes ikke i dette verkstedet" in response.content.decode()
    assert sorted(ThemeRanking.objects.values_list("group_id", "theme_id", "place")) == before


def test_phases_guard_each_step(leader_client, workshop, ranked, leader):
    groups, _themes = ranked
    count = Consideration.objects.count()
    response = leader_client.post(
        url("consideration_add", workshop), {"group": groups[0].pk, "text": "Sent"}, follow=True
    )
    assert "kan ikke endres slik nå" in response.content.decode()
    assert Consideration.objects.count() == count
    response = leader_client.post(url("workshop_theme_create", workshop), {"name": "Sent tema"}, follow=True)
    assert "kan ikke endres slik nå" in response.content.decode()
    leader_client.post(url("workshop_phase", workshop), {"phase": "closed"})
    response = leader_client.post(url("workshop_phase", workshop), {"phase": "open"}, follow=True)
    assert "kan ikke gå fra «Avsluttet»" in response.content.decode()
    response = leader_client.post(url("workshop_phase", workshop), {"phase": "tull"}, follow=True)
    assert "Ukjent fase" in response.content.decode()


def test_ranking_needs_two_themes_and_a_group(leader_client, workshop, leader):
    services.workshop_theme_create(workshop=workshop, name="Eneste", actor=leader)
    response = leader_client.post(url("workshop_phase", workshop), {"phase": "ranking"}, follow=True)
    assert "minst to temaer" in response.content.decode()
    assert Workshop.objects.get(pk=workshop.pk).phase == "open"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "", "held_on": "2018-03-01"}, "Skriv en tittel"),
        ({"title": "x" * 201, "held_on": "2018-03-01"}, "Høyst 200 tegn"),
        ({"title": "Verksted", "held_on": "1066-10-14"}, None),  # the house's guard: a 422 page
        ({"title": "Verksted", "held_on": "i morgen"}, "ÅÅÅÅ-MM-DD"),
    ],
)
def test_bad_input_when_creating_is_explained_and_nothing_saved(leader_client, data, message):
    response = leader_client.post(reverse("insight:workshops"), data)
    if message is None:
        assert response.status_code == 422
    else:
        assert response.status_code == 400 and message in response.content.decode()
    assert not Workshop.objects.exists()


def test_bad_considerations_and_names_are_refused(leader_client, workshop, leader):
    group = services.workshop_group_add(workshop=workshop, name="Gruppe 1", actor=leader)
    for text, message in (("   ", "Skriv hensynet"), ("x" * 1001, "Høyst 1000 tegn")):
        response = leader_client.post(
            url("consideration_add", workshop), {"group": group.pk, "text": text}, follow=True
        )
        assert message in response.content.decode()
    response = leader_client.post(
        url("consideration_add", workshop), {"group": "999999", "text": "Hei"}, follow=True
    )
    assert "Velg gruppen" in response.content.decode()
    response = leader_client.post(url("workshop_group_add", workshop), {"name": "gruppe 1"}, follow=True)
    assert "finnes allerede en gruppe" in response.content.decode()
    response = leader_client.post(url("considerations_group", workshop), {"theme_999999": ""}, follow=True)
    assert "finnes ikke i dette verkstedet" in response.content.decode()
    assert not Consideration.objects.exists()


def test_readers_see_results_but_only_leaders_and_admins_facilitate(client, analyst, nurse, workshop, ranked):
    client.force_login(analyst)
    assert client.get(url("workshop_results", workshop)).status_code == 200
    page = client.get(url("workshop", workshop)).content.decode()
    assert "Start rangeringen" not in page and "Lagre rangeringen" not in page
    groups, themes = ranked
    assert client.post(url("workshop_group_add", workshop), {"name": "Ny"}).status_code == 403
    assert (
        client.post(reverse("insight:workshops"), {"title": "X", "held_on": "2018-01-01"}).status_code == 403
    )
    target = url("group_ranking", workshop, group_id=groups[0].pk)
    assert client.post(target, {f"place_{themes['Lederspenn'].pk}": "4"}).status_code == 403
    client.force_login(nurse)
    assert client.get(reverse("insight:workshops")).status_code == 403
    assert client.get(url("workshop_results", workshop)).status_code == 403


def test_another_municipalitys_workshop_is_not_found(client, other_municipality, workshop, ranked):
    client.force_login(
        factories.user(other_municipality, roles.LEADER, unit=factories.unit(other_municipality), leads=True)
    )
    groups, _themes = ranked
    for target in (
        url("workshop", workshop),
        url("workshop_results", workshop),
        url("workshop_report", workshop),
    ):
        assert client.get(target).status_code == 404
    assert client.post(url("workshop_phase", workshop), {"phase": "closed"}).status_code == 404
    assert client.post(url("group_ranking", workshop, group_id=groups[0].pk), {}).status_code == 404
    assert "Mestring og helse" not in client.get(reverse("insight:workshops")).content.decode()


def test_workshop_pages_use_a_fixed_number_of_queries(
    leader_client, workshop, leader, django_assert_max_num_queries
):
    groups = [
        services.workshop_group_add(workshop=workshop, name=f"Gruppe {i}", actor=leader) for i in range(8)
    ]
    themes = [
        services.workshop_theme_create(workshop=workshop, name=f"Tema {i}", actor=leader) for i in range(12)
    ]
    for i in range(60):
        services.consideration_add(group=groups[i % 8], text=f"Hensyn {i}", actor=leader)
    services.workshop_phase_set(workshop=workshop, phase="ranking", actor=leader)
    for g, group in enumerate(groups):
        services.group_ranking_save(
            group=group, places={t.pk: (i + g) % 12 + 1 for i, t in enumerate(themes)}, actor=leader
        )
    for name in ("workshop", "workshop_results", "workshop_report"):
        with django_assert_max_num_queries(12):
            assert leader_client.get(url(name, workshop)).status_code == 200
    with django_assert_max_num_queries(8):
        assert leader_client.get(reverse("insight:workshops")).status_code == 200


def test_closing_while_a_group_has_not_ranked_needs_a_tick(leader_client, workshop, ranked, leader):
    groups, themes = ranked
    services.group_ranking_save(group=groups[2], places={t.pk: None for t in themes.values()}, actor=leader)
    page = leader_client.post(url("workshop_phase", workshop), {"phase": "closed"}, follow=True)
    assert "Disse gruppene har ikke rangert ennå: Gruppe 3" in page.content.decode()
    workshop.refresh_from_db()
    assert workshop.phase == WorkshopPhase.RANKING
    leader_client.post(url("workshop_phase", workshop), {"phase": "closed", "close_anyway": "on"})
    workshop.refresh_from_db()
    assert workshop.phase == WorkshopPhase.CLOSED
