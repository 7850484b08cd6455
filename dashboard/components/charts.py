"""Plotly figure builders with the app's look: CJK-capable fonts, calm colours, readable sizes.

Every figure gets its title, axis titles and hover text from the caller in the viewer's language.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from dashboard.components.safe_text import escape_figure

# Set once for the process: naming a template per figure costs ~40 ms (Plotly validates a deep
# copy each time), the default costs ~5 ms, and a page draws a dozen charts.
pio.templates.default = "plotly_white"

FONT_FAMILY = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif"
PALETTE = ("#1f5aa6", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d", "#b8860b", "#34495e")
STATUS_COLOURS = {"green": "#2e7d32", "amber": "#ef8f00", "better": "#1f5aa6", "red": "#c62828", "none": "#757575"}
BASELINE_COLOUR = "#616161"  # 6.2:1 on white
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


# Below the plot, in rows: at 390 px a legend above the plot ran into the title and the toolbar.
# It hangs under the x axis and the source line (exports.stamp puts that 64 px under the plot);
# legend_below places it and makes the bottom margin tall enough for its rows on a phone.
LEGEND_BELOW = {"orientation": "h", "yref": "container", "yanchor": "top", "xanchor": "left", "x": 0, "title": None}
PHONE_PLOT_PX = 320  # a chart's width inside a card at 390 px (Streamlit's padding and the card's border)
LEGEND_ROW_PX = 24
LEGEND_SYMBOL_PX = 60  # the symbol, its gap and the space after an entry
AXIS_PX = 64  # the x axis' ticks and title, under the plot
NOTE_LINE_PX = 15  # one line of the scope and source notes under the axis (exports.stamp)
ABOVE_LEGEND_PX = AXIS_PX + 2 * NOTE_LINE_PX + 6  # the axis and two note lines: what a chart without notes keeps free too
LEGEND_GAP_PX = 10  # between the source line and the legend
DEFAULT_HEIGHT = 450  # Streamlit's height for a figure that sets none


def _text_px(text: str, size: float) -> float:
    """Rough width of a label: a CJK character is one em, anything else about 0.6 em."""
    return sum(size if ord(char) > 0x2E80 else 0.6 * size for char in text)


def legend_entries(figure: go.Figure) -> list[str]:
    """The names the legend lists (one per legend group); none when Plotly would show no legend."""
    shown = [t for t in figure.data if t.showlegend is not False and t.name]
    if figure.layout.showlegend is False or (len(shown) < 2 and figure.layout.showlegend is not True):
        return []
    names: dict[str, str] = {}
    for trace in shown:
        names.setdefault(trace.legendgroup or trace.name, trace.name)
    return list(names.values())


def legend_rows(figure: go.Figure, width_px: float = PHONE_PLOT_PX) -> int:
    """How many rows the horizontal legend takes at `width_px`: on one row when it fits, else
    Plotly lines entries up in columns as wide as the widest entry."""
    size = (figure.layout.legend.font.size or figure.layout.font.size or 13) if figure.layout.font else 13
    widths = [LEGEND_SYMBOL_PX + _text_px(name, size) for name in legend_entries(figure)]
    if not widths:
        return 0
    if sum(widths) <= width_px:
        return 1
    per_row = max(1, int(width_px // max(widths)))
    return -(-len(widths) // per_row)


def above_legend_px(figure: go.Figure) -> int:
    """The room under the plot before the legend: the x axis, then the notes' lines (layout.meta)."""
    meta = figure.layout.meta if isinstance(figure.layout.meta, dict) else {}
    return max(ABOVE_LEGEND_PX, AXIS_PX + NOTE_LINE_PX * int(meta.get("note_lines", 0)) + 6)


def wrapped(text: str, width_px: float = PHONE_PLOT_PX, size: float = 11) -> list[str]:
    """`text` cut into lines that fit `width_px` (at a phone's chart width): between its " · "
    parts where they fit, else at spaces or, in Chinese, between any two characters."""
    lines: list[str] = []
    for part in text.split(" · "):
        joined = f"{lines[-1]} · {part}" if lines else part
        if lines and _text_px(joined, size) <= width_px:
            lines[-1] = joined
            continue
        line = ""
        for word in re.findall(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+\s*|\s+", part):
            if line.strip() and _text_px(line + word.rstrip(), size) > width_px:
                lines.append(line.rstrip())
                line = word.lstrip()
            else:
                line += word
        if line.strip():
            lines.append(line.rstrip())
    return lines


def legend_below(figure: go.Figure) -> go.Figure:
    """The legend under the plot and its notes, with room for the rows it takes on a phone: the
    bottom margin and the figure grow by those rows, so the plot keeps its height. The legend hangs
    at a fixed distance in pixels from the figure's bottom (yref container), so a legend taller on
    a phone than counted runs past the figure's foot, never up into the notes (a paper position
    moves with the plot, which Plotly shrinks to make room). Called again after traces were added,
    it recounts (the room it added is kept in layout.meta)."""
    meta = dict(figure.layout.meta) if isinstance(figure.layout.meta, dict) else {}
    height = figure.layout.height or DEFAULT_HEIGHT
    # the room added last time, unless the height was set anew since
    added = meta.get("legend_room_px", 0) if meta.get("height_px") == height else 0
    rows = legend_rows(figure)
    size = (figure.layout.legend.font.size or figure.layout.font.size or 13) if figure.layout.font else 13
    room = round(rows * LEGEND_ROW_PX * max(size, 13) / 13) + LEGEND_GAP_PX + 8 if rows else 0  # rows as tall as their text
    if not (room or added):
        return figure
    height = height - added + room
    above = above_legend_px(figure)
    figure.update_layout(
        legend={**LEGEND_BELOW, "y": max(room - LEGEND_GAP_PX, 0) / height},
        margin={"b": above + room},
        height=height,
        meta={**meta, "legend_room_px": room, "height_px": height},
    )
    return figure


def _layout(figure: go.Figure, title: str, x_title: str, y_title: str, big: bool = False) -> go.Figure:
    size = 22 if big else 13
    figure.update_layout(
        title={"text": title, "font": {"size": size + 4}},
        font={"family": FONT_FAMILY, "size": size},
        colorway=list(PALETTE),
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend=LEGEND_BELOW,
        hoverlabel={"font": {"family": FONT_FAMILY}},
        xaxis={"title": {"text": x_title}, "automargin": True},
        yaxis={"title": {"text": y_title}, "automargin": True},
    )
    legend_below(figure)
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
    provisional: pd.DataFrame | None = None,
    provisional_label: str = "",
    bars: bool = False,
    baseline: pd.DataFrame | None = None,
    baseline_label: str = "",
) -> go.Figure:
    """Lines over time; reference lines (target, a quoted level) and published points as markers.
    `provisional` (same columns as `frame`): periods whose figures may still change, drawn after
    the line as a dashed segment with hollow points (hollow bars with `bars`), named
    `provisional_label` in the legend. `bars`: a total per period, drawn as bars from zero.
    `baseline` (columns x, y): what each period is compared with, a grey dotted line (a marker
    where there is one point), named `baseline_label`."""
    figure = go.Figure()
    groups = frame.groupby(colour_by, sort=False) if colour_by else [(series_name or y_title, frame)]
    for index, (name, part) in enumerate(groups):
        colour = PALETTE[index % len(PALETTE)]
        if bars:
            figure.add_trace(go.Bar(x=part[x], y=part[y], name=str(name), marker_color=colour))
            continue
        figure.add_trace(
            go.Scatter(
                x=part[x],
                y=part[y],
                name=str(name),
                mode="lines+markers",
                line={"width": 3 if big else 2, "color": colour},
                marker={"size": 4},
            )
        )
    if provisional is not None and not provisional.empty:
        if bars:
            figure.add_trace(
                go.Bar(
                    x=provisional[x],
                    y=provisional[y],
                    name=provisional_label,
                    marker={
                        "color": "rgba(0,0,0,0)",
                        "line": {"color": PALETTE[0], "width": 2},
                        "pattern": {"shape": "/", "fgcolor": PALETTE[0]},
                    },
                )
            )
        else:
            joined = pd.concat([frame.tail(1), provisional]) if not frame.empty else provisional
            figure.add_trace(
                go.Scatter(
                    x=joined[x],
                    y=joined[y],
                    name=provisional_label,
                    mode="lines+markers",
                    line={"width": 3 if big else 2, "color": PALETTE[0], "dash": "dash"},
                    marker={"size": 9, "symbol": "circle-open", "color": PALETTE[0], "line": {"width": 2}},
                )
            )
    if baseline is not None and not baseline.empty:
        figure.add_trace(
            go.Scatter(
                x=baseline["x"],
                y=baseline["y"],
                name=baseline_label,
                mode="lines+markers" if len(baseline) > 1 else "markers",
                line={"width": 2, "color": BASELINE_COLOUR, "dash": "dot"},
                marker={
                    "size": 6 if len(baseline) > 1 else 12,
                    "symbol": "line-ew-open" if len(baseline) == 1 else "circle",
                    "color": BASELINE_COLOUR,
                    "line": {"width": 3, "color": BASELINE_COLOUR},
                },
            )
        )
    if bars:
        figure.update_layout(bargap=0.35, yaxis={"rangemode": "tozero"})
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


# --- as many points as a chart can show -------------------------------------------------------
# A time chart draws at most MAX_PERIODS periods: two years of weeks (the rule: weekly bars
# become monthly beyond two years). At 390 px that is already ~3 px a bar; at 1440 px ~12 px. A
# finer grain over a longer range is drawn at the next coarser grain that fits, and says so.
MAX_PERIODS = 106
COARSER = {"day": "week", "week": "month", "month": "quarter", "quarter": "year"}
DAYS_PER_PERIOD = {"day": 1, "week": 7, "month": 365.25 / 12, "quarter": 365.25 / 4, "year": 365.25}
PHONE_CSS = """
<style>
@media (max-width: 640px) {
  /* no toolbar on phones (the table tab has the numbers and their CSV); the card's heading,
     which wraps, names the chart, so Plotly's one-line title (cut at this width) is not drawn */
  [data-testid="stPlotlyChart"] .modebar-container, [data-testid="stPlotlyChart"] .modebar { display: none !important; }
  [data-testid="stPlotlyChart"] .g-gtitle { display: none; }
}
</style>
"""


def period_count(start: dt.date, end: dt.date, grain: str) -> int:
    """About how many periods of `grain` the range [start, end] spans."""
    return int(((end - start).days + 1) / DAYS_PER_PERIOD[grain] + 0.999)


def readable_grain(start: dt.date, end: dt.date, grain: str) -> str:
    """`grain`, or the next coarser one whose periods over [start, end] fit in MAX_PERIODS."""
    while grain in COARSER and period_count(start, end, grain) > MAX_PERIODS:
        grain = COARSER[grain]
    return grain
