"""Small counts are never shown to analysts: 1–4 becomes «færre enn 5».

The rule (used wherever analysts see counts of persons, cases or events):

1. Primary suppression: a count from 1 to 4 is shown as «færre enn 5» (`Shown.text`); 0 and 5 or more are
   shown as they are.
2. Secondary suppression: in a table whose cells add up to a total that is shown elsewhere (persons by zone
   and by age group, which both add up to the number of persons), a single suppressed cell could be
   back-computed as total minus the others. So when exactly one cell of such a table is suppressed, the
   next-smallest non-zero cell is suppressed as well. A total under 5 is itself suppressed, and then every
   non-zero cell of its tables is too.

Counts are suppressed in the selectors' results, before templates or the API see them.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

THRESHOLD = 5


@dataclass(frozen=True)
class Shown:
    """A count as an analyst may see it: the number, or None when suppressed."""

    value: int | None

    @property
    def suppressed(self) -> bool:
        return self.value is None

    @property
    def text(self) -> str:
        return str(_("færre enn %(n)d") % {"n": THRESHOLD}) if self.value is None else str(self.value)

    def __str__(self) -> str:
        return self.text


def shown(count: int) -> Shown:
    return Shown(None if 0 < count < THRESHOLD else count)


def shown_table(counts: list[int], *, total_shown: bool = True) -> list[Shown]:
    """The cells of a table that adds up to a total; secondary suppression when the total is shown."""
    cells = [shown(count) for count in counts]
    if not total_shown:
        return [Shown(None) if count > 0 else Shown(0) for count in counts]
    if sum(cell.suppressed for cell in cells) == 1:
        candidates = [(count, i) for i, count in enumerate(counts) if count > 0 and not cells[i].suppressed]
        if candidates:
            _, i = min(candidates)
            cells[i] = Shown(None)
    return cells
