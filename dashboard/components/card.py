"""The indicator card used everywhere: KPI row (latest, change, baseline, target, status) and
chart / table / definition-and-source tabs, with a CSV download of exactly the table shown."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import data, i18n, registry
from dashboard.assessment import Assessment, assess
from dashboard.components import charts
from dashboard.components.filters import Period
from dashboard.context import PageContext
from dashboard.registry import Indicator
from loaders.safe_csv import csv_bytes


@dataclass(frozen=True)
class CardData:
    indicator: Indicator
    values: pd.DataFrame  # period, value
    assessment: Assessment
    table: pd.DataFrame  # what the table tab shows and the CSV contains
    file_name: str
    is_demo: bool
    grain: str


def _chosen_key(chosen: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in chosen.items() if v not in (None, ())))


def baseline_value(ctx: PageContext, indicator: Indicator, grain: str, chosen: dict[str, Any]) -> float | None:
    """From data: the mean per-period value in the baseline window at the same grain and filters,
    so a monthly figure is compared with a monthly baseline. Quoted: only for stock series, whose
    value at any date is comparable; a quoted annual flow is shown as a reference, not judged."""
    base = indicator.baseline
    if base is None:
        return None
    if base.from_data:
        window = Period(base.start, base.end, grain).whole()
        frame = data.indicator_frame(ctx.url, ctx.version, indicator.id, grain, window.start, window.end, _chosen_key(chosen))
        return float(frame["value"].mean()) if not frame.empty and frame["value"].notna().any() else None
    is_stock = indicator.query.get("series", {}).get("aggregation") == "last"
    return base.value if is_stock else None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")


def card_data(ctx: PageContext, indicator: Indicator, period: Period, chosen: dict[str, Any] | None = None) -> CardData:
    chosen = chosen or {}
    key = _chosen_key(chosen)
    period = period.whole()
    values = data.indicator_frame(ctx.url, ctx.version, indicator.id, period.grain, period.start, period.end, key)
    assessment = assess(indicator, values, baseline_value(ctx, indicator, period.grain, chosen))
    table = pd.DataFrame(
        {
            ctx.t("card.period"): [i18n.format_period(p, period.grain, ctx.lang) for p in values["period"]],
            f"{ctx.pick(indicator.title)} ({ctx.t('unit.' + indicator.unit)})": (
                values["value"] * (100 if indicator.unit == "share" else 1)
            ).round(indicator.decimals),
        }
    )
    filters = "_".join(f"{k}-{'+'.join(map(str, v)) if isinstance(v, tuple) else v}" for k, v in key)
    file_name = "_".join(part for part in (_slug(indicator.id), period.slug(), _slug(filters), ctx.lang) if part) + ".csv"
    is_demo = ctx.is_demo(indicator.dataset)
    if indicator.dataset == "indicator_series":
        spec = indicator.query["series"]
        rows = data.series(ctx.url, ctx.version, (spec["series"],), (spec["scope"],))
        is_demo = bool(rows["is_demo"].any()) if not rows.empty else False
    return CardData(indicator, values, assessment, table, file_name, is_demo, period.grain)


def table_csv(table: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel opens Chinese headers correctly; formula prefixes neutralised."""
    return csv_bytes(table)


BADGE_COLOURS = {"green": "green", "amber": "orange", "better": "blue", "red": "red", "none": "gray"}


def status_badge(ctx: PageContext, status: str, where=st) -> None:
    where.badge(ctx.t(f"card.status_{status}"), color=BADGE_COLOURS[status], icon=":material/circle:" if status != "none" else None)


def _metric_row(ctx: PageContext, card: CardData) -> None:
    indicator, result = card.indicator, card.assessment
    fmt = lambda v: i18n.format_value(v, indicator.unit, indicator.decimals, ctx.lang)  # noqa: E731
    columns = st.columns(4)
    change = None if result.change is None else fmt(result.change).replace("—", "")
    latest_label = ctx.t("card.actual") + (
        f" · {i18n.format_period(result.latest_period, card.grain, ctx.lang)}" if result.latest_period is not None else ""
    )
    columns[0].metric(
        latest_label,
        fmt(result.latest),
        delta=change,
        delta_color="inverse" if indicator.better == "lower" else ("normal" if indicator.better == "higher" else "off"),
        help=ctx.t("card.change"),
    )
    columns[1].metric(ctx.t("card.baseline"), fmt(result.baseline) if result.baseline is not None else ctx.t("card.no_baseline"))
    columns[2].metric(ctx.t("card.target"), fmt(result.target) if result.target is not None else ctx.t("card.no_target"))
    columns[3].markdown(ctx.t("card.status"))
    status_badge(ctx, result.status, columns[3])


FLOW_UNITS = ("tonnes", "head", "consignments", "trains", "teu", "cny", "trips", "issues", "approvals", "sessions")
_GRAIN_DAYS = {"day": 1, "week": 7, "month": 30.4, "quarter": 91.3, "year": 365.2}


def comparable_published(indicator: Indicator, published: pd.DataFrame, period: Period) -> pd.DataFrame:
    """Published figures that can stand on this chart: inside the charted dates, and for flows
    (tonnes, trains...) only those covering a period as long as one point of the chart — an annual
    total beside monthly values would mislead. Rates, times and stocks compare at any length."""
    if published.empty:
        return published
    inside = published[(published["period_end"] >= pd.Timestamp(period.start)) & (published["period_end"] <= pd.Timestamp(period.end))]
    if indicator.unit not in FLOW_UNITS:
        return inside
    days = (inside["period_end"] - inside["period_start"]).dt.days + 1
    grain_days = _GRAIN_DAYS[period.grain]
    return inside[(days >= grain_days * 0.8) & (days <= grain_days * 1.25)]


def _chart(ctx: PageContext, card: CardData, period: Period, big: bool = False):
    indicator, result = card.indicator, card.assessment
    scale = 100 if indicator.unit == "share" else 1
    frame = card.values.assign(value=card.values["value"] * scale)
    references = []
    if result.baseline is not None:
        references.append(charts.ReferenceLine(ctx.t("card.baseline"), result.baseline * scale, "#757575", label_position="bottom left"))
    if result.target is not None:
        label = ctx.t("card.demo_target") if indicator.target and indicator.target.is_demo else ctx.t("card.target")
        references.append(
            charts.ReferenceLine(label, result.target * scale, charts.STATUS_COLOURS["green"], "dot", label_position="top right")
        )
    published = comparable_published(indicator, data.series(ctx.url, ctx.version, (indicator.id,), (), False), period)
    points = None
    if not published.empty:
        points = pd.DataFrame(
            {
                "x": published["period_end"],
                "y": published["value"] * scale,
                "text": [
                    f"{scope}: {source} · {i18n.format_date(end, ctx.lang)} · {value:g}"
                    for scope, source, end, value in zip(
                        published["scope"], published["source"], published["period_end"], published["value"], strict=True
                    )
                ],
            }
        )
    unit = "%" if indicator.unit == "share" else ctx.t("unit." + indicator.unit)
    figure = charts.line_chart(
        frame,
        "period",
        "value",
        ctx.pick(indicator.title),
        ctx.t("card.period"),
        unit,
        references=references,
        points=points,
        points_label=ctx.t("card.published_reference"),
        big=big,
        series_name=ctx.pick(indicator.title),
    )
    return charts.localise_dates(figure, i18n.is_chinese(ctx.lang))


def _about(ctx: PageContext, card: CardData) -> None:
    indicator = card.indicator
    lines = [
        f"**{ctx.t('card.definition')}**: {ctx.pick(indicator.definition)}",
        f"**{ctx.t('card.frequency')}**: "
        + " · ".join(
            part
            for part in (
                i18n.strings(ctx.lang).get("frequency." + indicator.frequency.replace(" ", "_"), indicator.frequency),
                ctx.t("card.lower_better")
                if indicator.better == "lower"
                else ctx.t("card.higher_better")
                if indicator.better == "higher"
                else "",
            )
            if part
        ),
    ]
    if indicator.dataset == "indicator_series":
        lines.append(f"**{ctx.t('card.source')}**: " + ctx.t("card.series_source", source=indicator.query["series"]["series"]))
    else:
        lines.append(f"**{ctx.t('card.source')}**: " + ctx.t("card.records_source", dataset=indicator.dataset))
    base = indicator.baseline
    if base is not None:
        if base.from_data:
            text = ctx.t("card.baseline_from_data", start=i18n.format_date(base.start, ctx.lang), end=i18n.format_date(base.end, ctx.lang))
        else:
            text = (
                f"{i18n.format_value(base.value, indicator.unit, indicator.decimals, ctx.lang)} ({base.period_label}) — {ctx.pick(base.source or {})}"
                + (f" <{base.url}>" if base.url else "")
            )
        lines.append(f"**{ctx.t('card.baseline')}**: {text}")
    if indicator.target is not None:
        source = ctx.pick(registry.demo_target_source()) if indicator.target.is_demo else ""
        lines.append(
            f"**{ctx.t('card.target')}**: {i18n.format_value(indicator.target.value, indicator.unit, indicator.decimals, ctx.lang)} · {ctx.t('card.target_by', date=i18n.format_date(indicator.target.date, ctx.lang))} · {source}"
        )
    if card.is_demo:
        lines.append(f"**{ctx.t('app.demo_badge')}** — {ctx.t('app.demo_notice')}")
    st.markdown("\n\n".join(lines))
    with st.container(horizontal=True, vertical_alignment="center"):  # the way back to the measures it tracks
        st.markdown(f"**{ctx.t('card.measures')}**:", width="content")
        for number in indicator.measures:
            st.page_link(
                "pages/measure.py",
                label=ctx.t("policies.measure_n", n=number),
                icon=":material/description:",
                query_params={"measure": number, "lang": ctx.lang},
            )


def indicator_card(ctx: PageContext, indicator: Indicator, period: Period, chosen: dict[str, Any] | None = None) -> CardData:
    """Draw the card and return what it showed (tests compare the table with the download)."""
    card = card_data(ctx, indicator, period, chosen)
    with st.container(border=True, key=f"card-{_slug(indicator.id)}"):
        title = ctx.pick(indicator.title) + (f"  :orange-badge[{ctx.t('app.demo_badge')}]" if card.is_demo else "")
        st.subheader(title, anchor=_slug(indicator.id))
        if card.values.empty:
            st.info(ctx.t("app.empty"))
            return card
        _metric_row(ctx, card)
        chart_tab, table_tab, about_tab = st.tabs([ctx.t("card.chart"), ctx.t("card.table"), ctx.t("card.about")])
        with chart_tab:
            st.plotly_chart(_chart(ctx, card, period), config=charts.PLOTLY_CONFIG, key=f"chart-{indicator.id}")
        with table_tab:
            st.dataframe(card.table, hide_index=True, width="stretch")
            st.download_button(
                ctx.t("card.download"),
                table_csv(card.table),
                file_name=card.file_name,
                mime="text/csv",
                key=f"csv-{indicator.id}",
                icon=":material/download:",
            )
        with about_tab:
            _about(ctx, card)
    return card


def chart_card(ctx: PageContext, title: str, figure, table: pd.DataFrame, file_stem: str, note: str = "") -> None:
    """A chart that is not a registry indicator (a breakdown, a distribution): chart and table tabs,
    CSV of the table, and a note stating what the numbers are."""
    charts.localise_dates(figure, i18n.is_chinese(ctx.lang))
    with st.container(border=True):
        st.subheader(title, anchor=False)
        if table.empty:
            st.info(ctx.t("app.empty"))
            return
        chart_tab, table_tab = st.tabs([ctx.t("card.chart"), ctx.t("card.table")])
        with chart_tab:
            st.plotly_chart(figure, config=charts.PLOTLY_CONFIG, key=f"chart-{file_stem}")
        with table_tab:
            st.dataframe(table, hide_index=True, width="stretch")
            st.download_button(
                ctx.t("card.download"),
                table_csv(table),
                file_name=f"{_slug(file_stem)}_{ctx.lang}.csv",
                mime="text/csv",
                key=f"csv-{file_stem}",
                icon=":material/download:",
            )
        if note:
            st.caption(note)
