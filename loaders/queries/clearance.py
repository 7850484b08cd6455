"""Clearance time aggregates (WCO Time Release Study method).

Definitions: overall time = arrival (运抵) -> release (放行); stages: arrival -> declaration
(0 when declared in advance), declaration -> release (from the later of arrival and declaration),
release -> exit (提离). Durations are in hours. Declarations belong to the period of their arrival.
Durations are summarised over released declarations; `declarations` counts all of them and
`open_cases` those not released when the data end (the slowest ones: a period holding some is
provisional). The share over a target counts an open declaration already older than the target at
the data's end (`as_of`) as over it: it is known to be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from loaders.constants import CLEARANCE_DURATIONS
from loaders.contracts.clearance import TABLE as T
from loaders.queries.common import date_range, flag, group_columns, grouped, median_and_p90, one_of, open_past, run, share

DIMENSIONS = ("customs_code", "direction", "transport_mode", "is_aeo", "is_inspected", "is_advance_declaration", "is_two_step")
# the columns clearance_summary returns beside period and `by` (TARGET_METRICS only when given target_hours)
METRICS = (
    "declarations",
    "released",
    "open_cases",
    "advance_share",
    *(f"{s}_{stat}" for s in CLEARANCE_DURATIONS for stat in ("mean", "median", "p90")),
)
TARGET_METRICS = ("share_over_target",)


@dataclass(frozen=True)
class ClearanceFilter:
    start: dt.date | None = None
    end: dt.date | None = None
    customs_codes: tuple[str, ...] = ()
    directions: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    is_aeo: bool | None = None
    is_inspected: bool | None = None
    is_advance_declaration: bool | None = None

    def conditions(self) -> list[sa.ColumnElement[Any]]:
        return [
            *date_range(T.c.arrived_at, self.start, self.end),
            *one_of(T.c.customs_code, self.customs_codes),
            *one_of(T.c.direction, self.directions),
            *one_of(T.c.transport_mode, self.modes),
            *flag(T.c.is_aeo, self.is_aeo),
            *flag(T.c.is_inspected, self.is_inspected),
            *flag(T.c.is_advance_declaration, self.is_advance_declaration),
        ]


def clearance_summary(
    bind: Engine | Connection,
    grain: str | None = "month",
    by: Sequence[str] = (),
    filters: ClearanceFilter = ClearanceFilter(),
    target_hours: float | None = None,
    as_of: dt.datetime | None = None,
) -> pd.DataFrame:
    """One row per period x `by` dimensions (any of DIMENSIONS, e.g. a split by is_aeo).

    Columns: declarations, released, open_cases (not released), advance_share; for each duration s
    in CLEARANCE_DURATIONS: s_mean, s_median, s_p90 (hours, released declarations only);
    share_over_target when a target is given: of the declarations whose time against the target is
    known — released ones, and open ones already older than target_hours at `as_of` (the end of
    the data's coverage) — those over it.
    """
    released = T.c.released_at.is_not(None)
    measures: list[sa.ColumnElement[Any]] = [
        sa.func.count().label("declarations"),
        sa.func.count(T.c.released_at).label("released"),
        sa.func.count().filter(T.c.released_at.is_(None)).label("open_cases"),
        share(T.c.is_advance_declaration.is_(True)).label("advance_share"),
    ]
    for stage in CLEARANCE_DURATIONS:
        # released declarations only: an unreleased one still has an arrival -> declaration time
        hours = sa.case((released, T.c[stage]))
        measures += [
            sa.func.avg(hours).label(f"{stage}_mean"),
            median_and_p90(hours, stage),
        ]
    if target_hours is not None:
        over = open_past(T.c.released_at, T.c.arrived_at, target_hours, as_of)
        measures.append(share(sa.or_(T.c.overall_hours > target_hours, over), among=sa.or_(released, over)).label("share_over_target"))
    statement = grouped(T, T.c.arrived_at, grain, group_columns(T, by, DIMENSIONS), measures, filters.conditions())
    return run(bind, statement)


def release_heatmap(bind: Engine | Connection, filters: ClearanceFilter = ClearanceFilter()) -> pd.DataFrame:
    """One row per ISO weekday (1 = Monday) x hour of release (0-23): releases."""
    weekday = sa.cast(sa.func.extract("isodow", T.c.released_at), sa.Integer).label("weekday")
    hour = sa.cast(sa.func.extract("hour", T.c.released_at), sa.Integer).label("hour")
    statement = (
        sa.select(weekday, hour, sa.func.count().label("releases"))
        .where(T.c.released_at.is_not(None), *filters.conditions())
        .group_by(weekday, hour)
        .order_by(weekday, hour)
    )
    return run(bind, statement)


def overall_hours_histogram(
    bind: Engine | Connection, bin_hours: float, filters: ClearanceFilter = ClearanceFilter(), by: Sequence[str] = ()
) -> pd.DataFrame:
    """One row per bin of overall time (bin_start_hours = lower edge) x `by`: declarations.

    Binning runs in the database so the long tail is visible without loading records.
    """
    bin_start = (sa.func.floor(T.c.overall_hours / bin_hours) * bin_hours).label("bin_start_hours")
    dims = group_columns(T, by, DIMENSIONS)
    statement = (
        sa.select(*dims, bin_start, sa.func.count().label("declarations"))
        .where(T.c.overall_hours.is_not(None), *filters.conditions())
        .group_by(*dims, bin_start)
        .order_by(*dims, bin_start)
    )
    return run(bind, statement)
