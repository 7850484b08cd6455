"""Accessibility fixes the app applies to its own content (WCAG 2.1 AA), and text alternatives
for charts.

`a11y_styles()` (called by the router on every run): text contrast of at least 4.5:1 and a visible
keyboard focus on every link and button. `chart_summary()` puts a one-line, visually hidden
description before a chart for screen readers (the chart's name and what its line shows); the
table tab next to it has every number.
"""

from __future__ import annotations

import html
import json

import pandas as pd
import streamlit as st

from dashboard import i18n
from dashboard.context import PageContext

CAPTION_GREY = "#595959"  # 7.0:1 on white, 6.2:1 on Streamlit's grey panels (Streamlit's own caption grey is 3.9:1)
SR_ONLY = "a11y-sr-only"  # text for screen readers only
FOCUS_BLUE = "#1f5fbf"  # 6.1:1 on white: the outline itself meets the 3:1 of WCAG 2.1 1.4.11

A11Y_CSS = f"""<style>
/* Captions (as-of lines, "vs previous period", QR notes) at >= 4.5:1: Streamlit draws them in the
   text colour at 60 % opacity (3.9:1); a solid grey instead. */
[data-testid="stCaptionContainer"] {{ opacity: 1 !important; color: {CAPTION_GREY} !important; }}
/* Headings go h1 (the page) -> h2 (its sections and cards) -> h3 (parts of a section), never
   skipping a level (WCAG 1.3.1; axe heading-order); a section heading looks as Streamlit's h3 did. */
[data-testid="stMain"] h2 {{ font-size: 1.75rem !important; }}
[data-testid="stMain"] h3 {{ font-size: 1.375rem !important; }}
[data-testid="stSidebar"] h2 {{ font-size: 1.125rem !important; }}
/* Visible keyboard focus on every link, button and tab (Streamlit draws none on some). */
a:focus-visible, button:focus-visible, [role="tab"]:focus-visible, [role="button"]:focus-visible, summary:focus-visible,
[tabindex]:focus-visible {{
  outline: 3px solid {FOCUS_BLUE} !important; outline-offset: 2px !important;
}}
/* Phones: tables and code wrap instead of scrolling sideways (WCAG 1.4.10 reflow); a region that
   only scrolls cannot be reached by keyboard (axe: scrollable-region-focusable). */
@media (max-width: 640px) {{
  [data-testid="stTable"] th, [data-testid="stTable"] td {{ white-space: normal !important; overflow-wrap: anywhere; }}
  /* ... and a table becomes stacked cards: one card per row, each value under its column's name
     (the script below copies the header into each cell's data-label). */
  [data-testid="stTable"] table, [data-testid="stTable"] tbody, [data-testid="stTable"] tr {{ display: block; width: 100%; }}
  [data-testid="stTable"] thead {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }}
  [data-testid="stTable"] tr {{ border: 1px solid #d9d9d9; border-radius: 0.5rem; margin-bottom: 0.75rem; padding: 0.25rem 0.5rem; }}
  [data-testid="stTable"] td {{ display: block; border: 0 !important; padding: 0.25rem 0 !important; text-align: left !important; }}
  [data-testid="stTable"] td[data-label]::before {{ content: attr(data-label); display: block; font-weight: 600; color: {CAPTION_GREY}; font-size: 0.875em; }}
  [data-testid="stCode"] pre, [data-testid="stCode"] code {{ white-space: pre-wrap !important; overflow-wrap: anywhere; }}
}}
/* Screen-reader-only text (chart summaries): no pixels, and its element takes no room (an
   absolutely placed box makes no gap in Streamlit's flex column). */
.{SR_ONLY}, [data-testid="stElementContainer"]:has(> [data-testid="stHtml"] > .{SR_ONLY}) {{
  position: absolute !important; width: 1px !important; height: 1px !important; margin: 0 !important; padding: 0 !important;
  overflow: hidden !important; clip-path: inset(50%) !important; white-space: nowrap !important; border: 0 !important;
}}
</style>"""


# A table or code block wider than a phone scrolls sideways inside its box; keyboard users can only
# scroll what can take the focus (axe: scrollable-region-focusable, WCAG 2.1.1). Streamlit's
# st.table and st.code boxes cannot be given a tabindex from Python: this script, installed once
# per browser tab, gives one to each such box that actually scrolls (and watches for new ones).
# It also writes each table cell's column name into its data-label, which a phone shows above the
# value when the table becomes stacked cards (A11Y_CSS).
# Its element hides itself, like the identity script's.
A11Y_SCRIPT = """<style>[data-testid="stElementContainer"]:has(script[data-a11y-regions]) { display: none; }</style>
<script data-a11y-regions>
(() => {
  if (window.dashboardA11yRegions) return;
  window.dashboardA11yRegions = true;
  let queued = false;
  const mark = () => {
    queued = false;
    for (const box of document.querySelectorAll('[data-testid="stTable"] > div, [data-testid="stCode"] pre')) {
      const scrolls = box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1;
      if (scrolls && !box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0");
    }
    for (const table of document.querySelectorAll('[data-testid="stTable"] table')) {
      const names = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
      for (const row of table.querySelectorAll('tbody tr')) {
        [...row.children].forEach((cell, i) => {
          if (names[i] && cell.getAttribute("data-label") !== names[i]) cell.setAttribute("data-label", names[i]);
        });
      }
    }
  };
  const soon = () => { if (!queued) { queued = true; requestAnimationFrame(mark); } };
  new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  window.addEventListener("resize", soon);
  soon();
})();
</script>"""


def a11y_styles() -> None:
    """The CSS (no room taken) and the scrollable-region script, once per run (the router)."""
    st.html(A11Y_CSS)
    st.html(A11Y_SCRIPT, unsafe_allow_javascript=True)


# Streamlit's own controls speak English whatever the page's language: the menu button is an
# unlabelled "»" named "Expand sidebar", the skip link says "Skip to main content", a select's
# button "Open", a heading's anchor "Link to heading", a help icon "Help for …", an icon in Markdown "call icon". This script, given the words of the page's language on each run, names them in it
# and writes the menu button's name next to its icon; it watches for the controls Streamlit draws again.
# (No "<" in the script's text, comments included: Streamlit drops a script holding what looks like a tag.)
STREAMLIT_WORDS_SCRIPT = """<style>[data-testid="stElementContainer"]:has(script[data-streamlit-words]) { display: none; }
[data-testid="stExpandSidebarButton"]::after { content: attr(data-label); margin-left: 0.25rem; font-size: 1rem; color: #31333f; }
[data-testid="stExpandSidebarButton"] { width: auto !important; padding: 0 0.5rem !important; }</style>
<script data-streamlit-words>
(() => {
  window.dashboardWords = WORDS;
  const name = () => {
    const words = window.dashboardWords;
    const label = (selector, text, visible) => document.querySelectorAll(selector).forEach(el => {
      if (el.getAttribute("aria-label") !== text) el.setAttribute("aria-label", text);
      if (visible && el.getAttribute("data-label") !== text) el.setAttribute("data-label", text);
    });
    label('[data-testid="stExpandSidebarButton"]', words.menu_open, true);
    label('[data-testid="stSidebarCollapseButton"] button', words.menu_close, false);
    label('button[aria-haspopup="listbox"][aria-label]', words.open_list, false);
    label('[data-testid="stSidebar"]', words.sidebar, false);
    label('nav[data-testid="stSidebarNav"]', words.pages, false);
    label('a[aria-label="Link to heading"], a[data-heading-link]', words.heading_link, false);
    document.querySelectorAll('a[aria-label="' + words.heading_link + '"]').forEach(el => el.setAttribute("data-heading-link", ""));
    document.querySelectorAll('button[aria-label^="Help for "]').forEach(el => {
      el.setAttribute("aria-label", words.help.replace("{label}", el.getAttribute("aria-label").slice(9)));
    });
    // a Material icon in Markdown (":material/call:") is named "call icon": decoration beside its words, hidden instead
    document.querySelectorAll('[aria-label$=" icon"]').forEach(el => {
      if (/^[a-z0-9_]+ icon$/.test(el.getAttribute("aria-label"))) {
        el.removeAttribute("aria-label");
        el.removeAttribute("role");
        el.setAttribute("aria-hidden", "true");
      }
    });
    // the tables', charts' and selects' own labels, tooltips and placeholders (Streamlit's and Plotly's English)
    for (const attribute of ["aria-label", "data-title", "title", "placeholder"]) {
      document.querySelectorAll("[" + attribute + "]").forEach(el => {
        const own = words.labels[el.getAttribute(attribute)];
        if (own !== undefined) el.setAttribute(attribute, own);
      });
    }
    document.querySelectorAll('[aria-label^="Fullscreen: "]').forEach(el => {  // the toolbar of an image or map: "Fullscreen: its name"
      el.setAttribute("aria-label", words.fullscreen.replace("{label}", el.getAttribute("aria-label").slice(12)));
    });
    document.querySelectorAll('a[data-testid="stSkipToContent"]').forEach(el => {
      if (el.textContent !== words.skip) el.textContent = words.skip;
    });
  };
  if (!window.dashboardWordsObserver) {
    let queued = false;
    window.dashboardWordsObserver = new MutationObserver(() => {
      if (!queued) { queued = true; requestAnimationFrame(() => { queued = false; name(); }); }
    });
    window.dashboardWordsObserver.observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["aria-label", "data-title", "title", "placeholder"] });
  }
  name();
})();
</script>"""


def streamlit_words(lang: str) -> None:
    """Name Streamlit's own controls (menu button, skip link, a select's button) in `lang`, once per run (the router)."""
    keys = ("menu_open", "menu_close", "open_list", "skip", "sidebar", "pages", "heading_link", "help", "fullscreen")
    words: dict[str, object] = {key: i18n.t(lang, f"a11y.streamlit.{key}") for key in keys}
    originals, own = i18n.strings("en")["a11y.streamlit.labels"], i18n.strings(lang)["a11y.streamlit.labels"]
    words["labels"] = {english: word for english, word in zip(originals, own, strict=True) if english != word}
    st.html(STREAMLIT_WORDS_SCRIPT.replace("WORDS", json.dumps(words)), unsafe_allow_javascript=True)


def _summary(ctx: PageContext, frame: pd.DataFrame, x: str, y: str, unit: str, decimals: int, grain: str | None) -> str:
    """ "24 periods from Jan 2024 to Dec 2025; latest 5.2 h (Dec 2025); lowest 4.8 h, highest 9.1 h."
    for a series over time; the row count and the table tab for any other frame."""
    if frame.empty:
        return ctx.t("app.empty")
    if x not in frame or y not in frame or not pd.api.types.is_numeric_dtype(frame[y]):
        return ctx.t("a11y.chart_rows", count=len(frame), table=ctx.t("card.table"))
    rows = frame.dropna(subset=[y]).sort_values(x)
    if rows.empty:
        return ctx.t("app.empty")

    def when(value) -> str:
        return i18n.format_period(pd.Timestamp(value), grain, ctx.lang)

    def amount(value) -> str:
        return i18n.format_value(float(value), unit, decimals, ctx.lang) if unit else i18n.format_number(float(value), decimals, ctx.lang)

    return ctx.t(
        "a11y.chart_series",
        count=len(rows),
        first=when(rows[x].iloc[0]),
        last=when(rows[x].iloc[-1]),
        latest=amount(rows[y].iloc[-1]),
        low=amount(rows[y].min()),
        high=amount(rows[y].max()),
    )


def chart_summary(
    ctx: PageContext,
    title: str,
    frame: pd.DataFrame,
    x: str = "period",
    y: str = "value",
    unit: str = "",
    decimals: int = 1,
    grain: str | None = None,
) -> str:
    """Put, just before the chart drawn next, a visually hidden line naming it and saying what it
    shows (screen readers read it; it takes no room). `frame` is what the chart draws: a series
    `x` (periods) -> `y` (values in `unit`, a registry unit such as "hours" or "share") gets its
    span, latest, lowest and highest value; any other frame its row count. Returns the text."""
    text = ctx.t("a11y.chart", title=title.strip(), summary=_summary(ctx, frame, x, y, unit, decimals, grain))
    st.html(f'<p class="{SR_ONLY}" role="note">{html.escape(text)}</p>')
    return text
