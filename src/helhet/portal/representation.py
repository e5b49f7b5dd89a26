"""What a citizen may do on Min side for themself or for someone they represent: the rules, as data.

Three kinds of representation are registered by staff on the person's relatives (people.Relative):

- **Fullmakt** (a power of attorney the person gave): its `scope` says how far it reaches. Applying for
  help and following it is what most fullmakter municipalities receive are for («fullmakt til å søke og
  følge opp søknad»); health documents, the individual plan, consents and the access log need the wider
  scope, because they are covered by confidentiality (helsepersonelloven § 21, forvaltningsloven § 13)
  that the person lifts only as far as they said, and a consent is personal: only a fullmakt that says
  so may change one. A fullmakt registered without a scope gets the narrow «søke og følge» set.
- **Verge** (appointed by Statsforvalteren, vergemålsloven §§ 20–21): the `mandate` on the vergeattest.
  Personal matters (personlige forhold) cover health and care; economic matters (økonomiske forhold)
  alone cover applying and following cases, decisions, appeals and messages (money: social assistance,
  egenandel), not health documents, the plan, meetings or consents.
- **Foreldreansvar** (barneloven § 30): what parents see follows the child's age, in
  helhet.people.parent_rules.PARENT_BANDS (pbrl ch. 3 and 4, with the paragraphs cited there).

Every representation holds only between its `valid_from` and `valid_to` and until it is ended: expired
or ended, it gives nothing from that day (checked on every request, so it takes effect at once).

A young person sees their own case on Min side from 16: then they consent alone to health help and
have their own innsyn (pbrl §§ 4-3, 5-1), and the parents see only what parental responsibility needs.
Under 16 the parents act for the child (pbrl § 4-4, barneloven § 30), and a child's own innsyn is judged
by staff case by case after age and maturity (pbrl § 5-1 with § 3-4), which a self-service page cannot do.
"""

from __future__ import annotations

import datetime
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from helhet.people import grounds, parent_rules
from helhet.people.models import (
    GuardianshipMandate,
    ParentInformationLimit,
    Person,
    PowerOfAttorneyScope,
    Relative,
    Representation,
)

ADULT_AGE = parent_rules.ADULT_AGE
OWN_PAGE_AGE = parent_rules.OWN_PAGE_AGE


class Capability(StrEnum):
    FOLLOW = "follow"  # see cases, their status and expected answer date, receipts
    APPLY = "apply"  # apply for help
    LETTERS = "letters"  # read decisions and other letters as sent
    APPEAL = "appeal"  # appeal a decision
    DOCUMENTS = "documents"  # see the documents of a case (innsyn, fvl § 18)
    PLAN = "plan"  # see the individual plan and the coordinator
    MEETINGS = "meetings"  # see upcoming meetings
    MESSAGES = "messages"  # read and write messages with the office
    CONSENT = "consent"  # see and change consents
    ACCESS_LOG = "access_log"  # see who has read the person's data


C = Capability
ALL = frozenset(Capability)
NOTHING: frozenset[str] = frozenset()

# What applying for and following a case takes, without the confidential content of health documents,
# the plan, consents or the access log.
CASE_WORK = frozenset({C.FOLLOW, C.APPLY, C.LETTERS, C.APPEAL, C.MEETINGS, C.MESSAGES})

POWER_OF_ATTORNEY_SCOPES: dict[str, frozenset[str]] = {
    PowerOfAttorneyScope.EVERYTHING: ALL,
    PowerOfAttorneyScope.CASES: CASE_WORK,
    PowerOfAttorneyScope.FOLLOW: frozenset({C.FOLLOW, C.LETTERS}),
}
# A fullmakt registered without a scope: the common «søke og følge opp» fullmakt, never health documents.
POWER_OF_ATTORNEY_DEFAULT = CASE_WORK

GUARDIANSHIP_MANDATES: dict[str, frozenset[str]] = {
    GuardianshipMandate.PERSONAL: ALL,
    GuardianshipMandate.BOTH: ALL,
    GuardianshipMandate.ECONOMIC: frozenset({C.FOLLOW, C.APPLY, C.LETTERS, C.APPEAL, C.MESSAGES}),
}
GUARDIANSHIP_DEFAULT = ALL  # a verge registered before mandates were recorded (kept as it was)


def parent_capabilities(age: int, *, limited: bool) -> frozenset[str]:
    """What a parent with foreldreansvar may do for a child of `age` (see people.parent_rules)."""
    return frozenset(Capability(name) for name in parent_rules.parent_sees(age, limited=limited))


_RELATION_LABELS = {
    "self": _("deg selv"),
    Representation.POWER_OF_ATTORNEY: _("fullmakt"),
    Representation.GUARDIANSHIP: _("verge"),
    Representation.PARENTAL_RESPONSIBILITY: _("foreldreansvar"),
}


def relation_label(relation: str) -> str:
    return str(_RELATION_LABELS.get(relation, relation))


def capabilities_for_self(person: Person, *, on: datetime.date) -> frozenset[str]:
    if person.age_on(on) >= OWN_PAGE_AGE:
        return ALL
    return NOTHING


ALL_CASES = ""  # a limit without a service area covers every case of the child


def parent_hidden_areas(person: Person) -> frozenset[str]:
    """The service areas whose cases the child's parents do not see (ALL_CASES among them: none of the
    cases); empty without an active limit."""
    return frozenset(
        ParentInformationLimit.objects.active().filter(person=person).values_list("service_area", flat=True)
    )


def parent_information_limited(person: Person) -> bool:
    """Whether staff have recorded that the child's parents shall be told only what parental responsibility
    needs (read on every request, so a new limit takes effect at once)."""
    return ParentInformationLimit.objects.active().filter(person=person).exists()


def capabilities_for_representative(
    relative: Relative, *, on: datetime.date, limited: bool | None = None
) -> frozenset[str]:
    """What `relative` may do for the person on `on`. `limited` (whether the person's parents are told only
    what parental responsibility needs) is looked up when not given."""
    person = relative.person
    if not relative.represents_on(on) or (
        relative.national_id and relative.national_id == person.national_id
    ):
        return NOTHING
    if relative.representation == Representation.POWER_OF_ATTORNEY:
        return POWER_OF_ATTORNEY_SCOPES.get(relative.scope, POWER_OF_ATTORNEY_DEFAULT)
    if relative.representation == Representation.GUARDIANSHIP:
        return GUARDIANSHIP_MANDATES.get(relative.mandate, GUARDIANSHIP_DEFAULT)
    if relative.representation == Representation.PARENTAL_RESPONSIBILITY:
        age = person.age_on(on)
        if age >= ADULT_AGE:
            return NOTHING
        if limited is None:
            limited = parent_information_limited(person)
        return parent_capabilities(age, limited=limited)
    return NOTHING


def access_reason(relation: str, person: Person) -> str:
    """The ground a citizen's read is logged with (people.grounds words it for every page)."""
    return grounds.citizen_ground(relation, person)
