import re

from helhet.core.plots import draw


def _bars(fig):
    ax = fig.subplots()
    ax.bar(["Telefon", "Skranke <b>"], [12, 7])


def test_a_plot_is_an_svg_with_a_title_and_description_for_screen_readers():
    svg = draw(_bars, title="Henvendelser etter kanal", description="Telefon 12, skranke 7.")
    assert svg.startswith('<svg role="img"')
    assert "<title id=" in svg and "Henvendelser etter kanal</title>" in svg
    assert "Telefon 12, skranke 7.</desc>" in svg
    assert "<metadata>" not in svg and "<?xml" not in svg
    assert "Skranke &lt;b&gt;" in svg  # labels are text, escaped, never markup
    assert 'viewBox="' in svg
    # The pages allow no inline styles (CSP style-src 'self'): colours are attributes, not style="…".
    assert ' style="' not in svg and "<style" not in svg
    assert 'fill="#0062ba"' in svg


def test_the_same_numbers_give_the_same_picture():
    one = draw(_bars, title="A", description="B")
    two = draw(_bars, title="A", description="B")
    assert one == two


def test_the_same_numbers_are_drawn_once_and_then_taken_from_the_cache(monkeypatch):
    from helhet.core import plots

    calls = []
    original = plots._series_plot
    monkeypatch.setattr(plots, "_series_plot", lambda *a, **k: calls.append(1) or original(*a, **k))
    args = (["Jan", "Feb"], [("Søknader", [3.0, None])])
    first = plots.series_plot(*args, kind="bar", title="Søknader", description="Per måned")
    again = plots.series_plot(*args, kind="bar", title="Søknader", description="Per måned")
    other = plots.series_plot(
        ["Jan", "Feb"], [("Søknader", [4.0, None])], kind="bar", title="Søknader", description="Per måned"
    )
    assert first == again and first != other
    assert len(calls) == 2


def test_a_dollar_in_a_name_is_text_not_a_formula():
    def bars(fig):
        fig.subplots().bar(["Sone $\\foo{$ x", "Team $a$"], [3, 4])

    svg = draw(bars, title="Team", description="To team")
    assert "Sone $\\foo{$ x" in svg and "Team $a$" in svg


def test_axis_numbers_have_a_decimal_comma():
    def line(fig):
        fig.subplots().plot([0, 1, 2], [13.4, 14.0, 14.6])

    texts = re.findall(r"<text[^>]*>([^<]*)</text>", draw(line, title="Dager", description="Median"))
    assert "13,6" in texts and "14,2" in texts
    assert not [text for text in texts if "." in text]
