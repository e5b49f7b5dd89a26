"""The deadline board and the queue list open items only, read from what is due now, whatever the history.

Each list reads an index of open items (casework.models) and the evaluations a date kept on the decision
(casework.evaluations): a closed case with an old deadline never shows, a new open one does, and the
board's counts stop at «over 1 000» while the queue's pages are counted exactly.
"""

import datetime

import pytest
from django.urls import reverse

from helhet.casework import selectors, services
from helhet.casework.evaluations import evaluation_due_fill
from helhet.casework.models import Case, Decision, Status
from helhet.intake.models import Application
from tests import factories
from tests.casework import statuses as build

D = datetime.date
REVIEW_ON = D(2027, 5, 1)  # the review date of the builders' granted decision (tests/casework/statuses.py)


@pytest.fixture
def person(municipality):
    return factories.person(municipality, first_name="Ragnhild", last_name="Berg", birth_date=D(1941, 3, 4))


def _evaluations(user, today=REVIEW_ON):
    return [d.case_id for d in selectors.dashboard(user, today=today).evaluations]


def test_a_decision_is_due_for_evaluation_only_while_its_case_is_in_follow_up(world, case_worker, person):
    followed = build.case_in(Status.FOLLOW_UP, world, case_worker, person)
    ended = build.case_in(Status.ENDED, world, case_worker, person)  # its review date long past
    evaluating = build.case_in(Status.EVALUATION, world, case_worker, person)
    assert ended.decisions.get().review_date < REVIEW_ON
    assert _evaluations(case_worker) == [followed.pk]
    assert _evaluations(case_worker, today=REVIEW_ON - datetime.timedelta(days=8)) == []
    # Back from evaluation to follow-up it is due again; taken up for evaluation, it no longer is.
    services.case_transition(acting_user=case_worker, case=evaluating, to=Status.FOLLOW_UP)
    assert sorted(_evaluations(case_worker)) == sorted([followed.pk, evaluating.pk])
    services.case_transition(
        acting_user=case_worker, case=Case.objects.get(pk=followed.pk), to=Status.EVALUATION
    )
    assert _evaluations(case_worker) == [evaluating.pk]
    board = selectors.dashboard(case_worker, today=REVIEW_ON)
    assert board.evaluations_count == 1 and board.evaluations[0].review_date == REVIEW_ON


def test_the_bulk_fill_gives_every_decision_the_date_the_services_keep(world, case_worker, person):
    for status in (Status.FOLLOW_UP, Status.EVALUATION, Status.ENDED, Status.APPEAL, Status.DRAFTING):
        build.case_in(status, world, case_worker, person)
    kept = dict(Decision.objects.values_list("pk", "evaluation_due"))
    assert sorted(kept.values(), key=str) != [None] * len(kept)  # the follow-up case's decision is due
    Decision.objects.update(evaluation_due=None)
    evaluation_due_fill()
    assert dict(Decision.objects.values_list("pk", "evaluation_due")) == kept


def test_the_interim_reply_lists_show_open_cases_only(world, case_worker, person):
    waiting = build.case_in(Status.RECEIVED, world, case_worker, person)
    withdrawn = build.case_in(Status.WITHDRAWN, world, case_worker, person)
    ended = build.case_in(Status.ENDED, world, case_worker, person)
    Case.objects.filter(pk__in=[withdrawn.pk, ended.pk]).update(
        received_on=D(2026, 1, 5), interim_reply_late=True, interim_reply_sent_on=D(2026, 3, 1)
    )
    late = build.case_in(Status.FOLLOW_UP, world, case_worker, person)
    Case.objects.filter(pk=late.pk).update(interim_reply_late=True, interim_reply_sent_on=D(2026, 12, 28))
    board = selectors.dashboard(case_worker, today=D(2027, 1, 15))  # a month and more after receipt
    assert [c.pk for c in board.overdue] == [waiting.pk] and board.overdue_count == 1
    assert [c.pk for c in board.late_interim] == [late.pk] and board.late_interim_count == 1
    assert waiting.pk in [c.pk for c in selectors.queue(case_worker).object_list]
    listed = [c.pk for c in selectors.queue(case_worker).object_list]
    assert withdrawn.pk not in listed and ended.pk not in listed


def _waiting_cases(person, owner, team, count, received_on):
    applications = Application.objects.bulk_create(
        Application(
            municipality=person.municipality,
            person=person,
            need="x",
            signed_by="person",
            received_on=received_on,
            expected_answer_by=received_on + datetime.timedelta(days=28),
            routed_to=team,
            routing_explanation="x",
        )
        for _ in range(count)
    )
    Case.objects.bulk_create(
        Case(
            municipality=person.municipality,
            person=person,
            application=a,
            owner=owner,
            team=team,
            received_on=received_on,
        )
        for a in applications
    )


def test_the_board_counts_stop_at_over_1000_and_the_queue_counts_its_pages(
    client, world, case_worker, person
):
    _waiting_cases(person, case_worker, world["office"], 1030, D(2026, 9, 1))  # interim reply overdue
    _waiting_cases(person, case_worker, world["office"], 30, D(2026, 11, 20))  # due this week
    Case.objects.bulk_create(  # closed long ago: counted nowhere
        Case(
            municipality=c.municipality,
            person=c.person,
            application=c.application,
            owner=c.owner,
            team=c.team,
            received_on=D(2025, 1, 2),
            status=Status.ENDED,
        )
        for c in Case.objects.all()[:200]
    )
    board = selectors.dashboard(case_worker, today=D(2026, 12, 14))
    assert board.overdue_count == 1001 and len(board.overdue) == 25
    assert board.due_this_week_count == 30
    assert selectors.queue(case_worker).paginator.count == 1060
    in_order = list(
        Case.objects.exclude(status=Status.ENDED).order_by("received_on", "pk").values_list("pk", flat=True)
    )
    assert [c.pk for c in selectors.queue(case_worker, page_number=2).object_list] == in_order[25:50]
    assert [c.pk for c in selectors.queue(case_worker, page_number=43).object_list] == in_order[1050:]
    client.force_login(case_worker)
    html = client.get(reverse("casework:queue")).content.decode()
    assert "Side 1 av 43" in html  # the queue's pages exactly (25 a page)
    assert "Foreløpig svar på overtid (over 1\u00a0000)" in html
