"""Chilled seafood lab aggregates (measure 7).

Samples belong to the period they were taken. Turnaround = sampled -> report; transport =
sampled -> received by the lab; testing = received -> report; hours, over reported samples.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from loaders.contracts.seafood_lab import TABLE as T
from loaders.queries.common import date_range, flag, group_columns, grouped, median_and_p90, one_of, open_past, run, share

DIMENSIONS = ("lab", "product", "origin_country", "is_green_channel")
HOURS = ("turnaround_hours", "transport_hours", "testing_hours")
# the columns seafood_summary returns beside period and `by` (TARGET_METRICS only when given target_hours)
METRICS = ("samples", "reported", "open_cases", *(f"{h}_{stat}" for h in HOURS for stat in ("median", "p90")), "failure_rate")
TARGET_METRICS = ("within_target_share",)


@dataclass(frozen=True)
class SeafoodFilter:
    start: dt.date | None = None
    end: dt.date | None = None
    labs: tuple[str, ...] = ()
    products: tuple[str, ...] = ()
    origins: tuple[str, ...] = ()
    is_green_channel: bool | None = None

    def conditions(self) -> list[sa.ColumnElement[Any]]:
        return [
            *date_range(T.c.sampled_at, self.start, self.end),
            *one_of(T.c.lab, self.labs),
            *one_of(T.c.product, self.products),
            *one_of(T.c.origin_country, self.origins),
            *flag(T.c.is_green_channel, self.is_green_channel),
        ]


def seafood_summary(
    bind: Engine | Connection,
    grain: str | None = "month",
    by: Sequence[str] = (),
    filters: SeafoodFilter = SeafoodFilter(),
    target_hours: float | None = None,
    as_of: dt.datetime | None = None,
) -> pd.DataFrame:
    """One row per period x `by` (lab, product, origin_country, is_green_channel).

    Columns: samples, reported, open_cases (samples with no report yet: the slowest ones),
    turnaround/transport/testing _median and _p90 (hours, reported samples), within_target_share
    (when target_hours is given: of the samples whose turnaround against the target is known —
    reported ones, and pending ones already older than the target at `as_of` — those within it),
    failure_rate (failed / reported).
    """
    reported = T.c.reported_at.is_not(None)
    measures: list[sa.ColumnElement[Any]] = [
        sa.func.count().label("samples"),
        sa.func.count(T.c.reported_at).label("reported"),
        sa.func.count().filter(T.c.reported_at.is_(None)).label("open_cases"),
    ]
    for name in HOURS:
        stem = name.removesuffix("_hours")
        hours = sa.case((reported, T.c[name]))  # reported samples only: a pending one has a transport time
        measures.append(median_and_p90(hours, f"{stem}_hours"))
    if target_hours is not None:
        late = open_past(T.c.reported_at, T.c.sampled_at, target_hours, as_of)
        measures.append(share(T.c.turnaround_hours <= target_hours, among=sa.or_(reported, late)).label("within_target_share"))
    measures.append(share(T.c.result == "fail", among=reported).label("failure_rate"))
    return run(bind, grouped(T, T.c.sampled_at, grain, group_columns(T, by, DIMENSIONS), measures, filters.conditions()))
