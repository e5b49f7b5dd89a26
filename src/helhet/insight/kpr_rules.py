"""KPR export (Kommunalt pasient- og brukerregister): the record of one recipient and the validity rules.

Pure: nothing here queries the database. `helhet.insight.kpr` builds `Recipient`s from the database in
batches and streams them; this module says what is wrong with a recipient (every reason in Norwegian) and
what their line in the file is: every recipient with a usable fødselsnummer or D-nummer is sent, the fields
that fail a rule left out (null) and the errors carried on the line (FHI: data is sent even when incomplete). The structure is written down in docs/kpr_export.md.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhet.people import national_id
from helhet.people.national_id import NationalId

SPEC_VERSION = "helhet-kpr/2"
# KPR codes of domain.md §3.2 (12 and 13 were replaced by 29 from 2019).
KNOWN_CODES = frozenset(
    {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 14, 15, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29}
)
# Home-based services measured in hours per week (domain.md §3: hours per week for hour-based services).
HOUR_CODES = frozenset({1, 2, 3, 7, 9, 11, 15})
# Institution services measured in days (døgn), counted from the period inside the year.
DAY_CODES = frozenset({8, 17, 18, 19, 20, 21, 22, 25})
MAX_HOURS_PER_WEEK = Decimal(168)
VALID_SCORES = frozenset({1, 2, 3, 4, 5, 9})
# The latest functional assessment may be at most this old at the end of the last service period reported
# (IPLOS practice: assess at each new decision and at least once a year; the limit is the municipality's).
ASSESSMENT_MAX_AGE_DAYS = 366
EARLIEST_DATE = datetime.date(1900, 1, 1)

# Rule codes, in the order the page lists them, with what the page calls them.
RULES = {
    "national_id": gettext_lazy("Fødselsnummer eller D-nummer mangler eller er ugyldig"),
    "service_code": gettext_lazy("Tjeneste uten gyldig tjenestekode i KPR"),
    "scope": gettext_lazy("Timer per uke mangler for en timebasert tjeneste"),
    "dates": gettext_lazy("Datoene i vedtaket henger ikke sammen"),
    "overlap": gettext_lazy("Overlappende perioder for samme tjenestekode"),
    "score": gettext_lazy("Funksjonsskår utenfor 1–5 (eller 9)"),
    "assessment": gettext_lazy("Funksjonsvurdering mangler eller er for gammel"),
}

# Errors that make a record unusable: the recipient is held back (every other error travels on the line).
BLOCKING = frozenset({"national_id"})

# Where a problem is fixed: the person page, the case page or the service catalogue.
FIX_PERSON = "person"
FIX_CASE = "case"
FIX_CATALOGUE = "catalogue"


@dataclass(frozen=True)
class Problem:
    rule: str
    message: str
    fix: str
    case_id: int | None = None
    # What the problem leaves out of the line: the decision's fields, or one functional variable's score.
    decision_id: int | None = None
    variable: str | None = None
    unknown_variable: bool = False


@dataclass(frozen=True)
class ServiceIn:
    """One granted, sent decision as reported (the end already cut where a later decision took over)."""

    decision_id: int
    case_id: int
    name: str
    code: int | None
    start: datetime.date | None
    end: datetime.date | None
    scope_amount: Decimal | None
    scope_unit: str


@dataclass(frozen=True)
class AssessmentIn:
    case_id: int
    held_on: datetime.date
    scores: dict[str, Any]


@dataclass
class Recipient:
    person_id: int
    national_id: str
    name: str
    services: list[ServiceIn] = field(default_factory=list)
    assessment: AssessmentIn | None = None
    individual_plan: bool = False
    coordinator: bool = False
    # Set by `check` when the number is valid, so it is parsed once.
    parsed: NationalId | None = None


def _d(day: datetime.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else "–"


def _period(service: ServiceIn) -> str:
    return f"{_d(service.start)}–{_d(service.end) if service.end else ''}"


def _check_national_id(recipient: Recipient) -> list[Problem]:
    recipient.parsed = None
    if not recipient.national_id:
        return [Problem("national_id", _("Fødselsnummer eller D-nummer mangler."), FIX_PERSON)]
    try:
        recipient.parsed = national_id.parse(recipient.national_id)
    except ValidationError as error:
        return [
            Problem(
                "national_id",
                _("Ugyldig fødselsnummer eller D-nummer: %(why)s") % {"why": " ".join(error.messages)},
                FIX_PERSON,
            )
        ]
    return []


def _check_service(service: ServiceIn, birth: datetime.date | None) -> list[Problem]:
    found = []
    name = {"service": service.name}
    if service.code is None:
        found.append(
            Problem(
                "service_code",
                _("Tjenesten «%(service)s» har ingen tjenestekode i KPR.") % name,
                FIX_CATALOGUE,
                decision_id=service.decision_id,
            )
        )
    elif service.code not in KNOWN_CODES:
        found.append(
            Problem(
                "service_code",
                _("Tjenesten «%(service)s» har tjenestekode %(code)s, som KPR ikke kjenner.")
                % {**name, "code": service.code},
                FIX_CATALOGUE,
                decision_id=service.decision_id,
            )
        )
    elif service.code in HOUR_CODES:
        if service.scope_amount is None or service.scope_unit != "hours_week":
            found.append(
                Problem(
                    "scope",
                    _("Vedtaket om «%(service)s» (%(period)s) mangler omfang i timer per uke.")
                    % {**name, "period": _period(service)},
                    FIX_CASE,
                    service.case_id,
                    service.decision_id,
                )
            )
        elif not (0 < service.scope_amount <= MAX_HOURS_PER_WEEK):
            found.append(
                Problem(
                    "scope",
                    _(
                        "Vedtaket om «%(service)s» har %(hours)s timer per uke; det må være over 0 og høyst 168."
                    )
                    % {**name, "hours": service.scope_amount},
                    FIX_CASE,
                    service.case_id,
                    service.decision_id,
                )
            )
    if service.start is None:
        found.append(
            Problem(
                "dates",
                _("Vedtaket om «%(service)s» mangler fra-dato.") % name,
                FIX_CASE,
                service.case_id,
                service.decision_id,
            )
        )
        return found
    if service.start < EARLIEST_DATE or (service.end is not None and service.end.year > 2100):
        found.append(
            Problem(
                "dates",
                _("Vedtaket om «%(service)s» har en urimelig dato (%(period)s).")
                % {**name, "period": _period(service)},
                FIX_CASE,
                service.case_id,
                service.decision_id,
            )
        )
    elif service.end is not None and service.end < service.start:
        found.append(
            Problem(
                "dates",
                _("Vedtaket om «%(service)s» slutter før det begynner (%(period)s).")
                % {**name, "period": _period(service)},
                FIX_CASE,
                service.case_id,
                service.decision_id,
            )
        )
    elif birth is not None and service.start < birth:
        found.append(
            Problem(
                "dates",
                _("Vedtaket om «%(service)s» begynner %(start)s, før personen ble født (%(birth)s).")
                % {**name, "start": _d(service.start), "birth": _d(birth)},
                FIX_CASE,
                service.case_id,
                service.decision_id,
            )
        )
    return found


def _check_overlaps(services: list[ServiceIn]) -> list[Problem]:
    found = []
    by_code: dict[int, list[ServiceIn]] = {}
    for service in services:
        if service.code is not None and service.start is not None:
            by_code.setdefault(service.code, []).append(service)
    for code, periods in sorted(by_code.items()):
        periods.sort(key=lambda s: (s.start, s.decision_id))
        for before, after in zip(periods, periods[1:], strict=False):
            assert before.start is not None and after.start is not None
            if before.end is None or after.start <= before.end:
                found.append(
                    Problem(
                        "overlap",
                        _("Tjenestekode %(code)s har overlappende perioder: %(first)s og %(second)s.")
                        % {"code": code, "first": _period(before), "second": _period(after)},
                        FIX_CASE,
                        after.case_id,
                        after.decision_id,
                    )
                )
    return found


def _reference_day(recipient: Recipient, year: int) -> datetime.date:
    """The end of the last service period reported in the year (31 December if any is still running)."""
    year_end = datetime.date(year, 12, 31)
    ends = [s.end for s in recipient.services if s.start is not None]
    if not ends or any(end is None or end >= year_end for end in ends):
        return year_end
    return max(end for end in ends if end is not None)


def _check_assessment(
    recipient: Recipient, year: int, variables: frozenset[str], fallback_case: int | None
) -> list[Problem]:
    assessment = recipient.assessment
    if assessment is None:
        return [
            Problem(
                "assessment",
                _("Mangler funksjonsvurdering (IPLOS) fra før utgangen av %(year)s.") % {"year": year},
                FIX_CASE,
                fallback_case,
            )
        ]
    found = []
    reference = _reference_day(recipient, year)
    if (reference - assessment.held_on).days > ASSESSMENT_MAX_AGE_DAYS:
        found.append(
            Problem(
                "assessment",
                _("Siste funksjonsvurdering er fra %(held)s, mer enn 12 måneder før %(reference)s.")
                % {"held": _d(assessment.held_on), "reference": _d(reference)},
                FIX_CASE,
                assessment.case_id,
            )
        )
    if not assessment.scores:
        found.append(
            Problem(
                "score",
                _("Funksjonsvurderingen %(held)s har ingen skårer.") % {"held": _d(assessment.held_on)},
                FIX_CASE,
                assessment.case_id,
            )
        )
    for code, score in sorted(assessment.scores.items()):
        if code not in variables:
            found.append(
                Problem(
                    "score",
                    _("Funksjonsvurderingen %(held)s har en ukjent funksjonsvariabel: %(code)s.")
                    % {"held": _d(assessment.held_on), "code": str(code)[:40]},
                    FIX_CASE,
                    assessment.case_id,
                    variable=code,
                    unknown_variable=True,
                )
            )
        elif isinstance(score, bool) or score not in VALID_SCORES:
            found.append(
                Problem(
                    "score",
                    _(
                        "Funksjonsvariabelen %(code)s har skår %(score)s; gyldig er 1–5, eller 9 for ikke relevant."
                    )
                    % {"code": code, "score": str(score)[:10]},
                    FIX_CASE,
                    assessment.case_id,
                    variable=code,
                )
            )
    return found


def check(recipient: Recipient, year: int, variables: frozenset[str]) -> list[Problem]:
    """Everything wrong with the recipient's report for `year`, in the order of RULES (empty: complete)."""
    found = _check_national_id(recipient)
    birth = recipient.parsed.birth_date if recipient.parsed else None
    for service in recipient.services:
        found += _check_service(service, birth)
    found += _check_overlaps(recipient.services)
    fallback_case = recipient.services[-1].case_id if recipient.services else None
    found += _check_assessment(recipient, year, variables, fallback_case)
    order = list(RULES)
    return sorted(found, key=lambda problem: order.index(problem.rule))


def _days_in_year(service: ServiceIn, year: int) -> int:
    assert service.start is not None
    first = max(service.start, datetime.date(year, 1, 1))
    last = min(service.end or datetime.date(year, 12, 31), datetime.date(year, 12, 31))
    return max((last - first).days + 1, 0)


def usable(problems: list[Problem]) -> bool:
    """Whether the recipient is sent at all: only a missing or invalid fødselsnummer/D-nummer holds it back."""
    return not any(problem.rule in BLOCKING for problem in problems)


def record(recipient: Recipient, year: int, problems: list[Problem] | None = None) -> dict[str, Any]:
    """The recipient's line in the file, for a recipient `usable` lets through.

    A field that fails a rule is left out (null): a service's code (`service_code`), its start and end
    (`dates`), its hours per week (`scope`), one variable's score (`score`; an unknown variable is left out
    altogether) and the whole functional assessment (`assessment`). An overlap leaves both periods as they
    are. Every problem is listed in `errors` with its rule code and Norwegian reason."""
    problems = problems or []
    parsed = recipient.parsed or national_id.parse(recipient.national_id)
    failed = {(problem.rule, problem.decision_id) for problem in problems}
    services = []
    for service in sorted(recipient.services, key=lambda s: (s.code or 0, s.start or EARLIEST_DATE)):
        code_ok = service.code is not None and ("service_code", service.decision_id) not in failed
        dates_ok = service.start is not None and ("dates", service.decision_id) not in failed
        scope_ok = ("scope", service.decision_id) not in failed
        services.append(
            {
                "code": service.code if code_ok else None,
                "start": service.start.isoformat() if dates_ok and service.start else None,
                "end": service.end.isoformat() if dates_ok and service.end else None,
                "hours_per_week": float(service.scope_amount)
                if code_ok and scope_ok and service.code in HOUR_CODES and service.scope_amount is not None
                else None,
                "days_in_year": _days_in_year(service, year)
                if code_ok and dates_ok and service.code in DAY_CODES
                else None,
            }
        )
    assessment = recipient.assessment
    functional: dict[str, Any] | None = None
    if assessment is not None and not any(problem.rule == "assessment" for problem in problems):
        scored = [problem for problem in problems if problem.rule == "score" and problem.variable]
        bad = {problem.variable for problem in scored}
        unknown = {problem.variable for problem in scored if problem.unknown_variable}
        functional = {
            "date": assessment.held_on.isoformat(),
            "scores": {
                code: None if code in bad else int(score)
                for code, score in sorted(assessment.scores.items())
                if code not in unknown
            },
        }
    return {
        "record": "recipient",
        "person_id": parsed.number,
        "id_kind": parsed.kind,
        "services": services,
        "functional_assessment": functional,
        "individual_plan": recipient.individual_plan,
        "coordinator": recipient.coordinator,
        "errors": [{"code": problem.rule, "reason": problem.message} for problem in problems],
    }
