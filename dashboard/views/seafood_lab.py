"""Chilled seafood lab (measure 7, "air express lane") views beyond the indicator cards: turnaround
split into transport and testing over time, breakdowns by lab, product and origin, and a fixed
before/after comparison around the 2023-07-04 rollout."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import i18n, registry
from dashboard.components import charts
from dashboard.components.card import chart_card
from dashboard.components.filters import keep_in_url, say_filter, seed_from_url
from dashboard.context import PageContext
from dashboard.markers import Marker, Window
from dashboard.models.split_baseline import split_headings, split_note, with_baseline
from dashboard.views.fresh_produce import timeline
from loaders.content.reference import display_name, seafood_name

STATS = ("median", "p90")
GREEN_CHOICES = {"all": None, "yes": True, "no": False}


def target_hours() -> float:
    """The within-target threshold, from the registry's definition of seafood.within_target_share."""
    return float(registry.indicators()["seafood.within_target_share"].query["records"]["target_hours"])


def name(ctx: PageContext, dimension: str, value: str) -> str:
    """Countries, labs and products from the reference (datasets/reference/), or as written in the
    data when the reference does not list them."""
    if dimension == "origin_country":
        return display_name("country", value, ctx.lang)
    return seafood_name("labs" if dimension == "lab" else "products", value, ctx.lang)


def green_channel_ui(ctx: PageContext) -> bool | None:
    """All samples, green-channel samples only, or the others; in the URL as ?green=yes|no."""
    seed_from_url("green", list(GREEN_CHOICES), "all")
    choice = st.sidebar.selectbox(
        i18n.code_label(ctx.lang, "flag", "is_green_channel"),
        list(GREEN_CHOICES),
        format_func=lambda c: ctx.t({"all": "filter.all", "yes": "code.flag_true", "no": "code.flag_false"}[c]),
        key="green",
    )
    keep_in_url("green", choice, "all")
    label = i18n.code_label(ctx.lang, "flag", "is_green_channel")
    say_filter("green", label, [] if choice == "all" else [ctx.t("code.flag_true" if choice == "yes" else "code.flag_false")])
    return GREEN_CHOICES[choice]


def _periods(ctx: PageContext, values: pd.Series, grain: str) -> list[str]:
    return [i18n.format_period(p, grain, ctx.lang) for p in values]


def stages_over_time(ctx: PageContext, totals: pd.DataFrame, stat: str, grain: str, markers: Sequence[Marker]) -> None:
    """totals: seafood_summary(grain, by=()). Stacked bars: the transport and testing `stat` (median
    or P90) per period; a line: the same statistic of the whole turnaround, which is not their sum."""
    title = ctx.t(f"seafood.stages_{stat}")
    transport, testing, turnaround = ctx.t("seafood.transport"), ctx.t("seafood.testing"), ctx.t("seafood.turnaround")
    long = pd.concat(
        [
            totals.assign(stage=transport, hours=totals[f"transport_hours_{stat}"]),
            totals.assign(stage=testing, hours=totals[f"testing_hours_{stat}"]),
        ]
    )

    def build():
        figure = charts.bar_chart(long, "period", "hours", title, ctx.t("card.period"), ctx.t("seafood.axis_hours"), colour_by="stage")
        figure.add_trace(
            go.Scatter(
                x=totals["period"],
                y=totals[f"turnaround_hours_{stat}"],
                name=turnaround,
                mode="lines+markers",
                line={"color": "#222222", "width": 2},
                marker={"size": 4},
            )
        )
        return timeline(ctx, figure, grain, markers)

    table = pd.DataFrame(
        {
            ctx.t("card.period"): _periods(ctx, totals["period"], grain),
            transport: totals[f"transport_hours_{stat}"].round(2),
            testing: totals[f"testing_hours_{stat}"].round(2),
            turnaround: totals[f"turnaround_hours_{stat}"].round(2),
            ctx.t("seafood.reported"): totals["reported"],
        }
    )
    note = ctx.t("seafood.stages_note", stat=ctx.t(f"seafood.{stat}"))
    chart_card(ctx, title, build, table, f"seafood-stages-{stat}-{grain}", note, inputs=(totals, tuple(markers)))


def breakdown(ctx: PageContext, frame: pd.DataFrame, dimension: str, baseline: pd.DataFrame) -> None:
    """frame: seafood_summary(None, by=(dimension,), target_hours=target_hours()) — one row per lab,
    product or origin country; baseline: the same over the baseline year. Bars: median transport +
    median testing; table: every statistic, and each group's turnaround baseline and change."""
    title = ctx.t(f"seafood.by_{dimension}")
    label = ctx.t(f"seafood.{dimension}")
    indicators = registry.indicators()
    ordered = frame.sort_values("samples", ascending=False)
    labelled = ordered.assign(**{label: [name(ctx, dimension, v) for v in ordered[dimension]]})
    stages = [("transport_hours_median", ctx.t("seafood.transport_median")), ("testing_hours_median", ctx.t("seafood.testing_median"))]
    figure = charts.stacked_stages(labelled, label, stages, title, ctx.t("seafood.axis_hours"), "")
    figure.update_layout(height=max(320, 90 + 28 * len(labelled)))
    table = pd.DataFrame(
        {
            label: labelled[label],
            ctx.t("seafood.samples"): labelled["samples"],
            ctx.t("seafood.reported"): labelled["reported"],
            ctx.t("seafood.turnaround_median"): labelled["turnaround_hours_median"].round(2),
            ctx.t("seafood.turnaround_p90"): labelled["turnaround_hours_p90"].round(2),
            ctx.t("seafood.transport_median"): labelled["transport_hours_median"].round(2),
            ctx.t("seafood.testing_median"): labelled["testing_hours_median"].round(2),
            f"{ctx.pick(indicators['seafood.within_target_share'].title)} (%)": (labelled["within_target_share"] * 100).round(1),
            f"{ctx.pick(indicators['seafood.failure_rate'].title)} (%)": (labelled["failure_rate"] * 100).round(2),
        }
    )
    median, p90 = ctx.t("seafood.turnaround_median"), ctx.t("seafood.turnaround_p90")
    table = with_baseline(
        table,
        labelled,
        baseline,
        (dimension,),
        {"turnaround_hours_median": split_headings(ctx, median), "turnaround_hours_p90": split_headings(ctx, p90)},
    )
    note = ctx.t("seafood.breakdown_note") + "  \n" + split_note(ctx, "seafood.turnaround_hours_median")
    chart_card(ctx, title, figure, table, f"seafood-by-{dimension}", note)


def _number(row: pd.Series, column: str, decimals: int = 2) -> float | None:
    value = row.get(column)
    return None if value is None or pd.isna(value) else round(float(value), decimals)


def before_after(ctx: PageContext, windows: Mapping[str, tuple[Window, pd.DataFrame]]) -> None:
    """windows: {"before": (window, seafood_summary(None, (), that window)), "after": ...}, same filters
    as the page except the period. Table and grouped bars: median and P90 turnaround per window."""
    title = ctx.t("seafood.before_after")
    window_label, median, p90 = ctx.t("seafood.window"), ctx.t("seafood.turnaround_median"), ctx.t("seafood.turnaround_p90")
    rows = []
    for key, (window, frame) in windows.items():
        row = frame.iloc[0] if not frame.empty else pd.Series(dtype="float64")
        rows.append(
            {
                window_label: ctx.t(f"seafood.window_{key}"),
                ctx.t("seafood.from"): i18n.format_date(window.start, ctx.lang),
                ctx.t("seafood.to"): i18n.format_date(window.end, ctx.lang),
                ctx.t("seafood.days"): window.days,
                ctx.t("seafood.reported"): _number(row, "reported", 0),
                median: _number(row, "turnaround_hours_median"),
                p90: _number(row, "turnaround_hours_p90"),
                ctx.t("seafood.transport_median"): _number(row, "transport_hours_median"),
                ctx.t("seafood.testing_median"): _number(row, "testing_hours_median"),
            }
        )
    table = pd.DataFrame(rows)
    if table[[median, p90]].isna().all().all():
        table = table.iloc[0:0]
    long = table.melt(id_vars=[window_label], value_vars=[median, p90], var_name="stat", value_name="hours")
    figure = charts.bar_chart(long, "stat", "hours", title, "", ctx.t("seafood.axis_hours"), colour_by=window_label, stacked=False)
    before, after = (windows[key][0] for key in ("before", "after"))
    note = ctx.t(
        "seafood.before_after_note",
        before_start=i18n.format_date(before.start, ctx.lang),
        before_end=i18n.format_date(before.end, ctx.lang),
        after_start=i18n.format_date(after.start, ctx.lang),
        after_end=i18n.format_date(after.end, ctx.lang),
        days=before.days,
        weeks=before.days // 7,
    )
    if len(table) == 2 and table[[median, p90]].notna().all().all():
        change = (table[[median, p90]].iloc[1] / table[[median, p90]].iloc[0] - 1).tolist()
        note += "  \n" + ctx.t("seafood.change", median=f"{change[0]:+.0%}", p90=f"{change[1]:+.0%}")
    chart_card(ctx, title, figure, table, "seafood-before-after", note)
