"""What a records query in datasets/indicators.yaml may name: for each dataset, the aggregate that
answers it, the metrics (columns) that aggregate returns and the filters it takes.

The app reads the registry through `checked_registry` below, so an unknown
dataset, metric or filter key stops the app at start-up naming the file, indicator and field;
loaders/queries/registry_values.py runs queries through it and refuses an unknown filter key
instead of dropping it. Imports only the record query modules (the series ones read the registry).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from loaders.content import registry_schema
from loaders.content.reader import derive
from loaders.content.registry_schema import RegistryError
from loaders.queries import clearance, fresh_produce, rail, seafood_lab

PERIOD_FIELDS = ("start", "end")  # every filter has them; the card's period sets them, never the registry


@dataclass(frozen=True)
class RecordQuery:
    function: Callable[..., pd.DataFrame]
    filter_type: type
    metrics: tuple[str, ...]
    target_metrics: tuple[str, ...] = ()  # returned only when the spec gives target_hours
    # metrics that summarise durations of closed cases (and shares against a duration target): a
    # period's value is provisional while cases started in it may still be open
    duration_metrics: tuple[str, ...] = ()
    takes_as_of: bool = False  # the function counts open cases older than a target at the data's end

    def is_duration(self, metric: str) -> bool:
        return metric in self.duration_metrics

    def filter_kinds(self) -> dict[str, type]:
        """Filter key -> the kind of value it takes: tuple (a list of codes) or bool (a yes/no flag)."""
        return {f.name: tuple if f.default == () else bool for f in dataclasses.fields(self.filter_type) if f.name not in PERIOD_FIELDS}


RECORD_QUERIES: dict[str, RecordQuery] = {
    "clearance": RecordQuery(
        clearance.clearance_summary,
        clearance.ClearanceFilter,
        clearance.METRICS,
        clearance.TARGET_METRICS,
        duration_metrics=(*(m for m in clearance.METRICS if m.endswith(("_mean", "_median", "_p90"))), *clearance.TARGET_METRICS),
        takes_as_of=True,
    ),
    "fresh_produce": RecordQuery(fresh_produce.fresh_summary, fresh_produce.FreshFilter, fresh_produce.METRICS),
    "seafood_lab": RecordQuery(
        seafood_lab.seafood_summary,
        seafood_lab.SeafoodFilter,
        seafood_lab.METRICS,
        seafood_lab.TARGET_METRICS,
        duration_metrics=(*(m for m in seafood_lab.METRICS if m.endswith(("_median", "_p90"))), *seafood_lab.TARGET_METRICS),
        takes_as_of=True,
    ),
    "rail_train": RecordQuery(rail.rail_summary, rail.RouteFilter, rail.RAIL_METRICS),
    "tir_trip": RecordQuery(rail.tir_summary, rail.RouteFilter, rail.TIR_METRICS, duration_metrics=("transit_days_median",)),
}


class UnknownFilter(ValueError):
    """A filter key the dataset's query does not take (a typo would otherwise filter nothing)."""


def check_filter_keys(dataset: str, keys: Iterable[str]) -> None:
    """Raise UnknownFilter naming every key the dataset's query does not take."""
    known = RECORD_QUERIES[dataset].filter_kinds()
    unknown = sorted(set(keys) - set(known))
    if unknown:
        raise UnknownFilter(f"{dataset}: no filter {', '.join(map(repr, unknown))}; its filters are {', '.join(known)}")


def _check_record_query(spec: dict[str, Any], problem: Callable[[str, str], None]) -> None:
    """A records query names a dataset, a metric its aggregate returns and filters it takes."""
    dataset = spec.get("dataset")
    catalog = RECORD_QUERIES.get(dataset) if isinstance(dataset, str) else None
    if catalog is None:
        problem("query.records.dataset", f"{spec.get('dataset')!r} is not one of {', '.join(RECORD_QUERIES)}")
        return
    metric, has_target = spec.get("metric"), "target_hours" in spec
    if metric in catalog.target_metrics and not has_target:
        problem("query.records.metric", f"{metric} needs target_hours")
    elif metric not in catalog.metrics + catalog.target_metrics:
        problem(
            "query.records.metric",
            f"{metric!r} is not a metric of {spec['dataset']} ({', '.join(catalog.metrics + catalog.target_metrics)})",
        )
    if has_target:
        hours = spec["target_hours"]
        if metric not in catalog.target_metrics:
            problem(
                "query.records.target_hours",
                f"{' or '.join(catalog.target_metrics) or 'no metric'} of {spec['dataset']} takes a target, not {metric}",
            )
        elif not (isinstance(hours, int | float) and not isinstance(hours, bool) and hours > 0):
            problem("query.records.target_hours", "expected a number of hours above 0")
    filters = spec.get("filters", {})
    if not isinstance(filters, dict):
        problem("query.records.filters", "expected a mapping of filter -> value")
        return
    kinds = catalog.filter_kinds()
    for key, value in filters.items():
        kind = kinds.get(key)
        if kind is None:
            problem(f"query.records.filters.{key}", f"not a filter of {spec['dataset']} ({', '.join(kinds)})")
        elif kind is bool and not isinstance(value, bool):
            problem(f"query.records.filters.{key}", "expected true or false")
        elif kind is tuple and not (isinstance(value, list) and value and all(isinstance(v, str) for v in value)):
            problem(f"query.records.filters.{key}", "expected a non-empty list of codes")


def record_query_problems(document: dict[str, Any], file: str) -> list[RegistryError]:
    """Every records query of the registry checked against what the queries can answer."""
    problems: list[RegistryError] = []
    for index, raw in enumerate(document.get("indicators") or []):
        spec = (raw.get("query") or {}).get("records") if isinstance(raw, dict) and isinstance(raw.get("query"), dict) else None
        if not isinstance(spec, dict):
            continue
        label = f"indicator {raw['id']}" if isinstance(raw.get("id"), str) else f"indicator #{index + 1}"

        def problem(field: str, reason: str, label: str = label) -> None:
            problems.append(RegistryError(file, label, field, reason))

        _check_record_query(spec, problem)
    return problems


def _queries_checked(document: dict[str, Any]) -> dict[str, Any]:
    registry_schema.raise_first(list(record_query_problems(document, registry_schema.REGISTRY_PATH.name)))
    return document


def checked_registry(path: Path | None = None) -> dict[str, Any]:
    """The indicator registry, its shape checked (registry_schema.document) and every records query
    checked against this catalog: RegistryError (one line) on the first problem. Checked again only
    when the file changes."""
    return derive(registry_schema.document(path), _queries_checked)
