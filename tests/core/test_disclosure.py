"""Analysts never see a count from 1 to 4, and a suppressed cell cannot be back-computed from a total."""

from django.urls import reverse

from helhet.core.disclosure import shown, shown_table
from tests import factories


def test_counts_from_one_to_four_are_suppressed_and_zero_and_five_are_not():
    assert [shown(n).text for n in (0, 1, 4, 5, 12)] == ["0", "færre enn 5", "færre enn 5", "5", "12"]


def test_a_single_suppressed_cell_takes_the_next_smallest_with_it():
    cells = shown_table([20, 2, 7, 0, 9])
    assert [c.text for c in cells] == ["20", "færre enn 5", "færre enn 5", "0", "9"]
    # Two suppressed cells already hide each other; nothing more is needed.
    assert [c.text for c in shown_table([20, 2, 3, 9])] == ["20", "færre enn 5", "færre enn 5", "9"]


def test_a_total_under_five_hides_every_non_zero_cell():
    assert [c.text for c in shown_table([3, 0], total_shown=False)] == ["færre enn 5", "0"]


def test_the_analyst_dashboard_shows_færre_enn_5_not_the_small_counts(client, municipality, analyst):
    for i in range(2):
        factories.person(municipality, first_name=f"Liten{i}", last_name="Gruppe")
    client.force_login(analyst)
    html = client.get(reverse("home")).content.decode()
    assert "færre enn 5" in html
    assert '<p class="hh-stat">2</p>' not in html
    assert "<td>2</td>" not in html


def test_the_population_overview_is_one_query_with_the_same_counts(municipality, django_assert_num_queries):
    import datetime

    from helhet.home.selectors import population_for_analysts, population_overview

    on = datetime.date(2026, 6, 1)
    north, south = factories.zone(municipality, "Nord"), factories.zone(municipality, "Sør")
    for i, (zone, born) in enumerate(
        [(north, datetime.date(2020, 1, 1))] * 6
        + [(north, datetime.date(1950, 1, 1))] * 2
        + [(south, datetime.date(1990, 6, 2))] * 7
        + [(None, datetime.date(1930, 1, 1))]
    ):
        factories.person(municipality, first_name=f"P{i}", last_name="Telt", zone=zone, birth_date=born)
    with django_assert_num_queries(1):
        overview = population_overview(municipality, on)
    assert overview["total"] == 16
    assert {row["zone__name"]: row["count"] for row in overview["by_zone"]} == {"Nord": 8, "Sør": 7, None: 1}
    ages = {row["label"]: row["count"] for row in overview["by_age"]}
    assert ages == {"0–17": 6, "18–49": 7, "50–66": 0, "67–79": 2, "80–89": 0, "90+": 1}
    shown_overview = population_for_analysts(municipality, on)
    assert shown_overview["total"].text == "16"
    # The zone without a name has 1 (suppressed) and takes the next-smallest, Sør's 7, with it.
    zones = {row["zone__name"]: row["count"].text for row in shown_overview["by_zone"]}
    assert zones == {"Nord": "8", "Sør": "færre enn 5", None: "færre enn 5"}
    ages_shown = {row["label"]: row["count"].text for row in shown_overview["by_age"]}
    assert ages_shown["67–79"] == ages_shown["90+"] == "færre enn 5" and ages_shown["0–17"] == "6"


def test_the_analyst_start_page_keeps_its_figures_for_ten_minutes_and_says_from_when(
    client, municipality, analyst, django_assert_max_num_queries
):
    import datetime

    from django.utils import timezone

    for i in range(6):
        factories.person(municipality, first_name=f"Tidlig{i}", last_name="Telt")
    client.force_login(analyst)
    first = client.get(reverse("home"))
    assert '<p class="hh-stat">6</p>' in first.content.decode()
    assert "Tallene for registeret og sakene er fra kl." in first.content.decode()
    factories.person(municipality, first_name="Sen", last_name="Telt")
    with django_assert_max_num_queries(16) as captured:
        again = client.get(reverse("home")).content.decode()
    assert '<p class="hh-stat">6</p>' in again  # the summary, not a new count of the register
    assert not any('FROM "people_person"' in q["sql"] for q in captured.captured_queries)
    later = timezone.now() + datetime.timedelta(minutes=11)
    from unittest import mock

    with mock.patch("django.core.cache.backends.locmem.time.time", return_value=later.timestamp()):
        assert '<p class="hh-stat">7</p>' in client.get(reverse("home")).content.decode()
