"""One function that turns an indicator's query spec (from datasets/indicators.yaml) into values.

A spec is either {records: {dataset, metric, filters?, target_hours?}}: a column of one of the
record aggregates, or {series: {series, scope, aggregation}}: a monthly indicator series (its whole-month
rows only) rolled up to the requested grain (last value for stocks, sum for flows, mean for averages).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import pandas as pd
from sqlalchemy.engine import Connection, Engine

from loaders.queries.catalog import RECORD_QUERIES, check_filter_keys
from loaders.queries.indicator_series import monthly_series

_PANDAS_FREQ = {"day": "D", "week": "W-MON", "month": "MS", "quarter": "QS", "year": "YS"}


def record_filters(
    dataset: str, start: dt.date | None, end: dt.date | None, fixed: Mapping[str, Any] | None = None, **chosen: Any
) -> object:
    """The dataset's filter dataclass from the viewer's choices and the spec's fixed filters.

    A key the dataset's query does not take raises UnknownFilter (a typo would otherwise filter nothing)."""
    check_filter_keys(dataset, [*chosen, *dict(fixed or {})])
    values = {key: v for key, v in chosen.items() if v not in (None, ())}
    # the indicator's own definition (e.g. imports only) wins over the viewer's choice
    values.update({key: tuple(v) if isinstance(v, list) else v for key, v in dict(fixed or {}).items()})
    return RECORD_QUERIES[dataset].filter_type(start=start, end=end, **values)


def indicator_values(
    bind: Engine | Connection,
    query: Mapping[str, Any],
    grain: str | None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    as_of: dt.datetime | None = None,
    **chosen: Any,
) -> pd.DataFrame:
    """Columns: period (absent when grain is None), value, and open_cases for a duration indicator
    (cases started in the period and still open at the data's end, `as_of`). One row per period with data."""
    if "records" in query:
        spec = query["records"]
        record_query = RECORD_QUERIES[spec["dataset"]]
        filters = record_filters(spec["dataset"], start, end, spec.get("filters"), **chosen)
        extra: dict[str, Any] = {"target_hours": spec["target_hours"]} if "target_hours" in spec else {}
        if record_query.takes_as_of:
            extra["as_of"] = as_of
        frame = record_query.function(bind, grain=grain, filters=filters, **extra)
        columns = (["period"] if grain else []) + [spec["metric"]]
        if record_query.is_duration(spec["metric"]):
            columns.append("open_cases")
        return frame[columns].rename(columns={spec["metric"]: "value"})
    spec = query["series"]
    frame = monthly_series(bind, spec["series"], spec["scope"], start, end)  # never a published total or level
    return _roll_up(frame, grain, spec.get("aggregation", "last"))


def _roll_up(frame: pd.DataFrame, grain: str | None, aggregation: str) -> pd.DataFrame:
    """Monthly series -> the requested grain, in pandas: these are a few hundred rows at most."""
    if frame.empty:
        return pd.DataFrame({"period": pd.Series(dtype="datetime64[ns]"), "value": pd.Series(dtype="float64")})[
            ["period", "value"] if grain else ["value"]
        ]
    values = frame.sort_values("period_start").set_index("period_start")["value"]
    if grain is None:
        total = {"last": values.iloc[-1], "sum": values.sum(), "mean": values.mean()}[aggregation]
        return pd.DataFrame({"value": [float(total)]})
    rolled: pd.Series = getattr(values.resample(_PANDAS_FREQ.get(grain, "MS")), aggregation)().dropna()
    return rolled.rename_axis("period").reset_index()
