"""What every page needs first: language, store, and whether the data shown is demo data.

`page_context()` stops the page with a clear message (naming the setting to check) when the
store is missing or unreachable, so no page ever shows a traceback for that.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from dashboard import data, i18n
from loaders import store

LANG_KEY = "lang"


@dataclass(frozen=True)
class PageContext:
    lang: str
    url: str
    version: str
    status: pd.DataFrame

    def t(self, key: str, **values: Any) -> str:
        return i18n.t(self.lang, key, **values)

    def pick(self, texts: dict[str, str]) -> str:
        return i18n.pick(self.lang, texts)

    def _row(self, dataset: str) -> pd.Series | None:
        rows = self.status[self.status["dataset"] == dataset]
        return None if rows.empty else rows.iloc[0]

    def is_demo(self, dataset: str) -> bool:
        row = self._row(dataset)
        return bool(row is not None and row["demo_rows"] > 0)

    def as_of(self, dataset: str) -> dt.datetime | None:
        row = self._row(dataset)
        return None if row is None or pd.isna(row["as_of"]) else row["as_of"].to_pydatetime()

    def last_record(self, dataset: str) -> dt.date | None:
        row = self._row(dataset)
        return None if row is None or pd.isna(row["last"]) else row["last"].date()

    def first_record(self, dataset: str) -> dt.date | None:
        row = self._row(dataset)
        return None if row is None or pd.isna(row["first"]) else row["first"].date()


def _ensure_router() -> None:
    """Make sure the page runs inside streamlit_app.py's navigation.

    Streamlit still has a legacy mode for apps with a pages/ folder beside the entry script: until
    the entry script has called st.navigation once, a first request for /clearance on a fresh
    server runs pages/clearance.py on its own, without the router (no language switch, file-name
    menu). Leave that mode and rerun, which runs the router and then this page.
    """
    from streamlit.runtime.pages_manager import PagesManager  # internal; pinned streamlit version

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def current_language() -> str:
    _ensure_router()
    lang = st.session_state.get(LANG_KEY) or st.query_params.get(LANG_KEY) or i18n.DEFAULT_LANG
    return lang if lang in i18n.LANGS else i18n.DEFAULT_LANG


def page_context() -> PageContext:
    lang = current_language()
    url = data.current_url()
    shown_url = store.describe(url)
    try:
        if not store.exists(url):
            st.warning(i18n.t(lang, "app.store_missing", url=shown_url))
            st.stop()
        version = data.store_version(url)
        status = data.dataset_status(url, version)
    except sa.exc.SQLAlchemyError:
        st.error(i18n.t(lang, "app.db_unavailable", url=shown_url))
        st.stop()
    _check_content(lang)
    return PageContext(lang, url, version, status)


def _check_content(lang: str) -> None:
    """The indicator registry and the targets file (DASHBOARD_TARGETS_FILE) are read before any
    card: a broken one stops the page with its one line (file, indicator or target, field)."""
    from dashboard import registry, targets

    try:
        registry.indicators()
        targets.authority_targets()
    except (registry.RegistryError, targets.TargetsError) as error:
        st.error(i18n.t(lang, "semantics.content_error", error=str(error)))
        st.stop()
