"""Drawing a map: the map card (map with its table, CSV, legend, notes and attribution) and the
buttons that choose what a map shows, kept in the URL."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pandas as pd
import pydeck as pdk
import streamlit as st

from dashboard.components import exports
from dashboard.components.filters import keep_in_url, seed_from_url
from dashboard.components.maps.base import basemap_url
from dashboard.components.maps.ports import PORT_MEASURES
from dashboard.components.safe_text import plain
from dashboard.components.tables import show_table
from dashboard.context import PageContext


def segmented_ui(key: str, label: str, options: Sequence[str], default: str, format_func: Callable[[str], str]) -> str:
    """One of a few options as buttons in the page, kept in the URL as its code (?measure=teu)."""
    seed_from_url(key, list(options), default)
    choice = st.segmented_control(label, list(options), format_func=format_func, key=key, required=True)
    choice = choice if choice is not None and choice in options else default
    keep_in_url(key, choice, default)
    return choice


def size_ui(ctx: PageContext) -> str:
    """What the port circles are sized by: clearance declarations or fresh-produce consignments."""
    return segmented_ui("size", ctx.t("maps.size_by"), list(PORT_MEASURES), "declarations", lambda m: ctx.t(f"maps.{m}"))


def map_card(
    ctx: PageContext,
    title: str,
    chart: pdk.Deck,
    table: pd.DataFrame,
    file_stem: str,
    legend: str,
    notes: Sequence[str] = (),
    beside: bool = True,
    height: int = 520,
    places: Sequence[str] = (),
) -> None:
    """A map with the table of its numbers (beside it, or in a tab), CSV download, legend, notes and attribution."""
    with st.container(border=True):
        st.header(title, anchor=False)
        if beside:
            map_column, table_column = st.columns([3, 2])
        else:
            map_column, table_column = st.tabs([ctx.t("maps.map"), ctx.t("card.table")])
        with map_column:
            st.pydeck_chart(chart, height=height, key=f"map-{file_stem}", alt=f"{title}. {legend}")
        with table_column:
            show_table(table, height=height - 50 if beside else "auto")
            exports.table_download(ctx, title, table, file_stem, exports.origin(ctx, file_stem))
        st.markdown(legend)
        if places:  # names visible without hovering (a phone cannot hover); the table has the numbers
            st.caption(ctx.t("maps.places_on_map", places=ctx.t("maps.list_separator").join(plain(p) for p in places)))
        for note in notes:
            st.caption(note)
        attribution = ctx.t("app.footer_land")
        if basemap_url():
            attribution += " · " + ctx.t("maps.basemap_configured")
        st.caption(attribution)
