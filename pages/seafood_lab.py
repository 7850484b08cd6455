"""Chilled seafood lab (measure 7, "air express lane"): turnaround, its transport and testing stages, before and after."""

import dataclasses

import streamlit as st

from dashboard import data, registry
from dashboard.components.card import indicator_card
from dashboard.components.filters import choice_ui, data_period_ui, provisional_ui
from dashboard.components.sections import readable_period, section_tabs
from dashboard.components.shell import empty_state, page_header
from dashboard.context import page_context
from dashboard.markers import chart_markers, windows
from dashboard.models.split_baseline import baseline_year
from dashboard.views import seafood_lab as views
from loaders.queries.seafood_lab import SeafoodFilter

# --- title and filters ---------------------------------------------------------------
ctx = page_context()
page_header(ctx, "page.seafood_lab", "seafood_lab")
st.markdown(ctx.t("seafood.intro"))
period = data_period_ui(ctx, ("seafood_lab",), default_grain="month")
everything = SeafoodFilter()
all_labs = data.seafood_summary(ctx.url, ctx.version, None, ("lab",), everything).sort_values("samples", ascending=False)["lab"]
all_origins = data.seafood_summary(ctx.url, ctx.version, None, ("origin_country",), everything).sort_values("samples", ascending=False)[
    "origin_country"
]
labs = choice_ui(ctx, "lab", "filter.lab", list(all_labs), lambda v: views.name(ctx, "lab", v))
origins = choice_ui(ctx, "origin", "seafood.filter_origin", list(all_origins), lambda v: views.name(ctx, "origin_country", v))
green = views.green_channel_ui(ctx)
provisional = provisional_ui(ctx)

# --- data ----------------------------------------------------------------------------
period = readable_period(ctx, period)  # no chart with more periods than it can show
filters = SeafoodFilter(start=period.start, end=period.end, labs=labs, origins=origins, is_green_channel=green)
totals = data.seafood_summary(ctx.url, ctx.version, period.grain, (), filters)
if totals.empty:
    empty_state(ctx)
    st.stop()
target = views.target_hours()
by_group = {
    dimension: data.seafood_summary(ctx.url, ctx.version, None, (dimension,), filters, target)
    for dimension in ("lab", "product", "origin_country")
}
start, end = baseline_year("seafood.turnaround_hours_median")
then = dataclasses.replace(filters, start=start, end=end)  # each group's own baseline: the same filters over the baseline year
comparison = {
    key: (window, data.seafood_summary(ctx.url, ctx.version, None, (), dataclasses.replace(filters, start=window.start, end=window.end)))
    for key, window in windows("seafood_air_express").items()
}
markers = chart_markers(ctx, period.start, period.end, "seafood_lab")

# --- indicators, stages over time and before/after, breakdowns: one section drawn at a time
chosen = {"labs": labs, "origins": origins, "is_green_channel": green}
indicators_tab, stages_tab, breakdowns_tab = section_tabs(ctx, "seafood", ("sections.indicators", "seafood.stages", "seafood.breakdowns"))
if indicators_tab.open:
    with indicators_tab:
        for indicator_id in (
            "seafood.turnaround_hours_p90",
            "seafood.turnaround_hours_median",
            "seafood.within_target_share",
            "seafood.failure_rate",
        ):
            indicator_card(ctx, registry.indicators()[indicator_id], period, chosen, provisional)
if stages_tab.open:
    with stages_tab:
        left, right = st.columns(2)
        for column, stat in zip((left, right), views.STATS, strict=True):
            with column:
                views.stages_over_time(ctx, totals, stat, period.grain, markers)
        views.before_after(ctx, comparison)
if breakdowns_tab.open:
    with breakdowns_tab:
        for dimension, frame in by_group.items():
            views.breakdown(ctx, frame, dimension, data.seafood_summary(ctx.url, ctx.version, None, (dimension,), then, target))
