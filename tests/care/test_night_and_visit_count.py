"""The nurse on the night before 07:00 is shown her next shift's visits, the shift form keeps only a choice she
made, and the progress line counts visits (one person at one time), not persons."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from helhet.care import selectors, services
from helhet.care.models import Shift, shift_of
from helhet.home import days
from tests import factories
from tests.care.conftest import TODAY, grant, plan_with_measure

ALL_WEEK = [0, 1, 2, 3, 4, 5, 6]
TIME_IN = {Shift.DAY: "08:00", Shift.EVENING: "16:00", Shift.NIGHT: "23:30"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(world, case_worker, municipality, leader):
    """Ragnhild has home health care, enough visits a week for two a day."""
    person = factories.person(
        municipality, first_name="Ragnhild", last_name="Berg", street_address="Storgata 3"
    )
    return person, grant(world, case_worker, person, amount=14)


def _given(leader, nurse, person, decision, *, day, shift):
    plan_with_measure(nurse, person, decision, times=[TIME_IN[shift]], weekdays=ALL_WEEK, what="Tilsyn")
    services.visit_assign(
        acting_user=leader,
        unit=decision.provider_unit,
        person=person,
        day=day,
        shift=shift,
        staff=nurse.staff,
    )


def test_before_seven_the_start_page_shows_the_day_shifts_own_visits(nurse, leader, granted):
    person, decision = granted
    _given(leader, nurse, person, decision, day=TODAY, shift=Shift.DAY)
    (unit_day,) = days.provider_day(nurse, today=TODAY, at=datetime.time(5, 0))
    assert unit_day.later and unit_day.shift == Shift.DAY and unit_day.day == TODAY
    assert [visit.person for visit in unit_day.visits] == [person]
    assert unit_day.shift_label == "Dag (07–15)"


def test_after_eleven_at_night_the_next_shift_is_tomorrows_day(nurse, leader, granted):
    person, decision = granted
    tomorrow = TODAY + datetime.timedelta(days=1)
    _given(leader, nurse, person, decision, day=tomorrow, shift=Shift.DAY)
    (unit_day,) = days.provider_day(nurse, today=TODAY, at=datetime.time(23, 30))
    assert unit_day.later and (unit_day.day, unit_day.shift) == (tomorrow, Shift.DAY)


def test_without_visits_in_any_coming_shift_the_current_one_is_shown(nurse, granted):
    (unit_day,) = days.provider_day(nurse, today=TODAY, at=datetime.time(5, 0))
    assert not unit_day.later and unit_day.shift == Shift.NIGHT and unit_day.visits == []


def test_the_start_page_says_which_shift_and_links_to_it_with_mine(client, nurse, leader, granted):
    person, decision = granted
    now = timezone.localtime()
    day, shift = days.shifts_after(TODAY, now.time())[0]
    _given(leader, nurse, person, decision, day=day, shift=shift)
    client.force_login(nurse)
    html = client.get(reverse("home")).content.decode()
    assert "Ingen besøk er gitt deg i denne vakten. Dette er dine besøk i neste vakt du har:" in html
    assert str(Shift(shift).label) in html and "Ragnhild Berg" in html
    unit = decision.provider_unit_id
    assert f"?enhet={unit}&amp;mine=1&amp;dato={day.isoformat()}&amp;vakt={shift}" in html


def test_the_shift_form_keeps_only_a_choice_the_user_made(client, nurse, leader, granted):
    person, decision = granted
    _given(leader, nurse, person, decision, day=TODAY, shift=Shift.DAY)
    client.force_login(nurse)
    night = client.get(
        reverse("care:worklist"), {"vakt": "night", "dato": TODAY.isoformat()}
    ).content.decode()
    assert 'aria-current="page">Hele teamet' in night  # no own visits at night
    assert 'name="mine"' not in night  # the form lets the next shift choose for itself
    day = client.get(reverse("care:worklist"), {"vakt": "day", "dato": TODAY.isoformat()}).content.decode()
    assert 'aria-current="page">Mine besøk' in day and "Ragnhild Berg" in day
    chosen = client.get(reverse("care:worklist"), {"vakt": "night", "mine": "0"}).content.decode()
    assert '<input type="hidden" name="mine" value="0">' in chosen


def test_a_visit_is_one_person_at_one_time(client, nurse, granted):
    person, decision = granted
    _plan, measure = plan_with_measure(nurse, person, decision, times=["07:30", "12:00"], weekdays=ALL_WEEK)
    unit = decision.provider_unit
    visits = selectors.worklist(nurse, unit=unit, day=TODAY, shift=Shift.DAY)
    assert selectors.progress(visits) == (0, 2)
    services.task_record(
        acting_user=nurse, measure=measure, day=TODAY, time=datetime.time(7, 30), status="done"
    )
    visits = selectors.worklist(nurse, unit=unit, day=TODAY, shift=Shift.DAY)
    assert selectors.progress(visits) == (1, 2)
    client.force_login(nurse)
    html = client.get(reverse("care:worklist"), {"vakt": "day", "mine": "0"}).content.decode()
    assert "1 av 2 besøk ferdige" in html
    assert shift_of(datetime.time(7, 30)) == Shift.DAY
