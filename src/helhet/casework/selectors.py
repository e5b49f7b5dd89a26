"""Reads of the case process: the queue, the deadline dashboard and the case page, through access."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Count, Model, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from helhet.access import roles
from helhet.access.policy import case_areas, case_refusal_reason
from helhet.access.services import PersonNotVisible, authorize_case_read
from helhet.access.shown import person_refused, persons_shown
from helhet.casework import deadlines, workflow
from helhet.casework.models import (
    UNDELIVERED,
    Appeal,
    AppealState,
    Case,
    Decision,
    DecisionState,
    Delivery,
    Letter,
    LetterKind,
    Review,
    ReviewRequest,
)
from helhet.catalogue.models import Service
from helhet.catalogue.selectors import area_label, area_of
from helhet.core.counting import capped_count
from helhet.core.models import Municipality, User
from helhet.inbox import selectors as inbox
from helhet.inbox.models import Item, ItemKind
from helhet.intake.models import ApplicationAttachment, Handoff
from helhet.people.models import Person

CASE_READERS = roles.CASE_FILE_READERS

_M = TypeVar("_M", bound=Model)


def _reader(user: User) -> int:
    """The case reader's municipality; refused for anyone else."""
    if user.municipality_id is None or not roles.has_any_role(user, CASE_READERS):
        raise PermissionDenied(_("Bare saksbehandlere ser saker."))
    return user.municipality_id


def _case_reader(user: User, cases: QuerySet[Case], *, what: str, channel: str) -> int:
    """`_reader` for one case asked for by id (`cases` finds it): a refusal is access-logged against the
    case's person, whichever municipality it is in, so the person and an auditor see the attempt."""
    try:
        return _reader(user)
    except PermissionDenied:
        _refused(user, cases, what=what, channel=channel)
        raise


def _refused(user: User, cases: QuerySet[Case], *, what: str, channel: str) -> None:
    case = cases.select_related("person").first()
    if case is not None:
        person_refused(user, case.person, what=what, reason=case_refusal_reason(user, case), channel=channel)


# What a list of cases shows of the related rows (the queue, the deadline board, urgent cases): the person's
# name (and what the access log needs), the team's name and the case worker's name. The case's own columns
# are all read; the related rows' other columns (a person has some forty, a user its password hash) are not,
# which makes each of the page's six lists cheaper to build and to read.
_LISTED_RELATED = (
    "person__id",
    "person__municipality_id",
    "person__first_name",
    "person__middle_name",
    "person__last_name",
    "owner__id",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
    "team__id",
    "team__name",
)


def _case_columns() -> list[str]:
    return [field.name for field in Case._meta.concrete_fields]


def _listing(user: User) -> QuerySet[Case]:
    """The cases of the user's own service areas (none for a case worker in no unit with an area). Cases of
    another area that the user may read on a ground are opened one by one, never listed."""
    municipality_id = _reader(user)  # already checked by the callers: the reader's municipality
    return (
        Case.objects.filter(municipality_id=municipality_id, service_area__in=case_areas(user))
        .select_related("person", "owner", "team")
        .only(*_case_columns(), *_LISTED_RELATED)
        .order_by("received_on", "pk")
    )


class _PagedByIds(Paginator[Case]):
    """A page of the queue in two steps within one query: the page's ids from the open-cases index alone
    (the rows skipped for a later page are never joined to their person, owner and team), then those rows."""

    def __init__(self, cases: QuerySet[Case], per_page: int) -> None:
        super().__init__(cases, per_page)
        self.cases = cases

    def page(self, number: int | str) -> Page[Case]:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.cases.values("pk")[bottom:top]
        return Page(list(self.cases.filter(pk__in=ids)), number, self)


def queue(
    user: User, *, status: str = "", mine: bool = False, page_number: int | str | None = 1
) -> Page[Case]:
    _reader(user)
    cases = _listing(user).filter(status__in=workflow.OPEN)
    if status:
        cases = cases.filter(status=status)
    if mine:
        cases = cases.filter(owner=user)
    page = _PagedByIds(cases, settings.HELHET_PAGE_SIZE).get_page(page_number)
    _shown(user, [case.person for case in page.object_list], _("Saksliste: navn, sak og status"))
    return page


def _shown(user: User, persons: Iterable[Person], what: str) -> None:
    persons_shown(user, persons, what=what, reason=_("Saker i eget tjenesteområde"))


@dataclass(frozen=True)
class Dashboard:
    """The deadline board's lists (the first LIMIT of each) and their counts, exact up to core.counting's cap
    and cap + 1 above it (shown as «over 1 000» by the `count_label` filter)."""

    overdue: list[Case]
    overdue_count: int
    due_this_week: list[Case]
    due_this_week_count: int
    evaluations: list[Decision]
    evaluations_count: int
    passed_around: list[Case]
    passed_around_count: int
    review_requests: list[ReviewRequest]
    review_requests_count: int
    open_appeals: Sequence[Appeal] = ()
    open_appeals_count: int = 0
    late_interim: Sequence[Case] = ()
    late_interim_count: int = 0


LIMIT = 25


def _first(rows: QuerySet[_M]) -> tuple[list[_M], int]:
    """The first LIMIT rows and how many there are in all; counted only when the first LIMIT are not all,
    and then only up to core.counting's cap (shown as «over 1 000»): each list reads its own partial index
    of open items, and a count past the cap would read the whole of it for a number nobody needs exactly."""
    shown = list(rows[:LIMIT])
    return shown, len(shown) if len(shown) < LIMIT else capped_count(rows)


def dashboard(user: User, *, today: datetime.date) -> Dashboard:
    """Cases by deadline risk: interim reply overdue or due this week, evaluations due, and kasteball."""
    municipality_id = _reader(user)
    waiting = _listing(user).filter(status__in=workflow.BEFORE_DECISION, interim_reply_sent_on__isnull=True)
    overdue = waiting.filter(received_on__lte=deadlines.received_on_bound(today))
    this_week = waiting.filter(
        received_on__gt=deadlines.received_on_bound(today),
        received_on__lte=deadlines.received_on_bound(today + datetime.timedelta(days=8)),
    )
    # Sent, not superseded, the case in follow-up: kept as the decision's evaluation date (casework.evaluations).
    evaluations = (
        Decision.objects.filter(
            evaluation_due__isnull=False,
            evaluation_due__lte=today + datetime.timedelta(days=7),
            case__municipality_id=municipality_id,
            case__service_area__in=case_areas(user),
        )
        .select_related("case__person", "service", "case__owner")
        .order_by("evaluation_due", "pk")
    )
    passed = _listing(user).filter(handoff_count__gte=3, status__in=workflow.OPEN)
    requests = (
        ReviewRequest.objects.filter(
            decision__case__municipality_id=municipality_id,
            decision__case__service_area__in=case_areas(user),
            handled_at__isnull=True,
        )
        .select_related("decision__case__person", "decision__service", "from_unit")
        .order_by("requested_at")
    )
    appeals = (
        Appeal.objects.filter(
            decision__case__municipality_id=municipality_id,
            decision__case__service_area__in=case_areas(user),
            state__in=(AppealState.NEEDS_CORRECTION, AppealState.RECEIVED),
        )
        .select_related("decision__case__person", "decision__service")
        .order_by("received_on", "pk")
    )
    late_interim = _listing(user).filter(interim_reply_late=True, status__in=workflow.OPEN)
    first_appeals, first_late = _first(appeals), _first(late_interim)
    first_overdue, first_this_week, first_passed = _first(overdue), _first(this_week), _first(passed)
    first_evaluations, first_requests = _first(evaluations), _first(requests)
    board = Dashboard(
        open_appeals=first_appeals[0],
        open_appeals_count=first_appeals[1],
        late_interim=first_late[0],
        late_interim_count=first_late[1],
        overdue=first_overdue[0],
        overdue_count=first_overdue[1],
        due_this_week=first_this_week[0],
        due_this_week_count=first_this_week[1],
        evaluations=first_evaluations[0],
        evaluations_count=first_evaluations[1],
        passed_around=first_passed[0],
        passed_around_count=first_passed[1],
        review_requests=first_requests[0],
        review_requests_count=first_requests[1],
    )
    cases = board.overdue + board.due_this_week + board.passed_around + list(board.late_interim)
    cases += [d.case for d in board.evaluations] + [r.decision.case for r in board.review_requests]
    cases += [a.decision.case for a in board.open_appeals]
    _shown(user, [case.person for case in cases], _("Fristoversikt: navn og frist"))
    return board


@dataclass(frozen=True)
class Urgent:
    cases: list[Case]
    count: int


def urgent_cases(user: User) -> Urgent:
    """Cases whose need is urgent (haster) and still waits for a decision, oldest first: the top of the queue."""
    _reader(user)
    cases = _listing(user).filter(urgent=True, status__in=workflow.BEFORE_DECISION)
    urgent = Urgent(*_first(cases))
    _shown(user, [case.person for case in urgent.cases], _("Hastesaker: navn og sak"))
    return urgent


@dataclass(frozen=True)
class CaseRead:
    case: Case
    reason: str
    may_work: bool = True


def case_detail(user: User, case_id: int, *, channel: str = "web", work: bool = False) -> CaseRead:
    """The whole case with its timeline, if the case is in the user's service area or the user holds a
    recorded ground to read it; the read is access-logged against the person with that true reason.
    Another area's case answers PersonNotVisible (404) like any refusal. With `work`, reading on a ground is
    not enough: only case workers of the case's own area assess, decide, send letters and handle appeals
    (PermissionDenied)."""
    what = _("Saksside: sak %(id)d") % {"id": case_id}
    municipality_id = _case_reader(user, Case.objects.filter(pk=case_id), what=what, channel=channel)
    case = (
        Case.objects.filter(pk=case_id, municipality_id=municipality_id)
        .select_related(
            "person",
            "person__zone",
            "owner",
            "team",
            "application",
            "application__representative",
            "application__inquiry",
        )
        .prefetch_related(
            "events__actor",
            "assessments__chosen_services__care_level",
            Prefetch("reviews", queryset=Review.objects.prefetch_related("views__unit")),
            Prefetch(
                "decisions",
                queryset=Decision.objects.select_related(
                    "service__legal_regime",
                    "regime_version",
                    "provider_unit",
                    "supersedes",
                    "superseded_by",
                    "order__provider_unit",
                    "order__responsible",
                ).order_by("pk"),
            ),
            Prefetch("decisions__appeals", queryset=Appeal.objects.order_by("pk")),
            Prefetch(
                "decisions__letters",
                queryset=Letter.objects.defer("pdf").filter(kind=LetterKind.DECISION),
                to_attr="sent_letters",
            ),
            Prefetch(
                "letters",
                queryset=Letter.objects.defer("pdf").filter(kind=LetterKind.INTERIM_REPLY),
                to_attr="interim_letters",
            ),
            "handoffs__from_unit",
            "handoffs__to_unit",
            "handoffs__by",
            "application__wished_services__legal_regime",
            Prefetch(
                "application__attachments",
                queryset=ApplicationAttachment.objects.defer("content").order_by("uploaded_at", "pk"),
                to_attr="files",
            ),
        )
        .first()
    )
    if case is None:
        _refused(user, Case.objects.filter(pk=case_id), what=what, channel=channel)
        raise PersonNotVisible()
    decision = authorize_case_read(user, case, what=what, channel=channel)
    if work and not decision.may_work:
        raise PermissionDenied(
            _("Du kan lese saken (%(reason)s), men bare saksbehandlere i %(area)s kan behandle den.")
            % {"reason": decision.reason, "area": case.get_service_area_display().lower()}
        )
    return CaseRead(case=case, reason=decision.reason, may_work=decision.may_work)


def order_items(decisions: Iterable[Decision]) -> dict[int, Item]:
    """For the sender: the inbox item of each sent decision's order, by decision id, to show when it was sent
    to the provider unit and who took it there and when. One query for all the case's orders (none without
    any); an order from before the inbox has no item."""
    orders = {d.order.pk: d.pk for d in decisions if d.state == "sent" and hasattr(d, "order")}
    items = inbox.latest_by_target(target_app="casework", target_ids=orders, kinds=(ItemKind.ORDER,))
    return {orders[order_id]: item for order_id, item in items.items()}


def case_for_work(user: User, case_id: int, *, channel: str = "web") -> CaseRead:
    """The case for a change (assessment, review, decision, letter sent, appeal, move): own service area only."""
    return case_detail(user, case_id, channel=channel, work=True)


@dataclass(frozen=True)
class DecisionLetterRead:
    decision: Decision
    letter: Letter | None  # the letter as sent; None while the decision is a draft


def decision_letter(user: User, decision_id: int, *, channel: str = "web") -> DecisionLetterRead:
    """A decision's letter: the stored one once sent (with its bytes), else the draft to render live.
    The read is access-logged against the person; an unknown or hidden decision is PersonNotVisible."""
    municipality_id = _case_reader(
        user, Case.objects.filter(decisions=decision_id), what=_("Vedtaksbrev"), channel=channel
    )
    decision = (
        Decision.objects.filter(pk=decision_id, case__municipality_id=municipality_id)
        .select_related(
            "case__person",
            "case__municipality",
            "service",
            "supersedes",
            "provider_unit",
            "decided_by",
            "regime_version",
        )
        .first()
    )
    if decision is None:
        _refused(user, Case.objects.filter(decisions=decision_id), what=_("Vedtaksbrev"), channel=channel)
        raise PersonNotVisible()
    authorize_case_read(  # the case's service area, or a recorded ground, as the case page
        user,
        decision.case,
        what=_("Vedtaksbrev: sak %(id)d") % {"id": decision.case_id},
        channel=channel,
    )
    letter = None
    if decision.state == DecisionState.SENT:
        letter = Letter.objects.filter(decision=decision, kind=LetterKind.DECISION).first()
    return DecisionLetterRead(decision=decision, letter=letter)


def interim_letter(user: User, case_id: int, *, channel: str = "web") -> Letter | None:
    """The interim reply as sent (with its bytes), access-logged; None when none was sent."""
    municipality_id = _case_reader(
        user, Case.objects.filter(pk=case_id), what=_("Foreløpig svar"), channel=channel
    )
    case = Case.objects.filter(pk=case_id, municipality_id=municipality_id).select_related("person").first()
    if case is None:
        raise PersonNotVisible()
    authorize_case_read(user, case, what=_("Foreløpig svar: sak %(id)d") % {"id": case.pk}, channel=channel)
    return Letter.objects.filter(case=case, kind=LetterKind.INTERIM_REPLY).first()


def case_attachment(
    user: User, case_id: int, attachment_id: int, *, channel: str = "web"
) -> ApplicationAttachment:
    """A file sent with the case's application, with its bytes, for a reader of the case; the download is
    access-logged against the person. Another case's file, or a case the user may not read, is PersonNotVisible."""
    what = _("Vedlegg til søknaden: sak %(id)d") % {"id": case_id}
    municipality_id = _case_reader(user, Case.objects.filter(pk=case_id), what=what, channel=channel)
    case = Case.objects.filter(pk=case_id, municipality_id=municipality_id).select_related("person").first()
    if case is None:
        _refused(user, Case.objects.filter(pk=case_id), what=what, channel=channel)
        raise PersonNotVisible()
    authorize_case_read(user, case, what=what, channel=channel)
    attachment = ApplicationAttachment.objects.filter(
        pk=attachment_id, application_id=case.application_id
    ).first()
    if attachment is None:
        raise PersonNotVisible()
    return attachment


def case_area(case: Case) -> str:
    return case.service_area


@dataclass(frozen=True)
class LinkedCase:
    """Another case from the same application: its number, area and status, never its content."""

    pk: int
    area: str
    status: str


def linked_cases(case: Case) -> list[LinkedCase]:
    return [
        LinkedCase(pk=other.pk, area=area_label(case_area(other)), status=other.get_status_display())
        for other in case.linked_cases()
    ]


def wished_in_area(case: Case) -> list[Service]:
    """The wished services that belong to this case's area (a NAV case does not show the health wishes)."""
    wished = list(case.application.wished_services.all())
    if len(wished) < 2:
        return wished
    return [service for service in wished if area_of(service) == case.service_area]


@dataclass(frozen=True)
class ReceiptRow:
    case: Case
    area: str
    team: str
    why: str
    owner: str


def receipt_rows(cases: list[Case]) -> list[ReceiptRow]:
    return [
        ReceiptRow(
            case=case,
            area=area_label(case_area(case)),
            team=case.team.name,
            why=case.routing_explanation,
            owner=case.owner.display_name,
        )
        for case in cases
    ]


def cases_for_person(person: Person) -> list[Case]:
    return list(
        Case.objects.filter(person=person).select_related("team", "owner").order_by("-received_on")[:20]
    )


def handoffs_for_person(person: Person) -> int:
    """Every handoff of the person's inquiries and cases: the kasteball measure per citizen."""
    return Handoff.objects.filter(Q(person=person) | Q(case__person=person)).count()


def handoff_statistics(municipality: Municipality) -> dict[str, Any]:
    """Aggregates for analysts: no person-level data."""
    cases = Case.objects.filter(municipality=municipality)
    per_person = (
        Handoff.objects.filter(municipality=municipality)
        .exclude(person__isnull=True)
        .values("person_id")
        .annotate(n=Count("pk"))
    )
    case_counts = cases.aggregate(  # one pass over the cases for the three case counts
        cases=Count("pk"),
        cases_passed_around=Count("pk", filter=Q(handoff_count__gte=3)),
        open_cases=Count("pk", filter=Q(status__in=workflow.OPEN)),
    )
    return {
        "handoffs": Handoff.objects.filter(municipality=municipality).count(),
        "cases": case_counts["cases"],
        "cases_passed_around": case_counts["cases_passed_around"],
        "persons_passed_around": per_person.filter(n__gte=3).count(),
        "open_cases": case_counts["open_cases"],
    }


def case_deliveries(case: Case) -> list[Delivery]:
    """The deliveries of the case's letters (for the case page, which has already authorised and logged the
    read), oldest first, each with its letter (without the bytes)."""
    return list(
        Delivery.objects.filter(letter__case=case)
        .select_related("letter")
        .defer("letter__pdf")
        .order_by("letter__rendered_at", "letter_id", "queued_at", "pk")
    )


@dataclass(frozen=True)
class Undelivered:
    deliveries: list[Delivery]
    count: int


def undelivered_letters(user: User) -> Undelivered:
    """The office's letters that have not gone out (failed, undeliverable, or waiting to be handed out without
    an address) in the user's own service areas, oldest first; the names shown are access-logged."""
    municipality_id = _reader(user)
    rows = (
        Delivery.objects.filter(
            municipality_id=municipality_id,
            state__in=UNDELIVERED,
            letter__case__service_area__in=case_areas(user),
        )
        # A digital letter that went by paper instead needs no one, unless the paper letter failed too.
        .exclude(replaced_by__state__in=("queued", "sent", "reached"))
        .select_related("letter__case__person", "letter__case__owner")
        .defer("letter__pdf")
        .order_by("queued_at", "pk")
    )
    first, count = _first(rows)
    _shown(user, [d.letter.case.person for d in first], _("Brev som ikke er levert: navn og sak"))
    return Undelivered(first, count)
