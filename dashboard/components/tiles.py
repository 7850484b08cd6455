"""KPI tiles for the overview: value, its period and the period it is compared with, change,
sparkline, status and the measures it serves; and the list of the largest moves."""

from __future__ import annotations

import math

import streamlit as st

from dashboard import i18n
from dashboard.components.card import status_badge
from dashboard.components.card_model import CardData, as_of_line, change_text, delta_style, period_phrase
from dashboard.context import PageContext


def kpi_tile(ctx: PageContext, card: CardData) -> None:
    indicator, result, latest = card.indicator, card.assessment, card.latest
    scale = 100 if indicator.unit == "share" else 1
    with st.container(border=True, key=f"tile-{indicator.id.replace('.', '-')}"):
        # the title above the number, wrapped: a metric label is cut to one line ("进口整体通关时…")
        st.markdown(f"**{ctx.pick(indicator.title)}**", help=ctx.pick(indicator.definition))
        st.metric(
            ctx.pick(indicator.title),
            i18n.format_value(latest.value, indicator.unit, indicator.decimals, ctx.lang),
            delta=change_text(card, ctx.lang),
            **delta_style(card),
            label_visibility="collapsed",
            chart_data=[v * scale for v in card.values["value"].tolist()[-24:] if not math.isnan(v)] or None,
        )  # the caption below names both periods: a "vs previous period" beside the change was cut off
        st.caption(period_phrase(ctx, card))
        status_badge(ctx, result.status, demo_target=card.target is not None and card.target.is_demo)
        measures = ", ".join(str(m) for m in indicator.measures)
        caption = ctx.t("overview.measure", numbers=measures)
        if card.is_demo:
            caption += f" · {ctx.t('app.demo_badge')}"
        st.caption(caption + "  \n" + as_of_line(ctx, card))


def relative_change(card: CardData) -> float | None:
    latest = card.latest
    if latest.change is None or not latest.previous:
        return None
    return latest.change / abs(latest.previous)


def changes_list(ctx: PageContext, cards: list[CardData], limit: int = 8) -> None:
    """The largest relative moves between the two latest complete periods, biggest first; each
    names both periods. A share's move is shown in percentage points beside its relative size."""
    moves = [(relative_change(c), c) for c in cards]
    moves = sorted([(r, c) for r, c in moves if r is not None], key=lambda rc: -abs(rc[0]))[:limit]
    if not moves:
        st.caption(ctx.t("overview.changes_none"))
        return
    lines = []
    for rel, card in moves:
        indicator, latest = card.indicator, card.latest

        def fmt(value: float | None, indicator=indicator) -> str:
            return i18n.format_value(value, indicator.unit, indicator.decimals, ctx.lang)

        improving = (rel < 0) == (indicator.better == "lower") if indicator.better != "none" else None
        arrow = ":material/trending_down:" if rel < 0 else ":material/trending_up:"
        colour = "gray" if improving is None else ("green" if improving else "red")
        change = change_text(card, ctx.lang) if indicator.unit == "share" else i18n.format_relative(rel, ctx.lang)
        text = ctx.t(
            "numbers.move_line",
            title=ctx.pick(indicator.title),
            period=i18n.format_period(latest.period, card.grain, ctx.lang),
            previous=i18n.format_period(latest.previous_period, card.grain, ctx.lang),
            previous_value=fmt(latest.previous),
            latest=fmt(latest.value),
            change=change,
        )
        lines.append(f"- :{colour}[{arrow}] {text}")
    st.markdown("\n".join(lines))
