"""Fresh produce to Hong Kong aggregates (measure 6).

Consignments belong to the period of their release at the port (验放). Port pass time =
arrival at the port -> release, minutes, over consignments with both times recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from loaders.contracts.fresh_produce import TABLE as T
from loaders.queries.common import date_range, group_columns, grouped, median_and_p90, one_of, run, share

DIMENSIONS = ("port", "category", "is_precleared_at_base")
# the columns fresh_summary returns beside period and `by`
METRICS = ("consignments", "tonnes", "head", "port_pass_minutes_median", "port_pass_minutes_p90", "precleared_share")


@dataclass(frozen=True)
class FreshFilter:
    start: dt.date | None = None
    end: dt.date | None = None
    ports: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    def conditions(self) -> list[sa.ColumnElement[Any]]:
        return [*date_range(T.c.crossed_at, self.start, self.end), *one_of(T.c.port, self.ports), *one_of(T.c.category, self.categories)]


def fresh_summary(
    bind: Engine | Connection, grain: str | None = "month", by: Sequence[str] = (), filters: FreshFilter = FreshFilter()
) -> pd.DataFrame:
    """One row per period x `by` (port, category, is_precleared_at_base).

    Columns: consignments, tonnes, head (live animals), port_pass_minutes_median,
    port_pass_minutes_p90, precleared_share.
    """
    measures = [
        sa.func.count().label("consignments"),
        sa.func.coalesce(sa.func.sum(T.c.weight_t), 0.0).label("tonnes"),
        sa.func.coalesce(sa.func.sum(T.c.head_count), 0).label("head"),
        median_and_p90(T.c.port_pass_minutes, "port_pass_minutes"),
        share(T.c.is_precleared_at_base.is_(True)).label("precleared_share"),
    ]
    return run(bind, grouped(T, T.c.crossed_at, grain, group_columns(T, by, DIMENSIONS), measures, filters.conditions()))
