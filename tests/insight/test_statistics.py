"""The statistics page: hand-computed figures on small fixtures, suppression, filters, downloads, refusals
and a bounded number of queries."""

import datetime
import io
import re
import zipfile

import pytest

from helhet.core.disclosure import Shown
from helhet.insight.statistics import care, casework, inquiries, organisation
from helhet.insight.statistics.filters import Filters, parse
from tests import factories
from tests.insight.statistics_data import HOURS, D, Decimal, StatsWorld

pytestmark = pytest.mark.django_db
URL = "/statistikk/"
HIDDEN = Shown(None)


@pytest.fixture
def w(municipality):
    return StatsWorld(municipality)


def period(w, start=None, end=None, **extra) -> Filters:
    return Filters(
        municipality=w.municipality, start=start or D(2025, 1, 1), end=end or D(2025, 6, 30), **extra
    )


def row(figure, header):
    return next(r for r in figure.rows if r[0] == header)


# Inquiries -----------------------------------------------------------------------------------------


def test_inquiries_by_channel_and_answered_at_once(w, other_municipality):
    w.inquiries(6, channel="phone", outcome="answered")
    w.inquiries(5, channel="phone", outcome="booked")
    w.inquiries(5, channel="digital", outcome="answered")
    w.inquiries(7, channel="digital", day=D(2024, 12, 31))  # before the period
    StatsWorld(other_municipality).inquiries(9, channel="letter")
    figure = inquiries.inquiries_by_channel(period(w))
    assert row(figure, "Telefon")[1:] == [Shown(11), Shown(6), 54.5]
    assert row(figure, "Digitalt")[1:] == [Shown(5), Shown(5), 100.0]
    assert row(figure, "I alt")[1:] == [Shown(16), Shown(11), 68.8]
    assert [r[0] for r in figure.rows] == ["Telefon", "Digitalt", "I alt"]


def test_four_is_suppressed_five_is_shown(w):
    w.inquiries(4, channel="phone")
    figure = inquiries.inquiries_by_channel(period(w))
    assert row(figure, "Telefon")[1:] == [HIDDEN, HIDDEN, None]
    assert row(figure, "I alt")[1] == HIDDEN
    w.inquiries(1, channel="phone")
    figure = inquiries.inquiries_by_channel(period(w))
    assert row(figure, "Telefon")[1:] == [Shown(5), Shown(5), 100.0]


def test_a_single_hidden_cell_hides_the_next_smallest_so_the_total_cannot_tell(w):
    w.inquiries(3, channel="letter")
    w.inquiries(5, channel="digital")
    w.inquiries(9, channel="phone")
    figure = inquiries.inquiries_by_channel(period(w))
    assert row(figure, "Brev")[1] == HIDDEN
    assert row(figure, "Digitalt")[1] == HIDDEN  # else 17 − 9 − 5 would give the letters back
    assert row(figure, "Telefon")[1] == Shown(9)
    assert row(figure, "I alt")[1] == Shown(17)


# Casework ------------------------------------------------------------------------------------------


def test_time_to_decision_median_percentile_and_share_within_one_month(w):
    # Received 3 March 2025; one month later is 3 April. Five decided in March, five in April (after 40+ days).
    w.decided_cases([5, 10, 15, 20, 25, 40, 42, 44, 46, 48])
    figure = casework.time_to_decision(period(w))
    assert row(figure, "Hele perioden")[1:] == [Shown(10), 32.5, 46.2, 50.0]
    assert row(figure, "03.2025")[1:] == [Shown(5), 15.0, 23.0, 100.0]
    assert row(figure, "04.2025")[1:] == [Shown(5), 44.0, 47.2, 0.0]


def test_time_to_decision_hides_a_small_month_and_the_next_smallest(w):
    # Three decided in March (1–4: hidden), nine in April; «Hele perioden» (12) would give March back as
    # 12 − 9, so April is hidden too.
    w.decided_cases([10, 20, 25])
    w.decided_cases([25, 27, 29, 31, 33, 35, 37, 39, 41], received=D(2025, 3, 10))
    figure = casework.time_to_decision(period(w))
    assert row(figure, "03.2025")[1:] == [HIDDEN, None, None, None]
    assert row(figure, "04.2025")[1:] == [HIDDEN, None, None, None]
    assert row(figure, "05.2025")[1:] == [Shown(0), None, None, None]
    assert row(figure, "Hele perioden")[1] == Shown(12)


def test_the_share_within_one_month_is_hidden_when_those_within_or_after_are_few(w):
    # 10, 20, 30 days within one month; 40 and 50 after: 3 and 2, both 1–4.
    w.decided_cases([10, 20, 30, 40, 50])
    figure = casework.time_to_decision(period(w))
    assert row(figure, "Hele perioden")[1:] == [Shown(5), 30.0, 46.0, None]
    w.decided_cases([5, 6, 7, 8, 9, 10, 11], received=D(2025, 3, 4))  # 10 within, 2 after: still few after
    figure = casework.time_to_decision(period(w))
    assert row(figure, "Hele perioden")[4] is None
    assert figure.columns[4] == (
        "Andel avgjort innen én måned (tjenestemål, etter én måned skal søkeren ha fått foreløpig svar, "
        "fvl. § 11 a)"
    )
    assert "uten ugrunnet opphold" in figure.description


def test_inquiries_answered_at_once_hidden_when_the_rest_are_few(w):
    w.inquiries(9, channel="phone", outcome="answered")
    w.inquiries(2, channel="phone", outcome="booked")
    w.inquiries(6, channel="digital", outcome="answered")
    w.inquiries(6, channel="digital", outcome="booked")
    figure = inquiries.inquiries_by_channel(period(w))
    # 11 − 9 would tell that two were not answered at once; then digital's answered is hidden as well.
    assert row(figure, "Telefon")[1:] == [Shown(11), HIDDEN, None]
    assert row(figure, "Digitalt")[1:] == [Shown(12), HIDDEN, None]
    assert row(figure, "I alt")[1:] == [Shown(23), Shown(15), 65.2]


def test_inquiries_total_answered_hidden_when_the_rest_are_few(w):
    w.inquiries(9, channel="phone", outcome="answered")
    w.inquiries(1, channel="phone", outcome="booked")
    figure = inquiries.inquiries_by_channel(period(w))
    assert row(figure, "I alt")[1:] == [Shown(10), HIDDEN, None]


def test_time_to_decision_counts_only_the_first_decision(w):
    first = w.decided_cases([10, 10, 10, 10, 10])
    w.decision(first[0].case, sent=D(2025, 6, 1), supersedes=first[0])
    figure = casework.time_to_decision(period(w))
    assert row(figure, "Hele perioden")[1:3] == [Shown(5), 10.0]


def test_decisions_by_outcome_and_service(w):
    w.decided_cases([5] * 5)
    w.decided_cases([6] * 5, outcome="AVSLATT")
    w.decided_cases([7] * 3, service=w.nursing)
    figure = casework.decisions_by_service(period(w))
    assert figure.columns[1:] == ["Innvilget", "Delvis innvilget", "Avslått", "Avvist", "Omgjort", "I alt"]
    assert row(figure, "Hjemmesykepleie")[1:] == [Shown(5), Shown(0), Shown(5), Shown(0), Shown(0), Shown(10)]
    assert row(figure, "Langtidsopphold")[1:] == [HIDDEN, Shown(0), Shown(0), Shown(0), Shown(0), HIDDEN]


def test_applications_per_month(w):
    for index in range(5):
        w.case(received=D(2025, 2, 3), person=index)
    w.case(received=D(2025, 3, 3))
    figure = casework.applications_by_month(period(w))
    # March's one application is hidden, and so is the next smallest month (February), as the total is shown.
    assert row(figure, "02.2025")[1] == HIDDEN
    assert row(figure, "03.2025")[1] == HIDDEN
    assert row(figure, "01.2025")[1] == Shown(0)
    assert row(figure, "I alt")[1] == Shown(6)


def test_interim_replies_in_time(w):
    for index in range(10):
        w.case(person=index, interim=D(2025, 3, 20), late=index >= 5)
    figure = casework.interim_replies(period(w))
    assert row(figure, "03.2025")[1:] == [Shown(10), Shown(5), 50.0]
    assert row(figure, "I alt")[1:] == [Shown(10), Shown(5), 50.0]


def test_interim_replies_hide_in_time_when_late_ones_are_few(w):
    for index in range(6):
        w.case(person=index, interim=D(2025, 3, 20), late=index == 0)
    figure = casework.interim_replies(period(w))
    assert row(figure, "03.2025")[1:] == [Shown(6), HIDDEN, None]


def test_appeals_and_outcomes(w):
    decisions = w.decided_cases([5] * 5)
    for decision in decisions:
        w.appeal(decision)
    for decision in decisions:
        w.appeal(decision, state="closed", authority_outcome="AVSLATT")
    figure = casework.appeals(period(w))
    assert row(figure, "Mottatt")[1] == Shown(5)
    assert row(figure, "Statsforvalteren: Avslått")[1] == Shown(5)
    assert row(figure, "I alt")[1] == Shown(10)


# Care ----------------------------------------------------------------------------------------------


def test_waiting_lists_at_period_end(w):
    for index in range(5):
        w.case(received=D(2025, 5, 1), person=index)
    for index in range(5):
        case = w.case(received=D(2025, 5, 1), person=10 + index, status="notified")
        w.decision(case, service=w.nursing, sent=D(2025, 6, 1), start=D(2025, 8, 1))
    figure = care.waiting_lists(period(w))
    assert row(figure, "Venter på vedtak: Team Nord")[1:] == [Shown(5), Shown(5)]
    assert row(figure, "Venter på oppstart: Langtidsopphold")[1:] == [Shown(5), Shown(0)]


def test_persons_by_care_ladder_step_month_by_month(w):
    decisions = []
    for index in range(5):
        case = w.case(person=index, status="follow_up")
        decisions.append(w.decision(case, sent=D(2025, 1, 10), start=D(2025, 1, 15)))
    late = w.case(person=5, status="follow_up")
    w.decision(late, sent=D(2025, 2, 1), start=D(2025, 2, 10))
    # A revision from 1 March replaces person 0's decision: still one person.
    w.decision(decisions[0].case, sent=D(2025, 2, 25), start=D(2025, 3, 1), supersedes=decisions[0])
    for index in range(5):
        case = w.case(person=20 + index, status="follow_up")
        w.decision(case, service=w.nursing, sent=D(2025, 2, 20), start=D(2025, 3, 1))
    ended = w.case(person=30, status="ended")
    w.decision(ended, sent=D(2025, 1, 2), start=D(2025, 1, 2), end=D(2025, 1, 20))
    figure = care.care_ladder(period(w, end=D(2025, 3, 31)))
    assert figure.columns == ["Måned", "Hjemmetjenester", "Langtidsplass"]
    assert figure.rows == [
        ["01.2025", Shown(5), Shown(0)],
        ["02.2025", Shown(6), Shown(0)],
        ["03.2025", Shown(6), Shown(5)],
    ]


def test_granted_against_delivered_in_the_last_whole_week(w):
    # The period ends Monday 31 March 2025; the last whole week is 24–30 March.
    week = [D(2025, 3, 24), D(2025, 3, 26)]
    for index in range(5):
        case = w.case(person=index, status="follow_up")
        decision = w.decision(case, sent=D(2025, 1, 10), scope=Decimal("2.0"), scope_unit=HOURS)
        w.delivered(decision, days=[*week, D(2025, 3, 31)], extra_minutes=60 if index == 0 else 0)
    figure = care.granted_against_delivered(period(w, end=D(2025, 3, 31)))
    assert figure.title == "Innvilget mot levert, uke 13"
    # Granted 5 × 2 h; delivered 5 × 2 × 30 min (the record on the 31st is outside the week) + 1 h extra.
    assert figure.rows == [
        ["Hjemmesykepleie (timer per uke)", Shown(5), Decimal("10.0"), Decimal("6.0"), 60.0]
    ]


def test_granted_against_delivered_hides_amounts_for_few_persons(w):
    case = w.case(status="follow_up")
    w.decision(case, sent=D(2025, 1, 10), scope=Decimal("3.0"), scope_unit=HOURS)
    figure = care.granted_against_delivered(period(w, end=D(2025, 3, 31)))
    assert figure.rows[0][1:] == [HIDDEN, None, None, None]


def test_deviations_by_kind_and_severity(w):
    w.deviations(5, kind="not_done", severity="low")
    w.deviations(3, kind="not_done", severity="high")
    w.deviations(6, kind="wrong", severity="medium")
    figure = care.deviations(period(w))
    assert row(figure, "Tjeneste ikke gitt")[1:] == [HIDDEN, Shown(0), HIDDEN, Shown(8)]
    assert row(figure, "Feil utført")[1:] == [Shown(0), Shown(6), Shown(0), Shown(6)]


# Organisation --------------------------------------------------------------------------------------


def test_handoffs_by_unit_pair(w):
    w.handoffs(7, from_unit=w.team, to_unit=w.other_team)
    w.handoffs(6, from_unit=w.area, to_unit=w.team)
    w.handoffs(2, from_unit=w.other_team, to_unit=w.team)
    figure = organisation.handoffs_by_pair(period(w))
    assert figure.rows == [
        ["Team Nord → Team Sør", Shown(7)],
        ["Helse og omsorg → Team Nord", HIDDEN],
        ["Team Sør → Team Nord", HIDDEN],
        ["I alt", Shown(15)],
    ]


def test_caseload_per_team(w):
    for index in range(6):
        w.case(person=index, received=D(2025, 2, 1))
    for index in range(5):
        w.case(person=index, received=D(2024, 2, 1), status="ended")
    figure = organisation.caseload_per_team(period(w))
    assert figure.rows == [["Team Nord", Shown(6), Shown(6), 1, 6.0]]


# Filters -------------------------------------------------------------------------------------------


def test_unit_filter_takes_sub_units_and_leaves_others_out(w):
    w.inquiries(5, unit=w.team)  # Team Nord sits under Helse og omsorg
    w.inquiries(6, unit=w.other_team)
    filters = parse({"fra": "2025-01-01", "til": "2025-06-30", "enhet": str(w.area.pk)}, w.municipality)
    assert filters.errors == []
    assert row(inquiries.inquiries_by_channel(filters), "I alt")[1] == Shown(5)


def test_service_filter(w):
    w.decided_cases([5] * 5)
    w.decided_cases([5] * 6, service=w.nursing)
    filters = parse({"fra": "2025-01-01", "til": "2025-06-30", "tjeneste": str(w.nursing.pk)}, w.municipality)
    figure = casework.decisions_by_service(filters)
    assert [r[0] for r in figure.rows] == ["Langtidsopphold"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"fra": "9999-12-31"}, "Fra-datoen må være mellom"),
        ({"til": "0001-01-01"}, "Til-datoen må være mellom"),
        ({"fra": "2025-13-01"}, "kunne ikke leses"),
        ({"fra": "2025-06-01", "til": "2025-01-01"}, "kan ikke være etter"),
        ({"fra": "1990-01-01", "til": "2025-01-01"}, "høyst 10 år"),
        ({"enhet": "999999"}, "Fant ingen enhet"),
        ({"enhet": "abc"}, "Fant ingen enhet"),
        ({"tjeneste": "999999"}, "Fant ingen tjeneste"),
    ],
)
def test_bad_filters_give_a_message_not_an_error(client, analyst, params, message):
    client.force_login(analyst)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_nul_byte_is_refused_by_the_house_middleware(client, analyst):
    client.force_login(analyst)
    assert client.get(URL, {"fra": "2025\x00-01-01"}).status_code == 422


def test_another_municipalitys_unit_is_unknown(client, analyst, other_municipality):
    foreign = factories.unit(other_municipality, "Nabo-teamet")
    client.force_login(analyst)
    response = client.get(URL, {"enhet": foreign.pk})
    assert "Fant ingen enhet" in response.content.decode()
    assert "Nabo-teamet" not in response.content.decode()


# The page, downloads, refusals ------------------------------------------------------------------------


def test_page_shows_plots_with_text_alternatives_and_tables(client, analyst, w):
    w.inquiries(6)
    client.force_login(analyst)
    response = client.get(URL, {"fra": "2025-01-01", "til": "2025-06-30"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg role="img"') >= 1
    assert "<title id=" in html and "<desc id=" in html
    assert '<th scope="row">Telefon</th>' in html
    assert "<caption>Henvendelser etter kanal: tallene i figuren</caption>" in html
    assert "/statistikk/csv/?figur=henvendelser&amp;fra=2025-01-01&amp;til=2025-06-30" in html


def test_csv_download_has_the_same_numbers(client, analyst, w):
    w.inquiries(6)
    w.inquiries(5, channel="digital", outcome="booked")
    w.inquiries(3, channel="letter")
    client.force_login(analyst)
    response = client.get(
        "/statistikk/csv/", {"figur": "henvendelser", "fra": "2025-01-01", "til": "2025-06-30"}
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    # Letters (3 answered) are hidden, so the next smallest answered count (telephone) is hidden too.
    assert "Telefon;6;færre enn 5;–" in text.replace("\r", "")
    assert "Digitalt;færre enn 5;0;–" in text
    assert "Brev;færre enn 5;færre enn 5;–" in text


def test_csv_of_time_to_decision_cannot_be_differenced(client, analyst, w):
    # The review's case: one decision in September, thirteen in November, fourteen in all.
    w.decided_cases([5], received=D(2026, 9, 1))
    w.decided_cases([5] * 13, received=D(2026, 11, 2))
    client.force_login(analyst)
    response = client.get(
        "/statistikk/csv/", {"figur": "saksbehandlingstid", "fra": "2026-01-01", "til": "2026-11-30"}
    )
    text = response.content.decode("utf-8-sig").replace("\r", "")
    assert "09.2026;færre enn 5;" in text
    assert "11.2026;færre enn 5;–;–;–" in text  # else 14 − 13 gives September back
    assert "Hele perioden;14;" in text
    assert "Forvaltningsloven § 11 a krever vedtak uten ugrunnet opphold." in text
    assert "Andel avgjort innen én måned (tjenestemål, etter én måned" in text


def test_free_dates_are_widened_to_whole_months_and_the_page_says_so(client, analyst):
    filters = parse({"fra": "2025-03-17", "til": "2025-05-02"}, analyst.municipality)
    assert (filters.start, filters.end) == (D(2025, 3, 1), D(2025, 5, 31))
    assert filters.errors == [
        "Statistikken gjelder hele måneder, så perioden er utvidet til 01.03.2025–31.05.2025."
    ]
    assert "fra=2025-03-01&til=2025-05-31" in filters.query()
    whole = parse({"fra": "2025-02-01", "til": "2025-02-28"}, analyst.municipality)
    assert (whole.start, whole.end, whole.errors) == (D(2025, 2, 1), D(2025, 2, 28), [])
    client.force_login(analyst)
    html = client.get(URL, {"fra": "2025-03-17", "til": "2025-05-02"}).content.decode()
    assert "perioden er utvidet til 01.03.2025–31.05.2025" in html
    assert "Perioden gjelder alltid hele måneder" in html
    assert 'value="2025-03-01"' in html and 'value="2025-05-31"' in html


def test_the_current_month_ends_today():
    from helhet.insight.statistics.filters import whole_months

    assert whole_months(D(2026, 11, 5), D(2026, 12, 1), D(2026, 12, 2)) == (D(2026, 11, 1), D(2026, 12, 2))
    assert whole_months(D(2026, 12, 1), D(2026, 12, 2), D(2026, 12, 2)) == (D(2026, 12, 1), D(2026, 12, 2))
    assert whole_months(D(2024, 2, 5), D(2024, 2, 6), D(2026, 12, 2)) == (D(2024, 2, 1), D(2024, 2, 29))


def test_a_figure_with_every_number_hidden_is_not_drawn(client, analyst, w):
    w.inquiries(3)
    client.force_login(analyst)
    html = client.get(URL, {"fra": "2025-01-01", "til": "2025-06-30"}).content.decode()
    section = html[html.index('id="henvendelser"') :]
    section = section[: section.index("</section>")]
    assert "<svg" not in section
    assert "Alle tallene i figuren er skjult eller mangler" in section
    assert '<th scope="row">Telefon</th>' in section


def test_excel_download_is_a_real_workbook(client, analyst, w):
    w.inquiries(6)
    client.force_login(analyst)
    response = client.get("/statistikk/excel/", {"figur": "alle", "fra": "2025-01-01", "til": "2025-06-30"})
    assert response.status_code == 200
    book = zipfile.ZipFile(io.BytesIO(response.content))
    names = book.namelist()
    assert "xl/workbook.xml" in names
    sheets = [n for n in names if n.startswith("xl/worksheets/sheet")]
    assert len(sheets) == 12
    strings = book.read("xl/sharedStrings.xml").decode()
    assert "Henvendelser etter kanal" in strings and "Telefon" in strings
    assert "<v>6</v>" in book.read("xl/worksheets/sheet1.xml").decode()


def test_unknown_download_is_404(client, analyst):
    client.force_login(analyst)
    assert client.get("/statistikk/csv/", {"figur": "ukjent"}).status_code == 404
    assert client.get("/statistikk/csv/", {"figur": "alle"}).status_code == 404
    assert client.get("/statistikk/excel/").status_code == 404


@pytest.mark.parametrize("who", ["analyst", "leader", "admin_user"])
def test_readers(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("who", ["case_worker", "nurse", "reception"])
def test_other_roles_are_refused(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(URL).status_code == 403
    assert client.get("/statistikk/csv/", {"figur": "henvendelser"}).status_code == 403
    assert client.get("/statistikk/arsrapport/", {"ar": "2025"}).status_code == 403


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL).status_code == 302


def test_menu_and_start_page_lead_the_analyst_here(client, analyst):
    client.force_login(analyst)
    html = client.get("/").content.decode()
    bar = html.split('class="hh-topnav"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'<a href="[^"]*"(?: aria-current="page")?>([^<]+)</a>', bar)[:2] == [
        "Start",
        "Statistikk",
    ]
    assert "Gå til statistikken" in html


def _bulk(w, n):
    for index in range(n):
        case = w.case(person=index % 7, received=D(2025, 2, 1 + index % 20), status="follow_up")
        decision = w.decision(case, sent=D(2025, 3, 1 + index % 25), scope=Decimal("1.0"), scope_unit=HOURS)
        w.appeal(decision)
        w.delivered(decision, days=[D(2025, 6, 23)])
    w.inquiries(n)
    w.deviations(n)
    w.handoffs(n, from_unit=w.team, to_unit=w.other_team)


def test_a_fixed_number_of_queries_whatever_the_data(client, analyst, w, django_assert_max_num_queries):
    client.force_login(analyst)
    params = {
        "fra": "2025-01-01",
        "til": "2025-06-30",
        "enhet": str(w.area.pk),
        "tjeneste": str(w.home_help.pk),
    }
    _bulk(w, 3)
    with django_assert_max_num_queries(30) as small:
        assert client.get(URL, params).status_code == 200
    _bulk(w, 30)
    with django_assert_max_num_queries(30) as large:
        assert client.get(URL, params).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_default_period_is_the_last_year(analyst):
    filters = parse({}, analyst.municipality)
    assert filters.errors == []
    assert (filters.end - filters.start).days <= 366 + 31
    assert filters.end == datetime.date.today() or filters.end >= filters.start
