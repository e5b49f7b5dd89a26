"""What every figure is: a title, a table of numbers (suppressed where small) and how to draw it.

A cell is a `Shown` count (suppressed when 1–4), a plain number (days, hours, a share in per cent) or text.
Shares and medians are shown only when the counts they come from are shown (see `share` and `enough`):
a share of a suppressed count could give the count back.
"""

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from helhet.core.disclosure import THRESHOLD, Shown, shown

Cell = Shown | int | float | Decimal | str | None


@dataclass
class Figure:
    key: str
    title: str
    description: str
    columns: list[str]  # the header of the table; the first names the rows
    rows: list[list[Any]]  # Cells; the first cell of each row is its header
    kind: str = "bar"  # bar | stacked | line | hbar
    plotted: Sequence[int] = (1,)  # the columns drawn
    unit_label: str = ""  # the y axis
    notes: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.rows


def cell_text(cell: Cell) -> str:
    if cell is None:
        return "–"
    if isinstance(cell, Shown):
        return cell.text
    if isinstance(cell, float):
        return f"{cell:.1f}".replace(".", ",")
    if isinstance(cell, Decimal):
        return f"{cell:.1f}".replace(".", ",")
    return str(cell)


def cell_number(cell: Cell) -> float | None:
    """The value to draw or to write as a number in Excel; None for suppressed, missing or text."""
    if isinstance(cell, Shown):
        return None if cell.value is None else float(cell.value)
    if isinstance(cell, bool) or cell is None or isinstance(cell, str):
        return None
    return float(cell)


def share(part: int, whole: int) -> float | None:
    """Per cent, or None when either count is suppressed or the whole is zero."""
    if whole == 0 or shown(part).suppressed or shown(whole).suppressed:
        return None
    return round(100.0 * part / whole, 1)


def enough(count: int) -> bool:
    """Enough cases to show a median or a percentile (the same threshold as for counts)."""
    return count >= THRESHOLD


def percentile(histogram: Iterable[tuple[int, int]], fraction: float) -> float | None:
    """The percentile (nearest-rank interpolated as PostgreSQL's percentile_cont) of values given as
    (value, count) pairs; None for no values."""
    pairs = sorted((value, count) for value, count in histogram if count > 0)
    total = sum(count for _value, count in pairs)
    if total == 0:
        return None
    position = fraction * (total - 1)
    low, high = math.floor(position), math.ceil(position)

    def at(index: int) -> int:
        seen = 0
        for value, count in pairs:
            seen += count
            if index < seen:
                return value
        return pairs[-1][0]

    low_value, high_value = at(low), at(high)
    return float(low_value + (high_value - low_value) * (position - low))


def months(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, datetime.date]]:
    """Each calendar month touching the period, as (first day, last day) clipped to the period."""
    found = []
    first = start.replace(day=1)
    while first <= end:
        following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        found.append((max(first, start), min(following - datetime.timedelta(days=1), end)))
        first = following
    return found


def month_label(day: datetime.date) -> str:
    return f"{day.month:02d}.{day.year}"


def suppression_note() -> str:
    return _("Tall fra 1 til 4 vises som «færre enn 5», og andeler av dem vises ikke.")


def suppress_column(counts: Sequence[int], *, also: Iterable[int] = ()) -> list[Shown]:
    """A column that adds up to a total shown beside it: counts 1–4 suppressed, the cells at indexes `also`
    too (their row is suppressed elsewhere), and when exactly one non-zero cell ends up hidden, the
    next-smallest non-zero cell as well, so the total cannot give it back (disclosure rule 2)."""
    hidden = {i for i, count in enumerate(counts) if 0 < count < THRESHOLD}
    hidden |= {i for i in also if counts[i] > 0}
    if len(hidden) == 1:
        candidates = [(count, i) for i, count in enumerate(counts) if count > 0 and i not in hidden]
        if candidates:
            hidden.add(min(candidates)[1])
    return [Shown(None) if i in hidden else Shown(count) for i, count in enumerate(counts)]
