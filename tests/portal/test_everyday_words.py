"""The held list: words people say each find a fitting service among the first results."""

import datetime
from pathlib import Path

import pytest

from helhet.catalogue import selectors
from helhet.catalogue.services import catalogue_install_defaults

TOP = 5
DAY = datetime.date(2026, 11, 23)
WORDS_FILE = Path(__file__).with_name("everyday_words.txt")


def _held_list() -> list[tuple[str, str]]:
    pairs = []
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            said, expected = (part.strip() for part in line.split("|"))
            pairs.append((said, expected))
    return pairs


HELD = _held_list()


def test_the_held_list_is_long_enough():
    assert len({said for said, _ in HELD}) >= 40


@pytest.fixture
def catalogue(municipality):
    catalogue_install_defaults(municipality=municipality, on=DAY)
    return municipality


@pytest.mark.django_db
def test_each_everyday_word_finds_a_fitting_service(catalogue):
    missed = []
    for said, expected in HELD:
        found = [view.service.name for view in selectors.services(catalogue, on=DAY, query=said)][:TOP]
        if expected not in found:
            missed.append(f"{said!r}: expected {expected!r}, got {found}")
    assert not missed, "\n".join(missed)


@pytest.mark.django_db
def test_rus_finds_more_than_one_service(catalogue):
    found = [view.service.name for view in selectors.services(catalogue, on=DAY, query="rus")]
    assert len(found) >= 4


@pytest.mark.django_db
def test_words_that_mean_nothing_find_nothing(catalogue):
    assert selectors.services(catalogue, on=DAY, query="xqzvw") == []
    assert selectors.services(catalogue, on=DAY, query="!!! ???") == []


@pytest.mark.django_db
def test_a_precise_word_does_not_return_the_whole_catalogue(catalogue):
    everything = len(selectors.services(catalogue, on=DAY))
    for said in ("hjemmehjelp", "psykolog", "husleie", "trygghetsalarm"):
        assert len(selectors.services(catalogue, on=DAY, query=said)) < everything / 3


@pytest.mark.django_db
@pytest.mark.parametrize("said", ["hjemmehjelp", "vaske huset", "hjelp til å vaske huset"])
def test_home_help_words_put_practical_help_first_and_no_physiotherapy_next(catalogue, said):
    found = [view.service.name for view in selectors.services(catalogue, on=DAY, query=said)]
    assert found[0] == "Praktisk bistand – daglige gjøremål"
    assert "Fysioterapi" not in found[:2]


@pytest.mark.django_db
@pytest.mark.parametrize("said", ["TT-kort", "parkeringskort", "tt kort"])
def test_a_card_the_catalogue_has_no_service_for_finds_none_rather_than_short_stays(catalogue, said):
    found = [view.service.name for view in selectors.services(catalogue, on=DAY, query=said)]
    assert "Korttidsopphold i sykehjem" not in found
    assert found == []
