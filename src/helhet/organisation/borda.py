"""Borda count for the workshop's theme rankings, exact (fractions), ties kept as ties.

The rule, for a workshop with n themes and one group's ranking:
- the themes the group placed take positions 1, 2, … in the order of their places; a position p is worth
  n − p points (first place n − 1, last place 0);
- themes given the same place are tied: they occupy as many consecutive positions as there are of them,
  and each gets the average of those positions' points;
- themes the group did not place are tied below every placed theme: they share the remaining positions
  the same way. So a group that places only its favourite gives it n − 1 points and spreads the rest
  evenly, and a group that places nothing gives every theme the same points (it changes no order).
The total is the sum over groups. Ranks are "competition" ranks: equal points give the same rank, and
the next rank skips (1, 2, 2, 4).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any


def group_points(themes: Iterable[Any], places: Mapping[Any, int]) -> dict[Any, Fraction]:
    """Borda points of each theme from one group's places (1 = most important; missing = not placed)."""
    themes = list(themes)
    n = len(themes)
    placed = sorted({places[t] for t in themes if t in places})
    blocks = [[t for t in themes if places.get(t) == place] for place in placed]
    unplaced = [t for t in themes if t not in places]
    if unplaced:
        blocks.append(unplaced)
    points: dict[Any, Fraction] = {}
    position = 1
    for block in blocks:
        span = range(position, position + len(block))
        share = Fraction(sum(n - p for p in span), len(block))
        for theme in block:
            points[theme] = share
        position += len(block)
    return points


def competition_ranks(scores: Mapping[Any, Fraction]) -> dict[Any, int]:
    """1 + the number of items with strictly more points: ties share a rank."""
    values = list(scores.values())
    return {key: 1 + sum(1 for v in values if v > score) for key, score in scores.items()}


@dataclass(frozen=True)
class Standing:
    points: Fraction
    rank: int
    tied: bool


def standings(scores: Mapping[Any, Fraction]) -> dict[Any, Standing]:
    ranks = competition_ranks(scores)
    counts: dict[int, int] = {}
    for rank in ranks.values():
        counts[rank] = counts.get(rank, 0) + 1
    return {key: Standing(scores[key], ranks[key], counts[ranks[key]] > 1) for key in scores}


def borda(
    themes: Iterable[Any], rankings: Mapping[Any, Mapping[Any, int]]
) -> tuple[dict[Any, Standing], dict[Any, dict[Any, Standing]]]:
    """Total standings of the themes, and each group's own standings, from every group's places."""
    themes = list(themes)
    totals: dict[Any, Fraction] = {theme: Fraction(0) for theme in themes}
    per_group = {}
    for group, places in rankings.items():
        points = group_points(themes, places)
        per_group[group] = standings(points)
        for theme, value in points.items():
            totals[theme] += value
    return standings(totals), per_group


def points_text(value: Fraction) -> str:
    """Points as Norwegian text: whole numbers as they are, others with up to two decimals."""
    if value.denominator == 1:
        return str(value.numerator)
    return f"{float(value):.2f}".rstrip("0").replace(".", ",")
