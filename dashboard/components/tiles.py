"""KPI tiles for the overview: value, its period and the period it is compared with, change,
sparkline (with a sentence saying what it draws), status and the measures it serves; and the list of
the largest moves.

Each tile's title links to the page that details its indicator, carrying the overview's language,
reading mode and filters (the dates narrowed to what that page's data cover), so a reader never
meets a dead end."""

from __future__ import annotations

import datetime as dt
import html
import math

import streamlit as st

from dashboard import i18n
from dashboard.components.card import card_status_badge
from dashboard.components.reading_mode import url_params as reading_params
from dashboard.context import PageContext
from dashboard.models.card_model import CardData, as_of_line, change_text, delta_style, period_phrase, provisional_short
from dashboard.registry import Indicator

SPARK_POINTS = 24  # the sparkline draws the last two years of months at most
# page script and the datasets whose dates its period filter offers, by the dataset behind an indicator
DETAIL_PAGES = {
    "clearance": ("pages/clearance.py", ("clearance",)),
    "fresh_produce": ("pages/fresh_produce.py", ("fresh_produce",)),
    "seafood_lab": ("pages/seafood_lab.py", ("seafood_lab",)),
    "rail_train": ("pages/rail_tir.py", ("rail_train", "tir_trip")),
    "tir_trip": ("pages/rail_tir.py", ("rail_train", "tir_trip")),
}
SERIES_PAGES = {"combiport.": ("pages/ports_map.py", ("clearance", "fresh_produce"))}  # by indicator id prefix
SR_ONLY = "position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);border:0;"


def detail_link(ctx: PageContext, indicator: Indicator, url: dict[str, str]) -> tuple[str, dict[str, str]]:
    """(page script, query parameters) of the page that details `indicator`: its dataset's page with
    the overview's grain and dates (narrowed to that page's data), or else the page of the first
    measure it tracks. `url`: the overview's own query parameters."""
    shared = {"lang": ctx.lang, **reading_params()}
    target = DETAIL_PAGES.get(indicator.dataset) or next(
        (page for prefix, page in SERIES_PAGES.items() if indicator.id.startswith(prefix)), None
    )
    if target is None:
        return "pages/measure.py", {"measure": str(indicator.measures[0]), **shared}
    script, datasets = target
    params = {**shared, **({"grain": url["grain"]} if url.get("grain") else {})}
    firsts = [day for day in map(ctx.first_record, datasets) if day]
    lasts = [day for day in map(ctx.covered_through, datasets) if day]
    if firsts and lasts:
        first, last = min(firsts), max(lasts)
        start, end = _date(url.get("from")), _date(url.get("to"))
        if start and start > first:
            params["from"] = min(start, last).isoformat()
        if end and end < last:
            params["to"] = max(end, first).isoformat()
    return script, params


def _date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def sparkline_sentence(ctx: PageContext, card: CardData) -> str:
    """ "近24期走势：从1.2小时（2024年1月）到0.9小时（2025年12月）。" — what the sparkline draws."""
    indicator, values = card.indicator, card.values.dropna(subset=["value"]).tail(SPARK_POINTS)
    if len(values) < 2:
        return ""

    def fmt(value: float) -> str:
        return i18n.format_value(value, indicator.unit, indicator.decimals, ctx.lang)

    first, last = values.iloc[0], values.iloc[-1]
    return ctx.t(
        "tiles.sparkline",
        count=len(values),
        first=fmt(first["value"]),
        first_period=i18n.format_period(first["period"], card.grain, ctx.lang),
        last=fmt(last["value"]),
        last_period=i18n.format_period(last["period"], card.grain, ctx.lang),
    )


def kpi_tile(ctx: PageContext, card: CardData, url: dict[str, str], reading: bool = False) -> None:
    """One tile; `url` is the overview's query parameters (for the detail link), `reading` shows
    the definition and the sparkline's sentence as text instead of a tooltip and a hidden line."""
    indicator, latest = card.indicator, card.latest
    scale = 100 if indicator.unit == "share" else 1
    points = [v * scale for v in card.values["value"].tolist()[-SPARK_POINTS:] if not math.isnan(v)]
    with st.container(border=True, key=f"tile-{indicator.id.replace('.', '-')}"):
        # the title above the number, wrapped (a metric label is cut to one line), as the link to its page
        script, params = detail_link(ctx, indicator, url)
        definition = ctx.pick(indicator.definition)
        st.page_link(
            script,
            label=f"**{ctx.pick(indicator.title)}**",
            query_params=params,
            help=None if reading else definition,
            icon=":material/arrow_forward:",
        )
        if reading:
            st.caption(ctx.t("tiles.definition", text=definition))
        st.metric(
            ctx.pick(indicator.title),
            i18n.format_value(latest.value, indicator.unit, indicator.decimals, ctx.lang),
            delta=change_text(card, ctx.lang),
            **delta_style(card),
            label_visibility="collapsed",
            chart_data=points or None,
        )  # the caption below names both periods: a "vs previous period" beside the change was cut off
        sentence = sparkline_sentence(ctx, card)
        if sentence and reading:
            st.caption(sentence)
        elif sentence:  # read by screen readers right after the sparkline, not shown
            st.html(f'<p class="sparkline-text" style="{SR_ONLY}">{html.escape(sentence)}</p>')
        st.caption(period_phrase(ctx, card))
        if provisional := provisional_short(ctx, card):  # why a duration's latest is a period earlier than its neighbours'
            st.caption(provisional)
        card_status_badge(ctx, card)
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
    changed = [(rel, c) for c in cards if (rel := relative_change(c)) is not None]
    moves = sorted(changed, key=lambda rc: -abs(rc[0]))[:limit]
    if not moves:
        st.caption(ctx.t("overview.changes_none"))
        return
    lines = []
    for rel, card in moves:
        indicator, latest = card.indicator, card.latest
        assert latest.period is not None and latest.previous_period is not None  # a change has both periods

        def fmt(value: float | None, indicator=indicator) -> str:
            return i18n.format_value(value, indicator.unit, indicator.decimals, ctx.lang)

        improving = (rel < 0) == (indicator.better == "lower") if indicator.better != "none" else None
        arrow = ":material/trending_down:" if rel < 0 else ":material/trending_up:"
        colour = "gray" if improving is None else ("green" if improving else "red")
        change = change_text(card, ctx.lang) if indicator.unit == "share" else i18n.format_relative(rel, ctx.lang)
        text = ctx.t(
            "tiles.move_line",
            title=ctx.pick(indicator.title),
            period=i18n.format_period(latest.period, card.grain, ctx.lang),
            previous=i18n.format_period(latest.previous_period, card.grain, ctx.lang),
            previous_value=fmt(latest.previous),
            latest=fmt(latest.value),
            change=change,
        )
        lines.append(f"- :{colour}[{arrow}] {text}")
    st.markdown("\n".join(lines))
