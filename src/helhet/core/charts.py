"""Server-drawn bar charts: the geometry for a plain SVG template (templates/includes/bar_chart.html).

No JavaScript and no library: each bar is a row with its label above it, so long unit names fit a phone.
Every chart is shown with its numbers as a table, so nothing is only in the picture. Values that are
suppressed for analysts (core.disclosure) are passed as None: they get no bar, and the table says why.
"""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
ROW = 46
BAR = 18
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    text: str  # the value as shown («12», «færre enn 5»)
    y: int
    width: float
    over: bool
    second_width: float | None = None  # a second measure in the same row (delivered beside granted)
    second_text: str = ""


@dataclass(frozen=True)
class BarChart:
    title: str
    value_label: str
    bars: tuple[Bar, ...]
    height: int
    limit_x: float | None
    limit_text: str
    second_label: str = ""

    @property
    def width(self) -> int:
        return WIDTH


def bar_chart(
    title: str,
    value_label: str,
    rows: Sequence[tuple[str, float | None, str]],
    *,
    limit: float | None = None,
    limit_text: str = "",
    second: Sequence[tuple[float | None, str]] | None = None,
    second_label: str = "",
) -> BarChart:
    """rows: (label, value or None when suppressed, value as text); `second`: a second value per row."""
    values = [v for _l, v, _t in rows if v is not None]
    values += [v for v, _t in (second or []) if v is not None]
    top = max([*values, limit or 0, 1])
    scale = (WIDTH - 80) / top
    row = ROW + (BAR if second else 0)
    bars = []
    for i, (label, value, text) in enumerate(rows):
        other = second[i] if second else (None, "")
        bars.append(
            Bar(
                label=label,
                value=value,
                text=text,
                y=TOP + i * row,
                width=(value or 0) * scale,
                over=limit is not None and value is not None and value > limit,
                second_width=other[0] * scale if other[0] is not None else None,
                second_text=other[1],
            )
        )
    return BarChart(
        title=title,
        value_label=value_label,
        bars=tuple(bars),
        height=TOP * 2 + len(bars) * row,
        limit_x=limit * scale if limit is not None else None,
        limit_text=limit_text,
        second_label=second_label,
    )
