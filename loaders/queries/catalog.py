"""What a records query in datasets/indicators.yaml may name: for each dataset, the aggregate that
answers it, the metrics (columns) that aggregate returns and the filters it takes.

The registry is checked against this when it loads (loaders/registry_schema.py), so an unknown
dataset, metric or filter key stops the app at start-up naming the file, indicator and field;
loaders/queries/registry_values.py runs queries through it and refuses an unknown filter key
instead of dropping it. Imports only the record query modules (the series ones read the registry).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pandas as pd

from loaders.queries import clearance, fresh_produce, rail, seafood_lab

PERIOD_FIELDS = ("start", "end")  # every filter has them; the card's period sets them, never the registry


@dataclass(frozen=True)
class RecordQuery:
    function: Callable[..., pd.DataFrame]
    filter_type: type
    metrics: tuple[str, ...]
    target_metrics: tuple[str, ...] = ()  # returned only when the spec gives target_hours

    def filter_kinds(self) -> dict[str, type]:
        """Filter key -> the kind of value it takes: tuple (a list of codes) or bool (a yes/no flag)."""
        return {f.name: tuple if f.default == () else bool for f in dataclasses.fields(self.filter_type) if f.name not in PERIOD_FIELDS}


RECORD_QUERIES: dict[str, RecordQuery] = {
    "clearance": RecordQuery(clearance.clearance_summary, clearance.ClearanceFilter, clearance.METRICS, clearance.TARGET_METRICS),
    "fresh_produce": RecordQuery(fresh_produce.fresh_summary, fresh_produce.FreshFilter, fresh_produce.METRICS),
    "seafood_lab": RecordQuery(seafood_lab.seafood_summary, seafood_lab.SeafoodFilter, seafood_lab.METRICS, seafood_lab.TARGET_METRICS),
    "rail_train": RecordQuery(rail.rail_summary, rail.RouteFilter, rail.RAIL_METRICS),
    "tir_trip": RecordQuery(rail.tir_summary, rail.RouteFilter, rail.TIR_METRICS),
}


class UnknownFilter(ValueError):
    """A filter key the dataset's query does not take (a typo would otherwise filter nothing)."""


def check_filter_keys(dataset: str, keys: Iterable[str]) -> None:
    """Raise UnknownFilter naming every key the dataset's query does not take."""
    known = RECORD_QUERIES[dataset].filter_kinds()
    unknown = sorted(set(keys) - set(known))
    if unknown:
        raise UnknownFilter(f"{dataset}: no filter {', '.join(map(repr, unknown))}; its filters are {', '.join(known)}")
