"""The collaboration analysis: weights, silo index and suggested groups on maps with a hand-computed answer,
the page's refusals, bad input and a bounded number of queries."""

import datetime

import pytest
from django.urls import reverse

from helhet.access import roles
from helhet.organisation.models import CollaborationLink, Engagement, Frequency, Staff, Unit, UnitParent
from helhet.organisation.network import CONTACTS_PER_YEAR, collaboration_analysis, pair_weights
from tests import factories

DAY = datetime.date(2024, 6, 1)
DAILY = CONTACTS_PER_YEAR[Frequency.DAILY]
MONTHLY = CONTACTS_PER_YEAR[Frequency.MONTHLY]
URL = reverse("insight:collaboration_analysis")


def staff(municipality, unit, count):
    people = Staff.objects.bulk_create(
        Staff(municipality=municipality, first_name="Ansatt", last_name=f"{unit.name} {i}")
        for i in range(count)
    )
    Engagement.objects.bulk_create(
        Engagement(staff=person, unit=unit, fte=1, valid_from=factories.LONG_AGO) for person in people
    )


def link(municipality, unit, partner, frequency=Frequency.DAILY, **extra):
    return CollaborationLink.objects.create(
        municipality=municipality, unit=unit, partner=partner, frequency=frequency, **extra
    )


@pytest.fixture
def two_cliques(municipality):
    """Two triangles of daily collaboration (A1–A3, B1–B3) joined by one monthly link A1–B1.

    Today A1, A2 and B1 sit under «Område P»; A3, B2 and B3 under «Område Q». Two staff in each unit.
    """
    p = factories.unit(municipality, "Område P", kind="area")
    q = factories.unit(municipality, "Område Q", kind="area")
    units = {}
    for name, parent in (("A1", p), ("A2", p), ("B1", p), ("A3", q), ("B2", q), ("B3", q)):
        units[name] = factories.unit(municipality, f"Enhet {name}", kind="department", parent=parent)
        staff(municipality, units[name], 2)
    for a, b in (("A1", "A2"), ("A1", "A3"), ("A2", "A3"), ("B1", "B2"), ("B1", "B3"), ("B2", "B3")):
        link(municipality, units[a], units[b])
    # B2 names B1 too, with the same (blank) roles: the same collaboration seen from the other side.
    link(municipality, units["B2"], units["B1"])
    link(municipality, units["A1"], units["B1"], Frequency.MONTHLY)
    return units


def names(group):
    return sorted(unit.name for unit in group.units)


def test_two_cliques_joined_by_a_weak_link_become_two_groups_and_the_silo_index_is_as_by_hand(
    municipality, two_cliques
):
    analysis = collaboration_analysis(municipality, DAY, limit=10)
    total = 6 * DAILY + MONTHLY
    # Crossing P|Q today: A1–A3, A2–A3, B1–B2, B1–B3; A1–B1 stays inside P.
    assert analysis.silo_today == pytest.approx(4 * DAILY / total)
    assert analysis.silo_suggested == pytest.approx(MONTHLY / total)
    assert [names(g) for g in analysis.groups] == [
        ["Enhet A1", "Enhet A2", "Enhet A3"],
        ["Enhet B1", "Enhet B2", "Enhet B3"],
    ]
    assert [(g.heads, g.within_span) for g in analysis.groups] == [(6, True), (6, True)]
    assert analysis.splits == []
    weights = {(p.unit.name, p.partner.name): p.weight for p in analysis.pairs}
    assert weights[("Enhet B1", "Enhet B2")] == DAILY  # reported from both sides, counted once
    assert weights[("Enhet A1", "Enhet B1")] == MONTHLY
    assert len(analysis.pairs) == 7
    assert len(analysis.daily_pairs) == 6
    a1 = next(row for row in analysis.units if row.unit.name == "Enhet A1")
    assert sorted((u.name, w) for u, w in a1.partners) == [
        ("Enhet A2", DAILY),
        ("Enhet A3", DAILY),
        ("Enhet B1", MONTHLY),
    ]
    assert a1.group_today.name == "Område P"
    assert a1.weight == 2 * DAILY + MONTHLY


def test_a_community_over_the_span_limit_is_split_until_each_part_fits(municipality, two_cliques):
    analysis = collaboration_analysis(municipality, DAY, limit=4)
    assert len(analysis.splits) == 2
    assert [sorted(u.name for u in s.units) for s in analysis.splits] == [
        ["Enhet A1", "Enhet A2", "Enhet A3"],
        ["Enhet B1", "Enhet B2", "Enhet B3"],
    ]
    assert all(g.heads <= 4 and g.within_span for g in analysis.groups)
    assert sorted(len(g.units) for g in analysis.groups) == [1, 1, 2, 2]
    # No group mixes the two cliques, and every split note names the groups it became.
    for group in analysis.groups:
        assert len({unit.name[6] for unit in group.units}) == 1
        assert group.split_from is not None
    assert sorted(n for s in analysis.splits for n in s.into) == [1, 2, 3, 4]
    assert MONTHLY / (6 * DAILY + MONTHLY) < analysis.silo_suggested < 1


def test_a_unit_over_the_limit_by_itself_stays_alone_and_is_marked(municipality, two_cliques):
    analysis = collaboration_analysis(municipality, DAY, limit=1)
    assert len(analysis.groups) == 6
    assert not any(group.within_span for group in analysis.groups)
    assert analysis.silo_suggested == pytest.approx(1.0)


def test_the_same_data_gives_the_same_suggestion(municipality, two_cliques):
    first = collaboration_analysis(municipality, DAY, limit=4)
    second = collaboration_analysis(municipality, DAY, limit=4)
    assert [names(g) for g in first.groups] == [names(g) for g in second.groups]
    assert first.positions == second.positions


def test_links_between_different_roles_add_up_and_links_within_a_unit_are_left_out():
    weights, frequencies = pair_weights(
        [
            (1, "", 2, "", Frequency.WEEKLY),
            (2, "", 1, "", Frequency.DAILY),  # the same roles from the other side: the higher counts
            (1, "lege", 2, "sykepleier", Frequency.MONTHLY),
            (1, "lege", 1, "sykepleier", Frequency.DAILY),
        ]
    )
    assert weights == {(1, 2): DAILY + MONTHLY}
    assert frequencies[(1, 2)] == {Frequency.WEEKLY, Frequency.DAILY, Frequency.MONTHLY}


def test_a_unit_not_in_effect_on_the_date_is_left_out_and_counted(municipality, two_cliques):
    closed = factories.unit(municipality, "Nedlagt enhet")
    Unit.objects.filter(pk=closed.pk).update(valid_to=datetime.date(2023, 12, 31))
    link(municipality, two_cliques["A1"], closed)
    analysis = collaboration_analysis(municipality, DAY, limit=10)
    assert analysis.left_out_links == 1
    assert "Nedlagt enhet" not in {row.unit.name for row in analysis.units}
    earlier = collaboration_analysis(municipality, datetime.date(2023, 6, 1), limit=10)
    assert "Nedlagt enhet" in {row.unit.name for row in earlier.units}


@pytest.fixture
def leader_client(client, municipality, two_cliques):
    client.force_login(factories.user(municipality, roles.LEADER, unit=two_cliques["A1"], leads=True))
    return client


def test_page_shows_the_picture_the_tables_the_weights_and_the_silo_index(leader_client):
    html = leader_client.get(URL, {"dato": "2024-06-01", "maks": "4"}).content.decode()
    assert "Samarbeidsanalyse per 1. juni 2024" in html
    assert 'role="img"' in html and "Samarbeidsnettverk med foreslåtte grupper" in html
    assert "<desc" in html
    assert "Kontakter per år" in html and "<td>230</td>" in html  # the weight table
    assert "overordnede enhet" in html  # how today's groups are defined
    assert 'data-silo="today">' in html and "66 %" in html
    assert "ble delt" in html and "data-split" in html
    assert "Par av enheter som samarbeider daglig" in html
    assert "Hver enhets samarbeidspartnere" in html


def test_page_shows_the_silo_index_by_hand(leader_client, municipality, two_cliques):
    html = leader_client.get(URL, {"dato": "2024-06-01", "maks": "50"}).content.decode()
    total = 6 * DAILY + MONTHLY
    assert f'data-silo="today">{4 * DAILY / total * 100:.0f} %' in html
    assert f'data-silo="suggested">{MONTHLY / total * 100:.0f} %' in html


def test_csv_download_has_the_pairs_with_their_groups(leader_client):
    response = leader_client.get(reverse("insight:collaboration_analysis_csv"), {"dato": "2024-06-01"})
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Enhet;Samarbeidspartner;Vekt (kontakter per år)")
    assert len(lines) == 1 + 7
    assert "Enhet A1;Enhet B1;12;Månedlig;nei;ja" in text


def test_a_unit_name_that_looks_like_a_formula_is_made_harmless_in_the_csv(
    leader_client, municipality, two_cliques
):
    odd = factories.unit(municipality, "=HYPERLINK(1)")
    link(municipality, odd, two_cliques["A1"])
    text = leader_client.get(reverse("insight:collaboration_analysis_csv")).content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"dato": "9999-12-31"}, "Datoen må være mellom"),
        ({"dato": "31.02.2024"}, "kunne ikke leses"),
        ({"maks": "tusen"}, "Grensen må være et helt tall"),
        ({"maks": "0"}, "Grensen må være mellom 1 og 1000"),
    ],
)
def test_bad_input_is_explained_and_the_page_still_shows(leader_client, params, message):
    response = leader_client.get(URL, params)
    assert response.status_code == 200
    assert message in response.content.decode()
    csv_response = leader_client.get(reverse("insight:collaboration_analysis_csv"), params)
    assert csv_response.status_code == 200


def test_a_nul_byte_in_the_date_is_refused_without_a_server_error(leader_client):
    assert leader_client.get(URL, {"dato": "2024\x00-01-01"}).status_code == 422


def test_roles_without_organisation_access_are_refused(client, nurse, reception):
    for user in (nurse, reception):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.get(reverse("insight:collaboration_analysis_csv")).status_code == 403


def test_anonymous_users_are_sent_to_log_in(client):
    assert client.get(URL).status_code == 302


def test_another_municipality_sees_none_of_our_units(client, outsider, two_cliques):
    client.force_login(outsider)
    html = client.get(URL).content.decode()
    assert "Enhet A1" not in html
    assert "Ingen samarbeidsrelasjoner" in html
    text = client.get(reverse("insight:collaboration_analysis_csv")).content.decode("utf-8-sig")
    assert "Enhet A1" not in text


def test_the_menu_has_the_analysis(leader_client):
    html = leader_client.get(reverse("insight:collaboration")).content.decode()
    assert URL in html


def build_map(municipality, size):
    parent = Unit.objects.create(
        municipality=municipality, name=f"Område {size}", kind="area", valid_from=DAY
    )
    units = Unit.objects.bulk_create(
        Unit(municipality=municipality, name=f"Tjeneste {size}-{i}", kind="department", valid_from=DAY)
        for i in range(size)
    )
    UnitParent.objects.bulk_create(UnitParent(unit=u, parent=parent, valid_from=DAY) for u in units[::2])
    people = Staff.objects.bulk_create(
        Staff(municipality=municipality, first_name="A", last_name=str(i)) for i in range(size * 3)
    )
    Engagement.objects.bulk_create(
        Engagement(staff=person, unit=units[i % size], fte=1, valid_from=DAY)
        for i, person in enumerate(people)
    )
    frequencies = list(Frequency)
    CollaborationLink.objects.bulk_create(
        CollaborationLink(
            municipality=municipality,
            unit=units[i],
            partner=units[(i * 7 + j) % size],
            frequency=frequencies[(i + j) % len(frequencies)],
            role=f"r{j}",
        )
        for i in range(size)
        for j in (1, 2, 3)
        if units[i] != units[(i * 7 + j) % size]
    )


@pytest.mark.parametrize("size", [10, 40])
def test_the_page_needs_a_bounded_number_of_queries(
    leader_client, municipality, size, django_assert_max_num_queries
):
    build_map(municipality, size)
    with django_assert_max_num_queries(14):
        response = leader_client.get(URL, {"dato": "2024-06-01", "maks": "8"})
    assert response.status_code == 200
    assert f"Tjeneste {size}-{size - 1}" in response.content.decode()
    with django_assert_max_num_queries(12):
        leader_client.get(reverse("insight:collaboration_analysis_csv"), {"dato": "2024-06-01"})
