"""China–Europe train and TIR aggregates (measure 11).

Trains and TIR transports belong to the period of their departure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from loaders.contracts.rail_train import TABLE as RAIL
from loaders.contracts.tir_trip import TABLE as TIR
from loaders.queries.common import date_range, group_columns, grouped, one_of, quantile, run

RAIL_DIMENSIONS = ("direction", "border_crossing", "destination_city", "destination_country", "service", "origin_station")
TIR_DIMENSIONS = ("exit_port", "destination_city", "destination_country")
# the columns rail_summary and tir_summary return beside period and `by`
RAIL_METRICS = ("trains", "teu", "tonnes", "value_cny")
TIR_METRICS = ("trips", "vehicles", "tonnes", "value_cny", "open_cases", "transit_days_median")


@dataclass(frozen=True)
class RouteFilter:
    start: dt.date | None = None
    end: dt.date | None = None
    directions: tuple[str, ...] = ()
    destination_countries: tuple[str, ...] = ()


def rail_summary(
    bind: Engine | Connection, grain: str | None = "month", by: Sequence[str] = (), filters: RouteFilter = RouteFilter()
) -> pd.DataFrame:
    """One row per period x `by` (direction, border_crossing, destination_city, ...).

    Columns: trains, teu, tonnes, value_cny.
    """
    measures = [
        sa.func.count().label("trains"),
        sa.func.coalesce(sa.func.sum(RAIL.c.teu), 0.0).label("teu"),
        sa.func.coalesce(sa.func.sum(RAIL.c.weight_t), 0.0).label("tonnes"),
        sa.func.coalesce(sa.func.sum(RAIL.c.value_cny), 0.0).label("value_cny"),
    ]
    conditions = [
        *date_range(RAIL.c.departed_at, filters.start, filters.end),
        *one_of(RAIL.c.direction, filters.directions),
        *one_of(RAIL.c.destination_country, filters.destination_countries),
    ]
    return run(bind, grouped(RAIL, RAIL.c.departed_at, grain, group_columns(RAIL, by, RAIL_DIMENSIONS), measures, conditions))


def tir_summary(
    bind: Engine | Connection, grain: str | None = "month", by: Sequence[str] = (), filters: RouteFilter = RouteFilter()
) -> pd.DataFrame:
    """One row per period x `by` (exit_port, destination_city, destination_country).

    Columns: trips, vehicles, tonnes, value_cny, open_cases (trips not yet arrived: the slowest
    ones), transit_days_median (arrived trips only).
    """
    measures = [
        sa.func.count().label("trips"),
        sa.func.coalesce(sa.func.sum(TIR.c.vehicles), 0).label("vehicles"),
        sa.func.coalesce(sa.func.sum(TIR.c.weight_t), 0.0).label("tonnes"),
        sa.func.coalesce(sa.func.sum(TIR.c.value_cny), 0.0).label("value_cny"),
        sa.func.count().filter(TIR.c.arrived_at.is_(None)).label("open_cases"),
        quantile(TIR.c.transit_days, 0.5).label("transit_days_median"),
    ]
    conditions = [
        *date_range(TIR.c.departed_at, filters.start, filters.end),
        *one_of(TIR.c.destination_country, filters.destination_countries),
    ]
    return run(bind, grouped(TIR, TIR.c.departed_at, grain, group_columns(TIR, by, TIR_DIMENSIONS), measures, conditions))
