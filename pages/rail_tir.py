"""China–Europe trains and TIR (measure 11): volumes, routes on a map, TIR transit times, and the
published GBA and national figures as separate context."""

import streamlit as st

from dashboard import data, registry
from dashboard.components import maps, rail_views
from dashboard.components.card import indicator_card
from dashboard.components.filters import choice_ui, data_period_ui
from dashboard.components.safe_text import plain
from dashboard.components.shell import empty_state, page_header
from dashboard.context import page_context
from loaders.queries.rail import RouteFilter
from loaders.reference import display_name
from loaders.vocab import RAIL_DIRECTION

# --- title and filters ---------------------------------------------------------------
ctx = page_context()
page_header(ctx, "page.rail_tir", "rail_train", "tir_trip")
st.markdown(ctx.t("rail.intro"))
period = data_period_ui(ctx, ("rail_train", "tir_trip"))
directions = choice_ui(ctx, "direction", "filter.rail_direction", list(RAIL_DIRECTION), lambda d: ctx.t(f"code.rail_direction.{d}"))
everywhere = RouteFilter()
known_countries = sorted(
    set(data.rail_summary(ctx.url, ctx.version, None, ("destination_country",), everywhere)["destination_country"])
    | set(data.tir_summary(ctx.url, ctx.version, None, ("destination_country",), everywhere)["destination_country"])
)
countries = choice_ui(ctx, "country", "rail.country", known_countries, lambda c: display_name("country", c, ctx.lang))

# --- data ----------------------------------------------------------------------------
filters = RouteFilter(start=period.start, end=period.end, directions=directions, destination_countries=countries)
pairs = data.rail_summary(ctx.url, ctx.version, None, ("border_crossing", "destination_city"), filters)
tir_total = data.tir_summary(ctx.url, ctx.version, None, (), filters)
if pairs.empty and tir_total.empty:
    empty_state(ctx)
    st.stop()
monthly = data.rail_summary(ctx.url, ctx.version, period.grain, ("direction",), filters)
by_crossing = data.rail_summary(ctx.url, ctx.version, None, ("border_crossing",), filters)
by_destination = data.rail_summary(ctx.url, ctx.version, None, ("destination_country", "destination_city"), filters)
tir_by_port = data.tir_summary(ctx.url, ctx.version, None, ("exit_port",), filters)
tir_by_destination = data.tir_summary(ctx.url, ctx.version, None, ("destination_city",), filters)
published = data.series(ctx.url, ctx.version, rail_views.PUBLISHED_IDS, (), False)
chosen = {"directions": directions, "destination_countries": countries}

# --- trains: map, indicators, breakdowns ----------------------------------------------
st.header(ctx.t("rail.trains_header"), anchor=False)
measure = rail_views.measure_ui(ctx)
if pairs.empty:
    st.info(ctx.t("app.empty"))
else:
    routes = maps.rail_routes(ctx, pairs, measure)
    notes = [ctx.t("rail.map_note")] + (
        [ctx.t("rail.not_on_map", places=("、" if ctx.lang != "en" else ", ").join(plain(m) for m in routes.missing))]
        if routes.missing
        else []
    )
    maps.map_card(
        ctx, ctx.t("rail.map_title"), routes.deck, routes.table, f"rail-routes-{measure}", routes.legend, notes, beside=False, height=560
    )
for indicator_id in ("rail.trains", "rail.teu", "rail.tonnes", "rail.value_cny"):
    indicator_card(ctx, registry.indicators()[indicator_id], period, chosen)
if not monthly.empty:
    rail_views.by_direction(ctx, monthly, period.grain, measure)
    left, right = st.columns(2)
    with left:
        rail_views.breakdown(ctx, by_crossing, "border_crossing", measure)
    with right:
        rail_views.breakdown(ctx, by_destination, "destination_city", measure)

# --- TIR -----------------------------------------------------------------------------
st.header(ctx.t("rail.tir_header"), anchor=False)
st.caption(ctx.t("rail.tir_scope_note"))
for indicator_id in ("tir.trips", "tir.transit_days_median"):
    indicator_card(ctx, registry.indicators()[indicator_id], period, chosen)
if not tir_total.empty:
    left, right = st.columns(2)
    with left:
        rail_views.tir_breakdown(ctx, tir_by_port, "exit_port")
    with right:
        rail_views.tir_breakdown(ctx, tir_by_destination, "destination_city")

# --- published figures (context, not this dashboard's records) --------------------------
st.header(ctx.t("rail.published_header"), anchor=False)
rail_views.published(ctx, published)
