"""Pieces every page shares: the language switch, the page header and the demo-data label."""

from __future__ import annotations

import streamlit as st

from dashboard import i18n, targets
from dashboard.components.filters import keep_in_url, seed_from_url
from dashboard.components.glossary import glossary_row
from dashboard.components.notices import empty_state  # noqa: F401  (pages import it from the shell)
from dashboard.components.reading_mode import reading_ui
from dashboard.context import LANG_KEY, PageContext
from dashboard.policies import glossary


def language_ui() -> str:
    """Sidebar language switch (and the reading-mode switch under it), kept in the URL as a code (?lang=en) so a shared link keeps the language."""
    seed_from_url(LANG_KEY, i18n.LANGS, i18n.DEFAULT_LANG)
    choice = st.sidebar.segmented_control(
        i18n.t(st.session_state[LANG_KEY], "app.language"),
        i18n.LANGS,
        format_func=lambda code: i18n.LANG_NAMES[code],
        key=LANG_KEY,
        required=True,
    )
    lang = choice if choice is not None else i18n.DEFAULT_LANG  # None only without a choice, which seed_from_url has made
    keep_in_url(LANG_KEY, lang, i18n.DEFAULT_LANG)
    reading_ui(lang)  # the larger-type switch sits under the language switch, on every page
    return lang


def demo_label(ctx: PageContext, *datasets: str) -> None:
    """The visible 演示数据 / Demo data notice wherever demo rows are shown."""
    if any(ctx.is_demo(name) for name in datasets):
        st.warning(f"**{ctx.t('app.demo_badge')}** · {ctx.t('app.demo_notice')}", icon=":material/science:")


def as_of_lines(ctx: PageContext, *datasets: str) -> tuple[str, str]:
    """("数据截至 <last day the data cover>", "更新于 <last load>") over the page's datasets; "" when
    none holds data. With several datasets the coverage is the latest of theirs: each card states
    its own."""
    covered = [day for day in (ctx.covered_through(name) for name in datasets) if day]
    loaded = [stamp for stamp in (ctx.as_of(name) for name in datasets) if stamp]
    return (
        ctx.t("as_of.covered_through", date=i18n.format_date(max(covered), ctx.lang)) if covered else "",
        ctx.t("as_of.loaded_at", date=i18n.format_date(max(loaded), ctx.lang)) if loaded else "",
    )


# Numbers and their badges wrap inside narrow tiles (four to a row at 1440 px, one at 390 px)
# instead of being cut off with an ellipsis ("Better than baseline (no t…").
NUMBER_CSS = """<style>
.stMarkdownBadge, .stMarkdownBadge * { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; height: auto !important; max-width: 100%; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { white-space: normal !important; overflow: visible !important;
  text-overflow: clip !important; overflow-wrap: anywhere; }
</style>"""


def number_styles() -> None:
    st.html(NUMBER_CSS)


def page_header(ctx: PageContext, title_key: str, *datasets: str) -> None:
    number_styles()
    st.title(ctx.t(title_key))
    # the terms its cards use, tap to read; "demo target" only where a demo target can show (demo data, no authority file)
    demo_targets = any(ctx.is_demo(d) for d in datasets) and targets.configured_path() is None
    terms = [t for t in glossary.for_page(title_key.removeprefix("page.")) if t.id != "demo_target" or demo_targets]
    glossary_row(ctx, terms, "page")
    demo_label(ctx, *datasets)
    covered, loaded = as_of_lines(ctx, *datasets)
    if covered:
        st.markdown(f":material/event: **{covered}**")
    if loaded or covered:
        st.caption(" · ".join(part for part in (f":small[{loaded}]" if loaded else "", ctx.t("app.share_link")) if part))
