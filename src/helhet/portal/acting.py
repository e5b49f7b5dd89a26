"""Whom a logged-in citizen may act for on Min side, and what they may do for each.

A citizen acts for themselves (every person record in the register with their fødselsnummer) and for
each person who has them registered as a representative (a `Relative` with their fødselsnummer and a
representation: fullmakt, verge or foreldreansvar). What each may do is a set of capabilities from
helhet.portal.representation, which holds the rules (the representation's scope, the child's age).

Every citizen view gets its person through `acting_for`: a person the citizen may not act for, or a
capability they lack for that person, is a 404, the same answer as for a person who does not exist.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404, HttpRequest

from helhet.access.citizen import citizen_account_of
from helhet.access.models import CitizenAccount
from helhet.core.calendar import local_today
from helhet.people.models import Person, Relative, Representation
from helhet.portal import representation
from helhet.portal.representation import Capability

SELF = "self"


@dataclass(frozen=True)
class Acting:
    """The citizen acting for `person`: themself (relation SELF) or as `relative` with a representation."""

    account: CitizenAccount
    person: Person
    relation: str  # SELF or a people.models.Representation value
    relative: Relative | None
    capabilities: frozenset[str]
    # A parent under a ParentInformationLimit: the service areas whose cases are kept from them
    # (representation.ALL_CASES for all); empty for everyone else.
    hidden_areas: frozenset[str] = frozenset()

    @property
    def holds_back(self) -> bool:
        return bool(self.hidden_areas)

    def visible_cases(self, prefix: str = "") -> Q:
        """A filter on cases (or, with `prefix` such as "case__", on what belongs to a case) to what this
        citizen may see of the person's cases."""
        if not self.hidden_areas:
            return Q()
        if representation.ALL_CASES in self.hidden_areas:
            return Q(pk__in=[])
        return ~Q(**{f"{prefix}service_area__in": sorted(self.hidden_areas)})

    @property
    def on_behalf(self) -> bool:
        return self.relation != SELF

    def may(self, capability: str) -> bool:
        return capability in self.capabilities

    @property
    def relation_label(self) -> str:
        return representation.relation_label(self.relation)


def actings_for(account: CitizenAccount, *, on: datetime.date | None = None) -> list[Acting]:
    """Everyone the citizen may act for today, themself first; persons with no capability left out."""
    on = on or local_today()
    found: list[Acting] = []
    for person in Person.objects.filter(national_id=account.pid).select_related("municipality"):
        capabilities = representation.capabilities_for_self(person, on=on)
        if capabilities:
            found.append(Acting(account, person, SELF, None, capabilities))
    relatives = (
        Relative.objects.filter(national_id=account.pid)
        .exclude(representation="")
        .select_related("person__municipality")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    for relative in relatives:
        if relative.person.national_id == account.pid:
            continue  # nobody represents themself
        hidden: frozenset[str] = frozenset()
        if relative.representation == Representation.PARENTAL_RESPONSIBILITY:
            hidden = representation.parent_hidden_areas(relative.person)
        # `limited` counts only for foreldreansvar; the limit's areas are read once for both.
        capabilities = representation.capabilities_for_representative(relative, on=on, limited=bool(hidden))
        if capabilities:
            found.append(
                Acting(account, relative.person, relative.representation, relative, capabilities, hidden)
            )
    return found


def acting_for(request: HttpRequest, person_id: int, capability: str | None = None) -> Acting:
    """The citizen acting for person `person_id`, or 404 (not logged in as a citizen, not theirs, or
    lacking `capability`). With several grounds (e.g. both verge and fullmakt) the widest wins."""
    account = citizen_account_of(request)
    if account is None:
        raise Http404
    candidates = [acting for acting in actings_for(account) if acting.person.pk == person_id]
    if capability is not None:
        candidates = [acting for acting in candidates if acting.may(capability)]
    if not candidates:
        raise Http404
    return max(candidates, key=lambda acting: (acting.relation == SELF, len(acting.capabilities)))


__all__ = ["SELF", "Acting", "Capability", "acting_for", "actings_for"]
