"""Building blocks shared by the aggregate queries: periods, filters, percentiles, shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from loaders.constants import GRAINS


def period_column(column: sa.ColumnElement[Any], grain: str) -> sa.ColumnElement[Any]:
    """Start date of the period a timestamp falls in; one expression reused in SELECT and GROUP BY."""
    if grain not in GRAINS:
        raise ValueError(f"grain must be one of {GRAINS}, not {grain!r}")
    return sa.cast(sa.func.date_trunc(grain, column), sa.Date).label("period")


def quantile(column: sa.ColumnElement[Any], fraction: float) -> sa.ColumnElement[Any]:
    """Continuous percentile; the same SQL on DuckDB and PostgreSQL."""
    return sa.func.percentile_cont(fraction).within_group(column)


QUANTILE_SUFFIX = "__median_p90"


def median_and_p90(column: sa.ColumnElement[Any], stem: str) -> sa.ColumnElement[Any]:
    """Median and P90 in one ordered-set aggregate (one sort instead of two): about 40% less time
    and memory on the full clearance aggregate. `run` splits it into stem_median and stem_p90."""
    fractions = sa.literal([0.5, 0.9], type_=sa.ARRAY(sa.Double))
    return sa.func.percentile_cont(fractions).within_group(column).label(stem + QUANTILE_SUFFIX)


def _split_quantiles(frame: pd.DataFrame) -> pd.DataFrame:
    columns: dict[str, object] = {}
    for name in frame.columns:
        if not name.endswith(QUANTILE_SUFFIX):
            columns[name] = frame[name]
            continue
        stem = name.removesuffix(QUANTILE_SUFFIX)
        pairs = [(v[0], v[1]) if v is not None else (None, None) for v in frame[name]]
        columns[f"{stem}_median"] = pd.Series([p[0] for p in pairs], index=frame.index, dtype="float64")
        columns[f"{stem}_p90"] = pd.Series([p[1] for p in pairs], index=frame.index, dtype="float64")
    return pd.DataFrame(columns, index=frame.index)


def share(condition: sa.ColumnElement[Any], among: sa.ColumnElement[Any] | None = None) -> sa.ColumnElement[Any]:
    """Fraction of rows meeting `condition`, counting only rows where `among` holds (NULL if none)."""
    hit = sa.case((condition, 1.0), else_=0.0)
    if among is None:
        return sa.func.avg(hit)
    return sa.func.avg(sa.case((among, hit), else_=sa.null()))


def open_past(
    ended: sa.ColumnElement[Any], started: sa.ColumnElement[Any], hours: float, as_of: dt.datetime | None
) -> sa.ColumnElement[Any]:
    """A case still open at `as_of` (no `ended` time) that started more than `hours` before it: its
    duration is known to exceed `hours`. False for every row when `as_of` is not given."""
    if as_of is None:
        return sa.false()
    return sa.and_(ended.is_(None), started < as_of - dt.timedelta(hours=hours))


def date_range(column: sa.ColumnElement[Any], start: dt.date | None, end: dt.date | None) -> list[sa.ColumnElement[Any]]:
    """Conditions for start <= column < end + 1 day (end inclusive, as people read a date range)."""
    conditions = []
    if start is not None:
        conditions.append(column >= dt.datetime.combine(start, dt.time()))
    if end is not None:
        conditions.append(column < dt.datetime.combine(end + dt.timedelta(days=1), dt.time()))
    return conditions


def one_of(column: sa.ColumnElement[Any], values: Iterable[str] | None) -> list[sa.ColumnElement[Any]]:
    values = tuple(values or ())
    return [column.in_(values)] if values else []


def flag(column: sa.ColumnElement[Any], value: bool | None) -> list[sa.ColumnElement[Any]]:
    return [] if value is None else [column.is_(value)]


def group_columns(table: sa.Table, by: Sequence[str], allowed: Sequence[str]) -> list[sa.ColumnElement[Any]]:
    unknown = [name for name in by if name not in allowed]
    if unknown:
        raise ValueError(f"cannot group by {unknown}; allowed: {list(allowed)}")
    return [table.c[name] for name in by]


def run(bind: Engine | Connection, statement: sa.Select[*tuple[Any, ...]] | sa.CompoundSelect[*tuple[Any, ...]]) -> pd.DataFrame:
    """Execute and return a frame; results only, never raw records."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return run(conn, statement)
    result = bind.execute(statement)
    frame = _split_quantiles(pd.DataFrame(result.all(), columns=list(result.keys())))
    for column in frame.columns:
        if column == "period":
            frame[column] = pd.to_datetime(frame[column])
        elif frame[column].dtype == object and _numeric_or_empty(frame[column]):
            frame[column] = pd.to_numeric(frame[column]).astype("float64")
    return frame


def _numeric_or_empty(values: pd.Series) -> bool:
    """Aggregates over empty groups come back as None; Decimal from PostgreSQL sums too."""
    present = values.dropna()
    return all(isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in present)


def grouped(
    table: sa.Table,
    time_column: sa.ColumnElement[Any],
    grain: str | None,
    dims: Sequence[sa.ColumnElement[Any]],
    measures: Sequence[sa.ColumnElement[Any]],
    conditions: Sequence[sa.ColumnElement[Any]],
) -> sa.Select[*tuple[Any, ...]]:
    """SELECT [period,] dims..., measures... WHERE conditions GROUP BY period, dims ORDER BY them."""
    keys: list[sa.ColumnElement[Any]] = [*([period_column(time_column, grain)] if grain else []), *dims]
    statement = sa.select(*keys, *measures).select_from(table).where(*conditions)
    if keys:
        return statement.group_by(*keys).order_by(*keys)
    # a total over no rows is no row (as with keys), not one row of 0 and NULLs
    return statement.having(sa.func.count() > 0)
