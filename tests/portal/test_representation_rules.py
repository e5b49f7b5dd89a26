"""The rules of who may do what on Min side, as data: per scope, mandate, validity and the child's age."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helhet.people import parent_rules
from helhet.people.models import GuardianshipMandate, Person, PowerOfAttorneyScope, Relative, Representation
from helhet.portal import representation
from helhet.portal.representation import Capability as C

TODAY = datetime.date(2026, 12, 2)


def _person(age_years: int, *, extra_days: int = 0) -> Person:
    born = TODAY.replace(year=TODAY.year - age_years) - datetime.timedelta(days=extra_days)
    return Person(birth_date=born, national_id="", first_name="Barn", last_name="Nordmann")


def _rep(person: Person, kind: str, **extra) -> Relative:
    return Relative(person=person, name="Representant", relation="parent", representation=kind, **extra)


def _parent_sees(age: int, *, limited: bool = False) -> frozenset[str]:
    return representation.capabilities_for_representative(
        _rep(_person(age, extra_days=10), Representation.PARENTAL_RESPONSIBILITY), on=TODAY, limited=limited
    )


def test_every_name_in_the_table_is_a_capability():
    names = set(parent_rules.EVERYTHING)
    for band in parent_rules.PARENT_BANDS:
        names |= band.sees | band.sees_when_limited
    names |= {name for name, _label in parent_rules.PARENT_VIEW_COLUMNS}
    assert names <= {c.value for c in C}
    assert {c.value for c in C} == parent_rules.EVERYTHING


def test_the_bands_cover_every_age_under_18_once():
    for age in range(18):
        assert sum(band.from_age <= age < band.to_age for band in parent_rules.PARENT_BANDS) == 1
    assert parent_rules.parent_band(18) is None


@pytest.mark.parametrize("age", [0, 5, 11])
def test_under_12_parents_see_everything(age):
    assert _parent_sees(age) == representation.ALL


@pytest.mark.parametrize("age", [12, 13, 15])
def test_12_to_16_parents_see_everything_unless_the_child_for_good_reasons_does_not_want_it(age):
    assert _parent_sees(age) == representation.ALL
    limited = _parent_sees(age, limited=True)
    # What parental responsibility needs: the case, its status, the decisions; applying and appealing.
    assert limited == {C.FOLLOW, C.APPLY, C.LETTERS, C.APPEAL}
    for hidden in (C.DOCUMENTS, C.PLAN, C.MESSAGES, C.ACCESS_LOG, C.CONSENT, C.MEETINGS):
        assert hidden not in limited


@pytest.mark.parametrize("age", [16, 17])
@pytest.mark.parametrize("limited", [False, True])
def test_from_16_parents_see_nothing_on_min_side_what_they_need_is_given_by_staff(age, limited):
    """pbrl § 3-4 fourth ledd: from 16 only what is necessary for parental responsibility, which staff judge;
    that a case exists is itself confidential (helsepersonelloven § 21)."""
    assert _parent_sees(age, limited=limited) == frozenset()


@pytest.mark.parametrize("age", [18, 40])
def test_parental_responsibility_ends_at_18(age):
    assert _parent_sees(age) == frozenset()


def test_the_table_the_staff_read_says_the_same():
    rows = {(row["label"], row["limited"]): row["cells"] for row in parent_rules.parent_view_table()}
    columns = [name for name, _label in parent_rules.PARENT_VIEW_COLUMNS]
    thirteen = dict(zip(columns, rows[("12–15 år", True)], strict=True))
    assert thirteen == {
        "follow": True,
        "letters": True,
        "documents": False,
        "plan": False,
        "messages": False,
        "access_log": False,
    }
    sixteen = dict(zip(columns, rows[("16–17 år", False)], strict=True))
    assert not any(sixteen.values())


@given(age=st.integers(min_value=0, max_value=110), limited=st.booleans())
def test_parents_never_see_more_with_a_limit_nor_more_as_the_child_grows(age, limited):
    sees = parent_rules.parent_sees(age, limited=limited)
    assert parent_rules.parent_sees(age, limited=True) <= parent_rules.parent_sees(age, limited=False)
    assert parent_rules.parent_sees(age + 1, limited=limited) <= sees or age + 1 == 12
    if age >= 16:
        assert "documents" not in sees


@pytest.mark.parametrize(
    ("age", "sees_own"),
    [(10, False), (13, False), (15, False), (16, True), (17, True), (18, True), (90, True)],
)
def test_a_young_person_has_their_own_min_side_from_16(age, sees_own):
    own = representation.capabilities_for_self(_person(age, extra_days=3), on=TODAY)
    assert (own == representation.ALL) is sees_own
    assert own in (representation.ALL, frozenset())


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (PowerOfAttorneyScope.EVERYTHING, representation.ALL),
        (
            PowerOfAttorneyScope.CASES,
            {C.FOLLOW, C.APPLY, C.LETTERS, C.APPEAL, C.MEETINGS, C.MESSAGES},
        ),
        (PowerOfAttorneyScope.FOLLOW, {C.FOLLOW, C.LETTERS}),
        ("", {C.FOLLOW, C.APPLY, C.LETTERS, C.APPEAL, C.MEETINGS, C.MESSAGES}),
    ],
)
def test_a_fullmakt_reaches_as_far_as_its_scope(scope, expected):
    relative = _rep(_person(88), Representation.POWER_OF_ATTORNEY, scope=scope)
    assert representation.capabilities_for_representative(relative, on=TODAY) == expected


def test_only_a_fullmakt_for_everything_sees_health_documents_and_changes_consents():
    for scope in PowerOfAttorneyScope.values:
        caps = representation.capabilities_for_representative(
            _rep(_person(88), Representation.POWER_OF_ATTORNEY, scope=scope), on=TODAY
        )
        assert (C.DOCUMENTS in caps) is (scope == PowerOfAttorneyScope.EVERYTHING)
        assert (C.CONSENT in caps) is (scope == PowerOfAttorneyScope.EVERYTHING)


@pytest.mark.parametrize(
    ("mandate", "documents"),
    [
        (GuardianshipMandate.PERSONAL, True),
        (GuardianshipMandate.BOTH, True),
        (GuardianshipMandate.ECONOMIC, False),
    ],
)
def test_a_verge_acts_within_the_mandate_from_statsforvalteren(mandate, documents):
    caps = representation.capabilities_for_representative(
        _rep(_person(70), Representation.GUARDIANSHIP, mandate=mandate), on=TODAY
    )
    assert C.FOLLOW in caps and C.APPLY in caps and C.APPEAL in caps
    assert (C.DOCUMENTS in caps) is documents
    assert (C.CONSENT in caps) is documents


@given(
    start=st.one_of(st.none(), st.dates(datetime.date(2000, 1, 1), datetime.date(2040, 1, 1))),
    length=st.one_of(st.none(), st.integers(min_value=0, max_value=5000)),
    ended=st.one_of(st.none(), st.dates(datetime.date(2000, 1, 1), datetime.date(2040, 1, 1))),
    day=st.dates(datetime.date(2000, 1, 1), datetime.date(2040, 1, 1)),
)
def test_a_representation_acts_only_within_its_period_and_before_it_ended(start, length, ended, day):
    end = None if start is None or length is None else start + datetime.timedelta(days=length)
    relative = _rep(
        _person(88),
        Representation.POWER_OF_ATTORNEY,
        scope=PowerOfAttorneyScope.EVERYTHING,
        valid_from=start,
        valid_to=end,
        ended_on=ended,
    )
    inside = (
        (start is None or start <= day) and (end is None or day <= end) and (ended is None or day < ended)
    )
    caps = representation.capabilities_for_representative(relative, on=day)
    assert (caps == representation.ALL) is inside
    assert caps in (representation.ALL, frozenset())


def test_ended_today_gives_nothing_today():
    relative = _rep(
        _person(88), Representation.POWER_OF_ATTORNEY, scope=PowerOfAttorneyScope.EVERYTHING, ended_on=TODAY
    )
    assert representation.capabilities_for_representative(relative, on=TODAY) == frozenset()
    assert (
        representation.capabilities_for_representative(relative, on=TODAY - datetime.timedelta(days=1))
        == representation.ALL
    )


def test_nobody_represents_themself_and_no_representation_gives_nothing():
    person = _person(50)
    person.national_id = "12345678901"
    own = _rep(person, Representation.POWER_OF_ATTORNEY, scope="alt", national_id="12345678901")
    assert representation.capabilities_for_representative(own, on=TODAY) == frozenset()
    assert representation.capabilities_for_representative(_rep(person, ""), on=TODAY) == frozenset()


def test_the_access_log_reason_names_the_ground_never_a_number():
    person = _person(80)
    person.first_name, person.national_id = "Astrid", "12345678901"
    assert representation.access_reason("self", person) == "Innbyggerens egen innsyn"
    reason = representation.access_reason(Representation.POWER_OF_ATTORNEY, person)
    assert reason == "Som fullmektig for Astrid Nordmann"
    assert "12345678901" not in reason
