"""What a file that leaves the dashboard says about itself: indicator, scope, periods, filters,
unit, source, demo flag, coverage and load time on every row, and a name that says DEMO on demo
data. Drawing-free: the download buttons and chart stamps are in dashboard.components.exports."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from dashboard import i18n
from dashboard.context import PageContext
from loaders.content.reference import display_name, seafood_name
from loaders.contracts.vocab import DIRECTION
from loaders.safe_csv import csv_bytes

# Charts that are not registry indicators are named by a file stem whose first word says which
# dataset they draw (rail_views: "rail-by-...", fresh_views: "fresh-..."...).
STEM_DATASETS: dict[str, str | tuple[str, ...]] = {
    "clearance": "clearance", "fresh": "fresh_produce", "seafood": "seafood_lab", "rail": "rail_train", "tir": "tir_trip",
    "ports": ("clearance", "fresh_produce"),  # the ports map: declarations and fresh-produce consignments per place
}  # fmt: skip
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


def dataset_of_stem(file_stem: str) -> str | tuple[str, ...] | None:
    return STEM_DATASETS.get(file_stem.split("-", 1)[0])


def _value_words(ctx: PageContext, key: str, value: object) -> str:
    """One chosen value of a card's filter in words, as the page's filter shows it: 5301 皇岗, 进口..."""
    code = str(value)
    if key == "customs_codes":
        return f"{code} {display_name('customs_code', code, ctx.lang)}"  # as the page's port filter shows it
    if key == "directions":
        return i18n.code_label(ctx.lang, "direction", code) if code in DIRECTION else ctx.t(f"code.rail_direction.{code}")
    if key == "modes":
        return i18n.code_label(ctx.lang, "transport_mode", code)
    if key == "categories":
        return i18n.code_label(ctx.lang, "category", code)
    if key == "ports":
        return display_name("place", code, ctx.lang)
    if key in ("origins", "destination_countries"):
        return display_name("country", code, ctx.lang)
    if key == "labs":
        return seafood_name("labs", code, ctx.lang)
    if key == "is_green_channel":
        return ctx.t("code.flag_true" if value else "code.flag_false")
    return code


# a card's filter -> the label its page gives it
FILTER_LABELS = {
    "customs_codes": "filter.ports", "directions": "filter.direction", "modes": "filter.mode", "categories": "filter.category",
    "ports": "fresh.filter_ports", "origins": "seafood.filter_origin", "destination_countries": "rail.country", "labs": "filter.lab",
}  # fmt: skip
SCOPE_FILTERS = ("customs_codes", "ports", "labs")  # filters that narrow the places (or labs) a figure covers: its scope


def filter_words(ctx: PageContext, chosen: tuple[tuple[str, object], ...]) -> str:
    """A card's filters in words, as its page names them: "关区/口岸：5301 皇岗；运输方式：航空运输"."""
    parts = []
    for key, value in chosen:
        values = value if isinstance(value, tuple) else (value,)
        label = i18n.code_label(ctx.lang, "flag", key) if key == "is_green_channel" else ctx.t(FILTER_LABELS.get(key, key))
        if key == "directions" and not set(map(str, values)) <= set(DIRECTION):  # a train goes out or comes back
            label = ctx.t("filter.rail_direction")
        words = ("、" if i18n.is_chinese(ctx.lang) else ", ").join(_value_words(ctx, key, v) for v in values)
        parts.append(ctx.t("app.label_value", label=label, value=words))
    return ("；" if i18n.is_chinese(ctx.lang) else "; ").join(parts) or ctx.t("exports.csv.no_filters")


def scope_words(ctx: PageContext, scope: str, chosen: tuple[tuple[str, object], ...]) -> str:
    """The scope as filtered: "5301 皇岗（深圳海关关区内）" when a card is narrowed to places or labs;
    the indicator's own scope otherwise."""
    narrowed = [(key, value) for key, value in chosen if key in SCOPE_FILTERS]
    if not narrowed:
        return scope
    joiner = "、" if i18n.is_chinese(ctx.lang) else ", "
    places = joiner.join(_value_words(ctx, key, v) for key, value in narrowed for v in (value if isinstance(value, tuple) else (value,)))
    return ctx.t("exports.scope_narrowed", places=places, scope=scope)


def about_line(ctx: PageContext, scope: str, periods: str) -> str:
    """ "范围：… · 期间：…": the scope and periods a saved chart covers, written under it."""
    parts = [ctx.t("app.label_value", label=ctx.t("exports.csv.scope"), value=scope)]
    if periods:
        parts.append(ctx.t("app.label_value", label=ctx.t("exports.csv.periods"), value=periods))
    return " · ".join(parts)


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
