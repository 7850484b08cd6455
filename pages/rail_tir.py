"""China–Europe trains and TIR (measure 11): volumes, routes on a map, TIR transit times, and the
published GBA and national figures as separate context."""

import streamlit as st

from dashboard import data, registry
from dashboard.components import maps
from dashboard.components.card import indicator_card
from dashboard.components.filters import choice_ui, data_period_ui, provisional_ui
from dashboard.components.safe_text import plain
from dashboard.components.sections import readable_period, section_tabs
from dashboard.components.shell import empty_state, page_header
from dashboard.context import page_context
from dashboard.views import rail_tir
from loaders.content.reference import display_name
from loaders.contracts.vocab import RAIL_DIRECTION
from loaders.queries.rail import RouteFilter

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
provisional = provisional_ui(ctx)  # TIR transit times

# --- data ----------------------------------------------------------------------------
period = readable_period(ctx, period)  # no chart with more periods than it can show
filters = RouteFilter(start=period.start, end=period.end, directions=directions, destination_countries=countries)
pairs = data.rail_summary(ctx.url, ctx.version, None, ("border_crossing", "destination_city"), filters)
tir_total = data.tir_summary(ctx.url, ctx.version, None, (), filters)
if pairs.empty and tir_total.empty:
    empty_state(ctx)
    st.stop()
monthly = data.rail_summary(ctx.url, ctx.version, period.grain, ("direction",), filters)
chosen = {"directions": directions, "destination_countries": countries}

# --- trains, routes, TIR, published figures: one section drawn at a time ------------------
measure = rail_tir.measure_ui(ctx)
trains_tab, routes_tab, tir_tab, published_tab = section_tabs(
    ctx, "rail", ("rail.trains_header", "sections.rail_routes", "rail.tir_header", "rail.published_header")
)
if trains_tab.open:
    with trains_tab:
        for indicator_id in ("rail.trains", "rail.teu", "rail.tonnes", "rail.value_cny"):
            indicator_card(ctx, registry.indicators()[indicator_id], period, chosen)
        if not monthly.empty:
            rail_tir.by_direction(ctx, monthly, period.grain, measure)
if routes_tab.open:
    with routes_tab:
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
                ctx,
                ctx.t("rail.map_title"),
                routes.deck,
                routes.table,
                f"rail-routes-{measure}",
                routes.legend,
                notes,
                beside=False,
                height=560,
                places=routes.places,
            )
        if not monthly.empty:
            left, right = st.columns(2)
            with left:
                rail_tir.breakdown(
                    ctx, data.rail_summary(ctx.url, ctx.version, None, ("border_crossing",), filters), "border_crossing", measure
                )
            with right:
                by_destination = data.rail_summary(ctx.url, ctx.version, None, ("destination_country", "destination_city"), filters)
                rail_tir.breakdown(ctx, by_destination, "destination_city", measure)
if tir_tab.open:
    with tir_tab:
        st.caption(ctx.t("rail.tir_scope_note"))
        for indicator_id in ("tir.trips", "tir.transit_days_median"):
            indicator_card(ctx, registry.indicators()[indicator_id], period, chosen, provisional)
        if not tir_total.empty:
            left, right = st.columns(2)
            with left:
                rail_tir.tir_breakdown(ctx, data.tir_summary(ctx.url, ctx.version, None, ("exit_port",), filters), "exit_port")
            with right:
                rail_tir.tir_breakdown(
                    ctx, data.tir_summary(ctx.url, ctx.version, None, ("destination_city",), filters), "destination_city"
                )
if published_tab.open:
    with published_tab:
        rail_tir.published(ctx, data.series(ctx.url, ctx.version, rail_tir.PUBLISHED_IDS, (), False))
