"""Value axes written for their readers: 万/亿 on Chinese pages, k/M/bn on English ones.

Plotly's own tick labels use SI prefixes ("0.2B", "12k"), which a Chinese reader does not read
as 2000万 or 1.2万, and it has no format for 万/亿. So the ticks are chosen here (a "nice" step,
about five ticks over the values, reference lines and stacked totals) and written out as
tickvals/ticktext. Axes whose values stay under 1,000 keep Plotly's ticks: nothing to scale.
"""

from __future__ import annotations

import math
from collections import defaultdict

import plotly.graph_objects as go

from dashboard import i18n

SMALLEST_SCALED = 1_000  # below this, numbers need no 万 or k
TARGET_TICKS = 5


def nice_step(span: float, ticks: int = TARGET_TICKS) -> float:
    """1, 2, 2.5 or 5 times a power of ten, giving about `ticks` intervals over `span`."""
    raw = span / max(ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def tick_values(low: float, high: float, from_zero: bool = True) -> list[float]:
    """Ticks covering [low, high] (and 0 for bars, whose axis starts there); Plotly shows those
    inside its own autorange, so a line chart of 3,200..5,100 gets 3,500 / 4,000 / 4,500 / 5,000."""
    if from_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if high == low:
        high, low = high + abs(high) * 0.1 + 1, low - abs(low) * 0.1
    step = nice_step(high - low)
    first = math.floor(low / step) * step
    count = math.ceil((high - first) / step) + 1
    return [round(first + index * step, 10) for index in range(count)]


def _numbers(values) -> list[float]:
    out = []
    for value in values if values is not None else ():
        if isinstance(value, bool | str | bytes) or value is None:
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            continue
        if not math.isnan(number):
            out.append(number)
    return out


def _axis_values(figure: go.Figure) -> tuple[dict[str, list[float]], set[str]]:
    """Layout axis name ("yaxis", "xaxis", "yaxis2"...) -> the numbers drawn along it; and the
    axes that carry bars."""
    found: dict[str, list[float]] = defaultdict(list)
    bars: set[str] = set()
    stacked = figure.layout.barmode in ("stack", "relative")
    totals: dict[tuple[str, object], float] = defaultdict(float)
    for trace in figure.data:
        if trace.type not in ("scatter", "bar", "scattergl"):
            continue
        horizontal = trace.type == "bar" and trace.orientation == "h"
        ref = (trace.xaxis if horizontal else trace.yaxis) or ("x" if horizontal else "y")
        axis = ("xaxis" if horizontal else "yaxis") + ref[1:]
        values = _numbers(trace.x if horizontal else trace.y)
        found[axis] += values
        if trace.type == "bar":
            bars.add(axis)
        if stacked and trace.type == "bar":
            categories = trace.y if horizontal else trace.x
            for category, value in zip(categories if categories is not None else (), trace.x if horizontal else trace.y, strict=False):
                number = _numbers([value])
                if number and number[0] > 0:
                    totals[(axis, category)] += number[0]
    for (axis, _), total in totals.items():
        found[axis].append(total)
    for shape in figure.layout.shapes or ():
        if shape.yref in ("y", None) and shape.y0 is not None and shape.y0 == shape.y1:
            found["yaxis"] += _numbers([shape.y0])
    return found, bars


def localise_numbers(figure: go.Figure, lang: str) -> go.Figure:
    """Value axes in 万/亿 (zh) or k/M/bn (en) ticks; hidden and date axes are left alone."""
    found, bars = _axis_values(figure)
    for axis, values in found.items():
        settings = figure.layout[axis]
        if settings is None or settings.visible is False or settings.type in ("date", "category", "log") or not values:
            continue
        low, high = min(values), max(values)
        if max(abs(low), abs(high)) < SMALLEST_SCALED:
            continue
        ticks = tick_values(low, high, from_zero=axis in bars or settings.rangemode == "tozero")
        figure.update_layout({axis: {"tickmode": "array", "tickvals": ticks, "ticktext": i18n.format_ticks(ticks, lang)}})
    return figure
