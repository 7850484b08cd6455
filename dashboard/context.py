"""What every page needs first: language, store, and whether the data shown is demo data.

`page_context()` stops the page with a clear message (naming the setting to check) when the
store is missing, unreachable or damaged, so no page ever shows a traceback for that.
`content_context()` is for pages whose content is files (the training schedule, presenter mode):
they keep working without the store, and say so only where a part needs it (`store_problem`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa
import streamlit as st

from dashboard import data, i18n, navigation
from loaders.store import engines

LANG_KEY = "lang"


@dataclass(frozen=True)
class PageContext:
    lang: str
    url: str
    version: str
    status: pd.DataFrame
    store_problem: str = ""  # content_context(): why the store could not be read ("" when it could)

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

    def covered_through(self, dataset: str) -> dt.date | None:
        """The last day the dataset's data cover ("数据截至"): what its loads declared, else the day of
        its last record. Every completeness rule (the latest complete period) starts from here."""
        row = self._row(dataset)
        if row is None or "covered_through" not in row or pd.isna(row["covered_through"]):
            return self.last_record(dataset)
        return pd.Timestamp(row["covered_through"]).date()

    def last_record(self, dataset: str) -> dt.date | None:
        row = self._row(dataset)
        return None if row is None or pd.isna(row["last"]) else row["last"].date()

    def first_record(self, dataset: str) -> dt.date | None:
        row = self._row(dataset)
        return None if row is None or pd.isna(row["first"]) else row["first"].date()


def current_language() -> str:
    navigation.ensure_router()
    lang = st.session_state.get(LANG_KEY) or st.query_params.get(LANG_KEY) or i18n.DEFAULT_LANG
    return lang if lang in i18n.LANGS else i18n.DEFAULT_LANG


STATUS_COLUMNS = ("dataset", "rows", "demo_rows", "first", "last", "as_of")


def store_message(lang: str, error: data.StoreError) -> str:
    """One line in the page's language: what is wrong with the store and what to do."""
    shown = _shown_url(error.url)
    if error.kind == "corrupt":
        return i18n.t(lang, "errors.store_corrupt", url=shown, detail=error.detail)
    return i18n.t(lang, "app.db_unavailable", url=shown)


def _shown_url(url: str) -> str:
    return engines.describe(url) if engines.valid_url(url) else engines.DB_URL_ENV


def _read_store(lang: str) -> PageContext:
    """The store's status, or data.StoreError / a message and st.stop() when there is nothing to read."""
    url = data.current_url()
    if not engines.valid_url(url):
        st.error(i18n.t(lang, "errors.db_url_invalid"))
        st.stop()
    if not data.store_exists(url):
        st.warning(i18n.t(lang, "app.store_missing", url=engines.describe(url)))
        st.stop()
    version = data.store_version(url)
    return PageContext(lang, url, version, data.dataset_status(url, version))


def page_context() -> PageContext:
    lang = current_language()
    try:
        ctx = _read_store(lang)
    except data.StoreError as error:
        st.error(store_message(lang, error))
        st.stop()
    _check_content(lang)
    return ctx


def content_context(needs_registry: bool = False) -> PageContext:
    """For pages that show files, not the store: a broken or missing store leaves them working,
    with the reason in `store_problem` for the parts (an indicator slide) that need data.
    `needs_registry`: the page reads the indicator registry, so a broken one stops it with its line."""
    lang = current_language()
    if needs_registry:
        _check_content(lang)
    url = data.current_url()
    empty = pd.DataFrame(columns=list(STATUS_COLUMNS))
    try:
        if not data.store_exists(url):
            return PageContext(lang, url, "", empty, i18n.t(lang, "app.store_missing", url=_shown_url(url)))
        version = data.store_version(url)
        return PageContext(lang, url, version, data.dataset_status(url, version))
    except data.StoreError as error:
        return PageContext(lang, url, "", empty, store_message(lang, error))
    except sa.exc.ArgumentError:
        return PageContext(lang, url, "", empty, i18n.t(lang, "errors.db_url_invalid"))


def _check_content(lang: str) -> None:
    """The indicator registry and the targets file (DASHBOARD_TARGETS_FILE) are read before any
    card: a broken one stops the page with its one line (file, indicator or target, field)."""
    from dashboard import registry, targets
    from loaders.content.registry_schema import RegistryError

    try:
        registry.indicators()
        targets.authority_targets()
    except (RegistryError, targets.TargetsError) as error:
        st.error(i18n.t(lang, "errors.content_file", error=str(error)))
        st.stop()
