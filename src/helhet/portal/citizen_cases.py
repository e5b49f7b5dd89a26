"""Min side: the person's cases, decisions, appeals and letters, read for the citizen and said in plain words.

Reads only: every query is filtered by the person the citizen acts for (helhet.portal.acting), so another
person's case, decision, appeal or letter is simply not found. Drafts and unsent decisions are never read;
only letters as sent (their stored bytes) are offered. The wording says what happened and what happens next,
never a status code.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helhet.casework.deadlines import AppealDeadline, effective_appeal_deadline, effective_appeal_deadlines
from helhet.casework.models import (
    Appeal,
    AppealState,
    Assessment,
    AssessmentKind,
    Case,
    CaseEvent,
    Decision,
    DecisionState,
    Letter,
    LetterKind,
    Outcome,
    Review,
    Status,
)
from helhet.casework.services import citizen_appeal_refusal
from helhet.catalogue.models import LegalRegimeVersion
from helhet.catalogue.selectors import area_label, regime_version_for_area
from helhet.core.calendar import local_today, long_date
from helhet.people.models import Person
from helhet.portal.acting import Acting
from helhet.portal.citizen_reads import citizen_ground, citizen_read

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


# --- The appeal deadline: one place, so the date a letter reached the person can feed it (issue 13 §7). ---


def deadline_of(decision: Decision) -> datetime.date | None:
    """The last day to appeal `decision`, as the citizen is told it: from the day the letter reached the
    person (casework.deadlines), the same day the case worker sees; None while it has not begun to run."""
    return effective_appeal_deadline(decision).due


def _deadlines(cases: list[Case]) -> dict[int, AppealDeadline]:
    decisions = [d for case in cases for d in getattr(case, "sent_decisions", [])]
    return effective_appeal_deadlines(decisions)


def deadline_words(found: AppealDeadline | None) -> str:
    """What the deadline is counted from, in plain words (the letter's printed date may be earlier)."""
    if found is None:
        return ""
    if found.due is None:
        return _(
            "Klagefristen har ikke begynt å løpe, fordi brevet ikke har kommet fram til deg. "
            "Du kan klage nå hvis du vil."
        )
    if found.reached_on is not None and not found.provisional:
        return _("Fristen er regnet fra %(day)s, da brevet kom fram til deg.") % {
            "day": date_format(found.reached_on, "j. F Y")
        }
    if found.provisional:
        return _(
            "Fristen er regnet fra den dagen vi regner med at brevet kom fram. "
            "Kom det senere, regnes fristen fra den dagen du fikk det."
        )
    return ""


# --- The access log: the citizen (or the representative) reads, on their ground (portal.citizen_reads). ---


def ground_of(acting: Acting) -> str:
    """Why the citizen reads the person's data, for the access log (never a fødselsnummer)."""
    return citizen_ground(acting)


def log_read(acting: Acting, what: str) -> None:
    """One access-log row for the page: the citizen's user read `what` of the person, on their ground."""
    citizen_read(acting, what=what)


# --- Plain words for every status. ---

# What the citizen is told for each case status: a headline and what happens next.
STATUS_WORDS: dict[str, tuple[StrPromise, StrPromise]] = {
    Status.RECEIVED: (
        gettext_lazy("Vi har fått søknaden din"),
        gettext_lazy("En saksbehandler går gjennom søknaden og tar kontakt med deg."),
    ),
    Status.ASSESSMENT: (
        gettext_lazy("Vi finner ut hva du trenger"),
        gettext_lazy(
            "Vi snakker med deg, og kanskje andre du har sagt ja til, for å forstå hva du trenger hjelp til."
        ),
    ),
    Status.REVIEW: (
        gettext_lazy("Fagfolk ser på saken sammen"),
        gettext_lazy("Fagfolk fra flere tjenester ser på saken din sammen før vi bestemmer oss."),
    ),
    Status.DRAFTING: (
        gettext_lazy("Vi skriver vedtaket"),
        gettext_lazy("Vi har det vi trenger, og skriver nå vedtaket. Du får det her og i posten."),
    ),
    Status.DECIDED: (
        gettext_lazy("Vedtaket er klart"),
        gettext_lazy("Vedtaket er bestemt og blir sendt til deg nå."),
    ),
    Status.NOTIFIED: (
        gettext_lazy("Du har fått vedtak"),
        gettext_lazy("Les vedtaket. Er du uenig, kan du klage. Fristen står under vedtaket her."),
    ),
    Status.FOLLOW_UP: (
        gettext_lazy("Du har fått vedtak"),
        gettext_lazy("Det som står i vedtaket, er satt i gang. Si fra hvis noe endrer seg for deg."),
    ),
    Status.EVALUATION: (
        gettext_lazy("Vi ser på om hjelpen passer"),
        gettext_lazy(
            "Vi ser på om hjelpen du får fortsatt passer for deg. Vedtaket gjelder som før så lenge."
        ),
    ),
    Status.REVISED: (
        gettext_lazy("Vi ser på hjelpen din på nytt"),
        gettext_lazy(
            "Behovet ditt ser ut til å ha endret seg. Vi vurderer saken på nytt og sender deg et nytt vedtak."
        ),
    ),
    Status.ENDED: (
        gettext_lazy("Saken er avsluttet"),
        gettext_lazy("Vi gjør ikke mer i denne saken. Trenger du hjelp igjen, kan du søke på nytt."),
    ),
    Status.WITHDRAWN: (
        gettext_lazy("Søknaden er trukket"),
        gettext_lazy("Vi behandler ikke saken videre. Du kan søke på nytt når du vil."),
    ),
    Status.APPEAL: (
        gettext_lazy("Vi ser på klagen din"),
        gettext_lazy(
            "Vi ser på saken på nytt. Gir vi deg ikke medhold, sender vi klagen videre til Statsforvalteren."
        ),
    ),
    Status.APPEAL_FORWARDED: (
        gettext_lazy("Klagen er sendt til Statsforvalteren"),
        gettext_lazy(
            "Vi endret ikke vedtaket, og Statsforvalteren avgjør nå klagen din. Du får svaret derfra."
        ),
    ),
}

# What a decision's outcome means for the citizen.
OUTCOME_WORDS: dict[str, StrPromise] = {
    Outcome.GRANTED: gettext_lazy("Du har fått ja"),
    Outcome.PARTLY_GRANTED: gettext_lazy("Du har fått ja til en del av det du søkte om"),
    Outcome.DENIED: gettext_lazy("Du har fått nei"),
    Outcome.REJECTED: gettext_lazy("Søknaden ble avvist uten at vi vurderte den"),
    Outcome.REVERSED: gettext_lazy("Vedtaket er endret"),
}

# Statsforvalteren's outcome on the appeal, for the citizen.
AUTHORITY_WORDS: dict[str, StrPromise] = {
    Outcome.GRANTED: gettext_lazy("ga deg medhold"),
    Outcome.PARTLY_GRANTED: gettext_lazy("ga deg delvis medhold"),
    Outcome.DENIED: gettext_lazy("ga deg ikke medhold; vedtaket står"),
    Outcome.REJECTED: gettext_lazy("avviste klagen uten å vurdere den"),
    Outcome.REVERSED: gettext_lazy("endret vedtaket"),
}


def status_words(status: str) -> tuple[str, str]:
    headline, next_step = STATUS_WORDS[status]
    return str(headline), str(next_step)


def outcome_words(outcome: str) -> str:
    return str(OUTCOME_WORDS.get(outcome) or _("Vedtak"))


def appeal_words(appeal: Appeal, *, appeal_body: str) -> str:
    """Where the appeal stands, in plain words, for every AppealState."""
    if appeal.state == AppealState.NEEDS_CORRECTION:
        assert appeal.correction_deadline is not None  # an appeal needing correction has its deadline
        return _("Klagen mangler noe. Vi har forklart deg hva, og du må rette det innen %(day)s.") % {
            "day": long_date(appeal.correction_deadline)
        }
    if appeal.state == AppealState.RECEIVED:
        return _("Vi har fått klagen og ser på saken på nytt.")
    if appeal.state == AppealState.REVERSED:
        return _("Du fikk medhold. Vi lager et nytt vedtak.")
    if appeal.state == AppealState.FORWARDED:
        return _("Vi endret ikke vedtaket. %(body)s avgjør nå klagen.") % {"body": appeal_body}
    if appeal.state == AppealState.CLOSED:
        outcome = str(AUTHORITY_WORDS.get(appeal.authority_outcome) or _("har avgjort klagen"))
        return _("%(body)s %(outcome)s.") % {"body": appeal_body, "outcome": outcome}
    if appeal.state == AppealState.DISMISSED:
        return _(
            "Klagen ble avvist fordi det som manglet, ikke ble rettet innen fristen. Du kan klage på at klagen "
            "ble avvist (forvaltningsloven § 2 tredje ledd)."
        )
    return ""


# --- The person's cases. ---


@dataclass
class DecisionView:
    decision: Decision
    outcome_text: str
    superseded_on: datetime.date | None
    deadline: datetime.date | None
    deadline_note: str  # what the deadline is counted from, or that it has not begun
    appeal_open: bool  # the deadline has not passed
    refusal: str  # why it cannot be appealed here, or ""
    appeals: list[tuple[Appeal, str]]
    letter: Letter | None = None

    @property
    def may_appeal(self) -> bool:
        return not self.refusal


@dataclass
class CaseView:
    case: Case
    headline: str
    next_step: str
    area: str
    expected_by: datetime.date | None
    expected_late: bool
    decisions: list[DecisionView]
    services: list[str] = field(default_factory=list)


def _sent_decisions() -> QuerySet[Decision]:
    appeals = Appeal.objects.order_by("received_on", "pk")
    return (
        Decision.objects.filter(state=DecisionState.SENT)
        .select_related("service", "regime_version", "superseded_by")
        .prefetch_related(Prefetch("appeals", queryset=appeals))
        .order_by("sent_on", "pk")
    )


def _cases(person: Person, visible: Q | None = None) -> QuerySet[Case]:
    return (
        Case.objects.filter(person=person)
        .filter(visible or Q())
        .select_related("application")
        .prefetch_related(
            Prefetch("decisions", queryset=_sent_decisions(), to_attr="sent_decisions"),
            "application__wished_services",
        )
        .order_by("-received_on", "-pk")
    )


def _superseded_on(decision: Decision) -> datetime.date | None:
    newer = getattr(decision, "superseded_by", None)
    if newer is not None and newer.state == DecisionState.SENT:
        return newer.sent_on
    return None


def _appeal_body(decision: Decision) -> str:
    version = decision.regime_version
    return version.appeal_body if version is not None else _("Statsforvalteren")


def _decision_view(
    decision: Decision, case: Case, today: datetime.date, found: AppealDeadline | None
) -> DecisionView:
    superseded_on = _superseded_on(decision)
    body = _appeal_body(decision)
    deadline = found.due if found is not None else None
    return DecisionView(
        decision=decision,
        outcome_text=outcome_words(decision.outcome),
        superseded_on=superseded_on,
        deadline=deadline,
        deadline_note=deadline_words(found),
        appeal_open=deadline is None or today <= deadline,
        refusal=citizen_appeal_refusal(decision, superseded_on=superseded_on, superseded_known=True),
        appeals=[(appeal, appeal_words(appeal, appeal_body=body)) for appeal in decision.appeals.all()],
    )


def expected_answer(case: Case) -> datetime.date | None:
    """When the person may expect a decision: the interim reply's new date if one was sent, else the date the
    receipt gave; none once the case is past deciding."""
    if case.status not in (Status.RECEIVED, Status.ASSESSMENT, Status.REVIEW, Status.DRAFTING):
        return None
    return case.interim_expected_by or case.application.expected_answer_by


def _case_view(case: Case, today: datetime.date, deadlines: dict[int, AppealDeadline]) -> CaseView:
    headline, next_step = status_words(case.status)
    expected = expected_answer(case)
    decisions = [
        _decision_view(decision, case, today, deadlines.get(decision.pk))
        for decision in getattr(case, "sent_decisions", [])
    ]
    services = [decision.decision.service.name for decision in decisions] or [
        service.name for service in case.application.wished_services.all()
    ]
    return CaseView(
        case=case,
        headline=headline,
        next_step=next_step,
        area=area_label(case.service_area),
        expected_by=expected,
        expected_late=expected is not None and expected < today,
        decisions=decisions,
        services=list(dict.fromkeys(services)),
    )


def cases_of(person: Person, visible: Q | None = None) -> list[CaseView]:
    """The person's cases, newest first, each with its status in plain words (a bounded number of queries);
    `visible` (Acting.visible_cases) leaves out the cases kept from a parent."""
    today = local_today()
    cases = list(_cases(person, visible))
    deadlines = _deadlines(cases)
    return [_case_view(case, today, deadlines) for case in cases]


# --- One case: its timeline and its letters. ---


@dataclass(frozen=True)
class Step:
    day: datetime.date
    title: str
    text: str = ""
    letter: Letter | None = None
    order: int = 0


@dataclass
class CaseDetail:
    view: CaseView
    regime: LegalRegimeVersion | None
    steps: list[Step]
    letters: list[SentLetter]


def case_of(person: Person, case_id: int, visible: Q | None = None) -> Case | None:
    return _cases(person, visible).filter(pk=case_id).first()


@dataclass(frozen=True)
class SentLetter:
    letter: Letter
    day: datetime.date  # the day it was sent (a decision's sending day, the interim reply's)


def letters_of(case: Case) -> list[SentLetter]:
    """The case's letters as sent (without their bytes): decision letters of sent decisions, interim replies."""
    letters = (
        Letter.objects.filter(case=case)
        .filter(Q(decision__isnull=True) | Q(decision__state=DecisionState.SENT))
        .select_related("decision")
        .defer("pdf", "decision__facts", "decision__considerations")
        .order_by("rendered_at", "pk")
    )
    found = []
    for letter in letters:
        day = letter.decision.sent_on if letter.decision is not None else case.interim_reply_sent_on
        found.append(SentLetter(letter, day or _local_day(letter.rendered_at)))
    return sorted(found, key=lambda sent: (sent.day, sent.letter.pk))


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def case_detail(case: Case) -> CaseDetail:
    """The case's timeline in plain words, from what happened (never the office's internal notes)."""
    today = local_today()
    view = _case_view(case, today, _deadlines([case]))
    letters = letters_of(case)
    by_decision = {s.letter.decision_id: s.letter for s in letters if s.letter.kind == LetterKind.DECISION}
    interim_letter = next((s.letter for s in letters if s.letter.kind == LetterKind.INTERIM_REPLY), None)
    for decision_view in view.decisions:
        decision_view.letter = by_decision.get(decision_view.decision.pk)
    steps = [Step(case.received_on, _("Vi fikk søknaden din"), order=0)]
    if case.interim_reply_sent_on is not None:
        text = (
            _("Saken tar lengre tid enn vanlig. Du kan vente vedtak innen %(day)s.")
            % {"day": long_date(case.interim_expected_by)}
            if case.interim_expected_by
            else ""
        )
        steps.append(
            Step(case.interim_reply_sent_on, _("Vi sendte deg et foreløpig svar"), text, interim_letter, 1)
        )
    for assessment in Assessment.objects.filter(case=case).only("held_on", "kind").order_by("held_on", "pk"):
        how = (
            _("Vi var hjemme hos deg og snakket om hva du trenger.")
            if assessment.kind == AssessmentKind.HOME_VISIT
            else _("Vi snakket med deg om hva du trenger.")
        )
        steps.append(Step(assessment.held_on, _("Vi fant ut hva du trenger"), how, order=2))
    for review in Review.objects.filter(case=case).only("held_on").order_by("held_on", "pk"):
        steps.append(
            Step(
                review.held_on,
                _("Fagfolk så på saken sammen"),
                _("Fagfolk fra flere tjenester så på saken din sammen."),
                order=3,
            )
        )
    for decision_view in view.decisions:
        decision = decision_view.decision
        assert decision.sent_on is not None  # only sent decisions are read
        text = decision_view.outcome_text + "."
        if decision.supersedes_id:
            text += " " + _("Vedtaket erstatter et tidligere vedtak.")
        steps.append(
            Step(
                decision.sent_on,
                _("Vi sendte deg vedtak om %(service)s") % {"service": decision.service.name},
                text,
                decision_view.letter,
                4,
            )
        )
        body = _appeal_body(decision)
        for appeal, _words in decision_view.appeals:
            steps.extend(_appeal_steps(appeal, decision, body))
    for event in CaseEvent.objects.filter(
        case=case, kind="status", to_status__in=(Status.WITHDRAWN, Status.ENDED)
    ).only("at", "to_status"):
        title = _("Søknaden ble trukket") if event.to_status == Status.WITHDRAWN else _("Saken ble avsluttet")
        steps.append(Step(_local_day(event.at), title, order=9))
    steps.sort(key=lambda step: (step.day, step.order))
    regime = regime_version_for_area(case.municipality_id, case.service_area, case.received_on)
    return CaseDetail(view=view, regime=regime, steps=steps, letters=letters)


def _appeal_steps(appeal: Appeal, decision: Decision, body: str) -> list[Step]:
    service = decision.service.name
    steps = [
        Step(
            appeal.received_on,
            _("Vi fikk klagen din på vedtaket om %(service)s") % {"service": service},
            _(
                "Klagen kom etter fristen. Vi vurderer først om den kan behandles likevel, for eksempel fordi du "
                "ikke kunne klage i tide (forvaltningsloven § 31)."
            )
            if appeal.late
            else "",
            order=5,
        )
    ]
    if appeal.state == AppealState.NEEDS_CORRECTION:
        steps.append(
            Step(appeal.received_on, _("Klagen mangler noe"), appeal_words(appeal, appeal_body=body), order=6)
        )
    elif appeal.state == AppealState.DISMISSED:
        steps.append(
            Step(
                _local_day(appeal.updated_at),
                _("Klagen ble avvist"),
                appeal_words(appeal, appeal_body=body),
                order=6,
            )
        )
    elif appeal.state == AppealState.REVERSED:
        steps.append(
            Step(
                _local_day(appeal.updated_at),
                _("Vi så på saken på nytt og ga deg medhold"),
                _("Vi lager et nytt vedtak."),
                order=6,
            )
        )
    elif appeal.state in (AppealState.FORWARDED, AppealState.CLOSED):
        steps.append(
            Step(
                appeal.forwarded_on or _local_day(appeal.updated_at),
                _("Vi så på saken på nytt og sendte klagen til %(body)s") % {"body": body},
                _("Vi endret ikke vedtaket. %(body)s avgjør klagen.") % {"body": body},
                order=6,
            )
        )
        if appeal.state == AppealState.CLOSED and appeal.authority_decided_on:
            steps.append(
                Step(
                    appeal.authority_decided_on,
                    _("%(body)s har avgjort klagen") % {"body": body},
                    appeal_words(appeal, appeal_body=body),
                    order=7,
                )
            )
    return steps


# --- The appeal page. ---


def decision_of(person: Person, decision_id: int, visible: Q | None = None) -> Decision | None:
    """A sent decision on one of the person's cases (a draft is not found); `visible` as for cases_of, on
    the decision's case ("case__")."""
    return (
        _sent_decisions()
        .select_related("case__application")
        .filter(pk=decision_id, case__person=person)
        .filter(visible or Q())
        .first()
    )


def appeal_of(person: Person, appeal_id: int, visible: Q | None = None) -> Appeal | None:
    return (
        Appeal.objects.select_related("decision__service", "decision__regime_version", "decision__case")
        .filter(pk=appeal_id, decision__case__person=person)
        .filter(visible or Q())
        .first()
    )


def letter_of(person: Person, letter_id: int, visible: Q | None = None) -> Letter | None:
    """A letter as sent on one of the person's cases (never one of an unsent decision)."""
    return (
        Letter.objects.filter(pk=letter_id, case__person=person)
        .filter(visible or Q())
        .filter(Q(decision__isnull=True) | Q(decision__state=DecisionState.SENT))
        .first()
    )


def appeal_refusal(decision: Decision) -> str:
    return citizen_appeal_refusal(decision)


__all__ = [
    "CaseDetail",
    "CaseView",
    "DecisionView",
    "SentLetter",
    "Step",
    "appeal_of",
    "appeal_refusal",
    "appeal_words",
    "case_detail",
    "case_of",
    "cases_of",
    "deadline_of",
    "decision_of",
    "ground_of",
    "letter_of",
    "log_read",
    "outcome_words",
    "status_words",
]
