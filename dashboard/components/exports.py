"""What leaves the dashboard carries its provenance, so a forwarded file cannot pass for something
it is not: every CSV row names its indicator, scope, periods, filters, unit, source, whether it is
demo data, the last day the data cover and when they were loaded; a chart saved as PNG carries its
title, a source line and, on demo data, a visible demo mark.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import i18n
from dashboard.components import charts
from dashboard.components.filters import chosen_period
from dashboard.context import PageContext
from loaders.safe_csv import csv_bytes

# Charts that are not registry indicators are named by a file stem whose first word says which
# dataset they draw (rail_views: "rail-by-...", fresh_views: "fresh-..."...).
STEM_DATASETS = {"clearance": "clearance", "fresh": "fresh_produce", "seafood": "seafood_lab", "rail": "rail_train", "tir": "tir_trip"}
URL_KEYS_NOT_FILTERS = ("lang", "present", "slide", "session", "measure")
DEMO_COLOUR = "#b45309"


@dataclass(frozen=True)
class Provenance:
    indicator: str
    scope: str
    periods: str
    filters: str
    unit: str
    source: str
    is_demo: bool
    covered_through: dt.date | None
    loaded_at: dt.datetime | None


def dataset_of_stem(file_stem: str) -> str | None:
    return STEM_DATASETS.get(file_stem.split("-", 1)[0])


def url_filters(ctx: PageContext, params: dict[str, list[str]]) -> str:
    """The view's filters as the URL carries them (canonical codes): from=2024-01-01; ports=5301,5320."""
    parts = [f"{key}={','.join(values)}" for key, values in sorted(params.items()) if key not in URL_KEYS_NOT_FILTERS and values]
    return "; ".join(parts) or ctx.t("numbers.csv.no_filters")


def chosen_filters(ctx: PageContext, chosen: tuple[tuple[str, object], ...]) -> str:
    parts = [f"{key}={','.join(map(str, value)) if isinstance(value, tuple) else value}" for key, value in chosen]
    return "; ".join(parts) or ctx.t("numbers.csv.no_filters")


def with_provenance(ctx: PageContext, table: pd.DataFrame, provenance: Provenance) -> pd.DataFrame:
    """The table shown, followed by one column per provenance field, repeated on every row (a
    row cut out of the file keeps them)."""
    fields = {
        "indicator": provenance.indicator,
        "scope": provenance.scope,
        "periods": provenance.periods,
        "filters": provenance.filters,
        "unit": provenance.unit,
        "source": provenance.source,
        "demo": ctx.t("numbers.csv.yes_demo") if provenance.is_demo else ctx.t("numbers.csv.no_demo"),
        "covered_through": provenance.covered_through.isoformat() if provenance.covered_through else "",
        "loaded_at": provenance.loaded_at.strftime("%Y-%m-%d %H:%M") if provenance.loaded_at else "",
    }
    out = table.copy()
    for name, value in fields.items():
        out[ctx.t(f"numbers.csv.{name}")] = value
    return out


def provenance_csv(ctx: PageContext, table: pd.DataFrame, provenance: Provenance) -> bytes:
    """UTF-8 with BOM, formula prefixes neutralised (loaders.safe_csv), provenance on every row."""
    return csv_bytes(with_provenance(ctx, table, provenance))


def file_name(stem: str, is_demo: bool, lang: str) -> str:
    """A download's name says DEMO when it holds demo data."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-")
    return "_".join(part for part in (slug, "DEMO" if is_demo else "", lang) if part)


def image_config(stem: str, is_demo: bool, lang: str) -> dict:
    """Plotly's chart config with the PNG download named after the chart (and DEMO when demo)."""
    return {**charts.PLOTLY_CONFIG, "toImageButtonOptions": {"format": "png", "filename": file_name(stem, is_demo, lang), "scale": 2}}


def stamp(ctx: PageContext, figure: go.Figure, source: str, covered_through: dt.date | None, is_demo: bool) -> go.Figure:
    """A source line under the chart and, on demo data, a demo mark above it: both are part of the
    figure, so a PNG saved from the chart's toolbar carries them."""
    line = (
        ctx.t("numbers.chart_source_line", source=source, date=i18n.format_date(covered_through, ctx.lang))
        if covered_through
        else ctx.t("numbers.source_line", source=source)
    )
    # below the x axis' ticks and title, which Plotly places inside the bottom margin
    notes = [{"text": line, "x": 0, "y": 0, "yanchor": "top", "yshift": -64, "font": {"size": 11, "color": "#555"}}]
    if is_demo:
        notes.append(
            {
                "text": ctx.t("numbers.demo_mark"),
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
    return Origin(dataset, ctx.is_demo(dataset), ctx.last_record(dataset), ctx.as_of(dataset), source)


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
        title, ctx.t("numbers.scope.records"), chosen_dates(ctx), url_filters(ctx, params), "", where.source, where.is_demo,
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
