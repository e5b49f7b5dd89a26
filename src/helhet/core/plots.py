"""Plots drawn on the server as SVG with matplotlib, ready to put in a page or a PDF.

matplotlib is the plotting library with the longest record and the widest use in Python; it draws SVG
without a browser or JavaScript, so a page works with scripts off and WeasyPrint can print the same
picture. Text stays text in the SVG (not paths), so it is searchable, scales, and costs little.

Every plot gets a title and a description for screen readers (`role="img"`, `<title>`, `<desc>`);
the page shows the numbers as a table beside it, so nothing is only in the picture.
"""

import hashlib
import io
import json
import logging
import re
from collections.abc import Callable
from typing import Any

import matplotlib

matplotlib.use("Agg")

from cycler import cycler  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.utils.html import escape  # noqa: E402
from django.utils.safestring import SafeString, mark_safe  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, ScalarFormatter  # noqa: E402

# Designsystemet's accent blue and neutrals; a second series in a colour that differs in lightness too,
# so the two can be told apart in greyscale and by those who do not see colour.
COLOURS = ("#0062ba", "#e7a33e", "#1e2b3c", "#6a7d93", "#b4d5f5")
STYLE: dict[Any, Any] = {
    "svg.fonttype": "none",
    "text.parse_math": False,  # a unit called «Sone $x$» is a name, not a formula to typeset
    "svg.hashsalt": "helhet",  # stable ids: the same numbers give the same bytes
    # Text is measured with DejaVu Sans (shipped with matplotlib, so no font lookup warnings); the page's
    # stylesheet then shows it in the page's own font (.helhet-plot text).
    "font.family": ["DejaVu Sans"],
    "font.size": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=COLOURS),
    "axes.titlesize": 12,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#dde3ea",
    "figure.dpi": 72,
}

# Inter and Arial are missing on most servers; matplotlib then warns for every text it lays out, and the
# logging costs more than the drawing. The fallback (DejaVu Sans) is fine: say it once, not a thousand times.
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)

PLOT_VERSION = 3  # raise when the drawing changes, so cached pictures are drawn anew
PLOT_CACHE_SECONDS = 24 * 3600

_XML_PROLOGUE = re.compile(r"^.*?(?=<svg)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_STYLE_ATTRIBUTE = re.compile(r' style="([^"]*)"')
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>\s*", re.S)


def draw(
    build: Callable[[Figure], None], *, title: str, description: str, width: float = 8.0, height: float = 3.6
) -> SafeString:
    """Call `build(fig)` under Helhet's style and return the SVG as markup for a template.

    `title` names the plot; `description` says in one or two sentences what it shows (the numbers
    themselves are in the table beside it).
    """
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
        build(fig)
        for axes in fig.axes:  # Norwegian decimal comma on every number axis
            for axis in (axes.xaxis, axes.yaxis):
                if isinstance(axis.get_major_formatter(), ScalarFormatter):
                    axis.set_major_formatter(FuncFormatter(_norwegian_number))
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return accessible_svg(buffer.getvalue(), title=title, description=description)


def _norwegian_number(value: float, _position: int | None = None) -> str:
    text = f"{value:.10g}"
    return text if "e" in text else text.replace(".", ",").replace("-", "\u2212")


def _presentation_attributes(match: re.Match[str]) -> str:
    declarations = (part.split(":", 1) for part in match.group(1).split(";") if ":" in part)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in declarations)


def accessible_svg(svg: str, *, title: str, description: str) -> SafeString:
    svg = _XML_PROLOGUE.sub("", svg, count=1)
    svg = _METADATA.sub("", svg)
    # The pages' Content-Security-Policy allows no inline styles (style-src 'self'), which would paint every
    # shape black: matplotlib's style="fill: …" becomes fill="…" (SVG presentation attributes, same names),
    # and its one <style> rule becomes attributes on the root, where they are inherited.
    svg = _STYLE_ATTRIBUTE.sub(_presentation_attributes, svg)
    svg = _STYLE_ELEMENT.sub("", svg)
    svg = svg.replace("<svg", '<svg stroke-linejoin="round" stroke-linecap="butt"', 1)
    head = '<svg role="img" aria-labelledby="{id}-t {id}-d" class="helhet-plot" focusable="false"'
    plot_id = "plot-" + hashlib.sha256(f"{title}\n{description}".encode()).hexdigest()[:10]
    svg = svg.replace("<svg", head.replace("{id}", plot_id), 1)
    end_of_tag = svg.index(">") + 1
    svg = (
        svg[:end_of_tag]
        + f'<title id="{plot_id}-t">{escape(title)}</title>'
        + f'<desc id="{plot_id}-d">{escape(description)}</desc>'
        + svg[end_of_tag:]
    )
    # matplotlib writes fixed pt sizes; let the picture shrink to the column on a phone.
    svg = re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", svg, count=1)
    return mark_safe(svg)  # noqa: S308 - matplotlib's own output; every text we pass in is escaped by it


def series_plot(
    categories: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    kind: str,
    title: str,
    description: str,
    y_label: str = "",
) -> SafeString:
    """One of the statistics page's plots: grouped bars ("bar"), stacked bars ("stacked"), horizontal bars
    ("hbar") or lines ("line") of named series over categories. A value of None (suppressed or missing) is
    left out of the picture, never drawn as zero: the table says why.

    Drawing costs about a tenth of a second a plot; the same numbers give the same picture, so it is kept
    in the cache under a hash of everything drawn (aggregates and labels only, never a person)."""
    key = (
        "plot:"
        + hashlib.sha256(
            json.dumps(
                [PLOT_VERSION, categories, series, kind, title, description, y_label], default=str
            ).encode()
        ).hexdigest()
    )
    cached = cache.get(key)
    if cached is not None:
        return mark_safe(cached)  # noqa: S308 - stored from accessible_svg below
    svg = _series_plot(categories, series, kind=kind, title=title, description=description, y_label=y_label)
    cache.set(key, str(svg), PLOT_CACHE_SECONDS)
    return svg


def _series_plot(
    categories: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    kind: str,
    title: str,
    description: str,
    y_label: str,
) -> SafeString:
    height = 3.6 if kind != "hbar" else max(2.4, 0.45 * len(categories) + 1.2)

    def build(fig: Figure) -> None:
        ax = fig.subplots()
        positions = list(range(len(categories)))
        if kind == "line":
            for label, values in series:
                ax.plot(
                    positions, [float("nan") if v is None else v for v in values], marker="o", label=label
                )
            step = max(1, len(categories) // 12)
            ax.set_xticks(positions[::step], categories[::step], rotation=45, ha="right")
        elif kind == "stacked":
            bottom = [0.0] * len(categories)
            for label, values in series:
                heights = [v or 0.0 for v in values]
                ax.bar(positions, heights, bottom=bottom, label=label)
                bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
            ax.set_xticks(positions, categories, rotation=30 if len(categories) > 3 else 0, ha="right")
        elif kind == "hbar":
            width = 0.8 / max(1, len(series))
            for index, (label, values) in enumerate(series):
                ax.barh(
                    [p + index * width for p in positions],
                    [v or 0.0 for v in values],
                    height=width,
                    label=label,
                )
            ax.set_yticks([p + width * (len(series) - 1) / 2 for p in positions], categories)
            ax.invert_yaxis()
            ax.grid(axis="x")
            ax.grid(axis="y", visible=False)
        else:
            width = 0.8 / max(1, len(series))
            for index, (label, values) in enumerate(series):
                ax.bar(
                    [p + index * width for p in positions],
                    [v or 0.0 for v in values],
                    width=width,
                    label=label,
                )
            ax.set_xticks(
                [p + width * (len(series) - 1) / 2 for p in positions],
                categories,
                rotation=30 if len(categories) > 3 else 0,
                ha="right" if len(categories) > 3 else "center",
            )
        if y_label:
            (ax.set_xlabel if kind == "hbar" else ax.set_ylabel)(y_label)
        if len(series) > 1:
            ax.legend(frameon=False, fontsize=9)

    return draw(build, title=title, description=description, height=height)
