"""Legal dates: the bounds on a case's dates (property tests), delivery and the appeal deadline, the late
interim reply, and appeals registered whatever their form, several per case, in any status."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helhet.casework import dates, deadlines, selectors, services
from helhet.casework.models import Appeal, Case, Status
from helhet.core.calendar import add_workdays, deadline, local_today
from tests import factories
from tests.casework import statuses as build

D = datetime.date
days = st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31))
# The machine is shared: pure date checks, so slowness is the host's, not the test's.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture
def person(municipality):
    return factories.person(municipality, first_name="Ragnhild", last_name="Berg", birth_date=D(1941, 3, 4))


def _refused(check, **kwargs) -> dict:
    try:
        check(**kwargs)
    except ValidationError as error:
        return error.message_dict
    return {}


# --- Property tests of the bounds ---------------------------------------------------------------------


@relaxed
@given(sent_on=days, received_on=days, today=days)
def test_a_decision_is_sent_between_the_application_and_today(sent_on, received_on, today):
    errors = _refused(dates.check_sent_on, sent_on=sent_on, received_on=received_on, today=today)
    assert bool(errors) == (sent_on > today or sent_on < received_on)
    if errors:
        assert list(errors) == ["sent_on"]


@relaxed
@given(
    day=days, received_on=days, today=days, field=st.sampled_from(["start_date", "review_date", "end_date"])
)
def test_decision_dates_lie_within_a_year_before_receipt_and_ten_years_ahead(day, received_on, today, field):
    values = {"start_date": None, "review_date": None, "end_date": None, field: day}
    errors = _refused(dates.check_decision_dates, received_on=received_on, today=today, **values)
    outside = day < received_on - datetime.timedelta(days=365) or day > dates.latest_decision_date(today)
    assert bool(errors) == outside
    if errors:
        assert list(errors) == [field]


@relaxed
@given(notice=days, comment_by=days, sent_on=days, today=days)
def test_an_advance_notice_comes_before_the_decision_with_a_later_comment_deadline(
    notice, comment_by, sent_on, today
):
    saved = _refused(dates.check_advance_notice, sent_on=notice, comment_by=comment_by, today=today)
    assert bool(saved) == (notice > today or comment_by <= notice)
    if not saved and sent_on <= today:
        sent = _refused(
            dates.check_sent_on,
            sent_on=sent_on,
            received_on=D(2000, 1, 1),
            today=today,
            advance_notice_sent_on=notice,
            advance_notice_comment_by=comment_by,
        )
        assert bool(sent) == (notice >= sent_on or sent_on < comment_by)


@relaxed
@given(received_on=days, sent_on=days, today=days)
def test_an_appeal_is_received_between_the_decision_and_today(received_on, sent_on, today):
    errors = _refused(
        dates.check_appeal_received, received_on=received_on, decision_sent_on=sent_on, today=today
    )
    assert bool(errors) == (received_on > today or received_on < sent_on)


@relaxed
@given(sent_on=days, received_on=days, today=days)
def test_an_interim_reply_is_never_dated_in_the_future(sent_on, received_on, today):
    errors = _refused(dates.check_interim_sent, sent_on=sent_on, received_on=received_on, today=today)
    assert bool(errors) == (sent_on > today or sent_on < received_on)


@relaxed
@given(sent_on=days)
def test_a_posted_decision_is_presumed_to_arrive_three_working_days_later(sent_on):
    day, presumed = deadlines.delivered_on("post", sent_on, None)
    assert presumed and day == add_workdays(sent_on, 3)
    assert deadlines.delivered_on("digital", sent_on, None) == (sent_on, False)
    known = sent_on + datetime.timedelta(days=9)
    assert deadlines.delivered_on("post", sent_on, known) == (known, False)


# --- The services and the API give the Norwegian refusal -----------------------------------------------


def _drafting(world, user, person):
    case = build.case_in(Status.DRAFTING, world, user, person)
    return case, build.draft(case, world, complete=True)


def test_a_decision_sent_before_the_application_or_in_the_future_is_refused(
    world, case_worker, person, client
):
    case, draft = _drafting(world, case_worker, person)
    for sent_on, words in (
        (D(2020, 3, 1), "før søknaden kom (23.11.2026)"),
        (local_today() + datetime.timedelta(days=1), "fram i tid"),
    ):
        with pytest.raises(ValidationError) as caught:
            services.decision_send(acting_user=case_worker, decision=draft, sent_on=sent_on)
        assert words in caught.value.message_dict["sent_on"][0]
    draft.refresh_from_db()
    assert draft.state == "draft"
    from helhet.access.services import api_token_create

    response = client.post(
        f"/api/v1/decisions/{draft.pk}/send",
        {"sent_on": "2020-03-01", "confirm": "1"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=case_worker)}",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "sent_on"
    client.force_login(case_worker)
    page = client.post(
        reverse("casework:decision_send", args=[draft.pk]),
        {"sent_on": "2020-03-01", "confirm": "1"},
        follow=True,
    )
    assert "Vedtaket kan ikke være sendt før søknaden kom" in page.content.decode()


def test_a_decision_date_far_outside_the_window_is_refused(world, case_worker, person):
    case, draft = _drafting(world, case_worker, person)
    with pytest.raises(ValidationError) as caught:
        services.decision_draft_update(
            acting_user=case_worker, decision=draft, expected_version=draft.version, start_date=D(2020, 1, 1)
        )
    assert "mer enn ett år før søknaden kom" in caught.value.message_dict["start_date"][0]
    with pytest.raises(ValidationError) as caught:
        services.decision_draft_update(
            acting_user=case_worker, decision=draft, expected_version=draft.version, end_date=D(2099, 1, 1)
        )
    assert "ti år fram i tid" in caught.value.message_dict["end_date"][0]


def test_the_appeal_deadline_runs_from_when_a_posted_decision_arrived(world, case_worker, person):
    case, draft = _drafting(world, case_worker, person)
    sent = services.decision_send(
        acting_user=case_worker, decision=draft, sent_on=D(2026, 11, 23), delivery_method="post"
    )
    assert (sent.delivered_on, sent.delivered_on_presumed) == (D(2026, 11, 26), True)  # Mon + 3 working days
    assert sent.appeal_deadline == deadline(D(2026, 11, 26), weeks=4) == D(2026, 12, 24)


def test_a_known_delivery_date_is_used_and_may_not_precede_sending(world, case_worker, person):
    case, draft = _drafting(world, case_worker, person)
    with pytest.raises(ValidationError) as caught:
        services.decision_send(
            acting_user=case_worker,
            decision=draft,
            sent_on=D(2026, 11, 24),
            delivery_method="post",
            delivered_on=D(2026, 11, 23),
        )
    assert "delivered_on" in caught.value.message_dict
    sent = services.decision_send(
        acting_user=case_worker,
        decision=draft,
        sent_on=D(2026, 11, 24),
        delivery_method="post",
        delivered_on=D(2026, 11, 30),
    )
    assert (sent.delivered_on, sent.delivered_on_presumed, sent.appeal_deadline) == (
        D(2026, 11, 30),
        False,
        D(2026, 12, 28),
    )


# --- The late interim reply ----------------------------------------------------------------------------


def test_a_late_interim_reply_is_shown_and_counted_as_late(world, case_worker, person, client):
    case = services.application_receive(
        acting_user=case_worker,
        municipality=person.municipality,
        person=person,
        received_on=D(2026, 9, 1),
        need="Hjelp med stell",
        signed_by="person",
    )
    with pytest.raises(ValidationError) as caught:
        services.interim_reply_send(
            acting_user=case_worker,
            case=case,
            reason="Venter på epikrise.",
            expected_by=local_today() + datetime.timedelta(days=20),
            sent_on=local_today() + datetime.timedelta(days=1),
        )
    assert "fram i tid" in caught.value.message_dict["sent_on"][0]
    services.interim_reply_send(
        acting_user=case_worker,
        case=case,
        reason="Venter på epikrise.",
        expected_by=local_today() + datetime.timedelta(days=20),
        sent_on=D(2026, 10, 15),  # the deadline was 1 October
    )
    case = Case.objects.select_related("application").get(pk=case.pk)
    assert case.interim_reply_late
    interim = deadlines.for_case(case, [])[0]
    assert interim.met and interim.late and interim.risk(local_today()) == "late"
    board = selectors.dashboard(case_worker, today=local_today())
    assert board.late_interim_count == 1 and board.overdue_count == 0
    client.force_login(case_worker)
    assert "sendt for sent" in client.get(reverse("casework:case", args=[case.pk])).content.decode()
    assert "Foreløpig svar sendt for sent (1)" in client.get(reverse("casework:queue")).content.decode()


# --- Appeals as the law wants them ---------------------------------------------------------------------


def test_several_appeals_on_one_decision_and_on_an_ended_case(world, case_worker, person):
    case = build.case_in(Status.ENDED, world, case_worker, person)
    decision = case.decisions.get()
    first = services.appeal_register(
        acting_user=case_worker, decision=decision, received_on=local_today(), change_wanted="Mer hjelp."
    )
    second = services.appeal_register(
        acting_user=case_worker,
        decision=decision,
        received_on=local_today(),
        change_wanted="",
        clear=False,
        written=False,
        guidance_given="Ringte: forklarte at klagen må være skriftlig og si hva som skal endres.",
        correction_deadline=local_today() + datetime.timedelta(days=10),
    )
    case.refresh_from_db()
    assert case.status == Status.ENDED  # an ended case keeps its status; the appeals wait on the dashboard
    assert (first.state, second.state) == ("received", "needs_correction")
    assert [str(d) for d in second.defects] == ["ikke skriftlig", "uklart hva det klages på"]
    assert selectors.dashboard(case_worker, today=local_today()).open_appeals_count == 2
    with pytest.raises(ValidationError) as caught:
        services.appeal_correct(acting_user=case_worker, appeal=second, corrected_on=local_today())
    assert "change_wanted" in caught.value.message_dict  # still unclear what should change
    services.appeal_correct(
        acting_user=case_worker,
        appeal=second,
        corrected_on=local_today(),
        change_wanted="Vil ha plassen tilbake.",
    )
    services.appeal_reverse(
        acting_user=case_worker, appeal=first, reassessment="Nye opplysninger fra fastlegen."
    )
    case.refresh_from_db()
    assert case.status == Status.DRAFTING  # a reversal needs a new decision, whatever the case's status
    assert "etter klage" in case.events.last().text


def test_an_appeal_in_the_future_or_before_the_decision_is_refused(world, case_worker, person):
    case = build.case_in(Status.FOLLOW_UP, world, case_worker, person)
    decision = case.decisions.get()
    for received_on in (local_today() + datetime.timedelta(days=1), D(2026, 11, 1)):
        with pytest.raises(ValidationError) as caught:
            services.appeal_register(
                acting_user=case_worker, decision=decision, received_on=received_on, change_wanted="Mer."
            )
        assert list(caught.value.message_dict) == ["received_on"]
    assert not Appeal.objects.exists()


def test_a_correction_deadline_passed_blocks_reassessment_until_the_office_records_what_happens(
    world, case_worker, person
):
    case = build.case_in(Status.FOLLOW_UP, world, case_worker, person)
    appeal = build.appeal(case, world, "needs_correction")
    Appeal.objects.filter(pk=appeal.pk).update(
        correction_deadline=D(2026, 11, 30), received_on=D(2026, 11, 24)
    )
    appeal.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.appeal_reverse(acting_user=case_worker, appeal=appeal, reassessment="Omgjøres.")
    assert "Fristen for å rette klagens mangler gikk ut 30.11.2026" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        services.appeal_correct(acting_user=case_worker, appeal=appeal, corrected_on=local_today())
    assert "note" in caught.value.message_dict
    other = build.appeal(case, world, "overdue")
    with pytest.raises(ValidationError):
        services.appeal_dismiss(acting_user=case_worker, appeal=other, reason=" ")
    services.appeal_dismiss(acting_user=case_worker, appeal=other, reason="Ikke signert innen fristen.")
    other.refresh_from_db()
    assert other.state == "dismissed"
    with pytest.raises(ValidationError):  # only an overdue, uncorrected appeal is dismissed
        services.appeal_dismiss(acting_user=case_worker, appeal=other, reason="Igjen.")
    services.appeal_correct(
        acting_user=case_worker, appeal=appeal, corrected_on=local_today(), note="Klageren var på sykehus."
    )
    services.appeal_reverse(acting_user=case_worker, appeal=appeal, reassessment="Omgjøres.")
    appeal.refresh_from_db()
    assert appeal.state == "reversed"


def test_a_late_appeal_is_late_against_the_deadline_from_delivery(world, case_worker, person):
    case, draft = _drafting(world, case_worker, person)
    sent = services.decision_send(
        acting_user=case_worker, decision=draft, sent_on=D(2026, 11, 23), delivered_on=D(2026, 11, 23)
    )
    services.case_transition(acting_user=case_worker, case=case, to=Status.EVALUATION)
    appeal = services.appeal_register(
        acting_user=case_worker, decision=sent, received_on=local_today(), change_wanted="Mer."
    )
    assert appeal.late == (local_today() > D(2026, 12, 21))
    case.refresh_from_db()
    assert case.status == Status.EVALUATION  # no move to «Klage til behandling» from evaluation


def test_a_second_superseding_draft_is_refused_with_the_way_to_the_first(world, case_worker, person):
    case = build.case_in(Status.REVISED, world, case_worker, person)
    old = case.decisions.get()
    first = services.decision_draft_create(
        acting_user=case_worker, case=case, service=world["home_health"], supersedes=old, outcome="INNVILGET"
    )
    with pytest.raises(ValidationError) as caught:
        services.decision_draft_create(
            acting_user=case_worker,
            case=case,
            service=world["home_health"],
            supersedes=old,
            outcome="INNVILGET",
        )
    assert f"allerede erstattet av vedtak {first.pk}" in caught.value.message_dict["supersedes"][0]
