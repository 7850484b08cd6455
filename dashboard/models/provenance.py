"""What a file that leaves the dashboard says about itself: indicator, scope, periods, filters,
unit, source, demo flag, coverage and load time on every row, and a name that says DEMO on demo
data. Drawing-free: the download buttons and chart stamps are in dashboard.components.exports."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from dashboard.context import PageContext
from loaders.safe_csv import csv_bytes

# Charts that are not registry indicators are named by a file stem whose first word says which
# dataset they draw (rail_views: "rail-by-...", fresh_views: "fresh-..."...).
STEM_DATASETS = {"clearance": "clearance", "fresh": "fresh_produce", "seafood": "seafood_lab", "rail": "rail_train", "tir": "tir_trip"}
URL_KEYS_NOT_FILTERS = ("lang", "present", "slide", "session", "measure")


@dataclass(frozen=True)
class Provenance:
    indicator: str
    scope: str
    periods: str
    filters: str
    unit: str
    source: str
    is_demo: bool
    covered_through: dt.date | None
    loaded_at: dt.datetime | None


def dataset_of_stem(file_stem: str) -> str | None:
    return STEM_DATASETS.get(file_stem.split("-", 1)[0])


def url_filters(ctx: PageContext, params: dict[str, list[str]]) -> str:
    """The view's filters as the URL carries them (canonical codes): from=2024-01-01; ports=5301,5320."""
    parts = [f"{key}={','.join(values)}" for key, values in sorted(params.items()) if key not in URL_KEYS_NOT_FILTERS and values]
    return "; ".join(parts) or ctx.t("exports.csv.no_filters")


def chosen_filters(ctx: PageContext, chosen: tuple[tuple[str, object], ...]) -> str:
    parts = [f"{key}={','.join(map(str, value)) if isinstance(value, tuple) else value}" for key, value in chosen]
    return "; ".join(parts) or ctx.t("exports.csv.no_filters")


def with_provenance(ctx: PageContext, table: pd.DataFrame, provenance: Provenance) -> pd.DataFrame:
    """The table shown, followed by one column per provenance field, repeated on every row (a
    row cut out of the file keeps them)."""
    fields = {
        "indicator": provenance.indicator,
        "scope": provenance.scope,
        "periods": provenance.periods,
        "filters": provenance.filters,
        "unit": provenance.unit,
        "source": provenance.source,
        "demo": ctx.t("exports.csv.yes_demo") if provenance.is_demo else ctx.t("exports.csv.no_demo"),
        "covered_through": provenance.covered_through.isoformat() if provenance.covered_through else "",
        "loaded_at": provenance.loaded_at.strftime("%Y-%m-%d %H:%M") if provenance.loaded_at else "",
    }
    out = table.copy()
    for name, value in fields.items():
        out[ctx.t(f"exports.csv.{name}")] = value
    return out


def provenance_csv(ctx: PageContext, table: pd.DataFrame, provenance: Provenance) -> bytes:
    """UTF-8 with BOM, formula prefixes neutralised (loaders.safe_csv), provenance on every row."""
    return csv_bytes(with_provenance(ctx, table, provenance))


def file_name(stem: str, is_demo: bool, lang: str) -> str:
    """A download's name says DEMO when it holds demo data."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-")
    return "_".join(part for part in (slug, "DEMO" if is_demo else "", lang) if part)
