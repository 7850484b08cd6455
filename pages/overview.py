"""Overview: one tile per headline indicator, and what moved most since the previous period."""

import streamlit as st

from dashboard import registry
from dashboard.components import reading_mode
from dashboard.components.filters import period_ui
from dashboard.components.shell import empty_state, page_header
from dashboard.components.tiles import changes_list, kpi_tile
from dashboard.context import page_context
from dashboard.models.card_model import card_data

DATASETS = ("clearance", "fresh_produce", "seafood_lab", "rail_train", "tir_trip", "indicator_series")

# --- title and filters ---------------------------------------------------------------
ctx = page_context()
page_header(ctx, "page.overview", *DATASETS)
st.caption(ctx.t("app.subtitle"))
st.markdown(ctx.t("overview.intro"))
st.page_link(
    "pages/guide.py",
    label=ctx.t("guide.overview_link"),
    icon=":material/explore:",
    query_params={"lang": ctx.lang, **reading_mode.url_params()},
)
# from the first record to the last day any dataset covers (each tile then stops at its own data's
# latest complete period); published figures from years back do not stretch the start
firsts = [day for day in map(ctx.first_record, DATASETS[:-1]) if day]
lasts = [day for day in map(ctx.covered_through, DATASETS) if day]
if not firsts:
    empty_state(ctx)
    st.stop()
period = period_ui(ctx, min(firsts), max(lasts), grains=("month", "quarter", "year"))

# --- data ----------------------------------------------------------------------------
headline = [card_data(ctx, indicator, period) for indicator in registry.headline()]
everything = [card_data(ctx, indicator, period) for indicator in registry.indicators().values()]

# --- tiles and changes -----------------------------------------------------------------
url = {key: st.query_params[key] for key in ("from", "to", "grain") if key in st.query_params}
reading = reading_mode.is_on()
columns_per_row = 1 if reading else 4
for start in range(0, len(headline), columns_per_row):
    for column, card in zip(st.columns(columns_per_row), headline[start : start + columns_per_row], strict=False):
        with column:
            kpi_tile(ctx, card, url, reading)

st.header(ctx.t("overview.changes"))
changes_list(ctx, everything)
