"""What parents with foreldreansvar see of a child's case on Min side, by age: pasient- og
brukerrettighetsloven (pbrl) ch. 3 and 4 written as data.

The rules (checked against Helsedirektoratet's commentary to the act and the provisions it cites):

- pbrl § 3-4 first ledd: both the child and the parents are informed when the child is under 16;
  § 5-1 second ledd applies the same to innsyn in the record.
- pbrl § 3-4 second ledd: for a child of 12–16, parents are not informed when the child, for reasons
  that should be respected, does not want it. Third ledd: for any child under 16, not when weighty
  considerations for the child speak against it. Staff record either as a ParentInformationLimit.
- pbrl § 3-4 fourth ledd: information necessary to fulfil parental responsibility is still given to
  the parents until 18. For a child under 16 that is the case, its status and the decisions: the parents
  consent to help on the child's behalf (pbrl § 4-4 first ledd) and are the child's representatives in
  the case (vergemålsloven § 16, forvaltningsloven § 2 first ledd e); they may apply and appeal.
  From 16 it is a judgement of what is necessary, made by staff: Min side shows the parents nothing.
- A limit names the cases it covers (a service area, or all the child's cases): those the parents do not
  see at all, since that a case exists is itself confidential (helsepersonelloven § 21, fvl § 13).
- pbrl § 4-3 first ledd b: from 16 the young person consents to health help alone (§ 4-5 gives the
  parents a say only where the young person lacks competence); § 5-1: own innsyn in the record. So from
  16 the young person has their own Min side, and the parents no longer see documents or decisions.
- pbrl § 4-4 fifth ledd and barneloven § 31: the child is heard from 7 (younger when able to form views),
  and from 12 the child's view is given great weight. For staff; not something Min side grants.

Capabilities are named by their values in helhet.portal.representation.Capability (people sits below
portal); tests check that every name here is one of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

ADULT_AGE = 18
OWN_PAGE_AGE = 16  # a young person's own Min side: pbrl § 4-3 first ledd b, § 5-1
HEARD_FROM_AGE = 7  # pbrl § 4-4 fifth ledd, barneloven § 31
GREAT_WEIGHT_FROM_AGE = 12  # pbrl § 4-4 fifth ledd
CHILD_WISH_FROM_AGE = 12  # pbrl § 3-4 second ledd

EVERYTHING = frozenset(
    {
        "follow",
        "apply",
        "letters",
        "appeal",
        "documents",
        "plan",
        "meetings",
        "messages",
        "consent",
        "access_log",
    }
)
# Only what parental responsibility needs (pbrl § 3-4 fourth ledd).
PARENTAL_DUTY_UNDER_16 = frozenset({"follow", "apply", "letters", "appeal"})
# From 16 the young person has their own Min side and confidentiality towards the parents: what parental
# responsibility needs (pbrl § 3-4 fourth ledd) is a judgement staff make and give themselves, not a view.
PARENTAL_DUTY_FROM_16: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ParentBand:
    """What parents see of a child's case while the child's age is in [from_age, to_age)."""

    from_age: int
    to_age: int
    sees: frozenset[str]  # without a recorded limit
    sees_when_limited: frozenset[str]  # with a ParentInformationLimit (the child's wish, weighty reasons)
    basis: str


PARENT_BANDS: tuple[ParentBand, ...] = (
    ParentBand(
        0,
        12,
        EVERYTHING,
        PARENTAL_DUTY_UNDER_16,
        "pbrl § 3-4 første, tredje og fjerde ledd, § 4-4 første ledd, § 5-1 andre ledd",
    ),
    ParentBand(
        12,
        16,
        EVERYTHING,
        PARENTAL_DUTY_UNDER_16,
        "pbrl § 3-4 første, andre, tredje og fjerde ledd, § 4-4, § 5-1 andre ledd",
    ),
    ParentBand(
        16,
        18,
        PARENTAL_DUTY_FROM_16,
        PARENTAL_DUTY_FROM_16,
        "pbrl § 3-4 første og fjerde ledd, § 4-3 første ledd b, § 4-5, § 5-1 andre ledd",
    ),
)

# The columns of the table as staff read it: what the parents see.
PARENT_VIEW_COLUMNS: tuple[tuple[str, object], ...] = (
    ("follow", _("Saksstatus")),
    ("letters", _("Vedtak og brev")),
    ("documents", _("Dokumenter")),
    ("plan", _("Individuell plan")),
    ("messages", _("Meldinger")),
    ("access_log", _("Tilgangslogg")),
)


def parent_band(age: int) -> ParentBand | None:
    for band in PARENT_BANDS:
        if band.from_age <= age < band.to_age:
            return band
    return None


def parent_sees(age: int, *, limited: bool) -> frozenset[str]:
    """What parents with foreldreansvar see of a child of `age`; `limited` when staff have recorded that the
    parents shall be told only what parental responsibility needs. Nothing from 18."""
    band = parent_band(age)
    if band is None:
        return frozenset()
    return band.sees_when_limited if limited else band.sees


def parent_view_table() -> list[dict]:
    """The table for the staff page: one row per age band and limit, a yes/no per column."""
    rows = []
    for band in PARENT_BANDS:
        label = _("%(from)d–%(to)d år") % {"from": band.from_age, "to": band.to_age - 1}
        variants = [(False, band.sees)]
        if band.sees_when_limited != band.sees:
            variants.append((True, band.sees_when_limited))
        for limited, sees in variants:
            rows.append(
                {
                    "label": label,
                    "limited": limited,
                    "cells": [name in sees for name, _label in PARENT_VIEW_COLUMNS],
                    "basis": band.basis,
                }
            )
    return rows
