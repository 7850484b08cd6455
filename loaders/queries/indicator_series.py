"""Indicator series: published figures and the monthly series of measures without records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from loaders.contracts.indicator_series import TABLE as T
from loaders.queries.common import one_of, run
from loaders.store.tables import existing_columns


def indicator_series(
    bind: Engine | Connection,
    indicator_ids: Sequence[str] = (),
    scopes: Sequence[str] = (),
    start: dt.date | None = None,
    end: dt.date | None = None,
    is_demo: bool | None = None,
) -> pd.DataFrame:
    """One row per indicator, scope and period (periods overlapping [start, end]), oldest first.

    Columns: indicator_id, scope, period_start, period_end, value, unit, source, source_url,
    confidence, qualifier, note, is_demo. A store written before the contract had a qualifier
    (and not loaded into since) gives it empty.
    """
    conditions = [*one_of(T.c.indicator_id, indicator_ids), *one_of(T.c.scope, scopes)]
    if start is not None:
        conditions.append(T.c.period_end >= start)
    if end is not None:
        conditions.append(T.c.period_start <= end)
    if is_demo is not None:
        conditions.append(T.c.is_demo.is_(is_demo))
    stored = existing_columns(bind, T.name)
    columns = [c if c.name in stored else sa.null().label(c.name) for c in T.columns if c.name != "load_id"]
    statement = sa.select(*columns).where(*conditions).order_by(T.c.indicator_id, T.c.scope, T.c.period_start, T.c.period_end)
    frame = run(bind, statement)
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def whole_months(frame: pd.DataFrame) -> pd.Series:
    """Rows covering exactly one calendar month (the 1st to its last day)."""
    if frame.empty:
        return pd.Series(False, index=frame.index, dtype=bool)
    whole: pd.Series = (frame["period_start"].dt.day == 1) & (frame["period_end"] == frame["period_start"] + pd.offsets.MonthEnd(0))
    return whole


def monthly_series(
    bind: Engine | Connection, indicator_id: str, scope: str, start: dt.date | None = None, end: dt.date | None = None
) -> pd.DataFrame:
    """The points of one monthly series: its rows that cover one whole calendar month.

    A published figure of the same indicator and scope over another period (a year's total, a
    level on 13 June) is not a point of the series: it is kept out here, so no sum, mean or
    "latest" ever mixes it in (a 2023 total beside the 2023 months would count 2023 twice).
    """
    frame = indicator_series(bind, [indicator_id], [scope], start, end)
    return frame[whole_months(frame)].reset_index(drop=True)
