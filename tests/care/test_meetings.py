"""Meetings with the person, the joint-conversation day, trio conversations and the individual plan."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from helhet.access.policy import person_access
from helhet.care import selectors, services
from helhet.care.models import MeetingKind
from helhet.casework.models import ReviewRequest
from helhet.core.calendar import local_today
from helhet.intake.models import Inquiry
from tests import factories

TODAY = local_today()


def next_weekday(weekday: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=(weekday - TODAY.weekday()) % 7 or 7)


@pytest.fixture
def nav(municipality):
    return factories.unit(municipality, "NAV Demo")


@pytest.fixture
def nav_leader(municipality, nav):
    return factories.user(municipality, "leder", username="navleder", unit=nav, leads=True)


@pytest.fixture
def mental_health(municipality):
    return factories.unit(municipality, "Psykisk helse og rus")


@pytest.fixture
def ola(municipality, nav):
    """Ola gets help from NAV, which knows him."""
    person = factories.person(municipality, first_name="Ola", last_name="Hansen")
    factories.responsibility(person, unit=nav, reason="Oppfølging fra NAV")
    factories.relative(person, name="Liv Hansen", relation="parent")
    return person


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def test_a_joint_conversation_always_has_the_user_and_several_services(nav_leader, nav, home_care, ola):
    with pytest.raises(ValidationError, match="alltid brukeren med"):
        services.meeting_schedule(
            acting_user=nav_leader,
            person=ola,
            kind=MeetingKind.JOINT,
            starts_at=at(TODAY, 10),
            organiser=nav,
            units=[home_care],
            person_invited=False,
        )
    with pytest.raises(ValidationError, match="minst to tjenester"):
        services.meeting_schedule(
            acting_user=nav_leader, person=ola, kind=MeetingKind.JOINT, starts_at=at(TODAY, 10), organiser=nav
        )


def test_participating_units_get_need_to_know_for_the_meeting(
    nav_leader, nav, mental_health, ola, municipality
):
    counsellor = factories.user(municipality, "tjenesteyter", unit=mental_health)
    assert not person_access(counsellor, ola)
    services.meeting_schedule(
        acting_user=nav_leader,
        person=ola,
        kind=MeetingKind.JOINT,
        starts_at=at(TODAY + datetime.timedelta(days=2), 10),
        organiser=nav,
        units=[mental_health],
    )
    assert person_access(counsellor, ola)


def test_a_fourth_trio_conversation_needs_a_referral(nav_leader, nav, ola, reception):
    for week in range(3):
        services.meeting_schedule(
            acting_user=nav_leader,
            person=ola,
            kind=MeetingKind.TRIO,
            starts_at=at(TODAY + datetime.timedelta(weeks=week), 9),
            organiser=nav,
        )
    assert selectors.trio_without_referral_used(ola) == 3
    with pytest.raises(ValidationError, match="krever henvisning"):
        services.meeting_schedule(
            acting_user=nav_leader, person=ola, kind=MeetingKind.TRIO, starts_at=at(TODAY, 13), organiser=nav
        )
    referral = Inquiry.objects.create(
        municipality=ola.municipality,
        person=ola,
        channel="phone",
        about="Familien ønsker flere samtaler",
        registered_by=reception,
        received_at=timezone.now(),
    )
    meeting = services.meeting_schedule(
        acting_user=nav_leader,
        person=ola,
        kind=MeetingKind.TRIO,
        starts_at=at(TODAY, 13),
        organiser=nav,
        referral_inquiry=referral,
    )
    assert meeting.referral_inquiry == referral


def test_minutes_and_actions_and_a_review_request_lands_at_the_service_office(
    nav_leader, nav, home_care, case_worker, world, municipality, leader
):
    from tests.care.conftest import grant

    person = factories.person(municipality, first_name="Per", last_name="Lie")
    decision = grant(world, case_worker, person)
    factories.responsibility(person, unit=nav)
    meeting = services.meeting_schedule(
        acting_user=nav_leader,
        person=person,
        kind=MeetingKind.JOINT,
        starts_at=timezone.now() - datetime.timedelta(minutes=30),
        organiser=nav,
        units=[home_care],
    )
    services.meeting_minutes_record(
        acting_user=nav_leader, meeting=meeting, minutes="Per ønsker mer hjelp om kvelden", expected_version=1
    )
    task = services.meeting_action_add(
        acting_user=leader,
        meeting=meeting,
        text="Prøve kveldsbesøk",
        owner_unit=home_care,
        owner=leader.staff,
        due_on=TODAY + datetime.timedelta(days=7),
    )
    services.meeting_action_add(
        acting_user=nav_leader,
        meeting=meeting,
        kind="review",
        text="Behovet for hjelp om kvelden har økt",
        decision=decision,
        due_on=TODAY + datetime.timedelta(days=14),
    )
    request = ReviewRequest.objects.get(decision=decision)
    assert request.from_unit == nav and "Behovet for hjelp om kvelden har økt" in request.reason
    assert task in selectors.open_actions(leader)
    meeting.refresh_from_db()
    assert meeting.state == "held"


def test_minutes_are_not_written_before_the_meeting_and_a_stale_save_is_refused(
    nav_leader, nav, home_care, ola
):
    from helhet.core.errors import ConflictError

    later = services.meeting_schedule(
        acting_user=nav_leader,
        person=ola,
        kind=MeetingKind.CONFERENCE,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        organiser=nav,
    )
    with pytest.raises(ValidationError, match="når møtet har begynt"):
        services.meeting_minutes_record(
            acting_user=nav_leader, meeting=later, minutes="x", expected_version=1
        )
    now = services.meeting_schedule(
        acting_user=nav_leader,
        person=ola,
        kind=MeetingKind.CONFERENCE,
        starts_at=timezone.now() - datetime.timedelta(minutes=5),
        organiser=nav,
    )
    services.meeting_minutes_record(acting_user=nav_leader, meeting=now, minutes="Første", expected_version=1)
    with pytest.raises(ConflictError):
        services.meeting_minutes_record(
            acting_user=nav_leader, meeting=now, minutes="Andre", expected_version=1
        )


def test_the_reserved_day_has_slots_blocks_staff_and_is_booked_once_per_slot(
    nav_leader, nav, home_care, mental_health, ola, leader
):
    wednesday = next_weekday(2)
    reserved = services.joint_day_reserve(
        acting_user=nav_leader,
        unit=nav,
        weekday=2,
        starts=datetime.time(9),
        ends=datetime.time(12),
        slot_minutes=60,
    )
    slots = selectors.joint_day_slots(reserved, wednesday)
    assert [s.time.hour for s in slots] == [9, 10, 11]
    assert selectors.joint_day_slots(reserved, wednesday + datetime.timedelta(days=1)) == []
    assert selectors.joint_day_blocks(nav_leader.staff, wednesday) == "NAV Demo"
    assert selectors.joint_day_blocks(leader.staff, wednesday) == ""
    meeting = services.joint_slot_book(
        acting_user=nav_leader,
        joint_day=reserved,
        day=wednesday,
        time=datetime.time(10),
        person=ola,
        units=[home_care, mental_health],
    )
    assert meeting.kind == MeetingKind.JOINT and meeting.person_invited
    assert {p.unit for p in meeting.participants.all()} == {nav, home_care, mental_health}
    with pytest.raises(ValidationError, match="ikke ledig"):
        services.joint_slot_book(
            acting_user=nav_leader,
            joint_day=reserved,
            day=wednesday,
            time=datetime.time(10),
            person=ola,
            units=[home_care],
        )


def test_only_the_leader_reserves_the_day_and_only_on_a_weekday(nav, nav_leader, municipality):
    staff = factories.user(municipality, "tjenesteyter", unit=nav)
    with pytest.raises(PermissionDenied):
        services.joint_day_reserve(
            acting_user=staff, unit=nav, weekday=2, starts=datetime.time(9), ends=datetime.time(12)
        )
    with pytest.raises(ValidationError, match="mandag til fredag"):
        services.joint_day_reserve(
            acting_user=nav_leader, unit=nav, weekday=6, starts=datetime.time(9), ends=datetime.time(12)
        )


@pytest.fixture
def coordinating(municipality):
    return factories.unit(municipality, "Koordinerende enhet")


@pytest.fixture
def coordinator_user(municipality, coordinating):
    return factories.user(municipality, "koordinator", username="koordinator", unit=coordinating)


def test_a_coordinator_is_appointed_even_when_the_person_declines_the_plan(
    coordinator_user, coordinating, municipality, world
):
    person = factories.person(municipality, first_name="Siri", last_name="Dahl")
    factories.responsibility(person, unit=coordinating)
    plan = services.coordinator_appoint(
        acting_user=coordinator_user,
        person=person,
        coordinating_unit=coordinating,
        coordinator=coordinator_user.staff,
        plan_declined=True,
    )
    assert person_access(coordinator_user, person).reason.startswith("Ansvar")
    with pytest.raises(ValidationError, match="takket nei"):
        services.individual_plan_goal_add(acting_user=coordinator_user, plan=plan, text="Bo hjemme")
    with pytest.raises(ValidationError, match="allerede koordinator"):
        services.coordinator_appoint(
            acting_user=coordinator_user,
            person=person,
            coordinating_unit=coordinating,
            coordinator=coordinator_user.staff,
        )


def test_a_child_coordinator_only_for_a_child(coordinator_user, coordinating, municipality):
    adult = factories.person(municipality, first_name="Voksen", birth_date=datetime.date(1980, 1, 1))
    child = factories.person(
        municipality, first_name="Barn", birth_date=TODAY.replace(year=TODAY.year - 8, day=1)
    )
    for person in (adult, child):
        factories.responsibility(person, unit=coordinating)
    with pytest.raises(ValidationError, match="barn under 18"):
        services.coordinator_appoint(
            acting_user=coordinator_user,
            person=adult,
            coordinating_unit=coordinating,
            coordinator=coordinator_user.staff,
            child_coordinator=coordinator_user.staff,
        )
    plan = services.coordinator_appoint(
        acting_user=coordinator_user,
        person=child,
        coordinating_unit=coordinating,
        coordinator=coordinator_user.staff,
        child_coordinator=coordinator_user.staff,
    )
    assert plan.child_coordinator == coordinator_user.staff


def test_the_plan_is_seen_only_by_those_the_person_consented_to(
    coordinator_user, coordinating, municipality, home_care, nurse, leader
):
    person = factories.person(municipality, first_name="Siri", last_name="Dahl")
    factories.responsibility(person, unit=coordinating)
    factories.responsibility(person, unit=home_care)
    plan = services.coordinator_appoint(
        acting_user=coordinator_user,
        person=person,
        coordinating_unit=coordinating,
        coordinator=coordinator_user.staff,
    )
    with pytest.raises(Http404):
        selectors.individual_plan_detail(nurse, plan.pk)
    plan.shared_with.add(home_care)
    assert selectors.individual_plan_detail(nurse, plan.pk) == plan


def test_the_overview_lists_plans_not_reviewed_for_six_months(coordinator_user, coordinating, municipality):
    person = factories.person(municipality, first_name="Siri", last_name="Dahl")
    factories.responsibility(person, unit=coordinating)
    plan = services.coordinator_appoint(
        acting_user=coordinator_user,
        person=person,
        coordinating_unit=coordinating,
        coordinator=coordinator_user.staff,
    )
    type(plan).objects.filter(pk=plan.pk).update(reviewed_on=TODAY - datetime.timedelta(days=200))
    plans, overdue_before = selectors.coordinator_overview(coordinator_user)
    assert [p.reviewed_on < overdue_before for p in plans] == [True]
    plan.refresh_from_db()
    services.individual_plan_review(acting_user=coordinator_user, plan=plan, expected_version=plan.version)
    plans, overdue_before = selectors.coordinator_overview(coordinator_user)
    assert [p.reviewed_on < overdue_before for p in plans] == [False]


def test_the_joint_day_page_books_a_person(client, nav_leader, nav, home_care, mental_health, ola):
    reserved = services.joint_day_reserve(
        acting_user=nav_leader, unit=nav, weekday=2, starts=datetime.time(9), ends=datetime.time(12)
    )
    client.force_login(nav_leader)
    wednesday = selectors.next_joint_days(reserved)[0]
    response = client.post(
        reverse("care:joint_day") + f"?person={ola.pk}",
        {
            "enhet": nav.pk,
            "person": ola.pk,
            "day": wednesday.isoformat(),
            "time": "11:00",
            "units": [home_care.pk, mental_health.pk],
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Fellessamtalen er booket." in html and "Psykisk helse og rus" in html and "Ola Hansen" in html


def test_the_meeting_pages_show_what_a_participant_needs(
    client, nav_leader, nav, home_care, ola, case_worker
):
    meeting = services.meeting_schedule(
        acting_user=nav_leader,
        person=ola,
        kind=MeetingKind.JOINT,
        starts_at=timezone.now() - datetime.timedelta(minutes=10),
        organiser=nav,
        units=[home_care],
        relatives=list(ola.relatives.all()),
        agenda="Bolig og arbeid",
    )
    client.force_login(nav_leader)
    html = client.get(reverse("care:meeting", args=[meeting.pk])).content.decode()
    assert "Fellessamtale med Ola Hansen" in html and "Liv Hansen" in html and "Bolig og arbeid" in html
    response = client.post(
        reverse("care:meeting", args=[meeting.pk]),
        {
            "action": "follow_up",
            "kind": "task",
            "text": "Søke bostøtte",
            "owner_unit": nav.pk,
            "due_on": TODAY.isoformat(),
        },
        follow=True,
    )
    assert "Søke bostøtte" in response.content.decode()
    listing = client.get(reverse("care:meetings")).content.decode()
    assert "Søke bostøtte" in listing and "Ola Hansen" in listing
    client.force_login(case_worker)
    assert client.get(reverse("care:meeting", args=[meeting.pk])).status_code in (403, 404)


def test_the_new_meeting_page_says_how_many_trio_conversations_are_left(client, nav_leader, nav, ola):
    client.force_login(nav_leader)
    html = client.get(reverse("care:meeting_new"), {"person": ola.pk}).content.decode()
    assert "Familien har hatt 0 triosamtaler uten henvisning av 3." in html


def test_appointing_through_the_pages(client, coordinator_user, coordinating, municipality):
    person = factories.person(municipality, first_name="Siri", last_name="Dahl")
    factories.responsibility(person, unit=coordinating)
    client.force_login(coordinator_user)
    form = client.get(reverse("care:appoint"), {"person": person.pk}).content.decode()
    assert "Oppnevn koordinator for Siri Dahl" in form and "Barnekoordinator" not in form
    response = client.post(
        reverse("care:appoint") + f"?person={person.pk}",
        {"person": person.pk, "coordinator": coordinator_user.staff.pk, "shared_with": [coordinating.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "Individuell plan for Siri Dahl" in html
    response = client.post(
        response.redirect_chain[-1][0], {"action": "goal", "text": "Gå på skole"}, follow=True
    )
    assert "Gå på skole" in response.content.decode()
    assert "Siri Dahl" in client.get(reverse("care:coordination")).content.decode()


def test_the_responsibility_group_comes_from_units_the_person_consented_to(
    coordinator_user, coordinating, municipality, home_care, nurse
):
    person = factories.person(municipality, first_name="Siri", last_name="Dahl")
    factories.responsibility(person, unit=coordinating)
    factories.responsibility(person, unit=home_care)
    plan = services.coordinator_appoint(
        acting_user=coordinator_user,
        person=person,
        coordinating_unit=coordinating,
        coordinator=coordinator_user.staff,
    )
    with pytest.raises(ValidationError, match="samtykket til"):
        services.individual_plan_group_add(acting_user=coordinator_user, plan=plan, staff=nurse.staff)
    plan.shared_with.add(home_care)
    services.individual_plan_group_add(acting_user=coordinator_user, plan=plan, staff=nurse.staff)
    assert selectors.may_read_individual_plan(nurse, plan)


def test_the_staff_calendar_shows_the_blocked_day_meetings_and_visits(
    client, nav_leader, nav, home_care, ola
):
    wednesday = next_weekday(2)
    services.joint_day_reserve(
        acting_user=nav_leader, unit=nav, weekday=2, starts=datetime.time(9), ends=datetime.time(12)
    )
    meeting = services.meeting_schedule(
        acting_user=nav_leader, person=ola, kind=MeetingKind.TRIO, starts_at=at(wednesday, 10), organiser=nav
    )
    days = {d.day: d for d in selectors.staff_calendar(nav_leader, start=TODAY)}
    assert days[wednesday].blocked_by == "NAV Demo" and days[wednesday].meetings == [meeting]
    client.force_login(nav_leader)
    html = client.get(reverse("care:calendar")).content.decode()
    assert "Satt av til fellessamtaler (NAV Demo)" in html and "Triosamtale: Ola Hansen" in html


def test_withdrawn_consent_closes_the_plan_to_that_unit_at_once(
    client, coordinator_user, coordinating, municipality, home_care, nurse
):
    person = factories.person(municipality, first_name="Siri", last_name="Dahl")
    factories.responsibility(person, unit=coordinating)
    factories.responsibility(person, unit=home_care)
    plan = services.coordinator_appoint(
        acting_user=coordinator_user,
        person=person,
        coordinating_unit=coordinating,
        coordinator=coordinator_user.staff,
        shared_with=[home_care],
    )
    assert selectors.may_read_individual_plan(nurse, plan)
    client.force_login(coordinator_user)
    response = client.post(
        reverse("care:individual_plan", args=[plan.pk]), {"action": "consent", "shared_with": []}, follow=True
    )
    assert "Samtykket er oppdatert." in response.content.decode()
    plan.refresh_from_db()
    assert not selectors.may_read_individual_plan(nurse, plan)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are PostgreSQL's; SQLite writes one at a time"
)
def test_two_trio_bookings_at_once_cannot_both_take_the_last_free_conversation(nav_leader, nav, ola):
    import threading

    from django.db import connections

    for week in range(2):
        services.meeting_schedule(
            acting_user=nav_leader,
            person=ola,
            kind=MeetingKind.TRIO,
            starts_at=at(TODAY + datetime.timedelta(weeks=week), 9),
            organiser=nav,
        )
    barrier, outcomes = threading.Barrier(2), []

    def book(hour):
        try:
            barrier.wait()
            services.meeting_schedule(
                acting_user=nav_leader,
                person=ola,
                kind=MeetingKind.TRIO,
                starts_at=at(TODAY, hour),
                organiser=nav,
            )
            outcomes.append("booked")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(hour,)) for hour in (13, 14)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["booked", "refused"]
    assert selectors.trio_without_referral_used(ola) == 3


def test_ending_the_coordination_ends_the_coordinators_need_to_know(
    coordinator_user, coordinating, municipality
):
    from helhet.access.models import Responsibility

    person = factories.person(municipality, first_name="Siri", last_name="Dahl")
    factories.responsibility(person, unit=coordinating, valid_to=TODAY)
    plan = services.coordinator_appoint(
        acting_user=coordinator_user,
        person=person,
        coordinating_unit=coordinating,
        coordinator=coordinator_user.staff,
    )
    services.individual_plan_end(acting_user=coordinator_user, plan=plan)
    assert not Responsibility.objects.filter(
        source=f"individual_plan:{plan.pk}", valid_to__isnull=True
    ).exists()
    assert not person_access(coordinator_user, person, on=TODAY + datetime.timedelta(days=1))
    with pytest.raises(ValidationError, match="allerede avsluttet"):
        services.individual_plan_end(acting_user=coordinator_user, plan=plan)


def test_the_joint_day_blocks_other_meetings_for_its_staff_but_not_its_own_joint_conversations(
    nav_leader, nav, home_care, ola, leader, municipality
):
    """domain.md §0 E: one day a week is kept for joint conversations; staff of the reserving unit cannot
    be booked into other meetings that day, only into the joint conversations themselves."""
    wednesday = next_weekday(2)
    reserved = services.joint_day_reserve(
        acting_user=nav_leader, unit=nav, weekday=2, starts=datetime.time(9), ends=datetime.time(12)
    )
    adviser = factories.user(municipality, "tjenesteyter", username="veileder", unit=nav).staff
    factories.responsibility(ola, unit=home_care, reason="Mottar helsetjenester i hjemmet")
    for kind in (MeetingKind.TRIO, MeetingKind.GROUP, MeetingKind.CONFERENCE):
        with pytest.raises(ValidationError) as caught:
            services.meeting_schedule(
                acting_user=nav_leader,
                person=ola,
                kind=kind,
                starts_at=at(wednesday, 14),
                organiser=nav,
                staff=[adviser],
            )
        assert list(caught.value.message_dict) == ["staff"]
        assert "satt av til fellessamtaler denne dagen (NAV Demo)" in str(caught.value)
    # A joint conversation another unit calls is not one of the day's own conversations.
    with pytest.raises(ValidationError, match="satt av til fellessamtaler"):
        services.meeting_schedule(
            acting_user=leader,
            person=ola,
            kind=MeetingKind.JOINT,
            starts_at=at(wednesday, 14),
            organiser=home_care,
            units=[nav],
            staff=[adviser],
        )
    booked = services.joint_slot_book(
        acting_user=nav_leader,
        joint_day=reserved,
        day=wednesday,
        time=datetime.time(9),
        person=ola,
        units=[home_care],
        staff=[adviser],
    )
    assert {p.staff for p in booked.participants.all()} >= {adviser}
    # The day after, the adviser is free for any meeting.
    assert services.meeting_schedule(
        acting_user=nav_leader,
        person=ola,
        kind=MeetingKind.TRIO,
        starts_at=at(wednesday + datetime.timedelta(days=1), 10),
        organiser=nav,
        staff=[adviser],
    ).pk
