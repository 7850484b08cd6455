"""Published figures beside a card's chart: like for like on the chart, everything else in a panel.

A published figure stands on the chart only when its indicator (statistic included), scope and
period are exactly those of one of the chart's points: a national mean is not a point of the
Shenzhen median line, nor is the GBA's yearly total one of our months; and nothing is drawn on a
chart of demo data, where a real figure would dress the made-up line as confirmed. Everything else
that is published about the indicator (and the indicators its registry entry names in `related`)
is listed in a labelled panel under the chart, with its scope, statistic, unit and whole period in
words, and its value as published (400余 / more than 400, 约20万 / about 200,000).
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from dashboard import i18n, registry
from dashboard.components.safe_text import plain
from dashboard.context import PageContext
from dashboard.models.published import scope_words, value_words
from dashboard.registry import Indicator
from loaders.content.registry_schema import is_http_url


def period_words(ctx: PageContext, start: pd.Timestamp, end: pd.Timestamp) -> str:
    if pd.Timestamp(start) == pd.Timestamp(end):
        return ctx.t("format.at_date", date=i18n.format_date(end, ctx.lang))
    return ctx.t("format.from_to", start=i18n.format_date(start, ctx.lang), end=i18n.format_date(end, ctx.lang))


def _unit(ctx: PageContext, indicator_id: str, written: str) -> str:
    known = registry.indicators().get(indicator_id)
    if known is not None:
        return "%" if known.unit == "share" else ctx.t("unit." + known.unit)
    return i18n.strings(ctx.lang).get(f"unit.{str(written).lower()}", str(written))


def _statistic(ctx: PageContext, indicator_id: str) -> str:
    code = registry.statistic_of(indicator_id)
    names = registry.names("statistics")
    return ctx.pick(names[code]) if code in names else "—"


def hover_texts(ctx: PageContext, rows: pd.DataFrame) -> list[str]:
    """Scope in words, publisher, whole period, value as published (with its qualifier) and unit
    (escaped: Plotly hovers read HTML)."""
    return [_hover_text(ctx, r, value) for r, value in zip(rows.itertuples(), value_words(ctx, rows), strict=True)]


def _hover_text(ctx: PageContext, r: Any, value: str) -> str:
    """One published figure's row (itertuples: pandas types its fields as any cell value)."""
    return html.escape(
        f"{scope_words(ctx, r.scope)} · {period_words(ctx, r.period_start, r.period_end)} · "
        f"{i18n.with_unit(value, _unit(ctx, r.indicator_id, r.unit), ctx.lang)} · {ctx.pick(registry.publisher_name(r.source))}"
    )


def panel_table(ctx: PageContext, rows: pd.DataFrame) -> pd.DataFrame:
    """What the panel lists, one row per published figure, every code written out in words."""
    return pd.DataFrame(
        {
            ctx.t("published_panel.col_indicator"): [
                ctx.pick(registry.title_of(i, s) or {"en": i}) for i, s in zip(rows["indicator_id"], rows["scope"], strict=True)
            ],
            ctx.t("published_panel.col_scope"): [scope_words(ctx, s) for s in rows["scope"]],
            ctx.t("published_panel.col_statistic"): [_statistic(ctx, i) for i in rows["indicator_id"]],
            ctx.t("published_panel.col_period"): [
                period_words(ctx, s, e) for s, e in zip(rows["period_start"], rows["period_end"], strict=True)
            ],
            ctx.t("published_panel.col_value"): value_words(ctx, rows),
            ctx.t("published_panel.col_unit"): [_unit(ctx, i, u) for i, u in zip(rows["indicator_id"], rows["unit"], strict=True)],
            ctx.t("published_panel.col_publisher"): [ctx.pick(registry.publisher_name(s)) for s in rows["source"]],
            ctx.t("published_panel.col_link"): [source_link(u) for u in rows["source_url"]],
        }
    )


def source_link(url: object) -> str | None:
    """A short Markdown link for st.table (which renders Markdown in every cell): the publisher's
    host as the text, so a long address cannot push the table past the card."""
    if not is_http_url(url):
        return None
    host = urlsplit(str(url)).hostname or str(url)
    target = str(url).replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{plain(host)}]({target})"


def inert_table(frame: pd.DataFrame, keep: tuple[str, ...] = ()) -> pd.DataFrame:
    """st.table renders Markdown in every cell: text from data and content shows as typed (safe_text.plain)."""
    return frame.assign(**{c: frame[c].map(lambda v: plain(v) if isinstance(v, str) else v) for c in frame.columns if c not in keep})


def published_panel(ctx: PageContext, indicator: Indicator, rows: pd.DataFrame, chart_is_demo: bool = False) -> None:
    """The labelled "published figures" panel under a card's chart (nothing when there is none).
    `chart_is_demo`: the chart shows demo data, so every published figure is listed here, and a
    line says why none is drawn on it."""
    if rows.empty:
        return
    with st.container(key=f"published-{indicator.id.replace('.', '-')}"):
        st.markdown(f"**{ctx.t('published_panel.title_demo' if chart_is_demo else 'published_panel.title')}**")
        if chart_is_demo:
            st.caption(ctx.t("published_panel.demo_note"))
        st.caption(ctx.t("published_panel.note"))
        # a static table: a few rows, read in full; links as written (http(s) originals only)
        table = panel_table(ctx, rows)
        st.table(inert_table(table, keep=(ctx.t("published_panel.col_link"),)), hide_index=True, border="horizontal")
