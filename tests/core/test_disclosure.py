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
