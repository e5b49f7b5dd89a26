"""Counts shown where an exact number is not needed: counted up to a cap, never through every row.

A board that says how many cases wait needs the exact number while it is small and only "over 1 000" when
it is large; counting every matching row of a large history on each page view costs what the list itself
does not. `capped_count` asks the database for at most cap + 1 rows (a LIMIT inside a COUNT), so its cost
is bounded by the cap whatever the table holds; `count_label` shows the result.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

CAP = 1000


def capped_count(rows: QuerySet[Any], cap: int = CAP) -> int:
    """How many rows there are, exact up to `cap`; any number above it comes back as cap + 1."""
    return rows.order_by()[: cap + 1].count()  # no ORDER BY: the first cap + 1 found, in any order


def is_capped(count: int, cap: int = CAP) -> bool:
    return count > cap


def count_label(count: int, cap: int = CAP) -> str:
    """The count as shown: the number itself, or «over 1 000» once it passed the cap."""
    if is_capped(count, cap):
        return _("over %(number)s") % {"number": number_format(cap, force_grouping=True)}
    return number_format(count, force_grouping=True)
