"""Server-drawn bar charts: the bars scale to the largest value, the limit is drawn, numbers are in a table."""

from django.template.loader import render_to_string

from helhet.core.charts import WIDTH, bar_chart


def test_bars_scale_to_the_largest_value_and_mark_those_over_the_limit():
    chart = bar_chart(
        "Lederspenn", "Direkte", [("A", 50, "50"), ("B", 10, "10")], limit=40, limit_text="Grense 40"
    )
    a, b = chart.bars
    assert a.width == WIDTH - 80 and b.width == a.width / 5
    assert a.over and not b.over
    assert chart.limit_x == a.width * 40 / 50


def test_a_suppressed_value_gets_no_bar_but_its_text():
    chart = bar_chart("Avvik", "Antall", [("Mars", None, "færre enn 5"), ("April", 7, "7")])
    html = render_to_string("includes/bar_chart.html", {"chart": chart, "chart_id": "c"})
    assert html.count("<rect") == 1
    assert "færre enn 5" in html
    assert 'role="img"' in html and '<title id="c-title">Avvik</title>' in html
    assert "<table" in html and '<th scope="row">Mars</th>' in html


def test_a_second_measure_is_drawn_beside_the_first_and_in_its_own_column():
    chart = bar_chart(
        "Innvilget og levert",
        "Innvilget",
        [("Kari", 10, "10 timer")],
        second=[(6, "levert 6")],
        second_label="Levert",
    )
    html = render_to_string("includes/bar_chart.html", {"chart": chart, "chart_id": "d"})
    assert html.count("<rect") == 2 and "levert 6" in html and ">Levert</th>" in html


def test_an_empty_chart_draws_nothing():
    chart = bar_chart("Tomt", "Antall", [])
    assert chart.bars == () and chart.height > 0
