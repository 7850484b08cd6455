"""The indicator registry (datasets/indicators.yaml) as typed objects. No Streamlit here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import yaml

from loaders.paths import DATASETS_DIR

REGISTRY_PATH = DATASETS_DIR / "indicators.yaml"
LANGS = ("zh_hans", "en", "zh_hant")


@dataclass(frozen=True)
class Baseline:
    value: float | None  # quoted value; None when computed from the store over [start, end]
    start: dt.date | None
    end: dt.date | None
    period_label: str
    source: dict[str, str] | None
    url: str | None

    @property
    def from_data(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Target:
    value: float
    date: dt.date
    is_demo: bool


@dataclass(frozen=True)
class Indicator:
    id: str
    title: dict[str, str]
    definition: dict[str, str]
    unit: str
    decimals: int
    better: Literal["lower", "higher", "none"]
    measures: tuple[int, ...]
    query: dict[str, Any]
    baseline: Baseline | None
    target: Target | None
    frequency: str
    headline: bool

    @property
    def dataset(self) -> str:
        """The record dataset behind it, or 'indicator_series'."""
        return self.query["records"]["dataset"] if "records" in self.query else "indicator_series"


def _baseline(raw: dict[str, Any] | None) -> Baseline | None:
    if not raw:
        return None
    if "from_data" in raw:
        window = raw["from_data"]
        return Baseline(None, window["start"], window["end"], f"{window['start']}..{window['end']}", None, None)
    return Baseline(float(raw["value"]), None, None, str(raw["period"]), raw.get("source"), raw.get("url"))


def _target(raw: dict[str, Any] | None) -> Target | None:
    if not raw:
        return None
    return Target(float(raw["value"]), raw["date"], raw.get("source") == "demo")


@cache
def _document() -> dict[str, Any]:
    with REGISTRY_PATH.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@cache
def indicators() -> dict[str, Indicator]:
    out: dict[str, Indicator] = {}
    for raw in _document()["indicators"]:
        out[raw["id"]] = Indicator(
            id=raw["id"],
            title=raw["title"],
            definition=raw["definition"],
            unit=raw["unit"],
            decimals=int(raw["decimals"]),
            better=raw["better"],
            measures=tuple(raw["measures"]),
            query=raw["query"],
            baseline=_baseline(raw.get("baseline")),
            target=_target(raw.get("target")),
            frequency=raw["frequency"],
            headline=bool(raw.get("headline", False)),
        )
    return out


def demo_target_source() -> dict[str, str]:
    return _document()["defaults"]["demo_target_source"]


def for_measure(number: int) -> list[Indicator]:
    return [i for i in indicators().values() if number in i.measures]


def headline() -> list[Indicator]:
    return [i for i in indicators().values() if i.headline]
