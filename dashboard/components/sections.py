"""Page sections: a page draws its first screen fast and the rest when asked.

- section_tabs: a page's sections as tabs whose content runs only when the tab is open
  (Streamlit 1.67 `st.tabs(on_change="rerun")`: switching reruns the script, whose data is
  cached, and hidden tabs send nothing to the browser). Browsers draw a handful of charts at a
  time instead of a dozen.
- readable_period: no time chart with more periods than it can show; a grain too fine for the
  range is drawn at the next coarser one (dashboard.components.charts.readable_grain), and the
  page says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.components import charts
from dashboard.context import PageContext
from dashboard.periods import Period


def section_key(page: str) -> str:
    """The session-state key of a page's section tabs (its value is the open tab's label)."""
    return f"section-{page}"


def section_tabs(ctx: PageContext, page: str, label_keys: Sequence[str]) -> Sequence:
    """One tab per section; each tab's `.open` says whether to draw it. The first is open by default.

    A label from another language (the viewer switched language) is not one of the tabs, so the
    first tab opens."""
    key = section_key(page)
    labels = [ctx.t(label_key) for label_key in label_keys]
    if st.session_state.get(key) not in (None, *labels):
        del st.session_state[key]
    return st.tabs(labels, key=key, on_change="rerun")


def readable_period(ctx: PageContext, period: Period) -> Period:
    """`period` at a grain whose periods a chart can show (at most charts.MAX_PERIODS), whole periods
    of that grain; when that is coarser than the chosen grain, a notice names both."""
    grain = charts.readable_grain(period.start, period.end, period.grain)
    if grain == period.grain:
        return period
    st.info(
        ctx.t(
            "sections.grain_coarsened",
            chosen=ctx.t(f"sections.grain_word.{period.grain}"),
            shown=ctx.t(f"sections.grain_word.{grain}"),
            count=charts.period_count(period.start, period.end, period.grain),
            limit=charts.MAX_PERIODS,
        ),
        icon=":material/bar_chart:",
    )
    return Period(period.start, period.end, grain).whole()


def axis_title(ctx: PageContext, grain: str | None) -> str:
    """The x-axis title of a time chart, naming the grain drawn ("By month")."""
    return ctx.t("sections.axis_by", grain=ctx.t(f"sections.grain_word.{grain}")) if grain else ctx.t("card.period")
