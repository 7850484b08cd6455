"""Fresh produce to Hong Kong (measure 6) views beyond the indicator cards: volumes by category and
by port over time, live animals, port pass time and pre-clearance at the supply base. Every time
chart marks the dates that explain its curve (measures in force, Spring Festival, demo typhoons)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard import i18n
from dashboard.components import charts, date_markers
from dashboard.components.card import chart_card
from dashboard.components.sections import axis_title
from dashboard.context import PageContext
from dashboard.markers import Marker
from loaders.content.reference import display_name
from loaders.contracts.vocab import LIVE_ANIMAL_CATEGORIES

DECIMALS = {"tonnes": 1, "consignments": 0, "head": 0}


def name(ctx: PageContext, dimension: str, code: str) -> str:
    """A port or category code as the viewer's language writes it."""
    return display_name("place", code, ctx.lang) if dimension == "port" else i18n.code_label(ctx.lang, "category", code)


def _periods(ctx: PageContext, values: pd.Series | pd.Index, grain: str) -> list[str]:
    return [i18n.format_period(p, grain, ctx.lang) for p in values]


def timeline(ctx: PageContext, figure, grain: str, markers: Sequence[Marker]):
    """A time chart: bars and lines across their period, date markers, Chinese date ticks for the
    Chinese pages, and the legend (groups and markers together can be a dozen entries) below the
    plot so it never covers the title."""
    figure.update_layout(
        bargap=0.08,
        xaxis_title=axis_title(ctx, grain),  # the grain drawn: a long range may be drawn coarser than chosen
        height=440,  # charts.legend_below (in the card) adds the legend's rows
    )
    charts.localise_dates(figure, i18n.is_chinese(ctx.lang))
    return date_markers.add_markers(date_markers.align_to_periods(figure, grain), markers)


def _by_period_wide(
    ctx: PageContext, frame: pd.DataFrame, dimension: str, measure: str, grain: str, order: list[str], totals: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per period, one column per port or category (in `order`), and, given `totals`
    (fresh_summary by no dimension), the period's total: the same number as the indicator card."""
    wide = frame.pivot(index="period", columns=dimension, values=measure).reindex(columns=order).fillna(0)
    table = wide.round(DECIMALS[measure]).rename(columns={code: name(ctx, dimension, code) for code in order})
    if totals is not None:
        table[ctx.t("fresh.total")] = totals.set_index("period")[measure].reindex(wide.index).fillna(0).round(DECIMALS[measure])
    table.insert(0, ctx.t("card.period"), _periods(ctx, wide.index, grain))
    return table.reset_index(drop=True)


def stacked_over_time(
    ctx: PageContext, frame: pd.DataFrame, totals: pd.DataFrame, dimension: str, measure: str, grain: str, markers: Sequence[Marker]
) -> None:
    """frame: fresh_summary(grain, by=(dimension,)) — one row per period x port or category;
    totals: fresh_summary(grain, by=()). Stacked bars of `measure` (tonnes or consignments), the
    largest group at the bottom; the table adds each period's total."""
    title = ctx.t(f"fresh.{measure}_by_{dimension}")
    order = list(frame.groupby(dimension)[measure].sum().sort_values(ascending=False).index)
    rank = {code: index for index, code in enumerate(order)}
    long = frame.assign(group=[name(ctx, dimension, c) for c in frame[dimension]], rank=frame[dimension].map(rank)).sort_values(
        ["rank", "period"]
    )
    table = _by_period_wide(ctx, frame, dimension, measure, grain, order, totals)

    def build():
        figure = charts.bar_chart(long, "period", measure, title, ctx.t("card.period"), ctx.t(f"fresh.axis_{measure}"), colour_by="group")
        return timeline(ctx, figure, grain, markers)

    stem = f"fresh-{measure}-by-{dimension}-{grain}"
    chart_card(ctx, title, build, table, stem, ctx.t(f"fresh.{measure}_note"), inputs=(frame, totals, tuple(markers)))


def live_animals(ctx: PageContext, frame: pd.DataFrame, grain: str, markers: Sequence[Marker]) -> None:
    """frame: fresh_summary(grain, by=("category",)). One line per kind of live animal, in head:
    pigs and poultry are not added up into one number."""
    title = ctx.t("fresh.live_animals")
    live = frame[frame["category"].isin(LIVE_ANIMAL_CATEGORIES)]
    order = [c for c in LIVE_ANIMAL_CATEGORIES if c in set(live["category"])]
    long = live.assign(
        group=[name(ctx, "category", c) for c in live["category"]], rank=live["category"].map(LIVE_ANIMAL_CATEGORIES.index)
    ).sort_values(["rank", "period"])
    table = _by_period_wide(ctx, live, "category", "head", grain, order) if order else pd.DataFrame()

    def build():
        figure = charts.line_chart(long, "period", "head", title, ctx.t("card.period"), ctx.t("fresh.axis_head"), colour_by="group")
        return timeline(ctx, figure, grain, markers)

    stem = f"fresh-live-animals-{grain}"
    chart_card(ctx, title, build, table, stem, ctx.t("fresh.live_animals_note"), inputs=(frame, tuple(markers)))


def port_pass_time(ctx: PageContext, totals: pd.DataFrame, grain: str, markers: Sequence[Marker]) -> None:
    """totals: fresh_summary(grain, by=()). Median and P90 port pass time per period."""
    title = ctx.t("fresh.port_pass")
    median, p90 = ctx.t("fresh.median"), ctx.t("fresh.p90")
    table = pd.DataFrame(
        {
            ctx.t("card.period"): _periods(ctx, totals["period"], grain),
            median: totals["port_pass_minutes_median"].round(1),
            p90: totals["port_pass_minutes_p90"].round(1),
            ctx.t("fresh.consignments"): totals["consignments"],
        }
    )
    long = pd.concat(
        [
            totals.assign(stat=median, minutes=totals["port_pass_minutes_median"]),
            totals.assign(stat=p90, minutes=totals["port_pass_minutes_p90"]),
        ]
    )

    def build():
        figure = charts.line_chart(long, "period", "minutes", title, ctx.t("card.period"), ctx.t("fresh.axis_minutes"), colour_by="stat")
        return timeline(ctx, figure, grain, markers)

    stem = f"fresh-port-pass-{grain}"
    chart_card(ctx, title, build, table, stem, ctx.t("fresh.port_pass_note"), inputs=(totals, tuple(markers)))


def precleared_port_pass(ctx: PageContext, frame: pd.DataFrame, grain: str, markers: Sequence[Marker]) -> None:
    """frame: fresh_summary(grain, by=("is_precleared_at_base",)). Median port pass time of
    consignments pre-cleared at the supply base and of the others: what pre-clearance buys at the port."""
    title = ctx.t("fresh.precleared_pass")
    labels = {True: ctx.t("fresh.precleared_yes"), False: ctx.t("fresh.precleared_no")}
    long = frame.assign(group=frame["is_precleared_at_base"].map(labels)).sort_values(
        ["is_precleared_at_base", "period"], ascending=[False, True]
    )

    def build():
        figure = charts.line_chart(
            long, "period", "port_pass_minutes_median", title, ctx.t("card.period"), ctx.t("fresh.axis_minutes"), colour_by="group"
        )
        return timeline(ctx, figure, grain, markers)

    wide = frame.pivot_table(
        index="period", columns="is_precleared_at_base", values=["port_pass_minutes_median", "consignments"], aggfunc="first"
    )
    table = pd.DataFrame({ctx.t("card.period"): _periods(ctx, wide.index, grain)})
    for flag in (True, False):
        column = ("port_pass_minutes_median", flag)
        table[ctx.t("fresh.median_of", group=labels[flag])] = wide[column].round(1).to_numpy() if column in wide else None
    for flag in (True, False):
        column = ("consignments", flag)
        table[ctx.t("fresh.consignments_of", group=labels[flag])] = (
            wide[column].fillna(0).astype("int64").to_numpy() if column in wide else 0
        )
    stem = f"fresh-precleared-pass-{grain}"
    chart_card(ctx, title, build, table, stem, ctx.t("fresh.precleared_pass_note"), inputs=(frame, tuple(markers)))


def precleared_by_port(ctx: PageContext, frame: pd.DataFrame, grain: str, markers: Sequence[Marker]) -> None:
    """frame: fresh_summary(grain, by=("port",)). Share pre-cleared at the supply base, %, one line per port."""
    title = ctx.t("fresh.precleared_by_port")
    order = list(frame.groupby("port")["consignments"].sum().sort_values(ascending=False).index)
    rank = {code: index for index, code in enumerate(order)}
    long = frame.assign(
        group=[name(ctx, "port", c) for c in frame["port"]], rank=frame["port"].map(rank), percent=frame["precleared_share"] * 100
    )

    def build():
        figure = charts.line_chart(
            long.sort_values(["rank", "period"]), "period", "percent", title, ctx.t("card.period"), "%", colour_by="group"
        )
        return timeline(ctx, figure, grain, markers)

    wide = frame.pivot_table(index="period", columns="port", values="precleared_share", aggfunc="first").reindex(columns=order)
    table = (wide * 100).round(1).rename(columns={code: name(ctx, "port", code) for code in order})
    table.insert(0, ctx.t("card.period"), _periods(ctx, wide.index, grain))
    stem = f"fresh-precleared-by-port-{grain}"
    note = ctx.t("fresh.precleared_by_port_note")
    chart_card(ctx, title, build, table.reset_index(drop=True), stem, note, inputs=(frame, tuple(markers)))
