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
from loaders.queries.common import date_range, flag, group_columns, grouped, median_and_p90, one_of, run, share

DIMENSIONS = ("lab", "product", "origin_country", "is_green_channel")
HOURS = ("turnaround_hours", "transport_hours", "testing_hours")
# the columns seafood_summary returns beside period and `by` (TARGET_METRICS only when given target_hours)
METRICS = ("samples", "reported", *(f"{h}_{stat}" for h in HOURS for stat in ("median", "p90")), "failure_rate")
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
) -> pd.DataFrame:
    """One row per period x `by` (lab, product, origin_country, is_green_channel).

    Columns: samples, reported, turnaround/transport/testing _median and _p90 (hours),
    within_target_share (reported samples with turnaround <= target_hours, when given),
    failure_rate (failed / reported).
    """
    reported = T.c.reported_at.is_not(None)
    measures: list[sa.ColumnElement[Any]] = [sa.func.count().label("samples"), sa.func.count(T.c.reported_at).label("reported")]
    for name in HOURS:
        stem = name.removesuffix("_hours")
        hours = sa.case((reported, T.c[name]))  # reported samples only: a pending one has a transport time
        measures.append(median_and_p90(hours, f"{stem}_hours"))
    if target_hours is not None:
        measures.append(share(T.c.turnaround_hours <= target_hours, among=reported).label("within_target_share"))
    measures.append(share(T.c.result == "fail", among=reported).label("failure_rate"))
    return run(bind, grouped(T, T.c.sampled_at, grain, group_columns(T, by, DIMENSIONS), measures, filters.conditions()))
