"""The capacity simulation page: who may use it, defaults side by side, recorded arrivals, bad input."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from helhet.access import roles
from helhet.insight.simulation.arrivals import recorded_rates, weekday_occurrences
from helhet.insight.simulation.forms import RunForm, ScenarioForm, default_pair
from helhet.intake.models import Inquiry
from tests import factories

URL = reverse("insight:simulation")
OSLO = ZoneInfo("Europe/Oslo")


def default_params(**overrides) -> dict[str, str]:
    """The page's own default values, as the browser would send them with «Kjør simuleringen»."""
    params = {"kjor": "1"}
    initial_a, initial_b = default_pair()
    forms = (
        RunForm(initial={"period_from": datetime.date(2026, 1, 1), "period_to": datetime.date(2026, 3, 31)}),
        ScenarioForm(prefix="a", initial=initial_a),
        ScenarioForm(prefix="b", initial=initial_b),
    )
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            params[field.html_name] = value.isoformat() if isinstance(value, datetime.date) else str(value)
    params["weeks"] = "2"
    params.update(overrides)
    return params


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


def test_who_may_simulate(client, municipality, reception, nurse, case_worker, leader, analyst, admin_user):
    assert client.get(URL).status_code == 302  # to the login
    for user in (reception, nurse, case_worker):
        client.force_login(user)
        assert client.get(URL).status_code == 403
    for user in (leader, analyst, admin_user):
        client.force_login(user)
        assert client.get(URL).status_code == 200
    assert client.post(URL, default_params()).status_code == 405


def test_the_page_shows_the_default_pair_and_runs_it_side_by_side(
    analyst_client, django_assert_max_num_queries
):
    html = analyst_client.get(URL).content.decode()
    assert "Tre separate dører" in html and "Ett felles mottak" in html
    assert "Resultater side om side" not in html
    with django_assert_max_num_queries(8):
        response = analyst_client.get(URL, default_params(seed="11"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Resultater side om side" in html
    assert "frø (seed) 11" in html
    assert "Ventetid i mottak, 90-persentil (minutter)" in html
    assert "Tid til vedtak, 90-persentil (dager)" in html
    assert html.count('role="img"') == 4  # two distributions and two typical weeks, each with its table
    assert "<title" in html and "Tallene i figuren" in html
    # Same seed, same numbers.
    again = analyst_client.get(URL, default_params(seed="11")).content.decode()

    def table(page):
        start = page.index('id="results-table"')
        return page[start : page.index("Kjøretid", start)]

    assert table(html) == table(again)


def test_recorded_inquiries_become_hourly_rates_of_this_municipality_only(
    municipality, other_municipality, reception, outsider
):
    # Two Mondays and a Tuesday in a fortnight from Monday 5 January 2026.
    for when, muni, user in (
        (datetime.datetime(2026, 1, 5, 9, 15, tzinfo=OSLO), municipality, reception),
        (datetime.datetime(2026, 1, 5, 9, 45, tzinfo=OSLO), municipality, reception),
        (datetime.datetime(2026, 1, 12, 9, 30, tzinfo=OSLO), municipality, reception),
        (datetime.datetime(2026, 1, 13, 14, 5, tzinfo=OSLO), municipality, reception),
        (datetime.datetime(2026, 1, 5, 9, 5, tzinfo=OSLO), other_municipality, outsider),
        (datetime.datetime(2026, 1, 20, 9, 5, tzinfo=OSLO), municipality, reception),  # after the period
    ):
        Inquiry.objects.create(
            municipality=muni,
            contact_name="Ukjent",
            channel="in_person" if when.day != 13 else "phone",
            about="Spørsmål",
            registered_by=user,
            received_at=when,
        )
    rates, total = recorded_rates(municipality, datetime.date(2026, 1, 5), datetime.date(2026, 1, 18))
    assert total == 4
    assert rates[0][9] == pytest.approx(1.5)  # three on two Mondays at 09
    assert rates[1][14] == pytest.approx(0.5)
    assert sum(map(sum, rates)) == pytest.approx(2.0)
    _rates, in_person = recorded_rates(
        municipality, datetime.date(2026, 1, 5), datetime.date(2026, 1, 18), in_person_only=True
    )
    assert in_person == 3
    assert weekday_occurrences(datetime.date(2026, 1, 5), datetime.date(2026, 1, 7)) == [1, 1, 1, 0, 0, 0, 0]


def test_the_page_runs_on_recorded_inquiries_and_says_so(analyst_client, municipality, reception):
    for day in range(5, 10):
        for minute in (0, 20, 40):
            Inquiry.objects.create(
                municipality=municipality,
                contact_name="Ukjent",
                channel="in_person",
                about="Spørsmål",
                registered_by=reception,
                received_at=datetime.datetime(2026, 1, day, 10, minute, tzinfo=OSLO),
            )
    params = default_params(source="recorded", period_from="2026-01-05", period_to="2026-01-11")
    html = analyst_client.get(URL, params).content.decode()
    assert "Ankomstene er regnet ut fra 15 registrerte henvendelser." in html
    empty = default_params(source="recorded", period_from="2025-01-05", period_to="2025-01-11")
    html = analyst_client.get(URL, empty).content.decode()
    assert "Det er ingen registrerte henvendelser i perioden" in html
    assert "Resultater side om side" not in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"weeks": "53"}, "Antall uker å simulere"),
        ({"weeks": "-1"}, "Antall uker å simulere"),
        ({"a-reception_staff": "0"}, "Ansatte i mottak i alt"),
        ({"a-reception_staff": "2", "a-doors": "3"}, "Hvert mottak trenger minst én ansatt."),
        ({"b-reception_rooms": "0"}, "Hvert mottak trenger minst ett samtalerom"),
        ({"b-answered_share": "140"}, "Andel besvart med en gang"),
        ({"b-case_hours": "nan"}, "Arbeidstid per sak"),
        ({"b-case_hours": "1e308"}, "Arbeidstid per sak"),
        ({"a-name": "x" * 500}, "Navn på scenarioet"),
        ({"b-joint_rooms": "9"}, "Fellessamtalene bruker samtalerommene"),
        ({"b-joint_slots": "16", "b-joint_minutes": "240"}, "får ikke plass på én dag"),
        ({"a-services_per_complex": "4", "a-teams": "3"}, "flere team enn det finnes"),
        ({"a-team_staff": "100", "a-teams": "8"}, "Høyst 400 ansatte i bakkontoret"),
        ({"c0_9": "-3"}, "mandag kl. 09"),
        ({"c0_9": "100000"}, "mandag kl. 09"),
        ({"weeks": "52", "c0_9": "500", "c1_9": "500", "c2_9": "500"}, "Simuleringen blir for stor"),
        ({"seed": "abc"}, "Frø (seed)"),
        ({"source": "recorded", "period_from": "9999-12-31", "period_to": "9999-12-31"}, "Periode fra"),
        ({"source": "recorded", "period_from": "2026-02-01", "period_to": "2026-01-01"}, "sluttdato"),
        ({"source": "recorded", "period_from": "2020-01-01", "period_to": "2026-01-01"}, "høyst tre år"),
        ({"source": "recorded", "period_from": "", "period_to": ""}, "Velg perioden"),
        ({"source": "telepati"}, "Ankomster"),
        ({"b-reception_distribution": "cauchy"}, "Fordeling av tiden i mottak"),
        ({**{f"c{d}_{h}": "0" for d in range(7) for h in range(7, 18)}}, "Fyll inn minst én time"),
    ],
)
def test_bad_parameters_give_a_norwegian_message_and_no_run(analyst_client, overrides, message):
    response = analyst_client.get(URL, default_params(**overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Simuleringen ble ikke kjørt" in html
    assert message in html
    assert "Resultater side om side" not in html


def test_a_nul_byte_is_refused_with_a_norwegian_page(analyst_client):
    response = analyst_client.get(URL, default_params(**{"a-name": "x\x00y"}))
    assert response.status_code == 422
    assert "ugyldig tegn" in response.content.decode()


def test_a_decimal_comma_is_understood(analyst_client):
    html = analyst_client.get(
        URL, default_params(**{"a-case_hours": "5,5", "work_hours": "7,5"})
    ).content.decode()
    assert "Resultater side om side" in html


def test_the_insight_hub_offers_the_simulation_to_analysts_only(client, analyst, reception):
    client.force_login(analyst)
    assert "Kapasitetssimulering" in client.get(reverse("insight:hub")).content.decode()
    client.force_login(reception)
    assert client.get(reverse("insight:hub")).status_code == 403


def test_a_user_without_municipality_is_refused(client, municipality):
    user = factories.user(municipality, roles.ANALYST)
    user.municipality = None
    user.save()
    client.force_login(user)
    assert client.get(URL).status_code == 403
