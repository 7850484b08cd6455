"""What leaves the dashboard carries its provenance, so a forwarded file cannot pass for something
it is not: every CSV row names its indicator, scope, periods, filters, unit, source, whether it is
demo data, the last day the data cover and when they were loaded; a chart saved as PNG carries its
title, a source line and, on demo data, a visible demo mark.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import i18n, registry
from dashboard.components import charts
from dashboard.components.filters import chosen_period
from dashboard.context import PageContext
from dashboard.models.provenance import Provenance, dataset_of_stem, file_name, provenance_csv, url_filters

DEMO_COLOUR = "#b45309"


def image_config(stem: str, is_demo: bool, lang: str) -> dict:
    """Plotly's chart config with the PNG download named after the chart (and DEMO when demo)."""
    return {**charts.PLOTLY_CONFIG, "toImageButtonOptions": {"format": "png", "filename": file_name(stem, is_demo, lang), "scale": 2}}


def stamp(ctx: PageContext, figure: go.Figure, source: str, covered_through: dt.date | None, is_demo: bool) -> go.Figure:
    """A source line under the chart and, on demo data, a demo mark above it: both are part of the
    figure, so a PNG saved from the chart's toolbar carries them."""
    line = (
        ctx.t("exports.chart_source_line", source=source, date=i18n.format_date(covered_through, ctx.lang))
        if covered_through
        else ctx.t("exports.source_line", source=source)
    )
    # below the x axis' ticks and title, which Plotly places inside the bottom margin
    notes = [{"text": line, "x": 0, "y": 0, "yanchor": "top", "yshift": -64, "font": {"size": 11, "color": "#555"}}]
    if is_demo:
        notes.append(
            {
                "text": ctx.t("exports.demo_mark"),
                "x": 1,
                "y": 1,
                "xanchor": "right",
                "yanchor": "bottom",
                "yshift": 28,
                "font": {"size": 12, "color": DEMO_COLOUR, "weight": "bold"},
            }
        )
    for note in notes:
        figure.add_annotation(xref="paper", yref="paper", showarrow=False, xanchor=note.pop("xanchor", "left"), **note)
    margin = figure.layout.margin
    figure.update_layout(margin={"b": max(margin.b or 0, 84), "t": max(margin.t or 0, 80 if is_demo else 60)})
    return figure


@dataclass(frozen=True)
class Origin:
    """Where a chart or map that is not a registry indicator comes from."""

    dataset: str | None
    is_demo: bool
    covered_through: dt.date | None
    loaded_at: dt.datetime | None
    source: str


def origin(ctx: PageContext, file_stem: str, dataset: str | None = None) -> Origin:
    """`dataset` defaults to the one the file stem names (STEM_DATASETS); unknown, the table counts
    as demo whenever the store holds demo records, so a demo file never passes for real."""
    dataset = dataset or dataset_of_stem(file_stem)
    if dataset is None:
        return Origin(None, bool((ctx.status["demo_rows"] > 0).any()), None, None, "")
    source = ctx.t("card.records_source", dataset=dataset)
    return Origin(dataset, ctx.is_demo(dataset), ctx.covered_through(dataset), ctx.as_of(dataset), source)


def chosen_dates(ctx: PageContext) -> str:
    """The dates and grain of the page's period widgets (filters.period_ui), which a default view
    does not write into the URL: "1 Jan 2022 – 31 Dec 2025 · Month"."""
    chosen = chosen_period()
    if chosen is None:
        return ""
    dates = f"{i18n.format_date(chosen.start, ctx.lang)} – {i18n.format_date(chosen.end, ctx.lang)}"
    return f"{dates} · {ctx.t('grain.' + chosen.grain)}"


def table_download(ctx: PageContext, title: str, table: pd.DataFrame, file_stem: str, where: Origin) -> None:
    """The download button of a breakdown or map table: the table with its provenance, filters
    as the page's URL carries them."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    facts = Provenance(
        title, ctx.t("exports.records_scope", scope=ctx.pick(registry.names("scopes")["shenzhen_customs_district"])), chosen_dates(ctx), url_filters(ctx, params), "", where.source, where.is_demo,
        where.covered_through, where.loaded_at,
    )  # fmt: skip
    st.download_button(
        ctx.t("card.download"),
        provenance_csv(ctx, table, facts),
        file_name=file_name(file_stem, where.is_demo, ctx.lang) + ".csv",
        mime="text/csv",
        key=f"csv-{file_stem}",
        icon=":material/download:",
    )
