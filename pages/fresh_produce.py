"""Fresh produce to Hong Kong (measure 6): volumes, live animals, port pass time, pre-clearance at the supply base."""

import streamlit as st

from dashboard import data, i18n, registry
from dashboard.components.card import indicator_card
from dashboard.components.filters import choice_ui, data_period_ui
from dashboard.components.sections import readable_period, section_tabs
from dashboard.components.shell import empty_state, page_header
from dashboard.context import page_context
from dashboard.markers import chart_markers
from dashboard.views import fresh_produce as views
from loaders.contracts.vocab import FRESH_CATEGORY
from loaders.queries.fresh_produce import FreshFilter

# --- title and filters ---------------------------------------------------------------
ctx = page_context()
page_header(ctx, "page.fresh_produce", "fresh_produce")
st.markdown(ctx.t("fresh.intro"))
period = data_period_ui(ctx, ("fresh_produce",), default_grain="month")  # the grain every other page opens with
all_ports = data.fresh_summary(ctx.url, ctx.version, None, ("port",), FreshFilter()).sort_values("consignments", ascending=False)["port"]
ports = choice_ui(ctx, "ports", "fresh.filter_ports", list(all_ports), lambda p: views.name(ctx, "port", p))
categories = choice_ui(ctx, "categories", "filter.category", list(FRESH_CATEGORY), lambda c: i18n.code_label(ctx.lang, "category", c))

# --- data ----------------------------------------------------------------------------
period = readable_period(ctx, period)  # no chart with more periods than it can show
filters = FreshFilter(start=period.start, end=period.end, ports=ports, categories=categories)
totals = data.fresh_summary(ctx.url, ctx.version, period.grain, (), filters)
if totals.empty:
    empty_state(ctx)
    st.stop()
by_category = data.fresh_summary(ctx.url, ctx.version, period.grain, ("category",), filters)
by_port = data.fresh_summary(ctx.url, ctx.version, period.grain, ("port",), filters)
by_precleared = data.fresh_summary(ctx.url, ctx.version, period.grain, ("is_precleared_at_base",), filters)
markers = chart_markers(ctx, period.start, period.end, "fresh_produce")

# --- indicators, volumes, speed: one section drawn at a time ----------------------------
chosen = {"ports": ports, "categories": categories}
indicators_tab, volumes_tab, speed_tab = section_tabs(ctx, "fresh", ("sections.indicators", "fresh.volumes", "fresh.speed"))
if indicators_tab.open:
    with indicators_tab:
        for indicator_id in (
            "fresh.tonnes",
            "fresh.batches",
            "fresh.live_animals_head",
            "fresh.port_pass_minutes_p90",
            "fresh.precleared_share",
        ):
            indicator_card(ctx, registry.indicators()[indicator_id], period, chosen)
if volumes_tab.open:
    with volumes_tab:
        for measure in ("tonnes", "consignments"):
            left, right = st.columns(2)
            with left:
                views.stacked_over_time(ctx, by_category, totals, "category", measure, period.grain, markers)
            with right:
                views.stacked_over_time(ctx, by_port, totals, "port", measure, period.grain, markers)
        views.live_animals(ctx, by_category, period.grain, markers)
if speed_tab.open:
    with speed_tab:
        views.port_pass_time(ctx, totals, period.grain, markers)
        views.precleared_port_pass(ctx, by_precleared, period.grain, markers)
        views.precleared_by_port(ctx, by_port, period.grain, markers)
