"""Plotly figure builders with the app's look: CJK-capable fonts, calm colours, readable sizes.

Every figure gets its title, axis titles and hover text from the caller in the viewer's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.components.safe_text import escape_figure
from dashboard.markers import Marker

# Set once for the process: naming a template per figure costs ~40 ms (Plotly validates a deep
# copy each time), the default costs ~5 ms, and a page draws a dozen charts.
pio.templates.default = "plotly_white"

FONT_FAMILY = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif"
PALETTE = ("#1f5aa6", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#b8860b", "#34495e")
STATUS_COLOURS = {"green": "#2e7d32", "amber": "#ef8f00", "better": "#1f5aa6", "red": "#c62828", "none": "#757575"}
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


@dataclass(frozen=True)
class ReferenceLine:
    label: str
    value: float
    colour: str
    dash: str = "dash"
    label_position: str = "top left"


# Chinese date ticks by zoom level (Plotly's own use English month names); English keeps Plotly's.
DAY_MS = 86_400_000
CHINESE_TICKS = [
    {"dtickrange": [None, DAY_MS], "value": "%-m月%-d日 %H:%M"},
    {"dtickrange": [DAY_MS, "M1"], "value": "%Y年%-m月%-d日"},
    {"dtickrange": ["M1", "M12"], "value": "%Y年%-m月"},
    {"dtickrange": ["M12", None], "value": "%Y年"},
]


def _has_date_x(figure: go.Figure) -> bool:
    for trace in figure.data:
        values = getattr(trace, "x", None)
        if values is not None and len(values):
            first = values[0]
            return isinstance(first, dt.date | pd.Timestamp) or str(getattr(values, "dtype", "")).startswith("datetime64")
    return False


def localise_dates(figure: go.Figure, chinese: bool) -> go.Figure:
    """Date axes in 2024年1月 style on the Chinese pages (other axes untouched)."""
    if chinese and _has_date_x(figure):
        figure.update_xaxes(tickformatstops=CHINESE_TICKS, hoverformat="%Y年%-m月%-d日")
    return escape_figure(figure)  # cards call this last: text from traces added since _layout shows as text too


def _layout(figure: go.Figure, title: str, x_title: str, y_title: str, big: bool = False) -> go.Figure:
    size = 22 if big else 13
    figure.update_layout(
        title={"text": title, "font": {"size": size + 4}},
        font={"family": FONT_FAMILY, "size": size},
        colorway=list(PALETTE),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0, "title": None},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        xaxis_title=x_title,
        yaxis_title=y_title,
    )
    return escape_figure(figure)  # text from data shows as text, never as Plotly's HTML


def line_chart(
    frame: pd.DataFrame,
    x: str,
    y: str,
    title: str,
    x_title: str,
    y_title: str,
    colour_by: str | None = None,
    references: Sequence[ReferenceLine] = (),
    points: pd.DataFrame | None = None,
    points_label: str = "",
    big: bool = False,
    series_name: str = "",
) -> go.Figure:
    """Lines over time; reference lines (baseline, target) and published points as markers."""
    figure = go.Figure()
    groups = frame.groupby(colour_by, sort=False) if colour_by else [(series_name or y_title, frame)]
    for index, (name, part) in enumerate(groups):
        figure.add_trace(
            go.Scatter(
                x=part[x],
                y=part[y],
                name=str(name),
                mode="lines+markers",
                line={"width": 3 if big else 2, "color": PALETTE[index % len(PALETTE)]},
                marker={"size": 4},
            )
        )
    for line in references:
        figure.add_hline(
            y=line.value, line_dash=line.dash, line_color=line.colour, annotation_text=line.label, annotation_position=line.label_position
        )
    if points is not None and not points.empty:
        figure.add_trace(
            go.Scatter(
                x=points["x"],
                y=points["y"],
                name=points_label,
                mode="markers",
                marker={"symbol": "diamond", "size": 11, "color": "#444"},
                text=points["text"],
                hovertemplate="%{text}<extra></extra>",
            )
        )
    return _layout(figure, title, x_title, y_title, big)


def bar_chart(
    frame: pd.DataFrame,
    x: str,
    y: str,
    title: str,
    x_title: str,
    y_title: str,
    colour_by: str | None = None,
    stacked: bool = True,
    horizontal: bool = False,
    big: bool = False,
) -> go.Figure:
    figure = go.Figure()
    groups = frame.groupby(colour_by, sort=False) if colour_by else [(y_title, frame)]
    for index, (name, part) in enumerate(groups):
        bar = go.Bar(x=part[y], y=part[x], orientation="h") if horizontal else go.Bar(x=part[x], y=part[y])
        bar.update(name=str(name), marker_color=PALETTE[index % len(PALETTE)])
        figure.add_trace(bar)
    figure.update_layout(barmode="stack" if stacked else "group")
    return _layout(figure, title, y_title if horizontal else x_title, x_title if horizontal else y_title, big)


def stacked_stages(
    frame: pd.DataFrame, category: str, stages: Sequence[tuple[str, str]], title: str, x_title: str, y_title: str
) -> go.Figure:
    """Horizontal stacked bars: one bar per category, one segment per (column, label) stage."""
    figure = go.Figure()
    for index, (column, label) in enumerate(stages):
        figure.add_trace(
            go.Bar(y=frame[category], x=frame[column], name=label, orientation="h", marker_color=PALETTE[index % len(PALETTE)])
        )
    figure.update_layout(barmode="stack", yaxis={"autorange": "reversed"})
    return _layout(figure, title, x_title, y_title)


def heatmap(
    frame: pd.DataFrame,
    x: str,
    y: str,
    z: str,
    x_labels: Sequence[str],
    y_labels: Sequence[str],
    title: str,
    x_title: str,
    y_title: str,
    z_title: str,
) -> go.Figure:
    grid = frame.pivot_table(index=y, columns=x, values=z, fill_value=0).reindex(
        index=range(1, len(y_labels) + 1), columns=range(len(x_labels)), fill_value=0
    )
    figure = go.Figure(go.Heatmap(z=grid.values, x=list(x_labels), y=list(y_labels), colorscale="Blues", colorbar={"title": z_title}))
    figure.update_layout(yaxis={"autorange": "reversed"})
    return _layout(figure, title, x_title, y_title)


# --- date markers on time charts ---------------------------------------------------------------
# Added for the fresh-produce and seafood pages; new functions only, existing builders unchanged.


# Plotly period lengths: milliseconds for fixed lengths, "M<n>" for calendar months.
PERIOD_LENGTHS: dict[str, int | str] = {"day": 86_400_000, "week": 7 * 86_400_000, "month": "M1", "quarter": "M3", "year": "M12"}
WEEK_START = "2000-01-03"  # a Monday: weeks start on Monday, as date_trunc('week') does


def align_to_periods(figure: go.Figure, grain: str | None) -> go.Figure:
    """Draw every bar and line already on `figure` across its whole period (x = period start), so a
    bar for the week of 3 Jul spans 3-9 Jul and a date marker falls inside the period it belongs to."""
    if grain not in PERIOD_LENGTHS:
        return figure
    for trace in figure.data:
        if trace.type in ("bar", "scatter"):
            trace.update(xperiod=PERIOD_LENGTHS[grain], xperiodalignment="middle", xperiod0=WEEK_START if grain == "week" else None)
    return figure


def add_markers(figure: go.Figure, markers: Sequence[Marker], big: bool = False) -> go.Figure:
    """Vertical lines at the markers' dates (at midday, the middle of that day), whatever the y range:
    one trace per group on a hidden 0..1 overlay axis, so each kind of date has a legend entry that
    hides or shows it, and each line a hover text at its top. Nothing else on the figure changes."""
    if not markers:
        return figure
    used = figure.layout.to_plotly_json()
    number = 2
    while f"yaxis{number}" in used:
        number += 1
    figure.update_layout({f"yaxis{number}": {"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True}})
    groups: dict[str, list[Marker]] = {}
    for marker in markers:
        groups.setdefault(marker.group, []).append(marker)
    for group, items in groups.items():
        xs, ys, texts, sizes = [], [], [], []
        for marker in items:
            at = dt.datetime.combine(marker.date, dt.time(12))
            xs += [at, at, None]
            ys += [0, 1, None]
            texts += [marker.hover, marker.hover, None]
            sizes += [0, 12 if big else 9, 0]
        first = items[0]
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                yaxis=f"y{number}",
                name=group,
                legendgroup=group,
                mode="lines+markers",
                text=texts,
                hovertemplate="%{text}<extra></extra>",
                line={"color": first.colour, "dash": first.dash, "width": 2 if big else 1.5},
                marker={"size": sizes, "symbol": "triangle-down", "color": first.colour},
                cliponaxis=False,
            )
        )
    labels = [
        {
            "x": dt.datetime.combine(marker.date, dt.time(12)),
            "y": 0.98,
            "yref": "paper",
            "text": marker.label,
            "showarrow": False,
            "xanchor": "left",
            "yanchor": "top",
            "xshift": 2,
            "font": {"size": 16 if big else 11, "color": marker.colour},
        }
        for marker in markers
        if marker.label
    ]
    if labels:  # one update: add_annotation per label copies the whole list each time
        figure.update_layout(annotations=[*figure.layout.annotations, *labels])
    return figure
