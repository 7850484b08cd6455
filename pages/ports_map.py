"""Ports map (measure 10): Shenzhen's ports and crossings and the GBA combination-port cities,
sized by clearance declarations or fresh-produce consignments in the period."""

import streamlit as st

from dashboard import data, registry
from dashboard.components import maps
from dashboard.components.card import indicator_card
from dashboard.components.filters import data_period_ui
from dashboard.components.sections import readable_period
from dashboard.components.shell import empty_state, page_header
from dashboard.context import page_context
from loaders.queries.clearance import ClearanceFilter
from loaders.queries.fresh_produce import FreshFilter

# --- title and filters ---------------------------------------------------------------
ctx = page_context()
page_header(ctx, "page.ports_map", "clearance", "fresh_produce")
st.markdown(ctx.t("maps.ports_intro"))
period = data_period_ui(ctx, ("clearance", "fresh_produce"))
size_by = maps.size_ui(ctx)

# --- data ----------------------------------------------------------------------------
period = readable_period(ctx, period)  # no chart with more periods than it can show
declarations = data.clearance_summary(ctx.url, ctx.version, None, ("customs_code",), ClearanceFilter(start=period.start, end=period.end))
consignments = data.fresh_summary(ctx.url, ctx.version, None, ("port",), FreshFilter(start=period.start, end=period.end))
if declarations.empty and consignments.empty:
    empty_state(ctx)

# --- map, table and combination-port lines ---------------------------------------------------
ports = maps.ports_map(ctx, declarations, consignments, size_by)
notes = [ctx.t("maps.ports_note_declarations"), ctx.t("maps.ports_note_consignments")]
maps.map_card(
    ctx,
    ctx.t("maps.ports_title", measure=ctx.t(f"maps.{size_by}")),
    ports.deck,
    ports.table,
    f"ports-{size_by}-{period.slug()}",
    ports.legend,
    notes,
    places=ports.places,
)
indicator_card(ctx, registry.indicators()["combiport.lines"], period)
