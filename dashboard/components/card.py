"""The indicator card used everywhere: KPI row (latest, change, baseline, target, status) and
chart / table / definition-and-source tabs, with a CSV download of exactly the table shown. What a
card shows comes from dashboard.models.card_model, its chart from card_chart; this module draws.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard import data, i18n, registry
from dashboard.components import a11y, charts, exports, published_panel, shell
from dashboard.components.card_chart import card_figure
from dashboard.components.tables import show_table
from dashboard.context import PageContext
from dashboard.models import chart_numbers
from dashboard.models.card_model import (
    CardData,
    as_of_line,
    baseline_words,
    card_about,
    card_csv,
    card_data,
    card_published,
    change_text,
    delta_style,
    provisional_note,
    slug,
    source_text,
    target_label,
    target_words,
)
from dashboard.periods import Period
from dashboard.registry import Indicator

BADGE_COLOURS = {"green": "green", "amber": "orange", "better": "blue", "red": "red", "none": "gray"}


def status_badge(ctx: PageContext, status: str, where=st, demo_target: bool = False, no_status_reason: str | None = None) -> None:
    """`demo_target`: the status was judged against a demo target, and the badge says so.
    `no_status_reason`: why nothing is judged (no better direction; a lower-bound baseline), said
    on a grey badge instead of "no yardstick"."""
    key = f"card.status_{status}_demo" if demo_target and status in ("green", "amber") else f"card.status_{status}"
    if status == "none" and no_status_reason:
        key = f"card.status_{no_status_reason}"
    where.badge(ctx.t(key), color=BADGE_COLOURS[status], icon=":material/circle:" if status != "none" else None)


def card_status_badge(ctx: PageContext, card: CardData, where=st) -> None:
    """The status of a card, tile or slide: judged against its target or baseline, or why it is not."""
    demo_target = card.target is not None and card.target.is_demo
    status_badge(ctx, card.assessment.status, where, demo_target=demo_target, no_status_reason=card.assessment.no_status_reason)


def _metric_row(ctx: PageContext, card: CardData) -> None:
    indicator, result = card.indicator, card.assessment
    fmt = lambda v: i18n.format_value(v, indicator.unit, indicator.decimals, ctx.lang)  # noqa: E731
    columns = st.columns([1, 1, 1, 1.4])  # room for a status that names a demo target
    latest = card.latest
    latest_label = ctx.t("card.actual") + (
        f" · {i18n.format_period(latest.period, card.grain, ctx.lang)}" if latest.period is not None else ""
    )
    if card.latest_is_provisional:
        latest_label += f" · {ctx.t('card.provisional_yes')}"
    columns[0].metric(
        latest_label,
        fmt(latest.value),
        delta=change_text(card, ctx.lang),
        **delta_style(card),
        delta_description=ctx.t("card.change_since", previous=i18n.format_period(latest.previous_period, card.grain, ctx.lang))
        if latest.previous_period is not None
        else None,
        help=ctx.t("card.change"),
    )
    if (year_ago := card.year_ago).change is not None and year_ago.previous_period is not None:
        columns[0].caption(
            ctx.t(
                "card.year_on_year",
                change=i18n.format_change(year_ago.change, indicator.unit, indicator.decimals, ctx.lang, beside=year_ago.value),
                period=i18n.format_period(year_ago.previous_period, card.grain, ctx.lang),
            )
        )
    words = baseline_words(ctx, card) if result.baseline is not None else ""
    qualifier = indicator.baseline.qualifier if indicator.baseline is not None else None
    baseline_text = (
        i18n.format_value(result.baseline, indicator.unit, indicator.decimals, ctx.lang, qualifier)
        if result.baseline is not None
        else ctx.t("card.no_baseline")
    )
    columns[1].metric(ctx.t("card.baseline"), baseline_text)
    if words:
        columns[1].caption(ctx.t("card.baseline_span", span=words))
    columns[2].metric(target_label(ctx, card.target), fmt(result.target) if card.target is not None else ctx.t("card.no_target"))
    if card.target is not None:
        columns[2].caption(target_words(ctx, card.target))
    elif card.target_withheld:
        columns[2].caption(ctx.t("card.target_other_scope"))
    columns[3].markdown(ctx.t("card.status"))
    demo_target = card.target is not None and card.target.is_demo
    card_status_badge(ctx, card, columns[3])
    if demo_target and result.status == "amber":  # the short badge names the target; this says the rest
        columns[3].caption(ctx.t("card.better_than_baseline"))
    if result.no_status_reason == "lower_bound":  # the short badge names the reason; this says what follows
        columns[3].caption(ctx.t("card.lower_bound_note"))
    if result.no_status_reason == "demo_vs_published":
        columns[3].caption(ctx.t("card.demo_vs_published_note"))
    if note := provisional_note(ctx, card):
        st.caption(note)
    st.caption(as_of_line(ctx, card))


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
                else ctx.t("card.no_direction"),
            )
            if part
        ),
    ]
    lines.append(f"**{ctx.t('card.source')}**: " + source_text(ctx, indicator))
    lines.append(
        f"**{ctx.t('card.what_it_is')}**: "
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
            text = ctx.t("card.baseline_rule", start=i18n.format_date(base.start, ctx.lang), end=i18n.format_date(base.end, ctx.lang))
            words = baseline_words(ctx, card)
            if words and card.assessment.baseline is not None:
                text += " " + ctx.t(
                    "card.baseline_here",
                    span=words,
                    value=i18n.format_value(card.assessment.baseline, indicator.unit, indicator.decimals, ctx.lang),
                )
        else:
            text = " · ".join(
                part
                for part in (
                    i18n.format_value(base.value, indicator.unit, indicator.decimals, ctx.lang, base.qualifier),
                    ctx.t("format.at_date", date=i18n.format_date(base.end, ctx.lang)),
                    ctx.pick(base.producer or {}),
                    base.url or "",
                    ctx.t("format.accessed", date=i18n.format_date(base.date_accessed, ctx.lang)),
                )
                if part
            )
        lines.append(f"**{ctx.t('card.baseline')}**: {text}")
    if card.target is not None:
        lines.append(
            f"**{target_label(ctx, card.target)}**: {i18n.format_value(card.target.value, indicator.unit, indicator.decimals, ctx.lang)} · {target_words(ctx, card.target)}"
        )
    else:
        lines.append(f"**{ctx.t('card.target')}**: {ctx.t('card.no_target_rule')}")
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
                query_params={"measure": str(number), "lang": ctx.lang},
            )


def indicator_card(
    ctx: PageContext, indicator: Indicator, period: Period, chosen: dict[str, Any] | None = None, provisional_latest: bool = False
) -> CardData:
    """Draw the card and return what it showed (tests compare the table with the download).
    `provisional_latest`: the viewer asked to see a provisional period as the latest (filters.provisional_ui)."""
    card = card_data(ctx, indicator, period, chosen, provisional_latest)
    shell.number_styles()
    st.html(charts.PHONE_CSS)
    with st.container(border=True, key=f"card-{slug(indicator.id)}"):
        title = ctx.pick(indicator.title) + (f"  :orange-badge[{ctx.t('app.demo_badge')}]" if card.is_demo else "")
        st.header(title, anchor=slug(indicator.id))
        if card.values.empty:
            st.info(ctx.t("app.empty"))
            return card
        _metric_row(ctx, card)
        chart_tab, table_tab, about_tab = st.tabs([ctx.t("card.chart"), ctx.t("card.table"), ctx.t("card.about")])
        with chart_tab:

            def build():
                figure = exports.stamp(
                    ctx,
                    card_figure(ctx, card, period),
                    source_text(ctx, indicator),
                    card.covered_through,
                    card.is_demo,
                    card_about(ctx, card),
                )
                return charts.legend_below(figure)  # again: the stamp may have made the top margin taller

            shown = (
                indicator,
                ctx.lang,
                period,
                card.chosen,
                card.values,
                card.assessment,
                card.target,
                card.covered_through,
                card.is_demo,
            )
            figure = data.built_figure(ctx.url, ctx.version, ("card", shown), build)  # built once per data version
            config = exports.image_config(card.file_name.removesuffix(".csv"), False, ctx.lang)
            st.plotly_chart(figure, config=config, key=f"chart-{indicator.id}")
            published_panel.published_panel(ctx, indicator, card_published(ctx, card)[1], chart_is_demo=card.is_demo)
        with table_tab:
            show_table(card.table)
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
    ctx: PageContext,
    title: str,
    figure,
    table: pd.DataFrame,
    file_stem: str,
    note: str = "",
    dataset: str | None = None,
    inputs: tuple = (),
    unit: str | None = None,
) -> None:
    """A chart that is not a registry indicator (a breakdown, a distribution): chart and table tabs,
    CSV of the table with its provenance (exports.origin says which dataset), and a note stating
    what the numbers are.

    `figure` is a Plotly figure, or a function that builds it from `inputs` (the frames and choices
    it draws): then it is built once per store version, language and inputs, and shared (never
    changed afterwards) by every session and rerun (dashboard.data.built_figure). `unit`: the
    table's unit when all its numbers share one (else the CSV says to read the column headings)."""
    where = exports.origin(ctx, file_stem, dataset)
    about = exports.view_about(ctx)

    def finished():
        drawn = figure() if callable(figure) else figure
        charts.localise_dates(drawn, i18n.is_chinese(ctx.lang))
        chart_numbers.localise_numbers(drawn, ctx.lang)
        exports.stamp(ctx, drawn, where.source, where.covered_through, where.is_demo, about)
        return charts.legend_below(drawn)

    shown = (
        data.built_figure(ctx.url, ctx.version, (file_stem, title, ctx.lang, where, about, inputs), finished)
        if callable(figure)
        else finished()
    )
    st.html(charts.PHONE_CSS)
    with st.container(border=True):
        st.header(title, anchor=False)
        if table.empty:
            st.info(ctx.t("app.empty"))
            return
        chart_tab, table_tab = st.tabs([ctx.t("card.chart"), ctx.t("card.table")])
        with chart_tab:
            a11y.chart_summary(ctx, title, table)  # its name and size for screen readers
            config = exports.image_config(exports.view_stem(file_stem), where.is_demo, ctx.lang)
            st.plotly_chart(shown, config=config, key=f"chart-{file_stem}")
        with table_tab:
            show_table(table)
            exports.table_download(ctx, title, table, file_stem, where, unit)
        if note:
            st.caption(note)
