"""Cached data access: the only home of st.cache_*, and the one list of every cache in the app.

Every store query is declared with `@cached_query`: it takes the store's URL and version (the
DuckDB file's change time, or the last load on PostgreSQL) as its first arguments, so a finished
load invalidates what pages show; filter arguments are frozen dataclasses, which Streamlit hashes
by value.

Every cache in the app, its key, and when an entry goes:

| cache | where | key | an entry goes |
|---|---|---|---|
| store queries | `@cached_query` here (st.cache_data) | url, store version, arguments | after CACHE_TTL_SECONDS (600 s), or when CACHE_ENTRIES (DASHBOARD_CACHE_ENTRIES) newer results push it out; a new store version makes new keys |
| read engine | `engine` here (st.cache_resource) | url, store version | when a third version arrives (2 kept); its connections are closed then |
| built figures | `built_figure` here (st.cache_resource) | url, store version, the figure's key | after 600 s, or past 256 figures |
| QR codes | `qr_png` here (st.cache_data) | address, scale | after 600 s, or past 1,000 codes |
| base map | `land_geojson` here (st.cache_resource) | file name | never (a file shipped with the app) |
| content files | `loaders.content.reader.load_content` (lru_cache, 256) | path, (mtime, size, inode), schema | when the file changes (the next call reads it again) |
| values built from content | `loaders.content.reader.derive` | the build function | when its source (a loaded document) is another object |
| folder listings | `loaders.content.reader.files_in` (lru_cache, 64) | folder, pattern, the folder's stamp | when a file is added, removed or renamed |
| interface strings | `dashboard.i18n` (lru_cache, 8) | the language's files and their stamps | when a strings file changes |
| measures | `dashboard.policies.content` (lru_cache, 4) | the measure files and their stamps | when a measure file changes |
| training schedule | `dashboard.training.schedule` (lru_cache, 4) | sessions.csv and series.yaml with their mtimes | when either file changes |
| reference spellings | `loaders.content.reference` (functools.cache) | none | never: reference files are read once per process |
| script converters, VTIMEZONE | `dashboard.chinese_script`, `dashboard.training.ics` (functools.cache) | config / none | never (no content behind them) |

A store that fails while a page reads it (database down, a DuckDB file with a damaged block) never
reaches the page as a driver traceback with SQL in it: every query here raises `StoreError`, which
says which kind of failure it is; the router turns it into one message in the page's language.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable
from typing import Any, Literal, ParamSpec, TypeVar

import pandas as pd
import sqlalchemy as sa
import streamlit as st
from sqlalchemy.engine import Engine

from dashboard import geo, registry
from loaders import settings
from loaders.queries import clearance, fresh_produce, indicator_series, overview, rail, registry_values, seafood_lab
from loaders.store import engines, tables

CACHE_TTL_SECONDS = 600
# The process's memory bound: each cached query keeps at most this many results (one per distinct
# store version and arguments; least recently used dropped first), read once at start-up. A result
# is an aggregate (tens to a few thousand rows), so 256 x ~12 queries stays within tens of MB.
CACHE_ENTRIES = settings.CACHE_ENTRIES.get()
Params = ParamSpec("Params")
Result = TypeVar("Result")

# What a driver says when the file itself is damaged or is not a DuckDB file at all.
_CORRUPT_MARKERS = ("corrupt database file", "checksum", "not a valid duckdb database file")


class StoreError(RuntimeError):
    """Reading the store failed. `kind` is "corrupt" (the file is damaged: restore or rebuild it) or
    "unavailable" (cannot connect: check DASHBOARD_DB_URL); `detail` is the driver's first line, no SQL."""

    def __init__(self, kind: Literal["corrupt", "unavailable"], url: str, detail: str):
        self.kind, self.url, self.detail = kind, url, detail
        # a setting that is not a URL at all is never echoed (it may hold a password)
        shown = engines.describe(url) if engines.valid_url(url) else engines.DB_URL_ENV
        super().__init__(f"{kind}: {shown}: {detail}")


def store_error(url: str, error: BaseException) -> StoreError:
    """Classify a driver error; the driver's message without the SQL SQLAlchemy appends to it."""
    original = getattr(error, "orig", None) or error
    detail = (str(original).strip().splitlines() or [type(original).__name__])[0][:300]
    kind: Literal["corrupt", "unavailable"] = "corrupt" if any(marker in detail.lower() for marker in _CORRUPT_MARKERS) else "unavailable"
    return StoreError(kind, url, detail)


def _read_errors() -> tuple[type[BaseException], ...]:
    import duckdb  # the engine's own errors, for calls that bypass SQLAlchemy

    return (sa.exc.SQLAlchemyError, duckdb.Error, OSError)


def guarded(func: Callable[Params, Result]) -> Callable[Params, Result]:
    """Turn any read failure of `func(url, ...)` into StoreError (the cache never stores a failure)."""

    @functools.wraps(func)
    def wrapper(*args: Params.args, **kwargs: Params.kwargs) -> Result:
        try:
            return func(*args, **kwargs)
        except _read_errors() as error:
            raise store_error(str(args[0]) if args else str(kwargs.get("url", "")), error) from error

    return wrapper


def cached_query(func: Callable[Params, Result]) -> Callable[Params, Result]:
    """A store query, cached: per (url, store version, arguments), for CACHE_TTL_SECONDS, at most
    CACHE_ENTRIES results; a read failure becomes StoreError and is never cached."""
    return guarded(st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=CACHE_ENTRIES)(func))


@st.cache_resource(show_spinner=False, max_entries=2, on_release=lambda old: old.dispose())
def engine(url: str, version: str) -> Engine:
    """One engine per store version; its pooled connections hold that version's snapshot, and
    are closed when a newer version pushes it out of the cache."""
    return engines.read_engine(url)


def current_url() -> str:
    return engines.database_url()


@guarded
def store_exists(url: str) -> bool:
    """Whether the store has been created (its tables are there)."""
    return engines.exists(url)


@guarded
def store_version(url: str) -> str:
    """Cheap fingerprint of the store's content; changes whenever a load or a retirement finishes."""
    if engines.is_duckdb(url):
        path = engines.duckdb_path(url)
        if not path.exists():
            return "missing"
        wal = path.with_name(path.name + ".wal")  # a commit not yet checkpointed into the file
        return f"{os.stat(path).st_mtime_ns}-{os.stat(wal).st_mtime_ns if wal.exists() else 0}"
    latest = [sa.select(sa.func.max(log.c.finished_at)).scalar_subquery() for log in (tables.load_log, tables.retire_log)]
    with engine(url, "").connect() as conn:
        return "|".join(str(value) for value in conn.execute(sa.select(*latest)).one())


@cached_query
def dataset_status(url: str, version: str) -> pd.DataFrame:
    return overview.dataset_status(engine(url, version))


@cached_query
def load_history(url: str, version: str) -> pd.DataFrame:
    return overview.load_history(engine(url, version))


@guarded
def indicator_frame(
    url: str,
    version: str,
    indicator_id: str,
    grain: str | None,
    start: dt.date | None,
    end: dt.date | None,
    chosen: tuple[tuple[str, Any], ...] = (),
    covered_through: dt.date | None = None,
) -> pd.DataFrame:
    """Values of one registry indicator: columns period (unless grain is None), value and, for a
    duration, open_cases (still open at the end of `covered_through`, the data's last day). Cached
    on the indicator's query as indicators.yaml now states it, so an edited query shows on the next rerun."""
    query = registry.indicators()[indicator_id].query
    return _indicator_frame(url, version, query, grain, start, end, chosen, covered_through)


@cached_query
def _indicator_frame(
    url: str,
    version: str,
    query: dict[str, Any],
    grain: str | None,
    start: dt.date | None,
    end: dt.date | None,
    chosen: tuple[tuple[str, Any], ...],
    covered_through: dt.date | None,
) -> pd.DataFrame:
    as_of = None if covered_through is None else dt.datetime.combine(covered_through + dt.timedelta(days=1), dt.time())
    return registry_values.indicator_values(engine(url, version), query, grain, start, end, as_of, **dict(chosen))


@cached_query
def series(
    url: str, version: str, indicator_ids: tuple[str, ...], scopes: tuple[str, ...] = (), is_demo: bool | None = None
) -> pd.DataFrame:
    return indicator_series.indicator_series(engine(url, version), indicator_ids, scopes, is_demo=is_demo)


@cached_query
def clearance_summary(
    url: str, version: str, grain: str | None, by: tuple[str, ...], filters: clearance.ClearanceFilter, target_hours: float | None = None
) -> pd.DataFrame:
    return clearance.clearance_summary(engine(url, version), grain, by, filters, target_hours)


@cached_query
def release_heatmap(url: str, version: str, filters: clearance.ClearanceFilter) -> pd.DataFrame:
    return clearance.release_heatmap(engine(url, version), filters)


@cached_query
def overall_hours_histogram(
    url: str, version: str, bin_hours: float, filters: clearance.ClearanceFilter, by: tuple[str, ...] = ()
) -> pd.DataFrame:
    return clearance.overall_hours_histogram(engine(url, version), bin_hours, filters, by)


@cached_query
def fresh_summary(url: str, version: str, grain: str | None, by: tuple[str, ...], filters: fresh_produce.FreshFilter) -> pd.DataFrame:
    return fresh_produce.fresh_summary(engine(url, version), grain, by, filters)


@cached_query
def seafood_summary(
    url: str, version: str, grain: str | None, by: tuple[str, ...], filters: seafood_lab.SeafoodFilter, target_hours: float | None = None
) -> pd.DataFrame:
    return seafood_lab.seafood_summary(engine(url, version), grain, by, filters, target_hours)


@cached_query
def rail_summary(url: str, version: str, grain: str | None, by: tuple[str, ...], filters: rail.RouteFilter) -> pd.DataFrame:
    return rail.rail_summary(engine(url, version), grain, by, filters)


@cached_query
def tir_summary(url: str, version: str, grain: str | None, by: tuple[str, ...], filters: rail.RouteFilter) -> pd.DataFrame:
    return rail.tir_summary(engine(url, version), grain, by, filters)


@st.cache_resource(show_spinner=False)
def land_geojson(file_name: str) -> dict[str, Any]:
    """A bundled Natural Earth land GeoJSON from datasets/geo/ (see its README), read once per process.

    Static files, not the store, so no url/version. Shared by every session: callers only serialise it, never mutate it.
    """
    return geo.read_geojson(file_name)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=1000)
def qr_png(page_url: str, scale: int = 4) -> bytes:
    """PNG of a QR code encoding `page_url` (`scale` pixels per module), made locally with segno."""
    from dashboard import training

    return training.qr_png(page_url, scale)


FIGURE_CACHE_ENTRIES = 256  # a page section draws about five; a figure is ~30-100 kB


@st.cache_resource(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=FIGURE_CACHE_ENTRIES)
def built_figure(url: str, version: str, key: tuple, _build: Callable[[], Any]) -> Any:
    """A Plotly figure built by `_build` once per store version and `key` (everything the figure shows
    besides the store: its frames, choices and language). Building and validating one takes Plotly
    0.1-1 s; a cached one goes straight to the browser. Shared by every session: callers never change it."""
    return _build()
