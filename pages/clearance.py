"""Clearance time (measures 2, 3, 4, 10, 12): WCO Time Release Study view."""

import dataclasses

import streamlit as st

from dashboard import data, i18n, registry
from dashboard.components.card import indicator_card
from dashboard.components.filters import choice_ui, data_period_ui, provisional_ui, split_ui
from dashboard.components.sections import readable_period, section_tabs
from dashboard.components.shell import empty_state, page_header
from dashboard.context import page_context
from dashboard.models.split_baseline import baseline_year
from dashboard.views import clearance as views
from loaders.content.reference import customs_codes, display_name
from loaders.contracts.vocab import DIRECTION, TRANSPORT_MODE
from loaders.queries.clearance import ClearanceFilter

# --- title and filters ---------------------------------------------------------------
ctx = page_context()
page_header(ctx, "page.clearance", "clearance")
st.markdown(ctx.t("clearance.intro"))
period = data_period_ui(ctx, ("clearance",))
ports = choice_ui(
    ctx, "ports", "filter.ports", [r["customs_code"] for r in customs_codes()], lambda c: f"{c} {display_name('customs_code', c, ctx.lang)}"
)
directions = choice_ui(ctx, "direction", "filter.direction", list(DIRECTION), lambda d: i18n.code_label(ctx.lang, "direction", d))
modes = choice_ui(ctx, "mode", "filter.mode", list(TRANSPORT_MODE), lambda m: i18n.code_label(ctx.lang, "transport_mode", m))
split = split_ui(ctx, ["is_aeo", "is_inspected", "is_advance_declaration", "is_two_step"])
provisional = provisional_ui(ctx)

# --- data ----------------------------------------------------------------------------
period = readable_period(ctx, period)  # no chart with more periods than it can show
filters = ClearanceFilter(start=period.start, end=period.end, customs_codes=ports, directions=directions, modes=modes)
by_port = data.clearance_summary(ctx.url, ctx.version, None, ("customs_code",), filters)
if by_port.empty:
    empty_state(ctx)
    st.stop()
by_mode = data.clearance_summary(ctx.url, ctx.version, None, ("transport_mode",), filters)
start, end = baseline_year("clearance.overall_hours.import")
then = dataclasses.replace(filters, start=start, end=end)  # each group's own baseline: the same filters over the baseline year

# --- indicators, stages, distribution and comparisons: one section drawn at a time -------
chosen = {"customs_codes": ports, "directions": directions, "modes": modes}
indicators_tab, stages_tab, compare_tab = section_tabs(
    ctx, "clearance", ("sections.indicators", "sections.clearance_stages", "sections.clearance_compare")
)
if indicators_tab.open:
    with indicators_tab:
        for indicator_id in (
            "clearance.overall_hours.import",
            "clearance.overall_hours.export",
            "clearance.overall_hours_p90.import",
            "clearance.share_over_target",
        ):
            indicator_card(ctx, registry.indicators()[indicator_id], period, chosen, provisional)
if stages_tab.open:
    with stages_tab:
        for dimension, frame, title in (
            ("customs_code", by_port, "clearance.stages_by_port"),
            ("transport_mode", by_mode, "clearance.stages_by_mode"),
        ):
            views.stage_breakdown(ctx, frame, dimension, title, data.clearance_summary(ctx.url, ctx.version, None, (dimension,), then))
if compare_tab.open:
    with compare_tab:
        views.distribution(ctx, data.overall_hours_histogram(ctx.url, ctx.version, 2.0, filters), 2.0, 72.0)
        for flag in [split] if split else ["is_aeo", "is_inspected", "is_advance_declaration"]:
            by = ("direction", flag)
            views.comparison(
                ctx,
                data.clearance_summary(ctx.url, ctx.version, None, by, filters),
                flag,
                data.clearance_summary(ctx.url, ctx.version, None, by, then),
            )
        views.release_heatmap(ctx, data.release_heatmap(ctx.url, ctx.version, filters))
