"""China–Europe train and TIR views beyond the indicator cards (measure 11): volumes by direction,
breakdowns by border crossing and destination, TIR by exit port and destination, and the published
figures shown as context beside (never mixed with) this dashboard's records."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from dashboard import i18n
from dashboard.components import a11y, charts
from dashboard.components.card import chart_card
from dashboard.components.maps.map_card import segmented_ui
from dashboard.components.maps.rail import RAIL_MEASURES, rail_measure_label
from dashboard.components.tables import show_table
from dashboard.context import PageContext
from dashboard.models.card_model import table_csv
from dashboard.models.published import indicator_words, scope_words, value_words
from loaders.content.reference import display_name

PUBLISHED_IDS = ("rail.trains", "rail.teu", "rail.tonnes", "rail.value_cny", "rail.trains_cumulative", "tir.operations")
TIR_MEASURES = (
    ("trips", "unit.trips", 0),
    ("vehicles", "rail.unit_vehicles", 0),
    ("tonnes", "unit.tonnes", 0),
    ("value_cny", "unit.cny", 0),
    ("transit_days_median", "unit.days", 1),
)


def _label(ctx: PageContext, key: str, fallback: str) -> str:
    """A published row's scope, unit or indicator in the viewer's language; as loaded when unknown."""
    return i18n.strings(ctx.lang).get(key, fallback)


def measure_ui(ctx: PageContext) -> str:
    """Which train volume the map and the charts show; kept in the URL (?measure=teu)."""
    return segmented_ui("measure", ctx.t("rail.show"), RAIL_MEASURES, "trains", lambda m: ctx.t(f"rail.measure.{m}"))


def _rail_columns(ctx: PageContext, frame: pd.DataFrame) -> dict[str, pd.Series]:
    return {rail_measure_label(ctx, m): frame[m].round(0) for m in RAIL_MEASURES}


def by_direction(ctx: PageContext, frame: pd.DataFrame, grain: str, measure: str) -> None:
    """frame: rail_summary(grain, by=("direction",)) — one row per period and direction."""
    period, direction = ctx.t("card.period"), ctx.t("filter.rail_direction")
    table = pd.DataFrame(
        {
            period: [i18n.format_period(p, grain, ctx.lang) for p in frame["period"]],
            direction: [i18n.code_label(ctx.lang, "rail_direction", d) for d in frame["direction"]],
            **_rail_columns(ctx, frame),
        }
    )
    title = ctx.t("rail.by_direction", measure=ctx.t(f"rail.measure.{measure}"))
    plotted = frame.assign(direction=table[direction].to_numpy())
    figure = charts.bar_chart(
        plotted, "period", measure, title, ctx.t("card.period"), rail_measure_label(ctx, measure), colour_by="direction"
    )
    figure.update_layout(showlegend=True)  # name the direction even when the filter leaves one
    chart_card(ctx, title, figure, table, f"rail-by-direction-{measure}", ctx.t("rail.by_direction_note"))


def breakdown(ctx: PageContext, frame: pd.DataFrame, dimension: str, measure: str) -> None:
    """frame: rail_summary(grain=None, by=(dimension,)) or by=("destination_country", "destination_city")."""
    label = ctx.t("rail.crossing" if dimension == "border_crossing" else "rail.destination")
    names = [display_name("place", code, ctx.lang) for code in frame[dimension]]
    if "destination_country" in frame:
        names = [f"{n} ({display_name('country', c, ctx.lang)})" for n, c in zip(names, frame["destination_country"], strict=True)]
    table = pd.DataFrame({label: names, **_rail_columns(ctx, frame)}).sort_values(rail_measure_label(ctx, measure), ascending=False)
    title = ctx.t(f"rail.by_{dimension}", measure=ctx.t(f"rail.measure.{measure}"))
    figure = charts.bar_chart(
        table.iloc[::-1], label, rail_measure_label(ctx, measure), title, "", rail_measure_label(ctx, measure), horizontal=True
    )
    chart_card(ctx, title, figure, table, f"rail-by-{dimension}-{measure}", ctx.t("rail.breakdown_note"))


def tir_breakdown(ctx: PageContext, frame: pd.DataFrame, dimension: str) -> None:
    """frame: tir_summary(grain=None, by=(dimension,)) — trips as bars, median transit days as markers."""
    label = ctx.t("rail.exit_port" if dimension == "exit_port" else "rail.destination")
    columns = {f"{ctx.t(f'rail.tir_measure.{m}')} ({ctx.t(unit_key)})": frame[m].round(decimals) for m, unit_key, decimals in TIR_MEASURES}
    table = pd.DataFrame({label: [display_name("place", code, ctx.lang) for code in frame[dimension]], **columns}).sort_values(
        next(iter(columns)), ascending=False
    )
    trips, days = next(iter(columns)), list(columns)[-1]
    title = ctx.t(f"rail.tir_by_{dimension}")
    figure = charts.bar_chart(table, label, trips, title, "", trips)
    figure.add_scatter(
        x=table[label],
        y=table[days],
        name=days,
        mode="markers",
        marker={"symbol": "diamond", "size": 12, "color": charts.PALETTE[1]},
        yaxis="y2",
    )
    figure.update_layout(
        yaxis2={
            "title": days,
            "overlaying": "y",
            "side": "right",
            "rangemode": "tozero",
            "showgrid": False,
            "tickmode": "auto",
            "nticks": 6,
        },
        showlegend=True,
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "xanchor": "left", "x": 0},
    )
    chart_card(ctx, title, figure, table, f"tir-by-{dimension}", ctx.t("rail.tir_note"))


def published(ctx: PageContext, frame: pd.DataFrame) -> None:
    """frame: indicator_series(PUBLISHED_IDS, is_demo=False) — published figures with sources.

    Other scopes (the GBA, the whole country) and other definitions than the records above, so they
    get their own card, a chart of the train counts and a table with source and confidence.
    """
    with st.container(border=True):
        title = ctx.t("rail.published_title")
        st.header(title, anchor=False)
        st.caption(ctx.t("rail.published_note"))
        if frame.empty:
            st.info(ctx.t("app.empty"))
            return
        columns = {
            "indicator": ctx.t("rail.published_indicator"),
            "scope": ctx.t("rail.scope_label"),
            "period": ctx.t("card.period"),
            "value": ctx.t("rail.value"),
            "unit": ctx.t("rail.unit"),
            "source": ctx.t("card.source"),
            "source_url": ctx.t("rail.link"),
            "confidence": ctx.t("rail.confidence_label"),
            "note": ctx.t("rail.note"),
        }
        table = pd.DataFrame(
            {
                columns["indicator"]: [indicator_words(ctx, i, s) for i, s in zip(frame["indicator_id"], frame["scope"], strict=True)],
                columns["scope"]: [scope_words(ctx, s) for s in frame["scope"]],
                columns["period"]: [
                    i18n.format_date(s, ctx.lang) + ("" if s == e else " – " + i18n.format_date(e, ctx.lang))
                    for s, e in zip(frame["period_start"], frame["period_end"], strict=True)
                ],
                columns["value"]: value_words(ctx, frame),
                columns["unit"]: [_label(ctx, f"rail.published_unit.{u}", u) for u in frame["unit"]],
                columns["source"]: frame["source"],
                columns["source_url"]: frame["source_url"],
                columns["confidence"]: [
                    i18n.code_label(ctx.lang, "confidence", c) if isinstance(c, str) and c else "—" for c in frame["confidence"]
                ],
                columns["note"]: frame["note"].fillna(""),
            }
        )
        # whole calendar years only: a January-November total drawn as "2023" beside full years would mislead
        whole_year = (frame["period_start"].dt.strftime("%m-%d") == "01-01") & (
            frame["period_end"] == frame["period_start"] + pd.offsets.YearEnd(0)
        )
        trains = frame[(frame["indicator_id"] == "rail.trains") & whole_year]
        if not trains.empty:
            plotted = pd.DataFrame(
                {
                    "year": [str(e.year) for e in trains["period_end"]],
                    "value": trains["value"].to_numpy(),
                    "scope": [scope_words(ctx, s) for s in trains["scope"]],
                    "as_published": [i18n.with_unit(w, ctx.t("unit.trains"), ctx.lang) for w in value_words(ctx, trains)],
                }
            )
            chart_title = ctx.t("rail.published_chart")
            figure = charts.bar_chart(
                plotted, "year", "value", chart_title, ctx.t("rail.year"), ctx.t("unit.trains"), colour_by="scope", stacked=False
            )
            for trace in figure.data:  # the hover words each figure as published (e.g. "more than" a lower bound)
                trace.update(
                    customdata=plotted.loc[plotted["scope"] == trace.name, "as_published"].tolist(),
                    hovertemplate="%{x} · " + html.escape(str(trace.name)) + " · %{customdata}<extra></extra>",
                )
            figure.update_yaxes(type="log", dtick=1)  # 1, 10, 100, ... without minor labels
            figure.update_xaxes(type="category", categoryorder="category ascending")
            chart_tab, table_tab = st.tabs([ctx.t("card.chart"), ctx.t("card.table")])
            with chart_tab:
                a11y.chart_summary(ctx, chart_title, plotted)  # its name and size for screen readers
                st.plotly_chart(figure, config=charts.PLOTLY_CONFIG, key="chart-rail-published")
                st.caption(ctx.t("rail.published_chart_note"))
        else:
            (table_tab,) = st.tabs([ctx.t("card.table")])
        with table_tab:
            show_table(table, {columns["source_url"]: st.column_config.LinkColumn(columns["source_url"])})
            st.download_button(
                ctx.t("card.download"),
                table_csv(table),
                file_name=f"rail-published_{ctx.lang}.csv",
                mime="text/csv",
                key="csv-rail-published",
                icon=":material/download:",
            )
