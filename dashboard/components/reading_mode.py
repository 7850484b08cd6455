"""The larger-type reading mode (适老化) and the phone layout of the public pages: all their CSS
lives here.

Reading mode is a sidebar switch kept in the URL (?read=large), so a shared link or a reload keeps
it: bigger type and spacing, one column, and no information only a mouse can reach (a widget's
help tooltip is shown as text by the components that know it, see `is_on`).

At every width link labels wrap instead of being cut, the language switch fits one row and a tile's
title reads as the link it is. The phone rules apply below 640 px:
tap targets are at least 44 px high, and parts marked
desktop-only (a QR code per training session) give way to their phone alternative.
"""

from __future__ import annotations

import streamlit as st

from dashboard import i18n
from dashboard.components.filters import keep_in_url, url_values

READ_PARAM = "read"
LARGE = "large"
TOGGLE_KEY = "reading-mode"  # widget key; the URL carries ?read=large

PHONE_BREAKPOINT_PX = 640
MIN_TAP_PX = 44

# Everyone, every width: link labels and expander titles wrap (Streamlit cuts them to one line).
# Below the breakpoint: 44 px tap targets, a compact language switch, desktop-only parts hidden.
PHONE_CSS = f"""<style>
[data-testid="stPageLink"] a, [data-testid="stPageLink"] a *,
[data-testid="stExpander"] summary, [data-testid="stExpander"] summary * {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; height: auto !important; }}
[data-testid="stPageLink"] a {{ align-items: flex-start; }}
[class*="st-key-phone-only"] {{ display: none; }}
[data-testid="stSidebarUserContent"] [data-testid="stButtonGroup"] > div {{ flex-wrap: nowrap; }}
[data-testid="stSidebarUserContent"] [data-testid="stButtonGroup"] button {{
  padding-left: 0.5rem; padding-right: 0.5rem; white-space: nowrap; flex: 1 1 auto; }}
[data-testid="stSelectbox"] [data-baseweb="select"] > div > div:first-child,
[data-testid="stSelectbox"] [data-baseweb="select"] > div > div:first-child * {{
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; height: auto !important; }}
[class*="st-key-tile-"] [data-testid="stPageLink"] a span {{ text-decoration: underline; text-underline-offset: 0.2em; }}
@media (max-width: {PHONE_BREAKPOINT_PX}px) {{
  [data-testid="stPageLink"] a, [data-testid="stBaseButton-secondary"], [data-testid="stBaseButton-primary"],
  [data-testid="stBaseLinkButton-secondary"], [data-testid="stBaseLinkButton-primary"], [data-testid="stDownloadButton"] button,
  [data-testid="stExpander"] summary, [data-testid="stMarkdownContainer"] a, [data-testid="stSidebarNav"] a,
  [data-baseweb="tab"] {{ min-height: {MIN_TAP_PX}px; }}
  [data-testid="stMarkdownContainer"] a {{ display: inline-block; line-height: {MIN_TAP_PX}px; }}
  [data-testid="stSidebarUserContent"] [data-testid="stButtonGroup"] button {{ min-height: {MIN_TAP_PX}px; }}
  [class*="st-key-desktop-only"] {{ display: none !important; }}
  [class*="st-key-phone-only"] {{ display: block; }}
}}
</style>"""

# Reading mode: larger type and spacing (the menu, tables and choice buttons too); columns stacked into one; help text shown, not hovered.
READING_CSS = """<style>
.stMain [data-testid="stMarkdownContainer"] p, .stMain [data-testid="stMarkdownContainer"] li,
.stMain [data-testid="stPageLink"] a span, .stMain [data-testid="stWidgetLabel"] p {
  font-size: 1.3rem !important; line-height: 1.8 !important; }
.stMain [data-testid="stCaptionContainer"], .stMain [data-testid="stCaptionContainer"] p {
  font-size: 1.15rem !important; line-height: 1.8 !important; }
.stMain [data-testid="stMetricValue"], .stMain [data-testid="stMetricValue"] p { font-size: 2.8rem !important; line-height: 1.3 !important; }
.stMain h1 { font-size: 2.8rem; } .stMain h2 { font-size: 2.1rem; } .stMain h3 { font-size: 1.75rem; }
.stMain [data-testid="stMarkdownContainer"] p, .stMain [data-testid="stMarkdownContainer"] li { margin-bottom: 0.6em; }
.stMain [data-testid="stVerticalBlock"] { gap: 1.4rem; }
.stMainBlockContainer { max-width: 56rem; }
.stMainBlockContainer [data-testid="stHorizontalBlock"] { flex-direction: column !important; flex-wrap: wrap !important; }
.stMainBlockContainer [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {
  width: 100% !important; flex: 1 1 100% !important; min-width: 100% !important; }
.stMain button, .stMain [data-testid="stPageLink"] a { min-height: 48px; }
/* the menu, its switches and labels, tables, choice buttons and expanders grow too, not only the body */
[data-testid="stSidebar"] [data-testid="stSidebarNav"] a span, [data-testid="stSidebar"] [data-testid="stWidgetLabel"] p,
[data-testid="stSidebar"] [data-testid="stMarkdownContainer"] p, [data-testid="stSidebar"] button p,
[data-testid="stSidebarNav"] header, [data-testid="stExpandSidebarButton"]::after {
  font-size: 1.25rem !important; line-height: 1.6 !important; }
.stMain [data-testid="stTable"] td, .stMain [data-testid="stTable"] th, .stMain [data-testid="stButtonGroup"] button p,
.stMain [data-testid="stPopover"] button p, .stMain [data-testid="stExpander"] summary p, .stMain [data-testid="stAlert"] p {
  font-size: 1.2rem !important; line-height: 1.6 !important; }
</style>"""


def is_on() -> bool:
    """Whether reading mode is on in this run (the switch's state, else the URL)."""
    if TOGGLE_KEY in st.session_state:
        return bool(st.session_state[TOGGLE_KEY])
    return LARGE in url_values(READ_PARAM)


def url_params() -> dict[str, str]:
    """What a link to another page adds so that reading mode carries over."""
    return {READ_PARAM: LARGE} if is_on() else {}


def reading_ui(lang: str) -> bool:
    """The sidebar switch (under the language switch), its URL parameter and the page's CSS."""
    if TOGGLE_KEY not in st.session_state:
        st.session_state[TOGGLE_KEY] = LARGE in url_values(READ_PARAM)
    else:
        st.session_state[TOGGLE_KEY] = st.session_state[TOGGLE_KEY]  # keep it across page switches
    on = st.sidebar.toggle(i18n.t(lang, "reading_mode.switch"), key=TOGGLE_KEY)
    keep_in_url(READ_PARAM, LARGE if on else "", "")
    st.sidebar.html(PHONE_CSS + (READING_CSS if on else ""))
    return on
