"""The indicator card used everywhere: KPI row (latest, change, baseline, target, status) and
chart / table / definition-and-source tabs, with a CSV download of exactly the table shown."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import data, i18n, periods, registry, targets
from dashboard.assessment import Assessment, assess
from dashboard.components import chart_numbers, charts, exports, published_panel, shell
from dashboard.components.filters import Period
from dashboard.context import PageContext
from dashboard.registry import Indicator
from dashboard.targets import Target
from loaders.queries.indicators import whole_months
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
    target: Target | None = None  # the authority's (settings file) or, on demo data, a demo target
    covered_through: dt.date | None = None  # last day the data behind it cover ("数据截至")
    loaded_at: dt.datetime | None = None  # when those data were last loaded ("更新于")
    latest: periods.Latest = periods.Latest(None, None, None, None)
    period: Period | None = None  # the complete periods shown
    chosen: tuple[tuple[str, Any], ...] = ()


def _chosen_key(chosen: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple(sorted((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in chosen.items() if v not in (None, ())))


def baseline_span(indicator: Indicator, grain: str, latest_period: pd.Timestamp | None) -> tuple[dt.date, dt.date] | None:
    """The dates a period is compared with: the same calendar days (month, quarter, week) of the
    baseline year, so a winter month meets a winter month and a week meets a week — never a week
    against a half-year mean. A year meets the whole baseline year. None without a data baseline."""
    base = indicator.baseline
    if base is None or not base.from_data or latest_period is None:
        return None
    if grain == "year":
        return base.start, base.end
    start = pd.Timestamp(latest_period)
    end = published_panel.period_end(start, grain)
    years = start.year - base.start.year if (start.month, start.day) >= (base.start.month, base.start.day) else start.year - base.end.year
    shift = pd.DateOffset(years=years)
    return (start - shift).date(), (end - shift).date()


def baseline_value(
    ctx: PageContext, indicator: Indicator, grain: str, chosen: dict[str, Any], latest_period: pd.Timestamp | None = None
) -> float | None:
    """From data: the indicator over the same calendar span of the baseline year (baseline_span), at
    the same filters. Quoted: a level at a date (firms, lines), comparable at any grain."""
    base = indicator.baseline
    if base is None:
        return None
    if not base.from_data:
        return base.value
    span = baseline_span(indicator, grain, latest_period)
    if span is None:
        return None
    frame = data.indicator_frame(ctx.url, ctx.version, indicator.id, None, span[0], span[1], _chosen_key(chosen))
    return float(frame["value"].iloc[0]) if not frame.empty and frame["value"].notna().any() else None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-")


def coverage(ctx: PageContext, indicator: Indicator) -> tuple[dt.date | None, bool]:
    """(last day the data behind `indicator` cover, whether they are demo data). Records: the day
    of the dataset's last record. A series: the end of its own last period."""
    if indicator.dataset != "indicator_series":
        return ctx.last_record(indicator.dataset), ctx.is_demo(indicator.dataset)
    spec = indicator.query["series"]
    rows = data.series(ctx.url, ctx.version, (spec["series"],), (spec["scope"],))
    rows = rows[whole_months(rows)]  # the series' own points: a published total or level is not coverage
    if rows.empty:
        return None, False
    return periods.as_date(rows["period_end"].max()), bool(rows["is_demo"].any())


def card_data(ctx: PageContext, indicator: Indicator, period: Period, chosen: dict[str, Any] | None = None) -> CardData:
    """What a card, tile or slide shows for `indicator` over `period`: whole periods only, and none
    past the latest complete period the data cover (dashboard.periods), so every page agrees on
    the latest value, its period and its change."""
    chosen = chosen or {}
    key = _chosen_key(chosen)
    covered_through, is_demo = coverage(ctx, indicator)
    period = Period(period.start, periods.clip_end(period.end, covered_through, period.grain), period.grain).whole()
    values = data.indicator_frame(ctx.url, ctx.version, indicator.id, period.grain, period.start, period.end, key)
    if covered_through is not None and not values.empty:  # a range shorter than one period is kept as chosen: still never past the data
        last_day = pd.Timestamp(periods.latest_complete_end(covered_through, period.grain))
        values = values[pd.to_datetime(values["period"]) <= last_day]
    latest = periods.latest_of(values)
    target = targets.target_for(indicator.id, is_demo)
    assessment = assess(indicator, values, baseline_value(ctx, indicator, period.grain, chosen, latest.period), target)
    table = pd.DataFrame(
        {
            ctx.t("card.period"): [i18n.format_period(p, period.grain, ctx.lang) for p in values["period"]],
            f"{ctx.pick(indicator.title)} ({ctx.t('unit.' + indicator.unit)})": (
                values["value"] * (100 if indicator.unit == "share" else 1)
            ).round(indicator.decimals),
        }
    )
    filters = "_".join(f"{k}-{'+'.join(map(str, v)) if isinstance(v, tuple) else v}" for k, v in key)
    file_name = "_".join(part for part in (_slug(indicator.id), period.slug(), _slug(filters), "DEMO" if is_demo else "", ctx.lang) if part)
    return CardData(
        indicator,
        values,
        assessment,
        table,
        file_name + ".csv",
        is_demo,
        period.grain,
        target=target,
        covered_through=covered_through,
        loaded_at=ctx.as_of(indicator.dataset),
        latest=latest,
        period=period,
        chosen=key,
    )


def table_csv(table: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Excel opens Chinese headers correctly; formula prefixes neutralised."""
    return csv_bytes(table)


BADGE_COLOURS = {"green": "green", "amber": "orange", "better": "blue", "red": "red", "none": "gray"}


def status_badge(ctx: PageContext, status: str, where=st, demo_target: bool = False) -> None:
    """`demo_target`: the status was judged against a demo target, and the badge says so."""
    key = f"semantics.status_{status}_demo" if demo_target and status in ("green", "amber") else f"card.status_{status}"
    where.badge(ctx.t(key), color=BADGE_COLOURS[status], icon=":material/circle:" if status != "none" else None)


def baseline_words(ctx: PageContext, card: CardData) -> str:
    """Which days the baseline covers: the matched span of the baseline year, or a quoted level's date."""
    base = card.indicator.baseline
    if base is None:
        return ""
    if not base.from_data:
        return ctx.t("semantics.at_date", date=i18n.format_date(base.end, ctx.lang))
    span = baseline_span(card.indicator, card.grain, card.assessment.latest_period)
    if span is None:
        return ""
    if card.grain == "day":
        return i18n.format_date(span[0], ctx.lang)
    return ctx.t("semantics.from_to", start=i18n.format_date(span[0], ctx.lang), end=i18n.format_date(span[1], ctx.lang))


def target_label(ctx: PageContext, target: Target | None) -> str:
    return ctx.t("card.demo_target") if target is not None and target.is_demo else ctx.t("card.target")


def target_words(ctx: PageContext, target: Target) -> str:
    """Who set a target, in which document, by when."""
    return ctx.t(
        "semantics.target_set_by",
        who=ctx.pick(target.set_by),
        document=ctx.pick(target.document),
        date=i18n.format_date(target.date, ctx.lang),
    )


def period_phrase(ctx: PageContext, card: CardData) -> str:
    """ "2025年12月 · 较2025年11月": the period of the latest value and of the one it is compared with."""
    latest = card.latest
    if latest.period is None:
        return ""
    period = i18n.format_period(latest.period, card.grain, ctx.lang)
    if latest.previous_period is None:
        return period
    return ctx.t("numbers.period_vs", period=period, previous=i18n.format_period(latest.previous_period, card.grain, ctx.lang))


def change_text(card: CardData, lang: str) -> str | None:
    indicator = card.indicator
    return None if card.latest.change is None else i18n.format_change(card.latest.change, indicator.unit, indicator.decimals, lang)


def delta_style(card: CardData) -> dict[str, str]:
    """st.metric's arrow and colour for the change: by direction of better, none for no change."""
    better = card.indicator.better
    if card.latest.change == 0:
        return {"delta_color": "off", "delta_arrow": "off"}
    return {"delta_color": "inverse" if better == "lower" else ("normal" if better == "higher" else "off")}


def as_of_line(ctx: PageContext, card: CardData) -> str:
    """ "数据截至 2025年12月31日 · 更新于 2026年12月1日": what the data cover, then when they were loaded."""
    parts = []
    if card.covered_through is not None:
        parts.append(ctx.t("numbers.covered_through", date=i18n.format_date(card.covered_through, ctx.lang)))
    if card.loaded_at is not None:
        parts.append(ctx.t("numbers.loaded_at", date=i18n.format_date(card.loaded_at, ctx.lang)))
    return " · ".join(parts)


def _metric_row(ctx: PageContext, card: CardData) -> None:
    indicator, result = card.indicator, card.assessment
    fmt = lambda v: i18n.format_value(v, indicator.unit, indicator.decimals, ctx.lang)  # noqa: E731
    columns = st.columns([1, 1, 1, 1.4])  # room for a status that names a demo target
    latest = card.latest
    latest_label = ctx.t("card.actual") + (
        f" · {i18n.format_period(latest.period, card.grain, ctx.lang)}" if latest.period is not None else ""
    )
    columns[0].metric(
        latest_label,
        fmt(latest.value),
        delta=change_text(card, ctx.lang),
        **delta_style(card),
        delta_description=ctx.t("numbers.change_since", previous=i18n.format_period(latest.previous_period, card.grain, ctx.lang))
        if latest.previous_period is not None
        else None,
        help=ctx.t("card.change"),
    )
    words = baseline_words(ctx, card) if result.baseline is not None else ""
    columns[1].metric(ctx.t("card.baseline"), fmt(result.baseline) if result.baseline is not None else ctx.t("card.no_baseline"))
    if words:
        columns[1].caption(ctx.t("semantics.baseline_span", span=words))
    columns[2].metric(target_label(ctx, card.target), fmt(result.target) if card.target is not None else ctx.t("card.no_target"))
    if card.target is not None:
        columns[2].caption(target_words(ctx, card.target))
    columns[3].markdown(ctx.t("card.status"))
    demo_target = card.target is not None and card.target.is_demo
    status_badge(ctx, result.status, columns[3], demo_target=demo_target)
    if demo_target and result.status == "amber":  # the short badge names the target; this says the rest
        columns[3].caption(ctx.t("semantics.better_than_baseline"))
    st.caption(as_of_line(ctx, card))


def source_text(ctx: PageContext, indicator: Indicator) -> str:
    if indicator.dataset == "indicator_series":
        return ctx.t("card.series_source", source=indicator.query["series"]["series"])
    return ctx.t("card.records_source", dataset=indicator.dataset)


def provenance(ctx: PageContext, card: CardData) -> exports.Provenance:
    indicator = card.indicator
    scope_text = ctx.pick(registry.names("scopes")[indicator.scope])
    shown = card.values["period"] if not card.values.empty else []
    periods = (
        f"{i18n.format_period(shown.iloc[0], card.grain, ctx.lang)} – {i18n.format_period(shown.iloc[-1], card.grain, ctx.lang)}"
        if len(shown)
        else ""
    )
    return exports.Provenance(
        f"{ctx.pick(indicator.title)} ({indicator.id})",
        scope_text,
        periods,
        exports.chosen_filters(ctx, card.chosen),
        "%" if indicator.unit == "share" else ctx.t("unit." + indicator.unit),
        source_text(ctx, indicator),
        card.is_demo,
        card.covered_through,
        card.loaded_at,
    )


def card_csv(ctx: PageContext, card: CardData) -> bytes:
    """The card's download: its table, with the provenance columns on every row."""
    return exports.provenance_csv(ctx, card.table, provenance(ctx, card))


def _chart(ctx: PageContext, card: CardData, period: Period, big: bool = False):
    """The card's line, its baseline and target, and only like-for-like published points (see
    published_panel.split); `card_published` gives what goes in the panel instead."""
    indicator, result = card.indicator, card.assessment
    scale = 100 if indicator.unit == "share" else 1
    frame = card.values.assign(value=card.values["value"] * scale)
    references = []
    if result.baseline is not None:
        words = baseline_words(ctx, card)
        label = ctx.t("card.baseline") + (f" ({words})" if words else "")
        references.append(charts.ReferenceLine(label, result.baseline * scale, "#757575", label_position="bottom left"))
    if result.target is not None:
        references.append(
            charts.ReferenceLine(
                target_label(ctx, card.target), result.target * scale, charts.STATUS_COLOURS["green"], "dot", label_position="top right"
            )
        )
    on_chart, _ = card_published(ctx, card)
    points = None
    if not on_chart.empty:
        points = pd.DataFrame(
            {"x": on_chart["period_start"], "y": on_chart["value"] * scale, "text": published_panel.hover_texts(ctx, on_chart)}
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
        points_label=ctx.t("semantics.published_same_scope", scope=published_panel.scope_words(ctx, indicator.scope)),
        big=big,
        series_name=ctx.pick(indicator.title),
    )
    charts.localise_dates(figure, i18n.is_chinese(ctx.lang))
    return chart_numbers.localise_numbers(figure, ctx.lang)


def card_published(ctx: PageContext, card: CardData) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Published (non-demo) figures of the indicator and its related ids: (on the chart, in the panel)."""
    indicator = card.indicator
    published = data.series(ctx.url, ctx.version, (indicator.id, *indicator.related), (), False)
    return published_panel.split(indicator, published, card.grain, card.values["period"])


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
    lines.append(f"**{ctx.t('card.source')}**: " + source_text(ctx, indicator))
    lines.append(
        f"**{ctx.t('semantics.what_it_is')}**: "
        + " · ".join(
            ctx.pick(registry.names(vocabulary)[code])
            for vocabulary, code in (
                ("statistics", indicator.statistic),
                ("scopes", indicator.scope),
                ("period_bases", indicator.period_basis),
            )
        )
    )
    base = indicator.baseline
    if base is not None:
        if base.from_data:
            text = ctx.t("semantics.baseline_rule", start=i18n.format_date(base.start, ctx.lang), end=i18n.format_date(base.end, ctx.lang))
            words = baseline_words(ctx, card)
            if words and card.assessment.baseline is not None:
                text += " " + ctx.t(
                    "semantics.baseline_here",
                    span=words,
                    value=i18n.format_value(card.assessment.baseline, indicator.unit, indicator.decimals, ctx.lang),
                )
        else:
            text = " · ".join(
                part
                for part in (
                    i18n.format_value(base.value, indicator.unit, indicator.decimals, ctx.lang),
                    ctx.t("semantics.at_date", date=i18n.format_date(base.end, ctx.lang)),
                    ctx.pick(base.producer or {}),
                    base.url or "",
                    ctx.t("semantics.accessed", date=i18n.format_date(base.date_accessed, ctx.lang)),
                )
                if part
            )
        lines.append(f"**{ctx.t('card.baseline')}**: {text}")
    if card.target is not None:
        lines.append(
            f"**{target_label(ctx, card.target)}**: {i18n.format_value(card.target.value, indicator.unit, indicator.decimals, ctx.lang)} · {target_words(ctx, card.target)}"
        )
    else:
        lines.append(f"**{ctx.t('card.target')}**: {ctx.t('semantics.no_target_rule')}")
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
    shell.number_styles()
    with st.container(border=True, key=f"card-{_slug(indicator.id)}"):
        title = ctx.pick(indicator.title) + (f"  :orange-badge[{ctx.t('app.demo_badge')}]" if card.is_demo else "")
        st.subheader(title, anchor=_slug(indicator.id))
        if card.values.empty:
            st.info(ctx.t("app.empty"))
            return card
        _metric_row(ctx, card)
        chart_tab, table_tab, about_tab = st.tabs([ctx.t("card.chart"), ctx.t("card.table"), ctx.t("card.about")])
        with chart_tab:
            figure = exports.stamp(ctx, _chart(ctx, card, period), source_text(ctx, indicator), card.covered_through, card.is_demo)
            config = exports.image_config(card.file_name.removesuffix(".csv"), False, ctx.lang)
            st.plotly_chart(figure, config=config, key=f"chart-{indicator.id}")
            published_panel.published_panel(ctx, indicator, card_published(ctx, card)[1])
        with table_tab:
            st.dataframe(card.table, hide_index=True, width="stretch")
            st.download_button(
                ctx.t("card.download"),
                card_csv(ctx, card),
                file_name=card.file_name,
                mime="text/csv",
                key=f"csv-{indicator.id}",
                icon=":material/download:",
            )
        with about_tab:
            _about(ctx, card)
    return card


def chart_card(
    ctx: PageContext, title: str, figure, table: pd.DataFrame, file_stem: str, note: str = "", dataset: str | None = None
) -> None:
    """A chart that is not a registry indicator (a breakdown, a distribution): chart and table tabs,
    CSV of the table with its provenance (exports.origin says which dataset), and a note stating
    what the numbers are."""
    where = exports.origin(ctx, file_stem, dataset)
    charts.localise_dates(figure, i18n.is_chinese(ctx.lang))
    chart_numbers.localise_numbers(figure, ctx.lang)
    exports.stamp(ctx, figure, where.source, where.covered_through, where.is_demo)
    with st.container(border=True):
        st.subheader(title, anchor=False)
        if table.empty:
            st.info(ctx.t("app.empty"))
            return
        chart_tab, table_tab = st.tabs([ctx.t("card.chart"), ctx.t("card.table")])
        with chart_tab:
            st.plotly_chart(figure, config=exports.image_config(file_stem, where.is_demo, ctx.lang), key=f"chart-{file_stem}")
        with table_tab:
            st.dataframe(table, hide_index=True, width="stretch")
            exports.table_download(ctx, title, table, file_stem, where)
        if note:
            st.caption(note)
