"""Cached data access: the only home of st.cache_*.

Every cached query takes the store's version (the DuckDB file's change time, or the last load
on PostgreSQL) as its first argument, so a finished load invalidates what pages show.
"""

from __future__ import annotations

import os

import pandas as pd
import sqlalchemy as sa
import streamlit as st
from sqlalchemy.engine import Engine

from loaders import store
from loaders.queries import overview

CACHE_TTL_SECONDS = 600


@st.cache_resource(show_spinner=False)
def engine(url: str) -> Engine:
    return store.read_engine(url)


def current_url() -> str:
    return store.database_url()


def store_version(url: str) -> str:
    """Cheap fingerprint of the store's content; changes whenever a load finishes."""
    if store.is_duckdb(url):
        path = store.duckdb_path(url)
        return str(os.stat(path).st_mtime_ns) if path.exists() else "missing"
    with engine(url).connect() as conn:
        return str(conn.execute(sa.select(sa.func.max(store.load_log.c.finished_at))).scalar())


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def dataset_status(url: str, version: str) -> pd.DataFrame:
    return overview.dataset_status(engine(url))


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def load_history(url: str, version: str) -> pd.DataFrame:
    return overview.load_history(engine(url))
