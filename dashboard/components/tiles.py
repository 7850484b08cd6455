"""KPI tiles for the overview: value, change, sparkline, status and the measures it serves."""

from __future__ import annotations

import math

import streamlit as st

from dashboard import i18n
from dashboard.components.card import CardData, status_badge
from dashboard.context import PageContext


def kpi_tile(ctx: PageContext, card: CardData) -> None:
    indicator, result = card.indicator, card.assessment
    scale = 100 if indicator.unit == "share" else 1
    change = None if result.change is None else i18n.format_value(result.change, indicator.unit, indicator.decimals, ctx.lang)
    with st.container(border=True):
        # the title above the number, wrapped: a metric label is cut to one line ("进口整体通关时…")
        st.markdown(f"**{ctx.pick(indicator.title)}**", help=ctx.pick(indicator.definition))
        st.metric(
            ctx.pick(indicator.title),
            i18n.format_value(result.latest, indicator.unit, indicator.decimals, ctx.lang),
            delta=change,
            delta_color="inverse" if indicator.better == "lower" else ("normal" if indicator.better == "higher" else "off"),
            label_visibility="collapsed",
            chart_data=[v * scale for v in card.values["value"].tolist()[-24:] if not math.isnan(v)] or None,
            delta_description=ctx.t("card.change"),
        )
        status_badge(ctx, result.status, demo_target=card.target is not None and card.target.is_demo)
        measures = ", ".join(str(m) for m in indicator.measures)
        caption = ctx.t("overview.measure", numbers=measures)
        if card.is_demo:
            caption += f" · {ctx.t('app.demo_badge')}"
        st.caption(caption)


def relative_change(card: CardData) -> float | None:
    result = card.assessment
    if result.change is None or not result.previous:
        return None
    return result.change / abs(result.previous)


def changes_list(ctx: PageContext, cards: list[CardData], limit: int = 8) -> None:
    """The largest relative moves since the previous period, biggest first."""
    moves = [(relative_change(c), c) for c in cards]
    moves = sorted([(r, c) for r, c in moves if r is not None], key=lambda rc: -abs(rc[0]))[:limit]
    if not moves:
        st.caption(ctx.t("overview.changes_none"))
        return
    lines = []
    for rel, card in moves:
        indicator, result = card.indicator, card.assessment

        def fmt(value: float | None, indicator=indicator) -> str:
            return i18n.format_value(value, indicator.unit, indicator.decimals, ctx.lang)

        improving = (rel < 0) == (indicator.better == "lower") if indicator.better != "none" else None
        arrow = ":material/trending_down:" if rel < 0 else ":material/trending_up:"
        colour = "gray" if improving is None else ("green" if improving else "red")
        text = ctx.t(
            "overview.change_line",
            title=ctx.pick(indicator.title),
            previous=fmt(result.previous),
            latest=fmt(result.latest),
            change=f"{rel * 100:+.1f}%",
        )
        lines.append(f"- :{colour}[{arrow}] {text}")
    st.markdown("\n".join(lines))
