"""The indicator registry (datasets/indicators.yaml) as typed objects. No Streamlit here.

Reading and the schema check live in loaders/content/registry_schema.py (the loaders need the known ids and
scopes too); this module turns the checked document into dataclasses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from loaders.constants import LANGS
from loaders.content import registry_schema
from loaders.content.reader import ContentError, derive, load_content, mapping
from loaders.content.registry_schema import STOCKS
from loaders.paths import DATASETS_DIR
from loaders.queries.catalog import RECORD_QUERIES, checked_registry


@dataclass(frozen=True)
class Baseline:
    """From data: the baseline year [start, end]; a period is compared with the same calendar days
    of that year. Quoted: a level at `start` (= end), with its source."""

    value: float | None  # quoted value; None when computed from the store
    start: dt.date
    end: dt.date
    producer: dict[str, str] | None
    url: str | None
    date_accessed: dt.date | None
    qualifier: str | None = None  # a quoted value's more_than (a lower bound: nothing is judged against it) or about

    @property
    def from_data(self) -> bool:
        return self.value is None

    @property
    def is_lower_bound(self) -> bool:
        """Quoted as "more than" (400余家): the level was at least this, so no value can be judged
        better or worse than it."""
        return self.qualifier == "more_than"


@dataclass(frozen=True)
class Indicator:
    id: str
    title: dict[str, str]
    definition: dict[str, str]
    unit: str
    decimals: int
    better: Literal["lower", "higher", "none"]
    measures: tuple[int, ...]
    statistic: str
    scope: str
    period_basis: str
    grains: tuple[str, ...]
    related: tuple[str, ...]
    title_any_scope: dict[str, str] | None  # the name without our scope in it (for other scopes' figures)
    query: dict[str, Any]
    baseline: Baseline | None
    frequency: str
    headline: bool

    @property
    def dataset(self) -> str:
        """The record dataset behind it, or 'indicator_series'."""
        return self.query["records"]["dataset"] if "records" in self.query else "indicator_series"

    @property
    def maturity_days(self) -> int | None:
        """For a duration (or a share against a duration target): the days after a period's end
        before its cases have all ended (datasets/indicators.yaml, maturity); None otherwise."""
        if "records" not in self.query or not RECORD_QUERIES[self.dataset].is_duration(self.query["records"]["metric"]):
            return None
        return registry_schema.maturity_days(self.dataset)

    @property
    def is_stock(self) -> bool:
        """A level at a date (firms certified, lines in operation): comparable at any grain."""
        return self.statistic in STOCKS


def _baseline(raw: dict[str, Any] | None) -> Baseline | None:
    if not raw:
        return None
    if "from_data" in raw:
        window = raw["from_data"]
        return Baseline(None, window["start"], window["end"], None, None, None)
    source = raw["source"]
    return Baseline(
        float(raw["value"]), raw["date"], raw["date"], source["producer"], source.get("url"), source["date_accessed"], raw.get("qualifier")
    )


def indicators() -> dict[str, Indicator]:
    """Every indicator by id, typed (built again when indicators.yaml changes)."""
    return derive(checked_registry(), _indicators)


def _indicators(document: dict[str, Any]) -> dict[str, Indicator]:
    out: dict[str, Indicator] = {}
    for raw in document["indicators"]:
        out[raw["id"]] = Indicator(
            id=raw["id"],
            title=raw["title"],
            definition=raw["definition"],
            unit=raw["unit"],
            decimals=int(raw["decimals"]),
            better=raw["better"],
            measures=tuple(raw["measures"]),
            statistic=raw["statistic"],
            scope=raw["scope"],
            period_basis=raw["period_basis"],
            grains=tuple(raw["grains"]),
            related=tuple(raw.get("related") or ()),
            title_any_scope=raw.get("title_any_scope"),
            query=raw["query"],
            baseline=_baseline(raw.get("baseline")),
            frequency=raw["frequency"],
            headline=bool(raw.get("headline", False)),
        )
    return out


def names(vocabulary: str) -> dict[str, dict[str, str]]:
    """code -> name in three languages, for `scopes`, `statistics` or `period_bases`."""
    return registry_schema.document()[vocabulary]


def _published_only(indicator_id: str) -> dict[str, Any] | None:
    return next((raw for raw in registry_schema.document().get("published_only") or [] if raw["id"] == indicator_id), None)


def title_of(indicator_id: str, scope: str | None = None) -> dict[str, str] | None:
    """The title of a registry or published-only id (None when unknown); for a figure of another
    scope than the indicator's, its scope-free name when the registry gives one."""
    if indicator_id in indicators():
        indicator = indicators()[indicator_id]
        return indicator.title_any_scope if scope not in (None, indicator.scope) and indicator.title_any_scope else indicator.title
    raw = _published_only(indicator_id)
    return raw["title"] if raw else None


def statistic_of(indicator_id: str) -> str | None:
    """What a registry or published-only id measures (median, total, ...); None when unknown."""
    if indicator_id in indicators():
        return indicators()[indicator_id].statistic
    raw = _published_only(indicator_id)
    return raw["statistic"] if raw else None


def for_measure(number: int) -> list[Indicator]:
    return [i for i in indicators().values() if number in i.measures]


def headline() -> list[Indicator]:
    return [i for i in indicators().values() if i.headline]


PUBLISHERS_PATH = DATASETS_DIR / "reference" / "publishers.yaml"


def publishers_schema(document: Any, file: str) -> dict[str, dict[str, str]]:
    """publisher as written in published_figures.csv -> its name in zh_hans, en and zh_hant."""
    out: dict[str, dict[str, str]] = {}
    for written, names in mapping(document or {}, file).items():
        names = mapping(names, file, f"publisher {written}")
        for lang in LANGS:
            if not isinstance(names.get(lang), str) or not names[lang].strip():
                raise ContentError(file, f"publisher {written}", lang, "missing or empty")
        out[str(written)] = {lang: names[lang] for lang in LANGS}
    return out


def _publishers() -> dict[str, dict[str, str]]:
    return load_content(PUBLISHERS_PATH, publishers_schema)


def publisher_name(written: str) -> dict[str, str]:
    """A publisher of a published figure in three languages (datasets/reference/publishers.yaml);
    as written when it is not listed."""
    return _publishers().get(str(written)) or dict.fromkeys(LANGS, str(written))
