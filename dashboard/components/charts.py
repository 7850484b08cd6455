"""Plotly figure builders with the app's look: CJK-capable fonts, calm colours, readable sizes.

Every figure gets its title, axis titles and hover text from the caller in the viewer's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

FONT_FAMILY = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif"
PALETTE = ("#1f5aa6", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#b8860b", "#34495e")
STATUS_COLOURS = {"green": "#2e7d32", "amber": "#ef8f00", "red": "#c62828", "none": "#757575"}
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


@dataclass(frozen=True)
class ReferenceLine:
    label: str
    value: float
    colour: str
    dash: str = "dash"


def _layout(figure: go.Figure, title: str, x_title: str, y_title: str, big: bool = False) -> go.Figure:
    size = 22 if big else 13
    figure.update_layout(
        title={"text": title, "font": {"size": size + 4}},
        font={"family": FONT_FAMILY, "size": size},
        template="plotly_white",
        colorway=list(PALETTE),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0, "title": None},
        hoverlabel={"font": {"family": FONT_FAMILY}},
        xaxis_title=x_title,
        yaxis_title=y_title,
    )
    return figure


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
        figure.add_trace(go.Scatter(x=part[x], y=part[y], name=str(name), mode="lines+markers", line={"width": 3 if big else 2, "color": PALETTE[index % len(PALETTE)]}, marker={"size": 4}))
    for line in references:
        figure.add_hline(y=line.value, line_dash=line.dash, line_color=line.colour, annotation_text=line.label, annotation_position="top left")
    if points is not None and not points.empty:
        figure.add_trace(
            go.Scatter(x=points["x"], y=points["y"], name=points_label, mode="markers", marker={"symbol": "diamond", "size": 11, "color": "#444"}, text=points["text"], hovertemplate="%{text}<extra></extra>")
        )
    return _layout(figure, title, x_title, y_title, big)


def bar_chart(frame: pd.DataFrame, x: str, y: str, title: str, x_title: str, y_title: str, colour_by: str | None = None, stacked: bool = True, horizontal: bool = False, big: bool = False) -> go.Figure:
    figure = go.Figure()
    groups = frame.groupby(colour_by, sort=False) if colour_by else [(y_title, frame)]
    for index, (name, part) in enumerate(groups):
        bar = go.Bar(x=part[y], y=part[x], orientation="h") if horizontal else go.Bar(x=part[x], y=part[y])
        bar.update(name=str(name), marker_color=PALETTE[index % len(PALETTE)])
        figure.add_trace(bar)
    figure.update_layout(barmode="stack" if stacked else "group")
    return _layout(figure, title, y_title if horizontal else x_title, x_title if horizontal else y_title, big)


def stacked_stages(frame: pd.DataFrame, category: str, stages: Sequence[tuple[str, str]], title: str, x_title: str, y_title: str) -> go.Figure:
    """Horizontal stacked bars: one bar per category, one segment per (column, label) stage."""
    figure = go.Figure()
    for index, (column, label) in enumerate(stages):
        figure.add_trace(go.Bar(y=frame[category], x=frame[column], name=label, orientation="h", marker_color=PALETTE[index % len(PALETTE)]))
    figure.update_layout(barmode="stack", yaxis={"autorange": "reversed"})
    return _layout(figure, title, x_title, y_title)


def heatmap(frame: pd.DataFrame, x: str, y: str, z: str, x_labels: Sequence[str], y_labels: Sequence[str], title: str, x_title: str, y_title: str, z_title: str) -> go.Figure:
    grid = frame.pivot_table(index=y, columns=x, values=z, fill_value=0).reindex(index=range(1, len(y_labels) + 1), columns=range(len(x_labels)), fill_value=0)
    figure = go.Figure(go.Heatmap(z=grid.values, x=list(x_labels), y=list(y_labels), colorscale="Blues", colorbar={"title": z_title}))
    figure.update_layout(yaxis={"autorange": "reversed"})
    return _layout(figure, title, x_title, y_title)
