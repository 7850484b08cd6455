"""Page sections: a page draws its first screen fast and the rest when asked.

- section_tabs: a page's sections as tabs whose content runs only when the tab is open
  (Streamlit 1.67 `st.tabs(on_change="rerun")`: switching reruns the script, whose data is
  cached, and hidden tabs send nothing to the browser). Browsers draw a handful of charts at a
  time instead of a dozen. The open tab travels in the URL as a code (?tab=clearance_stages,
  the first tab left out), so a shared link reopens it, in any language.
- readable_period: no time chart with more periods than it can show; a grain too fine for the
  range is drawn at the next coarser one (dashboard.components.charts.readable_grain), and the
  page says so.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from dashboard.components import charts
from dashboard.components.filters import keep_in_url, unknown_url_values, url_values
from dashboard.context import PageContext
from dashboard.periods import Period


def section_key(page: str) -> str:
    """The session-state key of a page's section tabs (its value is the open tab's label)."""
    return f"section-{page}"


TAB_PARAM = "tab"


def tab_code(label_key: str) -> str:
    """A section's code in the URL: its label's key without the file part ("sections.clearance_stages" -> "clearance_stages")."""
    return label_key.rsplit(".", 1)[-1]


def section_tabs(ctx: PageContext, page: str, label_keys: Sequence[str]) -> Sequence:
    """One tab per section; each tab's `.open` says whether to draw it. The link's tab (?tab=<code>)
    opens first, else the first tab; the open tab is written back to the URL.

    A label from another language (the viewer switched language) is not one of the tabs: the URL's
    tab opens again, in the new language."""
    key = section_key(page)
    labels = [ctx.t(label_key) for label_key in label_keys]
    codes = [tab_code(label_key) for label_key in label_keys]
    if st.session_state.get(key) not in (None, *labels):
        del st.session_state[key]
    if key not in st.session_state:
        wanted = url_values(TAB_PARAM)
        unknown_url_values(TAB_PARAM, [code for code in wanted if code not in codes])
        known = [code for code in wanted if code in codes]
        if known:
            st.session_state[key] = labels[codes.index(known[0])]
    tabs = st.tabs(labels, key=key, on_change="rerun")
    keep_in_url(TAB_PARAM, next((code for code, tab in zip(codes, tabs, strict=True) if tab.open), codes[0]), codes[0])
    return tabs


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
