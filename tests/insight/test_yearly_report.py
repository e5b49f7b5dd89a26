"""The politicians' yearly report: comments from hand-made numbers, and a PDF that renders."""

import shutil
import subprocess

import pytest

from helhet.insight.statistics.yearly import (
    Measure,
    comment,
    measures,
    period_text,
    report_period,
    year_param,
)
from tests.insight.statistics_data import D, StatsWorld

ENOUGH = {"before_cases": 30, "after_cases": 40}


def test_a_fall_in_processing_time_is_told_as_an_improvement():
    text = comment(
        Measure(
            "Saksbehandlingstiden",
            "dager",
            24.0,
            19.0,
            "(median)",
            lower_is_better=True,
            min_difference=1.0,
            min_relative=0.1,
            **ENOUGH,
        ),
        2025,
    )
    assert text == "Saksbehandlingstiden gikk ned fra 24 til 19 dager (median). Det er en forbedring."


def test_a_rise_in_a_share_that_should_rise_is_an_improvement():
    text = comment(
        Measure(
            "Andelen besvart", "prosent", 60.5, 72.0, lower_is_better=False, min_difference=5.0, **ENOUGH
        ),
        2025,
    )
    assert text == "Andelen besvart økte fra 60,5 til 72 prosent. Det er en forbedring."


def test_a_count_without_a_better_direction_gets_no_judgement():
    assert comment(Measure("Antallet henvendelser", "", 120.0, 150.0), 2025) == (
        "Antallet henvendelser økte fra 120 til 150."
    )


def test_unchanged():
    assert comment(Measure("Antallet vedtak", "", 40.0, 40.0), 2025) == "Antallet vedtak var uendret, 40."


def test_too_little_data_this_year_says_so_instead_of_a_trend():
    text = comment(
        Measure("Saksbehandlingstiden", "dager", 24.0, None, "(median)", lower_is_better=True), 2025
    )
    assert text == "Saksbehandlingstiden (median): for lite data i 2025 til å si noe sikkert."
    assert "ned" not in text and "økte" not in text


def test_nothing_to_compare_with_last_year():
    text = comment(Measure("Antallet meldte avvik", "", None, 12.0), 2025)
    assert text == "Antallet meldte avvik var 12 i 2025. For 2024 er det for lite data til å sammenligne."


def test_a_change_on_fewer_than_20_cases_is_described_but_not_judged():
    text = comment(
        Measure(
            "Saksbehandlingstiden",
            "dager",
            24.0,
            12.0,
            "(median)",
            lower_is_better=True,
            before_cases=19,
            after_cases=40,
        ),
        2025,
    )
    assert text == (
        "Saksbehandlingstiden gikk ned fra 24 til 12 dager (median). "
        "Med færre enn 20 saker i ett av årene kan endringen være tilfeldig."
    )
    assert "forbedring" not in text and "forverring" not in text


def test_a_small_difference_is_described_but_not_judged():
    share = Measure(
        "Andelen avgjort", "prosent", 70.0, 67.0, lower_is_better=False, min_difference=5.0, **ENOUGH
    )
    assert (
        comment(share, 2025)
        == "Andelen avgjort gikk ned fra 70 til 67 prosent. Forskjellen er liten og kan være tilfeldig."
    )
    days = Measure(
        "Tiden", "dager", 30.0, 32.0, lower_is_better=True, min_difference=1.0, min_relative=0.1, **ENOUGH
    )
    assert (
        comment(days, 2025) == "Tiden økte fra 30 til 32 dager. Forskjellen er liten og kan være tilfeldig."
    )
    worse = Measure(
        "Tiden", "dager", 30.0, 34.0, lower_is_better=True, min_difference=1.0, min_relative=0.1, **ENOUGH
    )
    assert comment(worse, 2025) == "Tiden økte fra 30 til 34 dager. Det er en forverring."


def test_a_previous_year_without_any_data_is_no_numbers_not_zero():
    text = comment(Measure("Antallet vedtak", "", None, 5.0, before_empty=True), 2025)
    assert text == "Antallet vedtak var 5 i 2025. For 2024 finnes ingen tall."


@pytest.mark.django_db
def test_measures_before_helhet_was_in_use_have_no_previous_numbers(municipality):
    w = StatsWorld(municipality)
    w.decided_cases([10] * 5, received=D(2025, 3, 3))
    for measure in measures(municipality, 2025, today=D(2026, 2, 1)):
        assert measure.before is None and measure.before_empty
        assert "fra 0" not in comment(measure, 2025)
    found = {m.subject: m for m in measures(municipality, 2025, today=D(2026, 2, 1))}
    assert (
        comment(found["Antallet vedtak"], 2025) == "Antallet vedtak var 5 i 2025. For 2024 finnes ingen tall."
    )
    # A year with some data but no inquiries keeps its 0: that is a real number.
    w.decided_cases([10] * 5, received=D(2026, 3, 3))
    found = {m.subject: m for m in measures(municipality, 2026, today=D(2027, 2, 1))}
    assert found["Antallet henvendelser"].before == 0.0 and not found["Antallet henvendelser"].before_empty


def test_a_running_year_is_partial_and_compared_with_the_same_days_a_year_before():
    period = report_period(2026, today=D(2026, 12, 2))
    assert (period.start, period.end, period.previous_start, period.previous_end, period.partial) == (
        D(2026, 1, 1),
        D(2026, 12, 2),
        D(2025, 1, 1),
        D(2025, 12, 2),
        True,
    )
    text = period_text(period)
    assert "31. desember" not in text and "ikke over" in text and "01.01.2025–02.12.2025" in text
    whole = report_period(2025, today=D(2026, 12, 2))
    assert not whole.partial and whole.end == D(2025, 12, 31)
    assert "1. januar–31. desember 2025" in period_text(whole)
    leap = report_period(2028, today=D(2028, 2, 29))
    assert leap.previous_end == D(2027, 2, 28)


@pytest.mark.django_db
def test_a_running_year_compares_like_with_like(municipality):
    w = StatsWorld(municipality)
    w.decided_cases([10] * 6, received=D(2025, 3, 3))  # within 1 January–1 June 2025
    w.decided_cases([10] * 9, received=D(2025, 9, 1))  # later in 2025: not compared with 2026 so far
    w.decided_cases([10] * 7, received=D(2026, 3, 3))
    found = {m.subject: m for m in measures(municipality, 2026, today=D(2026, 6, 1))}
    assert (found["Antallet vedtak"].before, found["Antallet vedtak"].after) == (6.0, 7.0)


def test_a_year_not_begun_is_refused():
    year, error = year_param("2027", today=D(2026, 12, 2))
    assert error == "Året 2027 har ikke begynt ennå, så det finnes ingen tall for det."
    assert year_param("2026", today=D(2026, 12, 2)) == (2026, None)


@pytest.mark.parametrize(("raw", "ok"), [("2025", True), ("9999", False), ("abc", False), ("-1", False)])
def test_year_param(raw, ok):
    year, error = year_param(raw, today=D(2026, 5, 1))
    assert (error is None) == ok
    if ok:
        assert year == 2025


@pytest.mark.django_db
def test_measures_from_the_database_hide_small_numbers(municipality):
    w = StatsWorld(municipality)
    w.decided_cases([10, 20, 30, 40, 50], received=D(2025, 3, 3))
    w.decided_cases([20, 20], received=D(2024, 3, 4))  # 2024: too few for a median
    w.inquiries(3, day=D(2025, 3, 10))
    found = {m.subject: m for m in measures(municipality, 2025)}
    assert (found["Saksbehandlingstiden"].before, found["Saksbehandlingstiden"].after) == (None, 30.0)
    assert found["Antallet henvendelser"].after is None  # three inquiries: suppressed, so no comment number
    assert found["Antallet vedtak"].after == 5.0


@pytest.mark.django_db
def test_the_pdf_renders_with_comments_and_figures(client, analyst, tmp_path):
    w = StatsWorld(analyst.municipality)
    w.decided_cases([10, 20, 30, 40, 50], received=D(2025, 3, 3))
    w.decided_cases([30, 30, 30, 30, 30], received=D(2024, 3, 4))
    client.force_login(analyst)
    response = client.get("/statistikk/arsrapport/", {"ar": "2025"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    pdftotext = shutil.which("pdftotext") or "/usr/bin/pdftotext"
    text = subprocess.run(  # noqa: S603  # a fixed tool on a file the test wrote
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())
    assert "årsrapport for helse, omsorg og velferd 2025" in text
    assert "Saksbehandlingstiden var uendret, 30 dager (median)." in text
    assert "Tid fra søknad mottatt til vedtak sendt" in text


def _pdf_text(response, tmp_path) -> str:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    pdftotext = shutil.which("pdftotext") or "/usr/bin/pdftotext"
    text = subprocess.run(  # noqa: S603  # a fixed tool on a file the test wrote
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(text.split())


@pytest.mark.django_db
def test_the_pdf_of_a_running_year_is_labelled_partial_and_draws_no_empty_axes(client, analyst, tmp_path):
    from helhet.core.calendar import local_today

    this_year = local_today().year
    w = StatsWorld(analyst.municipality)
    w.inquiries(3, day=D(this_year, 1, 10))  # all suppressed: the inquiries figure has nothing to draw
    client.force_login(analyst)
    response = client.get("/statistikk/arsrapport/", {"ar": str(this_year)})
    assert response.status_code == 200
    text = _pdf_text(response, tmp_path)
    assert "(foreløpig, året er ikke over)" in text
    assert "31. desember" not in text
    assert "samme periode året før" in text
    assert "Alle tallene i figuren er skjult eller mangler" in text
    assert "§ 11 a" not in text or "uten ugrunnet opphold" in text


@pytest.mark.django_db
def test_the_report_form_and_a_bad_year(client, analyst):
    client.force_login(analyst)
    assert "Lag PDF" in client.get("/statistikk/arsrapport/").content.decode()
    response = client.get("/statistikk/arsrapport/", {"ar": "99999"})
    assert response.status_code == 200
    assert "Året må være et årstall mellom 2000 og 2100." in response.content.decode()
