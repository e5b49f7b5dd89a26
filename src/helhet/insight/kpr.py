"""KPR export: the year's recipients read from the database in bounded batches, checked, and streamed.

A recipient is a person of the municipality with at least one sent, granting decision in health and care
(NAV's social services are not reported to KPR) whose period touches the year. Each batch of persons costs
a fixed number of queries (persons through one server-side cursor, then cases, decisions, assessments and
individual plans prefetched for the whole batch), so memory and queries per batch stay the same however
many recipients there are. Who may read it is asked in `helhet.access.policy` (`may_export_kpr`); the
views write the access log per batch before a batch's lines leave the server.
"""

import datetime
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice

from django.db.models import Exists, OuterRef, Prefetch, Q

from helhet.care.models import IndividualPlan
from helhet.casework.models import GRANTING, Assessment, AssessmentFormKind, Case, Decision, DecisionState
from helhet.catalogue.models import FunctionalVariable
from helhet.core.models import Municipality
from helhet.insight.kpr_rules import (
    RULES,
    SPEC_VERSION,
    AssessmentIn,
    Problem,
    Recipient,
    ServiceIn,
    check,
    record,
    usable,
)
from helhet.organisation.models import ServiceArea
from helhet.people.models import Person

BATCH = 500
FIRST_YEAR = 2017  # KPR replaced IPLOS from 2017 (domain.md §3)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _reported_decisions(year: int):
    first, last = year_bounds(year)
    return (
        Decision.objects.filter(state=DecisionState.SENT, outcome__in=GRANTING)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=last))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
    )


def recipients_queryset(municipality: Municipality, year: int):
    """The year's recipients of the municipality, by id, with what each batch needs prefetched."""
    first, last = year_bounds(year)
    decisions = _reported_decisions(year)
    has_decision = decisions.filter(
        case__person_id=OuterRef("pk"), case__service_area=ServiceArea.HEALTH_CARE
    )
    cases = Case.objects.filter(municipality=municipality, service_area=ServiceArea.HEALTH_CARE).only(
        "pk", "person_id"
    )
    return (
        Person.objects.filter(municipality=municipality)
        .filter(Exists(has_decision))
        .only("pk", "municipality_id", "national_id", "first_name", "middle_name", "last_name")
        .order_by("pk")
        .prefetch_related(
            Prefetch(
                "cases",
                queryset=cases.prefetch_related(
                    Prefetch(
                        "decisions",
                        queryset=decisions.select_related("service", "superseded_by")
                        .only(
                            "pk",
                            "case_id",
                            "start_date",
                            "end_date",
                            "scope_amount",
                            "scope_unit",
                            "service__name",
                            "service__kpr_code",
                            "superseded_by__state",
                            "superseded_by__start_date",
                            "superseded_by__sent_on",
                        )
                        .order_by("start_date", "pk"),
                        to_attr="kpr_decisions",
                    ),
                    Prefetch(
                        "assessments",
                        queryset=Assessment.objects.filter(form=AssessmentFormKind.IPLOS, held_on__lte=last)
                        .only("pk", "case_id", "held_on", "scores")
                        .order_by("-held_on", "-pk"),
                        to_attr="kpr_assessments",
                    ),
                ),
                to_attr="kpr_cases",
            ),
            Prefetch(
                "individual_plans",
                queryset=IndividualPlan.objects.filter(municipality=municipality, started_on__lte=last)
                .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
                .only("pk", "person_id", "plan_declined", "coordinator_id"),
                to_attr="kpr_plans",
            ),
        )
    )


def _effective_end(decision: Decision) -> datetime.date | None:
    """A decision ends where a later sent decision that superseded it begins, if that is before its own end."""
    end = decision.end_date
    try:
        later = decision.superseded_by
    except Decision.DoesNotExist:
        return end
    if later.state != DecisionState.SENT:
        return end
    starts = later.start_date or later.sent_on
    if starts is None:
        return end
    cut = starts - datetime.timedelta(days=1)
    return cut if end is None or cut < end else end


def recipient_of(person: Person, year: int) -> Recipient:
    first, _last = year_bounds(year)
    services: list[ServiceIn] = []
    assessments: list[Assessment] = []
    for case in person.kpr_cases:  # type: ignore[attr-defined]
        assessments += case.kpr_assessments
        for decision in case.kpr_decisions:
            end = _effective_end(decision)
            if (
                end is not None
                and end < first
                and (decision.start_date is None or decision.start_date <= end)
            ):
                continue  # taken over by a later decision before the year began
            services.append(
                ServiceIn(
                    decision_id=decision.pk,
                    case_id=case.pk,
                    name=decision.service.name,
                    code=decision.service.kpr_code,
                    start=decision.start_date,
                    end=end,
                    scope_amount=decision.scope_amount,
                    scope_unit=decision.scope_unit,
                )
            )
    latest = max(assessments, key=lambda a: (a.held_on, a.pk), default=None)
    plans = person.kpr_plans  # type: ignore[attr-defined]
    _drop_prefetched(person)
    recipient = Recipient(
        person_id=person.pk,
        national_id=person.national_id,
        name=person.full_name,
        services=services,
        assessment=AssessmentIn(latest.case_id, latest.held_on, dict(latest.scores or {}))
        if latest is not None and isinstance(latest.scores, dict)
        else None,
        individual_plan=any(not plan.plan_declined for plan in plans),
        coordinator=any(plan.coordinator_id is not None for plan in plans),
    )
    return recipient


def _drop_prefetched(person: Person) -> None:
    """Break the person ↔ case ↔ decision reference cycles the prefetch made, so a finished batch is freed at
    once rather than when the garbage collector next runs (memory stays at about one batch)."""
    for case in person.kpr_cases:  # type: ignore[attr-defined]
        del case.kpr_decisions, case.kpr_assessments
    del person.kpr_cases, person.kpr_plans  # type: ignore[attr-defined]


def variable_codes() -> frozenset[str]:
    return frozenset(FunctionalVariable.objects.values_list("code", flat=True))


@dataclass
class Checked:
    person: Person
    recipient: Recipient
    problems: list[Problem]


def checked_batches(municipality: Municipality, year: int, *, batch: int = BATCH) -> Iterator[list[Checked]]:
    """The year's recipients, checked, a batch at a time (a fixed number of queries per batch)."""
    variables = variable_codes()
    persons = recipients_queryset(municipality, year).iterator(chunk_size=batch)
    while chunk := list(islice(persons, batch)):
        out = []
        for person in chunk:
            recipient = recipient_of(person, year)
            out.append(Checked(person, recipient, check(recipient, year, variables)))
        yield out


@dataclass
class Summary:
    """The check of a year: counts, and the recipients with errors of one page of the list.

    `valid`: complete; `with_errors`: sent with the failing fields left out; `held_back`: not sent (no
    usable fødselsnummer/D-nummer). `failing` is the last two together (the rows listed)."""

    year: int
    recipients: int = 0
    valid: int = 0
    with_errors: int = 0
    held_back: int = 0
    failing: int = 0
    by_rule: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RULES, 0))
    page_rows: list[Checked] = field(default_factory=list)

    @property
    def rule_rows(self) -> list[tuple[str, str, int]]:
        return [(code, str(label), self.by_rule[code]) for code, label in RULES.items()]


def check_year(
    municipality: Municipality, year: int, *, page: int = 1, per_page: int = 50, batch: int = BATCH
) -> Summary:
    """Run every validity rule over the year; keep only the failing recipients of the page asked for."""
    summary = Summary(year=year)
    skip = (page - 1) * per_page
    for chunk in checked_batches(municipality, year, batch=batch):
        for item in chunk:
            summary.recipients += 1
            if not item.problems:
                summary.valid += 1
                continue
            if skip <= summary.failing < skip + per_page:
                summary.page_rows.append(item)
            summary.failing += 1
            if usable(item.problems):
                summary.with_errors += 1
            else:
                summary.held_back += 1
            for rule in {problem.rule for problem in item.problems}:
                summary.by_rule[rule] += 1
    return summary


def header(municipality: Municipality, year: int, created: datetime.datetime) -> dict:
    return {
        "record": "header",
        "spec": SPEC_VERSION,
        "municipality": municipality.number,
        "year": year,
        "created": created.isoformat(timespec="seconds"),
    }


def dumps(line: dict) -> str:
    return json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n"


def export_lines(
    municipality: Municipality,
    year: int,
    *,
    created: datetime.datetime,
    before_batch=None,
    batch: int = BATCH,
) -> Iterator[str]:
    """The JSON Lines file: a header, one line per recipient with a usable fødselsnummer/D-nummer (complete or
    with its errors), a trailer with the counts (lines, lines with errors, recipients held back).

    `before_batch(persons)` runs before a batch's lines are yielded (the view writes the access log there),
    so no person's line leaves without its log row."""
    yield dumps(header(municipality, year, created))
    sent = with_errors = excluded = 0
    for chunk in checked_batches(municipality, year, batch=batch):
        good = [item for item in chunk if usable(item.problems)]
        excluded += len(chunk) - len(good)
        if not good:
            continue
        if before_batch is not None:
            before_batch([item.person for item in good])
        sent += len(good)
        with_errors += sum(1 for item in good if item.problems)
        yield "".join(dumps(record(item.recipient, year, item.problems)) for item in good)
    yield dumps({"record": "trailer", "recipients": sent, "with_errors": with_errors, "excluded": excluded})
