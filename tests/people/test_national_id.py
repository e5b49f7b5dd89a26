import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum.no import fodselsnummer

from helhet.people import national_id

VALID_REAL_LOOKING = "15108695088"  # python-stdnum's documented example


def message_of(raw, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        national_id.parse(raw, **kwargs)
    return caught.value.messages[0]


def test_a_valid_number_gives_birth_date_sex_and_kind():
    parsed = national_id.parse("151086 95088", allow_synthetic=False)
    assert parsed.number == VALID_REAL_LOOKING
    assert parsed.birth_date == datetime.date(1986, 10, 15)
    assert parsed.sex == "K"
    assert parsed.kind == national_id.FNR
    assert parsed.masked == "151086 *****"


def test_wrong_checksum_is_explained():
    assert "Kontrollsifrene stemmer ikke" in message_of("15108695077")


def test_wrong_length_says_how_many_digits():
    assert message_of("1510869508") == "Fødselsnummeret må ha 11 siffer, du skrev 10."


def with_check_digits(body: str) -> str:
    """The first number from `body` + an individual number whose check digits are single digits."""
    for individual in range(100, 500):
        first = fodselsnummer.calc_check_digit1(f"{body}{individual}")
        second = fodselsnummer.calc_check_digit2(f"{body}{individual}{first}")
        if len(first + second) == 2:
            return f"{body}{individual}{first}{second}"
    raise AssertionError("no number")


def test_impossible_date_is_explained():
    assert message_of(with_check_digits("310286")) == "Fødselsnummeret inneholder ingen gyldig fødselsdato."


def test_a_birth_date_in_the_future_is_refused():
    number = national_id.make_synthetic(datetime.date(2025, 6, 1), seed=1)
    assert message_of(number, allow_synthetic=True, today=datetime.date(2025, 5, 1)) == (
        "Fødselsdatoen i nummeret ligger fram i tid."
    )


def test_letters_and_empty_input_are_refused():
    assert message_of("1510869508X") == "Fødselsnummeret kan bare inneholde siffer."
    assert message_of("") == "Fyll inn fødselsnummer eller D-nummer."


def test_d_number_is_recognised():
    number = national_id.make_synthetic(datetime.date(1990, 3, 5), seed=3, sex="M", d_number=True)
    parsed = national_id.parse(number, allow_synthetic=True)
    assert parsed.kind == national_id.DNR
    assert parsed.birth_date == datetime.date(1990, 3, 5)
    assert parsed.sex == "M"


def test_synthetic_numbers_are_refused_where_not_allowed():
    number = national_id.make_synthetic(datetime.date(1990, 3, 5), seed=3)
    assert message_of(number, allow_synthetic=False) == "Syntetiske testnummer kan ikke brukes her."


@given(
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2025, 12, 31)),
    st.integers(0, 10_000),
    st.sampled_from("MK"),
    st.booleans(),
)
def test_every_generated_synthetic_number_validates_back_to_its_facts(birth_date, seed, sex, d_number):
    number = national_id.make_synthetic(birth_date, seed=seed, sex=sex, d_number=d_number)
    parsed = national_id.parse(number, allow_synthetic=True)
    assert (parsed.birth_date, parsed.sex, parsed.synthetic) == (birth_date, sex, True)
    assert parsed.kind == (national_id.DNR if d_number else national_id.FNR)


@given(st.text(max_size=20))
def test_any_input_either_parses_or_gives_a_norwegian_message(raw):
    try:
        national_id.parse(raw, allow_synthetic=True)
    except ValidationError as error:
        assert error.messages and all(m.strip() for m in error.messages)
