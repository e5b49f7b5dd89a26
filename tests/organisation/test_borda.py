"""Borda count by hand: full rankings, ties within a group, a group that ranks only some themes."""

from fractions import Fraction as F

from helhet.organisation.borda import borda, competition_ranks, group_points, points_text

THEMES = ["A", "B", "C", "D"]  # n = 4: places are worth 3, 2, 1, 0


def test_a_full_ranking_gives_n_minus_position_points():
    assert group_points(THEMES, {"A": 2, "B": 1, "C": 4, "D": 3}) == {"B": 3, "A": 2, "D": 1, "C": 0}


def test_themes_given_the_same_place_share_the_points_of_the_positions_they_take():
    # B and C tied for 2nd take positions 2 and 3: (2 + 1) / 2 = 1.5 each; D is then 4th.
    assert group_points(THEMES, {"A": 1, "B": 2, "C": 2, "D": 4}) == {
        "A": 3,
        "B": F(3, 2),
        "C": F(3, 2),
        "D": 0,
    }
    # The numbers only give the order: places 1, 5, 5, 9 mean the same as 1, 2, 2, 4.
    assert group_points(THEMES, {"A": 1, "B": 3, "C": 3, "D": 4}) == group_points(
        THEMES, {"A": 1, "B": 2, "C": 2, "D": 4}
    )


def test_a_group_that_ranks_only_some_themes_puts_the_rest_tied_last():
    # A first (3), B second (2); C and D unranked share positions 3 and 4: (1 + 0) / 2.
    assert group_points(THEMES, {"A": 1, "B": 2}) == {"A": 3, "B": 2, "C": F(1, 2), "D": F(1, 2)}
    # Ranking nothing gives every theme the same: it changes no order.
    assert set(group_points(THEMES, {}).values()) == {F(3, 2)}


def test_totals_by_hand_with_a_tie_in_the_total():
    rankings = {
        "Gruppe 1": {"A": 1, "B": 2, "C": 3, "D": 4},  # A3 B2 C1 D0
        "Gruppe 2": {"B": 1, "A": 2, "D": 3, "C": 4},  # B3 A2 D1 C0
        "Gruppe 3": {"C": 1},  # C3, A B D share (2+1+0)/3 = 1
    }
    totals, per_group = borda(THEMES, rankings)
    assert {t: s.points for t, s in totals.items()} == {"A": 6, "B": 6, "C": 4, "D": 2}
    assert {t: (s.rank, s.tied) for t, s in totals.items()} == {
        "A": (1, True),
        "B": (1, True),
        "C": (3, False),
        "D": (4, False),
    }
    assert per_group["Gruppe 3"]["C"].rank == 1
    assert {t for t, s in per_group["Gruppe 3"].items() if s.rank == 2 and s.tied} == {"A", "B", "D"}


def test_competition_ranks_skip_after_a_tie():
    assert competition_ranks({"a": F(5), "b": F(3), "c": F(3), "d": F(1)}) == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_points_are_written_the_norwegian_way():
    assert [points_text(F(6)), points_text(F(3, 2)), points_text(F(1, 3))] == ["6", "1,5", "0,33"]
