"""The citizens' search: danger words show the crisis numbers first; a search with no hits reads properly
and says who to call."""

import datetime

import pytest
from django.urls import reverse

from helhet.catalogue.models import ServiceOffice
from helhet.catalogue.services import catalogue_install_defaults
from helhet.portal.crisis import DANGER_WORDS, LINES, crisis_lines

DAY = datetime.date(2026, 11, 23)


@pytest.fixture
def catalogue(municipality):
    catalogue_install_defaults(municipality=municipality, on=DAY)
    ServiceOffice.objects.filter(municipality=municipality, service_area="health_care").update(
        phone="51 00 00 00", opening_hours="Mandag–fredag 08.00–15.30"
    )
    return municipality


def _page(client, municipality, query: str) -> str:
    return client.get(reverse("portal:services", args=[municipality.number]), {"q": query}).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("said", "numbers"),
    [
        ("selvmord", ["113", "116 117", "116 123"]),
        ("jeg har selvmordstanker", ["113", "116 123"]),
        ("vold", ["113", "112", "116 006", "Krisesenteret"]),
        ("overgrep", ["113", "116 006", "116 111"]),
        ("redd for barnet", ["113", "116 111"]),
        ("barnevern", ["113", "116 111"]),
        ("selvmor", ["113", "116 123"]),  # a slip still counts
    ],
)
def test_a_danger_word_shows_the_crisis_numbers_above_the_results(client, catalogue, said, numbers):
    html = _page(client, catalogue, said)
    assert "Trenger du hjelp nå?" in html
    box = html[
        html.index('id="crisis-heading"') : html.index("</section>", html.index('id="crisis-heading"'))
    ]
    for number in numbers:
        assert number in box, number
    assert html.index('id="crisis-heading"') < html.index('id="results-heading"')
    assert 'href="tel:113"' in box


@pytest.mark.django_db
@pytest.mark.parametrize("said", ["hjemmehjelp", "husleie", "psykolog", ""])
def test_ordinary_words_show_no_crisis_box(client, catalogue, said):
    assert "Trenger du hjelp nå?" not in _page(client, catalogue, said)


@pytest.mark.django_db
@pytest.mark.parametrize("said", ["barnevern", "redd for barnet"])
def test_child_worries_find_the_family_and_child_services(client, catalogue, said):
    html = _page(client, catalogue, said)
    assert "Triosamtaler" in html and "Helsestasjon" in html


def test_every_danger_word_names_known_lines_and_113_comes_first():
    keys = {line.key for line in LINES}
    for word, wanted in DANGER_WORDS.items():
        assert set(wanted) <= keys, word
        assert crisis_lines(word)[0].number == "113", word
    assert crisis_lines("hjemmehjelp") == []
    assert crisis_lines("\x00" * 50) == []


@pytest.mark.django_db
def test_no_hits_reads_properly_and_says_to_call_the_service_office(client, catalogue):
    html = _page(client, catalogue, "parkeringskort")
    assert "0 tjenester" not in html and "den som passer best først" not in html
    assert "Vi fant ingen tjeneste som passer «parkeringskort»." in html
    assert "Ring servicekontoret" in html
    status = html[html.index('role="status"') :]
    assert "51 00 00 00" in status[: status.index("Vis alle tjenestene")]


@pytest.mark.django_db
def test_hits_still_say_how_many_best_first(client, catalogue):
    html = _page(client, catalogue, "rus")
    assert "tjenester passer «rus», den som passer best først." in html
    assert "Ring servicekontoret" not in html
