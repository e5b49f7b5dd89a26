"""Builders for the status table tests: a case driven into each status through the services, and for each
action what it needs and how to perform it.

Every status is reached by the services the office uses, except «Vedtak fattet» (decided): sending a
decision passes through it within one transaction and never leaves a case there, so the builder sets it
with one update after driving the case to drafting. Objects an action needs that cannot exist in a status
by the services (e.g. an appeal awaiting correction on a case that has just been received) are written
with the ORM before the action is tried: the test is that the status table refuses or allows the action,
whatever the data.
"""

import datetime

from helhet.access import roles
from helhet.casework import services
from helhet.casework.models import (
    Appeal,
    AppealState,
    Case,
    Decision,
    DecisionState,
    ReviewRequest,
    Status,
)
from helhet.core.calendar import local_today
from tests import factories

D = datetime.date
RECEIVED_ON = D(2026, 11, 23)  # the catalogue's day (tests/conftest.py): threshold rules are in force


def _receive(world, user, person) -> Case:
    return services.application_receive(
        acting_user=user,
        municipality=person.municipality,
        person=person,
        received_on=RECEIVED_ON,
        need="Klarer ikke stell og påkledning etter hjerneslag.",
        signed_by="person",
    )


def assess(user, case):
    return services.assessment_record(
        acting_user=user,
        case=case,
        kind="home_visit",
        held_on=RECEIVED_ON,
        scores={"personlig_hygiene": 4, "kle_seg": 4},
        sources="Hjemmebesøk og samtale med datter",
        lives_alone=True,
    )


def draft_fields(world) -> dict:
    return {
        "outcome": "INNVILGET",
        "scope_amount": 3,
        "scope_unit": "visits_week",
        "content": "Hjelp med morgenstell og påkledning.",
        "start_date": RECEIVED_ON,
        "review_date": D(2027, 5, 1),
        "facts": "Trenger hjelp med stell (4) og påkledning (4).",
        "considerations": "Hjelp hjemme er laveste effektive nivå.",
        "payment": "Egenandel etter forskrift.",
        "provider_unit": world["home_care"],
    }


def _granted(world, user, person, ends_on: datetime.date | None = None) -> Case:
    """A case in follow-up after granting home nursing; with `ends_on`, granted for a period that has ended."""
    case = _receive(world, user, person)
    assess(user, case)
    fields = draft_fields(world)
    if ends_on is not None:
        fields |= {"end_date": ends_on, "review_date": ends_on}
    draft = services.decision_draft_create(
        acting_user=user, case=case, service=world["home_health"], **fields
    )
    services.decision_send(acting_user=user, decision=draft, sent_on=RECEIVED_ON)
    return case  # follow-up


def services_ended(case) -> None:
    """The case's granted services ran out yesterday (an end date in the past), so the case may be closed."""
    Decision.objects.filter(case=case, state=DecisionState.SENT).update(
        end_date=local_today() - datetime.timedelta(days=1)
    )


def _move(user, case, *targets, note=""):
    for target in targets:
        services.case_transition(acting_user=user, case=case, to=target, note=note)


def _revised(world, user, person) -> Case:
    case = _granted(world, user, person)
    _move(user, case, Status.EVALUATION, Status.REVISED)
    return case


def case_in(status: str, world, user, person) -> Case:
    """A case in `status`, reached through the services; every status after «Mottatt» holds a sent decision."""
    if status == Status.RECEIVED:
        case = _receive(world, user, person)
    elif status in (Status.ASSESSMENT, Status.REVIEW, Status.WITHDRAWN):
        case = _revised(world, user, person)
        assess(user, case)  # revised → assessment
        if status == Status.REVIEW:
            services.review_record(
                acting_user=user,
                case=case,
                held_on=RECEIVED_ON,
                conclusion="Behovet er endret.",
                views=[
                    {"unit": world["office"], "view": "Mer hjelp trengs."},
                    {"unit": world["home_care"], "view": "Vi ser det samme."},
                ],
            )
        if status == Status.WITHDRAWN:
            _move(user, case, Status.WITHDRAWN, note="Søkeren trekker søknaden om endring.")
    elif status in (Status.DRAFTING, Status.DECIDED):
        case = _revised(world, user, person)
        _move(user, case, Status.DRAFTING)
        if status == Status.DECIDED:
            Case.objects.filter(pk=case.pk).update(
                status=Status.DECIDED
            )  # transient status; see the docstring
    elif status == Status.NOTIFIED:
        case = _receive(world, user, person)
        assess(user, case)
        denial = services.decision_draft_create(
            acting_user=user,
            case=case,
            service=world["home_health"],
            outcome="AVSLATT",
            facts="Klarer stell selv med hjelpemidler.",
            considerations="Hjelpemidler er tilstrekkelig.",
        )
        services.decision_send(acting_user=user, decision=denial, sent_on=RECEIVED_ON)
    elif status == Status.FOLLOW_UP:
        case = _granted(world, user, person)
    elif status in (Status.EVALUATION, Status.REVISED):
        case = _granted(world, user, person)
        _move(user, case, Status.EVALUATION)
        if status == Status.REVISED:
            _move(user, case, Status.REVISED)
    elif status == Status.ENDED:
        case = _granted(world, user, person, ends_on=RECEIVED_ON + datetime.timedelta(days=3))
        _move(user, case, Status.ENDED, note="Tjenesten tok slutt på sluttdatoen i vedtaket.")
    elif status in (Status.APPEAL, Status.APPEAL_FORWARDED):
        case = _granted(world, user, person)
        appeal = services.appeal_register(
            acting_user=user,
            decision=case.decisions.get(),
            received_on=local_today(),
            change_wanted="Ønsker hjelp også om kvelden.",
        )
        if status == Status.APPEAL_FORWARDED:
            services.appeal_uphold(
                acting_user=user,
                appeal=appeal,
                reassessment="Ingen nye opplysninger.",
                forwarded_on=local_today(),
            )
    else:  # pragma: no cover
        raise AssertionError(status)
    case = Case.objects.get(pk=case.pk)
    assert case.status == status
    return case


def sent_decision(case: Case, world) -> Decision:
    found = case.decisions.filter(state=DecisionState.SENT).order_by("pk").first()
    if found is None:  # only «Mottatt»: no sent decision can exist yet
        found = Decision.objects.create(
            case=case,
            service=world["home_health"],
            state=DecisionState.SENT,
            outcome="AVSLATT",
            sent_on=RECEIVED_ON,
            delivered_on=RECEIVED_ON,
            appeal_deadline=D(2026, 12, 21),
            legal_basis=["hol § 3-2"],
        )
    return found


def draft(case: Case, world, *, complete: bool = False) -> Decision:
    fields = (
        {**draft_fields(world), "legal_basis": list(world["home_health"].legal_basis)} if complete else {}
    )
    return Decision.objects.create(case=case, service=world["home_health"], **fields)


def appeal(case: Case, world, state: str) -> Appeal:
    extra = {}
    received_on = local_today()
    if state == AppealState.NEEDS_CORRECTION:
        extra = {
            "signed": False,
            "guidance_given": "Klagen må signeres.",
            "correction_deadline": local_today() + datetime.timedelta(days=14),
        }
    if state == "overdue":  # defects not corrected within the deadline
        state = AppealState.NEEDS_CORRECTION
        extra = {
            "signed": False,
            "guidance_given": "Klagen må signeres.",
            "correction_deadline": local_today() - datetime.timedelta(days=1),
        }
        received_on = local_today() - datetime.timedelta(days=1)
    if state == AppealState.FORWARDED:
        extra = {"reassessment": "Opprettholdes.", "forwarded_on": local_today()}
    return Appeal.objects.create(
        decision=sent_decision(case, world),
        received_on=received_on,
        change_wanted="Mer hjelp.",
        state=state,
        **extra,
    )


def review_request(case: Case, world, user) -> ReviewRequest:
    return ReviewRequest.objects.create(
        decision=sent_decision(case, world),
        from_unit=world["home_care"],
        reason="Behovet er økt.",
        requested_by=user,
    )


def colleague(municipality):
    """Another case worker at the service office: a case is owned only in its own service area."""
    from helhet.organisation.models import Unit

    office = Unit.objects.get(municipality=municipality, name="Tjenestekontoret")
    return factories.user(municipality, roles.CASE_WORKER, username="kollega", unit=office)


def snapshot(case: Case) -> tuple:
    """What a refused action must leave unchanged."""
    case = Case.objects.get(pk=case.pk)
    return (
        case.status,
        case.version,
        case.owner_id,
        case.team_id,
        case.interim_reply_sent_on,
        case.events.count(),
        sorted(case.decisions.values_list("pk", "state", "version", "content")),
        sorted(Appeal.objects.filter(decision__case=case).values_list("pk", "state")),
        sorted(ReviewRequest.objects.filter(decision__case=case).values_list("pk", "handled_at")),
    )
