"""Leadership that rotates over set periods: the terms are Leadership rows the chart knows; a change re-plans
only the future."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from helhet.organisation import rotation as rotation_module
from helhet.organisation.chart import chart_on
from helhet.organisation.models import Leadership, LeadershipRotation, Staff
from helhet.organisation.rotation import rotation_save, rotation_stop, rotation_terms

pytestmark = pytest.mark.django_db

START = datetime.date(2027, 1, 1)


@pytest.fixture
def today(monkeypatch):
    day = datetime.date(2026, 12, 1)
    monkeypatch.setattr(rotation_module, "local_today", lambda: day)
    return day


@pytest.fixture
def leaders(municipality):
    return [
        Staff.objects.create(municipality=municipality, first_name=name, last_name="Leder")
        for name in ("Anne", "Bjørn", "Cecilie")
    ]


def _terms(unit):
    return list(
        Leadership.objects.filter(unit=unit)
        .order_by("valid_from")
        .values_list("staff__first_name", "valid_from", "valid_to")
    )


def test_three_leaders_every_six_months_from_new_year(team, leaders, today):
    rotation_save(
        unit=team, staff=leaders, starts_on=START, period_length=6, period_unit="months", actor=None
    )
    terms = _terms(team)
    assert terms[:5] == [
        ("Anne", datetime.date(2027, 1, 1), datetime.date(2027, 6, 30)),
        ("Bjørn", datetime.date(2027, 7, 1), datetime.date(2027, 12, 31)),
        ("Cecilie", datetime.date(2028, 1, 1), datetime.date(2028, 6, 30)),
        ("Anne", datetime.date(2028, 7, 1), datetime.date(2028, 12, 31)),
        ("Bjørn", datetime.date(2029, 1, 1), None),
    ]
    # The chart knows who leads when.
    assert chart_on(team.municipality, datetime.date(2027, 8, 15)).nodes[team.pk].leader.first_name == "Bjørn"


def test_months_do_not_drift_from_the_31st(team, leaders, today):
    rotation = LeadershipRotation(
        unit=team, starts_on=datetime.date(2027, 1, 31), period_length=1, period_unit="months"
    )
    starts = [
        start
        for start, _ in rotation_terms(
            rotation, leaders, first_day=rotation.starts_on, until=datetime.date(2027, 5, 31)
        )
    ]
    assert starts == [
        datetime.date(2027, 1, 31),
        datetime.date(2027, 2, 28),
        datetime.date(2027, 3, 31),
        datetime.date(2027, 4, 30),
        datetime.date(2027, 5, 31),
    ]


def test_weeks_over_the_year_end(team, leaders, today):
    rotation = LeadershipRotation(
        unit=team, starts_on=datetime.date(2026, 12, 14), period_length=2, period_unit="weeks"
    )
    terms = rotation_terms(
        rotation, leaders[:2], first_day=rotation.starts_on, until=datetime.date(2027, 1, 31)
    )
    assert [(s, p.first_name) for s, p in terms] == [
        (datetime.date(2026, 12, 14), "Anne"),
        (datetime.date(2026, 12, 28), "Bjørn"),
        (datetime.date(2027, 1, 11), "Anne"),
        (datetime.date(2027, 1, 25), "Bjørn"),
    ]


def test_the_leader_before_the_rotation_leads_until_the_day_before(team, leaders, today, municipality):
    before = Staff.objects.create(municipality=municipality, first_name="Dag", last_name="Før")
    Leadership.objects.create(unit=team, staff=before, valid_from=datetime.date(2020, 1, 1))
    rotation_save(
        unit=team, staff=leaders, starts_on=START, period_length=6, period_unit="months", actor=None
    )
    assert _terms(team)[0] == ("Dag", datetime.date(2020, 1, 1), datetime.date(2026, 12, 31))


def test_a_change_re_plans_only_future_terms(team, leaders, today, monkeypatch):
    rotation_save(
        unit=team, staff=leaders, starts_on=START, period_length=6, period_unit="months", actor=None
    )
    later = datetime.date(2027, 8, 15)  # Bjørn leads; Cecilie is planned from 1 January 2028
    monkeypatch.setattr(rotation_module, "local_today", lambda: later)
    reordered = [leaders[0], leaders[1], leaders[2]][::-1]  # Cecilie, Bjørn, Anne; three-month periods
    rotation_save(
        unit=team, staff=reordered, starts_on=START, period_length=3, period_unit="months", actor=None
    )
    terms = _terms(team)
    # The past and today's term stand; from the next three-month boundary the new order applies.
    assert terms[0] == ("Anne", datetime.date(2027, 1, 1), datetime.date(2027, 6, 30))
    assert terms[1] == ("Bjørn", datetime.date(2027, 7, 1), datetime.date(2027, 9, 30))
    # Period index 3 (from 1 Oct 2027) goes to the new list's index 0: Cecilie.
    assert terms[2] == ("Cecilie", datetime.date(2027, 10, 1), datetime.date(2027, 12, 31))
    assert terms[3] == ("Bjørn", datetime.date(2028, 1, 1), datetime.date(2028, 3, 31))


def test_stopping_keeps_todays_leader_on(team, leaders, today, monkeypatch):
    rotation_save(
        unit=team, staff=leaders, starts_on=START, period_length=6, period_unit="months", actor=None
    )
    monkeypatch.setattr(rotation_module, "local_today", lambda: datetime.date(2027, 3, 1))
    rotation_stop(unit=team, actor=None)
    assert _terms(team) == [("Anne", datetime.date(2027, 1, 1), None)]
    assert not LeadershipRotation.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"starts_on": datetime.date(2026, 11, 1)}, "En ny turnus kan ikke starte før i dag."),
        ({"starts_on": datetime.date(9999, 12, 31)}, "Datoen må være mellom 01.01.1900 og 31.12.2100."),
        ({"period_length": 0}, "Perioden må være mellom 1 og 104 uker eller måneder."),
        ({"staff": []}, "Velg minst én leder i turnusen."),
        ({"title": "Leder\x00"}, "Teksten inneholder ugyldige tegn."),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(team, leaders, today, kwargs, message):
    arguments = {
        "unit": team,
        "staff": leaders,
        "starts_on": START,
        "period_length": 6,
        "period_unit": "months",
        "actor": None,
    }
    with pytest.raises(ValidationError) as refused:
        rotation_save(**{**arguments, **kwargs})
    assert message in refused.value.messages
    assert not Leadership.objects.filter(unit=team).exists()
    assert not LeadershipRotation.objects.exists()


def test_a_leader_twice_is_refused(team, leaders, today):
    with pytest.raises(ValidationError, match="bare én gang"):
        rotation_save(
            unit=team,
            staff=[leaders[0], leaders[0]],
            starts_on=START,
            period_length=6,
            period_unit="months",
            actor=None,
        )


def test_the_daily_job_plans_on_without_moving_what_is_planned(team, leaders, today, monkeypatch):
    from helhet.organisation.rotation import rotations_extend

    rotation_save(
        unit=team, staff=leaders, starts_on=START, period_length=6, period_unit="months", actor=None
    )
    planned = _terms(team)[:-1]
    monkeypatch.setattr(rotation_module, "local_today", lambda: datetime.date(2028, 2, 1))
    assert rotations_extend() > 0
    terms = _terms(team)
    assert terms[: len(planned)] == planned
    assert terms[-1][1] > datetime.date(2029, 12, 31)
    assert [name for name, _start, _end in terms[:7]] == ["Anne", "Bjørn", "Cecilie"] * 2 + ["Anne"]
