"""Dates on time charts: bars and lines drawn across their whole period, and vertical date
markers (a season's start, a measure taking effect) with a legend entry per kind of date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import plotly.graph_objects as go

from dashboard.markers import Marker

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
