"""Counts that need not be exact past a point: «over 1 000» instead of counting every row.

A page that shows how many persons or cases there are only needs the exact number while it is small. Counting
a table of 700 000 rows reads every row of it; counting at most `CAP + 1` rows (a LIMIT in a subquery) stops
early, and anything beyond the cap is shown as «over 1 000».
"""

from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _

CAP = 1000


@dataclass(frozen=True)
class Capped:
    """A count up to `cap`, or the knowledge that there are more."""

    value: int
    cap: int = CAP

    @property
    def over(self) -> bool:
        return self.value > self.cap

    @property
    def text(self) -> str:
        if self.over:
            return _("over %(count)s") % {"count": number_format(self.cap, force_grouping=True)}
        return number_format(self.value, force_grouping=True)

    def __str__(self) -> str:
        return self.text


def capped_count(queryset: "QuerySet[Model]", cap: int = CAP) -> Capped:
    """Count the rows of `queryset`, but no more than `cap + 1` of them: SELECT COUNT(*) FROM (… LIMIT cap+1)."""
    return Capped(queryset.order_by().values("pk")[: cap + 1].count(), cap)
