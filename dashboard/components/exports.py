"""What leaves the dashboard carries its provenance, so a forwarded file cannot pass for something
it is not: every CSV row names its indicator, scope, periods, filters, unit, source, whether it is
demo data, the last day the data cover and when they were loaded; a chart saved as PNG carries its
title, a source line and, on demo data, a visible demo mark.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import i18n, registry
from dashboard.components import charts
from dashboard.components.filters import chosen_period, view_filters
from dashboard.context import PageContext
from dashboard.models.card_model import records_source
from dashboard.models.provenance import URL_KEYS_NOT_FILTERS, Provenance, about_line, dataset_of_stem, file_name, provenance_csv

DEMO_COLOUR = "#b45309"


def image_config(stem: str, is_demo: bool, lang: str) -> dict:
    """Plotly's chart config with the PNG download named after the chart (and DEMO when demo)."""
    return {**charts.PLOTLY_CONFIG, "toImageButtonOptions": {"format": "png", "filename": file_name(stem, is_demo, lang), "scale": 2}}


def stamp(ctx: PageContext, figure: go.Figure, source: str, covered_through: dt.date | None, is_demo: bool, about: str = "") -> go.Figure:
    """Under the chart, what it covers (`about`: scope as filtered, periods) and a source line; on
    demo data a demo mark above it: all part of the figure, so a PNG saved from the chart's
    toolbar says what it shows on its own."""
    line = (
        ctx.t("exports.chart_source_line", source=source, date=i18n.format_date(covered_through, ctx.lang))
        if covered_through
        else ctx.t("exports.source_line", source=source)
    )
    lines = [part for text in (about, line) if text for part in charts.wrapped(text)]  # a phone's chart is 320 px wide
    # below the x axis' ticks and title, which Plotly places inside the bottom margin: one note a line
    notes = [
        {
            "text": text,
            "x": 0,
            "y": 0,
            "yanchor": "top",
            "yshift": -charts.AXIS_PX - index * charts.NOTE_LINE_PX,
            "font": {"size": 11, "color": "#555"},
        }
        for index, text in enumerate(lines)
    ]
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
    meta = figure.layout.meta if isinstance(figure.layout.meta, dict) else {}
    figure.update_layout(meta={**meta, "note_lines": len(lines)})
    figure.update_layout(margin={"b": max(margin.b or 0, charts.above_legend_px(figure)), "t": max(margin.t or 0, 80 if is_demo else 60)})
    return figure


@dataclass(frozen=True)
class Origin:
    """Where a chart or map that is not a registry indicator comes from."""

    dataset: str | None
    is_demo: bool
    covered_through: dt.date | None
    loaded_at: dt.datetime | None
    source: str


def origin(ctx: PageContext, file_stem: str, dataset: str | tuple[str, ...] | None = None) -> Origin:
    """`dataset` (one, or several a table joins) defaults to the one the file stem names
    (STEM_DATASETS); several cover through the earliest of their days and are demo when any is.
    Unknown, the table counts as demo whenever the store holds demo records, so a demo file never
    passes for real."""
    named = dataset or dataset_of_stem(file_stem)
    if named is None:
        return Origin(None, bool((ctx.status["demo_rows"] > 0).any()), None, None, "")
    several = (named,) if isinstance(named, str) else named
    covered = [day for day in (ctx.covered_through(d) for d in several) if day is not None]
    loaded = [when for when in (ctx.as_of(d) for d in several) if when is not None]
    separator = "；" if i18n.is_chinese(ctx.lang) else "; "
    return Origin(
        several[0],
        any(ctx.is_demo(d) for d in several),
        min(covered) if covered else None,
        max(loaded) if loaded else None,
        separator.join(records_source(ctx, d) for d in several),
    )


def chosen_dates(ctx: PageContext) -> str:
    """The dates and grain of the page's period widgets (filters.period_ui), which a default view
    does not write into the URL: "1 Jan 2022 – 31 Dec 2025 · Month"."""
    chosen = chosen_period()
    if chosen is None:
        return ""
    dates = f"{i18n.format_date(chosen.start, ctx.lang)} – {i18n.format_date(chosen.end, ctx.lang)}"
    return f"{dates} · {ctx.t('grain.' + chosen.grain)}"


def table_download(ctx: PageContext, title: str, table: pd.DataFrame, file_stem: str, where: Origin, unit: str | None = None) -> None:
    """The download button of a breakdown or map table: the table with its provenance, its scope
    as filtered and its filters in words as the page's widgets chose them (filters.view_filters);
    named after the view, its period and filters, so two views never share a file name."""
    places, filters = view_filters(ctx)
    district = ctx.pick(registry.names("scopes")["shenzhen_customs_district"])
    scope = ctx.t("exports.scope_narrowed", places=places, scope=district) if places else ctx.t("exports.records_scope", scope=district)
    facts = Provenance(
        title, scope, chosen_dates(ctx), filters, unit or ctx.t("exports.unit_in_headings"), where.source, where.is_demo,
        where.covered_through, where.loaded_at,
    )  # fmt: skip
    st.download_button(
        ctx.t("card.download"),
        provenance_csv(ctx, table, facts),
        file_name=file_name(view_stem(file_stem), where.is_demo, ctx.lang) + ".csv",
        mime="text/csv",
        key=f"csv-{file_stem}",
        icon=":material/download:",
    )


def view_about(ctx: PageContext) -> str:
    """ "范围：皇岗（深圳海关关区内） · 期间：2022年1月1日 – 2025年12月31日 · 按月": a chart's view, in words."""
    places, _ = view_filters(ctx)
    district = ctx.pick(registry.names("scopes")["shenzhen_customs_district"])
    scope = ctx.t("exports.scope_narrowed", places=places, scope=district) if places else district
    return about_line(ctx, scope, chosen_dates(ctx))


def view_stem(file_stem: str) -> str:
    """A file's stem with the view's period and filters: the URL's values, shortened to a hash
    when long (a file name stays readable and under the limits of every file system)."""
    chosen = chosen_period()
    params = sorted(
        (key, ",".join(st.query_params.get_all(key)))
        for key in st.query_params
        if key not in URL_KEYS_NOT_FILTERS + ("from", "to", "grain")
    )
    filters = "_".join(f"{key}-{value}" for key, value in params)
    if len(filters) > 40:
        filters = "f" + hashlib.sha256(filters.encode()).hexdigest()[:10]
    return "_".join(part for part in (file_stem, chosen.slug() if chosen and chosen.slug() not in file_stem else "", filters) if part)
