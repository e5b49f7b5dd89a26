"""The day around the work list: assigning visits, partial and extra help, the message book and appointments."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from helhet.access.models import AccessLog
from helhet.care import selectors, services
from helhet.care.models import MessageRead
from helhet.core.calendar import local_today
from tests import factories
from tests.care.conftest import plan_with_measure

TODAY = local_today()


@pytest.fixture
def daily(nurse, granted):
    person, decision = granted
    plan, measure = plan_with_measure(nurse, person, decision, weekdays=[], every_n_days=3, valid_from=TODAY)
    return person, decision, plan, measure


def test_the_leader_gives_a_visit_to_a_nurse_and_can_move_it(leader, nurse, home_care, daily, municipality):
    person = daily[0]
    other = factories.user(municipality, "tjenesteyter", username="annen", unit=home_care)
    services.visit_assign(
        acting_user=leader, unit=home_care, person=person, day=TODAY, shift="day", staff=nurse.staff
    )
    services.visit_assign(
        acting_user=leader, unit=home_care, person=person, day=TODAY, shift="day", staff=other.staff
    )
    [visit] = selectors.worklist(leader, unit=home_care, day=TODAY, shift="day")
    assert visit.staff == other.staff


def test_the_calendar_of_a_nurse_with_visits_shows_them(client, leader, nurse, home_care, daily):
    services.visit_assign(
        acting_user=leader, unit=home_care, person=daily[0], day=TODAY, shift="day", staff=nurse.staff
    )
    client.force_login(nurse)
    response = client.get(reverse("care:calendar"))
    assert response.status_code == 200
    assert "Dag (07–15)" in response.content.decode()


def test_only_the_leader_assigns_and_only_staff_of_the_unit(leader, nurse, home_care, daily, municipality):
    person = daily[0]
    with pytest.raises(PermissionDenied):
        services.visit_assign(
            acting_user=nurse, unit=home_care, person=person, day=TODAY, shift="day", staff=nurse.staff
        )
    stranger = factories.user(municipality, "tjenesteyter", unit=factories.unit(municipality, "Sykehjemmet"))
    with pytest.raises(ValidationError, match="jobber ikke i enheten"):
        services.visit_assign(
            acting_user=leader, unit=home_care, person=person, day=TODAY, shift="day", staff=stranger.staff
        )


def test_a_nurse_sees_only_her_visits_when_she_asks(client, leader, nurse, home_care, daily):
    services.visit_assign(
        acting_user=leader, unit=home_care, person=daily[0], day=TODAY, shift="day", staff=leader.staff
    )
    client.force_login(nurse)
    mine = client.get(reverse("care:worklist"), {"dato": TODAY.isoformat(), "vakt": "day", "mine": "1"})
    assert "Du har ingen besøk på denne vakten." in mine.content.decode()
    assert not AccessLog.objects.filter(user=nurse, person=daily[0]).exists()
    everyone = client.get(reverse("care:worklist"), {"dato": TODAY.isoformat(), "vakt": "day"})
    assert "Ragnhild Berg" in everyone.content.decode()


def test_the_leader_assigns_through_the_page(client, leader, nurse, home_care, daily):
    client.force_login(leader)
    response = client.post(
        reverse("care:assign"),
        {
            "enhet": home_care.pk,
            "dato": TODAY.isoformat(),
            "vakt": "day",
            "person": daily[0].pk,
            "staff": nurse.staff.pk,
        },
        follow=True,
    )
    assert "besøket er gitt til" in response.content.decode()
    assert "Besøket går til Test tjenesteyter" in response.content.decode()


def test_partly_done_and_extra_help_count_as_delivered(nurse, daily):
    person, decision, plan, measure = daily
    services.task_record(
        acting_user=nurse, measure=measure, day=TODAY, time=datetime.time(8), status="partly"
    )
    services.extra_task_record(
        acting_user=nurse,
        plan=plan,
        decision=decision,
        day=TODAY,
        time=datetime.time(9),
        what="Skiftet sengetøy",
        minutes=20,
    )
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())
    week = selectors.delivered_per_week(decision, monday)
    assert week["delivered"] == 2 and week["extra"] == 1


def test_extra_help_needs_what_and_a_sensible_length(nurse, daily):
    person, decision, plan, _measure = daily
    with pytest.raises(ValidationError, match="hva du hjalp med"):
        services.extra_task_record(
            acting_user=nurse,
            plan=plan,
            decision=decision,
            day=TODAY,
            time=datetime.time(9),
            what=" ",
            minutes=20,
        )
    with pytest.raises(ValidationError, match="mellom 1 og 600"):
        services.extra_task_record(
            acting_user=nurse,
            plan=plan,
            decision=decision,
            day=TODAY,
            time=datetime.time(9),
            what="x",
            minutes=0,
        )


def test_messages_carry_read_receipts_and_leave_the_book_after_their_due_date(
    nurse, leader, home_care, daily
):
    message = services.message_post(
        acting_user=leader, unit=home_care, text="Ny nøkkelboks hos Berg", person=daily[0], due_on=TODAY
    )
    services.message_mark_read(acting_user=nurse, message=message)
    services.message_mark_read(acting_user=nurse, message=message)
    assert set(MessageRead.objects.filter(message=message).values_list("user__username", flat=True)) == {
        "leder",
        "tjenesteyter",
    }
    assert message in selectors.open_messages(home_care, TODAY)
    assert message not in selectors.open_messages(home_care, TODAY + datetime.timedelta(days=1))


def test_a_message_about_a_person_the_unit_does_not_serve_is_refused(nurse, home_care, kari, world):
    with pytest.raises(ValidationError, match="ikke ansvar"):
        services.message_post(acting_user=nurse, unit=home_care, text="Hei", person=kari)


def test_an_appointment_shows_on_that_days_work_list(nurse, home_care, daily):
    services.appointment_add(
        acting_user=nurse,
        person=daily[0],
        kind="hospital",
        starts_at=datetime.datetime.combine(TODAY, datetime.time(11, 30)),
        what="Kontroll på poliklinikken",
    )
    [visit] = selectors.worklist(nurse, unit=home_care, day=TODAY, shift="day")
    assert [a.what for a in visit.appointments] == ["Kontroll på poliklinikken"]
    assert (
        selectors.worklist(nurse, unit=home_care, day=TODAY + datetime.timedelta(days=3), shift="day")[
            0
        ].appointments
        == []
    )


def test_the_message_book_page_posts_and_signs(client, nurse, home_care):
    client.force_login(nurse)
    response = client.post(
        reverse("care:messages"), {"enhet": home_care.pk, "text": "Bilen står på verksted"}, follow=True
    )
    html = response.content.decode()
    assert "Beskjeden er lagt i beskjedboka." in html and "Bilen står på verksted" in html


def test_tampered_forms_are_refused_without_a_server_error(client, leader, home_care, daily):
    client.force_login(leader)
    assert (
        client.post(
            reverse("care:assign"), {"dato": TODAY.isoformat(), "person": "x", "staff": "y"}
        ).status_code
        == 404
    )
    response = client.post(
        reverse("care:extra", args=[daily[2].pk]), {"decision": "x", "time": "09:00", "minutes": "many"}
    )
    assert response.status_code == 404
    response = client.post(
        reverse("care:plan", args=[daily[0].pk]),
        {"decision": daily[1].pk, "what": "x", "procedure": "y", "times": "08:00", "minutes": "z"},
        follow=True,
    )
    assert "Minutter må være et helt tall." in response.content.decode()


def test_the_delivery_report_sets_granted_against_planned_and_delivered_in_fixed_queries(
    client, leader, nurse, home_care, world, case_worker, municipality, django_assert_max_num_queries
):
    from tests.care.conftest import grant

    monday = TODAY - datetime.timedelta(days=TODAY.weekday())

    def add(i):
        person = factories.person(municipality, first_name=f"Person{i}")
        decision = grant(world, case_worker, person, amount=5)
        plan, measure = plan_with_measure(
            nurse, person, decision, weekdays=[0, 1, 2], valid_from=decision.start_date
        )
        services.task_record(
            acting_user=nurse, measure=measure, day=monday, time=datetime.time(8), status="done"
        )
        return decision

    first = add(0)
    [row] = selectors.delivery_report(home_care, monday)
    assert (row.decision, row.planned, row.delivered, row.not_done) == (first, 3, 1, 0)
    client.force_login(leader)
    with (
        django_assert_max_num_queries(19) as one
    ):  # the page, the unit check, one chained access-log write (two on PostgreSQL) and the menu's count
        client.get(reverse("care:delivery"), {"dato": TODAY.isoformat()})
    for i in range(1, 6):
        add(i)
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(reverse("care:delivery"), {"dato": TODAY.isoformat()}).content.decode()
    table, chart = html.split('id="delivery-chart-heading"')
    assert table.count("Helsetjenester i hjemmet") == 6
    assert 'role="img"' in chart and "Innvilget og levert per person denne uken" in chart
    assert chart.count("levert 1") == 12  # beside each bar and in the table
